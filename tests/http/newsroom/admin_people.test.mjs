// /newsroom/admin/people (issue 9, point 7): adding and editing reporters,
// linking one to an account; a refused form comes back with what was typed
// and a message on the field; every change is in the audit log; a change
// of a byline reaches the public pages.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer } from '../lib/server.mjs';
import {
  accounts, auditSince, fieldError, inputValue, lastAudit, page, send, sql, staff,
  textareaValue, validPage,
} from './admin_lib.mjs';
import { validateHtml } from '../lib/server.mjs';

let server;
let who;

before(async () => {
  server = await startServer();
  who = await accounts(server);
});

after(async () => {
  await server?.stop();
});

const GOOD = { name: '나기자', email: 'Na.Reporter@Example.com', desk: '산업2부', bio: '현장을 씁니다.\n둘째 줄.' };

/** POST the person form to 'path' as the admin; resolves the response. */
const postPerson = (path, fields) => send(server, who.admin, path, { ...GOOD, ...fields });

test('a refused new person keeps every field typed, with a message on each bad one', async () => {
  const before1 = Number(await sql(server, 'SELECT count(*) FROM people'));
  const audit0 = await lastAudit(server);
  const long = '가'.repeat(61);
  const res = await postPerson('/newsroom/admin/people', { name: long, email: 'not an address', desk: '부서\n둘째', bio: '<b>소개</b> "따옴표"' });
  assert.equal(res.status, 422);
  assert.deepEqual(await validateHtml(res.body), []);
  assert.match(res.body, /<p class="form-error" role="alert">/);
  assert.equal(fieldError(res.body, 'person-name-error'), '이름은 60자까지입니다. 지금 61자입니다.');
  assert.equal(fieldError(res.body, 'person-email-error'), 'e-mail 주소 형식이 아닙니다. 예: reporter@example.com');
  assert.equal(fieldError(res.body, 'person-desk-error'), '부서는 한 줄로 적어 주십시오.');
  assert.equal(fieldError(res.body, 'person-bio-error'), null);
  assert.equal(inputValue(res.body, 'person-name'), long);
  assert.equal(inputValue(res.body, 'person-email'), 'not an address');
  assert.equal(textareaValue(res.body, 'person-bio'), '<b>소개</b> "따옴표"');
  assert.match(res.body, /&lt;b&gt;소개&lt;\/b&gt;/);
  // Blank name; an e-mail another person has (the demo's 홍보영, any case).
  const res2 = await postPerson('/newsroom/admin/people', { name: '   ', email: 'PAPERSONG@example.com' });
  assert.equal(res2.status, 422);
  assert.equal(fieldError(res2.body, 'person-name-error'), '이름을 적어 주십시오.');
  assert.equal(fieldError(res2.body, 'person-email-error'), '이 e-mail은 이미 홍보영 기자(1번)가 씁니다.');
  assert.equal(Number(await sql(server, 'SELECT count(*) FROM people')), before1);
  assert.deepEqual(await auditSince(server, audit0), []);
});

test('adding a person: stored trimmed and lower-case, audited, then listed and found', async () => {
  const audit0 = await lastAudit(server);
  const res = await postPerson('/newsroom/admin/people', { email: '  Na.Reporter@Example.com ' });
  assert.equal(res.status, 303);
  const id = Number(/\/newsroom\/admin\/people\/(\d+)\?saved=1$/.exec(res.headers.location)[1]);
  assert.equal(await sql(server, `SELECT name, email, desk, bio FROM people WHERE id = ${id}`),
    '나기자|na.reporter@example.com|산업2부|현장을 씁니다.\n둘째 줄.');
  assert.deepEqual(await auditSince(server, audit0), [
    ['person.create', `person:${id}`, "이름 '나기자', 부서 '산업2부', e-mail 'na.reporter@example.com'", 'admin1'],
  ]);
  const edit = await validPage(server, who.admin, res.headers.location);
  assert.match(edit, /<p class="form-note" role="status">저장했습니다.<\/p>/);
  assert.match(edit, /사진은 사진 기능이 생기면 여기서 올립니다/);
  const list = await validPage(server, who.admin, '/newsroom/admin/people?q=' + encodeURIComponent('나기'));
  assert.match(list, new RegExp(`<a href="/newsroom/admin/people/${id}">나기자</a>`));
  assert.doesNotMatch(list, /홍보영/);
  // A search for LIKE's own characters finds nothing, not everyone.
  const pct = await validPage(server, who.admin, '/newsroom/admin/people?q=%25');
  assert.match(pct, /그 이름의 기자가 없습니다/);
  const tooLong = await page(server, who.admin, '/newsroom/admin/people?q=' + encodeURIComponent('가'.repeat(61)));
  assert.equal(tooLong.status, 400);
  assert.match(tooLong.body, /검색어는 60자까지입니다/);
});

