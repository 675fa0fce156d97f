// The command line: usage errors exit 2, help exits 0, a broken template
// stops start-up with file:line, empty legal fields are warned about, and
// the settings command changes and lists settings.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { ROOT, get, serverBinary, startServer } from '../lib/server.mjs';

const exec = promisify(execFile);
let dir;

async function sinmun(args, options = {}) {
  try {
    const { stdout, stderr } = await exec(serverBinary(), args, { cwd: ROOT, timeout: 20000, ...options });
    return { code: 0, stdout, stderr };
  } catch (err) {
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-cli-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('bad usage prints usage and exits 2', async () => {
  for (const args of [[], ['bogus'], ['serve', '--bogus', 'x'], ['serve', '--db'], ['serve', '--set', 'nokey'],
    ['serve', '--set', 'threads=0'], ['settings'], ['settings', 'frob']]) {
    const r = await sinmun(args);
    assert.equal(r.code, 2, `sinmun ${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /usage: sinmun|sinmun: /);
  }
});

test('help prints usage on standard output and exits 0', async () => {
  const r = await sinmun(['help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /serve/);
  assert.match(r.stdout, /demo/);
});

test('a setting with a bad value names the key and the range', async () => {
  const r = await sinmun(['serve', '--set', 'max_body_bytes=12']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /max_body_bytes: expected a whole number from 1024/);
});

test('a broken template stops start-up with its file and line', async () => {
  const root = path.join(dir, 'root');
  await cp(path.join(ROOT, 'templates'), path.join(root, 'templates'), { recursive: true });
  await cp(path.join(ROOT, 'static'), path.join(root, 'static'), { recursive: true });
  await writeFile(path.join(root, 'templates', 'site', 'error_page.html'), '<p>\n{{#if title}}\nunclosed\n');
  const db = path.join(dir, 'broken.db');
  const r = await sinmun(['serve', '--db', db, '--root', root, '--listen', '127.0.0.1:1']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error_page\.html:2: .*unclosed/);
});

test('an empty site warns about every empty legal field at start-up', async () => {
  const db = path.join(dir, 'empty.db');
  const init = await sinmun(['init', '--db', db]);
  assert.equal(init.code, 0, init.stderr);
  const server = await startServer({ demo: false, dbPath: db });
  try {
    await get(server.url + '/healthz');
    const warnings = server.stderr().split('\n').filter((l) => /warn: settings: legal footer field/.test(l));
    for (const key of ['site_name', 'registration_number', 'registration_date', 'publisher', 'editor',
      'address', 'phone', 'youth_officer', 'privacy_url']) {
      assert.ok(warnings.some((l) => l.includes(` ${key} `)), `warning for ${key}`);
    }
    const front = await get(server.url + '/');
    assert.equal(front.status, 200);
    assert.match(front.body, /아직 기사가 없습니다|<main/);
  } finally {
    await server.stop();
  }
});

test('the demo site has no legal warnings; demo refuses a used database', async () => {
  const server = await startServer();
  try {
    assert.doesNotMatch(server.stderr(), /legal footer field/);
  } finally {
    await server.stop();
  }
  const db = path.join(dir, 'demo.db');
  assert.equal((await sinmun(['demo', '--db', db])).code, 0);
  const again = await sinmun(['demo', '--db', db]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already has \d+ articles/);
});

test('settings set refuses unknown keys and lists what it set', async () => {
  const db = path.join(dir, 'settings.db');
  assert.equal((await sinmun(['init', '--db', db])).code, 0);
  const bad = await sinmun(['settings', 'set', 'colour', 'red', '--db', db]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown setting 'colour'/);
  const ok = await sinmun(['settings', 'set', 'publisher', '김발행 \'"<>', '--db', db]);
  assert.equal(ok.code, 0, ok.stderr);
  const list = await sinmun(['settings', 'list', '--db', db]);
  assert.match(list.stdout, /^publisher = 김발행 '"<>$/m);
});
