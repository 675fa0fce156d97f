// Helpers for the feed, sitemap and share-card tests (tests/http/feeds/):
// run the real parsers on what the server sends (xmllint, with or without
// an XML schema from tests/data/; Debian's python3-feedparser through
// parse_feed.py), run SQL on a server's database for what has no page
// yet (publishing an article), change settings with `sinmun settings
// set`, and wait for a running server to drop its cached pages.
//
//   const xml = (await get(server.url + '/sitemap.xml')).body;
//   assert.deepEqual(await xmllint(xml, 'siteindex.xsd'), { ok: true, errors: '' });
//   const feed = await parseFeed((await get(server.url + '/rss')).body);

import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, dbQuery, serverBinary } from '../lib/server.mjs';

const exec = promisify(execFile);

/** Folder of the XML schemas the sitemaps are checked against. */
export const SCHEMA_DIR = path.join(ROOT, 'tests/data');

/** Debian's python (python3-feedparser), whatever else is first on PATH. */
const PYTHON = '/usr/bin/python3';

/**
 * Run 'file args' with 'input' on standard input; resolves
 * { code, stdout, stderr } (never rejects on a non-zero exit).
 */
export function runWithInput(file, args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/**
 * Check 'xml' with `xmllint --noout` (well-formed), and against
 * tests/data/'schema' when given. Resolves { ok, errors }.
 */
export async function xmllint(xml, schema) {
  const args = ['--noout', '--nonet'];
  if (schema) {
    args.push('--schema', path.join(SCHEMA_DIR, schema));
  }
  args.push('-');
  const r = await runWithInput('xmllint', args, xml);
  // With a schema xmllint also says "- validates" on success.
  const errors = r.stderr.replace(/^- validates\n?$/m, '').trim();
  return { ok: r.code === 0, errors };
}

/**
 * Evaluate the XPath 'expr' on 'xml' with `xmllint --xpath`; resolves its
 * output ("" when nothing matches).
 */
export async function xpath(xml, expr) {
  const r = await runWithInput('xmllint', ['--nonet', '--xpath', expr, '-'], xml);
  return r.code === 0 ? r.stdout.trim() : '';
}

/**
 * What a feed reader makes of 'xml' (RSS or Atom): parse_feed.py's JSON
 * (bozo flag, version, feed, entries with UTC ISO dates).
 */
export async function parseFeed(xml) {
  const r = await runWithInput(PYTHON, [path.join(ROOT, 'tests/http/feeds/parse_feed.py')], xml);
  if (r.code !== 0) {
    throw new Error(`parse_feed.py failed (${r.code}): ${r.stderr}`);
  }
  return JSON.parse(r.stdout);
}

/** Run SQL on the database 'dbPath' (file or URL); resolves stdout. */
export async function sql(dbPath, text) {
  return dbQuery(dbPath, text);
}

/** `sinmun settings set KEY VALUE` on the database at 'dbPath'. */
export async function setSetting(dbPath, key, value) {
  await exec(serverBinary(), ['settings', 'set', key, String(value), '--db', dbPath], { cwd: ROOT });
}

/**
 * Publish an article the way the newsroom will: insert it as published
 * and record the change tags ("articles", its section's and author's) in
 * cache_events, which every running server follows. 'a' has title,
 * subtitle, body (Markdown; also stored as the HTML body, wrapped in <p>),
 * publishedAt (Unix seconds), sectionId, authorId, status. Resolves the
 * new article's id.
 */
export async function publish(dbPath, a) {
  const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
  const now = Math.floor(Date.now() / 1000);
  const sectionId = a.sectionId ?? 1;
  const authorId = a.authorId ?? 1;
  const body = a.body ?? '본문입니다.';
  const slug = await sql(dbPath, `SELECT slug FROM sections WHERE id = ${Number(sectionId)}`);
  const id = await sql(
    dbPath,
    'INSERT INTO articles(section_id, author_id, status, title, subtitle,' +
      ' dateline, body_md, body_html, published_at, modified_at, created_at,' +
      ` updated_at) VALUES (${Number(sectionId)}, ${Number(authorId)},` +
      ` ${q(a.status ?? 'published')}, ${q(a.title)}, ${q(a.subtitle ?? '')},` +
      ` '', ${q(body)}, ${q(`<p>${body}</p>\n`)}, ${Number(a.publishedAt ?? now)},` +
      ` NULL, ${now}, ${now});` +
      ' INSERT INTO article_authors(article_id, person_id, position)' +
      ` SELECT max(id), ${Number(authorId)}, 0 FROM articles;` +
      ` INSERT INTO cache_events(tag, created_at) VALUES ('articles', ${now}),` +
      ` (${q(`section:${slug}`)}, ${now}), (${q(`reporter:${authorId}`)}, ${now});` +
      ' SELECT max(id) FROM articles;',
  );
  return Number(id);
}

/** The content of every <meta property|name="key"> in 'html', by key. */
export function metaTags(html) {
  const tags = {};
  for (const m of html.matchAll(/<meta (property|name)="([^"]+)" content="([^"]*)">/g)) {
    (tags[m[2]] ??= []).push(decodeEntities(m[3]));
  }
  return tags;
}

/** Decode the five entities the template engine writes. */
export function decodeEntities(s) {
  return s
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}
