// Comments, the reader's flows: a guest comment and its reply, a reply to
// a reply joining the thread, the cached article page showing a new
// comment at once, a member's comment, votes once, edit within the window,
// delete with the right and wrong password (and what a deleted comment
// leaves behind), order and pagination over 120 threads, counts on the
// article lists, a thread page with its replies, and every page valid
// HTML.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, validateHtml } from '../lib/server.mjs';
import {
  commentHtml, commentIdOf, formError, guestComment, jar, postComment, send, signUp, sql,
  startCommentServer, threadIds,
} from './lib.mjs';

let server;

before(async () => {
  server = await startCommentServer();
});

after(async () => {
  await server?.stop();
});

test('the article page has the comment block: count, form with 0 / 1000, policy line', async () => {
  const res = await get(server.url + '/article/5');
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  assert.match(res.body, /<h2 id="comments-title" class="comments-title">댓글 <span class="comments-count">0<\/span><\/h2>/);
  assert.match(res.body, /<span class="comment-count">0<\/span> \/ 1000/);
  assert.match(res.body, /<p class="comment-policy">주제와 무관한 악의적인 댓글은 삭제될 수 있습니다\.<\/p>/);
  // Below the reporter box, inside the article.
  assert.ok(res.body.indexOf('class="reporter-box"') < res.body.indexOf('id="comments"'));
  assert.match(res.body, /<input name="nickname"/);
  assert.match(res.body, /<input name="website" type="text" tabindex="-1" autocomplete="off"/);
  assert.match(res.body, /<script src="\/static\/comments\.js\?v=[0-9a-f]+" defer><\/script>/);
});

test('a guest comments; the cached article page shows it right after posting', async () => {
  const first = await get(server.url + '/article/1');
  const again = await get(server.url + '/article/1');
  assert.equal(again.headers['x-cache'], 'hit');
  assert.doesNotMatch(first.body, /전기차 충전소가 더 필요합니다/);
  const j = jar();
  const res = await postComment(server, j, 1, {
    body: '전기차 충전소가 더 필요합니다.\n둘째 줄', nickname: '독자김', password: 'pw1234',
  });
  const cid = commentIdOf(res);
  assert.equal(res.headers.location, `/article/1#comment-${cid}`);
  assert.equal(res.headers['cache-control'], 'no-store');
  const page = await get(server.url + '/article/1');
  assert.notEqual(page.headers['x-cache'], 'hit');
  const c = commentHtml(page.body, cid);
  assert.ok(c, 'the new comment is on the page');
  assert.match(c, /<span class="comment-author">독자김<\/span>/);
  assert.match(c, /전기차 충전소가 더 필요합니다\.<br>\n둘째 줄/);
  assert.doesNotMatch(c, /comment-badge/, 'a guest has no member badge');
  assert.match(page.body, /<span class="comments-count">1<\/span>/);
  // Guests share the cached page: its CSRF fields are empty.
  for (const m of page.body.matchAll(/name="csrf" value="([^"]*)"/g)) {
    assert.equal(m[1], '');
  }
  assert.deepEqual(await validateHtml(page.body), []);
});

test('a reply sits under its comment; a reply to a reply joins the same thread', async () => {
  const j = jar();
  const root = await guestComment(server, j, 2, '원 댓글');
  const reply = await guestComment(server, j, 2, '답글 하나', { parent: String(root) });
  const deeper = await guestComment(server, j, 2, '답글의 답글', { parent: String(reply) });
  assert.equal(await sql(server, `SELECT parent_id FROM comments WHERE id = ${reply}`), String(root));
  assert.equal(await sql(server, `SELECT parent_id FROM comments WHERE id = ${deeper}`), String(root));
  const page = await get(server.url + '/article/2');
  const thread = page.body.match(new RegExp(`<li class="comment-thread">\\s*<article class="comment" id="comment-${root}">[\\s\\S]*?</ol>`))[0];
  assert.match(thread, new RegExp(`<ol class="comment-replies">[\\s\\S]*id="comment-${reply}"[\\s\\S]*id="comment-${deeper}"`));
  assert.deepEqual(threadIds(page.body), [root]);
  // The thread page (where 답글 leads without script) shows it too.
  const tp = await get(server.url + `/comment/${reply}/reply`);
  assert.equal(tp.status, 200);
  assert.deepEqual(await validateHtml(tp.body), []);
  assert.match(tp.body, /답글 하나/);
  assert.match(tp.body, new RegExp(`<input type="hidden" name="parent" value="${reply}">`));
});

