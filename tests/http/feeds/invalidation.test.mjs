// Feeds and sitemaps are cached like pages and dropped when what they show
// changes: a settings change (the "site" tag, as `sinmun settings set`
// records it) re-renders every feed with the new site name; a publish
// (the "articles" tag plus the section's and reporter's, as the newsroom
// will record them) puts the article into the feeds and sitemaps and
// changes their ETags; an update of an article shows its new title and
// moves Last-Modified.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cachedGet, get, startServer, waitFor } from '../lib/server.mjs';
import { parseFeed, publish, setSetting, sql, xmllint } from './lib.mjs';

const FEEDS = ['/rss', '/atom', '/rss/section/industry1', '/rss/reporter/1'];
const SITEMAPS = ['/sitemap.xml', '/sitemap-pages.xml', '/sitemap-news.xml'];

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

/**
 * GET each of 'paths' until it comes from the cache (the previous test's
 * change may still be dropping it); resolves path → ETag.
 */
async function cachedEtags(paths) {
  const etags = {};
  for (const path of paths) {
    const res = await cachedGet(server.url + path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers['x-cache'], 'hit', `${path} is served from the cache`);
    etags[path] = res.headers.etag;
  }
  return etags;
}

test('a settings change re-renders every feed with the new site name', async () => {
  const before1 = await cachedEtags(FEEDS);
  await setSetting(server.dbPath, 'site_name', '새산업일보 & <뉴스>');
  for (const path of FEEDS) {
    const res = await waitFor(server.url + path, (r) => r.body.includes('새산업일보'));
    assert.notEqual(res.headers.etag, before1[path], path);
    assert.ok((await xmllint(res.body)).ok, path);
    const f = await parseFeed(res.body);
    assert.equal(f.bozo, false, `${path}: ${f.bozo_exception}`);
    assert.match(f.feed.title, /새산업일보 & <뉴스>/, path);
  }
  // The news sitemap names the publication: checked after a publish below.
  await setSetting(server.dbPath, 'site_name', '산업일보');
  await waitFor(server.url + '/rss', (r) => !r.body.includes('새산업일보'));
});

test('a publish puts the article into the feeds and sitemaps', async () => {
  const before1 = await cachedEtags([...FEEDS, ...SITEMAPS]);
  const unrelated = await cachedEtags(['/rss/section/economy']);
  const title = '새로 발행한 기사';
  const id = await publish(server.dbPath, { title, subtitle: '발행 직후', sectionId: 1, authorId: 1 });
  const url = `${server.url}/article/${id}`;
  for (const path of [...FEEDS, '/sitemap-news.xml']) {
    const res = await waitFor(server.url + path, (r) => r.body.includes(url + '<') || r.body.includes(url + '"'));
    assert.ok(res.body.includes(url), `${path} lists the new article`);
    assert.notEqual(res.headers.etag, before1[path], `${path} has a new ETag`);
    assert.ok((await xmllint(res.body)).ok, path);
  }
  const rss = await parseFeed((await get(server.url + '/rss')).body);
  assert.equal(rss.entries[0].title, title);
  assert.equal(rss.entries[0].link, url);
  // The index gains this month; the list pages' lastmod moves.
  const index = await get(server.url + '/sitemap.xml');
  assert.notEqual(index.headers.etag, before1['/sitemap.xml']);
  assert.match(index.body, /sitemap-20[2-9]\d-\d{2}\.xml/);
  const pages = await get(server.url + '/sitemap-pages.xml');
  assert.notEqual(pages.headers.etag, before1['/sitemap-pages.xml']);
  assert.doesNotMatch(pages.body, /2014-12-19T18:00:10\+09:00/);
  // Last-Modified follows the newest article.
  const res = await get(server.url + '/rss');
  const published = Number(await sql(server.dbPath, `SELECT published_at FROM articles WHERE id = ${id}`));
  assert.equal(Date.parse(res.headers['last-modified']) / 1000, published);
  // Another section's feed was dropped too ("articles") but reads the same.
  const economy = await get(server.url + '/rss/section/economy');
  assert.equal(economy.headers.etag, unrelated['/rss/section/economy']);
});

test('an update shows the new title and moves Last-Modified', async () => {
  const before1 = await cachedEtags(['/rss/reporter/1', '/sitemap-2014-12.xml']);
  const t = Math.floor(Date.now() / 1000);
  await sql(server.dbPath,
    `UPDATE articles SET title = '고친 제목', modified_at = ${t} WHERE id = 1;` +
    ` INSERT INTO cache_events(tag, created_at) VALUES ('article:1', ${t}), ('articles', ${t}),` +
    ` ('reporter:1', ${t}), ('section:industry1', ${t});`);
  const rss = await waitFor(server.url + '/rss/reporter/1', (r) => r.body.includes('고친 제목'));
  assert.ok(rss.body.includes('<title>고친 제목</title>'));
  assert.notEqual(rss.headers.etag, before1['/rss/reporter/1']);
  const month = await get(server.url + '/sitemap-2014-12.xml');
  assert.notEqual(month.headers.etag, before1['/sitemap-2014-12.xml']);
  assert.equal(Date.parse(month.headers['last-modified']) / 1000, t);
  assert.match(month.body, new RegExp(`/article/1</loc><lastmod>(?!2014)`));
  const atom = await parseFeed((await waitFor(server.url + '/atom', (r) => r.body.includes('고친 제목'))).body);
  const entry = atom.entries.find((e) => e.link === server.url + '/article/1');
  assert.equal(entry.title, '고친 제목');
  assert.equal(Date.parse(entry.updated) / 1000, t);
  assert.equal(entry.published, '2014-12-19T09:00:10Z');
});
