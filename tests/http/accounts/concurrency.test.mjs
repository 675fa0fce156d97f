// Sign-in under concurrency (issue 8, section 2). Before the fix, parallel
// sign-ins wrote after a read that left a read transaction open, so SQLite
// answered SQLITE_BUSY_SNAPSHOT at once (22 parallel correct sign-ins gave
// 11 × 503, parallel wrong ones 500 with the failure not recorded), and the
// throttle counted failures before the password check and recorded them
// after it (40 parallel guesses got 8 checks against a limit of 5). Now a
// check is reserved in the same transaction that counts, before Argon2id.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { ROOT, serverBinary, startServer } from '../lib/server.mjs';
import { jar, send, sql, token } from '../comments/lib.mjs';
import { post } from '../lib/server.mjs';

const exec = promisify(execFile);
const PARALLEL = 50;
let server;

before(async () => {
  // More workers than the limit, so checks really run side by side.
  server = await startServer({ settings: { workers: '8' } });
  // 'target' gets a real (interactive) Argon2id hash: a check then takes
  // long enough for parallel guesses to overlap, as they do in life.
  // 'many' gets the cheapest, so 50 sign-ins stay quick.
  for (const [login, cost] of [['many@example.com', 'min'], ['target@example.com', 'interactive']]) {
    await exec(serverBinary(), ['user', 'add', '--db', server.dbPath, '--login', login,
      '--name', '기자', '--password', 'correct horse', '--role', 'reporter'],
    { cwd: ROOT, env: { ...process.env, SINMUN_PASSWORD_COST: cost } });
  }
});

after(async () => {
  await server?.stop();
});

/** Send 'n' sign-ins of 'login' with 'password' at once; resolves statuses. */
async function parallelSignIns(login, password, n) {
  const j = jar();
  const body = new URLSearchParams({ csrf: await token(server, j), login, password }).toString();
  const all = [];
  for (let i = 0; i < n; i++) {
    all.push(post(server.url + '/signin', body, {
      headers: { cookie: j.header(), 'content-type': 'application/x-www-form-urlencoded' },
      timeout: 60000,
    }));
  }
  return (await Promise.all(all)).map((r) => r.status);
}

/** Count of each status in 'statuses', as { '303': 50 }. */
function tally(statuses) {
  const out = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

test(`${PARALLEL} parallel correct sign-ins all succeed`, async () => {
  const statuses = await parallelSignIns('many@example.com', 'correct horse', PARALLEL);
  assert.deepEqual(tally(statuses), { 303: PARALLEL });
  const sessions = await sql(server,
    "SELECT count(*) FROM sessions WHERE account_id = (SELECT id FROM accounts WHERE login = 'many@example.com')");
  assert.equal(sessions, String(PARALLEL));
});

test(`${PARALLEL} parallel wrong passwords: exactly the limit is checked`, async () => {
  const statuses = await parallelSignIns('target@example.com', 'wrong guess', PARALLEL);
  // 401: the password was checked and was wrong; 429: refused unchecked.
  assert.deepEqual(tally(statuses), { 401: 5, 429: PARALLEL - 5 });
  const failed = await sql(server,
    "SELECT count(*) FROM signin_attempts WHERE login = 'target@example.com' AND state = 'failed'");
  assert.equal(failed, '5', 'every failure recorded');
  // The throttle answer says when to come back.
  const j = jar();
  const res = await send(server, j, '/signin', { login: 'target@example.com', password: 'wrong guess' });
  assert.equal(res.status, 429);
  assert.match(res.body, /로그인 시도가 너무 많습니다/);
  assert.ok(Number(res.headers['retry-after']) > 0);
});
