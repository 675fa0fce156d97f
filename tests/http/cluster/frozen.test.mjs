// A frozen PostgreSQL under a serving node (issue 10, faults): the server
// is not stopped but hangs (SIGSTOP to the postmaster and every backend,
// as on a host that froze), so its sockets stay open and nothing
// answers.  Without a bound a request waited for TCP keepalives (~25 s)
// or, on a Unix socket, for ever.  With db_timeout_ms (here 1000 ms):
//   - pages in the node's cache keep being served (200, X-Cache: hit);
//   - an uncached page answers the Korean 503 page (a JSON 503 for
//     Accept: application/json) within the timeout and a margin;
//   - /healthz answers 503 "database":"unreachable";
// and once the server wakes (SIGCONT) the node serves again by itself.
// A PostgreSQL of the test's own (ownPostgres()), so it runs in both
// passes of make test.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from '../lib/server.mjs';
import { ownPostgres, sleep, timedGet as timed } from './lib.mjs';

/** db_timeout_ms of the node under test. */
const TIMEOUT_MS = 1000;
/** Longest an answer may take while the server is frozen: the timeout,
 *  plus a margin for the ASan build on a shared machine. */
const FROZEN_BOUND_MS = TIMEOUT_MS + 3000;

let pg;
let server;
let frozen = false;

before(async () => {
  pg = await ownPostgres();
  server = await startServer({ dbPath: pg.url, settings: { db_timeout_ms: TIMEOUT_MS } });
});

after(async () => {
  if (frozen) await pg?.thaw();
  await server?.stop();
  await pg?.remove();
});

/** GET 'path' on the server; resolves the response with .ms. */
const timedGet = (path, headers = {}) => timed(server.url + path, headers, 30000);

test('PostgreSQL freezes: an uncached page answers 503 within the timeout, a cached page 200', async () => {
  // Warm the cache, and let the pool hold open connections to the server
  // that is about to hang.
  for (const path of ['/', '/article/1']) {
    await timedGet(path);
    assert.equal((await timedGet(path)).headers['x-cache'], 'hit', path);
  }
  await pg.freeze();
  frozen = true;
  const times = [];
  for (const path of ['/article/3', '/article/4', '/reporter/1']) {
    const res = await timedGet(path);
    times.push(res.ms);
    assert.equal(res.status, 503, `${path}: ${res.status}`);
    assert.ok(res.ms < FROZEN_BOUND_MS, `${path}: ${res.ms} ms`);
    assert.equal(res.headers['retry-after'], '5');
    assert.match(res.body, /잠시 서비스를 이용할 수 없습니다/);
    // Cached pages are served all along.
    const cached = await timedGet('/article/1');
    assert.equal(cached.status, 200);
    assert.equal(cached.headers['x-cache'], 'hit');
    // After the stall window, the next request waits a timeout again.
    await sleep(1100);
  }
  const json = await timedGet('/article/5', { accept: 'application/json' });
  assert.equal(json.status, 503);
  assert.ok(json.ms < FROZEN_BOUND_MS, `JSON: ${json.ms} ms`);
  assert.equal(JSON.parse(json.body).status, 503);
  const health = await timedGet('/healthz');
  assert.ok(health.ms < FROZEN_BOUND_MS, `/healthz: ${health.ms} ms`);
  assert.equal(health.status, 503);
  assert.equal(JSON.parse(health.body).database, 'unreachable');
  console.log(`# 503 while PostgreSQL is frozen: ${times.join(', ')} ms; /healthz ${health.ms} ms`);
});

test('PostgreSQL wakes: the node recovers by itself', async () => {
  await pg.thaw();
  frozen = false;
  const upAt = Date.now();
  let health;
  for (;;) {
    health = await timedGet('/healthz');
    if (health.status === 200 || Date.now() - upAt > 15000) break;
    await sleep(50);
  }
  assert.equal(health.status, 200, health.body);
  console.log(`# healthy again ${Date.now() - upAt} ms after PostgreSQL woke`);
  for (const path of ['/article/3', '/article/4', '/reporter/1']) {
    assert.equal((await timedGet(path)).status, 200, path);
  }
});
