// Read replicas (issue 10 §6).  On PostgreSQL a node may send the reads of
// public pages (anonymous GETs the page cache may keep) to a streaming
// replica (`db_replica`); writes, the newsroom, sign-in and the change
// feed stay on the primary.  The test starts a primary and a hot standby
// of its own (tests/pg/pgctl start, replica), serves the primary with the
// standby as its replica, and checks that:
//   - a comment posted through sinmun shows on the cached public pages
//     within 2 s (the change feed drops pages only once the replica has
//     replayed the change, so no page is re-rendered from an old replica
//     and kept);
//   - the replica really answers public pages: sinmun holds connections
//     on it, and with the primary stopped, pages never rendered before
//     still answer 200 while writes answer 503;
//   - with the replica stopped, public pages read the primary (/healthz
//     says "left out"), and take the replica back once it returns.
// It runs in the PostgreSQL pass of make test only (skipped, not counted,
// in the SQLite pass).  On SQLite the setting is refused at start: that
// check runs in both passes, it needs no server.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { ROOT, TEST_PG, dbQuery, get, startServer } from '../lib/server.mjs';
import { RELAXED, jar, postComment, setSetting } from '../comments/lib.mjs';
import { sinmun } from './lib.mjs';

const exec = promisify(execFile);
const PGCTL = path.join(ROOT, 'tests/pg/pgctl');

let dir;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-replica-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `tests/pg/pgctl ARGS`; resolves its standard output, trimmed. */
async function pgctl(...args) {
  const { stdout } = await exec(PGCTL, args, { timeout: 120000 });
  return stdout.trim();
}

/** The server URL 'base' (pgctl's, no database) with database 'name'. */
function withDb(base, name) {
  return base.replace(':///?', `:///${name}?`);
}

/** Poll 'fn' every 50 ms until it resolves truthy; fail after 'ms'. */
async function within(ms, what, fn) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await fn()) {
      return Date.now();
    }
    assert.ok(Date.now() < deadline, `${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** /healthz of 'server' as an object. */
async function health(server) {
  return JSON.parse((await get(server.url + '/healthz')).body);
}

test('db_replica is refused on SQLite and when it is not a postgresql:// URL', async () => {
  const file = path.join(dir, 'none.db');
  let r = await sinmun(['serve', '--db', file, '--db-replica', 'postgresql:///sinmun?host=/nowhere']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /db_replica: read replicas are for PostgreSQL; db is the SQLite file/);
  assert.doesNotMatch(r.stderr, /listening on/);
  r = await sinmun(['serve', '--db', file, '--set', 'db_replica=/var/lib/sinmun/replica.db']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /db_replica: expected a postgresql:\/\/ URL of a hot standby/);
});

test('public pages read the replica; writes and the newsroom the primary; either may go away', { skip: !TEST_PG && 'PostgreSQL pass only (SINMUN_TEST_PG)' }, async () => {
  // Folders of their own under the temp folder: the servers run as the
  // postgres user when the tests run as root (pgctl gives them these).
  const pDir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-pg-primary-'));
  const rDir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-pg-standby-'));
  let server;
  try {
    const primaryBase = await pgctl('start', pDir);
    await dbQuery(withDb(primaryBase, 'postgres'), 'CREATE DATABASE sinmun_primary');
    const primary = withDb(primaryBase, 'sinmun_primary');
    const replica = withDb(await pgctl('replica', pDir, rDir), 'sinmun_primary');
    assert.equal(await dbQuery(replica, 'SELECT pg_is_in_recovery()'), 't');

    // The demo is written to the primary and streams to the standby.
    server = await startServer({ dbPath: primary, settings: { db_replica: replica } });
    for (const [key, value] of Object.entries(RELAXED)) {
      await setSetting(server, key, value);
    }
    await within(5000, 'replica in use', async () => (await health(server)).replica === 'ok');

    // A comment is written on the primary and is on the cached public
    // pages (rendered from the replica) within 2 s.
    const page = server.url + '/article/1/comments';
    assert.equal((await get(page)).status, 200); // now in the page cache
    const body = '복제 서버로 읽는 댓글';
    const posted = await postComment(server, jar(), 1, { body, nickname: '손님', password: 'pass1234' });
    assert.equal(posted.status, 303);
    const t0 = Date.now();
    const seen = await within(2000, 'the comment on the public page', async () => (await get(page)).body.includes(body));
    assert.ok(seen - t0 <= 2000);
    assert.equal(await dbQuery(replica, `SELECT count(*) FROM comments WHERE body = '${body}'`), '1');

    // sinmun reads the standby: its connections are there.
    const others = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
    assert.ok(Number(await dbQuery(replica, others)) >= 1, 'sinmun holds connections on the replica');

    // The primary stops: pages never rendered before still answer from
    // the replica; writes and the newsroom's sign-in cannot.
    await pgctl('halt', pDir);
    for (const p of ['/article/2', '/article/3/comments', '/section/industry2', '/reporter/1', '/rss', '/sitemap-news.xml']) {
      const res = await get(server.url + p);
      assert.equal(res.status, 200, `${p} from the replica while the primary is down`);
    }
    const write = await postComment(server, jar(), 2, { body: '안 되는 댓글', nickname: '손님', password: 'pass1234' });
    assert.ok(write.status >= 500 || write.status === 403, `a write with the primary down: ${write.status}`);
    assert.equal((await get(server.url + '/healthz')).status, 503, 'the node reports its primary down');
    await pgctl('resume', pDir);
    await within(10000, 'primary back', async () => (await get(server.url + '/healthz')).status === 200);

    // The replica stops: public pages read the primary.
    await pgctl('halt', rDir);
    assert.equal((await get(server.url + '/article/4')).status, 200, 'first page after the replica went away');
    await within(3000, 'replica left out', async () => (await health(server)).replica === 'left out');
    for (const p of ['/article/5', '/section/industry1', '/reporter/2']) {
      assert.equal((await get(server.url + p)).status, 200, `${p} from the primary while the replica is down`);
    }
    const c2 = '복제 서버가 멈춘 동안의 댓글';
    assert.equal((await postComment(server, jar(), 1, { body: c2, nickname: '손님', password: 'pass1234' })).status, 303);
    await within(2000, 'a comment while the replica is down', async () => (await get(page)).body.includes(c2));

    // It comes back and is used again.
    // The restarted standby reconnects to the primary and catches up
    // first: 30 s is for a busy machine (10 s ran out at load 13).
    await pgctl('resume', rDir);
    await within(30000, 'replica back in use', async () => (await health(server)).replica === 'ok');
    assert.equal((await get(server.url + '/article/6')).status, 200);
  } finally {
    if (server) {
      await server.stop();
    }
    await pgctl('stop', rDir).catch(() => {});
    await pgctl('stop', pDir).catch(() => {});
  }
});
