// 메인 편집 (issue 9 §10): the desk pins the front page's 헤드라인 and
// 주요 기사 and orders the row and the section blocks at /newsroom/front;
// every other slot takes the latest published articles and no article is
// shown twice; a pinned article that is no longer published falls out
// silently; every edit drops the cached front page; only editors and
// admins may edit; the page works with plain form posts (the browser test
// drags). The masthead's date and staff link are checked here on the
// pages this feature touches (tests/http/site/masthead.test.mjs has the
// rest).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cachedGet, get, startServer, validateHtml } from '../lib/server.mjs';
import { decodeEntities, sql } from '../feeds/lib.mjs';
import { send } from '../comments/lib.mjs';
import { staff } from '../reports/lib.mjs';

let server;
let editor;
let admin;
let reporter;

before(async () => {
  server = await startServer();
  editor = await staff(server, 'front-editor', 'editor');
  admin = await staff(server, 'front-admin', 'admin');
  reporter = await staff(server, 'front-reporter', 'reporter');
});

after(async () => {
  await server?.stop();
});

/** POST one edit ("do" value, extra fields) as 'j'. */
function edit(j, action, extra = {}) {
  return send(server, j, '/newsroom/front', { do: action, ...extra });
}

/** GET 'path' as 'j' (a cookie jar) or as a guest. */
function getAs(j, path) {
  return get(server.url + path, { headers: j ? { cookie: j.header() } : {} });
}

/** The front page's layout: lead id, row ids, blocks [{slug, ids}]. */
function layout(html) {
  const lead = /<section class="lead"[\s\S]*?<a href="\/article\/(\d+)">/.exec(html);
  const top = /<ul class="top-list">([\s\S]*?)<\/ul>/.exec(html);
  const blocks = [...html.matchAll(/<section class="front-section" aria-labelledby="sec-([^"]+)">([\s\S]*?)<\/section>/g)].map((m) => ({
    slug: m[1],
    ids: [...m[2].matchAll(/<li><a href="\/article\/(\d+)">/g)].map((x) => Number(x[1])),
  }));
  return {
    lead: lead ? Number(lead[1]) : null,
    top: top ? [...top[1].matchAll(/<h3 class="top-title"><a href="\/article\/(\d+)">/g)].map((m) => Number(m[1])) : [],
    blocks,
  };
}

/** Every article the front page shows, in page order. */
function shownIds(l) {
  return [l.lead, ...l.top, ...l.blocks.flatMap((b) => b.ids)];
}

function assertNoRepeats(l) {
  const ids = shownIds(l);
  assert.equal(new Set(ids).size, ids.length, `an article shown twice: ${ids}`);
}

/** Published ids, newest first (as the front page orders them). */
async function latest(n) {
  const out = await sql(server.dbPath, `SELECT id FROM articles WHERE status = 'published' ORDER BY published_at DESC, id DESC LIMIT ${n}`);
  return out.split('\n').map(Number);
}

