// Lockout of the owner (issue 8, section 2). Five wrong passwords from one
// address used to lock the real owner out for 15 minutes from everywhere.
// Now failures count per (login, network): the guesser's network is
// stopped, the owner signs in from another at once; and per login, after
// five failures, each try waits a little longer (1 s, 2 s, 4 s … at most a
// minute), so guesses from many networks stay slow without a lockout.
// Different networks are different loopback source addresses: 127.0.0.x
// and 127.0.1.x are two /24s to the server.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { ROOT, serverBinary, startServer } from '../lib/server.mjs';
import { jar, sql, token } from '../comments/lib.mjs';

const exec = promisify(execFile);
let server;

before(async () => {
  server = await startServer();
  for (const login of ['owner@example.com', 'slow@example.com']) {
    await exec(serverBinary(), ['user', 'add', '--db', server.dbPath, '--login', login,
      '--name', '기자', '--password', 'correct horse', '--role', 'reporter'],
    { cwd: ROOT, env: { ...process.env, SINMUN_PASSWORD_COST: 'min' } });
  }
});

after(async () => {
  await server?.stop();
});

/** POST /signin from source address 'from'; resolves { status, headers, body }. */
async function signInFrom(from, login, password) {
  const j = jar();
  const body = new URLSearchParams({ csrf: await token(server, j), login, password }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}/signin`, {
      method: 'POST',
      localAddress: from,
      agent: false,
      headers: { cookie: j.header(), 'content-type': 'application/x-www-form-urlencoded' },
      timeout: 20000,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('five wrong passwords from one network do not lock the owner out elsewhere', async () => {
  for (let i = 0; i < 5; i++) {
    const res = await signInFrom('127.0.0.1', 'owner@example.com', `guess ${i}`);
    assert.equal(res.status, 401, `guess ${i}`);
  }
  // The guessing network is stopped, even with the right password.
  let res = await signInFrom('127.0.0.1', 'owner@example.com', 'correct horse');
  assert.equal(res.status, 429);
  assert.match(res.body, /로그인 시도가 너무 많습니다/);
  assert.ok(Number(res.headers['retry-after']) > 0);
  // The owner, from another network, right away.
  res = await signInFrom('127.0.1.1', 'owner@example.com', 'correct horse');
  assert.equal(res.status, 303, 'the owner signs in from another network');
  assert.match([res.headers['set-cookie']].flat().join('\n'), /sid=/);
  // And another address of the guessing network is the same network.
  res = await signInFrom('127.0.0.2', 'owner@example.com', 'guess 5');
  assert.equal(res.status, 429);
});

test('guesses from many networks slow a login down, and the owner gets in after the wait', async () => {
  // Eight failures from eight networks, the last just now (written
  // directly: the test would otherwise wait for the delays it checks).
  const now = Date.now();
  const rows = [];
  for (let i = 0; i < 8; i++) {
    rows.push(`('slow@example.com', '10.0.${i}.0/24', 'failed', ${now - (8 - i) * 10})`);
  }
  await sql(server, `INSERT INTO signin_attempts(login, network, state, at_ms) VALUES ${rows.join(', ')}`);
  // Eight failures: each try waits 4 s after the last one, from anywhere,
  // and is not checked meanwhile (a right password would be a guess too).
  let res = await signInFrom('127.0.2.1', 'slow@example.com', 'correct horse');
  assert.equal(res.status, 429);
  assert.match(res.body, /이 아이디로 틀린 로그인이 많았습니다\. [1-4]초 뒤에/);
  const wait = Number(res.headers['retry-after']);
  assert.ok(wait >= 1 && wait <= 4, `Retry-After ${wait}`);
  assert.equal(await sql(server,
    "SELECT count(*) FROM signin_attempts WHERE login = 'slow@example.com'"), '8', 'not checked, not counted');
  await sleep(wait * 1000 + 200);
  res = await signInFrom('127.0.3.1', 'slow@example.com', 'correct horse');
  assert.equal(res.status, 303, 'after the wait the owner signs in');
});
