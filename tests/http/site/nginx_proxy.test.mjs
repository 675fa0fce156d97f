// Issue 8, section 3, end to end: sinmun behind a real nginx (Debian's
// nginx-light, as scripts/install-deps installs it) configured as
// docs/operations.md ("Behind a proxy") says, with trusted_proxies set to
// nginx's address. A reader connecting to nginx from 127.0.0.3 with a
// forged X-Forwarded-For must be logged as 127.0.0.3: not as the forged
// address, not as nginx. Failed before: every request was nginx's.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startNginx } from '../lib/nginx.mjs';
import { startServer } from '../lib/server.mjs';

let server;
let nginx;
let dir;

/** GET 'url' from 'localAddress' with 'headers'; resolves the status. */
function getFrom(url, localAddress, headers) {
  return new Promise((resolve, reject) => {
    http.get(url, { localAddress, agent: false, headers, timeout: 10000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-nginx-'));
  server = await startServer({
    settings: { trusted_proxies: '127.0.0.1', access_log: path.join(dir, 'access.log') },
  });
  // The server block is the one in docs/operations.md, on plain HTTP.
  nginx = await startNginx([server.port], { connections: 64 });
});

after(async () => {
  await nginx?.stop();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('behind nginx the access log names the reader, not nginx or a forged address', async () => {
  const base = nginx.url;
  assert.equal(await getFrom(`${base}/robots.txt?via=nginx-forged`, '127.0.0.3', { 'x-forwarded-for': '6.6.6.6' }), 200);
  assert.equal(await getFrom(`${base}/robots.txt?via=nginx-plain`, '127.0.0.4', {}), 200);
  // Straight to sinmun from an untrusted address: its own, header ignored.
  assert.equal(await getFrom(`${server.url}/robots.txt?via=direct`, '127.0.0.5', { 'x-forwarded-for': '6.6.6.6' }), 200);
  await server.stop(); // writes out the buffered log
  const lines = (await readFile(path.join(dir, 'access.log'), 'utf8')).split('\n');
  const first = (marker) => (lines.find((l) => l.includes(marker)) ?? '').split(' ')[0];
  assert.equal(first('via=nginx-forged'), '127.0.0.3');
  assert.equal(first('via=nginx-plain'), '127.0.0.4');
  assert.equal(first('via=direct'), '127.0.0.5');
});
