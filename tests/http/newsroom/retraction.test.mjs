// Retracting a published article (기사 삭제) drops every cached page that
// listed it, in the process that retracted it at once and in another
// process on the same database within a second: the front page, its
// section page, the reporter page of every byline, the feeds (site,
// section, reporter), the sitemaps and the article's own pages.  The
// article page then answers 404; the row and its revisions stay.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from '../lib/server.mjs';
import { act, create, form, page, sql, staff, startNewsroomServer, until } from './lib.mjs';

let server;
let other;
let rep;
let rep2;
let desk;

before(async () => {
  server = await startNewsroomServer();
  other = await startServer({ demo: false, dbPath: server.dbPath });
  rep = await staff(server, 'rep', 'reporter', '홍보영');
  rep2 = await staff(server, 'rep2', 'reporter', '김민수');
  desk = await staff(server, 'desk', 'editor', '이데스크');
});

after(async () => {
  await other?.stop();
  await server?.stop();
});

/** "YYYY-MM" of the unix time 't' in Asia/Seoul. */
function seoulMonth(t) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit',
  }).formatToParts(new Date(t * 1000)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}`;
}

test('retraction drops every cached page that listed the article, in both processes', async () => {
  const title = '삭제될 단독 기사';
  const id = await create(server, rep.jar, form(rep, {
    title, section: '2', author2: String(rep2.personId),
  }));
  let res = await act(server, desk.jar, id, 'publish');
  assert.equal(res.status, 303);
  const slug = await sql(server, 'SELECT slug FROM sections WHERE id = 2');
  const month = seoulMonth(Number(await sql(server, `SELECT published_at FROM articles WHERE id = ${id}`)));
  const link = `/article/${id}`;
  const pages = [
    '/', `/section/${slug}`, `/reporter/${rep.personId}`, `/reporter/${rep2.personId}`,
    '/rss', '/atom', `/rss/section/${slug}`, `/rss/reporter/${rep.personId}`, `/rss/reporter/${rep2.personId}`,
    '/sitemap.xml', `/sitemap-${month}.xml`, '/sitemap-news.xml',
    link, `${link}/print`,
  ];
  /** Whether 'path' as served by 's' shows the article. */
  const shows = (path, body) => (path === '/sitemap.xml' ? body.includes(`sitemap-${month}.xml`) : body.includes(link));
  // Cache every page in both processes (each process's change feed also
  // replays the publication's own events within half a second, dropping
  // pages cached before it: try until a page is served from the cache).
  for (const s of [server, other]) {
    for (const path of pages) {
      res = await until(async () => {
        await page(s, path);
        const r = await page(s, path);
        return r.headers['x-cache'] === 'hit' ? r : null;
      }, 5000, `${s.url}${path} cached`);
      assert.equal(res.status, 200, `${s.url}${path}`);
      assert.ok(shows(path, res.body), `${path} shows the article before`);
    }
  }

  res = await act(server, desk.jar, id, 'retract');
  assert.equal(res.status, 303);

  // The retracting process at once; the other within a second or so.
  for (const path of pages) {
    res = await page(server, path);
    if (path.startsWith(link) || path === `/sitemap-${month}.xml`) {
      assert.equal(res.status, 404, path);
    } else {
      assert.equal(res.status, 200, path);
      assert.ok(!shows(path, res.body), `${path} no longer shows it`);
    }
  }
  for (const path of pages) {
    await until(async () => {
      const r = await page(other, path);
      return r.status === 404 || !shows(path, r.body);
    }, 5000, `${path} on the other process`);
  }
  // Nothing deleted: the row and its history stay.
  assert.equal(await sql(server, `SELECT status FROM articles WHERE id = ${id}`), 'retracted');
  assert.equal(await sql(server, `SELECT count(*) FROM article_revisions WHERE article_id = ${id}`), '3');
});