test('a reply to a comment of another article, or to nothing, comes back with the text', async () => {
  const j = jar();
  const other = await guestComment(server, j, 3, '다른 기사 댓글');
  for (const parent of [String(other), '999999', 'abc']) {
    const res = await postComment(server, j, 2, { body: '엉뚱한 답글', nickname: '손님', password: '1234', parent });
    assert.equal(res.status, 404, parent);
    assert.match(formError(res.body), /답글을 달 댓글이 없거나/);
    assert.match(res.body, /엉뚱한 답글<\/textarea>/);
  }
});

test('a member comments under their name with a member badge and gets their own page', async () => {
  const j = jar();
  await signUp(server, j, 'member1@example.com', '회원일');
  const page = await get(server.url + '/article/4', { headers: { cookie: j.header() } });
  assert.equal(page.headers['x-cache'], undefined);
  assert.match(page.body, /<p class="comment-as">회원일님으로 씁니다\.<\/p>/);
  assert.doesNotMatch(page.body, /name="nickname"/);
  assert.match(page.body, /name="csrf" value="[0-9a-f]{32}"/, 'a signed-in page carries its token');
  const cid = commentIdOf(await postComment(server, j, 4, { body: '회원 댓글입니다' }));
  const after = await get(server.url + '/article/4');
  const c = commentHtml(after.body, cid);
  assert.match(c, /<span class="comment-author">회원일<\/span> <span class="comment-badge">회원<\/span>/);
  // Guests do not see a member's edit links; the member does.
  assert.doesNotMatch(c, /comment-edit-link/);
  const mine = await get(server.url + '/article/4', { headers: { cookie: j.header() } });
  assert.match(commentHtml(mine.body, cid), /href="\/comment\/\d+\/edit"/);
  // Another guest cannot edit it.
  const other = await get(server.url + `/comment/${cid}/edit`);
  assert.equal(other.status, 403);
  // The member edits without a password.
  const res = await send(server, j, `/comment/${cid}/edit`, { body: '회원 댓글을 고쳤습니다' });
  assert.equal(res.status, 303);
  const edited = await get(server.url + '/article/4');
  assert.match(commentHtml(edited.body, cid), /회원 댓글을 고쳤습니다[\s\S]*\(수정됨\)|\(수정됨\)[\s\S]*회원 댓글을 고쳤습니다/);
});

test('공감/비공감: one vote per comment; a second one is refused and not counted', async () => {
  const j = jar();
  const cid = await guestComment(server, j, 6, '공감 눌러 주세요');
  const voter = jar();
  const up = await send(server, voter, `/comment/${cid}/vote`, { value: 'up', back: '/article/6' });
  assert.equal(up.status, 303);
  assert.equal(up.headers.location, `/article/6#comment-${cid}`);
  const page = await get(server.url + '/article/6');
  assert.match(commentHtml(page.body, cid), /공감 <span class="vote-count">1<\/span>/);
  for (const value of ['up', 'down']) {
    const again = await send(server, voter, `/comment/${cid}/vote`, { value, back: '/article/6' });
    assert.equal(again.status, 409);
    assert.match(again.body, /이미 공감 또는 비공감을 눌렀습니다/);
  }
  assert.equal(await sql(server, `SELECT up_count || ',' || down_count FROM comments WHERE id = ${cid}`), '1,0');
  // A member votes apart from the guest network.
  const m = jar();
  await signUp(server, m, 'voter@example.com', '투표자');
  const down = await send(server, m, `/comment/${cid}/vote`, { value: 'down', back: '//evil.example/' });
  assert.equal(down.status, 303);
  assert.equal(down.headers.location, `/article/6#comment-${cid}`, 'an outside back= is ignored');
  assert.equal(await sql(server, `SELECT up_count || ',' || down_count FROM comments WHERE id = ${cid}`), '1,1');
  const bad = await send(server, voter, `/comment/${cid}/vote`, { value: 'sideways' });
  assert.equal(bad.status, 400);
});

