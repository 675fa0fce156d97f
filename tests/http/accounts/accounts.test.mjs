// Accounts: sign-up, sign-in (right and wrong password, throttling),
// session cookie attributes and rotation, sign-out, CSRF on every POST
// (missing, wrong, other origin), and that signed-in readers never get a
// page from the shared cache.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { ROOT, get, post, serverBinary, startServer, validateHtml } from '../lib/server.mjs';

const exec = promisify(execFile);
let server;

before(async () => {
  server = await startServer();
  await exec(serverBinary(), ['user', 'add', '--db', server.dbPath, '--login', 'editor@example.com',
    '--name', '편집자', '--password', 'correct horse', '--role', 'editor'], { cwd: ROOT });
});

after(async () => {
  await server?.stop();
});

// A cookie jar of name → value, fed from Set-Cookie headers.
function jar() {
  const cookies = new Map();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    take(res) {
      for (const line of [res.headers['set-cookie'] ?? []].flat()) {
        const [pair] = line.split(';');
        const i = pair.indexOf('=');
        const name = pair.slice(0, i);
        const value = pair.slice(i + 1);
        if (value === '') cookies.delete(name); else cookies.set(name, value);
      }
    },
    get: (name) => cookies.get(name),
  };
}

async function token(j) {
  const res = await get(server.url + '/csrf', { headers: { cookie: j.header() } });
  j.take(res);
  assert.equal(res.headers['cache-control'], 'no-store');
  return JSON.parse(res.body).token;
}

async function send(j, path, fields) {
  const res = await post(server.url + path, new URLSearchParams(fields).toString(), {
    headers: { cookie: j.header(), 'content-type': 'application/x-www-form-urlencoded' },
  });
  j.take(res);
  return res;
}

