// `sinmun import articles FILE.jsonl` (issue 9, point 8): a file with good
// lines, a malformed JSON line, an unknown field, a missing title, an HTML
// body with <script> and onclick, and a repeated line — the counts, the
// stored rows (articles, bylines, keywords, revisions, people, sections)
// and the pages a reader then sees. Run against a live server, so the
// import's cache changes are checked too.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { ROOT, get, serverBinary, startServer, validateHtml } from '../lib/server.mjs';

const exec = promisify(execFile);

let server;

async function sql(text) {
  return server.sql(text);
}

/** The one-column rows of 'text' joined by commas (portable: no group_concat). */
async function rows(text) {
  return (await sql(text)).split('\n').join(',');
}

/** Run the import on 'lines' (joined by LF); resolves { code, stdout, stderr }. */
async function runImport(name, lines) {
  const file = path.join(server.dir, name);
  await writeFile(file, lines.join('\n') + '\n');
  try {
    const { stdout, stderr } = await exec(serverBinary(), ['import', 'articles', file, '--db', server.dbPath], { cwd: ROOT });
    return { code: 0, stdout, stderr, file };
  } catch (err) {
    return { code: err.code, stdout: err.stdout, stderr: err.stderr, file };
  }
}

const good1 = {
  title: '수출 기업 1000곳 설문',
  subtitle: '중소기업 72% "환율이 변수"',
  section: 'economy',
  authors: [{ name: '홍보영', email: 'PaperSong@example.com' }, { name: '나새로', email: 'new@example.com' }],
  dateline: '[산업일보]',
  body_markdown: '첫 문단입니다.\n\n둘째 문단입니다.',
  summary: '설문 요약',
  published_at: '2014-12-22T09:30:00+09:00',
  keywords: ['수출', '환율'],
  url: 'https://old.example.com/news/1001',
};
const htmlLine = {
  title: 'HTML로 온 기사',
  section: 'archive-2014',
  authors: [{ name: '옛기자' }],
  published_at: '2014-12-21T15:00:00+09:00',
  body_html: '<p onclick="alert(1)" style="color:red">본문 <b>강조</b><script>alert("x")</script></p>' +
    '<p><a href="javascript:alert(2)">나쁜 링크</a> <a href="https://example.com/x" onmouseover="y()">좋은 링크</a></p>',
  url: 'https://old.example.com/news/1002',
};
const draft = {
  title: '초안으로 온 기사',
  section: 'economy',
  authors: [{ name: '홍보영', email: 'papersong@example.com' }],
  body_markdown: '아직 나가지 않은 기사',
  status: 'draft',
};

before(async () => {
  server = await startServer({ settings: { cache: 'on' } });
});

after(async () => {
  await server?.stop();
});