test('editing a person: errors keep input, the change is audited field by field and reaches the reporter page', async () => {
  const audit0 = await lastAudit(server);
  const bad = await postPerson('/newsroom/admin/people/2', { name: '김민준', email: 'papersong@example.com', desk: '경제부' });
  assert.equal(bad.status, 422);
  assert.equal(inputValue(bad.body, 'person-desk'), '경제부');
  assert.match(fieldError(bad.body, 'person-email-error'), /홍보영 기자/);
  // The public page is cached before the change.
  const pub0 = await get(server.url + '/reporter/2');
  assert.match(pub0.body, /<p class="reporter-desk">산업2부<\/p>/);
  const stored = (await sql(server, 'SELECT email, bio FROM people WHERE id = 2')).split('|');
  const ok = await postPerson('/newsroom/admin/people/2', { name: '김민준', email: stored[0], desk: '경제부', bio: stored[1] });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, '/newsroom/admin/people/2?saved=1');
  assert.deepEqual(await auditSince(server, audit0), [
    ['person.update', 'person:2', "부서: '산업2부' → '경제부'", 'admin1'],
  ]);
  const pub1 = await get(server.url + '/reporter/2');
  assert.match(pub1.body, /<p class="reporter-desk">경제부<\/p>/);
  // Saving the same again writes nothing.
  const same = await postPerson('/newsroom/admin/people/2', { name: '김민준', email: stored[0], desk: '경제부', bio: stored[1] });
  assert.equal(same.status, 200);
  assert.match(same.body, /바뀐 것이 없어 저장하지 않았습니다/);
  assert.equal((await auditSince(server, audit0)).length, 1);
  assert.equal((await page(server, who.admin, '/newsroom/admin/people/999')).status, 404);
  assert.equal((await postPerson('/newsroom/admin/people/999', {})).status, 404);
});

