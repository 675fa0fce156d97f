// Redirect fields (issue 8, section 2): every next= and back= a form or a
// link carries goes through one check, http_local_path(). Each field gets
// the same hostile values: CR/LF (a header of the attacker's own, such as
// Set-Cookie), TAB (browsers drop it, so "/\t/evil.example" was an open
// redirect), "//", "/\", percent-encoded slashes, absolute URLs, and
// non-ASCII (sent on percent-encoded, so the Location header stays ASCII).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get } from '../lib/server.mjs';
import { RELAXED, guestComment, jar, send, startCommentServer } from '../comments/lib.mjs';
import { staff } from '../reports/lib.mjs';

let server;
let mod;

before(async () => {
  server = await startCommentServer(RELAXED);
  mod = await staff(server, 'redirect-mod', 'moderator');
});

after(async () => {
  await server?.stop();
});

/** Values that must never become a Location elsewhere (or a header). */
const HOSTILE = [
  '/\r\nSet-Cookie: sid=attacker',
  '/\nSet-Cookie: sid=attacker',
  '/\rSet-Cookie: sid=attacker',
  '/\t/evil.example',
  '/x\t\r\nLocation: //evil.example',
  '/newsroom/moderation/\r\nSet-Cookie: sid=attacker',
  '/newsroom/moderation/x\nRefresh: 0; url=//evil.example',
  '//evil.example/',
  '/\\evil.example',
  '/\\/evil.example',
  '%2F%2Fevil.example',
  '/%2F%2Fevil.example',
  '/%2fevil.example',
  '/%5Cevil.example',
  '/%09/evil.example',
  '/a%0D%0ASet-Cookie:%20sid=attacker',
  'http://evil.example/',
  'https://evil.example/',
  'HTTPS:evil.example',
  'javascript:alert(1)',
  ' /article/1',
  `/${'a'.repeat(1000)}`,
];

/** Local values and the Location each must become. */
const LOCAL = [
  ['/article/1', '/article/1'],
  ['/section/경제?q=한', '/section/%EA%B2%BD%EC%A0%9C?q=%ED%95%9C'],
  ['/／evil.example', '/%EF%BC%8Fevil.example'],
];

/** Fails unless 'res' is a 303 to 'location' that sets no attacker cookie. */
function assertRedirect(res, location, what) {
  assert.equal(res.status, 303, `${what}: status`);
  assert.equal(res.headers.location, location, `${what}: location`);
  for (const cookie of [res.headers['set-cookie'] ?? []].flat()) {
    assert.doesNotMatch(cookie, /attacker/, `${what}: injected cookie`);
  }
  for (const [name, value] of Object.entries(res.headers)) {
    if (name !== 'location') {
      assert.doesNotMatch(String(value), /evil|attacker/, `${what}: header ${name}`);
    }
  }
}

test('POST /signin next=: hostile values fall back to "/", local ones are kept', async () => {
  await send(server, jar(), '/signup', {
    login: 'redirect-reader', name: '독자', password: 'password123', password2: 'password123',
  });
  for (const next of HOSTILE) {
    const res = await send(server, jar(), '/signin', {
      login: 'redirect-reader', password: 'password123', next,
    });
    assertRedirect(res, '/', `next=${JSON.stringify(next)}`);
  }
  for (const [next, location] of LOCAL) {
    const res = await send(server, jar(), '/signin', {
      login: 'redirect-reader', password: 'password123', next,
    });
    assertRedirect(res, location, `next=${JSON.stringify(next)}`);
  }
});

test('GET /signin?next= carries only a safe local path into the form', async () => {
  for (const next of HOSTILE) {
    const res = await get(`${server.url}/signin?next=${encodeURIComponent(next)}`);
    assert.equal(res.status, 200, JSON.stringify(next));
    const m = /<input type="hidden" name="next" value="([^"]*)">/.exec(res.body);
    assert.equal(m?.[1], '/', `next=${JSON.stringify(next)}`);
  }
  const res = await get(`${server.url}/signin?next=${encodeURIComponent('/article/2?x=1')}`);
  assert.match(res.body, /<input type="hidden" name="next" value="\/article\/2\?x=1">/);
});

test('POST /comment/{id}/vote back=: hostile values fall back to the article', async () => {
  const author = jar();
  for (const [i, back] of [...HOSTILE, ...LOCAL.map(([v]) => v)].entries()) {
    // A guest network votes once per comment: one comment per value.
    const cid = await guestComment(server, author, 1, `투표 되돌아가기 ${i}번`);
    const res = await send(server, jar(), `/comment/${cid}/vote`, { value: 'up', back });
    const local = LOCAL.find(([v]) => v === back);
    const location = `${local ? local[1] : '/article/1'}#comment-${cid}`;
    assertRedirect(res, location, `back=${JSON.stringify(back)}`);
  }
});

test('POST /newsroom/moderation back=: hostile values fall back to the queue', async () => {
  const author = jar();
  const cid = await guestComment(server, author, 2, '모더레이션 되돌아가기');
  for (const back of HOSTILE) {
    const res = await send(server, mod, '/newsroom/moderation', {
      target: `comment:${cid}`, action: 'dismiss', reason: '', back,
    });
    assertRedirect(res, '/newsroom/moderation?tab=reports&done=1', `back=${JSON.stringify(back)}`);
  }
  const res = await send(server, mod, '/newsroom/moderation', {
    target: `comment:${cid}`, action: 'dismiss', reason: '', back: `/newsroom/moderation/comment/${cid}`,
  });
  assertRedirect(res, `/newsroom/moderation/comment/${cid}`, 'the target page');
});
