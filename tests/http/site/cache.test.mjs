// The page cache: miss then hit, gzip variant, ETag/Last-Modified and 304,
// Cache-Control for CDNs, tags invalidated by a change (here the operator's
// `sinmun settings set` while the server runs), and cache=off.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import http from 'node:http';
import { get, serverBinary, startServer, ROOT } from '../lib/server.mjs';
import { jar, signUp } from '../comments/lib.mjs';

const run = promisify(execFile);
let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

test('first GET is a miss, the second a hit with the same ETag', async () => {
  const a = await get(server.url + '/section/economy');
  const b = await get(server.url + '/section/economy');
  assert.equal(a.headers['x-cache'], 'miss');
  assert.equal(b.headers['x-cache'], 'hit');
  assert.equal(a.headers.etag, b.headers.etag);
  assert.equal(a.body, b.body);
  assert.match(b.headers['cache-control'], /public/);
  assert.match(b.headers['cache-control'], /s-maxage=\d+/);
  assert.ok(b.headers['last-modified']);
  assert.match(b.headers['surrogate-key'], /section:economy/);
  assert.match(b.headers.vary, /Accept-Encoding/);
});

test('gzip is served when asked, with its own ETag, and unpacks to the page', async () => {
  const plain = await get(server.url + '/article/1');
  const gz = await get(server.url + '/article/1', { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.ok(gz.raw.length < plain.raw.length / 2, `gzip ${gz.raw.length} vs ${plain.raw.length}`);
  assert.equal(gz.body, plain.body);
  assert.notEqual(gz.headers.etag, plain.headers.etag);
});

test('If-None-Match and If-Modified-Since answer 304 with no body', async () => {
  const a = await get(server.url + '/article/1');
  const b = await get(server.url + '/article/1', { headers: { 'if-none-match': a.headers.etag } });
  assert.equal(b.status, 304);
  assert.equal(b.body, '');
  const c = await get(server.url + '/article/1', { headers: { 'if-modified-since': a.headers['last-modified'] } });
  assert.equal(c.status, 304);
  const d = await get(server.url + '/article/1', { headers: { 'if-none-match': '"0000000000000000"' } });
  assert.equal(d.status, 200);
});

test('a settings change drops every cached page within a second', async () => {
  const before1 = await get(server.url + '/article/1');
  await get(server.url + '/article/1');
  const tagline = '변경된 태그라인 <b>&</b>';
  await run(serverBinary(), ['settings', 'set', 'site_tagline', tagline, '--db', server.dbPath], { cwd: ROOT });
  let after1;
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 100));
    after1 = await get(server.url + '/article/1');
    if (after1.body.includes('변경된 태그라인')) break;
  }
  assert.notEqual(after1.headers.etag, before1.headers.etag);
  assert.ok(after1.body.includes('변경된 태그라인 &lt;b&gt;&amp;&lt;/b&gt;'), 'new tagline, escaped');
  // The watcher installs the new settings, then drops the pages once more
  // (a page rendered meanwhile may be one of them): once it has logged
  // that, the page is stored again and the next GET is a hit.
  for (let i = 0; i < 50 && !server.stderr().includes('site reloaded'); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  await get(server.url + '/article/1');
  const again = await get(server.url + '/article/1');
  assert.equal(again.headers['x-cache'], 'hit');
});

test('error pages and /healthz are never cached', async () => {
  const a = await get(server.url + '/nosuch');
  const b = await get(server.url + '/nosuch');
  assert.equal(a.headers['cache-control'], 'no-store');
  assert.equal(b.headers['x-cache'], undefined);
  const h = await get(server.url + '/healthz');
  assert.equal(h.headers['cache-control'], 'no-store');
});

