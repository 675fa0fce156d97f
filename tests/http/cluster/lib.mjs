// Helpers for the several-node tests (tests/http/cluster/): haproxy as
// docs/operations.md "Several nodes" configures it, in a temp folder on a
// free loopback port, and a PostgreSQL of the test's own (tests/pg/pgctl)
// that a test may stop and start again.  Never a system service.  The
// nginx load balancer is tests/http/lib/nginx.mjs (clusterNginx() below
// gives it the "Several nodes" lines).
//
//   const lb = await clusterNginx([a.port, b.port]);
//   await get(lb.url + '/');
//   await lb.stop();

import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startNginx } from '../lib/nginx.mjs';
import { ROOT, awaitHealthz, freePort, get } from '../lib/server.mjs';

const exec = promisify(execFile);

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET 'url' with 'timeout' ms to answer; resolves the response with .ms,
 * the time it took (the fault tests measure how soon a page answers). */
export async function timedGet(url, headers = {}, timeout = 30000) {
  const t0 = Date.now();
  const res = await get(url, { headers, timeout });
  res.ms = Date.now() - t0;
  return res;
}

/**
 * nginx in front of the sinmun nodes on 'ports' with the `upstream` of
 * docs/operations.md "Several nodes": a node that fails is left out for
 * 2 s, a request it could not take goes to the next (POSTs are never
 * retried).  Resolves { url, port, dir, stop() } (tests/http/lib/nginx.mjs).
 */
export function clusterNginx(ports) {
  return startNginx(ports, {
    server: 'max_fails=1 fail_timeout=2s',
    location: ['proxy_next_upstream error timeout;', 'proxy_connect_timeout 2s;', 'proxy_read_timeout 30s;'],
  });
}

/** Send 'signal' to the postmaster of the cluster in 'dir' and to every
 *  process it started (its children, by parent pid). */
async function signalCluster(dir, signal) {
  const pid = Number((await readFile(path.join(dir, 'data/postmaster.pid'), 'utf8')).split('\n')[0]);
  const { stdout } = await exec('pgrep', ['-P', String(pid)]).catch(() => ({ stdout: '' }));
  const pids = [pid, ...stdout.split('\n').filter(Boolean).map(Number)];
  for (const p of signal === 'SIGSTOP' ? pids.reverse() : pids) {
    try {
      process.kill(p, signal);
    } catch {
      // gone meanwhile
    }
  }
}

/**
 * A PostgreSQL server of the caller's own (tests/pg/pgctl), so a test can
 * stop it under a running sinmun without touching the suite's shared
 * one.  Resolves { url (a database "sinmun" on it), dataDir, stop(),
 * start(), remove() }: stop() and start() keep the data and the port.
 */
export async function ownPostgres() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-ownpg-'));
  const pgctl = path.join(ROOT, 'tests/pg/pgctl');
  const { stdout } = await exec(pgctl, ['start', dir], { timeout: 120000 });
  const base = stdout.trim();
  const admin = base.replace(':///?', ':///postgres?');
  await exec('psql', ['-X', '-q', '-d', admin, '-c', 'CREATE DATABASE sinmun'], { timeout: 20000 });
  const port = /port=(\d+)/.exec(base)[1];
  const bin = '/usr/lib/postgresql/15/bin';
  const asOwner = (args) => (process.getuid() === 0
    ? exec('runuser', ['-u', 'postgres', '--', ...args], { timeout: 60000 })
    : exec(args[0], args.slice(1), { timeout: 60000 }));
  return {
    url: base.replace(':///?', ':///sinmun?'),
    dir,
    /** Stop the server (fast: open connections are cut). */
    stop: () => asOwner([`${bin}/pg_ctl`, '-D', `${dir}/data`, '-m', 'fast', '-w', 'stop']),
    /** Start it again on the same port and socket folder. */
    start: () => asOwner([`${bin}/pg_ctl`, '-D', `${dir}/data`, '-l', `${dir}/server.log`, '-w', '-t', '30',
      '-o', `-k ${dir} -h '' -p ${port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, 'start']),
    /** Freeze the server without stopping it (SIGSTOP to the postmaster
     *  and every backend): connections stay open and nothing answers, as
     *  on a host that hangs. */
    freeze: async () => signalCluster(dir, 'SIGSTOP'),
    /** Wake a frozen server (SIGCONT). */
    thaw: async () => signalCluster(dir, 'SIGCONT'),
    /** Stop it and remove its folder. */
    remove: async () => {
      await signalCluster(dir, 'SIGCONT').catch(() => {});
      return exec(pgctl, ['stop', dir], { timeout: 60000 });
    },
  };
}

/**
 * Start haproxy on a free loopback port in front of the sinmun nodes on
 * 'ports', with the backend of docs/operations.md "Several nodes": an
 * active GET /healthz check on each node, and each node once more as a
 * `backup` without a check, used while no node passes (the database is
 * down).  Resolves { url, port, log(), stop() } once a GET /healthz
 * through it answers 200.
 */
export async function startHaproxy(ports) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-haproxy-'));
  const port = await freePort();
  const checked = ports.map((p, i) => `    server n${i} 127.0.0.1:${p} check`).join('\n');
  const backups = ports.map((p, i) => `    server n${i}-cache 127.0.0.1:${p} backup`).join('\n');
  await writeFile(path.join(dir, 'haproxy.cfg'), `
global
    log stdout format raw local0
defaults
    mode http
    log global
    timeout connect 2s
    timeout client 30s
    timeout server 30s
frontend www
    bind 127.0.0.1:${port}
    default_backend sinmun
backend sinmun
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
${checked}
${backups}
    option allbackups
    retry-on conn-failure empty-response
`);
  const child = spawn('haproxy', ['-f', path.join(dir, 'haproxy.cfg')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  // 'error': haproxy could not be started at all (not installed).
  const exited = new Promise((resolve) => {
    child.on('exit', resolve);
    child.on('error', (err) => { log += `${err.message}\n`; resolve(); });
  });
  const url = `http://127.0.0.1:${port}`;
  if (!(await awaitHealthz(url, exited))) {
    child.kill('SIGKILL');
    throw new Error(`haproxy did not start:\n${log}`);
  }
  return {
    url,
    port,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
