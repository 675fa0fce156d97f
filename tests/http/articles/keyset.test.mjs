// Keyset paging of section and reporter pages (issue 9, point 9): a list
// where runs of articles share one published_at is walked forwards over
// "다음" and back over "이전" without repeating or losing an article; old
// ?page=N links redirect to the same articles; a deep page is valid HTML
// with its own canonical address and no counts.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer, validateHtml } from '../lib/server.mjs';


let server;
let sectionId;
const SLUG = 'policy';
const PER_PAGE = 20;

async function sql(text) {
  return server.sql(text);
}

/** Article ids of a list page, in order. */
const ids = (html) => [...html.matchAll(/<h2 class="item-title"><a href="\/article\/(\d+)"/g)].map((m) => Number(m[1]));

/** The href of the link with rel 'rel', or null. */
function link(html, rel) {
  const m = new RegExp(`<a href="([^"]*)" rel="${rel}">`).exec(html);
  return m ? m[1].replaceAll('&amp;', '&') : null;
}

before(async () => {
  // Pages are read straight after the inserts below: no page cache.
  server = await startServer({ settings: { cache: 'off' } });
  sectionId = Number(await sql(`SELECT id FROM sections WHERE slug = '${SLUG}'`));
  // 137 more articles in runs: 40 at one second, then 3 at each of 20
  // seconds, then 37 alone; ids deliberately not in time order.
  await sql(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 137)
    INSERT INTO articles(section_id, author_id, status, title, body_md,
                         body_html, published_at, created_at, updated_at)
    SELECT ${sectionId}, 2, 'published', '키셋 ' || i, 'x', '<p>x</p>',
           CASE WHEN i <= 40 THEN 1400000000
                WHEN i <= 100 THEN 1390000000 + (i - 41) / 3
                ELSE 1380000000 + (i * 7919) % 1000 END,
           0, 0
    FROM n ORDER BY (i * 31) % 137;`);
});

after(async () => {
  await server?.stop();
});

/** Every published id of the section, newest first (the list's order). */
async function expected(where) {
  const out = await sql(`SELECT id FROM articles WHERE status = 'published' AND ${where} ORDER BY published_at DESC, id DESC`);
  return out.split('\n').map(Number);
}

/** Walk a list from 'path' over rel=next; resolves the pages' ids and addresses. */
async function walk(path) {
  const pages = [];
  let url = path;
  while (url) {
    const res = await get(server.url + url);
    assert.equal(res.status, 200, url);
    pages.push({ url, ids: ids(res.body), body: res.body });
    url = link(res.body, 'next');
    assert.ok(pages.length < 100, 'the walk ends');
  }
  return pages;
}

test('forward over 다음: every article once, in order, with runs of equal times', async () => {
  const want = await expected(`section_id = ${sectionId}`);
  assert.ok(want.length > 6 * PER_PAGE);
  const pages = await walk(`/section/${SLUG}`);
  assert.deepEqual(pages.flatMap((p) => p.ids), want);
  for (const p of pages.slice(0, -1)) {
    assert.equal(p.ids.length, PER_PAGE, p.url);
  }
  assert.equal(link(pages[0].body, 'prev'), null);
  // Deep pages: valid, canonical to themselves, no counts.
  const deep = pages[pages.length - 2];
  assert.deepEqual(await validateHtml(deep.body), []);
  assert.match(deep.body, new RegExp(`<link rel="canonical" href="${server.url}${deep.url.replace(/[?.]/g, '\\$&')}">`));
  assert.doesNotMatch(deep.body, /\d+건|\d+ \/ \d+쪽/);
  assert.match(deep.body, /<a href="\/section\/policy">처음<\/a>/);
});

test('back over 이전 from the last page: the same pages in reverse', async () => {
  const pages = await walk(`/section/${SLUG}`);
  let url = pages[pages.length - 1].url;
  for (let i = pages.length - 1; i >= 0; i--) {
    const res = await get(server.url + url);
    assert.equal(res.status, 200, url);
    assert.deepEqual(ids(res.body), pages[i].ids, `page ${i + 1} reached back from ${url}`);
    url = link(res.body, 'prev');
    if (i === 0) {
      assert.equal(url, null);
    } else if (i === 1) {
      assert.equal(url, `/section/${SLUG}`);
    } else {
      assert.match(url, /\?after=\d+\.\d+$/);
    }
  }
});

test('old ?page=N links redirect to the same articles; past the end 404', async () => {
  const pages = await walk(`/section/${SLUG}`);
  const first = await get(`${server.url}/section/${SLUG}?page=1`);
  assert.equal(first.status, 301);
  assert.equal(first.headers.location, `/section/${SLUG}`);
  for (let n = 2; n <= pages.length; n++) {
    const res = await get(`${server.url}/section/${SLUG}?page=${n}`);
    assert.equal(res.status, 302, `?page=${n}`);
    assert.equal(res.headers.location, pages[n - 1].url, `?page=${n}`);
  }
  const past = await get(`${server.url}/section/${SLUG}?page=${pages.length + 1}`);
  assert.equal(past.status, 404);
});

test('a page address past the oldest article is a 404; newer than all is page 1', async () => {
  const oldest = await sql(`SELECT published_at || '.' || id FROM articles WHERE status = 'published' AND section_id = ${sectionId} ORDER BY published_at, id LIMIT 1`);
  assert.equal((await get(`${server.url}/section/${SLUG}?before=${oldest}`)).status, 404);
  const top = await get(`${server.url}/section/${SLUG}?before=99999999999.1`);
  assert.equal(top.status, 302);
  assert.equal(top.headers.location, `/section/${SLUG}`);
  // ?after= a key less than a page from the top: the first page.
  const fifth = await sql(`SELECT published_at || '.' || id FROM articles WHERE status = 'published' AND section_id = ${sectionId} ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET 4`);
  const near = await get(`${server.url}/section/${SLUG}?after=${fifth}`);
  assert.equal(near.status, 302);
  assert.equal(near.headers.location, `/section/${SLUG}`);
  // ?after= a key older than all: the page ending there, the last one.
  const pages = await walk(`/section/${SLUG}`);
  const last = await get(`${server.url}/section/${SLUG}?after=1.1`);
  assert.equal(last.status, 200);
  assert.deepEqual(ids(last.body), pages[pages.length - 1].ids.length === PER_PAGE
    ? pages[pages.length - 1].ids
    : pages.flatMap((p) => p.ids).slice(-PER_PAGE));
});

test('a retracted article drops out without shifting the next page', async () => {
  const pages = await walk(`/section/${SLUG}`);
  // Retract an article of page 2: page 3's address still starts after
  // page 2's last article, so nothing of page 3 moves to page 2.
  await sql(`UPDATE articles SET status = 'retracted' WHERE id = ${pages[1].ids[3]}`);
  const p3 = await get(server.url + pages[2].url);
  assert.deepEqual(ids(p3.body), pages[2].ids);
  await sql(`UPDATE articles SET status = 'published' WHERE id = ${pages[1].ids[3]}`);
});

test('reporter pages page the same way', async () => {
  const want = await expected('author_id = 2');
  assert.ok(want.length > 3 * PER_PAGE);
  const pages = await walk('/reporter/2');
  assert.deepEqual(pages.flatMap((p) => p.ids), want);
  assert.match(pages[1].url, /^\/reporter\/2\?before=\d+\.\d+$/);
  const res = await get(`${server.url}/reporter/2?page=3`);
  assert.equal(res.status, 302);
  assert.equal(res.headers.location, pages[2].url);
  assert.deepEqual(await validateHtml(pages[2].body), []);
});
