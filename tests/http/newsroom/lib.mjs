// Helpers for the newsroom tests (tests/http/newsroom/, and the browser
// test of the newsroom): staff accounts made with `sinmun user add` (a
// reporter or editor gets its linked people row there), signed in through
// the real form; the editor form's fields; writing, saving and acting on
// articles through the editor's POSTs; the test clock
// (SINMUN_TEST_CLOCK_FILE) that moves a server's time forward; and the
// 예약 field's value for a time in Asia/Seoul.
//
//   const server = await startNewsroomServer();
//   const rep = await staff(server, 'rep', 'reporter');
//   const id = await create(server, rep.jar, form(rep, { title: '제목' }));

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, dbRow, get, serverBinary, startServer } from '../lib/server.mjs';
import { decode, jar, send, sql } from '../comments/lib.mjs';

export { decode, jar, send, sql };

const exec = promisify(execFile);

/**
 * Start a server (startServer options in 'options') whose clock a file
 * moves: resolves the server with .clockFile, its path, for setClock().
 * Pass options.clockFile to share one file between servers.
 */
export async function startNewsroomServer(options = {}) {
  const clockFile = options.clockFile ?? await newClockFile();
  const server = await startServer({
    ...options,
    env: { ...(options.env ?? {}), SINMUN_TEST_CLOCK_FILE: clockFile },
  });
  server.clockFile = clockFile;
  if (!options.clockFile) {
    const stop = server.stop;
    server.stop = async () => {
      try {
        return await stop();
      } finally {
        await rm(clockFile, { force: true });
      }
    };
  }
  return server;
}

/** A new clock file saying 0 (its caller removes it). */
export async function newClockFile() {
  const file = path.join(os.tmpdir(),
    `sinmun-clock-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  await writeFile(file, '0\n');
  return file;
}

/** Move the clocks of every server reading 'clockFile' 'seconds' ahead. */
export async function setClock(clockFile, seconds) {
  await writeFile(clockFile, `${seconds}\n`);
}

/**
 * Create an account 'login' with 'roles' on the server's database (the
 * operator's command) and sign it in.  Resolves { jar, login, accountId,
 * personId } (personId null when `user add` made no people row).
 */
export async function staff(server, login, roles, name = `${login}기자`) {
  await exec(serverBinary(), [
    'user', 'add', '--db', server.dbPath, '--login', login, '--name', name,
    '--password', 'staffpass123', '--role', roles,
  ], { cwd: ROOT });
  const j = jar();
  const res = await send(server, j, '/signin', { login, password: 'staffpass123' });
  assert.equal(res.status, 303, `sign-in ${login}: ${res.status}`);
  const accountId = Number(await sql(server, `SELECT id FROM accounts WHERE login = '${login}'`));
  const person = await sql(server, `SELECT id FROM people WHERE account_id = ${accountId}`);
  return { jar: j, login, accountId, personId: person ? Number(person) : null };
}

/** GET 'path' with jar 'j' (none: a guest). */
export function page(server, path, j) {
  return get(server.url + path, j ? { headers: { cookie: j.header() } } : {});
}

/** The editor form's fields for a new article by 'who', with 'over'. */
export function form(who, over = {}) {
  return {
    title: '산업부, 반도체 수출 지원책 발표',
    subtitle: '중소 협력사에 2천억 원\n하반기부터 시행',
    section: '1',
    author1: String(who.personId),
    dateline: '[산업일보]',
    summary: '정부가 반도체 수출 지원책을 내놓았다.',
    keywords: '반도체, 수출',
    body: '산업통상자원부는 19일 반도체 수출 지원책을 발표했다.\n\n중소 협력사에 2천억 원을 지원한다.',
    ...over,
  };
}

/** The stored fields of article 'id' as the editor form sends them. */
export async function stored(server, id) {
  const authors = (await sql(server,
    `SELECT person_id FROM article_authors WHERE article_id = ${id} ORDER BY position`)).split('\n');
  const keywords = (await sql(server,
    `SELECT keyword FROM article_keywords WHERE article_id = ${id} ORDER BY position`)).split('\n');
  // One row as JSON (the texts may hold '|', sqlite3's separator); each
  // value as the shell prints it alone: NULL empty, trimmed.
  const row = await dbRow(server.dbPath, `SELECT title, subtitle, section_id, dateline, summary, body_md, version
    FROM articles WHERE id = ${id}`) ?? {};
  const one = (col) => (row[col] == null ? '' : String(row[col]).trim());
  const f = {
    title: one('title'),
    subtitle: one('subtitle'),
    section: one('section_id'),
    dateline: one('dateline'),
    summary: one('summary'),
    body: one('body_md'),
    keywords: keywords.filter(Boolean).join(', '),
    base_version: one('version'),
  };
  authors.filter(Boolean).forEach((p, i) => { f[`author${i + 1}`] = p; });
  return f;
}

/** POST a new article; resolves its id (asserts the 303). */
export async function create(server, j, fields) {
  const res = await send(server, j, '/newsroom/articles/new', fields);
  assert.equal(res.status, 303, `create: ${res.status} ${formError(res.body) ?? ''}`);
  const m = /\/newsroom\/articles\/(\d+)\//.exec(res.headers.location);
  assert.ok(m, res.headers.location);
  return Number(m[1]);
}

/** POST the editor form of article 'id' (the stored fields, then 'over'). */
export async function edit(server, j, id, over = {}) {
  const fields = { ...(await stored(server, id)), ...over };
  return send(server, j, `/newsroom/articles/${id}/edit`, fields);
}

/** Press button 'action' on article 'id' (with the stored text). */
export function act(server, j, id, action, over = {}) {
  return edit(server, j, id, { action, ...over });
}

/** The state of article 'id'. */
export function status(server, id) {
  return sql(server, `SELECT status FROM articles WHERE id = ${id}`);
}

/** The form error of an editor page, decoded, or null. */
export function formError(html) {
  const m = /<p class="form-error" role="alert">([^<]*)/.exec(html);
  return m ? decode(m[1]).trim() : null;
}

/** The value of input 'name' in 'html', decoded, or null. */
export function inputValue(html, name) {
  const m = new RegExp(`<input[^>]* name="${name}"[^>]* value="([^"]*)"`).exec(html);
  return m ? decode(m[1]) : null;
}

/** The text of textarea 'name' in 'html', decoded, or null. */
export function textareaText(html, name) {
  const m = new RegExp(`<textarea[^>]* name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return m ? decode(m[1]) : null;
}

/** "YYYY-MM-DDTHH:MM" in Asia/Seoul, 'seconds' from now (the 예약 field). */
export function seoulLocal(seconds) {
  const t = new Date(Date.now() + seconds * 1000);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(t).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** Poll 'fn' (async, truthy when done) every 100 ms for up to 'ms'. */
export async function until(fn, ms = 15000, what = 'condition') {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) {
      return v;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
