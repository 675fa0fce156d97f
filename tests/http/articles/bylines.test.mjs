// Several bylines on one article (issue 9, article_authors in order): the
// article page, print view, PDF, JSON-LD, feeds and lists name every
// reporter ("홍보영·김민준 기자"), each linked to their page with their
// e-mail; a reporter's page and RSS list the articles where they are any
// of the bylines. The newsroom editor that writes bylines is another
// page; here they are put in the table directly.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { get, startServer, validateHtml } from '../lib/server.mjs';
import { decodeEntities, metaTags, sql } from '../feeds/lib.mjs';

const run = promisify(execFile);

let server;
let evilId; // a co-byline whose name holds markup
let coId; // article 7 has three bylines: its author, 이서연 (3), then 홍보영 (1)

/** 'html' without tags, entities decoded, white space collapsed. */
function text(html) {
  return decodeEntities(html.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();
}

/** The JSON-LD NewsArticle of an article page. */
function jsonLd(html) {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'JSON-LD present');
  return JSON.parse(m[1]);
}

before(async () => {
  // Cache off: the rows below change what pages show without a change tag.
  server = await startServer({ settings: { cache: 'off' } });
  const db = server.dbPath;
  await sql(db, 'INSERT INTO article_authors(article_id, person_id, position) VALUES (1, 2, 1)');
  evilId = Number(
    await sql(
      db,
      "INSERT INTO people(name, email, desk, bio, created_at) VALUES ('<b>악</b>', '', '', '', 0); SELECT max(id) FROM people",
    ),
  );
  coId = Number(await sql(db, "SELECT id FROM articles WHERE status = 'published' AND author_id = 4 ORDER BY published_at DESC LIMIT 1"));
  await sql(
    db,
    `INSERT INTO article_authors(article_id, person_id, position) VALUES (${coId}, 1, 2), (${coId}, 3, 1), (${coId}, ${evilId}, 3)`,
  );
});

after(async () => {
  await server?.stop();
});

test('article page: every byline in order, linked, with each e-mail and a reporter box', async () => {
  const res = await get(server.url + '/article/1');
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  const byline = /<p class="byline">([\s\S]*?)<\/p>/.exec(res.body)[1];
  assert.equal(text(byline), '홍보영·김민준 기자|papersong@example.com·minjun.kim@example.com');
  assert.deepEqual(
    [...byline.matchAll(/<a class="byline-name" href="([^"]+)">/g)].map((m) => m[1]),
    ['/reporter/1', '/reporter/2'],
  );
  assert.deepEqual(
    [...byline.matchAll(/href="mailto:([^"]+)"/g)].map((m) => m[1]),
    ['papersong@example.com', 'minjun.kim@example.com'],
  );
  const boxes = [...res.body.matchAll(/<aside class="reporter-box"[\s\S]*?<\/aside>/g)].map((m) => text(m[0]));
  assert.equal(boxes.length, 2);
  assert.match(boxes[0], /^홍보영 기자/);
  assert.match(boxes[1], /^김민준 기자/);
});

test('JSON-LD and article:author list every byline with its page', async () => {
  const res = await get(server.url + `/article/${coId}`);
  const ld = jsonLd(res.body);
  assert.deepEqual(
    ld.author.map((a) => [a['@type'], a.name, a.url]),
    [
      ['Person', '박지훈', `${server.url}/reporter/4`],
      ['Person', '이서연', `${server.url}/reporter/3`],
      ['Person', '홍보영', `${server.url}/reporter/1`],
      ['Person', '<b>악</b>', `${server.url}/reporter/${evilId}`],
    ],
  );
  assert.deepEqual(metaTags(res.body)['article:author'], [
    `${server.url}/reporter/4`,
    `${server.url}/reporter/3`,
    `${server.url}/reporter/1`,
    `${server.url}/reporter/${evilId}`,
  ]);
  // The name with markup is text everywhere: never a <b> element.
  assert.doesNotMatch(res.body, /<b>악/);
  assert.match(res.body, /&lt;b&gt;악&lt;\/b&gt;/);
  // A byline without e-mail adds no address and no stray separator.
  const byline = text(/<p class="byline">([\s\S]*?)<\/p>/.exec(res.body)[1]);
  assert.equal(
    byline,
    '박지훈·이서연·홍보영·<b>악</b> 기자|jihoon.park@example.com·seoyeon.lee@example.com·papersong@example.com',
  );
  assert.deepEqual(await validateHtml(res.body), []);
});

test('an article without byline rows (a database edited by hand) still shows its author', async () => {
  // The article page reads the people of its bylines from article_authors
  // only; without a row it reads the article again with its author.
  const db = server.dbPath;
  const id = Number(
    await sql(db, `SELECT id FROM articles WHERE status = 'published' AND author_id = 5 AND id <> ${coId} ORDER BY id LIMIT 1`),
  );
  const person = (await sql(db, 'SELECT name, email FROM people WHERE id = 5')).split('|');
  await sql(db, `DELETE FROM article_authors WHERE article_id = ${id}`);
  assert.equal(await sql(db, `SELECT count(*) FROM article_authors WHERE article_id = ${id}`), '0');
  const res = await get(server.url + `/article/${id}`);
  assert.equal(res.status, 200);
  const byline = text(/<p class="byline">([\s\S]*?)<\/p>/.exec(res.body)[1]);
  assert.equal(byline, `${person[0]} 기자|${person[1]}`);
  assert.match(res.body, /<a class="byline-name" href="\/reporter\/5">/);
  assert.equal(jsonLd(res.body).author[0].name, person[0]);
  const boxes = [...res.body.matchAll(/<aside class="reporter-box"[\s\S]*?<\/aside>/g)].map((m) => text(m[0]));
  assert.equal(boxes.length, 1);
  assert.ok(boxes[0].startsWith(`${person[0]} 기자`), boxes[0]);
});

