// The haproxy backend of docs/operations.md "Several nodes", for real
// (Debian's haproxy): two nodes on a PostgreSQL of the test's own, each
// checked with GET /healthz.  PostgreSQL stops: both nodes fail the check
// and haproxy runs on the `backup` lines (the same nodes, unchecked), so
// readers keep getting the cached pages (200) and sinmun's own Korean 503
// page for the rest, never haproxy's 503.  PostgreSQL returns: pages are
// served again without restarting anything.  Runs in both passes of make
// test (its own PostgreSQL).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer } from '../lib/server.mjs';
import { ownPostgres, sleep, startHaproxy } from './lib.mjs';

let pg;
let a;
let b;
let lb;

before(async () => {
  pg = await ownPostgres();
  a = await startServer({ dbPath: pg.url });
  b = await startServer({ demo: false, dbPath: pg.url });
  lb = await startHaproxy([a.port, b.port]);
});

after(async () => {
  await lb?.stop();
  await b?.stop();
  await a?.stop();
  await pg?.remove();
});

test('PostgreSQL down: haproxy runs on the backup lines, cached pages stay 200', async () => {
  // Cached on both nodes (round-robin).
  for (let i = 0; i < 4; i++) {
    await get(lb.url + '/');
  }
  assert.equal((await get(lb.url + '/')).headers['x-cache'], 'hit');
  assert.equal((await get(lb.url + '/')).headers['x-cache'], 'hit');
  await pg.stop();
  const t0 = Date.now();
  // Through the checks failing (2 × 1 s) and beyond.
  while (Date.now() - t0 < 5000 || !/Running on backup/.test(lb.log())) {
    assert.ok(Date.now() - t0 < 20000, `haproxy never ran on backup:\n${lb.log()}`);
    const front = await get(lb.url + '/');
    assert.equal(front.status, 200, `cached front page after ${Date.now() - t0} ms`);
    const other = await get(lb.url + '/article/3');
    assert.equal(other.status, 503);
    assert.match(other.body, /잠시 서비스를 이용할 수 없습니다/, 'sinmun\'s page, not haproxy\'s');
    await sleep(200);
  }
  assert.match(lb.log(), /Server sinmun\/n0 is DOWN/);
  assert.match(lb.log(), /Server sinmun\/n1 is DOWN/);
});

test('PostgreSQL back: pages served again, nodes back in rotation', async () => {
  await pg.start();
  const t0 = Date.now();
  for (;;) {
    if ((await get(lb.url + '/article/3')).status === 200) break;
    assert.ok(Date.now() - t0 < 15000, 'still 503 15 s after PostgreSQL returned');
    await sleep(100);
  }
  console.log(`# through haproxy: uncached pages 200 again ${Date.now() - t0} ms after PostgreSQL was back`);
  for (;;) {
    if (/Server sinmun\/n0 is UP/.test(lb.log()) && /Server sinmun\/n1 is UP/.test(lb.log())) break;
    assert.ok(Date.now() - t0 < 15000, `nodes not UP again:\n${lb.log()}`);
    await sleep(100);
  }
});
