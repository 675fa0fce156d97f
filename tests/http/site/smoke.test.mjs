// Smoke test: the server starts on a demo database, answers /healthz and
// serves a valid Korean front page, then stops cleanly on SIGTERM (exit 0,
// no sanitizer report).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer, validateHtml } from '../lib/server.mjs';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  // stop() throws on a non-zero exit or an ASan/UBSan/LSan report.
  await server?.stop();
});

test('GET /healthz answers 200 with JSON status ok', async () => {
  const res = await get(server.url + '/healthz');
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'] ?? '', /^application\/json/);
  assert.equal(JSON.parse(res.body).status, 'ok');
});

test('GET / answers 200 with a valid Korean HTML page', async () => {
  const res = await get(server.url + '/');
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'] ?? '', /^text\/html; ?charset=utf-8$/i);
  assert.match(res.body, /^<!doctype html>/i);
  assert.match(res.body, /<html lang="ko"/);
  assert.deepEqual(await validateHtml(res.body), []);
});

test('the server stops cleanly on SIGTERM', async () => {
  const status = await server.stop();
  assert.deepEqual(status, { code: 0, signal: null });
});