test('print view and PDF print every byline and e-mail', async () => {
  const print = await get(server.url + '/article/1/print');
  assert.equal(print.status, 200);
  assert.deepEqual(await validateHtml(print.body), []);
  assert.equal(
    text(/<p class="print-byline">([\s\S]*?)<\/p>/.exec(print.body)[1]),
    '홍보영·김민준 기자|papersong@example.com · minjun.kim@example.com',
  );
  const pdf = await get(server.url + '/article/1.pdf');
  assert.equal(pdf.status, 200);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-bylines-'));
  try {
    const file = path.join(dir, 'a.pdf');
    await writeFile(file, pdf.raw);
    const { stdout } = await run('pdftotext', [file, '-']);
    assert.match(stdout, /홍보영·김민준 기자 \| papersong@example\.com · minjun\.kim@example\.com/);
    const { stdout: info } = await run('pdfinfo', [file]);
    assert.match(info, /Author:\s+홍보영·김민준/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('lists show every byline, each linked', async () => {
  const front = await get(server.url + '/');
  const item = new RegExp(`<a href="/article/${coId}">[\\s\\S]*?</li>`).exec(front.body);
  assert.ok(item, 'the co-written article is on the front page');
  assert.match(item[0], /<a href="\/reporter\/4">박지훈<\/a>·<a href="\/reporter\/3">이서연<\/a>·<a href="\/reporter\/1">홍보영<\/a>·<a href="\/reporter\/\d+">&lt;b&gt;악&lt;\/b&gt;<\/a> 기자/);
  const slug = await sql(server.dbPath, `SELECT s.slug FROM sections s JOIN articles a ON a.section_id = s.id WHERE a.id = ${coId}`);
  const section = await get(server.url + `/section/${slug}`);
  assert.deepEqual(await validateHtml(section.body), []);
  const li = new RegExp(`<li class="article-item">\\s*<h2 class="item-title"><a href="/article/${coId}">[\\s\\S]*?</li>`).exec(section.body);
  assert.ok(li, 'on its section page');
  assert.equal(text(/<p class="item-meta">([\s\S]*?)<\/p>/.exec(li[0])[1]).replace(/ \d{4}-.*/, ''), '박지훈·이서연·홍보영·<b>악</b> 기자');
});

test('a reporter page and RSS list the articles where they are any byline', async () => {
  const before2 = Number(await sql(server.dbPath, "SELECT count(*) FROM articles WHERE status = 'published' AND author_id = 3"));
  // Every page of the list (keyset paging: no count on the page).
  const walk = async (path) => {
    const all = [];
    const times = [];
    for (let url = path; url;) {
      const res = await get(server.url + url);
      assert.equal(res.status, 200, url);
      assert.deepEqual(await validateHtml(res.body), [], url);
      all.push(...[...res.body.matchAll(/<h2 class="item-title"><a href="\/article\/(\d+)">/g)].map((m) => Number(m[1])));
      const list = res.body.slice(res.body.indexOf('<ul class="article-list">'));
      times.push(...[...list.matchAll(/<time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1])));
      url = /<a href="([^"]*)" rel="next">/.exec(res.body)?.[1].replaceAll('&amp;', '&');
    }
    return { ids: all, times };
  };
  const { ids, times } = await walk('/reporter/3');
  assert.equal(ids.length, before2 + 1);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.includes(coId), `article ${coId} on 이서연's page: ${ids}`);
  for (let i = 1; i < times.length; i++) {
    assert.ok(times[i - 1] >= times[i], 'newest first across both kinds of byline');
  }
  // The evil co-byline wrote only that one article.
  assert.deepEqual((await walk(`/reporter/${evilId}`)).ids, [coId]);

  const rss = await get(server.url + '/rss/reporter/3');
  assert.equal(rss.status, 200);
  const item = new RegExp(`<item>\\s*<title>[^<]*</title>\\s*<link>${server.url}/article/${coId}</link>[\\s\\S]*?</item>`).exec(rss.body);
  assert.ok(item, 'the co-written article is in 이서연\'s RSS');
  assert.deepEqual(
    [...item[0].matchAll(/<dc:creator>([^<]*)<\/dc:creator>/g)].map((m) => decodeEntities(m[1])),
    ['박지훈', '이서연', '홍보영', '<b>악</b>'],
  );
  const atom = await get(server.url + '/atom');
  const entry = new RegExp(`<entry>\\s*<id>${server.url}/article/1</id>[\\s\\S]*?</entry>`).exec(atom.body);
  assert.deepEqual(
    [...entry[0].matchAll(/<author><name>([^<]*)<\/name><uri>([^<]*)<\/uri><\/author>/g)].map((m) => [m[1], m[2]]),
    [
      ['홍보영', `${server.url}/reporter/1`],
      ['김민준', `${server.url}/reporter/2`],
    ],
  );
});
