// Issue 8, section 3: behind a proxy every reader looked like one network
// (10 comments a minute site-wide, one ban blocking every guest), and
// nothing read X-Forwarded-For. Now trusted_proxies lists the proxies
// whose header is believed; the client is the rightmost address in it that
// is not a trusted proxy, and that address is what comments, rate limits
// and the access log see. A header from any other peer is ignored. Failed
// before: the forged and the real header were both ignored, so the
// comment's network was always 127.0.0.0/24 and two readers behind the
// proxy shared one limit.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { jar, setSetting, sql, token } from '../comments/lib.mjs';
import { startServer } from '../lib/server.mjs';

let plain; // no trusted proxies: headers ignored
let behind; // trusted_proxies=127.0.0.1 (nginx on this machine)
let forwarded; // the same, with proxy_header=forwarded
let logDir;

before(async () => {
  logDir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-proxy-'));
  plain = await startServer();
  behind = await startServer({
    settings: { trusted_proxies: '127.0.0.1, 10.0.0.0/8', access_log: path.join(logDir, 'access.log') },
  });
  forwarded = await startServer({ settings: { trusted_proxies: '127.0.0.1', proxy_header: 'forwarded' } });
  for (const server of [plain, behind, forwarded]) {
    await setSetting(server, 'comment_rate_per_minute', 0);
    await setSetting(server, 'comment_network_rate_per_minute', 0);
  }
});

after(async () => {
  await plain?.stop();
  await behind?.stop();
  await forwarded?.stop();
  await rm(logDir, { recursive: true, force: true });
});

/**
 * Post a guest comment on article 2 of 'server' over a connection from
 * 'localAddress' with the extra request 'headers'; resolves the status.
 */
async function commentFrom(server, localAddress, headers, body = '프록시 뒤의 댓글') {
  const j = jar();
  const data = new URLSearchParams({
    csrf: await token(server, j), body, nickname: '손님', password: 'pass1234',
  }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}/article/2/comments`, {
      method: 'POST',
      localAddress,
      agent: false,
      headers: { cookie: j.header(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
      timeout: 20000,
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(data);
  });
}

/** The network stored with the newest comment of 'server'. */
function lastNetwork(server) {
  return sql(server, 'SELECT network FROM comments ORDER BY id DESC LIMIT 1');
}

test('without trusted_proxies a forged X-Forwarded-For is ignored', async () => {
  assert.equal(await commentFrom(plain, '127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }), 303);
  assert.equal(await lastNetwork(plain), '127.0.0.0/24');
});

test('from a peer that is not a trusted proxy the header is ignored', async () => {
  assert.equal(await commentFrom(behind, '127.0.0.2', { 'x-forwarded-for': '203.0.113.7' }), 303);
  assert.equal(await lastNetwork(behind), '127.0.0.0/24');
});

test('from a trusted proxy the rightmost untrusted address is the client', async () => {
  // The client wrote 6.6.6.6 itself; nginx appended what it saw, then a
  // second trusted hop (10.x) forwarded it.
  assert.equal(await commentFrom(behind, '127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.1.2.3' }), 303);
  assert.equal(await lastNetwork(behind), '203.0.113.0/24');
  assert.equal(await commentFrom(behind, '127.0.0.1', { 'x-forwarded-for': '[2001:db8::7]:4711' }), 303);
  assert.equal(await lastNetwork(behind), '2001:db8::/48');
  // Garbage where the proxy's hop should be: the proxy itself, not a guess.
  assert.equal(await commentFrom(behind, '127.0.0.1', { 'x-forwarded-for': '203.0.113.7, nonsense' }), 303);
  assert.equal(await lastNetwork(behind), '127.0.0.0/24');
});

test('two readers behind the proxy have their own rate limits', async () => {
  await setSetting(behind, 'comment_network_rate_per_minute', 1);
  try {
    assert.equal(await commentFrom(behind, '127.0.0.1', { 'x-forwarded-for': '198.51.100.7' }, '첫 댓글'), 303);
    assert.notEqual(await commentFrom(behind, '127.0.0.1', { 'x-forwarded-for': '198.51.100.8' }, '둘째 댓글'), 303,
      'the same /24 is limited');
    assert.equal(await commentFrom(behind, '127.0.0.1', { 'x-forwarded-for': '192.0.2.9' }, '다른 독자'), 303,
      'another reader behind the same proxy is not');
  } finally {
    await setSetting(behind, 'comment_network_rate_per_minute', 0);
  }
});

test('the access log shows the client, not the proxy', async () => {
  const res = await new Promise((resolve, reject) => {
    http.get(`${behind.url}/robots.txt?proxy-log-check`, {
      localAddress: '127.0.0.1', agent: false, headers: { 'x-forwarded-for': '203.0.113.99' },
    }, (r) => { r.resume(); r.on('end', () => resolve(r.statusCode)); }).on('error', reject);
  });
  assert.equal(res, 200);
  await behind.stop(); // writes out the buffered log
  const log = await readFile(path.join(logDir, 'access.log'), 'utf8');
  const line = log.split('\n').find((l) => l.includes('proxy-log-check'));
  assert.ok(line, 'the request was logged');
  assert.match(line, /^203\.0\.113\.99 - - \[/);
});

test('with proxy_header=forwarded the Forwarded header is read, X-Forwarded-For is not', async () => {
  assert.equal(await commentFrom(forwarded, '127.0.0.1', {
    forwarded: 'for=6.6.6.6, for="[2001:db8:cafe::17]:4711";proto=https', 'x-forwarded-for': '203.0.113.7',
  }), 303);
  assert.equal(await lastNetwork(forwarded), '2001:db8:cafe::/48');
  assert.equal(await commentFrom(forwarded, '127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }), 303);
  assert.equal(await lastNetwork(forwarded), '127.0.0.0/24');
  assert.equal(await commentFrom(forwarded, '127.0.0.2', { forwarded: 'for=203.0.113.7' }), 303);
  assert.equal(await lastNetwork(forwarded), '127.0.0.0/24', 'untrusted peer');
});
