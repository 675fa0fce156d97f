// GET /sitemap.xml, /sitemap-{YYYY-MM}.xml, /sitemap-pages.xml,
// /sitemap-news.xml, /robots.txt: the index points at the list-page
// sitemap and at one sitemap per month with articles; every sitemap is
// well-formed and valid against the Sitemaps 0.9 schemas (tests/data/);
// together the monthly sitemaps list every published article once; the
// news sitemap has only the last two days' articles (at most 1,000) with
// the publication's name, language ko, date and title; robots.txt names
// the sitemaps by absolute URL; months without articles are 404.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer, waitFor } from '../lib/server.mjs';
import { publish, sql, xmllint, xpath } from './lib.mjs';

const XML = 'application/xml; charset=utf-8';
const NOW = Math.floor(Date.now() / 1000);
const HOUR = 3600;

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

/** The text of every <tag>…</tag> in 'xml'. */
function all(xml, tag) {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);
}

/** GET 'path': assert 200 XML that validates against 'schema'; resolves the body. */
async function sitemap(path, schema) {
  const res = await get(server.url + path);
  assert.equal(res.status, 200, path);
  assert.equal(res.headers['content-type'], XML, path);
  assert.ok(res.headers.etag, `${path} has an ETag`);
  assert.ok(res.headers['last-modified'], `${path} has Last-Modified`);
  const lint = await xmllint(res.body, schema);
  assert.ok(lint.ok, `${path} against ${schema}: ${lint.errors}`);
  return res.body;
}

