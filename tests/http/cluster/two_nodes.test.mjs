// Several nodes (issue 10 §3): two `sinmun serve` processes on one
// database, each with its own page cache, behind a real load balancer
// (nginx `upstream`, round-robin, as docs/operations.md "Several nodes"
// configures it).  On SQLite two processes on one file (one machine), on
// PostgreSQL (the suite's second pass) the cluster shape.  Checks:
//   - an article an editor publishes on node A is on node B's cached
//     front page within 1 s;
//   - a comment posted through the balancer shows on both nodes' article
//     pages (both cached before);
//   - a scheduled article goes live exactly once with both nodes running
//     (one system revision, one log line in one of the two);
//   - a takedown (임시조치) whose period ended is decided exactly once
//     (one moderation_log row, one log line).

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import nodePath from 'node:path';
import { after, before, test } from 'node:test';
import { get, newDatabase } from '../lib/server.mjs';
import { commentHtml, guestComment, jar, postComment, send } from '../comments/lib.mjs';
import {
  act, create, form, newClockFile, page, seoulLocal, setClock, sql, staff, startNewsroomServer, status, until,
} from '../newsroom/lib.mjs';
import { staff as moderator } from '../reports/lib.mjs';
import { clusterNginx } from './lib.mjs';

let clockFile;
let a;
let b;
let lb;
let rep;
let desk;
let expiring; // the comment whose takedown ends before the nodes start
let dir; // the SQLite file's folder, which outlives the first server

/** Options for a node on 'dbPath' with the shared clock. */
function nodeOptions(dbPath) {
  return { clockFile, demo: false, dbPath, settings: { trusted_proxies: '127.0.0.1' } };
}

before(async () => {
  clockFile = await newClockFile();
  dir = await mkdtemp(nodePath.join(os.tmpdir(), 'sinmun-cluster-'));
  a = await startNewsroomServer({
    clockFile, dbPath: await newDatabase(dir), settings: { trusted_proxies: '127.0.0.1' },
  });
  rep = await staff(a, 'rep', 'reporter', '홍보영');
  desk = await staff(a, 'desk', 'editor', '이데스크');
  const mod = await moderator(a, 'mod');
  // A takedown whose 30 days are over by the time the nodes start: both
  // run the expiry job at start, at the same moment.
  expiring = await guestComment(a, jar(), 9, '기한이 지날 댓글');
  const res = await send(a, mod, '/newsroom/moderation', { quick: `blind:comment:${expiring}`, reason: '권리침해 신고', tab: 'reports' });
  assert.equal(res.status, 303);
  const dbPath = a.dbPath;
  await a.stop();
  await sql({ dbPath }, `UPDATE takedowns SET started_at = started_at - 31*86400, ends_at = ends_at - 31*86400
    WHERE comment_id = ${expiring}`);
  [a, b] = await Promise.all([startNewsroomServer(nodeOptions(dbPath)), startNewsroomServer(nodeOptions(dbPath))]);
  lb = await clusterNginx([a.port, b.port]);
});

after(async () => {
  await lb?.stop();
  await b?.stop();
  await a?.stop();
  if (clockFile) {
    await rm(clockFile, { force: true });
  }
  if (dir) {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a takedown whose period ended is decided once, with two nodes running', async () => {
  await until(async () => await sql(a, `SELECT state FROM takedowns WHERE comment_id = ${expiring}`) === 'removed',
    15000, 'the expiry');
  // Both nodes ran the job at start; give the slower one time to finish.
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await sql(a, `SELECT count(*) FROM moderation_log
    WHERE target_kind = 'comment' AND target_id = ${expiring} AND actor_id IS NULL`), '1');
  const re = new RegExp(`takedown of comment ${expiring} decided`, 'g');
  const lines = (a.stderr().match(re) ?? []).length + (b.stderr().match(re) ?? []).length;
  assert.equal(lines, 1, 'one node decided it');
});

test('published on node A, on node B\'s cached front page within 1 s', async () => {
  const title = '두 노드 출고 기사';
  const id = await create(a, rep.jar, form(rep, { title }));
  await page(b, '/');
  const cached = await page(b, '/');
  assert.equal(cached.headers['x-cache'], 'hit');
  assert.doesNotMatch(cached.body, new RegExp(title));
  const res = await act(a, desk.jar, id, 'publish');
  assert.equal(res.status, 303);
  const t0 = Date.now();
  let seen = false;
  while (!seen && Date.now() - t0 <= 1000) {
    seen = (await page(b, '/')).body.includes(title);
    if (!seen) await new Promise((r) => setTimeout(r, 20));
  }
  const ms = Date.now() - t0;
  assert.ok(seen, `not on node B's front page after ${ms} ms`);
  console.log(`# publish on A → visible on B's front page: ${ms} ms`);
  assert.equal(await status(a, id), 'published');
});

test('a comment posted through the balancer shows on both nodes', async () => {
  const path = '/article/2';
  for (const n of [a, b]) {
    await page(n, path);
    assert.equal((await page(n, path)).headers['x-cache'], 'hit');
  }
  // The token comes from one node, the post goes to the other: the site
  // secret and the visitor cookie's HMAC are the same on every node.
  const j = jar();
  const viaLb = { url: lb.url };
  const res = await postComment(viaLb, j, 2, { body: '균형기로 올린 댓글', nickname: '손님', password: 'pass1234' });
  assert.equal(res.status, 303, `through nginx: ${res.status}`);
  const cid = Number(/#comment-(\d+)$/.exec(res.headers.location)[1]);
  for (const n of [a, b]) {
    await until(async () => commentHtml((await page(n, path)).body, cid) !== null, 1000,
      `the comment on node ${n === a ? 'A' : 'B'}`);
  }
  // And through the balancer, whichever node answers.
  for (let i = 0; i < 2; i++) {
    assert.ok(commentHtml((await get(lb.url + path)).body, cid), 'through nginx');
  }
});

test('a scheduled article goes live exactly once with both nodes running', async () => {
  const title = '두 노드 예약 기사';
  const id = await create(a, rep.jar, form(rep, { title }));
  const res = await act(b, desk.jar, id, 'schedule', { publish_at: seoulLocal(180) });
  assert.equal(res.status, 303);
  assert.equal(await status(a, id), 'scheduled');
  await page(a, '/');
  await page(b, '/');
  await setClock(clockFile, 240);
  await until(async () => await status(a, id) === 'published', 15000, 'the scheduled publication');
  // Both nodes run the job every 5 s: let each run at least once more.
  await new Promise((r) => setTimeout(r, 6000));
  assert.equal(await sql(a, `SELECT count(*) FROM article_revisions WHERE article_id = ${id} AND account_id IS NULL`), '1');
  const re = new RegExp(`scheduled publishing: article ${id} published`, 'g');
  const lines = (a.stderr().match(re) ?? []).length + (b.stderr().match(re) ?? []).length;
  assert.equal(lines, 1, 'one node published it');
  for (const n of [a, b]) {
    assert.match((await page(n, '/')).body, new RegExp(title));
  }
});
