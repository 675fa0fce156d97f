// Sign-up floods (issue 8, section 2): 103 sign-ups from one address in
// 15 s were all accepted. Now each network (/24, /48) may sign up 10
// times an hour, counted in the database: two server processes on one
// database share the count. A refused form comes back with what was typed.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { startServer } from '../lib/server.mjs';
import { jar, sql, token } from '../comments/lib.mjs';

const LIMIT = 10;
let first;
let second;

before(async () => {
  first = await startServer();
  // A second process on the same database, as behind a balancer.
  second = await startServer({ demo: false, dbPath: first.dbPath });
});

after(async () => {
  await second?.stop();
  await first?.stop();
});

/** POST /signup to 'server' from source address 'from'. */
async function signUpFrom(server, from, login) {
  const j = jar();
  const body = new URLSearchParams({
    csrf: await token(server, j), login, name: '가입자', password: 'password123', password2: 'password123',
  }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}/signup`, {
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

test(`one network signs up ${LIMIT} times an hour, across server processes`, async () => {
  const statuses = [];
  for (let i = 0; i < LIMIT; i++) {
    const server = i % 2 ? second : first;
    statuses.push((await signUpFrom(server, '127.0.0.1', `flood${i}`)).status);
  }
  assert.deepEqual(statuses, Array(LIMIT).fill(303));
  for (const server of [first, second]) {
    const res = await signUpFrom(server, '127.0.0.9', `flood-over-${server.port}`);
    assert.equal(res.status, 429, 'the same /24, either process');
    assert.match(res.body, /이 네트워크에서 가입이 너무 많았습니다/);
    assert.match(res.body, new RegExp(`value="flood-over-${server.port}"`), 'the form comes back as typed');
    assert.doesNotMatch(res.body, /password123/, 'never the password');
    assert.ok(Number(res.headers['retry-after']) > 0);
  }
  assert.equal(await sql(first, "SELECT count(*) FROM accounts WHERE login LIKE 'flood%'"), String(LIMIT));
  // Another network is not held back.
  const other = await signUpFrom(second, '127.0.1.1', 'elsewhere');
  assert.equal(other.status, 303);
});

test('a parallel burst from one network gets exactly what is left of the limit', async () => {
  const all = [];
  for (let i = 0; i < 30; i++) {
    all.push(signUpFrom(i % 2 ? second : first, '127.0.2.1', `burst${i}`));
  }
  const statuses = (await Promise.all(all)).map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 303).length, LIMIT);
  assert.equal(statuses.filter((s) => s === 429).length, 30 - LIMIT);
});
