// GET /rss, /rss/section/{slug}, /rss/reporter/{id}, /atom: every feed is
// well-formed XML (xmllint) that a real feed reader (Debian's
// python3-feedparser) reads without complaint, with the site's title, the
// 50 newest articles, absolute links, RFC 822 / ISO 8601 dates at
// +09:00, summaries by default and full text with feed_full_text=on;
// content types, Last-Modified, ETag; 404s for unknown sections and
// reporters.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { ROOT, get, serverBinary, startServer, waitFor } from '../lib/server.mjs';
import { parseFeed, setSetting, sql, xmllint } from './lib.mjs';

const SEED_TITLE = '미래부, 중국과 전략적 동반자 관계 맺기에 나선다';
const SEED_SUBTITLE = '최양희 장관 이달 17일~20일 방중(訪中)';
// 2014-12-19 18:00:10 in Seoul.
const SEED_UTC = '2014-12-19T09:00:10Z';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

/** GET 'path', assert 200 with 'type', well-formed XML; resolves the response. */
async function feed(path, type) {
  const res = await get(server.url + path);
  assert.equal(res.status, 200, path);
  assert.equal(res.headers['content-type'], type, path);
  const lint = await xmllint(res.body);
  assert.ok(lint.ok, `${path} is not well-formed: ${lint.errors}`);
  return res;
}

