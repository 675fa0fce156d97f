// `sinmun copy` (issue 10 §5): a demo site with readers' and the
// newsroom's rows is copied from SQLite to the suite's backend and from
// the suite's backend to SQLite (SQLite to SQLite in the plain run,
// SQLite to PostgreSQL and back in the PostgreSQL run); every table is
// compared row by row, the copy serves the same pages, and a write on the
// copy gets the next id (PostgreSQL's identity sequences were set).
// A target holding rows, a missing source and a source at another schema
// are refused and left alone.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { TEST_PG, dbQuery, isPg, newDatabase, startServer } from '../lib/server.mjs';
import { guestComment, jar, setSetting } from '../comments/lib.mjs';
import { allRows, assertSamePages, fillSite, readerPaths, sinmun } from './lib.mjs';

let dir;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-copy-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A new database of the suite's backend: a file in 'dir' named 'name'
    (SQLite), or a fresh PostgreSQL database. */
function freshDb(name) {
  return TEST_PG ? newDatabase(dir) : path.join(dir, name);
}

/** Copy 'from' into 'to' with small batches; asserts success. */
async function copy(from, to) {
  const r = await sinmun(['copy', '--from', from, '--to', to, '--batch', '7']);
  assert.equal(r.code, 0, `copy failed:\n${r.stderr}`);
  assert.match(r.stdout, /every table's row count and checksum match/);
  assert.doesNotMatch(r.stdout, /DIFFERS/);
  return r;
}

/** On PostgreSQL, assert that the planner has statistics for 'db''s
    tables that hold rows (the command that filled it ran ANALYZE): an
    unanalyzed table has reltuples -1, and the prepared statements'
    generic plans served the demo's article page at two thirds of its
    speed until autovacuum came by.  An empty table stays unanalyzed
    (-1): analyzed empty, it is planned as empty, and read whole once it
    fills (plans.test.mjs). */
async function assertAnalyzed(db, what) {
  if (!isPg(db)) return;
  // Each table's name, reltuples and row count, in one query.
  const rows = (await dbQuery(db,
    'SELECT c.relname, c.reltuples, (xpath(\'/row/n/text()\', query_to_xml(' +
    "format('SELECT count(*) AS n FROM %I', c.relname), false, true, '')))[1]::text" +
    ' FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace' +
    " AND c.relkind = 'r' ORDER BY 1")).split('\n').map((line) => line.split('|'));
  const tables = rows.map(([table]) => table);
  assert.ok(tables.includes('articles') && tables.includes('comments'), tables.join(' '));
  for (const [table, reltuples, count] of rows) {
    const n = Number(count);
    const est = Number(reltuples);
    assert.equal(est, n > 0 ? n : -1, `${what}: ${table} (reltuples ${est}, ${n} rows)`);
  }
}

/** Serve 'a' and 'b' uncached and compare what readers see. */
async function assertServedAlike(a, b, articleId) {
  const sa = await startServer({ demo: false, dbPath: a, settings: { cache: 'off' } });
  const sb = await startServer({ demo: false, dbPath: b, settings: { cache: 'off' } });
  try {
    const n = await assertSamePages(sa.url, sb.url, readerPaths(articleId));
    assert.ok(n > 10);
    // A write on the copy takes the next id after the copied ones.  The
    // comment limits are counted in the database (throttle_events), so
    // the copy remembers the comments fillSite() just posted from this
    // network: lift the limit for this one.
    await setSetting(sb, 'comment_rate_per_minute', '0');
    const max = Number(await dbQuery(b, 'SELECT max(id) FROM comments'));
    const id = await guestComment(sb, jar(), 2, '복사본에 쓴 댓글');
    assert.equal(id, max + 1);
  } finally {
    await sa.stop();
    await sb.stop();
  }
}

test('copy from SQLite: every table and every page the same', async () => {
  const src = path.join(dir, 'from-sqlite.db');
  const made = await sinmun(['demo', '--db', src]);
  assert.equal(made.code, 0, made.stderr);
  const server = await startServer({ demo: false, dbPath: src });
  let filled;
  try {
    filled = await fillSite(server);
  } finally {
    await server.stop();
  }
  const target = await freshDb('from-sqlite-copy.db');
  const r = await copy(`sqlite:${src}`, target);
  await assertAnalyzed(target, 'copy');
  // Parents before the tables that refer to them.
  const order = r.stdout.split('\n').map((l) => l.split(/\s+/)[0]);
  for (const [parent, child] of [['accounts', 'people'], ['sections', 'articles'],
    ['articles', 'comments'], ['comments', 'comment_votes'], ['people', 'article_authors']]) {
    assert.ok(order.indexOf(parent) < order.indexOf(child), `${parent} before ${child}`);
  }
  const rowsSrc = await allRows(src);
  const rowsDst = await allRows(target);
  assert.deepEqual(Object.keys(rowsDst), Object.keys(rowsSrc));
  for (const t of Object.keys(rowsSrc)) {
    assert.deepEqual(rowsDst[t], rowsSrc[t], `table ${t}`);
  }
  assert.ok(rowsSrc.comments.length >= 3 && rowsSrc.comment_votes.length >= 1 &&
    rowsSrc.reports.length >= 1 && rowsSrc.article_revisions.length >= 1);
  await assertServedAlike(src, target, filled.articleId);
});

test('copy to SQLite: every table and every page the same', async () => {
  const src = await freshDb('to-sqlite-source.db');
  const server = await startServer({ dbPath: src });
  let filled;
  try {
    filled = await fillSite(server);
  } finally {
    await server.stop();
  }
  const target = path.join(dir, 'to-sqlite.db');
  await copy(src, `sqlite:${target}`);
  const rowsSrc = await allRows(src);
  const rowsDst = await allRows(target);
  assert.deepEqual(Object.keys(rowsDst), Object.keys(rowsSrc));
  for (const t of Object.keys(rowsSrc)) {
    assert.deepEqual(rowsDst[t], rowsSrc[t], `table ${t}`);
  }
  await assertServedAlike(src, target, filled.articleId);
});

test('copy refuses a target with rows, a missing source and another schema', async () => {
  const a = path.join(dir, 'refuse-a.db');
  const b = await freshDb('refuse-b.db');
  assert.equal((await sinmun(['demo', '--db', a])).code, 0);
  assert.equal((await sinmun(['demo', '--db', b])).code, 0);
  await assertAnalyzed(b, 'demo');
  const before = await allRows(b);

  let r = await sinmun(['copy', '--from', a, '--to', b]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /already holds rows/);
  assert.deepEqual(await allRows(b), before, 'the target is untouched');

  r = await sinmun(['copy', '--from', path.join(dir, 'nothing.db'), '--to', path.join(dir, 'new.db')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no database at/);

  const old = path.join(dir, 'old.db');
  assert.equal((await sinmun(['demo', '--db', old])).code, 0);
  const newest = Number(await dbQuery(old, 'SELECT max(version) FROM schema_migrations'));
  await dbQuery(old, `DELETE FROM schema_migrations WHERE version = ${newest}`);
  r = await sinmun(['copy', '--from', old, '--to', path.join(dir, 'new2.db')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`source is at schema ${newest - 1}, this program at ${newest}`));

  r = await sinmun(['copy', '--from', a]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /copy --from DB --to DB/);
  if (isPg(b)) {
    // An empty PostgreSQL database is a fine target.
    const empty = await freshDb('unused');
    await copy(a, empty);
  }
});
