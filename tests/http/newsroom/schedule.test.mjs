// 예약 출고 with two server processes on one database: articles scheduled
// through the editor go live when their minute passes (the test clock,
// SINMUN_TEST_CLOCK_FILE, moves both servers' time forward instead of
// waiting), each published exactly once whichever process gets to it,
// with one revision each and the cache tags of every page that lists it
// recorded with the publication; a page the other process had cached
// shows the article within a second.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { cachedGet, startServer } from '../lib/server.mjs';
import {
  act, create, form, newClockFile, page, seoulLocal, setClock, sql, staff, startNewsroomServer, until,
} from './lib.mjs';

/** Articles scheduled at once: enough that both processes reach some. */
const N = 100;
/** How far ahead they are scheduled: an hour, so the real clock cannot
    reach them while 100 are scheduled one by one (200 s on a machine at
    load 17 did reach 3 minutes); the test clock moves past it. */
const AHEAD = 3600;

let clockFile;
let first;
let second;
let desk;
let rep;
const ids = [];

let dir;

before(async () => {
  clockFile = await newClockFile();
  // The database outlives the first server, which restarts.
  dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-schedule-'));
  first = await startNewsroomServer({ clockFile, dbPath: path.join(dir, 'site.db') });
  rep = await staff(first, 'rep', 'reporter', '홍보영');
  desk = await staff(first, 'desk', 'editor', '이데스크');
  for (let i = 0; i < N; i++) {
    const id = await create(first, rep.jar, form(rep, { title: `예약 기사 ${i}`, section: String(1 + (i % 3)) }));
    const res = await act(first, desk.jar, id, 'schedule', { publish_at: seoulLocal(AHEAD) });
    assert.equal(res.status, 303, `schedule ${id}`);
    ids.push(id);
  }
});

after(async () => {
  await second?.stop();
  await first?.stop();
  if (clockFile) {
    await rm(clockFile, { force: true });
  }
  if (dir) {
    await rm(dir, { recursive: true, force: true });
  }
});

test('scheduled articles wait for their minute', async () => {
  await new Promise((r) => setTimeout(r, 6000)); // more than a job period
  // Every one still scheduled (one query: listed are those that are not).
  const idList = ids.join(',');
  assert.equal(await sql(first, `SELECT count(*) FROM articles WHERE id IN (${idList})`), String(N));
  assert.equal(await sql(first,
    `SELECT id || ' ' || status FROM articles WHERE id IN (${idList}) AND status <> 'scheduled'`), '');
  assert.equal((await page(first, `/article/${ids[0]}`)).status, 404);
});

test('with two processes on one database each scheduled article is published exactly once', async () => {
  // An hour and a minute later, and two processes start on the database at
  // once: each reads the new time before its first run of the job, so
  // both reach for the same due articles together.
  const dbPath = first.dbPath;
  await first.stop();
  await setClock(clockFile, AHEAD + 60);
  [first, second] = await Promise.all([0, 1].map(() => startServer({
    demo: false, dbPath, env: { SINMUN_TEST_CLOCK_FILE: clockFile },
  })));
  await until(async () => Number(await sql(first,
    `SELECT count(*) FROM articles WHERE status = 'published' AND title LIKE '예약 기사 %'`)) === N, 30000,
  'every scheduled article published');

  // One publication each: one revision by the system, one log line in
  // one of the two processes.
  const idList = ids.join(',');
  assert.equal(await sql(first,
    `SELECT count(*) FROM article_revisions WHERE article_id IN (${idList}) AND account_id IS NULL`), String(N));
  assert.equal(await sql(first,
    `SELECT count(DISTINCT article_id) FROM article_revisions WHERE article_id IN (${idList})
     AND account_id IS NULL AND kind = 'status' AND status = 'published'`), String(N));
  const logged = (s) => [...s.matchAll(/scheduled publishing: article (\d+) published/g)].map((m) => Number(m[1]));
  const byFirst = logged(first.stderr());
  const bySecond = logged(second.stderr());
  assert.deepEqual([...byFirst, ...bySecond].sort((x, y) => x - y), [...ids].sort((x, y) => x - y));
  console.log(`# published by one process: ${byFirst.length}, by the other: ${bySecond.length}`);

  // 기사입력 is the scheduled minute.
  assert.equal(await sql(first, `SELECT DISTINCT published_at % 60 FROM articles WHERE id IN (${idList})`), '0');
  // The tags of every page listing each article went into cache_events
  // with its publication.
  for (const id of ids.slice(0, 3)) {
    const author = await sql(first, `SELECT author_id FROM articles WHERE id = ${id}`);
    const slug = await sql(first, `SELECT s.slug FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.id = ${id}`);
    const want = [`article:${id}`, 'articles', 'front', `section:${slug}`, `reporter:${author}`];
    const tags = (await sql(first, `SELECT DISTINCT tag FROM cache_events WHERE tag IN (${want.map((t) => `'${t}'`).join(',')})`))
      .split('\n');
    assert.deepEqual(tags.sort(), [...want].sort(), `article ${id}`);
  }
});

test('a page a process had cached shows the article the other one published', async () => {
  // The first process caches its front page; the second publishes a
  // newly scheduled article when its minute passes.
  const desk2 = await staff(second, 'desk2', 'editor', '박데스크');
  const id = await create(second, desk2.jar, form(desk2, { title: '나중 예약 기사' }));
  const res = await act(second, desk2.jar, id, 'schedule', { publish_at: seoulLocal(AHEAD + 60 + 120) });
  assert.equal(res.status, 303);
  assert.equal((await cachedGet(first.url + '/')).headers['x-cache'], 'hit');
  assert.doesNotMatch((await page(first, '/')).body, /나중 예약 기사/);
  await setClock(clockFile, AHEAD + 60 + 240);
  await until(async () => /나중 예약 기사/.test((await page(first, '/')).body), 15000,
    'the front page of the other process');
  assert.equal(await sql(first, `SELECT count(*) FROM article_revisions WHERE article_id = ${id} AND account_id IS NULL`), '1');
});
