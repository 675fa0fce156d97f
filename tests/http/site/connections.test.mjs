// Connection limits: per-IP connection limit and idle timeout, both set
// from the command line.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { get, startServer } from '../lib/server.mjs';

let server;

before(async () => {
  server = await startServer({ settings: { per_ip_connections: 3, timeout_seconds: 1 } });
});

after(async () => {
  await server?.stop();
});

function openSocket(port) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.on('error', reject);
  });
}

function closed(socket, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

test('connections beyond per_ip_connections from one address are closed', async () => {
  const sockets = [];
  for (let i = 0; i < 3; i++) sockets.push(await openSocket(server.port));
  const extra = await openSocket(server.port);
  assert.equal(await closed(extra, 1500), true, 'the fourth connection is closed');
  for (const s of sockets) s.destroy();
  await new Promise((r) => setTimeout(r, 200));
  const res = await get(server.url + '/healthz');
  assert.equal(res.status, 200, 'new connections work once others closed');
});

test('an idle connection is closed after timeout_seconds', async () => {
  const s = await openSocket(server.port);
  const t0 = Date.now();
  assert.equal(await closed(s, 5000), true);
  const waited = Date.now() - t0;
  assert.ok(waited >= 500 && waited < 4500, `closed after ${waited} ms`);
});
