// The newsroom's workflow over HTTP (docs/newsroom.md, "Workflow"): every
// transition of the state machine through the editor's buttons, each
// leaving one revision, and every refusal: a reporter publishing, a
// reporter editing or opening another's article, a reporter saving what
// they already sent to the desk, a reader, a moderator or a guest opening
// /newsroom/articles/new, a send-back without a reason, a schedule in the
// past.  Refusals change nothing in the database.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { validateHtml } from '../lib/server.mjs';
import { signUp } from '../comments/lib.mjs';
import {
  act, create, edit, form, formError, jar, page, send, seoulLocal, setClock, sql, staff, startNewsroomServer, status,
  textareaText, until,
} from './lib.mjs';

let server;
let rep;
let rep2;
let desk;
let admin;
let mod;

before(async () => {
  server = await startNewsroomServer();
  rep = await staff(server, 'rep', 'reporter', '홍보영');
  rep2 = await staff(server, 'rep2', 'reporter', '김민수');
  desk = await staff(server, 'desk', 'editor', '이데스크');
  admin = await staff(server, 'boss', 'admin', '관리자');
  mod = await staff(server, 'mod', 'moderator', '모더');
});

after(async () => {
  await server?.stop();
});

/** Revisions of article 'id': "version kind status" lines. */
async function revisions(id) {
  return (await sql(server,
    `SELECT version || ' ' || kind || ' ' || status FROM article_revisions WHERE article_id = ${id} ORDER BY version`))
    .split('\n');
}

test('`sinmun user add --role reporter` links a people row; a moderator gets none', () => {
  assert.ok(rep.personId > 0);
  assert.ok(desk.personId > 0);
  assert.equal(mod.personId, null);
});