test('good, bad and repeated lines: counts, reasons with line numbers, stored rows', async () => {
  // The economy page is cached before the import.
  const before1 = await get(server.url + '/section/economy');
  assert.equal(before1.status, 200);
  assert.doesNotMatch(before1.body, /수출 기업 1000곳 설문/);
  const nPeople = Number(await sql('SELECT count(*) FROM people'));
  const r = await runImport('a.jsonl', [
    JSON.stringify(good1),
    '{"title": "끊긴 줄", ',
    JSON.stringify({ ...good1, url: 'https://old.example.com/news/1003', colour: 'red' }),
    JSON.stringify({ ...good1, title: undefined, url: 'https://old.example.com/news/1004' }),
    JSON.stringify(htmlLine),
    '',
    JSON.stringify(good1),
    JSON.stringify(draft),
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /8 lines: 3 added, 0 updated, 1 unchanged, 0 kept, 3 bad, 1 blank; 2 people and 1 sections made/);
  assert.match(r.stderr, new RegExp(`${r.file}:2: not JSON`));
  assert.match(r.stderr, new RegExp(`${r.file}:3: unknown field 'colour'`));
  assert.match(r.stderr, new RegExp(`${r.file}:4: 'title' is missing`));
  assert.match(r.stderr, /import: 8 lines, 4 articles, 3 bad/);

  // One row per url; the repeated line did not make a second.
  assert.equal(await sql("SELECT count(*) FROM articles WHERE source_url = 'https://old.example.com/news/1001'"), '1');
  assert.equal(await sql("SELECT count(*) FROM articles WHERE source_url LIKE 'https://old.example.com/news/100%'"), '2');
  const row = (await sql(`SELECT a.id, a.title, a.subtitle, a.dateline, a.summary, a.status, a.published_at, s.slug, a.version
                          FROM articles a JOIN sections s ON s.id = a.section_id
                          WHERE a.source_url = 'https://old.example.com/news/1001'`)).split('|');
  const id = Number(row[0]);
  assert.deepEqual(row.slice(1), [good1.title, good1.subtitle, '[산업일보]', '설문 요약', 'published',
    String(Date.parse('2014-12-22T00:30:00Z') / 1000), 'economy', '1']);
  // Bylines: the existing 홍보영 (e-mail matched whatever its case) and a new person.
  assert.equal(await rows(`SELECT p.name FROM article_authors aa
                          JOIN people p ON p.id = aa.person_id WHERE aa.article_id = ${id} ORDER BY aa.position`),
  '홍보영,나새로');
  assert.equal(await sql(`SELECT author_id FROM articles WHERE id = ${id}`), '1');
  assert.equal(Number(await sql('SELECT count(*) FROM people')), nPeople + 2);
  assert.equal(await rows(`SELECT keyword FROM article_keywords WHERE article_id = ${id} ORDER BY position`), '수출,환율');
  const rev = (await sql(`SELECT version, kind, CASE WHEN account_id IS NULL THEN 1 ELSE 0 END, authors, keywords FROM article_revisions WHERE article_id = ${id}`)).split('|');
  assert.deepEqual(rev, ['1', 'import', '1', `1,${await sql("SELECT id FROM people WHERE email = 'new@example.com'")}`, '수출\n환율']);
  // The section named by a slug that did not exist was made.
  assert.equal(await sql("SELECT name FROM sections WHERE slug = 'archive-2014'"), 'archive-2014');
  // The draft is stored but nobody reads it.
  assert.equal(await sql("SELECT status, CASE WHEN published_at IS NULL THEN 1 ELSE 0 END FROM articles WHERE title = '초안으로 온 기사'"), 'draft|1');

  // The HTML body: Markdown without the script, the handlers or the bad link.
  const md = await sql("SELECT body_md FROM articles WHERE source_url = 'https://old.example.com/news/1002'");
  assert.equal(md, '본문 **강조**\n\n나쁜 링크 [좋은 링크](https://example.com/x)');
  const htmlId = await sql("SELECT id FROM articles WHERE source_url = 'https://old.example.com/news/1002'");
  const page = await get(`${server.url}/article/${htmlId}`);
  assert.equal(page.status, 200);
  assert.deepEqual(await validateHtml(page.body), []);
  const body = page.body.slice(page.body.indexOf('<article'), page.body.indexOf('</article>'));
  assert.match(body, /<p>본문 <strong>강조<\/strong><\/p>/);
  assert.match(body, /<a href="https:\/\/example.com\/x">좋은 링크<\/a>/);
  assert.doesNotMatch(body, /alert|onclick|onmouseover|style=|javascript:/);

  // The running server dropped its cached section page within a second.
  let after1;
  for (let i = 0; i < 30; i++) {
    after1 = await get(server.url + '/section/economy');
    if (/수출 기업 1000곳 설문/.test(after1.body)) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.match(after1.body, /수출 기업 1000곳 설문/);
  assert.doesNotMatch(after1.body, /초안으로 온 기사/);
  // And its navigation shows the new section (a "site" change).
  let nav;
  for (let i = 0; i < 30; i++) {
    nav = await get(server.url + '/');
    if (/href="\/section\/archive-2014"/.test(nav.body)) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.match(nav.body, /href="\/section\/archive-2014"/);
});

test('importing again updates by url, keeps the newsroom\'s changes, never duplicates', async () => {
  const changed = { ...good1, title: '수출 기업 1000곳 설문 (고침)', keywords: ['수출'] };
  const r = await runImport('b.jsonl', [JSON.stringify(changed), JSON.stringify(htmlLine)]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /2 lines: 0 added, 1 updated, 1 unchanged, 0 kept, 0 bad/);
  const id = await sql("SELECT id FROM articles WHERE source_url = 'https://old.example.com/news/1001'");
  assert.equal(await sql(`SELECT title, version FROM articles WHERE id = ${id}`), '수출 기업 1000곳 설문 (고침)|2');
  assert.equal(await rows(`SELECT version || ':' || kind FROM article_revisions WHERE article_id = ${id} ORDER BY version`), '1:import,2:import');
  assert.equal(await rows(`SELECT keyword FROM article_keywords WHERE article_id = ${id}`), '수출');
  // The desk edits the article; a later import leaves it alone and says so.
  await sql(`INSERT INTO article_revisions(article_id, version, created_at, kind, note, status, section_id, title, subtitle, dateline, summary, body_md, authors, keywords)
             SELECT id, version + 1, 0, 'save', '', status, section_id, '데스크가 고친 제목', subtitle, dateline, summary, body_md, '1', '' FROM articles WHERE id = ${id};
             UPDATE articles SET title = '데스크가 고친 제목', version = version + 1 WHERE id = ${id};`);
  const r2 = await runImport('c.jsonl', [JSON.stringify(good1)]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.match(r2.stdout, /1 lines: 0 added, 0 updated, 0 unchanged, 1 kept/);
  assert.match(r2.stderr, new RegExp(`${r2.file}:1: article ${id} \\(this url\\) was changed in the newsroom`));
  assert.equal(await sql(`SELECT title FROM articles WHERE id = ${id}`), '데스크가 고친 제목');
  assert.equal(await sql("SELECT count(*) FROM articles WHERE source_url = 'https://old.example.com/news/1001'"), '1');
});

test('nothing readable exits 1: a missing file, a file of bad lines', async () => {
  const missing = await exec(serverBinary(), ['import', 'articles', path.join(server.dir, 'nope.jsonl'), '--db', server.dbPath], { cwd: ROOT })
    .then(() => ({ code: 0 }), (err) => err);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot open .*nope\.jsonl/);
  const bad = await runImport('bad.jsonl', ['{', '[]', '{"title":"x"}']);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /3 lines: 0 added.*3 bad/);
  assert.match(bad.stderr, /no line could be imported/);
  const usage = await exec(serverBinary(), ['import', 'people', 'x', '--db', server.dbPath], { cwd: ROOT })
    .then(() => ({ code: 0 }), (err) => err);
  assert.equal(usage.code, 2);
});
