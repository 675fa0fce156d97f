// The web layer for every page: security headers, 404/405 pages in the
// site's look, limits (413, 414, 431), bad percent-encoding and UTF-8 →
// 400 (not a crash), HEAD, static files, the access log.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, parseRawResponse, post, rawRequest, request, startServer } from '../lib/server.mjs';

let server;

before(async () => {
  server = await startServer({
    settings: { max_url_bytes: 512, max_header_bytes: 4096, max_body_bytes: 2048 },
  });
});

after(async () => {
  await server?.stop();
});

const SECURITY = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

function assertSecurityHeaders(res, what) {
  for (const [name, value] of Object.entries(SECURITY)) {
    assert.equal(res.headers[name], value, `${what}: ${name}`);
  }
  const csp = res.headers['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self'/, `${what}: CSP script-src`);
  assert.doesNotMatch(csp, /unsafe-inline/, `${what}: no inline script`);
  assert.match(csp, /frame-ancestors /, `${what}: frame-ancestors`);
}

test('security headers on pages, errors, JSON and static files', async () => {
  for (const path of ['/', '/article/1', '/nosuch', '/healthz', '/static/site.css']) {
    assertSecurityHeaders(await get(server.url + path), path);
  }
});

test('unknown path → 404 page in the site layout', async () => {
  const res = await get(server.url + '/no/such/page');
  assert.equal(res.status, 404);
  assert.match(res.body, /<html lang="ko">/);
  assert.match(res.body, /class="site-footer"/);
  assert.match(res.body, /페이지를 찾을 수 없습니다/);
});

test('a known path with the wrong method → 405 page with Allow', async () => {
  for (const method of ['POST', 'PUT', 'DELETE']) {
    const res = await request(server.url + '/article/1', { method, body: method === 'POST' ? 'a=1' : undefined,
      headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {} });
    assert.equal(res.status, 405, method);
    assert.ok(res.headers.allow, 'Allow header');
    assert.match(res.body, /허용되지 않는 요청 방식입니다/);
  }
});

test('HEAD answers the headers of GET without a body', async () => {
  const res = await request(server.url + '/article/1', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal(res.body, '');
  assert.match(res.headers['content-type'], /^text\/html/);
});

test('a URL over max_url_bytes → 414 page', async () => {
  const res = await get(server.url + '/article/1?q=' + 'a'.repeat(600));
  assert.equal(res.status, 414);
  assert.match(res.body, /주소가 너무 깁니다/);
});

test('headers over max_header_bytes → 431, not a crash', async () => {
  const res = await get(server.url + '/', { headers: { 'x-big': 'b'.repeat(5000) } });
  assert.ok([431, 413].includes(res.status), `status ${res.status}`);
  const ok = await get(server.url + '/healthz');
  assert.equal(ok.status, 200);
});

test('a body over max_body_bytes → 413 page', async () => {
  const res = await post(server.url + '/article/1', 'x='.padEnd(5000, 'y'), {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 413);
  assert.match(res.body, /보낸 내용이 너무 큽니다/);
});

test('bad percent-encoding or invalid UTF-8 → 400 page', async () => {
  for (const target of [
    '/article/%ZZ',
    '/article/%',
    '/section/%C0%AF',
    '/section/%FF%FE',
    '/section/%00',
    '/?q=%E1%84',
    '/?q=%ED%A0%80',
  ]) {
    const raw = await rawRequest(server.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const res = parseRawResponse(raw);
    assert.ok(res, `${target}: a response`);
    assert.equal(res.status, 400, target);
    assert.match(Buffer.from(res.body, 'latin1').toString('utf8'), /잘못된/);
  }
  const alive = await get(server.url + '/healthz');
  assert.equal(alive.status, 200);
});

test('garbage request lines do not crash the server', async () => {
  for (const bytes of ['\x00\x01\x02\r\n\r\n', 'GET\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'G'.repeat(20000) + '\r\n\r\n']) {
    await rawRequest(server.port, bytes, { idleMs: 300, timeout: 2000 }).catch(() => {});
  }
  const alive = await get(server.url + '/healthz');
  assert.equal(alive.status, 200);
});

test('Korean in a valid query is accepted', async () => {
  const res = await get(server.url + '/?q=' + encodeURIComponent('홍보영 기자'));
  assert.equal(res.status, 200);
});

test('static CSS is served with its type and a long cache life', async () => {
  const res = await get(server.url + '/static/site.css');
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^text\/css/);
  assert.match(res.headers['cache-control'], /max-age=31536000/);
  const missing = await get(server.url + '/static/nosuch.css');
  assert.equal(missing.status, 404);
  const traversal = await get(server.url + '/static/..%2Fsinmun.db');
  assert.equal(traversal.status, 404);
});

test('one access-log line per request on standard error, in the combined format', async () => {
  await get(server.url + '/article/1?log-check=1');
  // Access lines are buffered and written at least once a second.
  let line;
  for (let i = 0; i < 100 && !line; i++) {
    await new Promise((r) => setTimeout(r, 50));
    line = server.stderr().split('\n').find((l) => l.includes('/article/1?log-check=1'));
  }
  assert.ok(line, 'access line present');
  assert.match(line, /^127\.0\.0\.1 - - \[[^\]]+\] "GET \/article\/1\?log-check=1 HTTP\/1\.1" 200 \d+ "-" "[^"]*" \d+ miss$/);
});
