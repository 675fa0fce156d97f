// Issue 8, section 1: slow request heads. 4,300 connections from 18
// loopback addresses, each sending one header line every 3 s, made the
// site unreachable: every line reset libmicrohttpd's idle timeout, and the
// connections filled max_connections. Now a whole head has a deadline
// (header_timeout_seconds) and at most max_header_connections may be
// sending one; past either, the connection that has waited longest is
// closed. The same attack in small: 240 trickling connections from six
// addresses against a server allowing 150 connections, while a probe's
// requests must keep being answered. Failed before the fix: the probe got
// no connection at all.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { get, parseRawResponse, rawRequest, startServer } from '../lib/server.mjs';

let server;
const TRICKLE_MS = 500;

before(async () => {
  server = await startServer({
    settings: {
      header_timeout_seconds: 2,
      max_header_connections: 60,
      max_connections: 150,
      per_ip_connections: 100,
      timeout_seconds: 30,
    },
  });
});

after(async () => {
  await server?.stop();
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A connection from 'localAddress' that sends a request line and then a
 * header line every TRICKLE_MS, never ending its head. Resolves to an
 * object whose 'closed' promise resolves with the ms it stayed open once
 * the server closes it; stop() ends it from our side.
 */
function trickle(port, localAddress) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    let timer = null;
    const closed = new Promise((done) => {
      socket.on('close', () => {
        clearInterval(timer);
        done(Date.now() - t0);
      });
    });
    socket.on('error', () => {});
    socket.on('data', () => {});
    socket.on('connect', () => {
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
      timer = setInterval(() => socket.write('X-Slow: 1\r\n'), TRICKLE_MS);
      resolve({ closed, stop: () => socket.destroy() });
    });
    // A connection the server never accepted counts as closed at once.
    setTimeout(() => resolve({ closed, stop: () => socket.destroy() }), 2000);
  });
}

test('readers are served while hundreds of connections trickle their heads', async () => {
  const attackers = [];
  for (let i = 0; i < 240; i++) {
    attackers.push(trickle(server.port, `127.0.0.${2 + (i % 6)}`));
  }
  const conns = await Promise.all(attackers);
  try {
    await sleep(500);
    const statuses = [];
    for (let i = 0; i < 15; i++) {
      try {
        const res = await get(server.url + '/healthz', { timeout: 4000 });
        statuses.push(res.status);
      } catch (err) {
        statuses.push(err.message);
      }
      await sleep(200);
    }
    assert.deepEqual(statuses, Array(15).fill(200), 'every probe answered');
  } finally {
    for (const c of conns) c.stop();
  }
});

test('a head that keeps trickling is closed at the deadline, not kept alive', async () => {
  const c = await trickle(server.port, '127.0.0.9');
  const ms = await Promise.race([c.closed, sleep(15000).then(() => -1)]);
  c.stop();
  assert.notEqual(ms, -1, 'the server closed it');
  assert.ok(ms >= 1500, `not before the 2 s deadline (${ms} ms)`);
});

test('kept-alive and pipelined requests still work', async () => {
  const text = await rawRequest(server.port,
    'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    { encoding: 'utf8' });
  const first = parseRawResponse(text);
  assert.equal(first?.status, 200);
  assert.equal((text.match(/^HTTP\/1\.1 200/gm) ?? []).length, 2, 'two answers on one connection');
});
