// 임시조치 privacy (issue 8, section 2): while a comment is blinded, its
// text, the takedown's reason and the author's objection are for the
// author (a guest: after the password) and moderators only. Before the
// fix an anonymous GET /comment/{id}/object showed the full body and the
// reason of a blinded guest comment.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, validateHtml } from '../lib/server.mjs';
import { RELAXED, guestComment, jar, postComment, send, signUp, startCommentServer } from '../comments/lib.mjs';
import { staff } from './lib.mjs';

const BODY = '가려진 댓글의 본문 XK9';
const REASON = '명예훼손 검토 사유 QZ7';
const OBJECTION = '사실에 근거한 글입니다 WV3';

let server;
let mod;

before(async () => {
  server = await startCommentServer(RELAXED);
  mod = await staff(server, 'privacy-mod', 'moderator');
});

after(async () => {
  await server?.stop();
});

const page = (path, j) => get(server.url + path, { headers: j ? { cookie: j.header() } : {} });

/** Blind comment 'cid' as the moderator, with REASON. */
async function blind(cid) {
  const res = await send(server, mod, '/newsroom/moderation', { quick: `blind:comment:${cid}`, reason: REASON, tab: 'reports' });
  assert.equal(res.status, 303);
}

/** Fails unless 'html' holds none of the private texts. */
function assertPrivate(html, what) {
  for (const secret of [BODY, REASON, OBJECTION]) {
    assert.ok(!html.includes(secret), `${what}: shows "${secret}"`);
  }
}

test('a blinded guest comment: only its password or a moderator opens it', async () => {
  const author = jar();
  const cid = await guestComment(server, author, 3, BODY, { password: 'secret99' });
  await blind(cid);
  const path = `/comment/${cid}/object`;

  // Anyone: the dates and the form, nothing of the comment.
  let res = await page(path);
  assert.equal(res.status, 200);
  assertPrivate(res.body, 'anonymous GET');
  assert.match(res.body, /name="password"/);
  assert.match(res.body, /name="show" value="1"/);
  assert.deepEqual(await validateHtml(res.body), []);
  const reader = jar();
  await signUp(server, reader, 'privacy-reader', '독자');
  assertPrivate((await page(path, reader)).body, 'another member');

  // A wrong password shows nothing more (and is not sent back).
  res = await send(server, jar(), path, { password: 'guess1234', show: '1' });
  assert.equal(res.status, 403);
  assertPrivate(res.body, 'wrong password');
  assert.ok(!res.body.includes('guess1234'), 'the wrong password is not echoed');
  res = await send(server, jar(), path, { password: 'guess1234', text: '' });
  assertPrivate(res.body, 'wrong password, empty text');

  // The right password shows it, before and while writing the objection.
  res = await send(server, author, path, { password: 'secret99', show: '1' });
  assert.equal(res.status, 200);
  assert.ok(res.body.includes(BODY) && res.body.includes(REASON), 'the author sees it');
  assert.deepEqual(await validateHtml(res.body), []);
  res = await send(server, author, path, { password: 'secret99', text: '  ' });
  assert.equal(res.status, 422);
  assert.ok(res.body.includes(BODY), 'the author sees it next to the error');

  // Moderators see it without a password.
  res = await page(path, mod);
  assert.equal(res.status, 200);
  assert.ok(res.body.includes(BODY) && res.body.includes(REASON), 'a moderator sees it');

  // Objected: the objection is as private as the rest.
  res = await send(server, author, path, { password: 'secret99', text: OBJECTION });
  assert.equal(res.status, 200);
  res = await page(path);
  assert.equal(res.status, 200);
  assertPrivate(res.body, 'anonymous GET after the objection');
  assert.ok((await page(path, mod)).body.includes(OBJECTION), 'a moderator sees the objection');
});

test('a blinded member comment: its author and moderators only', async () => {
  const author = jar();
  await signUp(server, author, 'privacy-author', '글쓴이');
  const res0 = await postComment(server, author, 4, { body: BODY });
  assert.equal(res0.status, 303);
  const cid = Number(/#comment-(\d+)$/.exec(res0.headers.location)[1]);
  await blind(cid);
  const path = `/comment/${cid}/object`;

  let res = await page(path);
  assert.equal(res.status, 403);
  assertPrivate(res.body, 'anonymous GET');
  const other = jar();
  await signUp(server, other, 'privacy-other', '남');
  res = await page(path, other);
  assert.equal(res.status, 403);
  assertPrivate(res.body, 'another member');
  res = await send(server, other, path, { text: '내 글이 아닌데', show: '1' });
  assert.equal(res.status, 403);
  assertPrivate(res.body, 'another member, POST');

  res = await page(path, author);
  assert.equal(res.status, 200);
  assert.ok(res.body.includes(BODY) && res.body.includes(REASON), 'the author sees it');
  res = await page(path, mod);
  assert.equal(res.status, 200);
  assert.ok(res.body.includes(BODY) && res.body.includes(REASON), 'a moderator sees it');
  assert.doesNotMatch(res.body, /<textarea[^>]*name="text"/, 'no objection form for a moderator');
});
