// The database pool is never the reason a request waits.  Each event-loop
// thread and worker gives its connection back as soon as its answer is
// built, and the pool is at least threads + workers + 1, so a setting too
// small is raised (and said so) rather than leaving requests to wait 5 s
// for a connection and get 503.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer } from '../lib/server.mjs';

let server;

before(async () => {
  server = await startServer({
    settings: { cache: 'off', threads: 1, workers: 1, db_connections: 1 },
  });
});

after(async () => {
  await server?.stop();
});

test('a db_connections below threads + workers + 1 is raised, with a log line', () => {
  assert.match(server.stderr(), /db_connections raised from 1 to 3/);
});

test('40 concurrent uncached pages and PDFs on a minimal pool all get 200', async () => {
  const paths = [];
  for (let i = 0; i < 40; i++) paths.push(['/', '/article/1', '/article/2.pdf'][i % 3]);
  const answers = await Promise.all(paths.map((p) => get(server.url + p)));
  assert.deepEqual(answers.map((r) => r.status), paths.map(() => 200));
});