test('/rss is RSS 2.0 of the 50 newest articles with the site title', async () => {
  const res = await feed('/rss', 'application/rss+xml; charset=utf-8');
  assert.match(res.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
  const f = await parseFeed(res.body);
  assert.equal(f.bozo, false, f.bozo_exception);
  assert.equal(f.version, 'rss20');
  assert.equal(f.feed.title, '산업일보');
  assert.equal(f.feed.link, server.url + '/');
  assert.equal(f.feed.language, 'ko');
  assert.ok(f.feed.links.some((l) => l.rel === 'self' && l.href === server.url + '/rss'));
  assert.equal(f.entries.length, 50);
  const [first] = f.entries;
  assert.equal(first.title, SEED_TITLE);
  assert.equal(first.link, server.url + '/article/1');
  assert.equal(first.id, server.url + '/article/1');
  assert.equal(first.published, SEED_UTC);
  assert.equal(first.author, '홍보영');
  assert.deepEqual(first.tags, ['산업1부']);
  assert.equal(first.summary, SEED_SUBTITLE);
  assert.deepEqual(first.content, [], 'summaries only by default');
  // Newest first, and every link absolute.
  for (let i = 1; i < f.entries.length; i++) {
    assert.ok(f.entries[i - 1].published >= f.entries[i].published, `order at ${i}`);
    assert.match(f.entries[i].link, new RegExp(`^${server.url}/article/\\d+$`));
  }
});

test('RSS dates are RFC 822 in the site zone, with +0900', async () => {
  const { body } = await get(server.url + '/rss');
  assert.match(body, /<pubDate>Fri, 19 Dec 2014 18:00:10 \+0900<\/pubDate>/);
  assert.match(body, /<lastBuildDate>Fri, 19 Dec 2014 18:00:10 \+0900<\/lastBuildDate>/);
  for (const m of body.matchAll(/<pubDate>([^<]*)<\/pubDate>/g)) {
    assert.match(m[1], /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0900$/);
  }
});

test('Last-Modified is the newest article time; ETag answers 304', async () => {
  const res = await get(server.url + '/rss');
  assert.equal(res.headers['last-modified'], 'Fri, 19 Dec 2014 09:00:10 GMT');
  assert.ok(res.headers.etag);
  const again = await get(server.url + '/rss', { headers: { 'if-none-match': res.headers.etag } });
  assert.equal(again.status, 304);
  const since = await get(server.url + '/rss', { headers: { 'if-modified-since': res.headers['last-modified'] } });
  assert.equal(since.status, 304);
});

test('a section feed has only that section, titled with it', async () => {
  const res = await feed('/rss/section/economy', 'application/rss+xml; charset=utf-8');
  const f = await parseFeed(res.body);
  assert.equal(f.bozo, false, f.bozo_exception);
  assert.equal(f.feed.title, '경제 - 산업일보');
  assert.equal(f.feed.link, server.url + '/section/economy');
  const n = Number(await sql(server.dbPath,
    "SELECT count(*) FROM articles a JOIN sections s ON s.id = a.section_id WHERE s.slug = 'economy' AND a.status = 'published'"));
  assert.equal(f.entries.length, Math.min(n, 50));
  assert.ok(f.entries.length > 0);
  for (const e of f.entries) {
    assert.deepEqual(e.tags, ['경제']);
  }
  assert.match(res.headers['surrogate-key'] ?? '', /\bsection:economy\b/);
});

test('a reporter feed has only their articles', async () => {
  const res = await feed('/rss/reporter/1', 'application/rss+xml; charset=utf-8');
  const f = await parseFeed(res.body);
  assert.equal(f.bozo, false, f.bozo_exception);
  assert.equal(f.feed.title, '홍보영 기자 - 산업일보');
  assert.equal(f.feed.link, server.url + '/reporter/1');
  assert.ok(f.entries.length > 0);
  assert.ok(f.entries.every((e) => e.author === '홍보영'));
  assert.equal(f.entries[0].title, SEED_TITLE);
  assert.match(res.headers['surrogate-key'] ?? '', /\breporter:1\b/);
});

test('unknown sections and reporters are 404', async () => {
  for (const path of ['/rss/section/nosuch', '/rss/reporter/999999', '/rss/reporter/0',
    '/rss/reporter/abc', '/rss/section/', '/rss/nosuch']) {
    const res = await get(server.url + path);
    assert.equal(res.status, 404, path);
  }
});

test('/atom is Atom 1.0 with ids, ISO dates at +09:00 and authors', async () => {
  const res = await feed('/atom', 'application/atom+xml; charset=utf-8');
  assert.ok(res.body.includes(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ko" xml:base="${server.url}/">`));
  assert.match(res.body, /<published>2014-12-19T18:00:10\+09:00<\/published>/);
  assert.match(res.body, /<updated>2014-12-19T18:00:10\+09:00<\/updated>/);
  const f = await parseFeed(res.body);
  assert.equal(f.bozo, false, f.bozo_exception);
  assert.equal(f.version, 'atom10');
  assert.equal(f.feed.title, '산업일보');
  assert.equal(f.feed.id, server.url + '/atom');
  assert.equal(f.feed.updated, SEED_UTC);
  assert.ok(f.feed.links.some((l) => l.rel === 'self' && l.href === server.url + '/atom'));
  assert.equal(f.entries.length, 50);
  const [first] = f.entries;
  assert.equal(first.title, SEED_TITLE);
  assert.equal(first.id, server.url + '/article/1');
  assert.equal(first.link, server.url + '/article/1');
  assert.equal(first.published, SEED_UTC);
  assert.equal(first.updated, SEED_UTC);
  assert.equal(first.author, '홍보영');
  assert.equal(first.summary, SEED_SUBTITLE);
  assert.deepEqual(first.tags, ['산업1부']);
  // A demo article changed after publishing says so.
  assert.ok(f.entries.some((e) => e.updated > e.published), 'an entry with updated > published');
});

test('every page links the feeds from <head>; section and reporter pages their own', async () => {
  const home = (await get(server.url + '/')).body;
  assert.match(home, /<link rel="alternate" type="application\/rss\+xml" title="산업일보 전체 기사 RSS" href="\/rss">/);
  assert.match(home, /<link rel="alternate" type="application\/atom\+xml" title="산업일보 전체 기사 Atom" href="\/atom">/);
  const sec = (await get(server.url + '/section/economy')).body;
  assert.match(sec, /<link rel="alternate" type="application\/rss\+xml" title="경제 RSS" href="\/rss\/section\/economy">/);
  const rep = (await get(server.url + '/reporter/1')).body;
  assert.match(rep, /<link rel="alternate" type="application\/rss\+xml" title="홍보영 기자 RSS" href="\/rss\/reporter\/1">/);
  for (const b of [home, sec, rep]) {
    const head = b.slice(0, b.indexOf('</head>'));
    assert.ok(head.includes('href="/rss"'));
  }
});

test('feed_full_text=on puts the escaped body in content:encoded and Atom content', async () => {
  const before1 = await get(server.url + '/rss');
  await setSetting(server.dbPath, 'feed_full_text', 'on');
  const res = await waitFor(server.url + '/rss', (r) => r.body.includes('<content:encoded>'));
  assert.ok(res.body.includes('<content:encoded>'), 'full text within 5 s of the setting');
  assert.notEqual(res.headers.etag, before1.headers.etag);
  assert.ok((await xmllint(res.body)).ok);
  // The body's HTML is text in the XML: escaped once, never raw markup.
  assert.doesNotMatch(res.body, /<content:encoded><p>/);
  assert.match(res.body, /<content:encoded>&lt;p&gt;/);
  const seed = JSON.parse(await readFile(`${ROOT}/data/seed/seed-article.json`, 'utf8'));
  const f = await parseFeed(res.body);
  assert.equal(f.bozo, false, f.bozo_exception);
  const html = f.entries[0].content.join('');
  for (const para of seed.article.body_paragraphs) {
    assert.ok(html.includes(para.replaceAll('&', '&amp;')), `missing paragraph: ${para.slice(0, 30)}`);
  }
  // The summary stays the description.
  assert.equal(f.entries[0].summary, SEED_SUBTITLE);

  const atom = await waitFor(server.url + '/atom', (r) => r.body.includes('<content type="html">'));
  assert.ok((await xmllint(atom.body)).ok);
  const fa = await parseFeed(atom.body);
  assert.equal(fa.bozo, false, fa.bozo_exception);
  assert.ok(fa.entries[0].content.join('').includes('최양희 미래창조과학부 장관은'));

  await setSetting(server.dbPath, 'feed_full_text', 'off');
  const off = await waitFor(server.url + '/rss', (r) => !r.body.includes('<content:encoded>'));
  assert.ok(!off.body.includes('<content:encoded>'));
});

test('feed_full_text accepts only on and off', async () => {
  const code = await new Promise((resolve) => {
    execFile(serverBinary(), ['settings', 'set', 'feed_full_text', 'yes', '--db', server.dbPath],
      { cwd: ROOT }, (err) => resolve(err ? err.code : 0));
  });
  assert.notEqual(code, 0);
});
