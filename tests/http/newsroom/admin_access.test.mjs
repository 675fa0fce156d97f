// /newsroom/admin (issue 9, point 7): only admins open the admin pages or
// post to them; every page is valid HTML; the change log lists who did
// what, newest first, paged by keyset.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, post, startServer } from '../lib/server.mjs';
import { decode, jar } from '../comments/lib.mjs';
import { accounts, page, send, sql, validPage } from './admin_lib.mjs';

let server;
let who;

const PAGES = [
  '/newsroom/admin',
  '/newsroom/admin/people',
  '/newsroom/admin/people/new',
  '/newsroom/admin/people/1',
  '/newsroom/admin/sections',
  '/newsroom/admin/settings',
  '/newsroom/admin/audit',
];
const POSTS = [
  ['/newsroom/admin/people', { name: '몰래', email: '', desk: '', bio: '' }],
  ['/newsroom/admin/people/1', { name: '바꿈', email: '', desk: '', bio: '' }],
  ['/newsroom/admin/people/1/account', { action: 'link', login: 'reader1' }],
  ['/newsroom/admin/sections', { slug: 'sneaky', name: '몰래' }],
  ['/newsroom/admin/sections/1', { name: '바꿈' }],
  ['/newsroom/admin/sections/1/move', { direction: 'down' }],
  ['/newsroom/admin/settings', { site_name: '바꾼 제호' }],
];

before(async () => {
  server = await startServer();
  who = await accounts(server);
});

after(async () => {
  await server?.stop();
});

test('every admin page opens for an admin and is valid HTML', async () => {
  for (const path of PAGES) {
    const body = await validPage(server, who.admin, path);
    assert.match(body, /aria-label="사이트 관리 메뉴"/, path);
  }
  const home = await validPage(server, who.admin, '/newsroom');
  assert.match(home, /<a href="\/newsroom\/admin">사이트 관리<\/a>/);
});

test('guests, readers and editors are refused every page and every post', async () => {
  const guest = jar();
  for (const [name, j] of [['guest', guest], ['reader', who.reader], ['editor', who.editor]]) {
    for (const path of PAGES) {
      const res = await page(server, j, path);
      assert.equal(res.status, 403, `${name} GET ${path}`);
    }
    for (const [path, fields] of POSTS) {
      const res = await send(server, j, path, fields);
      assert.equal(res.status, 403, `${name} POST ${path}`);
    }
  }
  const editorHome = await validPage(server, who.editor, '/newsroom');
  assert.doesNotMatch(editorHome, /\/newsroom\/admin/);
  // Nothing they sent was written.
  assert.equal(await sql(server, "SELECT count(*) FROM people WHERE name IN ('몰래', '바꿈')"), '0');
  assert.equal(await sql(server, "SELECT count(*) FROM sections WHERE slug = 'sneaky' OR name = '바꿈'"), '0');
  assert.equal(await sql(server, "SELECT count(*) FROM settings WHERE value = '바꾼 제호'"), '0');
  assert.equal(await sql(server, 'SELECT count(*) FROM audit_log'), '0');
});

test('an admin post without its CSRF token is refused', async () => {
  const res = await post(server.url + '/newsroom/admin/sections', { slug: 'nocsrf', name: '토큰 없음' }, {
    headers: { cookie: who.admin.header() },
  });
  assert.equal(res.status, 403);
  assert.equal(await sql(server, "SELECT count(*) FROM sections WHERE slug = 'nocsrf'"), '0');
});

test('the change log: who, when, what, which, newest first, paged', async () => {
  const res = await send(server, who.admin, '/newsroom/admin/sections', { slug: 'audit-me', name: '기록용' });
  assert.equal(res.status, 303);
  const id = await sql(server, "SELECT id FROM sections WHERE slug = 'audit-me'");
  const body = await validPage(server, who.admin, '/newsroom/admin/audit');
  const row = /<tr id="audit-\d+">([\s\S]*?)<\/tr>/.exec(body)[1];
  assert.match(row, /<time datetime="[^"]+\+09:00">/);
  assert.match(row, /모더admin1 <span class="hint">\(admin1\)<\/span>/);
  assert.match(row, /<td>분류 추가<\/td>/);
  assert.match(row, new RegExp(`<a href="/newsroom/admin/sections">section:${id}</a>`));
  assert.match(decode(row), /<td class="audit-detail">주소 'audit-me', 이름 '기록용'<\/td>/);
  // The start page shows the latest changes too.
  assert.match(await validPage(server, who.admin, '/newsroom/admin'), /기록용/);

  // 120 older rows: 50 a page, 다음 until the end, no row twice.
  await sql(server, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
    INSERT INTO audit_log(account_id, at, action, target, detail)
    SELECT NULL, 1000000000 + i / 3, 'setting.update', 'setting:phone', '줄 ' || i FROM n`);
  const seen = [];
  let url = '/newsroom/admin/audit';
  while (url) {
    const html = await validPage(server, who.admin, url);
    const ids = [...html.matchAll(/<tr id="audit-(\d+)">/g)].map((m) => Number(m[1]));
    assert.ok(ids.length <= 50);
    seen.push(...ids);
    url = /<a href="([^"]*)" rel="next">/.exec(html)?.[1].replaceAll('&amp;', '&');
  }
  const all = (await sql(server, 'SELECT id FROM audit_log ORDER BY at DESC, id DESC')).split('\n').map(Number);
  assert.deepEqual(seen, all);
  assert.equal((await page(server, who.admin, '/newsroom/admin/audit?before=1.1')).status, 404);
  assert.equal((await page(server, who.admin, '/newsroom/admin/audit?before=junk')).status, 404);
  // Rows are never changed by the pages: there is no route that could.
  const plain = await get(server.url + '/newsroom/admin/audit', { headers: { cookie: who.admin.header() } });
  assert.equal(plain.headers['cache-control']?.includes('no-store'), true);
});
