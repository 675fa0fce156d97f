// Comments, every limit and guard, each refusal with its message, status,
// no-store and the text intact: 1000 characters counted as a reader counts
// them (Hangul, decomposed jamo, emoji ZWJ sequences and skin tones, CRLF
// as one), blank text, nickname and password lengths, the honeypot, links
// held for review, banned words (hold, then refuse), bans of a network and
// of an account (with reason and expiry), and the rate limit (the third
// comment in a minute).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, validateHtml } from '../lib/server.mjs';
import {
  commentHtml, commentIdOf, formError, jar, postComment, send, setSetting, signUp, sql,
  startCommentServer, textareaValue,
} from './lib.mjs';

let server;

before(async () => {
  server = await startCommentServer();
});

after(async () => {
  await server?.stop();
});

const guest = { nickname: '손님', password: '1234' };

/** Post 'body' as a guest on article 1; resolves the response. */
function postBody(body, extra = {}) {
  return postComment(server, jar(), 1, { ...guest, body, ...extra });
}

/** Assert 'res' is the form brought back with 'status', 'message' and 'body'. */
async function assertRefused(res, status, message, body) {
  assert.equal(res.status, status);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.match(formError(res.body) ?? '', message);
  if (body !== undefined) {
    assert.equal(textareaValue(res.body), body, 'the text comes back as typed');
  }
  assert.deepEqual(await validateHtml(res.body), []);
}

const CASES = [
  ['Hangul syllables', '가'],
  ['decomposed jamo (NFD 한, one character after NFC)', '\u1112\u1161\u11ab'],
  ['emoji ZWJ family', '👨‍👩‍👧‍👦'],
  ['emoji with skin tone', '👍🏽'],
  ['flag', '🇰🇷'],
];

for (const [name, unit] of CASES) {
  test(`1000 characters pass, 1001 are refused: ${name}`, async () => {
    const ok = await postBody(unit.repeat(1000));
    commentIdOf(ok);
    const long = unit.repeat(1001);
    const res = await postBody(long);
    await assertRefused(res, 422, /댓글은 1000자까지 쓸 수 있습니다\. 지금 1001자입니다/, long.normalize('NFC'));
    // The counter on the returned form says the same.
    assert.match(res.body, /<span id="comment-counter" class="comment-counter over"><span class="comment-count">1001<\/span> \/ 1000<\/span>/);
  });
}

test('CRLF counts as one character, as the browser counter does', async () => {
  // 500 × "가\r\n" is 1000 characters once CRLF is LF; 1500 if CR counted.
  commentIdOf(await postBody('가\r\n'.repeat(500)));
  commentIdOf(await postBody('가'.repeat(999) + '\r\n'));
  const res = await postBody('가\r\n'.repeat(500) + '가');
  await assertRefused(res, 422, /지금 1001자입니다/);
});

test('empty and whitespace-only comments are refused', async () => {
  for (const body of ['', '   ', '\r\n\t \u3000', '\u3164\u200b']) {
    await assertRefused(await postBody(body), 422, /댓글 내용을 입력해 주십시오/);
  }
});

test('nickname: 1–20 characters; password: 4–64 characters', async () => {
  commentIdOf(await postBody('닉네임 20자', { nickname: '가'.repeat(20) }));
  await assertRefused(await postBody('닉네임 21자', { nickname: '가'.repeat(21) }), 422, /닉네임은 20자까지/, '닉네임 21자');
  await assertRefused(await postBody('빈 닉네임', { nickname: '  ' }), 422, /닉네임을 입력해 주십시오/, '빈 닉네임');
  await assertRefused(await postBody('줄바꿈 닉네임', { nickname: 'a\nb' }), 422, /닉네임에는 줄바꿈/);
  commentIdOf(await postBody('비밀번호 4자', { password: '1234' }));
  commentIdOf(await postBody('비밀번호 64자', { password: 'p'.repeat(64) }));
  const short = await postBody('비밀번호 3자', { nickname: '짧은비번', password: '123' });
  await assertRefused(short, 422, /비밀번호는 4~64자로/, '비밀번호 3자');
  assert.match(short.body, /name="nickname" type="text"[^>]*value="짧은비번"/, 'the nickname comes back too');
  await assertRefused(await postBody('비밀번호 65자', { password: 'p'.repeat(65) }), 422, /비밀번호는 4~64자로/);
});

test('the honeypot field filled in: refused with a message', async () => {
  const res = await postBody('봇이 쓴 글', { website: 'http://spam.example' });
  await assertRefused(res, 400, /자동 등록 프로그램이 채우는 칸/, '봇이 쓴 글');
  assert.equal(await sql(server, "SELECT count(*) FROM comments WHERE body = '봇이 쓴 글'"), '0');
});

