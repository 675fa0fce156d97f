// The newsroom home (issue 9 §6): /newsroom shows the lists' tabs with
// counts and the first rows of each list in the viewer's order (a
// reporter's drafts first, the desk's queue first); /newsroom/{drafts,
// desk, scheduled, published, corrected} show one list whole, paged by
// keyset (?before=/?after=, ties in time neither lost nor repeated) and
// searchable by title. A reporter sees only their own drafts,
// submissions and scheduled articles; a moderator only the moderation
// tools. The workflow that fills these lists is another page; rows are
// put in the tables directly here.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer, validateHtml } from '../lib/server.mjs';
import { decodeEntities, sql } from '../feeds/lib.mjs';
import { send } from '../comments/lib.mjs';
import { staff } from '../reports/lib.mjs';

let server;
let repA; // 홍보영's account (person 1)
let repB; // 김민준's account (person 2)
let editor;
let moderator;
let idA;
let idB;
const now = Math.floor(Date.now() / 1000);
const ids = {}; // name → article id

before(async () => {
  server = await startServer();
  repA = await staff(server, 'home-rep-a', 'reporter');
  repB = await staff(server, 'home-rep-b', 'reporter');
  editor = await staff(server, 'home-editor', 'editor');
  moderator = await staff(server, 'home-mod', 'moderator');
  const db = server.dbPath;
  idA = Number(await sql(db, "SELECT id FROM accounts WHERE login = 'home-rep-a'"));
  idB = Number(await sql(db, "SELECT id FROM accounts WHERE login = 'home-rep-b'"));
  // `sinmun user add` gives a reporter a person of their own; these two
  // sign in as the demo's first two bylines instead.
  await sql(
    db,
    `UPDATE people SET account_id = NULL WHERE account_id IN (${idA}, ${idB});` +
      ` UPDATE people SET account_id = ${idA} WHERE id = 1; UPDATE people SET account_id = ${idB} WHERE id = 2`,
  );
  const add = async (name, f) => {
    const cols = {
      section_id: 1, author_id: 1, status: 'draft', title: name, body_md: '본문', body_html: '<p>본문</p>',
      created_at: now - 86400, updated_at: now - 3600, ...f,
    };
    const q = (v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
    const id = Number(
      await sql(
        db,
        `INSERT INTO articles(${Object.keys(cols).join(', ')}) VALUES (${Object.values(cols).map(q).join(', ')});` +
          ` INSERT INTO article_authors(article_id, person_id, position) SELECT max(id), ${cols.author_id}, 0 FROM articles;` +
          ' SELECT max(id) FROM articles',
      ),
    );
    ids[name] = id;
    return id;
  };
  // A's drafts (one only through a byline linked to A), B's draft.
  await add('A 초고 하나', { created_by: idA, updated_at: now - 300 });
  await add('A 초고 둘 <script>alert(1)</script>', { created_by: idA, updated_at: now - 200 });
  await add('A 공동 초고', { created_by: idB, author_id: 2, updated_at: now - 100 });
  await sql(db, `INSERT INTO article_authors(article_id, person_id, position) VALUES (${ids['A 공동 초고']}, 1, 1)`);
  await add('B 초고', { created_by: idB, author_id: 2, updated_at: now - 50 });
  // The desk queue: B's is the oldest submission; one has no submission
  // time (sorted by its last save).
  await add('A 송고 둘째', { status: 'review', created_by: idA, submitted_by: idA, submitted_at: now - 2000 });
  await add('B 송고 첫째', { status: 'review', created_by: idB, author_id: 2, submitted_by: idB, submitted_at: now - 3000 });
  await add('A 송고 셋째', { status: 'review', created_by: idA, submitted_by: idA, submitted_at: null, updated_at: now - 1000 });
  // Scheduled: B's goes first.
  await add('A 예약', { status: 'scheduled', created_by: idA, scheduled_at: now + 7200 });
  await add('B 예약', { status: 'scheduled', created_by: idB, author_id: 2, scheduled_at: now + 3600 });
  // Published today.
  await add('오늘 출고', { status: 'published', created_by: idA, published_at: now - 1 });
});

after(async () => {
  await server?.stop();
});

function getAs(j, path) {
  return get(server.url + path, { headers: { cookie: j.header() } });
}

/** The tabs: [label, count text]. */
function tabs(html) {
  return [...html.matchAll(/<li><a href="\/newsroom\/([a-z]+)"[^>]*>([^<]+) <span class="desk-count">([^<]+)<\/span><\/a><\/li>/g)].map((m) => [m[1], m[2], m[3]]);
}

/** The blocks of the home page in order, each with its row titles. */
function blocks(html) {
  return [...html.matchAll(/<section class="desk-block" aria-labelledby="block-([a-z]+)">([\s\S]*?)<\/section>/g)].map((m) => ({ slug: m[1], titles: titles(m[2]) }));
}

/** Row titles of a list, in order. */
function titles(html) {
  return [...html.matchAll(/<p class="desk-row-title"><a href="\/newsroom\/articles\/(\d+)\/edit">([^<]*)<\/a>/g)].map((m) => decodeEntities(m[2]));
}

/** Row ids of a list, in order. */
function rowIds(html) {
  return [...html.matchAll(/<li class="desk-row" data-id="(\d+)">/g)].map((m) => Number(m[1]));
}

function nextUrl(html) {
  const m = /<a href="([^"]+)" rel="next">/.exec(html);
  return m ? decodeEntities(m[1]) : null;
}

