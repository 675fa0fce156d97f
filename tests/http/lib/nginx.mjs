// A real nginx from Debian (nginx-light, as scripts/install-deps installs
// it) in front of sinmun servers, for the tests that need a reverse proxy
// or a load balancer (tests/http/site/nginx_proxy.test.mjs,
// tests/http/cluster/two_nodes.test.mjs).  It runs in the foreground in a
// temp folder with its own config, pid, temp paths and error log, on a
// free loopback port: never a system service.  The proxy lines are those
// of docs/operations.md.
//
//   const lb = await startNginx([a.port, b.port], {
//     server: 'max_fails=1 fail_timeout=2s',
//     location: ['proxy_next_upstream error timeout;'],
//   });
//   await get(lb.url + '/');
//   await lb.stop();

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { awaitHealthz, freePort } from './server.mjs';

/**
 * Start nginx on a free loopback port, proxying to the sinmun servers on
 * 'ports' (an `upstream` block, round-robin, keepalive 32).
 *
 * options.server       parameters after each upstream `server` line
 *                      (e.g. 'max_fails=1 fail_timeout=2s')
 * options.location     extra directives for `location /` (an array)
 * options.connections  worker_connections (default 256)
 *
 * Resolves { url, port, dir, stop() } once GET /healthz through it
 * answers 200; stop() ends nginx and removes its folder.
 */
export async function startNginx(ports, options = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-nginx-'));
  await mkdir(path.join(dir, 'temp'));
  const extra = options.server ? ` ${options.server}` : '';
  const servers = ports.map((p) => `        server 127.0.0.1:${p}${extra};`).join('\n');
  const location = (options.location ?? []).map((line) => `            ${line}`).join('\n');
  // The port is free a moment before nginx binds it: try a few.
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    await writeFile(path.join(dir, 'nginx.conf'), `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
${process.getuid() === 0 ? 'user root;' : ''}
events { worker_connections ${options.connections ?? 256}; }
http {
    access_log off;
    client_body_temp_path ${dir}/temp/body;
    proxy_temp_path ${dir}/temp/proxy;
    fastcgi_temp_path ${dir}/temp/fastcgi;
    uwsgi_temp_path ${dir}/temp/uwsgi;
    scgi_temp_path ${dir}/temp/scgi;
    upstream sinmun {
${servers}
        keepalive 32;
    }
    server {
        listen 127.0.0.1:${port};
        location / {
            proxy_pass http://sinmun;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
${location}
        }
    }
}
`);
    try {
      return await launch(dir, port);
    } catch (err) {
      lastError = err;
      if (!err.portInUse) {
        break;
      }
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

async function launch(dir, port) {
  const errorLog = path.join(dir, 'nginx-error.log');
  const child = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', errorLog],
    { stdio: 'ignore' });
  let exitCode;
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    exitCode = code ?? signal;
    resolve();
  }));
  const url = `http://127.0.0.1:${port}`;
  if (!(await awaitHealthz(url, exited))) {
    const log = await readFile(errorLog, 'utf8').catch(() => '');
    if (exitCode !== undefined) {
      const err = new Error(`nginx exited during startup (${exitCode}):\n${log}`);
      err.portInUse = /Address already in use/.test(log);
      throw err;
    }
    child.kill('SIGKILL');
    await exited;
    throw new Error('nginx did not start: ' + log);
  }
  let stopped = null;
  return {
    url,
    port,
    dir,
    stop() {
      stopped ??= (async () => {
        if (exitCode === undefined) {
          child.kill('SIGTERM');
        }
        await exited;
        await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