test('edit: within the window with the password; wrong password and a late edit refused', async () => {
  const j = jar();
  const cid = await guestComment(server, j, 7, '고칠 댓글', { password: 'right-pw' });
  const form = await get(server.url + `/comment/${cid}/edit`);
  assert.equal(form.status, 200);
  assert.deepEqual(await validateHtml(form.body), []);
  assert.match(form.body, /고칠 댓글<\/textarea>/);
  const wrong = await send(server, j, `/comment/${cid}/edit`, { body: '고친 내용', password: 'wrong-pw' });
  assert.equal(wrong.status, 403);
  assert.match(formError(wrong.body), /비밀번호가 맞지 않습니다/);
  assert.match(wrong.body, /고친 내용<\/textarea>/, 'the new text is kept');
  const ok = await send(server, j, `/comment/${cid}/edit`, { body: '고친 내용', password: 'right-pw' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, `/article/7#comment-${cid}`);
  const page = await get(server.url + '/article/7');
  assert.match(commentHtml(page.body, cid), /고친 내용/);
  assert.match(commentHtml(page.body, cid), /\(수정됨\)/);
  // 31 minutes later (default window 30).
  await sql(server, `UPDATE comments SET created_at = created_at - 31 * 60 WHERE id = ${cid}`);
  const late = await send(server, j, `/comment/${cid}/edit`, { body: '너무 늦은 수정', password: 'right-pw' });
  assert.equal(late.status, 403);
  assert.match(late.body, /30분 안에만 고치거나 지울 수 있습니다/);
  const lateDelete = await send(server, j, `/comment/${cid}/delete`, { password: 'right-pw' });
  assert.equal(lateDelete.status, 403);
});

test('delete: wrong password refused; a comment with replies leaves 삭제된 댓글입니다.', async () => {
  const j = jar();
  const root = await guestComment(server, j, 8, '지울 원 댓글', { password: 'del-pw' });
  const reply = await guestComment(server, j, 8, '남는 답글', { parent: String(root) });
  const lone = await guestComment(server, j, 8, '답글 없는 댓글', { password: 'lone-pw' });
  const confirm = await get(server.url + `/comment/${root}/delete`);
  assert.equal(confirm.status, 200);
  assert.deepEqual(await validateHtml(confirm.body), []);
  const wrong = await send(server, j, `/comment/${root}/delete`, { password: 'nope' });
  assert.equal(wrong.status, 403);
  assert.match(formError(wrong.body), /비밀번호가 맞지 않습니다/);
  const ok = await send(server, j, `/comment/${root}/delete`, { password: 'del-pw' });
  assert.equal(ok.status, 303);
  assert.equal(await send(server, j, `/comment/${lone}/delete`, { password: 'lone-pw' }).then((r) => r.status), 303);
  const page = await get(server.url + '/article/8');
  const gone = commentHtml(page.body, root);
  assert.ok(gone, 'the deleted root stays as a notice');
  assert.match(gone, /<p class="comment-notice">삭제된 댓글입니다\.<\/p>/);
  assert.doesNotMatch(gone, /지울 원 댓글/);
  assert.match(commentHtml(page.body, reply), /남는 답글/);
  assert.equal(commentHtml(page.body, lone), null, 'a deleted comment without replies disappears');
  assert.equal(await sql(server, `SELECT status FROM comments WHERE id = ${lone}`), 'deleted', 'the row is kept');
  assert.match(page.body, /<span class="comments-count">1<\/span>/, 'only the reply is counted');
  // Deleting the last reply removes the deleted root from the list too.
  assert.equal((await send(server, j, `/comment/${reply}/delete`, { password: 'pass1234' })).status, 303);
  const empty = await get(server.url + '/article/8');
  assert.equal(commentHtml(empty.body, root), null);
  assert.match(empty.body, /첫 댓글을 남겨 주세요/);
  // A deleted comment can be neither edited, deleted again, replied to nor voted on.
  assert.equal((await get(server.url + `/comment/${lone}/edit`)).status, 404);
  assert.equal((await get(server.url + `/comment/${lone}/reply`)).status, 404);
  assert.equal((await send(server, j, `/comment/${lone}/vote`, { value: 'up' })).status, 404);
});

test('120 threads: newest first by default, 50 a page, page 2 and the oldest order', async () => {
  const j = jar();
  const ids = [];
  for (let i = 1; i <= 120; i++) {
    ids.push(await guestComment(server, j, 9, `댓글 번호 ${i}`));
  }
  const inline = await get(server.url + '/article/9');
  assert.deepEqual(threadIds(inline.body), ids.slice(70).reverse(), 'article page: the newest 50');
  assert.match(inline.body, /<a href="\/article\/9\/comments">댓글 모두 보기<\/a>/);
  assert.match(inline.body, /<span class="comments-count">120<\/span>/);
  const p2 = await get(server.url + '/article/9/comments?page=2');
  assert.equal(p2.status, 200);
  assert.deepEqual(await validateHtml(p2.body), []);
  assert.deepEqual(threadIds(p2.body), ids.slice(20, 70).reverse());
  assert.match(p2.body, /<a href="\/article\/9\/comments\?page=3" rel="next">다음<\/a>/);
  assert.match(p2.body, /<p class="page-count">2 \/ 3쪽<\/p>/);
  const p3 = await get(server.url + '/article/9/comments?page=3');
  assert.deepEqual(threadIds(p3.body), ids.slice(0, 20).reverse());
  const old2 = await get(server.url + '/article/9/comments?order=oldest&page=2');
  assert.deepEqual(threadIds(old2.body), ids.slice(50, 100));
  assert.match(old2.body, /href="\/article\/9\/comments\?order=oldest&amp;page=3"/);
  const oldInline = await get(server.url + '/article/9?order=oldest');
  assert.deepEqual(threadIds(oldInline.body), ids.slice(0, 50));
  assert.equal((await get(server.url + '/article/9/comments?page=4')).status, 404);
  assert.equal((await get(server.url + '/article/9/comments?page=0')).status, 404);
  assert.equal((await get(server.url + '/article/9/comments?order=best')).status, 400);
  assert.equal((await get(server.url + '/article/999999/comments')).status, 404);
  // A reply to a thread on page 3 lands on page 3.
  const res = await postComment(server, j, 9, { body: '오래된 글에 답글', nickname: '손님', password: '1234', parent: String(ids[5]) });
  assert.equal(res.status, 303);
  assert.match(res.headers.location, /^\/article\/9\/comments\?page=3#comment-\d+$/);
});

test('comment counts show on the article lists, held and deleted ones not counted', async () => {
  const section = await get(server.url + '/section/industry1');
  assert.equal(section.status, 200);
  assert.deepEqual(await validateHtml(section.body), []);
  const n = Number((await get(server.url + '/article/1')).body.match(/<span class="comments-count">(\d+)<\/span>/)[1]);
  assert.ok(n >= 1);
  assert.match(section.body, new RegExp(`<a class="item-comments" href="/article/1#comments">댓글 ${n}</a>`));
  // One more comment: the cached list drops and shows n + 1.
  await guestComment(server, jar(), 1, '목록 수 확인');
  const again = await get(server.url + '/section/industry1');
  assert.match(again.body, new RegExp(`href="/article/1#comments">댓글 ${n + 1}</a>`));
  // The reporter page lists it too.
  const reporter = await get(server.url + '/reporter/1');
  assert.match(reporter.body, new RegExp(`href="/article/1#comments">댓글 ${n + 1}</a>`));
});

test('a thread with more replies than a list shows links to its thread page', async () => {
  const j = jar();
  const root = await guestComment(server, j, 10, '답글 많은 댓글');
  for (let i = 1; i <= 102; i++) {
    await guestComment(server, j, 10, `답글 ${i}`, { parent: String(root) });
  }
  const page = await get(server.url + '/article/10');
  assert.match(page.body, new RegExp(`<p class="comment-more"><a href="/comment/${root}/reply#replies">답글 2개 더 보기</a></p>`));
  const thread = await get(server.url + `/comment/${root}/reply`);
  assert.match(thread.body, /답글 102</);
});

test('comments posted at the same time all land (no 503 from a stale read snapshot)', async () => {
  const j = jar();
  const results = await Promise.all(Array.from({ length: 24 }, (_, i) =>
    postComment(server, j, 12, { body: `동시 댓글 ${i}`, nickname: `동시${i}`, password: 'pass1234' })));
  assert.deepEqual(results.map((r) => r.status), results.map(() => 303));
  assert.equal(await sql(server, 'SELECT comment_count FROM articles WHERE id = 12'), '24');
});