test('more than 2 links: held for review, not shown, not counted', async () => {
  const before = (await get(server.url + '/article/2')).body;
  const count = before.match(/<span class="comments-count">(\d+)<\/span>/)[1];
  const two = await postComment(server, jar(), 2, { ...guest, body: 'https://a.example https://b.example 두 개' });
  commentIdOf(two);
  const res = await postComment(server, jar(), 2, {
    ...guest, body: '링크 셋 https://a.example http://b.example https://c.example',
  });
  assert.equal(res.status, 202);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.match(res.body, /검토 후 게시됩니다/);
  assert.deepEqual(await validateHtml(res.body), []);
  const id = await sql(server, "SELECT id FROM comments WHERE body LIKE '링크 셋%'");
  assert.equal(await sql(server, `SELECT status FROM comments WHERE id = ${id}`), 'held');
  const page = await get(server.url + '/article/2');
  assert.equal(commentHtml(page.body, id), null);
  assert.match(page.body, new RegExp(`<span class="comments-count">${Number(count) + 1}</span>`));
  // Links are nofollow ugc.
  assert.match(page.body, /<a href="https:\/\/a\.example" rel="nofollow ugc">https:\/\/a\.example<\/a>/);
  // The limit is a setting.
  await setSetting(server, 'comment_max_links', '5');
  commentIdOf(await postComment(server, jar(), 2, {
    ...guest, body: '이제 셋은 됩니다 https://a.example http://b.example https://c.example',
  }));
  await setSetting(server, 'comment_max_links', '2');
});

test('banned words: held by default, refused when comment_banned_action=refuse', async () => {
  await setSetting(server, 'comment_banned_words', '바카라, SpamWord ,대출광고');
  const held = await postBody('오늘의 바카라 사이트');
  assert.equal(held.status, 202);
  assert.match(held.body, /검토 후 게시됩니다/);
  assert.equal(await sql(server, "SELECT status FROM comments WHERE body = '오늘의 바카라 사이트'"), 'held');
  await setSetting(server, 'comment_banned_action', 'refuse');
  const body = 'buy SPAMWORD now';
  await assertRefused(await postBody(body), 422, /쓸 수 없는 말\(‘SpamWord’\)이 들어 있습니다/, body);
  assert.equal(await sql(server, `SELECT count(*) FROM comments WHERE body = '${body}'`), '0');
  commentIdOf(await postBody('평범한 댓글'));
  await setSetting(server, 'comment_banned_words', '');
  await setSetting(server, 'comment_banned_action', 'hold');
});

test('a banned network may not comment until the ban ends; the reason is shown', async () => {
  const until = Math.floor(Date.now() / 1000) + 3600;
  await sql(server, `INSERT INTO bans(actor, reason, created_at, expires_at) VALUES ('n:127.0.0.0/24', '도배', 0, ${until})`);
  const res = await postBody('차단된 네트워크에서');
  await assertRefused(res, 403, /이 네트워크은\(는\) 댓글을 쓸 수 없도록 제한되어 있습니다 \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d까지\)\. 사유: 도배/, '차단된 네트워크에서');
  await sql(server, "UPDATE bans SET expires_at = 1 WHERE actor = 'n:127.0.0.0/24'");
  commentIdOf(await postBody('차단이 끝난 뒤'));
});

test('a banned account may not comment; a lifted ban frees it', async () => {
  const j = jar();
  const id = await signUp(server, j, 'banned@example.com', '차단회원');
  await sql(server, `INSERT INTO bans(actor, reason, created_at) VALUES ('a:${id}', '욕설 반복', 0)`);
  const res = await postComment(server, j, 1, { body: '차단된 회원의 글' });
  await assertRefused(res, 403, /이 계정은\(는\) 댓글을 쓸 수 없도록 제한되어 있습니다 \(해제될 때까지\)\. 사유: 욕설 반복/, '차단된 회원의 글');
  await sql(server, `UPDATE bans SET lifted_at = 1 WHERE actor = 'a:${id}'`);
  commentIdOf(await postComment(server, j, 1, { body: '해제된 회원의 글' }));
});

test('rate limit: the third comment in a minute is refused with the text intact', async () => {
  await setSetting(server, 'comment_rate_per_minute', '2');
  await setSetting(server, 'comment_network_rate_per_minute', '10');
  commentIdOf(await postBody('1분에 첫째'));
  commentIdOf(await postBody('1분에 둘째'));
  const res = await postBody('1분에 셋째');
  await assertRefused(res, 429, /댓글은 1분에 2개까지 쓸 수 있습니다\. \d+초 뒤에 다시 올려 주십시오/, '1분에 셋째');
  // A reply is a comment too, and comes back on the thread page.
  const root = await sql(server, "SELECT id FROM comments WHERE body = '1분에 첫째'");
  const reply = await postBody('답글도 제한', { parent: root });
  await assertRefused(reply, 429, /1분에 2개까지/, '답글도 제한');
  assert.match(reply.body, new RegExp(`<input type="hidden" name="parent" value="${root}">`));
  // A member has their own allowance, but the network's is shared.
  await setSetting(server, 'comment_network_rate_per_minute', '3');
  const m = jar();
  await signUp(server, m, 'fast@example.com', '빠른회원');
  commentIdOf(await postComment(server, m, 1, { body: '회원 첫째' }));
  const net = await postComment(server, m, 1, { body: '회원 둘째' });
  await assertRefused(net, 429, /이 네트워크에서 1분에 올릴 수 있는 댓글 3개를 모두 썼습니다/, '회원 둘째');
  await setSetting(server, 'comment_rate_per_minute', '0');
  await setSetting(server, 'comment_network_rate_per_minute', '0');
});

test('too many wrong guest passwords are slowed down', async () => {
  const cid = commentIdOf(await postBody('비밀번호 맞히기', { password: 'secret-pw' }));
  const j = jar();
  let last;
  for (let i = 0; i < 11; i++) {
    last = await send(server, j, `/comment/${cid}/delete`, { password: `guess${i}` });
  }
  assert.equal(last.status, 429);
  assert.match(formError(last.body), /비밀번호가 여러 번 틀렸습니다/);
});
