// Helpers for the operator tests (tests/http/ops/): running sinmun's own
// commands (copy, backup, restore), filling a site with the rows readers
// and the newsroom make, reading every table of a database as comparable
// rows on either backend, and comparing the pages two servers serve.
//
//   const r = await sinmun(['copy', '--from', a, '--to', b]);
//   assert.equal(r.code, 0, r.stderr);
//   assert.deepEqual(await allRows(b), await allRows(a));

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { ROOT, dbQuery, get, isPg, serverBinary } from '../lib/server.mjs';
import { guestComment, jar, send, signUp } from '../comments/lib.mjs';
import { act, create, form, staff } from '../newsroom/lib.mjs';

/** Text only a sanitizer report contains. */
const SANITIZER = /ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)|runtime error:/;

/**
 * Run `sinmun ARGS` (the test binary) to its end; resolves { code,
 * stdout, stderr }.  Throws on a sanitizer report.
 */
export function sinmun(args, options = {}) {
  return new Promise((resolve, reject) => {
    execFile(serverBinary(), args, {
      cwd: ROOT,
      timeout: options.timeout ?? 120000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...(options.env ?? {}) },
    }, (error, stdout, stderr) => {
      const out = {
        code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
        stdout: String(stdout),
        stderr: String(stderr),
      };
      if (SANITIZER.test(out.stderr)) {
        reject(new Error(`sinmun ${args.join(' ')}: sanitizer report:\n${out.stderr}`));
      } else {
        resolve(out);
      }
    });
  });
}

/**
 * Fill the site 'server' serves with what people do on it: a staff
 * editor writes, revises and publishes an article (accounts, people,
 * sessions, revisions, keywords, bylines); readers sign up, comment as
 * guests and members, reply, vote and report.  Texts hold Hangul, quotes,
 * line breaks and characters outside the BMP, so a copy must carry bytes
 * exactly.  Resolves { articleId, commentIds }.
 */
export async function fillSite(server) {
  const desk = await staff(server, 'desk', 'editor,reporter');
  const articleId = await create(server, desk.jar, form(desk, {
    title: '반도체 "수출" 지원책 — 2차 발표 🚀',
    body: '첫 문단입니다.\n\n둘째 문단: 따옴표 \' " 와 역슬래시 \\ 그리고 탭\t.',
  }));
  const res = await act(server, desk.jar, articleId, 'publish');
  assert.equal(res.status, 303, `publish: ${res.status}`);

  const guest = jar();
  const c1 = await guestComment(server, guest, 1, '첫 댓글\n두 줄째 😀');
  const c2 = await guestComment(server, guest, 1, '답글입니다', { parent: String(c1) });
  const reader = jar();
  await signUp(server, reader, 'reader1', '독자 "하나"');
  const member = await send(server, reader, `/article/${articleId}/comments`, { body: '회원 댓글 \'인용\'' });
  assert.equal(member.status, 303, `member comment: ${member.status}`);
  const c3 = Number(/#comment-(\d+)$/.exec(member.headers.location)[1]);
  const vote = await send(server, reader, `/comment/${c1}/vote`, { value: 'up' });
  assert.equal(vote.status, 303, `vote: ${vote.status}`);
  const report = await send(server, reader, `/comment/${c2}/report`, { reason: 'spam', description: '광고' });
  assert.equal(report.status, 200, `report: ${report.status}`);
  return { articleId, commentIds: [c1, c2, c3] };
}

/**
 * { table: rows } for every table of 'db' (the store's own two left out):
 * each row a JSON object (integers as numbers, text as strings, NULL as
 * null) with its keys sorted, the rows sorted, so the same rows give the
 * same arrays on SQLite and PostgreSQL.  Two queries (every table's
 * columns, then every table's rows): make test runs this a dozen times a
 * pass.
 */
export async function allRows(db) {
  const pg = isPg(db);
  const left = "('schema_migrations', 'store_health')";
  const text = pg
    ? await dbQuery(db, `SELECT c.table_name, c.column_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name NOT IN ${left}
        ORDER BY 1, 2`)
    : await dbQuery(db, `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
        WHERE m.type = 'table' AND m.name NOT IN ${left} ORDER BY 1, 2`);
  const columns = new Map();
  for (const line of text.split('\n').filter(Boolean)) {
    const [table, column] = line.split('|');
    columns.set(table, [...(columns.get(table) ?? []), column]);
  }
  // One line a table, "name|JSON array": the JSON has no raw line break
  // (jsonb's text is on one line, unlike json_agg's).
  const selects = [...columns].map(([table, cols]) => {
    const pairs = cols.map((c) => `'${c}', "${c}"`).join(', ');
    return pg
      ? `SELECT '${table}', coalesce(json_agg(json_build_object(${pairs}))::jsonb, '[]')::text FROM "${table}"`
      : `SELECT '${table}', json_group_array(json_object(${pairs})) FROM "${table}"`;
  });
  const rows = new Map();
  for (const line of (await dbQuery(db, selects.join(' UNION ALL '))).split('\n')) {
    const bar = line.indexOf('|');
    rows.set(line.slice(0, bar), line.slice(bar + 1));
  }
  const out = {};
  for (const table of columns.keys()) {
    out[table] = JSON.parse(rows.get(table))
      .map((row) => JSON.stringify(row, Object.keys(row).sort())).sort();
  }
  return out;
}

/**
 * The pages an anonymous reader sees, from the servers at 'urlA' and
 * 'urlB': asserts each path answers the same status and, with each
 * server's own address taken out, the same body.  Resolves the count.
 */
export async function assertSamePages(urlA, urlB, paths) {
  for (const p of paths) {
    const a = await get(urlA + p);
    const b = await get(urlB + p);
    assert.equal(b.status, a.status, `${p}: status`);
    assert.equal(unbase(b.body, urlB), unbase(a.body, urlA), `${p}: body`);
  }
  return paths.length;
}

/** 'body' with the server's address 'url' (plain or percent-encoded) out. */
function unbase(body, url) {
  return body.replaceAll(url, 'BASE').replaceAll(encodeURIComponent(url), 'BASE');
}

/** Pages worth comparing on a demo site with fillSite()'s rows. */
export function readerPaths(articleId) {
  return [
    '/', '/section/industry1', '/section/industry2', `/article/${articleId}`,
    '/article/1', '/article/1/comments', '/article/2', '/article/1/print',
    '/reporter/1', '/reporter/2', '/rss', '/atom', '/sitemap.xml',
    '/article/999999',
  ];
}
