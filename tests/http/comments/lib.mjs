// Helpers for the comment tests (tests/http/comments/*.test.mjs and
// tests/browser/comments*.test.mjs): a server with comment settings, a
// cookie jar, CSRF tokens, posting comments, reading them back, and
// direct SQL for what has no page yet (bans) or cannot be waited for
// (a comment 31 minutes old).
//
//   const server = await startCommentServer({ comment_rate_per_minute: 0 });
//   const j = jar();
//   const res = await postComment(server, j, 1, { body: '안녕', nickname: '손님', password: '1234' });

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT, dbQuery, get, post, serverBinary, startServer } from '../lib/server.mjs';

const exec = promisify(execFile);

/** Comment settings that keep the guards out of the way of flow tests. */
export const RELAXED = {
  comment_rate_per_minute: '0',
  comment_network_rate_per_minute: '0',
};

/**
 * Start a server (startServer options in 'options') and set the settings
 * table keys in 'comment' with `sinmun settings set` (read per request,
 * so they apply at once).
 */
export async function startCommentServer(comment = RELAXED, options = {}) {
  const server = await startServer(options);
  for (const [key, value] of Object.entries(comment)) {
    await setSetting(server, key, value);
  }
  return server;
}

/** `sinmun settings set KEY VALUE` on the server's database. */
export async function setSetting(server, key, value) {
  await exec(serverBinary(), ['settings', 'set', key, String(value), '--db', server.dbPath], { cwd: ROOT });
}

/** Run SQL on the server's database (SQLite or PostgreSQL); resolves its rows. */
export async function sql(server, text) {
  return dbQuery(server.dbPath, text);
}

/** A cookie jar of name → value, fed from Set-Cookie headers. */
export function jar() {
  const cookies = new Map();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    take(res) {
      for (const line of [res.headers['set-cookie'] ?? []].flat()) {
        const [pair] = line.split(';');
        const i = pair.indexOf('=');
        const value = pair.slice(i + 1);
        if (value === '') cookies.delete(pair.slice(0, i));
        else cookies.set(pair.slice(0, i), value);
      }
    },
    get: (name) => cookies.get(name),
  };
}

/** GET /csrf with the jar: the token for its next POST. */
export async function token(server, j) {
  const res = await get(server.url + '/csrf', { headers: { cookie: j.header() } });
  j.take(res);
  return JSON.parse(res.body).token;
}

/** POST 'fields' (with a fresh token) to 'path'; resolves the response. */
export async function send(server, j, path, fields) {
  const body = new URLSearchParams({ csrf: await token(server, j), ...fields }).toString();
  const res = await post(server.url + path, body, {
    headers: { cookie: j.header(), 'content-type': 'application/x-www-form-urlencoded' },
  });
  j.take(res);
  return res;
}

/** Post a comment (or a reply with fields.parent) on article 'id'. */
export function postComment(server, j, id, fields) {
  return send(server, j, `/article/${id}/comments`, fields);
}

/** The id of the comment a 303 after posting points at. */
export function commentIdOf(res) {
  assert.equal(res.status, 303, `expected 303, got ${res.status}: ${formError(res.body) ?? ''}`);
  const m = /#comment-(\d+)$/.exec(res.headers.location);
  assert.ok(m, `location ${res.headers.location}`);
  return Number(m[1]);
}

/** Post a guest comment that must succeed; resolves its id. */
let guestNo = 0;
export async function guestComment(server, j, id, body, extra = {}) {
  guestNo++;
  const res = await postComment(server, j, id, {
    body, nickname: `손님${guestNo}`, password: 'pass1234', ...extra,
  });
  return commentIdOf(res);
}

/** The text of the form's error message in 'html', or null. */
export function formError(html) {
  const m = /<p class="form-error" role="alert">([^<]*)<\/p>/.exec(html);
  return m ? decode(m[1]) : null;
}

/** The <article id="comment-N"> element of 'html', or null. */
export function commentHtml(html, cid) {
  const m = new RegExp(`<article class="comment[^"]*" id="comment-${cid}">[\\s\\S]*?</article>`).exec(html);
  return m ? m[0] : null;
}

/** Ids of the comments in 'html', in page order. */
export function commentIds(html) {
  return [...html.matchAll(/<article class="comment[^"]*" id="comment-(\d+)">/g)].map((m) => Number(m[1]));
}

/** Ids of the thread roots in 'html', in page order. */
export function threadIds(html) {
  return [...html.matchAll(/<li class="comment-thread">\s*<article class="comment[^"]*" id="comment-(\d+)">/g)]
    .map((m) => Number(m[1]));
}

/** The textarea's text in 'html' (the first comment textarea). */
export function textareaValue(html, name = 'body') {
  const m = new RegExp(`<textarea[^>]* name="${name}"[^>]*>\\n?([\\s\\S]*?)</textarea>`).exec(html);
  return m ? decode(m[1]) : null;
}

/** Decode the five entities the templates write. */
export function decode(s) {
  return s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}

/** Sign a new reader up (and in) in jar 'j'; resolves their account id. */
export async function signUp(server, j, login, name) {
  const res = await send(server, j, '/signup', {
    login, name, password: 'password123', password2: 'password123',
  });
  assert.equal(res.status, 303, `sign-up ${login}: ${res.status}`);
  return Number(await sql(server, `SELECT id FROM accounts WHERE login = '${login}'`));
}
