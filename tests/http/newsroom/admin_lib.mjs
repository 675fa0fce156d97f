// Helpers for the admin pages' tests (tests/http/newsroom/admin*.test.mjs):
// accounts of each role signed in through the real form, reading a page
// with a jar, the field messages and the audit log.

import assert from 'node:assert/strict';
import { get, validateHtml } from '../lib/server.mjs';
import { decode, send } from '../comments/lib.mjs';
import { staff } from '../reports/lib.mjs';

export { send, staff };

/** An admin, an editor and a reader, signed in; resolves their jars. */
export async function accounts(server) {
  return {
    admin: await staff(server, 'admin1', 'admin'),
    editor: await staff(server, 'editor1', 'editor'),
    reader: await staff(server, 'reader1', 'reader'),
  };
}

/** GET 'path' with the jar 'j'; resolves the response. */
export async function page(server, j, path) {
  const res = await get(server.url + path, { headers: { cookie: j.header() } });
  j.take(res);
  return res;
}

/** GET 'path' as 'j', asserting 200 and valid HTML; resolves the body. */
export async function validPage(server, j, path) {
  const res = await page(server, j, path);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  assert.deepEqual(await validateHtml(res.body), [], path);
  return res.body;
}

/** The text of the field message with id 'id' in 'html', or null. */
export function fieldError(html, id) {
  const m = new RegExp(`<p class="field-error" id="${id}">([^<]*)</p>`).exec(html);
  return m ? decode(m[1]) : null;
}

/** The value of the input with id 'id' in 'html' (decoded), or null. */
export function inputValue(html, id) {
  const m = new RegExp(`<input id="${id}"[^>]* value="([^"]*)"`).exec(html);
  return m ? decode(m[1]) : null;
}

/** The text of the textarea with id 'id' in 'html' (decoded), or null. */
export function textareaValue(html, id) {
  const m = new RegExp(`<textarea id="${id}"[^>]*>([^<]*)</textarea>`).exec(html);
  return m ? decode(m[1]) : null;
}

/** Run SQL on the server's database (SQLite or PostgreSQL: portable SQL
 *  only); resolves the rows as text. */
export function sql(server, text) {
  return server.sql(text);
}

/** The audit rows newer than id 'after' as [action, target, detail, login]. */
export async function auditSince(server, after) {
  const out = await sql(server, `SELECT l.action, l.target, l.detail, a.login FROM audit_log l
    LEFT JOIN accounts a ON a.id = l.account_id WHERE l.id > ${after} ORDER BY l.id`);
  return out === '' ? [] : out.split('\n').map((line) => line.split('|'));
}

/** The newest audit id (0 when none). */
export async function lastAudit(server) {
  return Number(await sql(server, 'SELECT coalesce(max(id), 0) FROM audit_log'));
}