test('linking a reporter to an account: unknown, taken, linked, moved, unlinked — each audited', async () => {
  await staff(server, 'reporter7', 'reporter');
  const audit0 = await lastAudit(server);
  const link = (id, fields) => send(server, who.admin, `/newsroom/admin/people/${id}/account`, fields);
  const unknown = await link(3, { action: 'link', login: 'Nobody-Here' });
  assert.equal(unknown.status, 422);
  assert.equal(inputValue(unknown.body, 'person-login'), 'Nobody-Here');
  assert.match(fieldError(unknown.body, 'person-login-error'), /그런 로그인의 계정이 없습니다/);
  const empty = await link(3, { action: 'link', login: ' ' });
  assert.equal(fieldError(empty.body, 'person-login-error'), '연결할 계정의 로그인을 적어 주십시오.');
  const long = await link(3, { action: 'link', login: 'x'.repeat(101) });
  assert.equal(fieldError(long.body, 'person-login-error'), '로그인은 100바이트까지입니다.');

  // `sinmun user add` gave the reporter account a person of its own: the
  // account is taken until that link is undone.
  const auto = await sql(server, "SELECT p.id FROM people p JOIN accounts a ON a.id = p.account_id WHERE a.login = 'reporter7'");
  assert.ok(Number(auto) > 0);
  const takenByAuto = await link(3, { action: 'link', login: 'Reporter7' });
  assert.equal(takenByAuto.status, 422);
  assert.equal(fieldError(takenByAuto.body, 'person-login-error'),
    `이 계정은 이미 모더reporter7 기자(${auto}번)와 연결되어 있습니다. 그쪽 연결을 먼저 푸십시오.`);
  assert.equal((await link(auto, { action: 'unlink', login: '' })).status, 303);

  // Logins compare as sign-in does: case folded.
  const ok = await link(3, { action: 'link', login: 'Reporter7' });
  assert.equal(ok.status, 303);
  const acct = await sql(server, "SELECT id FROM accounts WHERE login = 'reporter7'");
  assert.equal(await sql(server, 'SELECT account_id FROM people WHERE id = 3'), acct);
  const shown = await validPage(server, who.admin, '/newsroom/admin/people/3');
  assert.match(shown, /<strong>reporter7<\/strong>/);
  const list = await validPage(server, who.admin, '/newsroom/admin/people');
  assert.match(list, /<tr id="person-3">[\s\S]*?<td>reporter7<\/td>/);

  // One account, one person.
  const taken = await link(4, { action: 'link', login: 'reporter7' });
  assert.equal(taken.status, 422);
  assert.equal(fieldError(taken.body, 'person-login-error'),
    '이 계정은 이미 이서연 기자(3번)와 연결되어 있습니다. 그쪽 연결을 먼저 푸십시오.');
  assert.equal(await sql(server, 'SELECT CASE WHEN account_id IS NULL THEN 1 ELSE 0 END FROM people WHERE id = 4'), '1');

  // Moving person 3 to another account, then unlinking.
  assert.equal((await link(3, { action: 'link', login: 'admin1' })).status, 303);
  assert.equal((await link(3, { action: 'unlink', login: '' })).status, 303);
  assert.equal(await sql(server, 'SELECT CASE WHEN account_id IS NULL THEN 1 ELSE 0 END FROM people WHERE id = 3'), '1');
  assert.deepEqual(await auditSince(server, audit0), [
    ['person.unlink', `person:${auto}`, "계정 'reporter7' 연결 해제", 'admin1'],
    ['person.link', 'person:3', "계정 'reporter7' 연결", 'admin1'],
    ['person.link', 'person:3', "계정 'reporter7' → 'admin1'", 'admin1'],
    ['person.unlink', 'person:3', "계정 'admin1' 연결 해제", 'admin1'],
  ]);
  const bogus = await link(3, { action: 'steal', login: 'admin1' });
  assert.equal(bogus.status, 422);
});

test('the people list pages by keyset, newest first', async () => {
  await sql(server, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 130)
    INSERT INTO people(name, email, desk, bio, created_at) SELECT '대량' || i, '', '', '', 1500000000 + i / 4 FROM n`);
  const want = (await sql(server, 'SELECT id FROM people ORDER BY created_at DESC, id DESC')).split('\n').map(Number);
  const seen = [];
  let url = '/newsroom/admin/people';
  while (url) {
    const html = await validPage(server, who.admin, url);
    seen.push(...[...html.matchAll(/<tr id="person-(\d+)">/g)].map((m) => Number(m[1])));
    url = /<a href="([^"]*)" rel="next">/.exec(html)?.[1].replaceAll('&amp;', '&');
  }
  assert.deepEqual(seen, want);
  // With a search, the links keep it.
  const first = await validPage(server, who.admin, '/newsroom/admin/people?q=' + encodeURIComponent('대량'));
  const next = /<a href="([^"]*)" rel="next">/.exec(first)[1].replaceAll('&amp;', '&');
  assert.match(next, /^\/newsroom\/admin\/people\?q=%EB%8C%80%EB%9F%89&before=\d+\.\d+$/);
  const second = await validPage(server, who.admin, next);
  assert.ok([...second.matchAll(/<tr id="person-\d+">\s*<td><a[^>]*>대량/g)].length > 0);
  assert.doesNotMatch(second, />홍보영</);
});
