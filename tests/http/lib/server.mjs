// Helpers shared by every HTTP test (tests/http/**) and browser test
// (tests/browser/**): start a real sinmun server on loopback with a fresh
// demo database, talk to it (plain requests and raw bytes), and validate the
// HTML it returns.
//
//   import { startServer, get, rawRequest, validateHtml } from '../lib/server.mjs';
//   const server = await startServer({ settings: { cache: 'off' } });
//   const res = await get(server.url + '/');
//   assert.deepEqual(await validateHtml(res.body), []);
//   await server.stop();   // throws on a non-zero exit or a sanitizer report
//
// The server binary is build/san/sinmun (ASan+UBSan) unless SINMUN_BIN or
// the 'binary' option names another. Nothing here listens anywhere but
// 127.0.0.1.

import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { HtmlValidate } from 'html-validate';

/** Repository root (the folder holding the Makefile). */
export const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);

/** Text that only a sanitizer report contains; any of it fails stop(). */
const SANITIZER_PATTERNS = [
  /ERROR: AddressSanitizer/,
  /ERROR: LeakSanitizer/,
  /LeakSanitizer/,
  /runtime error:/,
  /ERROR: UndefinedBehaviorSanitizer/,
];

/** Sanitizer options for servers started outside tests/run-all. */
const SANITIZER_ENV = {
  ASAN_OPTIONS:
    'halt_on_error=1:detect_leaks=1:print_stacktrace=1:' +
    'strict_string_checks=1:check_initialization_order=1',
  UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1',
};

const STARTUP_TIMEOUT_MS = 20000;
const STOP_TIMEOUT_MS = 20000;
const DEMO_TIMEOUT_MS = 60000;