function prevUrl(html) {
  const m = /<a href="([^"]+)" rel="prev">/.exec(html);
  return m ? decodeEntities(m[1]) : null;
}

test('a reporter: their drafts first, only their own unpublished articles', async () => {
  const res = await getAs(repA, '/newsroom');
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  assert.deepEqual(tabs(res.body), [
    ['drafts', '내 기사', '3'],
    ['desk', '송고한 기사', '2'],
    ['scheduled', '예약된 내 기사', '1'],
    ['published', '출고', '오늘 1'],
    ['corrected', '정정', '오늘 0'],
  ]);
  const b = blocks(res.body);
  assert.deepEqual(b.map((x) => x.slug), ['drafts', 'desk', 'scheduled', 'published', 'corrected']);
  // Newest save first; the co-written draft (a byline linked to A)
  // counts as A's; B's draft is not shown.
  assert.deepEqual(b[0].titles, ['A 공동 초고', 'A 초고 둘 <script>alert(1)</script>', 'A 초고 하나']);
  assert.deepEqual(b[1].titles, ['A 송고 둘째', 'A 송고 셋째']);
  assert.deepEqual(b[2].titles, ['A 예약']);
  assert.equal(b[3].titles[0], '오늘 출고');
  assert.doesNotMatch(res.body, /<script>alert/);
  assert.match(res.body, /<a class="button-link" href="\/newsroom\/articles\/new">새 기사 쓰기<\/a>/);
  assert.doesNotMatch(res.body, /href="\/newsroom\/front"/, 'no 메인 편집 for a reporter');
  // Every row links to the editor.
  assert.match(res.body, new RegExp(`href="/newsroom/articles/${ids['A 초고 하나']}/edit"`));

  const drafts = await getAs(repB, '/newsroom/drafts');
  assert.deepEqual(titles(drafts.body), ['B 초고', 'A 공동 초고']);
  const desk = await getAs(repB, '/newsroom/desk');
  assert.deepEqual(titles(desk.body), ['B 송고 첫째']);
  // A search never reaches someone else's drafts.
  const search = await getAs(repB, '/newsroom/drafts?q=' + encodeURIComponent('A 초고'));
  assert.deepEqual(titles(search.body), []);
});

