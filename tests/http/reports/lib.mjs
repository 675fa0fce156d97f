// Helpers for the report and moderation tests: a moderator account made
// with `sinmun user add`, signed in through the real form.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT, serverBinary } from '../lib/server.mjs';
import { jar, send } from '../comments/lib.mjs';

const exec = promisify(execFile);

/** Create an account with 'roles' on the server's database (the operator's
 *  command) and sign it in; resolves its cookie jar. */
export async function staff(server, login, roles = 'moderator') {
  await exec(serverBinary(), [
    'user', 'add', '--db', server.dbPath, '--login', login, '--name', `모더${login}`,
    '--password', 'modpass1234', '--role', roles,
  ], { cwd: ROOT });
  const j = jar();
  const res = await send(server, j, '/signin', { login, password: 'modpass1234' });
  assert.equal(res.status, 303, `sign-in ${login}: ${res.status}`);
  return j;
}

/** The rows' "kind:id" keys of a moderation page, in order. */
export function rowKeys(html) {
  return [...html.matchAll(/<li class="mod-row" id="row-([a-z]+)-(\d+)">/g)].map((m) => `${m[1]}:${m[2]}`);
}

/** The texts of the history list of a target page. */
export function history(html) {
  return [...html.matchAll(/<li><time>[^<]*<\/time> ([^<]*)<\/li>/g)].map((m) => m[1]);
}
