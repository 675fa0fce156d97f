// GET /article/{id}.pdf (issue 4): the seed article as a PDF made on the
// server. Checked with the tools a reader's software would use: qpdf
// (structure), pdffonts (every font embedded), pdfinfo (A4, metadata),
// pdftotext (the text comes back whole, and lines break only where the
// source has a space: between words, never inside a Korean word) and
// pdftoppm (page 1 rendered to build/screenshots/article-pdf-1.png for a
// person to look at). Also the response headers, the page cache and 404s.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { get, request, serverBinary, startServer, ROOT } from '../lib/server.mjs';

const run = promisify(execFile);
const SCREENSHOT_DIR = path.join(ROOT, 'build/screenshots');

let server;
let seed;
let res; // the first GET /article/1.pdf
let dir; // temp folder for the PDF and the tools' output
let pdfPath;

before(async () => {
  seed = JSON.parse(await readFile(path.join(ROOT, 'data/seed/seed-article.json'), 'utf8'));
  server = await startServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-pdf-'));
  res = await get(server.url + '/article/1.pdf');
  pdfPath = path.join(dir, 'article-1.pdf');
  await writeFile(pdfPath, res.raw);
});

after(async () => {
  await server?.stop();
  if (dir) {
    await rm(dir, { recursive: true, force: true });
  }
});