test('an unknown session counts as anonymous and is served from the cache (issue 8)', async () => {
  // Before: any sid cookie bypassed the cache, so garbage made every
  // page (a PDF: 15-40 ms instead of 1-3) render again.
  await get(server.url + '/section/policy');
  for (const sid of ['abc', 'x'.repeat(43), 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
    const res = await get(server.url + '/section/policy', { headers: { cookie: `sid=${sid}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-cache'], 'hit', `sid=${sid}`);
  }
});

test('a signed-in reader is never answered from the shared cache', async () => {
  const member = jar();
  await signUp(server, member, 'cachereader', '캐시독자');
  await get(server.url + '/section/policy');
  const res = await get(server.url + '/section/policy', { headers: { cookie: member.header() } });
  assert.equal(res.status, 200);
  assert.equal(res.headers['x-cache'], undefined);
  assert.match(res.body, /캐시독자/);
});

test('with cache=off every request renders (no X-Cache), still with ETag', async () => {
  const off = await startServer({ settings: { cache: 'off' } });
  try {
    const a = await get(off.url + '/article/1');
    const b = await get(off.url + '/article/1', { headers: { 'if-none-match': a.headers.etag } });
    assert.equal(a.headers['x-cache'], undefined);
    assert.ok(a.headers.etag);
    assert.equal(b.status, 304);
  } finally {
    await off.stop();
  }
});

/** Headers of 'res' without the ones that differ between two sends. */
function stableHeaders(res) {
  const h = { ...res.headers };
  delete h.date;
  delete h['x-cache'];
  return h;
}

// Issue 11: a hit queues the answer built once when the page was stored.
// It must carry exactly what the first (miss) answer carried, in each
// variant, and a 304 the ETag of the variant the client holds.
test('prebuilt hit answers carry the same headers as the first answer, per variant', async () => {
  for (const encoding of [undefined, 'gzip']) {
    const headers = encoding ? { 'accept-encoding': encoding } : {};
    const path = `/section/tech?variant=${encoding ?? 'identity'}`;
    const miss = await get(server.url + path, { headers });
    const hit = await get(server.url + path, { headers });
    assert.equal(miss.headers['x-cache'], 'miss');
    assert.equal(hit.headers['x-cache'], 'hit');
    assert.deepEqual(stableHeaders(hit), stableHeaders(miss), `variant ${encoding}`);
    assert.ok(hit.headers.date, 'Date');
    assert.deepEqual(hit.raw, miss.raw);
    const notModified = await get(server.url + path, { headers: { ...headers, 'if-none-match': hit.headers.etag } });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.raw.length, 0);
    assert.equal(notModified.headers.etag, hit.headers.etag, `304 ETag, variant ${encoding}`);
    assert.equal(notModified.headers['x-cache'], 'hit');
    assert.equal(notModified.headers['cache-control'], hit.headers['cache-control']);
  }
});

// Issue 11: prebuilt answers are shared by every connection sending the
// page; one dropped from the cache (a change) while others still send it
// must stay whole for them (run under ASan: a use after free stops it).
test('hits stay whole while the page is dropped and stored again under load', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const first = await get(server.url + '/article/2');
  const fetchOne = (gzip) => new Promise((resolve, reject) => {
    const req = http.request(server.url + '/article/2', {
      agent, headers: gzip ? { 'accept-encoding': 'gzip' } : {},
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, raw: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  try {
    const jobs = [];
    for (let i = 0; i < 400; i++) {
      jobs.push(fetchOne(i % 2 === 1));
      if (i % 100 === 50) {
        jobs.push(run(serverBinary(), ['settings', 'set', 'site_tagline', `태그라인 ${i}`, '--db', server.dbPath],
          { cwd: ROOT }).then(() => null));
      }
    }
    const results = (await Promise.all(jobs)).filter((r) => r !== null);
    assert.equal(results.length, 400);
    for (const r of results) {
      assert.equal(r.status, 200);
      assert.equal(r.raw.length, Number(r.headers['content-length']));
      assert.ok(r.headers.etag);
    }
    assert.ok(first.body.includes('</html>'));
  } finally {
    agent.destroy();
  }
});