test('the desk: the queue first, oldest submission first, who submitted it and when', async () => {
  const res = await getAs(editor, '/newsroom');
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  assert.deepEqual(tabs(res.body).map(([slug, label]) => [slug, label]), [
    ['desk', '데스크 대기'],
    ['scheduled', '예약'],
    ['drafts', '내 기사'],
    ['published', '출고'],
    ['corrected', '정정'],
  ]);
  assert.deepEqual(tabs(res.body).map(([, , n]) => n).slice(0, 3), ['3', '2', '0']);
  const b = blocks(res.body);
  assert.deepEqual(b[0].titles, ['B 송고 첫째', 'A 송고 둘째', 'A 송고 셋째']);
  assert.deepEqual(b[1].titles, ['B 예약', 'A 예약']);
  assert.deepEqual(b[2].titles, []);
  assert.match(res.body, /작성중인 기사가 없습니다\./);
  assert.match(res.body, /<a href="\/newsroom\/front">메인 편집<\/a>/);
  // Who submitted and when (Asia/Seoul), and the scheduled time.
  const row = new RegExp(`<li class="desk-row" data-id="${ids['B 송고 첫째']}">[\\s\\S]*?</li>`).exec(res.body)[0];
  const seoul = (t) => new Date((t + 9 * 3600) * 1000).toISOString().replace('T', ' ').slice(0, 19);
  assert.match(row, new RegExp(`김민준 넘김 <time datetime="[^"]+\\+09:00">${seoul(now - 3000)}</time> 송고`));
  const sched = new RegExp(`<li class="desk-row" data-id="${ids['B 예약']}">[\\s\\S]*?</li>`).exec(res.body)[0];
  assert.match(sched, new RegExp(`<time datetime="[^"]+">${seoul(now + 3600)}</time> 출고 예약`));
  // A row of the queue has one link: the editor.
  assert.equal((row.match(/<a /g) ?? []).length, 1);
});

test('a moderator sees the moderation tools only', async () => {
  const res = await getAs(moderator, '/newsroom');
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  assert.match(res.body, /<a href="\/newsroom\/moderation">댓글·신고 관리<\/a>/);
  assert.doesNotMatch(res.body, /desk-tabs|desk-block|새 기사 쓰기/);
  for (const tab of ['drafts', 'desk', 'scheduled', 'published', 'corrected']) {
    assert.equal((await getAs(moderator, `/newsroom/${tab}`)).status, 403, tab);
  }
});

