// The page cache: miss then hit, gzip variant, ETag/Last-Modified and 304,
// Cache-Control for CDNs, tags invalidated by a change (here the operator's
// `sinmun settings set` while the server runs), and cache=off.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
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