test('the index lists the pages sitemap and one sitemap per month', async () => {
  const body = await sitemap('/sitemap.xml', 'siteindex.xsd');
  const locs = all(body, 'loc');
  assert.deepEqual(locs, [
    `${server.url}/sitemap-pages.xml`,
    `${server.url}/sitemap-2014-11.xml`,
    `${server.url}/sitemap-2014-12.xml`,
  ]);
  const lastmods = all(body, 'lastmod');
  assert.equal(lastmods.length, 3);
  for (const t of lastmods) {
    assert.match(t, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
  }
  assert.equal(lastmods[2], '2014-12-19T18:00:10+09:00');
  const res = await get(server.url + '/sitemap.xml');
  assert.equal(res.headers['last-modified'], 'Fri, 19 Dec 2014 09:00:10 GMT');
});

test('the monthly sitemaps list every published article exactly once', async () => {
  const seen = new Map();
  for (const month of ['2014-11', '2014-12']) {
    const body = await sitemap(`/sitemap-${month}.xml`, 'sitemap.xsd');
    const locs = all(body, 'loc');
    const lastmods = all(body, 'lastmod');
    assert.equal(locs.length, lastmods.length);
    locs.forEach((loc, i) => {
      assert.match(loc, new RegExp(`^${server.url}/article/\\d+$`));
      // Changed at or after publication, so never before the month.
      assert.match(lastmods[i], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
      assert.ok(lastmods[i] >= month, `${loc} lastmod ${lastmods[i]}`);
      assert.ok(!seen.has(loc), `${loc} twice`);
      seen.set(loc, month);
    });
  }
  const ids = (await sql(server.dbPath, "SELECT id FROM articles WHERE status = 'published' ORDER BY id"))
    .split('\n').map((id) => `${server.url}/article/${id}`);
  assert.deepEqual([...seen.keys()].sort(), ids.sort());
  assert.equal(seen.get(`${server.url}/article/1`), '2014-12');
  const dec = await get(server.url + '/sitemap-2014-12.xml');
  assert.match(dec.body, new RegExp(`<url><loc>${server.url}/article/1</loc><lastmod>2014-12-19T18:00:10\\+09:00</lastmod></url>`));
});

test('months and parts without articles, and malformed months, are 404', async () => {
  for (const name of ['2013-01', '2014-10', '2014-12-2', '2014-12-1', '2014-12-02', '2014-13',
    '2014-00', '2014-1', '14-12', '2014-12-', '2014-12-x', 'x', '1969-12', '2014_12']) {
    const res = await get(`${server.url}/sitemap-${name}.xml`);
    assert.equal(res.status, 404, name);
  }
});

test('the pages sitemap has the front, every section and every reporter', async () => {
  const body = await sitemap('/sitemap-pages.xml', 'sitemap.xsd');
  const locs = all(body, 'loc');
  assert.equal(locs[0], `${server.url}/`);
  const slugs = (await sql(server.dbPath, 'SELECT slug FROM sections ORDER BY position, id')).split('\n');
  for (const slug of slugs) {
    assert.ok(locs.includes(`${server.url}/section/${slug}`), slug);
  }
  const authors = (await sql(server.dbPath,
    "SELECT DISTINCT author_id FROM articles WHERE status = 'published' ORDER BY author_id")).split('\n');
  for (const id of authors) {
    assert.ok(locs.includes(`${server.url}/reporter/${id}`), `reporter ${id}`);
  }
  assert.equal(locs.length, 1 + slugs.length + authors.length);
  assert.match(body, new RegExp(`<url><loc>${server.url}/</loc><lastmod>2014-12-19T18:00:10\\+09:00</lastmod></url>`));
});

test('robots.txt names both sitemaps by absolute URL', async () => {
  const res = await get(server.url + '/robots.txt');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
  assert.match(res.body, /^User-agent: \*$/m);
  // Forms and staff pages are not for crawlers.
  for (const path of ['/comment/', '/article/*/report', '/newsroom', '/signin']) {
    assert.ok(res.body.split('\n').includes(`Disallow: ${path}`), path);
  }
  assert.match(res.body, new RegExp(`^Sitemap: ${server.url}/sitemap\\.xml$`, 'm'));
  assert.match(res.body, new RegExp(`^Sitemap: ${server.url}/sitemap-news\\.xml$`, 'm'));
  // No template syntax or HTML escaping leaked into the text.
  assert.doesNotMatch(res.body, /\{\{|&amp;|&lt;/);
  assert.ok(res.headers.etag);
});

test('the news sitemap has only the last two days, newest first', async () => {
  // The demo's articles are from 2014: nothing yet.
  const empty = await sitemap('/sitemap-news.xml', 'sitemap-with-news.xsd');
  assert.equal(all(empty, 'loc').length, 0);

  const fresh = await publish(server.dbPath, { title: '방금 나온 기사 <속보> & "특종"', publishedAt: NOW - HOUR });
  const older = await publish(server.dbPath, { title: '어제 기사', publishedAt: NOW - 47 * HOUR, sectionId: 2, authorId: 2 });
  const stale = await publish(server.dbPath, { title: '사흘 전 기사', publishedAt: NOW - 49 * HOUR });
  const draft = await publish(server.dbPath, { title: '초고', publishedAt: NOW - HOUR, status: 'draft' });

  const res = await waitFor(server.url + '/sitemap-news.xml', (r) => r.body.includes(`/article/${fresh}<`));
  const body = res.body;
  const lint = await xmllint(body, 'sitemap-with-news.xsd');
  assert.ok(lint.ok, lint.errors);
  assert.deepEqual(all(body, 'loc'), [`${server.url}/article/${fresh}`, `${server.url}/article/${older}`]);
  assert.ok(!body.includes(`/article/${stale}<`), 'older than two days');
  assert.ok(!body.includes(`/article/${draft}<`), 'a draft');

  const ns = "*[local-name()='url']/*[local-name()='news']";
  assert.equal(await xpath(body, `count(/*[local-name()='urlset']/${ns})`), '2');
  assert.equal(await xpath(body, `string(//${ns}/*[local-name()='publication']/*[local-name()='name'])`), '산업일보');
  assert.equal(await xpath(body, `string(//${ns}/*[local-name()='publication']/*[local-name()='language'])`), 'ko');
  assert.equal(await xpath(body, `string(//${ns}/*[local-name()='title'])`), '방금 나온 기사 <속보> & "특종"');
  const date = await xpath(body, `string(//${ns}/*[local-name()='publication_date'])`);
  assert.match(date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
  assert.equal(Date.parse(date) / 1000, NOW - HOUR);
  assert.match(body, /xmlns:news="http:\/\/www.google.com\/schemas\/sitemap-news\/0.9"/);
});

test('a publish adds the new month to the index and changes its ETag', async () => {
  const body = await sitemap('/sitemap.xml', 'siteindex.xsd');
  const locs = all(body, 'loc');
  // The articles published above are this month's (or last month's, near
  // a month's start): the index ends with a month after 2014.
  assert.ok(locs.length >= 4, locs.join(' '));
  const last = locs.at(-1).match(/sitemap-(\d{4})-(\d{2})\.xml$/);
  assert.ok(last && Number(last[1]) > 2014, locs.at(-1));
  const month = await sitemap(`/sitemap-${last[1]}-${last[2]}.xml`, 'sitemap.xsd');
  assert.ok(all(month, 'loc').length >= 1);
});

test('the news sitemap stops at 1,000 articles', async () => {
  const n = 1005;
  await sql(server.dbPath,
    'WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ' + n + ')' +
    ' INSERT INTO articles(section_id, author_id, status, title, body_md, body_html,' +
    ' published_at, created_at, updated_at)' +
    ` SELECT 3, 3, 'published', '대량 기사 ' || i, '본문', '<p>본문</p>', ${NOW - 3000} + i, ${NOW}, ${NOW} FROM k;` +
    ` INSERT INTO cache_events(tag, created_at) VALUES ('articles', ${NOW});`);
  const res = await waitFor(server.url + '/sitemap-news.xml', (r) => r.body.includes(`<news:title>대량 기사 ${n}</news:title>`));
  const lint = await xmllint(res.body, 'sitemap-with-news.xsd');
  assert.ok(lint.ok, lint.errors);
  const titles = all(res.body, 'news:title');
  assert.equal(titles.length, 1000);
  assert.equal(titles[0], `대량 기사 ${n}`, 'newest first');
});