test('GET /csrf sets an HttpOnly SameSite=Lax visitor cookie and answers a token', async () => {
  const res = await get(server.url + '/csrf');
  const cookie = [res.headers['set-cookie']].flat()[0];
  assert.match(cookie, /^vid=[A-Za-z0-9_-]{20,}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
  assert.match(JSON.parse(res.body).token, /^[0-9a-f]{32}$/);
});

test('sign-up creates a reader, signs them in and shows their name', async () => {
  const j = jar();
  const res = await send(j, '/signup', { csrf: await token(j), login: 'reader1@example.com', name: '독자 하나',
    password: 'password123', password2: 'password123' });
  assert.equal(res.status, 303);
  assert.ok(j.get('sid'));
  const page = await get(server.url + '/', { headers: { cookie: j.header() } });
  assert.match(page.body, /<span class="account-name">독자 하나님<\/span>/);
  assert.equal(page.headers['x-cache'], undefined, 'signed-in page not from the cache');
  assert.equal(page.headers['cache-control'], 'no-store');
});

test('sign-up errors come back with what was typed', async () => {
  const j = jar();
  const res = await send(j, '/signup', { csrf: await token(j), login: 'reader2@example.com', name: '<b>둘</b>',
    password: 'short', password2: 'short' });
  assert.equal(res.status, 400);
  assert.match(res.body, /비밀번호는 8자 이상/);
  assert.match(res.body, /value="reader2@example.com"/);
  assert.match(res.body, /value="&lt;b&gt;둘&lt;\/b&gt;"/);
  const dup = await send(j, '/signup', { csrf: await token(j), login: 'EDITOR@example.com', name: '다른 사람',
    password: 'password123', password2: 'password123' });
  assert.equal(dup.status, 400);
  assert.match(dup.body, /이미 쓰이는 아이디입니다/);
});

test('sign-in: wrong password refused, right one rotates the session', async () => {
  const j = jar();
  let res = await send(j, '/signin', { csrf: await token(j), login: 'editor@example.com', password: 'wrong' });
  assert.equal(res.status, 401);
  assert.match(res.body, /아이디 또는 비밀번호가 맞지 않습니다/);
  assert.match(res.body, /value="editor@example.com"/);
  res = await send(j, '/signin', { csrf: await token(j), login: 'Editor@Example.com', password: 'correct horse',
    next: '/section/economy' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/section/economy');
  const cookie = [res.headers['set-cookie']].flat().find((c) => c.startsWith('sid='));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  const first = j.get('sid');
  res = await send(j, '/signin', { csrf: await token(j), login: 'editor@example.com', password: 'correct horse' });
  assert.equal(res.status, 303);
  assert.notEqual(j.get('sid'), first, 'a new session id on every sign-in');
  const old = await get(server.url + '/', { headers: { cookie: `sid=${first}` } });
  assert.doesNotMatch(old.body, /account-name/, 'the old session ended');
});

test('an outside next= is ignored (no open redirect)', async () => {
  const j = jar();
  const res = await send(j, '/signin', { csrf: await token(j), login: 'editor@example.com', password: 'correct horse',
    next: '//evil.example/' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/');
});

test('sign-out ends the session', async () => {
  const j = jar();
  await send(j, '/signin', { csrf: await token(j), login: 'editor@example.com', password: 'correct horse' });
  const sid = j.get('sid');
  const res = await send(j, '/signout', { csrf: await token(j) });
  assert.equal(res.status, 303);
  assert.equal(j.get('sid'), undefined);
  const page = await get(server.url + '/', { headers: { cookie: `sid=${sid}` } });
  assert.doesNotMatch(page.body, /account-name/);
});

test('sign-in is throttled per login after 5 failures', async () => {
  const j = jar();
  for (let i = 0; i < 5; i++) {
    const r = await send(j, '/signin', { csrf: await token(j), login: 'throttle@example.com', password: 'nope' });
    assert.equal(r.status, 401);
  }
  const r = await send(j, '/signin', { csrf: await token(j), login: 'throttle@example.com', password: 'nope' });
  assert.equal(r.status, 429);
  assert.match(r.body, /로그인 시도가 너무 많습니다/);
});

test('CSRF: missing or wrong token → 403 page that resends what was typed', async () => {
  const j = jar();
  await token(j);
  for (const csrf of [undefined, '0'.repeat(32), 'x']) {
    const fields = { login: 'editor@example.com', password: 'correct horse', next: '/a"b' };
    if (csrf !== undefined) fields.csrf = csrf;
    const res = await send(j, '/signin', fields);
    assert.equal(res.status, 403, `csrf=${csrf}`);
    assert.match(res.body, /보안 확인이 필요합니다/);
    assert.match(res.body, /name="login" value="editor@example.com"/);
    assert.match(res.body, /name="next" value="\/a&quot;b"/);
    assert.equal(j.get('sid'), undefined, 'not signed in');
    const fresh = res.body.match(/name="csrf" value="([0-9a-f]{32})"/)[1];
    assert.equal(fresh, await token(j), 'the page carries this visitor\'s token');
  }
});

test('CSRF: a POST from another origin is refused even with a token', async () => {
  const j = jar();
  const t = await token(j);
  const res = await post(server.url + '/signin', new URLSearchParams({ csrf: t, login: 'a', password: 'b' }).toString(), {
    headers: { cookie: j.header(), origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 403);
  assert.match(res.body, /다른 사이트에서 보낸 요청은 받지 않습니다/);
});

test('cached pages for guests carry no CSRF token', async () => {
  for (const path of ['/', '/article/1', '/section/industry1']) {
    await get(server.url + path);
    const res = await get(server.url + path);
    assert.equal(res.headers['x-cache'], 'hit', path);
    assert.doesNotMatch(res.body, /name="csrf" value="[0-9a-f]/, path);
    assert.equal(res.headers['set-cookie'], undefined, path);
  }
});

test('user command: bad role exits 2, passwd changes the password', async () => {
  const bad = await exec(serverBinary(), ['user', 'add', '--db', server.dbPath, '--login', 'x@example.com',
    '--name', 'x', '--password', 'password123', '--role', 'king'], { cwd: ROOT }).catch((e) => e);
  assert.equal(bad.code, 2);
  await exec(serverBinary(), ['user', 'passwd', '--db', server.dbPath, '--login', 'editor@example.com',
    '--password', 'new password 1'], { cwd: ROOT });
  const j = jar();
  let r = await send(j, '/signin', { csrf: await token(j), login: 'editor@example.com', password: 'correct horse' });
  assert.equal(r.status, 401);
  r = await send(j, '/signin', { csrf: await token(j), login: 'editor@example.com', password: 'new password 1' });
  assert.equal(r.status, 303);
});

test('sign-in, sign-up and the CSRF page are valid HTML and never cached', async () => {
  for (const path of ['/signin', '/signup', '/signin?next=%2Farticle%2F1']) {
    const res = await get(server.url + path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers['cache-control'], 'no-store', path);
    assert.deepEqual(await validateHtml(res.body), [], path);
  }
  const res = await post(server.url + '/signin', 'login=a&password=b', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 403);
  assert.deepEqual(await validateHtml(res.body), []);
});