test('recently corrected: notices show up today, with links for the desk', async () => {
  for (const id of [3, 5]) {
    const res = await send(server, editor, `/newsroom/articles/${id}/corrections`, { kind: 'correction', text: `${id}번 기사 정정` });
    assert.equal(res.status, 303);
  }
  const res = await getAs(editor, '/newsroom/corrected');
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  assert.deepEqual(rowIds(res.body), [5, 3], 'newest notice first');
  assert.ok(tabs(res.body).some(([slug, , n]) => slug === 'corrected' && n === '오늘 2'));
  assert.match(res.body, /<a href="\/article\/5">기사 보기<\/a> · <a href="\/newsroom\/articles\/5\/corrections">정정·반론보도<\/a>/);
  // A corrected article retracted later says so.
  await sql(server.dbPath, "UPDATE articles SET status = 'retracted' WHERE id = 3");
  const after = await getAs(editor, '/newsroom/corrected');
  assert.match(new RegExp('<li class="desk-row" data-id="3">[\\s\\S]*?</li>').exec(after.body)[0], /<span class="desk-badge">삭제<\/span>/);
  await sql(server.dbPath, "UPDATE articles SET status = 'published' WHERE id = 3");
  // Reporters see the list too, without the desk's link.
  const rep = await getAs(repA, '/newsroom/corrected');
  assert.deepEqual(rowIds(rep.body), [5, 3]);
  assert.doesNotMatch(rep.body, /\/corrections"/);
});

test('published: paged by keyset, no row lost or repeated, links carry the search', async () => {
  const total = Number(await sql(server.dbPath, "SELECT count(*) FROM articles WHERE status = 'published'"));
  const seen = [];
  let url = '/newsroom/published';
  let pages = 0;
  let last;
  while (url) {
    const res = await getAs(editor, url);
    assert.equal(res.status, 200, url);
    if (pages === 0) assert.deepEqual(await validateHtml(res.body), []);
    const got = rowIds(res.body);
    assert.ok(got.length <= 30);
    seen.push(...got);
    last = res;
    url = nextUrl(res.body);
    pages++;
  }
  assert.equal(seen.length, total);
  assert.equal(new Set(seen).size, total);
  const order = (await sql(server.dbPath, "SELECT id FROM articles WHERE status = 'published' ORDER BY published_at DESC, id DESC")).split('\n').map(Number);
  assert.deepEqual(seen, order);
  assert.equal(pages, Math.ceil(total / 30));
  // Back from the last page.
  const back = await getAs(editor, prevUrl(last.body));
  assert.equal(back.status, 200);
  assert.deepEqual(rowIds(back.body), order.slice((pages - 2) * 30, (pages - 1) * 30));
  // Malformed or numbered positions are 404s.
  for (const bad of ['?before=abc', '?before=1.0', '?after=01.5', '?page=2', '?before=1.2&after=1.2']) {
    assert.equal((await getAs(editor, '/newsroom/published' + bad)).status, 404, bad);
  }

  // A search: every title holds it, and the next link keeps it.
  const q = '반도체';
  const first = await getAs(editor, '/newsroom/published?q=' + encodeURIComponent(q));
  const t = titles(first.body);
  assert.ok(t.length > 0 && t.every((x) => x.includes(q)));
  const expected = Number(await sql(server.dbPath, `SELECT count(*) FROM articles WHERE status = 'published' AND title LIKE '%${q}%'`));
  if (expected > 30) {
    const next = nextUrl(first.body);
    assert.match(next, /[?&]q=%EB%B0%98%EB%8F%84%EC%B2%B4/);
    const second = await getAs(editor, next);
    assert.ok(titles(second.body).every((x) => x.includes(q)));
  } else {
    assert.equal(t.length, expected);
  }
  const evil = await getAs(editor, '/newsroom/published?q=' + encodeURIComponent('<script>x'));
  assert.equal(evil.status, 200);
  assert.match(evil.body, /value="&lt;script&gt;x"/);
  assert.doesNotMatch(evil.body, /<script>x/);
  assert.deepEqual(await validateHtml(evil.body), []);
  const pct = await getAs(editor, '/newsroom/published?q=%25');
  assert.deepEqual(titles(pct.body), [], '% is a character, not a wildcard');
  const long = await getAs(editor, '/newsroom/published?q=' + '가'.repeat(100));
  assert.equal(long.status, 400);
});

test('the desk queue pages through ties in submission time without losing a row', async () => {
  const t = now - 5000;
  const added = [];
  for (let i = 0; i < 35; i++) {
    added.push(
      Number(
        await sql(
          server.dbPath,
          `INSERT INTO articles(section_id, author_id, status, title, body_md, body_html, created_at, updated_at, submitted_at, submitted_by, created_by) VALUES (2, 3, 'review', '동시 송고 ${i}', 'x', '<p>x</p>', ${t}, ${t}, ${t}, ${idB}, ${idB}); SELECT max(id) FROM articles`,
        ),
      ),
    );
  }
  const seen = [];
  let url = '/newsroom/desk';
  while (url) {
    const res = await getAs(editor, url);
    assert.equal(res.status, 200);
    seen.push(...rowIds(res.body));
    url = nextUrl(res.body);
  }
  // The 35 tied ones come first (oldest), in id order, then the rest.
  assert.deepEqual(seen.slice(0, 35), added);
  assert.deepEqual(seen.slice(35), [ids['B 송고 첫째'], ids['A 송고 둘째'], ids['A 송고 셋째']]);
  const home = await getAs(editor, '/newsroom');
  assert.ok(tabs(home.body).some(([slug, , n]) => slug === 'desk' && n === '38'));
  assert.match(home.body, /<a href="\/newsroom\/desk">데스크 대기 전체 보기<\/a>/);
});
