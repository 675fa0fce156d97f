// Issue 8, section 3, end to end: sinmun behind a real nginx (Debian's
// nginx-light, as scripts/install-deps installs it) configured as
// docs/operations.md ("Behind a proxy") says, with trusted_proxies set to
// nginx's address. A reader connecting to nginx from 127.0.0.3 with a
// forged X-Forwarded-For must be logged as 127.0.0.3: not as the forged
// address, not as nginx. Failed before: every request was nginx's.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort, startServer } from '../lib/server.mjs';

let server;
let nginx;
let dir;
let nginxPort;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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
  nginxPort = await freePort();
  await mkdir(path.join(dir, 'temp'));
  // The server block is the one in docs/operations.md, on plain HTTP.
  await writeFile(path.join(dir, 'nginx.conf'), `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
${process.getuid() === 0 ? 'user root;' : ''}
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path ${dir}/temp/body;
    proxy_temp_path ${dir}/temp/proxy;
    fastcgi_temp_path ${dir}/temp/fastcgi;
    uwsgi_temp_path ${dir}/temp/uwsgi;
    scgi_temp_path ${dir}/temp/scgi;
    upstream sinmun {
        server 127.0.0.1:${server.port};
        keepalive 32;
    }
    server {
        listen 127.0.0.1:${nginxPort};
        location / {
            proxy_pass http://sinmun;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }
    }
}
`);
  nginx = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'nginx-error.log')],
    { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try {
      if (await getFrom(`http://127.0.0.1:${nginxPort}/healthz`, '127.0.0.1', {}) === 200) break;
    } catch {
      // not listening yet
    }
    if (i > 100) throw new Error('nginx did not start: ' + await readFile(path.join(dir, 'nginx-error.log'), 'utf8'));
    await sleep(100);
  }
});

after(async () => {
  nginx?.kill('SIGTERM');
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('behind nginx the access log names the reader, not nginx or a forged address', async () => {
  const base = `http://127.0.0.1:${nginxPort}`;
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
