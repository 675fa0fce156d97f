// Title search on the newsroom's lists and the front editor, a window at a
// time (articles/desk_db.c desk_db_search()): each request walks at most
// 10,000 rows of the list (DESK_SEARCH_WINDOW), so a word few titles hold
// costs the same at any archive size; when the window ends before a page
// is full, "이어서 찾기" goes on from there. Checked on 25,000 extra
// published articles: a full page of matches pages on with no row lost
// or repeated; a rare title far down is reached by following the links;
// a word in no title ends.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer, validateHtml } from '../lib/server.mjs';
import { decodeEntities, sql } from '../feeds/lib.mjs';
import { staff } from '../reports/lib.mjs';

const WINDOW = 10000;
const EXTRA = 25000;
let server;
let editor;
let rareId;

before(async () => {
  server = await startServer();
  editor = await staff(server, 'search-editor', 'editor');
  // 25,000 published articles older than the demo's, one second apart;
  // every 7th is a "희소" article, and one far down has a unique word.
  await sql(
    server.dbPath,
    'INSERT INTO articles(section_id, author_id, status, title, body_md, body_html, published_at, created_at, updated_at)' +
      ` WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ${EXTRA})` +
      " SELECT 1 + i % 6, 1 + i % 5, 'published', '보관 기사 ' || i || CASE WHEN i % 7 = 0 THEN ' 희소' ELSE '' END," +
      " 'x', '<p>x</p>', 1000000000 - i, 0, 0 FROM c;" +
      " INSERT INTO article_authors(article_id, person_id, position) SELECT id, author_id, 0 FROM articles WHERE id NOT IN (SELECT article_id FROM article_authors);" +
      " UPDATE articles SET title = '보관 기사 유일무이' WHERE title = '보관 기사 22222';",
  );
  rareId = Number(await sql(server.dbPath, "SELECT id FROM articles WHERE title = '보관 기사 유일무이'"));
});

after(async () => {
  await server?.stop();
});

function getAs(path) {
  return get(server.url + path, { headers: { cookie: editor.header() } });
}

function rows(html) {
  return [...html.matchAll(/<li class="desk-row" data-id="(\d+)">/g)].map((m) => Number(m[1]));
}

function nextLink(html) {
  const m = /<a href="([^"]+)" rel="next">([^<]+)<\/a>/.exec(html);
  return m ? { url: decodeEntities(m[1]), text: m[2] } : null;
}

test('a word in many titles: full pages, then on, nothing lost or repeated', async () => {
  const q = encodeURIComponent('희소');
  const want = (await sql(server.dbPath, "SELECT id FROM articles WHERE status = 'published' AND title LIKE '%희소%' ORDER BY published_at DESC, id DESC LIMIT 90")).split('\n').map(Number);
  const seen = [];
  let url = `/newsroom/published?q=${q}`;
  for (let page = 0; page < 3; page++) {
    const res = await getAs(url);
    assert.equal(res.status, 200);
    if (page === 0) assert.deepEqual(await validateHtml(res.body), []);
    const got = rows(res.body);
    assert.equal(got.length, 30, `page ${page + 1} is full`);
    seen.push(...got);
    const next = nextLink(res.body);
    assert.equal(next.text, '다음');
    assert.match(next.url, /[?&]q=%ED%9D%AC%EC%86%8C/);
    url = next.url;
  }
  assert.deepEqual(seen, want);
  // Searches go forward only.
  assert.equal((await getAs(`/newsroom/published?q=${q}&after=1000000000.5`)).status, 404);
});

test('a rare title far down is reached window by window', async () => {
  const q = encodeURIComponent('유일무이');
  let url = `/newsroom/published?q=${q}`;
  let hops = 0;
  let found = [];
  for (;;) {
    const res = await getAs(url);
    assert.equal(res.status, 200);
    found.push(...rows(res.body));
    const next = nextLink(res.body);
    if (!next) break;
    assert.equal(next.text, '이어서 찾기', 'a page cut by its window says so');
    assert.match(res.body, new RegExp(`목록을 ${WINDOW}건까지 찾아봤습니다`));
    url = next.url;
    hops++;
    assert.ok(hops < 10, 'the search ends');
  }
  assert.deepEqual(found, [rareId]);
  // 131 demo articles + 25,000: three windows of 10,000 at most.
  assert.ok(hops >= 2 && hops <= 3, `hops: ${hops}`);
});

test('a word in no title ends after walking the list a window at a time', async () => {
  let url = '/newsroom/published?q=' + encodeURIComponent('없는낱말');
  let hops = 0;
  for (;;) {
    const res = await getAs(url);
    assert.deepEqual(rows(res.body), []);
    const next = nextLink(res.body);
    if (!next) break;
    url = next.url;
    hops++;
  }
  assert.equal(hops, Math.ceil((EXTRA + 131) / WINDOW) - 1);
});

test('the front editor searches the same way', async () => {
  let url = '/newsroom/front?q=' + encodeURIComponent('유일무이');
  let hops = 0;
  let found = [];
  for (;;) {
    const res = await getAs(url);
    assert.equal(res.status, 200);
    found.push(...[...res.body.matchAll(/<li class="fe-pick-item" data-id="(\d+)">/g)].map((m) => Number(m[1])));
    const m = /<p class="fe-more">[^<]*<a href="([^"]+)">이어서 찾기<\/a><\/p>/.exec(res.body);
    if (!m) break;
    url = decodeEntities(m[1]);
    hops++;
    assert.ok(hops < 10);
  }
  assert.deepEqual(found, [rareId]);
  assert.equal((await getAs('/newsroom/front?q=x&before=junk')).status, 404);
});
