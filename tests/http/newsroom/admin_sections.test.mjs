// /newsroom/admin/sections (issue 9, point 7): adding, renaming and
// reordering sections; refused forms keep what was typed; every change is
// audited and reaches the navigation of cached public pages (a "site"
// change) within a second.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer, validateHtml } from '../lib/server.mjs';
import { accounts, auditSince, fieldError, inputValue, lastAudit, send, sql, validPage } from './admin_lib.mjs';

let server;
let who;

before(async () => {
  server = await startServer({ settings: { cache: 'on' } });
  who = await accounts(server);
});

after(async () => {
  await server?.stop();
});

/** The navigation's section slugs of the front page as a guest sees it. */
async function nav() {
  const res = await get(server.url + '/');
  const navHtml = /<nav[^>]*aria-label="[^"]*분류[^"]*"[\s\S]*?<\/nav>|<nav class="sections"[\s\S]*?<\/nav>/.exec(res.body)?.[0] ?? res.body;
  return [...navHtml.matchAll(/href="\/section\/([a-z0-9-]+)"[^>]*>([^<]*)</g)].map((m) => `${m[1]}:${m[2]}`);
}

/** Wait until nav() satisfies 'ok' (the change feed runs twice a second). */
async function navUntil(ok) {
  let last;
  for (let i = 0; i < 40; i++) {
    last = await nav();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`navigation never changed: ${last}`);
}

