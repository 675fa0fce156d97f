// Issue 8, section 1: a second server started on a port already in use
// used to share it silently (SO_REUSEPORT was always on), and the kernel
// split the traffic between two sites. Now it stops with "address in use";
// sharing is the explicit setting listen_reuse_port=on (on both), for
// restarts without downtime.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { ROOT, get, serverBinary, startServer } from '../lib/server.mjs';

let first;

before(async () => {
  first = await startServer();
});

after(async () => {
  await first?.stop();
});

/**
 * Run `sinmun serve` on 'port' with 'settings' until it exits or 'ms'
 * pass; resolves { code, stderr, running } (running: still up, then
 * stopped with SIGTERM).
 */
function serveOn(port, settings, ms) {
  const args = ['serve', '--db', first.dbPath, '--listen', `127.0.0.1:${port}`,
    '--base-url', `http://127.0.0.1:${port}`, '--set', 'access_log=off'];
  for (const [k, v] of Object.entries(settings)) args.push('--set', `${k}=${v}`);
  return new Promise((resolve) => {
    const child = spawn(serverBinary(), args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { stderr += d; });
    let running = true;
    const timer = setTimeout(() => child.kill('SIGTERM'), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      running = code === 0 && /listening on/.test(stderr);
      resolve({ code, stderr, running });
    });
  });
}

test('a second server on a port in use stops with "address in use"', async () => {
  const r = await serveOn(first.port, {}, 15000);
  assert.notEqual(r.code, 0, 'it must not run');
  assert.match(r.stderr, /cannot listen on 127\.0\.0\.1:\d+: address in use/);
  assert.doesNotMatch(r.stderr, /listening on/);
  const res = await get(first.url + '/healthz');
  assert.equal(res.status, 200, 'the first server is untouched');
});

test('listen_reuse_port=on on both servers lets them share the port', async () => {
  const a = await startServer({ settings: { listen_reuse_port: 'on' } });
  try {
    const b = await serveOn(a.port, { listen_reuse_port: 'on' }, 5000);
    assert.equal(b.running, true, `the second server ran:\n${b.stderr}`);
    // Only one side opting in is not enough.
    const c = await serveOn(first.port, { listen_reuse_port: 'on' }, 15000);
    assert.notEqual(c.code, 0);
    assert.match(c.stderr, /address in use/);
  } finally {
    await a.stop();
  }
});

test('a restart binds the port at once while the old process\'s closed connections linger (FIN-WAIT, TIME-WAIT)', async () => {
  // Passing the reuse option as 0 also turned off SO_REUSEADDR: a server
  // restarted right after one that closed its clients' keep-alive
  // connections got "address in use" for up to a minute.
  const net = await import('node:net');
  const a = await startServer({ demo: false, dbPath: first.dbPath });
  const sockets = [];
  for (let i = 0; i < 10; i++) {
    const s = net.connect(a.port, '127.0.0.1');
    await new Promise((resolve) => s.once('connect', resolve));
    s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    s.on('data', () => {});
    s.on('error', () => {});
    sockets.push(s);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  await a.stop(); // the server closes; the clients keep their ends open
  try {
    const b = await serveOn(a.port, {}, 3000);
    assert.equal(b.running, true, `the restarted server ran:\n${b.stderr}`);
  } finally {
    for (const s of sockets) s.destroy();
  }
});
