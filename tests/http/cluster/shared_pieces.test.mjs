// Shared pieces on several nodes (issue 11; src/app/pieces.h): two
// `sinmun serve` processes on one database with the page cache off, so
// every page renders, each node keeping its own 최신 기사 lists, comment
// settings and site snapshot (menu).  A change made on node A must show
// in node B's next renders once B's change feed has read it (within 1 s:
// SQLite polls every 500 ms, PostgreSQL is woken by NOTIFY):
//   - an article published on A is in B's 최신 기사 list;
//   - a section renamed on A is B's menu and list heading;
//   - a comment policy changed on A is under B's articles.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import nodePath from 'node:path';
import { after, before, test } from 'node:test';
import { newDatabase } from '../lib/server.mjs';
import {
  act, create, form, newClockFile, page, send, sql, staff, startNewsroomServer,
} from '../newsroom/lib.mjs';

let clockFile;
let dir;
let a;
let b;
let rep;
let desk;
let admin;
let mod;

before(async () => {
  clockFile = await newClockFile();
  dir = await mkdtemp(nodePath.join(os.tmpdir(), 'sinmun-pieces-'));
  const settings = { cache: 'off' };
  a = await startNewsroomServer({ clockFile, dbPath: await newDatabase(dir), settings });
  b = await startNewsroomServer({ clockFile, demo: false, dbPath: a.dbPath, settings });
  rep = await staff(a, 'rep', 'reporter', '홍보영');
  desk = await staff(a, 'desk', 'editor', '이데스크');
  admin = await staff(a, 'admin', 'admin', '관리자');
  mod = await staff(a, 'mod', 'moderator', '김관리');
});

after(async () => {
  await b?.stop();
  await a?.stop();
  await rm(clockFile, { force: true });
  if (dir) {
    await rm(dir, { recursive: true, force: true });
  }
});

/** Poll node 'n''s article page 'path' until 'ok(body)'; resolves ms. */
async function seenOn(n, path, ok, what) {
  const t0 = Date.now();
  let body = '';
  while (Date.now() - t0 <= 1000) {
    body = (await page(n, path)).body;
    if (ok(body)) {
      return Date.now() - t0;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`${what}: not on ${n === a ? 'A' : 'B'} after 1 s`);
}

/** The 최신 기사 block of an article page. */
function latestBlock(html) {
  return /<section class="related"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
}

test('an article published on node A is in node B\'s 최신 기사 list within 1 s', async () => {
  const section = await sql(a, 'SELECT section_id FROM articles WHERE id = 1');
  const title = '두 노드 최신 기사 조각';
  // B keeps the section's list before the change.
  assert.doesNotMatch(latestBlock((await page(b, '/article/1')).body), new RegExp(title));
  assert.doesNotMatch(latestBlock((await page(b, '/article/1')).body), new RegExp(title));
  const id = await create(a, rep.jar, form(rep, { title, section }));
  assert.equal((await act(a, desk.jar, id, 'publish')).status, 303);
  const ms = await seenOn(b, '/article/1', (html) => latestBlock(html).includes(`href="/article/${id}">${title}<`),
    'the published article');
  console.log(`# publish on A → in B's uncached 최신 기사 list: ${ms} ms`);
  // And A, at once.
  assert.match(latestBlock((await page(a, '/article/1')).body), new RegExp(title));
});

test('a section renamed on node A is in node B\'s menu and list heading within 1 s', async () => {
  const [id, slug] = (await sql(a, 'SELECT s.id, s.slug FROM sections s JOIN articles r ON r.section_id = s.id WHERE r.id = 1')).split('|');
  const name = '산업일부·이름바꿈';
  const navItem = new RegExp(`<a href="/section/${slug}"[^>]*>${name}</a>`);
  assert.doesNotMatch((await page(b, '/article/1')).body, navItem);
  const res = await send(a, admin.jar, `/newsroom/admin/sections/${id}`, { name });
  assert.equal(res.status, 303);
  for (const n of [a, b]) {
    await seenOn(n, '/article/1', (html) => navItem.test(html) && latestBlock(html).includes(`${name} 최신 기사`),
      'the new section name');
  }
});

test('a comment policy changed on node A is under node B\'s articles within 1 s', async () => {
  const text = '두 노드: 비방 댓글은 숨겨집니다.';
  assert.doesNotMatch((await page(b, '/article/2')).body, new RegExp(text));
  const res = await send(a, mod.jar, '/newsroom/moderation/policy', {
    policy: text, words: '', action: 'hold', threshold: '2', days: '30',
  });
  assert.equal(res.status, 303);
  await seenOn(b, '/article/2', (html) => html.includes(`<p class="comment-policy">${text}</p>`), 'the policy');
});