test('adding a section: refused slugs and names keep the input; a good one is audited and shows in the menu', async () => {
  const audit0 = await lastAudit(server);
  const before1 = await nav();
  assert.ok(before1.includes('economy:경제'), before1.join(' '));
  for (const [fields, slugError, nameError] of [
    [{ slug: 'Bad Slug', name: '새 분류' }, /영문 소문자, 숫자, '-'로 40자까지/, null],
    [{ slug: '-dash', name: '새 분류' }, /'-'로 시작하지 않습니다/, null],
    [{ slug: 'economy', name: '새 분류' }, /'경제' 분류가 이미 이 주소를 씁니다/, null],
    [{ slug: 'newdesk', name: '경제' }, null, /'경제'\(economy\) 분류가 이미 그 이름입니다/],
    [{ slug: '', name: '' }, /주소용 이름\(영문\)을 적어 주십시오/, /분류 이름을 적어 주십시오/],
    [{ slug: 'newdesk', name: '가'.repeat(31) }, null, /분류 이름은 30자까지입니다. 지금 31자입니다/],
    [{ slug: 'x'.repeat(41), name: '길다' }, /40자까지/, null],
  ]) {
    const res = await send(server, who.admin, '/newsroom/admin/sections', fields);
    assert.equal(res.status, 422, JSON.stringify(fields));
    assert.deepEqual(await validateHtml(res.body), []);
    assert.equal(inputValue(res.body, 'section-slug'), fields.slug);
    assert.equal(inputValue(res.body, 'section-name'), fields.name);
    const se = fieldError(res.body, 'section-slug-error');
    const ne = fieldError(res.body, 'section-name-error');
    if (slugError) assert.match(se, slugError); else assert.equal(se, null, JSON.stringify(fields));
    if (nameError) assert.match(ne, nameError); else assert.equal(ne, null, JSON.stringify(fields));
  }
  assert.deepEqual(await auditSince(server, audit0), []);
  const res = await send(server, who.admin, '/newsroom/admin/sections', { slug: 'world', name: '국제' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/newsroom/admin/sections?saved=1');
  const id = await sql(server, "SELECT id FROM sections WHERE slug = 'world'");
  assert.equal(await sql(server, `SELECT CASE WHEN position = (SELECT max(position) FROM sections) THEN 1 ELSE 0 END FROM sections WHERE id = ${id}`), '1');
  assert.deepEqual(await auditSince(server, audit0), [
    ['section.create', `section:${id}`, "주소 'world', 이름 '국제'", 'admin1'],
  ]);
  const after1 = await navUntil((n) => n.includes('world:국제'));
  assert.equal(after1[after1.length - 1], 'world:국제');
  assert.equal((await get(server.url + '/section/world')).status, 200);
  const listed = await validPage(server, who.admin, '/newsroom/admin/sections?saved=1');
  assert.match(listed, /저장했습니다/);
  assert.match(listed, /\/section\/world/);
});

test('renaming: errors come back on that row with the typed name; the new name reaches the menu', async () => {
  const audit0 = await lastAudit(server);
  const id = await sql(server, "SELECT id FROM sections WHERE slug = 'economy'");
  const bad = await send(server, who.admin, `/newsroom/admin/sections/${id}`, { name: '정책' });
  assert.equal(bad.status, 422);
  assert.equal(inputValue(bad.body, `section-name-${id}`), '정책');
  assert.match(fieldError(bad.body, `section-name-${id}-error`), /'정책'\(policy\) 분류가 이미 그 이름입니다/);
  const blank = await send(server, who.admin, `/newsroom/admin/sections/${id}`, { name: '' });
  assert.equal(fieldError(blank.body, `section-name-${id}-error`), '분류 이름을 적어 주십시오.');
  const ok = await send(server, who.admin, `/newsroom/admin/sections/${id}`, { name: '경제·금융' });
  assert.equal(ok.status, 303);
  assert.deepEqual(await auditSince(server, audit0), [
    ['section.rename', `section:${id}`, "economy: '경제' → '경제·금융'", 'admin1'],
  ]);
  await navUntil((n) => n.includes('economy:경제·금융'));
  const same = await send(server, who.admin, `/newsroom/admin/sections/${id}`, { name: '경제·금융' });
  assert.equal(same.status, 200);
  assert.match(same.body, /이름이 그대로라 저장하지 않았습니다/);
  assert.equal((await send(server, who.admin, '/newsroom/admin/sections/999', { name: '없음' })).status, 404);
});

test('moving up and down reorders the menu; the ends stay put; each move is audited', async () => {
  const order = async () => (await sql(server, 'SELECT slug FROM sections ORDER BY position, id')).split('\n');
  const o0 = await order();
  const second = o0[1];
  const id = await sql(server, `SELECT id FROM sections WHERE slug = '${second}'`);
  const audit0 = await lastAudit(server);
  const up = await send(server, who.admin, `/newsroom/admin/sections/${id}/move`, { direction: 'up' });
  assert.equal(up.status, 303);
  const o1 = await order();
  assert.deepEqual(o1, [o0[1], o0[0], ...o0.slice(2)]);
  const top = await send(server, who.admin, `/newsroom/admin/sections/${id}/move`, { direction: 'up' });
  assert.equal(top.status, 200);
  assert.match(top.body, /이미 맨 앞에 있습니다/);
  assert.deepEqual(await order(), o1);
  assert.equal((await send(server, who.admin, `/newsroom/admin/sections/${id}/move`, { direction: 'sideways' })).status, 400);
  const down = await send(server, who.admin, `/newsroom/admin/sections/${id}/move`, { direction: 'down' });
  assert.equal(down.status, 303);
  assert.deepEqual(await order(), o0);
  const name = await sql(server, `SELECT name FROM sections WHERE id = ${id}`);
  assert.deepEqual(await auditSince(server, audit0), [
    ['section.move', `section:${id}`, `'${name}': 2번째 → 1번째`, 'admin1'],
    ['section.move', `section:${id}`, `'${name}': 1번째 → 2번째`, 'admin1'],
  ]);
  // The menu follows (first up, then back: wait for the final order).
  await navUntil((n) => n.map((x) => x.split(':')[0]).join(' ') === o0.join(' '));
  const page = await validPage(server, who.admin, '/newsroom/admin/sections');
  assert.match(page, new RegExp(`<tr id="section-\\d+">[\\s\\S]*?value="up" disabled`));
});
