// A month of more than 50,000 articles (the Sitemaps protocol's limit per
// file) is split: the index lists /sitemap-YYYY-MM.xml with the first
// 50,000 and /sitemap-YYYY-MM-2.xml with the rest, each valid against the
// schema (which allows at most 50,000 <url>), together listing every
// article of the month once, oldest first; a part beyond them is 404.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer } from '../lib/server.mjs';
import { sql, xmllint } from './lib.mjs';

// 2013-03-01T00:00:00+09:00: a month of the demo site without articles.
const MARCH_2013 = Date.parse('2013-03-01T00:00:00+09:00') / 1000;
const N = 50001;

let server;

before(async () => {
  server = await startServer();
  // Spread over the month, the last one second before April in Seoul.
  const step = Math.floor((31 * 86400 - 1) / (N - 1));
  await sql(server.dbPath,
    `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < ${N - 1})` +
    ' INSERT INTO articles(section_id, author_id, status, title, body_md, body_html,' +
    ' published_at, created_at, updated_at)' +
    ` SELECT 2, 2, 'published', '3월 기사 ' || i, '본문', '<p>본문</p>',` +
    ` CASE WHEN i = ${N - 1} THEN ${MARCH_2013 + 31 * 86400 - 1} ELSE ${MARCH_2013} + i * ${step} END,` +
    ` ${MARCH_2013}, ${MARCH_2013} FROM k;` +
    ` INSERT INTO cache_events(tag, created_at) VALUES ('articles', ${MARCH_2013});`);
});

after(async () => {
  await server?.stop();
});

test('a month of 50,001 articles is two sitemaps of 50,000 and 1', async () => {
  const index = await get(server.url + '/sitemap.xml');
  assert.ok((await xmllint(index.body, 'siteindex.xsd')).ok);
  assert.ok(index.body.includes(`<loc>${server.url}/sitemap-2013-03.xml</loc>`));
  assert.ok(index.body.includes(`<loc>${server.url}/sitemap-2013-03-2.xml</loc>`));
  assert.ok(!index.body.includes('sitemap-2013-03-3.xml'));
  assert.ok(!index.body.includes('sitemap-2013-02') && !index.body.includes('sitemap-2013-04'));

  const first = await get(server.url + '/sitemap-2013-03.xml');
  assert.equal(first.status, 200);
  const lint = await xmllint(first.body, 'sitemap.xsd');
  assert.ok(lint.ok, lint.errors.slice(0, 500));
  const firstIds = [...first.body.matchAll(/\/article\/(\d+)<\/loc>/g)].map((m) => Number(m[1]));
  assert.equal(firstIds.length, 50000);

  const second = await get(server.url + '/sitemap-2013-03-2.xml');
  assert.equal(second.status, 200);
  assert.ok((await xmllint(second.body, 'sitemap.xsd')).ok);
  const secondIds = [...second.body.matchAll(/\/article\/(\d+)<\/loc>/g)].map((m) => Number(m[1]));
  assert.equal(secondIds.length, 1);
  assert.match(second.body, /<lastmod>2013-03-31T23:59:59\+09:00<\/lastmod>/);

  const all = [...firstIds, ...secondIds];
  assert.equal(new Set(all).size, N);
  // Oldest first: inserted in time order, so ids ascend.
  for (let i = 1; i < all.length; i++) {
    assert.ok(all[i] > all[i - 1], `order at ${i}`);
  }
  assert.equal((await get(server.url + '/sitemap-2013-03-3.xml')).status, 404);
});