/** Runs a poppler/qpdf tool; resolves its stdout (throws on failure). */
async function tool(file, args) {
  const { stdout } = await run(file, args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** 'text' with every run of white space made one space, trimmed. */
function normalise(text) {
  return text.replace(/\s+/g, ' ').trim();
}

/** The extracted lines without page footers (URL, "n / N") and blanks. */
function bodyLines(text) {
  const url = `${server.url}/article/1`;
  return text
    .split(/[\n\f]/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== url && !/^\d+ ?\/ ?\d+$/.test(line));
}

test('the seed article PDF answers 200 application/pdf with its headers', () => {
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/pdf');
  assert.equal(res.raw.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.equal(res.headers['x-robots-tag'], 'noindex');
  assert.equal(res.headers['x-cache'], 'miss');
  const tags = res.headers['surrogate-key'].split(' ');
  assert.ok(tags.includes('article:1') && tags.includes('site'), `tags ${tags}`);
  // RFC 6266: an ASCII fallback name, and RFC 5987's UTF-8 name.
  const cd = res.headers['content-disposition'];
  assert.match(cd, /^inline; filename="article-1\.pdf"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/);
  const encoded = cd.match(/filename\*=UTF-8''(.+)$/)[1];
  assert.equal(decodeURIComponent(encoded), `${seed.article.title}.pdf`);
});

test('qpdf --check finds no damage', async () => {
  const out = await tool('qpdf', ['--check', pdfPath]);
  assert.match(out, /No syntax or stream encoding errors found/);
});

test('pdffonts lists only embedded fonts: NanumMyeongjo, and NanumGothic for Hanja', async () => {
  const out = await tool('pdffonts', [pdfPath]);
  const rows = out.split('\n').slice(2).filter((line) => line.trim() !== '');
  assert.ok(rows.length > 0, out);
  for (const row of rows) {
    // name type... encoding emb sub uni object ID: emb is the 5th from the end.
    const cols = row.trim().split(/\s+/);
    assert.equal(cols[cols.length - 5], 'yes', `not embedded: ${row}`);
  }
  assert.match(out, /\+NanumMyeongjo/);
  assert.match(out, /\+NanumGothic/);
});

test('pdfinfo: A4 pages, title, author, subject and creation date', async () => {
  const out = await tool('pdfinfo', ['-isodates', pdfPath]);
  const field = (name) => (out.match(new RegExp(`^${name}:\\s*(.*)$`, 'm')) ?? [])[1];
  assert.match(field('Page size'), /\(A4\)/);
  assert.equal(field('Title'), seed.article.title);
  assert.equal(field('Author'), seed.reporter.name);
  assert.equal(field('Subject'), seed.article.subtitle);
  assert.match(field('CreationDate'), /^2014-12-19T/);
  assert.ok(Number(field('Pages')) >= 1);
});

test('pdftotext gives back the title, byline, times and every body paragraph', async () => {
  for (const args of [[], ['-layout']]) {
    const text = normalise(bodyLines(await tool('pdftotext', [...args, pdfPath, '-'])).join(' '));
    const what = `pdftotext ${args.join(' ')}`;
    assert.ok(text.includes(seed.article.title), `${what}: title`);
    if (args.length === 0) {
      // -layout keeps columns apart with runs of spaces; the plain mode
      // keeps the words in reading order.
      assert.ok(text.includes(normalise(seed.article.subtitle)), `${what}: subtitle`);
      assert.ok(text.includes(`${seed.reporter.name} 기자`), `${what}: byline`);
      assert.ok(text.includes(seed.reporter.email), `${what}: e-mail`);
      assert.ok(text.includes('기사입력 2014-12-19 18:00:10'), `${what}: 기사입력`);
      assert.ok(text.includes(seed.article.dateline), `${what}: dateline`);
    }
    for (const para of seed.article.body_paragraphs) {
      assert.ok(text.includes(normalise(para)), `${what}: missing paragraph "${para.slice(0, 40)}…"`);
    }
  }
});

test('the URL and "page / pages" are at the foot of every page', async () => {
  const pages = (await tool('pdftotext', [pdfPath, '-'])).split('\f').filter((p) => p.trim() !== '');
  assert.ok(pages.length >= 1);
  pages.forEach((page, i) => {
    assert.ok(page.includes(`${server.url}/article/1`), `page ${i + 1}: no URL`);
    assert.match(page, new RegExp(`(^|\\n)${i + 1} ?/ ?${pages.length}\\s*$`), `page ${i + 1}: no number`);
  });
});

test('lines break only where the source has a space, never inside a word (어절)', async () => {
  const sources = [
    seed.site.name, seed.article.title, seed.article.subtitle, seed.article.dateline,
    `${seed.reporter.name} 기자 | ${seed.reporter.email}`, '기사입력 2014-12-19 18:00:10',
    ...seed.article.body_paragraphs,
  ];
  const tokens = new Set(sources.flatMap((s) => s.split(/\s+/)).filter(Boolean));
  const lines = bodyLines(await tool('pdftotext', [pdfPath, '-']));
  assert.ok(lines.length > 20, `only ${lines.length} lines`);
  const problems = [];
  for (let i = 0; i < lines.length; i++) {
    const words = lines[i].split(/\s+/);
    for (const w of words) {
      if (!tokens.has(w)) {
        problems.push(`line ${i + 1} has "${w}", not a word of the source: ${lines[i]}`);
      }
    }
    if (i + 1 < lines.length) {
      const last = words[words.length - 1];
      const first = lines[i + 1].split(/\s+/)[0];
      if (tokens.has(last + first)) {
        problems.push(`"${last + first}" broken over lines ${i + 1}-${i + 2}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('page 1 renders to build/screenshots/article-pdf-1.png', async () => {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Rendered under a name of this process's own, then renamed into place:
  // tests/run-all runs this file on SQLite and PostgreSQL at once.
  const prefix = path.join(SCREENSHOT_DIR, `.article-pdf-1-${process.pid}`);
  await tool('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdfPath, prefix]);
  const png = await stat(prefix + '.png');
  assert.ok(png.size > 20000, `PNG is only ${png.size} bytes`);
  await rename(prefix + '.png', path.join(SCREENSHOT_DIR, 'article-pdf-1.png'));
});

test('a second request is served from the cache with the same bytes; HEAD too', async () => {
  const again = await get(server.url + '/article/1.pdf');
  assert.equal(again.status, 200);
  assert.equal(again.headers['x-cache'], 'hit');
  assert.equal(again.headers['content-type'], 'application/pdf');
  assert.equal(again.headers['content-disposition'], res.headers['content-disposition']);
  assert.equal(again.headers['x-robots-tag'], 'noindex');
  assert.ok(again.raw.equals(res.raw), 'same bytes');
  const head = await request(server.url + '/article/1.pdf', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-type'], 'application/pdf');
  assert.equal(head.raw.length, 0);
});

test('unknown, malformed and unpublished ids answer the 404 page', async () => {
  for (const p of ['/article/999999.pdf', '/article/0.pdf', '/article/01.pdf', '/article/x.pdf', '/article/.pdf']) {
    const r = await get(server.url + p);
    assert.equal(r.status, 404, p);
    assert.match(r.headers['content-type'], /^text\/html/, p);
    assert.equal(r.headers['cache-control'], 'no-store', p);
  }
});

test('a change of the site name drops the cached PDF (tag "site")', async () => {
  await run(serverBinary(), ['settings', 'set', 'site_name', '새이름일보', '--db', server.dbPath], { cwd: ROOT });
  let fresh;
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 100));
    fresh = await get(server.url + '/article/1.pdf');
    if (fresh.headers['x-cache'] === 'miss') break;
  }
  assert.equal(fresh.headers['x-cache'], 'miss');
  const file = path.join(dir, 'renamed.pdf');
  await writeFile(file, fresh.raw);
  assert.match(await tool('pdftotext', [file, '-']), /^새이름일보/);
});