/** The front page, once this server's cache has caught up with 'done'. */
async function frontWhen(done, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await get(server.url + '/');
    const l = layout(res.body);
    if (done(l) || Date.now() > deadline) {
      return { res, l };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The form error on 'html', or null. */
function formError(html) {
  const m = /<p class="form-error" role="alert">([^<]*)<\/p>/.exec(html);
  return m ? decodeEntities(m[1]) : null;
}

async function pins() {
  const out = await sql(server.dbPath, "SELECT slot || ':' || position || ':' || article_id FROM front_slots ORDER BY slot, position");
  return out === '' ? [] : out.split('\n');
}

test('without pins the front page is the latest articles, none twice', async () => {
  const res = await get(server.url + '/');
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  const l = layout(res.body);
  const newest = await latest(5);
  assert.equal(l.lead, newest[0]);
  assert.deepEqual(l.top, newest.slice(1, 5));
  assert.ok(l.blocks.length >= 5);
  for (const b of l.blocks) {
    assert.ok(b.ids.length > 0 && b.ids.length <= 5, `${b.slug}: ${b.ids.length}`);
  }
  assertNoRepeats(l);
});

test('only the desk lays out the front page', async () => {
  for (const j of [reporter, null]) {
    const page = await getAs(j, '/newsroom/front');
    assert.equal(page.status, 403);
  }
  const refused = await getAs(reporter, '/newsroom/front');
  assert.match(refused.body, /메인 편집은 데스크\(편집자\)만 할 수 있습니다/);
  const res = await edit(reporter, 'pin-headline-5');
  assert.equal(res.status, 403);
  assert.deepEqual(await pins(), []);
  const ok = await getAs(admin, '/newsroom/front');
  assert.equal(ok.status, 200);
});

test('the editor page is valid, with masthead date, staff link, slots and picks', async () => {
  const res = await getAs(editor, '/newsroom/front');
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  assert.match(res.body, /<p class="masthead-date"><time datetime="\d{4}-\d{2}-\d{2}">\d{4}년 \d{1,2}월 \d{1,2}일 [일월화수목금토]요일<\/time><\/p>/);
  assert.match(res.body, /<a class="newsroom-link" href="\/newsroom">편집국<\/a>/);
  assert.equal((res.body.match(/<li class="fe-slot" data-id="0">/g) ?? []).length, 4, 'four free row slots');
  assert.match(res.body, /<button type="submit" name="do" value="pin-headline-1">헤드라인으로<\/button>/);
  // Buttons that post without script; the handles wait for the script.
  assert.match(res.body, /<button type="submit" name="do" value="top-down-0"/);
  assert.match(res.body, /<button type="button" class="drag-handle" hidden/);
  assert.match(res.body, /<script src="\/static\/front_edit\.js\?v=[^"]+" defer><\/script>/);
});

test('pinning the headline and 주요 기사: kept in place, the rest fills without repeats, cache dropped', async () => {
  const newest = await latest(8);
  // The front page is cached for readers.
  assert.equal((await cachedGet(server.url + '/')).headers['x-cache'], 'hit');
  const lastEvent = Number(await sql(server.dbPath, 'SELECT coalesce(max(id), 0) FROM cache_events'));

  const old = 5; // an old article, far from the latest
  let res = await edit(editor, `pin-headline-${old}`);
  assert.equal(res.status, 303);
  assert.match(res.headers.location, /^\/newsroom\/front\?saved=1/);
  const tags = await sql(server.dbPath, `SELECT tag FROM cache_events WHERE id > ${lastEvent}`);
  assert.ok(tags.split('\n').includes('front'), `tags: ${tags}`);
  let front = await get(server.url + '/');
  // Dropped: not from the cache (a render the change feed's replay of
  // this write overlapped is sent but not stored, without X-Cache).
  assert.notEqual(front.headers['x-cache'], 'hit', 'the front page was dropped');
  let l = layout(front.body);
  assert.equal(l.lead, old);
  assert.deepEqual(l.top, newest.slice(0, 4), 'the row takes the latest four');
  assertNoRepeats(l);

  // Pin the newest article in the row: it keeps its slot (the first
  // free one), and the others move along without repeating it.
  res = await edit(editor, `pin-top-${newest[0]}`);
  assert.equal(res.status, 303);
  res = await edit(editor, 'pin-top-7');
  assert.equal(res.status, 303);
  assert.deepEqual(await pins(), [`headline:0:${old}`, `top:0:${newest[0]}`, 'top:1:7']);
  l = layout((await get(server.url + '/')).body);
  assert.equal(l.lead, old);
  assert.deepEqual(l.top, [newest[0], 7, newest[1], newest[2]]);
  assertNoRepeats(l);

  // Move the second pin down twice: the free slots move up around it.
  assert.equal((await edit(editor, 'top-down-1')).status, 303);
  assert.equal((await edit(editor, 'top-down-2')).status, 303);
  l = layout((await get(server.url + '/')).body);
  assert.deepEqual(l.top, [newest[0], newest[1], newest[2], 7]);
  // And up once.
  assert.equal((await edit(editor, 'top-up-3')).status, 303);
  l = layout((await get(server.url + '/')).body);
  assert.deepEqual(l.top, [newest[0], newest[1], 7, newest[2]]);
  assertNoRepeats(l);

  // The headline pinned into the row moves there: the headline is the
  // latest article not shown elsewhere.
  assert.equal((await edit(editor, `pin-top-${old}`)).status, 303);
  assert.deepEqual(await pins(), [`top:0:${newest[0]}`, `top:2:7`, `top:1:${old}`].sort());
  l = layout((await get(server.url + '/')).body);
  assert.equal(l.lead, newest[1]);
  assert.deepEqual(l.top, [newest[0], old, 7, newest[2]]);
  assertNoRepeats(l);

  // The editor's page says which slots are pinned and which fill
  // themselves.
  const page = await getAs(editor, '/newsroom/front');
  assert.deepEqual(
    [...page.body.matchAll(/<li class="fe-slot" data-id="(\d+)">/g)].slice(0, 4).map((m) => Number(m[1])),
    [newest[0], old, 7, 0],
  );
  assert.match(page.body, new RegExp(`<span class="fe-badge fe-auto">자동</span> <a href="/article/${newest[1]}">`));

  // Clear everything again.
  for (const action of ['top-clear-0', 'top-clear-1', 'top-clear-2']) {
    assert.equal((await edit(editor, action)).status, 303);
  }
  assert.deepEqual(await pins(), []);
});

test('refusals: a full row, an unpublished article, a stale drag, junk', async () => {
  const newest = await latest(6);
  for (const id of newest.slice(0, 4)) {
    assert.equal((await edit(editor, `pin-top-${id}`)).status, 303);
  }
  let res = await edit(editor, `pin-top-${newest[4]}`);
  assert.equal(res.status, 409);
  assert.match(formError(res.body), /모두 고정되어 있습니다/);
  assert.deepEqual(await validateHtml(res.body), []);

  const draft = Number(
    await sql(
      server.dbPath,
      "INSERT INTO articles(section_id, author_id, status, title, body_md, body_html, created_at, updated_at) VALUES (1, 1, 'draft', '초고', '본문', '<p>본문</p>', 0, 0); SELECT max(id) FROM articles",
    ),
  );
  res = await edit(editor, `pin-headline-${draft}`);
  assert.equal(res.status, 409);
  assert.equal(formError(res.body), '출고된 기사만 첫 화면에 올릴 수 있습니다.');
  res = await edit(editor, 'pin-headline-999999');
  assert.equal(res.status, 409);

  // The script's order: the same pins in another order is applied …
  const order = [newest[3], newest[2], newest[1], newest[0]].join(',');
  res = await edit(editor, 'top-order', { order });
  assert.equal(res.status, 303);
  assert.deepEqual(await pins(), newest.slice(0, 4).reverse().map((id, i) => `top:${i}:${id}`));
  // … but an order made on a stale page (someone changed a pin since)
  // is refused and changes nothing.
  res = await edit(editor, 'top-order', { order: [newest[5], newest[2], newest[1], newest[0]].join(',') });
  assert.equal(res.status, 409);
  assert.match(formError(res.body), /다른 편집자가 주요 기사를 바꿨습니다/);
  assert.deepEqual(await pins(), newest.slice(0, 4).reverse().map((id, i) => `top:${i}:${id}`));

  for (const [action, extra] of [
    ['launch-rockets', {}],
    ['pin-top-abc', {}],
    ['pin-top-', {}],
    ['top-order', { order: '1,,2' }],
    ['top-order', { order: '' }],
  ]) {
    res = await edit(editor, action, extra);
    assert.ok(res.status === 422, `${action} ${JSON.stringify(extra)}: ${res.status}`);
  }
  res = await edit(editor, 'top-up-0');
  assert.equal(res.status, 422);
  res = await edit(editor, 'top-down-3');
  assert.equal(res.status, 422);
  for (const pos of [0, 1, 2, 3]) {
    assert.equal((await edit(editor, `top-clear-${pos}`)).status, 303);
  }
  assert.deepEqual(await pins(), []);
});

test('a retracted pinned article falls out silently and its slot fills from the latest', async () => {
  const newest = await latest(6);
  const victim = newest[0];
  assert.equal((await edit(editor, `pin-headline-${victim}`)).status, 303);
  assert.equal((await edit(editor, `pin-top-${newest[3]}`)).status, 303);
  let l = layout((await get(server.url + '/')).body);
  assert.equal(l.lead, victim);

  // Retracted as the newsroom's workflow does it: the status and the
  // change tags in one write.
  const now = Math.floor(Date.now() / 1000);
  await sql(
    server.dbPath,
    `UPDATE articles SET status = 'retracted', retracted_at = ${now} WHERE id = ${victim};` +
      ` INSERT INTO cache_events(tag, created_at) VALUES ('front', ${now}), ('articles', ${now}), ('article:${victim}', ${now});`,
  );
  const { res, l: after } = await frontWhen((x) => x.lead !== victim);
  assert.equal(res.status, 200);
  assert.notEqual(after.lead, victim, 'the retracted article left the front page');
  assert.ok(!shownIds(after).includes(victim));
  assert.equal(after.lead, newest[1], 'the headline is now the latest published');
  assert.deepEqual(after.top, [newest[3], newest[2], newest[4], newest[5]]);
  assertNoRepeats(after);
  l = after;

  // The pin stays for the editor to see, marked as fallen out.
  assert.deepEqual((await pins()).includes(`headline:0:${victim}`), true);
  const page = await getAs(editor, '/newsroom/front');
  assert.match(page.body, /<p class="fe-warning">삭제 상태라 첫 화면에서 빠졌습니다\./);
  assert.deepEqual(await validateHtml(page.body), []);

  // Published again: it is back where it was pinned.
  await sql(
    server.dbPath,
    `UPDATE articles SET status = 'published' WHERE id = ${victim};` +
      ` INSERT INTO cache_events(tag, created_at) VALUES ('front', ${now});`,
  );
  const back = await frontWhen((x) => x.lead === victim);
  assert.equal(back.l.lead, victim);
  assert.equal((await edit(editor, 'headline-clear')).status, 303);
  assert.equal((await edit(editor, 'top-clear-0')).status, 303);
  assert.deepEqual(await pins(), []);
});

test('the section blocks follow the editor\'s order', async () => {
  const before = layout((await get(server.url + '/')).body).blocks.map((b) => b.slug);
  const ids = (await sql(server.dbPath, 'SELECT id || \':\' || slug FROM sections ORDER BY position, id')).split('\n').map((r) => r.split(':'));
  const idOf = Object.fromEntries(ids.map(([id, slug]) => [slug, Number(id)]));
  assert.deepEqual(before, ids.map(([, slug]) => slug), 'navigation order at first');

  // Move the first block down one with a button.
  assert.equal((await edit(editor, `section-down-${idOf[before[0]]}`)).status, 303);
  let now = layout((await get(server.url + '/')).body).blocks.map((b) => b.slug);
  assert.deepEqual(now, [before[1], before[0], ...before.slice(2)]);

  // The script's order: the whole list reversed.
  const reversed = [...now].reverse();
  assert.equal((await edit(editor, 'section-order', { order: reversed.map((s) => idOf[s]).join(',') })).status, 303);
  now = layout((await get(server.url + '/')).body).blocks.map((b) => b.slug);
  assert.deepEqual(now, reversed);
  // A list missing a section, or with one twice, is refused.
  const res = await edit(editor, 'section-order', { order: reversed.slice(1).map((s) => idOf[s]).join(',') });
  assert.equal(res.status, 409);
  const twice = await edit(editor, 'section-order', { order: [...reversed.slice(1), reversed[1]].map((s) => idOf[s]).join(',') });
  assert.equal(twice.status, 409);
  assert.equal((await edit(editor, `section-up-${idOf[reversed[0]]}`)).status, 422, 'the first cannot go up');
  assertNoRepeats(layout((await get(server.url + '/')).body));
});

test('picking articles: search by title, special characters literal, escaped', async () => {
  const titled = Number(
    await sql(
      server.dbPath,
      "INSERT INTO articles(section_id, author_id, status, title, body_md, body_html, published_at, created_at, updated_at) VALUES (1, 1, 'published', '100% 국산화 <반도체>_장비', '본문', '<p>본문</p>', 1000000000, 0, 0); SELECT max(id) FROM articles",
    ),
  );
  await sql(server.dbPath, `INSERT INTO article_authors(article_id, person_id, position) VALUES (${titled}, 1, 0)`);
  const search = async (q) => {
    const res = await getAs(editor, `/newsroom/front?q=${encodeURIComponent(q)}`);
    assert.equal(res.status, 200);
    return { res, ids: [...res.body.matchAll(/<li class="fe-pick-item" data-id="(\d+)">/g)].map((m) => Number(m[1])) };
  };
  let { res, ids } = await search('반도체');
  assert.ok(ids.length > 1, 'several published titles hold 반도체');
  ({ res, ids } = await search('국산화'));
  assert.deepEqual(ids, [titled]);
  assert.deepEqual(await validateHtml(res.body), []);
  assert.match(res.body, /100% 국산화 &lt;반도체&gt;_장비/);
  ({ ids } = await search('100%'));
  assert.deepEqual(ids, [titled]);
  ({ ids } = await search('0%'));
  assert.deepEqual(ids, [titled]);
  ({ ids } = await search('>_'));
  assert.deepEqual(ids, [titled]);
  ({ ids } = await search('_'));
  assert.deepEqual(ids, [titled], 'an underscore is a character, not a wildcard');
  ({ res, ids } = await search('<script>없는 제목'));
  assert.deepEqual(ids, []);
  assert.match(res.body, /제목에 ‘&lt;script&gt;없는 제목’이\(가\) 든 출고 기사가 없습니다/);
  // Drafts are never offered.
  ({ ids } = await search('초고'));
  assert.deepEqual(ids, []);
  // The search comes back after an edit.
  const pinned = await edit(editor, `pin-top-${titled}`, { q: '100%' });
  assert.equal(pinned.status, 303);
  assert.equal(pinned.headers.location, '/newsroom/front?saved=1&q=100%25#layout');
  const again = await getAs(editor, pinned.headers.location.replace(/#.*/, ''));
  assert.match(again.body, /<p class="form-note" role="status">첫 화면에 반영했습니다\.<\/p>/);
  assert.match(again.body, /<span class="fe-badge">주요 기사 1<\/span>/);
  const tooLong = await getAs(editor, `/newsroom/front?q=${'가'.repeat(100)}`);
  assert.equal(tooLong.status, 400);
  assert.equal(formError(tooLong.body), '검색어가 너무 깁니다.');
  assert.equal((await edit(editor, 'top-clear-0')).status, 303);
});
