// Backups while the site serves (issue 10 §5).  Guests flood an article
// with comments; a backup is taken in the middle of it; the backup is
// restored into a new database and served: every comment acknowledged
// (303) before the backup started is there.  On SQLite the backup is
// `sinmun backup` and the restore `sinmun restore`; on PostgreSQL both
// commands refuse and name pg_dump / pg_restore, and the test runs the
// commands docs/operations.md gives instead.  The restored database must
// pass the backend's full integrity checks (SQLite: integrity_check and
// foreign_key_check; PostgreSQL: pg_amcheck over every table and index,
// and every constraint validated).  `sinmun restore` refuses a database
// in use and one holding a site, unless --force.

import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { dbQuery, get, isPg, newDatabase, startServer } from '../lib/server.mjs';
import { RELAXED, jar, postComment, setSetting } from '../comments/lib.mjs';
import { sinmun } from './lib.mjs';

const exec = promisify(execFile);
/** PostgreSQL's client programs, as tests/pg/pgctl finds the server's. */
const PG_BIN = '/usr/lib/postgresql/15/bin';

let dir;

/** A new database in a folder of its own under 'dir'. */
async function freshDb() {
  return newDatabase(await mkdtemp(path.join(dir, 'db-')));
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-backup-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Guests posting comments to articles 1-3 from 'writers' loops until
 * stop() is called.  acked: [{ body, at }] of every post answered 303,
 * 'at' the time the answer arrived.
 */
function flood(server, writers = 8) {
  const acked = [];
  let running = true;
  let failures = 0;
  const loops = [];
  for (let w = 0; w < writers; w++) {
    loops.push((async () => {
      const j = jar();
      for (let i = 0; running; i++) {
        const body = `flood ${w}-${i} 댓글`;
        const res = await postComment(server, j, 1 + (i % 3), {
          body, nickname: `손님${w}`, password: 'pass1234',
        });
        if (res.status === 303) {
          acked.push({ body, at: Date.now() });
        } else {
          failures++;
        }
      }
    })());
  }
  return {
    acked,
    async stop() {
      running = false;
      await Promise.all(loops);
      return failures;
    },
  };
}

/** Wait until 'list' holds at least 'n' entries. */
async function until(list, n) {
  const deadline = Date.now() + 30000;
  while (list.length < n) {
    assert.ok(Date.now() < deadline, `only ${list.length} of ${n} comments acknowledged`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Assert database 'db' passes the backend's own full checks: every page,
 * row and index entry consistent, and every foreign key satisfied.
 */
async function assertIntact(db) {
  if (isPg(db)) {
    // pg_amcheck: heap pages and every B-tree against its table.
    await exec(`${PG_BIN}/pg_amcheck`, ['--install-missing', '--heapallindexed', db]);
    assert.equal(await dbQuery(db, 'SELECT count(*) FROM pg_constraint WHERE NOT convalidated'), '0',
      'every constraint of the restored database is validated');
  } else {
    assert.equal(await dbQuery(db, 'PRAGMA integrity_check'), 'ok');
    assert.equal(await dbQuery(db, 'PRAGMA foreign_key_check'), '', 'no row breaks a foreign key');
  }
}

/** Assert every body of 'acked' is a comment in database 'db'. */
async function assertAllThere(db, acked) {
  const have = new Set((await dbQuery(db, "SELECT body FROM comments WHERE body LIKE 'flood %'")).split('\n'));
  const missing = acked.filter((c) => !have.has(c.body)).map((c) => c.body);
  assert.deepEqual(missing, [], 'acknowledged before the backup, missing from it');
}

test('a backup taken during a comment flood is restored and served with every acknowledged comment', async () => {
  const server = await startServer({ dbPath: await freshDb() });
  const db = server.dbPath;
  let restored;
  try {
    for (const [key, value] of Object.entries(RELAXED)) {
      await setSetting(server, key, value);
    }
    const f = flood(server);
    await until(f.acked, 30);
    const startedAt = Date.now();
    const before = f.acked.slice();
    const file = path.join(dir, 'site.backup');
    restored = isPg(db) ? await freshDb() : path.join(dir, 'restored.db');
    let backup;
    if (isPg(db)) {
      const r = await sinmun(['backup', '--db', db, file]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /pg_dump --format=custom --file=FILE/);
      // The commands docs/operations.md gives.
      backup = await exec(`${PG_BIN}/pg_dump`, ['--format=custom', `--file=${file}`, db]);
    } else {
      backup = await sinmun(['backup', '--db', db, file]);
      assert.equal(backup.code, 0, backup.stderr);
      assert.match(backup.stdout, /quick_check ok/);
    }
    const endedAt = Date.now();
    const during = f.acked.filter((c) => c.at > startedAt && c.at < endedAt).length;
    await until(f.acked, f.acked.length + 10);
    const failures = await f.stop();
    assert.equal(failures, 0, 'every post of the flood was accepted');
    assert.ok(during > 0, 'comments kept being accepted while the backup ran');
    assert.ok((await stat(file)).size > 0);

    if (isPg(db)) {
      const r = await sinmun(['restore', file, '--db', restored]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /pg_restore --no-owner --dbname=/);
      await exec(`${PG_BIN}/pg_restore`, ['--no-owner', `--dbname=${restored}`, file]);
    } else {
      const r = await sinmun(['restore', file, '--db', restored]);
      assert.equal(r.code, 0, r.stderr);
    }
    await assertIntact(restored);
    await assertAllThere(restored, before);
    const nLive = Number(await dbQuery(db, 'SELECT count(*) FROM comments'));
    const nRestored = Number(await dbQuery(restored, 'SELECT count(*) FROM comments'));
    assert.ok(nRestored >= before.length && nRestored < nLive,
      `restored ${nRestored}: at least the ${before.length} before, fewer than the ${nLive} at the end`);
  } finally {
    await server.stop();
  }

  // The restored site serves, shows the comments and takes new ones.
  const copy = await startServer({ demo: false, dbPath: restored, settings: { cache: 'off' } });
  try {
    const res = await get(copy.url + '/article/1/comments');
    assert.equal(res.status, 200);
    assert.match(res.body, /flood \d+-\d+ 댓글/);
    await setSetting(copy, 'comment_rate_per_minute', '0');
    const post = await postComment(copy, jar(), 2, { body: '복원 뒤 댓글', nickname: '손님', password: 'pass1234' });
    assert.equal(post.status, 303);
  } finally {
    await copy.stop();
  }
});

test('restore refuses a database in use or holding a site, unless --force', async () => {
  const server = await startServer({ dbPath: await freshDb() });
  const db = server.dbPath;
  if (isPg(db)) {
    // PostgreSQL is restored with pg_restore: sinmun says so and stops.
    const r = await sinmun(['restore', path.join(dir, 'none.backup'), '--db', db]);
    await server.stop();
    assert.equal(r.code, 2);
    assert.match(r.stderr, /sinmun copy --from sqlite:/);
    return;
  }
  const file = path.join(dir, 'refuse.backup');
  try {
    assert.equal((await sinmun(['backup', '--db', db, file])).code, 0);
    // A second backup to the same name is refused; the first is kept.
    const again = await sinmun(['backup', '--db', db, file]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);
    await dbQuery(db, "INSERT INTO settings(key, value) VALUES ('after_backup', '1')");
    let r = await sinmun(['restore', file, '--db', db]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /in use by another process/);
    assert.equal(await dbQuery(db, "SELECT value FROM settings WHERE key = 'after_backup'"), '1');
  } finally {
    await server.stop();
  }
  let r = await sinmun(['restore', file, '--db', db]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /already holds a database/);
  assert.equal(await dbQuery(db, "SELECT value FROM settings WHERE key = 'after_backup'"), '1');
  r = await sinmun(['restore', file, '--db', db, '--force']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await dbQuery(db, "SELECT count(*) FROM settings WHERE key = 'after_backup'"), '0');

  // A file that is not a sinmun backup is refused before anything is touched.
  const junk = path.join(dir, 'junk.backup');
  await exec('sh', ['-c', `printf 'not a database' > '${junk}'`]);
  const target = path.join(dir, 'from-junk.db');
  r = await sinmun(['restore', junk, '--db', target]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not a usable backup/);
  await assert.rejects(stat(target));
});
