// sinmun behind a real Varnish (issue 10 §4): varnishd from Debian, with
// vmod xkey (varnish-modules) and the VCL of docs/varnish.vcl, in a
// temporary folder on a free loopback port, in front of a sinmun test
// server whose purge_urls points at it. Pages are served from Varnish
// (X-Varnish with two ids and sinmun's access log without a new line); a
// correction on article 1 is visible through Varnish within a second,
// while article 2, untouched, is still served from Varnish.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort, get, request, startServer, ROOT } from '../lib/server.mjs';
import { send } from '../comments/lib.mjs';
import { staff } from '../reports/lib.mjs';

const VARNISHD = '/usr/sbin/varnishd';

let server;
let editor;
let varnish; // { url, child, log(), dir }

/** Start varnishd in the foreground in its own temporary folder, with
 *  docs/varnish.vcl pointed at 'backendPort'; resolves once it answers. */
async function startVarnish(port, backendPort) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-varnish-'));
  // As root, varnishd drops to its own users (vcache): they must reach
  // the working folder.
  await chmod(dir, 0o755);
  const vcl = (await readFile(path.join(ROOT, 'docs/varnish.vcl'), 'utf8'))
    .replace('.port = "8080";', `.port = "${backendPort}";`);
  assert.ok(vcl.includes(`"${backendPort}"`), 'the VCL names its backend port');
  const vclPath = path.join(dir, 'sinmun.vcl');
  await writeFile(vclPath, vcl);
  const args = ['-F', '-n', path.join(dir, 'work'), '-a', `127.0.0.1:${port}`, '-f', vclPath,
    '-s', 'malloc,64m', '-T', 'none', '-p', 'thread_pools=1', '-p', 'thread_pool_min=5'];
  if (process.getuid && process.getuid() !== 0) {
    args.push('-j', 'none');
  }
  const child = spawn(VARNISHD, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (c) => { log += c; });
  child.stderr.on('data', (c) => { log += c; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 30000;
  for (;;) {
    const gone = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 200))]);
    if (gone) {
      throw new Error(`varnishd exited (${JSON.stringify(gone)}):\n${log}`);
    }
    try {
      const res = await get(url + '/robots.txt', { timeout: 2000 });
      if (res.status === 200) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`varnishd did not answer within 30 s:\n${log}`);
    }
  }
  return {
    url,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      const done = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 10000))]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** True when 'res' came from Varnish's cache: X-Varnish names this
 *  request and the one that stored the object. */
function isHit(res) {
  return (res.headers['x-varnish'] ?? '').trim().split(/\s+/).length === 2;
}

/** Waits until sinmun's access log holds every line so far: it writes
 *  partly filled buffers once a second (docs/operations.md "Access log"). */
function settleLog() {
  return new Promise((r) => setTimeout(r, 1300));
}

/** Lines of sinmun's access log (its stderr) for GET 'p'. */
function backendGets(p) {
  const re = new RegExp(`"GET ${p.replace(/[/.]/g, '\\$&')} HTTP/1\\.1" `, 'g');
  return (server.stderr().match(re) ?? []).length;
}

before(async () => {
  const varnishPort = await freePort();
  server = await startServer({
    settings: {
      purge_urls: `xkey+http://127.0.0.1:${varnishPort}/`,
      // Without purging Varnish would keep each page this long.
      cache_max_age: '3600',
    },
  });
  editor = await staff(server, 'varnish-editor', 'editor');
  varnish = await startVarnish(varnishPort, server.port);
});

after(async () => {
  await varnish?.stop();
  await server?.stop();
});

test('the front page and article pages are served from Varnish on the second request', async () => {
  const PAGES = ['/', '/article/1', '/article/2'];
  const first = {};
  for (const p of PAGES) {
    first[p] = await get(varnish.url + p);
    assert.equal(first[p].status, 200, p);
    assert.match(first[p].headers['cache-control'], /s-maxage=3600/, p);
  }
  await settleLog();
  const nBackend = PAGES.map(backendGets);
  for (const p of PAGES) {
    const second = await get(varnish.url + p);
    assert.equal(second.status, 200, p);
    assert.ok(isHit(second), `${p}: X-Varnish ${second.headers['x-varnish']}`);
    assert.ok(Number(second.headers.age) >= 0, `${p}: Age ${second.headers.age}`);
    assert.equal(second.body, first[p].body, p);
    assert.equal(second.headers.xkey, undefined, `${p}: the xkey header stays inside Varnish`);
    assert.ok(second.headers['surrogate-key'].split(' ').includes('site'), p);
  }
  await settleLog();
  assert.deepEqual(PAGES.map(backendGets), nBackend, 'sinmun was not asked again');
});

test('a correction is visible through Varnish within a second; an unrelated page stays cached', async (t) => {
  const text = '셋째 문단의 "2조원"은 "2천억원"의 잘못이기에 바로잡습니다.';
  const old = await get(varnish.url + '/article/1');
  assert.ok(isHit(old), 'article 1 is in Varnish before the change');
  assert.ok(!old.body.includes('2천억원'));
  assert.ok(isHit(await get(varnish.url + '/article/2')), 'article 2 is in Varnish before the change');
  await settleLog();
  const nArticle2 = backendGets('/article/2');

  const t0 = Date.now();
  const res = await send(server, editor, '/newsroom/articles/1/corrections', { kind: 'correction', text });
  assert.equal(res.status, 303);
  let seen = null;
  while (Date.now() - t0 <= 1000) {
    const page = await get(varnish.url + '/article/1');
    if (page.body.includes('2천억원')) {
      seen = page;
      break;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.ok(seen, `the correction was not visible through Varnish within 1 s:\n${server.stderr().split('\n').filter((l) => /purge/.test(l)).join('\n')}`);
  t.diagnostic(`correction visible through Varnish ${Date.now() - t0} ms after the POST was sent`);
  assert.equal(seen.status, 200);

  // The unrelated page: still from Varnish, and sinmun was not asked.
  const other = await get(varnish.url + '/article/2');
  assert.ok(isHit(other), `article 2: X-Varnish ${other.headers['x-varnish']}`);
  assert.ok(Number(other.headers.age) >= 0);
  // After the second purge (700 ms later) as well.
  await settleLog();
  const later = await get(varnish.url + '/article/2');
  assert.ok(isHit(later), 'article 2 after both purges');
  await settleLog();
  assert.equal(backendGets('/article/2'), nArticle2, 'sinmun served article 2 no more');
  // The corrected page is cached again once fetched.
  const again = await get(varnish.url + '/article/1');
  assert.ok(again.body.includes('2천억원'));
  assert.ok(isHit(await get(varnish.url + '/article/1')), 'article 1 cached again');
});

test('Varnish refuses a PURGE without tags, and signed-in readers pass through', async () => {
  const bare = await request(varnish.url + '/', { method: 'PURGE' });
  assert.equal(bare.status, 400);
  const a = await get(varnish.url + '/article/2', { headers: { cookie: 'sid=nosuchsession' } });
  assert.equal(a.status, 200);
  assert.ok(!isHit(a), 'a request with a session cookie is not answered from the cache');
});