/** Servers still running, killed if the test process exits without stop(). */
const liveChildren = new Set();
process.on('exit', () => {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** The server binary the tests run: SINMUN_BIN or build/san/sinmun. */
export function serverBinary() {
  return process.env.SINMUN_BIN
    ? path.resolve(ROOT, process.env.SINMUN_BIN)
    : path.join(ROOT, 'build/san/sinmun');
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Throws when 'text' (a process's stderr) holds a sanitizer report. */
function checkSanitizers(text, what) {
  for (const re of SANITIZER_PATTERNS) {
    if (re.test(text)) {
      throw new Error(`${what}: sanitizer report on stderr:\n${tail(text)}`);
    }
  }
}

/** Last 'n' lines of 'text', for error messages. */
function tail(text, n = 60) {
  const lines = text.split('\n');
  return lines.length > n
    ? `... (${lines.length - n} lines before)\n` + lines.slice(-n).join('\n')
    : text;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs 'file args' to completion; resolves { code, stdout, stderr }. */
function run(file, args, options) {
  return new Promise((resolve) => {
    execFile(file, args, options, (error, stdout, stderr) => {
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
        signal: error ? error.signal : null,
        stdout: String(stdout),
        stderr: String(stderr),
      });
    });
  });
}

/**
 * The PostgreSQL server the tests run against, when they do: tests/run-all
 * starts one (tests/pg/pgctl) and sets SINMUN_TEST_PG to its connection
 * URL without a database name ("postgresql:///?host=DIR&port=N&user=
 * postgres").  Unset: every test uses a SQLite file.
 */
export const TEST_PG = process.env.SINMUN_TEST_PG ?? '';

/** True when 'db' (a --db value) names a PostgreSQL database. */
export function isPg(db) {
  return /^postgres(ql)?:\/\//.test(db);
}

/**
 * The demo site made once for a whole run: tests/run-all runs `sinmun
 * demo` (the binary under test) once per backend and names the result in
 * SINMUN_TEST_DEMO_DB, a SQLite file or a database on the test PostgreSQL
 * server.  startServer() then copies it (a file copy; CREATE DATABASE …
 * TEMPLATE) instead of running `sinmun demo` for every server.  Unset (a
 * file run by hand): every server's database is made by `sinmun demo`.
 */
export const DEMO_TEMPLATE = process.env.SINMUN_TEST_DEMO_DB ?? '';

let pgDatabases = 0;
// Process ids come round again in a long run on a busy machine (seen:
// "database sinmun_21368_1 already exists"), so a random tag goes with
// the pid.
const PG_RUN_TAG = randomBytes(4).toString('hex');

/**
 * A new database for one server: a file in 'dir' (SQLite), or a fresh
 * database on the test PostgreSQL server; empty, or a copy of the
 * database 'template' (a file, or a postgresql:// URL on the same
 * server).  Resolves its --db value.
 */
export async function newDatabase(dir, template = '') {
  if (!TEST_PG) {
    const file = path.join(dir, 'site.db');
    if (template) {
      await copyFile(template, file);
    }
    return file;
  }
  const name = `sinmun_${process.pid}_${PG_RUN_TAG}_${++pgDatabases}`;
  const admin = TEST_PG.replace(':///?', ':///postgres?');
  let create = `CREATE DATABASE ${name}`;
  if (template) {
    create += ` TEMPLATE ${/:\/\/\/(\w+)\?/.exec(template)[1]}`;
  }
  const made = await run('psql', ['-X', '-q', '-d', admin, '-c', create], { timeout: 20000 });
  if (made.code !== 0) {
    throw new Error(`${create} failed:\n${made.stderr}`);
  }
  return TEST_PG.replace(':///?', `:///${name}?`);
}

/**
 * Run 'sql' (one or more statements) on the database 'db' (a file path or
 * a postgresql:// URL) with the backend's own shell; resolves the rows of
 * the last statement as text, columns joined by '|', rows by newlines.
 */
export async function dbQuery(db, sql) {
  const r = isPg(db)
    ? await run('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql], {
      timeout: 20000,
      maxBuffer: 64 * 1024 * 1024,
    })
    : await run('sqlite3', ['-cmd', '.timeout 5000', db, sql], {
      timeout: 20000,
      maxBuffer: 64 * 1024 * 1024,
    });
  if (r.code !== 0) {
    throw new Error(`SQL failed on ${db}: ${sql}\n${r.stderr}`);
  }
  return r.stdout.trim();
}

/**
 * Run the query 'sql' on 'db' (as dbQuery()) and resolve its first row as
 * an object of column name → value (text, number or null), or null when
 * it has no row: many columns in one process, whatever their text holds.
 */
export async function dbRow(db, sql) {
  let text;
  if (isPg(db)) {
    text = await dbQuery(db, `SELECT row_to_json(q) FROM (${sql}) q LIMIT 1`);
  } else {
    const r = await run('sqlite3', ['-json', '-cmd', '.timeout 5000', db, sql], {
      timeout: 20000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.code !== 0) {
      throw new Error(`SQL failed on ${db}: ${sql}\n${r.stderr}`);
    }
    text = r.stdout.trim();
  }
  if (!text) {
    return null;
  }
  const row = JSON.parse(text);
  return Array.isArray(row) ? (row[0] ?? null) : row;
}

/**
 * Ask GET 'url'/healthz every 100 ms until it answers 200 (resolves
 * true), or until 'exited' (a promise that settles when the process
 * behind it has ended) settles or about a hundred asks have gone
 * unanswered (resolves false): how a test waits for a proxy it started.
 */
export async function awaitHealthz(url, exited) {
  let ended = false;
  exited.then(() => { ended = true; }, () => { ended = true; });
  for (let i = 0; i <= 100 && !ended; i++) {
    try {
      if ((await get(url + '/healthz', { timeout: 1000 })).status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Start a sinmun server on a free loopback port with a fresh demo database.
 *
 * options.settings  { key: value } passed as `--set key=value` each
 *                   (max_body_bytes, cache, access_log, ...)
 * options.binary    server binary (default: serverBinary())
 * options.config    path of an INI file passed as --config
 * options.args      extra arguments for `serve`
 * options.env       extra environment variables for the server
 * options.demo      false to skip `sinmun demo` (then pass options.dbPath)
 * options.dbPath    database to use instead of a new one (newDatabase());
 *                   without it the demo site is a copy of DEMO_TEMPLATE
 *                   when the run made one
 *
 * Resolves { url, port, dbPath, dir, stderr(), stdout(), exited, stop() }
 * once GET /healthz answers 200. stop() sends SIGTERM, waits for the exit
 * and throws unless the exit code is 0 and stderr has no sanitizer report;
 * it removes the temp dir (kept when KEEP_TEST_TMP=1).
 */
export async function startServer(options = {}) {
  const binary = options.binary ?? serverBinary();
  if (!existsSync(binary)) {
    throw new Error(
      `server binary ${binary} does not exist: build it first ` +
        '(make build/san/sinmun) or set SINMUN_BIN',
    );
  }
  const env = { ...SANITIZER_ENV, ...process.env, ...(options.env ?? {}) };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-test-'));
  // A new database with the demo site: a copy of the run's demo database
  // when there is one for this backend, else `sinmun demo` below.
  let demo = options.demo !== false;
  let dbPath = options.dbPath;
  if (demo && !dbPath && DEMO_TEMPLATE && isPg(DEMO_TEMPLATE) === Boolean(TEST_PG)) {
    dbPath = await newDatabase(dir, DEMO_TEMPLATE);
    demo = false;
  }
  dbPath ??= await newDatabase(dir);

  if (demo) {
    const demo = await run(binary, ['demo', '--db', dbPath], {
      cwd: ROOT,
      env,
      timeout: DEMO_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (demo.code !== 0) {
      throw new Error(
        `${binary} demo --db ${dbPath} failed (exit ${demo.code}` +
          `${demo.signal ? ', ' + demo.signal : ''}):\n${tail(demo.stderr)}`,
      );
    }
    checkSanitizers(demo.stderr, 'sinmun demo');
  }

  // The port can be taken between freePort() and the server's bind: try a
  // few ports before giving up.
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await launch({ binary, env, dir, dbPath, port, options });
    } catch (err) {
      lastError = err;
      if (!err.portInUse) {
        break;
      }
    }
  }
  if (process.env.KEEP_TEST_TMP !== '1') {
    await rm(dir, { recursive: true, force: true });
  }
  throw lastError;
}

async function launch({ binary, env, dir, dbPath, port, options }) {
  const url = `http://127.0.0.1:${port}`;
  const args = [
    'serve',
    '--db',
    dbPath,
    '--listen',
    `127.0.0.1:${port}`,
    '--base-url',
    url,
  ];
  if (options.config) {
    args.push('--config', options.config);
  }
  // Argon2id at its cheapest unless a test asks otherwise: guest comments
  // and sign-ins hash passwords, and interactive cost is ~150 ms each.
  const settings = { password_cost: 'min', ...(options.settings ?? {}) };
  // Above info, the server does not log that it listens.
  const quiet = ['warn', 'error'].includes(settings.log_level);
  for (const [key, value] of Object.entries(settings)) {
    args.push('--set', `${key}=${value}`);
  }
  args.push(...(options.args ?? []));

  const child = spawn(binary, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8');
  child.stdout.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (process.env.SINMUN_TEST_VERBOSE === '1') {
      process.stderr.write(chunk);
    }
  });
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      liveChildren.delete(child);
      resolve({ code, signal });
    });
  });
  let exitStatus = null;
  exited.then((status) => {
    exitStatus = status;
  });

  // Wait for /healthz, or for the process to die.
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (exitStatus) {
      // Let the pipes drain so the message has the whole stderr.
      await sleep(50);
      const err = new Error(
        `sinmun serve exited during startup (code ${exitStatus.code}, ` +
          `signal ${exitStatus.signal}):\n${tail(stderr)}`,
      );
      err.portInUse = /in use|EADDRINUSE|bind/i.test(stderr);
      throw err;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(
        `sinmun serve did not answer GET /healthz within ` +
          `${STARTUP_TIMEOUT_MS} ms:\n${tail(stderr)}`,
      );
    }
    try {
      // Ours only once it says it listens: another test's server may have
      // taken the port between freePort() and this one's bind (then this
      // one exits "address in use", and another port is tried), and its
      // /healthz would answer here (seen: an import test's pages 404ed
      // on another test's site).
      const res = await get(url + '/healthz', { timeout: 1000 });
      if (res.status === 200 && (quiet || stderr.includes(`listening on 127.0.0.1:${port} `))) {
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }

  let stopped = null;
  async function stop() {
    if (stopped) {
      return stopped;
    }
    stopped = (async () => {
      if (!exitStatus) {
        child.kill('SIGTERM');
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const status = await exited;
      clearTimeout(timer);
      await sleep(20); // drain the last stderr bytes
      if (process.env.KEEP_TEST_TMP !== '1') {
        await rm(dir, { recursive: true, force: true });
      }
      if (status.code !== 0) {
        throw new Error(
          `sinmun serve did not exit cleanly after SIGTERM (code ` +
            `${status.code}, signal ${status.signal}):\n${tail(stderr)}`,
        );
      }
      checkSanitizers(stderr, 'sinmun serve');
      return status;
    })();
    return stopped;
  }

  return {
    url,
    port,
    dbPath,
    dir,
    pid: child.pid,
    stderr: () => stderr,
    stdout: () => stdout,
    sql: (text) => dbQuery(dbPath, text),
    exited,
    stop,
  };
}

/**
 * One HTTP request with node:http, on a fresh connection (Connection:
 * close), without following redirects.
 *
 * options.method   default 'GET'
 * options.headers  request headers
 * options.body     string or Buffer to send
 * options.timeout  ms before the request fails (default 10000)
 *
 * Resolves { status, headers, body, raw }: 'headers' has lower-case names
 * (a repeated header such as set-cookie is an array), 'raw' is the Buffer as
 * received and 'body' its UTF-8 text, decompressed when Content-Encoding is
 * gzip, deflate or br.
 */
export function request(url, options = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        agent: false,
        timeout: options.timeout ?? 10000,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          let decoded = raw;
          try {
            const encoding = res.headers['content-encoding'];
            if (encoding === 'gzip') {
              decoded = zlib.gunzipSync(raw);
            } else if (encoding === 'deflate') {
              decoded = zlib.inflateSync(raw);
            } else if (encoding === 'br') {
              decoded = zlib.brotliDecompressSync(raw);
            }
          } catch (err) {
            reject(new Error(`${url}: cannot decode body: ${err.message}`));
            return;
          }
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: decoded.toString('utf8'),
            raw,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: timed out`)));
    req.on('error', reject);
    if (options.body !== undefined) {
      req.write(options.body);
    }
    req.end();
  });
}

/** GET 'url' (see request()). */
export function get(url, options = {}) {
  return request(url, { ...options, method: 'GET' });
}

/**
 * GET 'url' again every 100 ms until 'done(res)' is true (at most 'ms',
 * default 5000, as the server follows cache_events every 500 ms);
 * resolves the last response.
 */
export async function waitFor(url, done, ms = 5000) {
  const deadline = Date.now() + ms;
  let res;
  for (;;) {
    res = await get(url);
    if (done(res) || Date.now() > deadline) {
      return res;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * GET 'url' until an answer comes from the page cache ("X-Cache: hit"),
 * for up to 'ms'; resolves that answer, or the last one when none did.
 * A write is applied twice in the process that made it: at once, and
 * again when its change feed reads the cache_events row back (on SQLite
 * within CHANGES_POLL_MS, 500 ms), which drops the page once more and
 * keeps a render that was under way meanwhile from being stored.  So two
 * GETs right after a write are not always a miss and then a hit.
 */
export function cachedGet(url, ms = 5000) {
  return waitFor(url, (res) => res.headers['x-cache'] === 'hit', ms);
}

/** POST 'body' to 'url'; a plain object is sent form-encoded. */
export function post(url, body, options = {}) {
  const headers = { ...(options.headers ?? {}) };
  let data = body;
  if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
    data = new URLSearchParams(body).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  return request(url, { ...options, method: 'POST', headers, body: data });
}

/**
 * Send 'bytes' (string or Buffer) over a new TCP connection to
 * 127.0.0.1:'port' exactly as given, and resolve with everything the server
 * sends back as text (latin1 keeps every byte; pass encoding 'utf8' for
 * readable Korean). The write side stays open, as a real client's would.
 * Resolves when the server closes the connection, or when 'idleMs' (default
 * 1000) pass without new bytes once some arrived, or after 'timeout' ms
 * (default 10000) in all.
 *
 * options.encoding  'latin1' (default), 'utf8' or 'buffer'
 * options.idleMs    quiet time that ends the read once bytes arrived
 * options.timeout   overall limit in ms
 * options.end       true to half-close after writing
 */
export function rawRequest(port, bytes, options = {}) {
  const encoding = options.encoding ?? 'latin1';
  const idleMs = options.idleMs ?? 1000;
  const timeout = options.timeout ?? 10000;
  return new Promise((resolve, reject) => {
    const chunks = [];
    let idleTimer = null;
    let done = false;
    const socket = net.connect({ host: '127.0.0.1', port });
    const finish = () => {
      if (done) {
        return;
      }
      done = true;
      clearTimeout(idleTimer);
      clearTimeout(totalTimer);
      socket.destroy();
      const buf = Buffer.concat(chunks);
      resolve(encoding === 'buffer' ? buf : buf.toString(encoding));
    };
    const totalTimer = setTimeout(finish, timeout);
    socket.on('connect', () => {
      if (options.end) {
        socket.end(bytes);
      } else {
        socket.write(bytes);
      }
    });
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      clearTimeout(idleTimer);
      idleTimer = setTimeout(finish, idleMs);
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (err) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') {
        finish(); // the server hung up: what it sent before counts
      } else if (!done) {
        done = true;
        clearTimeout(totalTimer);
        reject(err);
      }
    });
  });
}

/**
 * Split the first response in 'text' (from rawRequest) into
 * { status, reason, headers, body }; header names are lower-case and a
 * repeated header keeps its last value. Returns null when 'text' holds no
 * status line.
 */
export function parseRawResponse(text) {
  const m = /^HTTP\/1\.[01] (\d{3}) ?([^\r\n]*)\r\n/.exec(text);
  if (!m) {
    return null;
  }
  const end = text.indexOf('\r\n\r\n');
  const head = end >= 0 ? text.slice(0, end) : text;
  const headers = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line
        .slice(colon + 1)
        .trim();
    }
  }
  return {
    status: Number(m[1]),
    reason: m[2],
    headers,
    body: end >= 0 ? text.slice(end + 4) : '',
  };
}

// html-validate, with the recommended preset minus the rules that judge
// markup style rather than correctness:
//   no-trailing-whitespace    template output may end lines with spaces
//   attribute-boolean-style   <input required> and required="" are both HTML
//   attribute-empty-style     alt="" and bare alt are both HTML
//   attr-quotes               single and double quotes are both HTML
//   void-style                <br> and <br/> are both HTML
//   doctype-style             <!DOCTYPE html> and <!doctype html>
//   no-implicit-close         HTML lets </p>, </li>, </td> be implied
//   long-title                a Korean headline plus the site name often
//                             passes 70 characters; a search hint, not an
//                             error
// Everything else stays on, no-inline-style included: the CSP forbids inline
// styles, so one in a page is a bug. Added: missing-doctype (every page is a
// full document).
const htmlValidate = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'no-trailing-whitespace': 'off',
    'attribute-boolean-style': 'off',
    'attribute-empty-style': 'off',
    'attr-quotes': 'off',
    'void-style': 'off',
    'doctype-style': 'off',
    'no-implicit-close': 'off',
    'long-title': 'off',
    'missing-doctype': 'error',
    // A group of checkboxes sharing one name is how HTML sends a list
    // (the moderation queue's ticked rows).
    'form-dup-name': ['error', { shared: ['radio', 'button', 'reset', 'submit', 'checkbox'] }],
  },
});

/**
 * Validate the HTML document 'html'. Resolves the list of problems as
 * readable strings, "line:column rule-id: message" (empty when the
 * document is valid), so tests can `assert.deepEqual(await
 * validateHtml(html), [])` and see every problem on failure.
 */
export async function validateHtml(html) {
  const report = await htmlValidate.validateString(html, 'page.html');
  const problems = [];
  for (const result of report.results) {
    for (const msg of result.messages) {
      problems.push(
        `${msg.line}:${msg.column} ${msg.ruleId}: ${msg.message}` +
          (msg.selector ? ` (at ${msg.selector})` : ''),
      );
    }
  }
  return problems;
}
