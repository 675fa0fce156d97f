// Issue 8, section 1: requests built to cost the server far more than the
// sender. Each test here failed on the code before its fix:
//  - a form field with a long run of combining marks was NFC-normalised
//    (quadratic) on the event loop before the CSRF check: ~15 s of CPU
//    for 100,000 marks sent to POST /signout without a token;
//  - a query string with hundreds of parameters made libmicrohttpd run
//    out of its connection memory: no answer until the idle timeout, and
//    the request's state leaked (LeakSanitizer at server stop).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, parseRawResponse, post, rawRequest, startServer } from '../lib/server.mjs';

let server;

before(async () => {
  server = await startServer({ settings: { cache: 'off' } });
});

after(async () => {
  // stop() fails on any LeakSanitizer report, so a request whose state
  // was never freed fails this file.
  await server?.stop();
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** 'base' followed by 'n' combining marks alternating U+0301 / U+0316. */
function marks(base, n) {
  let s = base;
  for (let i = 0; i < n; i++) s += i % 2 ? '\u0316' : '\u0301';
  return s;
}

test('a field with more than 30 combining marks in a row is refused with 400', async () => {
  // 20,000 alternating marks: about a second of normalisation before the
  // fix (growing with the square), then a 403 for the missing token.
  const body = new URLSearchParams({ x: marks('a', 20000) }).toString();
  const res = await post(server.url + '/signout', body, { headers: FORM, timeout: 60000 });
  assert.equal(res.status, 400);
  assert.match(res.body, /결합 문자\)가 한곳에 30개 넘게 이어져 있습니다/);
  // The same on a route that runs on the worker pool.
  const res2 = await post(server.url + '/signin', body, { headers: FORM, timeout: 60000 });
  assert.equal(res2.status, 400);
  assert.match(res2.body, /30개 넘게/);
});

test('31 marks are refused, 30 are kept and normalised when the field is read', async () => {
  const over = await post(server.url + '/signin', new URLSearchParams({ login: marks('e', 31) }).toString(),
    { headers: FORM });
  assert.equal(over.status, 400);
  // Without a token the CSRF page sends every field back: the value comes
  // back in NFC (e + U+0301 composed, U+0316 sorted before U+0301).
  const res = await post(server.url + '/signin',
    new URLSearchParams({ login: marks('e', 30), note: 'a\r\nb' }).toString(), { headers: FORM });
  assert.equal(res.status, 403);
  const login = res.body.match(/name="login" value="([^"]*)"/);
  assert.ok(login, 'the resend form holds the field');
  assert.equal(login[1], marks('e', 30).normalize('NFC'));
  assert.notEqual(login[1], marks('e', 30), 'normalised, not as sent');
  assert.match(res.body, /name="note" value="a\nb"/, 'CRLF became LF');
});

test('more than 256 form fields → 400 with a message', async () => {
  const body = Array.from({ length: 257 }, (_, i) => `f${i}=1`).join('&');
  const res = await post(server.url + '/signin', body, { headers: FORM });
  assert.equal(res.status, 400);
  assert.match(res.body, /양식의 항목이 너무 많습니다/);
});

test('a bad escape or invalid UTF-8 in a form is still a 400', async () => {
  for (const body of ['x=%E0%80', 'x=%zz', 'x=%00', '%ff=1']) {
    const res = await post(server.url + '/signin', body, { headers: FORM });
    assert.equal(res.status, 400, body);
    assert.match(res.body, /잘못된 문자/, body);
  }
});

test('GET with 700 query parameters is answered at once (400), and nothing leaks', async () => {
  const target = '/?' + Array(700).fill('a=1').join('&');
  assert.ok(target.length < 4096, 'under max_url_bytes');
  // rawRequest waits for the server to close the connection or go quiet;
  // before the fix it got nothing at all until the 30 s idle timeout.
  const text = await rawRequest(server.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    { encoding: 'utf8', timeout: 8000 });
  const res = parseRawResponse(text);
  assert.ok(res, 'an answer came back');
  assert.equal(res.status, 400);
  assert.match(res.body, /주소에 붙은 항목이 너무 많습니다/);
  // Many empty pieces cost the same.
  const res2 = await get(server.url + '/?' + '&'.repeat(3000), { timeout: 8000 });
  assert.equal(res2.status, 400);
  // And the server still answers normally, with its parameters.
  const ok = await get(server.url + '/?' + Array(200).fill('a=1').join('&'));
  assert.equal(ok.status, 200);
});

test('many GETs with too many parameters in a row leave nothing behind', async () => {
  const target = '/?' + Array(700).fill('a=1').join('&');
  for (let i = 0; i < 50; i++) {
    const res = await get(server.url + target, { timeout: 8000 });
    assert.equal(res.status, 400);
  }
  // Leaks, if any, are reported when after() stops the server.
});