test('a reporter writes a draft with their own byline by default and submits it; the desk sends it back, the reporter resubmits', async () => {
  let res = await page(server, '/newsroom/articles/new', rep.jar);
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  assert.match(res.body, new RegExp(`<option value="${rep.personId}" selected>홍보영`));
  const id = await create(server, rep.jar, form(rep));
  assert.equal(await status(server, id), 'draft');
  assert.equal(await sql(server, `SELECT created_by FROM articles WHERE id = ${id}`), String(rep.accountId));

  res = await act(server, rep.jar, id, 'submit');
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/newsroom/articles/${id}/edit?done=submit`);
  assert.equal(await status(server, id), 'review');
  assert.equal(await sql(server, `SELECT submitted_by FROM articles WHERE id = ${id}`), String(rep.accountId));

  // The desk's queue lists it with who submitted it.
  res = await page(server, '/newsroom', desk.jar);
  assert.match(res.body, new RegExp(`<ul class="desk-list" id="desk-review">[\\s\\S]*?/newsroom/articles/${id}/edit[\\s\\S]*?홍보영 넘김`));
  assert.deepEqual(await validateHtml(res.body), []);

  // Sent back without a reason: refused, the typed text kept.
  res = await act(server, desk.jar, id, 'send_back', { desk_note: '  ', title: '데스크가 고친 제목' });
  assert.equal(res.status, 422);
  assert.match(formError(res.body), /돌려보내는 이유를 적어 주십시오/);
  assert.match(res.body, /value="데스크가 고친 제목"/);
  assert.equal(await status(server, id), 'review');

  res = await act(server, desk.jar, id, 'send_back', { desk_note: '취재원 실명을 확인해 주세요.' });
  assert.equal(res.status, 303);
  assert.equal(await status(server, id), 'draft');
  res = await page(server, `/newsroom/articles/${id}/edit`, rep.jar);
  assert.match(res.body, /<p class="desk-note" role="note"><strong>데스크 메모<\/strong> 취재원 실명을 확인해 주세요\.<\/p>/);

  res = await act(server, rep.jar, id, 'submit', { body: '고친 본문입니다.' });
  assert.equal(res.status, 303);
  assert.equal(await status(server, id), 'review');
  assert.equal(await sql(server, `SELECT desk_note FROM articles WHERE id = ${id}`), '');
  assert.deepEqual(await revisions(id), [
    '1 save draft', '2 status review', '3 status draft', '4 save review',
  ]);
});

test('the desk publishes, retracts, reopens, schedules and unschedules; 기사입력 is set once', async () => {
  const id = await create(server, rep.jar, form(rep, { title: '출고 흐름' }));
  let res = await act(server, desk.jar, id, 'publish');
  assert.equal(res.status, 303);
  assert.equal(await status(server, id), 'published');
  const published = await sql(server, `SELECT published_at FROM articles WHERE id = ${id}`);
  assert.ok(Number(published) > 0);
  assert.equal((await page(server, `/article/${id}`)).status, 200);

  res = await act(server, desk.jar, id, 'retract');
  assert.equal(res.status, 303);
  assert.equal(await status(server, id), 'retracted');
  assert.equal((await page(server, `/article/${id}`)).status, 404);

  res = await act(server, admin.jar, id, 'reopen');
  assert.equal(res.status, 303);
  assert.equal(await status(server, id), 'draft');

  res = await act(server, desk.jar, id, 'schedule', { publish_at: seoulLocal(3600) });
  assert.equal(res.status, 303);
  assert.equal(await status(server, id), 'scheduled');
  const at = Number(await sql(server, `SELECT scheduled_at FROM articles WHERE id = ${id}`));
  assert.ok(Math.abs(at - (Date.now() / 1000 + 3600)) < 120, `scheduled_at ${at}`);
  res = await page(server, '/newsroom', desk.jar);
  assert.match(res.body, new RegExp(`id="desk-scheduled">[\\s\\S]*?/newsroom/articles/${id}/edit`));

  res = await act(server, desk.jar, id, 'unschedule');
  assert.equal(res.status, 303);
  assert.equal(await status(server, id), 'review');
  assert.equal(await sql(server, `SELECT CASE WHEN scheduled_at IS NULL THEN 1 ELSE 0 END FROM articles WHERE id = ${id}`), '1');

  res = await act(server, desk.jar, id, 'schedule', { publish_at: seoulLocal(7200) });
  assert.equal(await status(server, id), 'scheduled');
  res = await act(server, desk.jar, id, 'retract');
  assert.equal(await status(server, id), 'retracted');
  res = await act(server, desk.jar, id, 'reopen');
  res = await act(server, desk.jar, id, 'publish');
  assert.equal(await status(server, id), 'published');
  // Out again: 기사입력 stays the first publishing, 기사수정 is set.
  assert.equal(await sql(server, `SELECT published_at FROM articles WHERE id = ${id}`), published);
  assert.notEqual(await sql(server, `SELECT coalesce(modified_at, 0) FROM articles WHERE id = ${id}`), '0');
  assert.equal(Number(await sql(server, `SELECT count(*) FROM article_revisions WHERE article_id = ${id}`)), 10);
});

test('a later title or body edit of a published article sets 기사수정 and shows it', async () => {
  const id = await create(server, rep.jar, form(rep, { title: '수정될 기사' }));
  await act(server, desk.jar, id, 'publish');
  let html = (await page(server, `/article/${id}`)).body;
  assert.doesNotMatch(html, /기사수정/);
  let res = await edit(server, desk.jar, id, { keywords: '바뀐 키워드' });
  assert.equal(res.status, 303);
  assert.equal(await sql(server, `SELECT CASE WHEN modified_at IS NULL THEN 1 ELSE 0 END FROM articles WHERE id = ${id}`), '1');
  // A minute later (the test clock), so 기사수정 differs from 기사입력.
  await setClock(server.clockFile, 60);
  await until(() => server.stderr().includes('test clock: now 60 s ahead'), 5000, 'the clock');
  res = await edit(server, desk.jar, id, { body: '본문을 고쳤습니다.' });
  assert.equal(res.status, 303);
  html = (await page(server, `/article/${id}`)).body;
  assert.match(html, /기사수정 <time datetime="[^"]+">/);
  assert.match(html, /본문을 고쳤습니다\./);
});

test('a reporter cannot publish, schedule, retract or send back: 403, nothing written', async () => {
  const id = await create(server, rep.jar, form(rep, { title: '기자가 출고하려는 기사' }));
  for (const action of ['publish', 'schedule', 'retract', 'send_back', 'unschedule', 'reopen']) {
    const res = await act(server, rep.jar, id, action, { publish_at: seoulLocal(600), desk_note: '이유' });
    assert.equal(res.status, 403, action);
    assert.match(formError(res.body), /데스크\(편집자\)만 할 수 있는 일입니다/, action);
    assert.equal(await status(server, id), 'draft', action);
  }
  // The form does not even offer the desk's buttons.
  const html = (await page(server, `/newsroom/articles/${id}/edit`, rep.jar)).body;
  assert.doesNotMatch(html, /value="publish"/);
  assert.match(html, /value="submit"/);
  assert.equal(await sql(server, `SELECT count(*) FROM article_revisions WHERE article_id = ${id}`), '1');
});

test('a reporter cannot open, preview, edit, autosave or restore another reporter\'s article', async () => {
  const id = await create(server, rep.jar, form(rep, { title: '다른 기자의 초안' }));
  for (const path of ['edit', 'preview', 'revisions', 'revisions/diff?a=1&b=1']) {
    const res = await page(server, `/newsroom/articles/${id}/${path}`, rep2.jar);
    assert.equal(res.status, 403, path);
    assert.match(res.body, /다른 기자의 기사는 데스크만 열 수 있습니다/, path);
    assert.doesNotMatch(res.body, /다른 기자의 초안/, path);
  }
  let res = await edit(server, rep2.jar, id, { title: '남의 기사를 고침' });
  assert.equal(res.status, 403);
  assert.doesNotMatch(res.body, /다른 기자의 초안/);
  res = await send(server, rep2.jar, `/newsroom/articles/${id}/autosave`, { base_version: '1', title: '몰래' });
  assert.equal(res.status, 403);
  assert.equal(JSON.parse(res.body).ok, false);
  res = await send(server, rep2.jar, `/newsroom/articles/${id}/revisions/1/restore`, { base_version: '1' });
  assert.equal(res.status, 403);
  assert.equal(await sql(server, `SELECT title || '|' || version FROM articles WHERE id = ${id}`), '다른 기자의 초안|1');
  assert.equal(await sql(server, `SELECT count(*) FROM article_autosaves WHERE article_id = ${id}`), '0');
  // A co-author on the byline may.
  res = await edit(server, rep.jar, id, { author2: String(rep2.personId) });
  assert.equal(res.status, 303);
  res = await page(server, `/newsroom/articles/${id}/edit`, rep2.jar);
  assert.equal(res.status, 200);
});

test('a reporter cannot change what they sent to the desk; the editor can', async () => {
  const id = await create(server, rep.jar, form(rep, { title: '넘긴 기사' }));
  await act(server, rep.jar, id, 'submit');
  let res = await page(server, `/newsroom/articles/${id}/edit`, rep.jar);
  assert.equal(res.status, 200);
  assert.match(res.body, /데스크로 넘긴 기사는 데스크만 고칠 수 있습니다/);
  assert.doesNotMatch(res.body, /value="save" class="primary-button"/);
  res = await edit(server, rep.jar, id, { title: '넘긴 뒤 고침' });
  assert.equal(res.status, 409);
  assert.match(formError(res.body), /데스크로 넘긴 기사는 데스크만 고칠 수 있습니다/);
  assert.match(res.body, /value="넘긴 뒤 고침"/);
  assert.equal(await sql(server, `SELECT title FROM articles WHERE id = ${id}`), '넘긴 기사');
  res = await edit(server, desk.jar, id, { title: '데스크가 고침' });
  assert.equal(res.status, 303);
  assert.equal(await sql(server, `SELECT title FROM articles WHERE id = ${id}`), '데스크가 고침');
});

test('wrong states are refused with 409: publishing twice, unscheduling a draft, reopening a published one', async () => {
  const id = await create(server, rep.jar, form(rep, { title: '상태 오류' }));
  let res = await act(server, desk.jar, id, 'unschedule');
  assert.equal(res.status, 409);
  assert.match(formError(res.body), /예약된 기사가 아닙니다/);
  res = await act(server, desk.jar, id, 'send_back', { desk_note: '이유' });
  assert.equal(res.status, 409);
  await act(server, desk.jar, id, 'publish');
  res = await act(server, desk.jar, id, 'publish');
  assert.equal(res.status, 409);
  assert.match(formError(res.body), /이미 출고된 기사입니다/);
  res = await act(server, desk.jar, id, 'reopen');
  assert.equal(res.status, 409);
  res = await act(server, desk.jar, id, 'submit');
  assert.equal(res.status, 403); // the desk is not its author
  assert.equal(await status(server, id), 'published');
});

test('a schedule needs a time in the future, written so it can be read', async () => {
  const id = await create(server, rep.jar, form(rep, { title: '예약 시각' }));
  for (const [publishAt, want] of [
    ['', /예약 출고할 날짜와 시각을 적어 주십시오/],
    ['내일 아침', /예약 시각을 알아볼 수 없습니다/],
    [seoulLocal(-120), /예약 시각은 지금\([^)]*\)보다 뒤여야 합니다/],
    [seoulLocal(400 * 86400), /1년 안으로만/],
  ]) {
    const res = await act(server, desk.jar, id, 'schedule', { publish_at: publishAt });
    assert.equal(res.status, 422, publishAt);
    assert.match(formError(res.body), want, publishAt);
    assert.match(res.body, new RegExp(`name="publish_at" type="datetime-local" value="${publishAt}"`), publishAt);
  }
  const res = await act(server, desk.jar, id, 'publish', { body: ' \n ' });
  assert.equal(res.status, 422);
  assert.match(formError(res.body), /본문이 비어 있는 기사는 출고할 수 없습니다/);
  assert.equal(textareaText(res.body, 'body'), ' \n ');
  assert.equal(await status(server, id), 'draft');
});

test('a reader, a moderator and a guest cannot open or post /newsroom/articles/new', async () => {
  const reader = jar();
  await signUp(server, reader, 'reader@example.com', '독자');
  for (const [who, j] of [['reader', reader], ['moderator', mod.jar], ['guest', null]]) {
    let res = await page(server, '/newsroom/articles/new', j);
    assert.equal(res.status, 403, who);
    res = await send(server, j ?? jar(), '/newsroom/articles/new', form(rep, { title: `${who}의 기사` }));
    assert.equal(res.status, 403, who);
    assert.equal(await sql(server, `SELECT count(*) FROM articles WHERE title = '${who}의 기사'`), '0');
  }
  // A guest is offered the sign-in.
  const res = await page(server, '/newsroom/articles/new');
  assert.match(res.body, /\/signin\?next=/);
});

test('a missing article is a 404 on every newsroom page', async () => {
  for (const path of ['/newsroom/articles/999999/edit', '/newsroom/articles/999999/preview',
    '/newsroom/articles/999999/revisions', '/newsroom/articles/abc/edit']) {
    assert.equal((await page(server, path, desk.jar)).status, 404, path);
  }
  const res = await send(server, desk.jar, '/newsroom/articles/999999/edit', form(desk));
  assert.equal(res.status, 404);
});

test('every newsroom POST needs the CSRF token: without it nothing is written', async () => {
  const id = await create(server, rep.jar, form(rep, { title: 'CSRF 확인' }));
  const posts = [
    ['/newsroom/articles/new', form(rep, { title: 'CSRF 없는 새 기사' })],
    [`/newsroom/articles/${id}/edit`, { ...form(rep, { title: 'CSRF 없는 저장' }), base_version: '1' }],
    [`/newsroom/articles/${id}/autosave`, { ...form(rep, { title: 'CSRF 없는 자동 저장' }), base_version: '1' }],
    [`/newsroom/articles/${id}/revisions/1/restore`, { base_version: '1' }],
  ];
  for (const [path, fields] of posts) {
    for (const csrf of [undefined, 'forged-token']) {
      const body = new URLSearchParams(csrf ? { ...fields, csrf } : fields).toString();
      const res = await (await import('../lib/server.mjs')).post(server.url + path, body, {
        headers: { cookie: rep.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(res.status, 403, `${path} ${csrf ?? 'no token'}`);
    }
  }
  assert.equal(await sql(server, `SELECT count(*) FROM articles WHERE title LIKE 'CSRF 없는%'`), '0');
  assert.equal(await sql(server, `SELECT version FROM articles WHERE id = ${id}`), '1');
  assert.equal(await sql(server, `SELECT count(*) FROM article_autosaves WHERE article_id = ${id}`), '0');
});
