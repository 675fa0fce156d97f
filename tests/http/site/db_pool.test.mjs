// The database pool is never the reason a request waits.  Each event-loop
// thread and worker gives its connection back as soon as its answer is
// built (not once it has been sent), and the pool is at least threads +
// workers + 1, so a setting too small is raised (and said so).  Without
// the early give-back, comment posts on the worker and page renders on
// the event loop held every connection while their answers waited for
// the event loop, which waited for a connection: 503s after 5 s.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer } from '../lib/server.mjs';
import { jar, send, setSetting, signUp, token } from '../comments/lib.mjs';
import { post } from '../lib/server.mjs';

let server;

before(async () => {
  server = await startServer({
    settings: { cache: 'off', threads: 1, workers: 1, db_connections: 1 },
  });
  await setSetting(server, 'comment_rate_per_minute', 0);
  await setSetting(server, 'comment_network_rate_per_minute', 0);
});

after(async () => {
  await server?.stop();
});

test('a db_connections below threads + workers + 1 is raised, with a log line', () => {
  assert.match(server.stderr(), /db_connections raised from 1 to 3/);
});

test('comment posts on the worker and pages on the event loop, all at once, on a minimal pool', async () => {
  const member = jar();
  await signUp(server, member, 'poolreader', '풀독자');
  const csrf = await token(server, member);
  const posts = [];
  const pages = [];
  // 48 requests at once on one thread and one worker, a third of the
  // pages PDFs: on a loaded machine the last answers take more than the
  // 10 s a request gets by default (seen at load 17), so 60 s each.
  const timeout = 60000;
  for (let i = 0; i < 24; i++) {
    const body = new URLSearchParams({ csrf, body: `동시 댓글 ${i}` }).toString();
    posts.push(post(server.url + '/article/1/comments', body, {
      headers: { cookie: member.header(), 'content-type': 'application/x-www-form-urlencoded' },
      timeout,
    }));
    pages.push(get(server.url + ['/', '/article/1', '/article/2.pdf'][i % 3], { timeout }));
  }
  const [postAnswers, pageAnswers] = await Promise.all([Promise.all(posts), Promise.all(pages)]);
  assert.deepEqual(postAnswers.map((r) => r.status), posts.map(() => 303));
  assert.deepEqual(pageAnswers.map((r) => r.status), pages.map(() => 200));
  assert.ok(!/no free connection/.test(server.stderr()), 'no request waited for the pool');
});
