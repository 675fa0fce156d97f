// The masthead (issue 9 §10): every page shows today's date in the site's
// zone, "2026년 12월 2일 수요일", and links staff (reporter, editor,
// moderator, admin) to /newsroom; readers and guests get no such link.
// Cached pages carry the "day" tag, which the midnight job records, so
// yesterday's date never outlives the day (the job's check is unit-tested
// in src/site/site_day_test.c).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer, validateHtml } from '../lib/server.mjs';
import { sql } from '../feeds/lib.mjs';
import { staff } from '../reports/lib.mjs';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

/** Today in Asia/Seoul as the masthead writes it, and as ISO 8601. */
function seoulToday(t = new Date()) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(t)
      .map((p) => [p.type, p.value]),
  );
  const iso = `${parts.year}-${parts.month}-${parts.day}`;
  const weekday = ['일', '월', '화', '수', '목', '금', '토'][new Date(`${iso}T12:00:00Z`).getUTCDay()];
  return { iso, text: `${Number(parts.year)}년 ${Number(parts.month)}월 ${Number(parts.day)}일 ${weekday}요일` };
}

/** The masthead date of 'html' as { iso, text }, or null. */
function mastheadDate(html) {
  const m = /<p class="masthead-date"><time datetime="([^"]+)">([^<]+)<\/time><\/p>/.exec(html);
  return m ? { iso: m[1], text: m[2] } : null;
}

/** GET 'path' and check its masthead date (today before or after). */
async function assertDated(path, headers = {}) {
  const before = seoulToday();
  const res = await get(server.url + path, { headers });
  const later = seoulToday();
  const shown = mastheadDate(res.body);
  assert.ok(shown, `${path}: masthead date present`);
  assert.ok(
    [before.text, later.text].includes(shown.text) && [before.iso, later.iso].includes(shown.iso),
    `${path}: ${JSON.stringify(shown)} is today in Seoul (${before.text})`,
  );
  return res;
}

test('every page shows today in Seoul in the masthead', async () => {
  const [reporterId, slug] = (await sql(server.dbPath, "SELECT (SELECT min(id) FROM people) || '|' || (SELECT slug FROM sections ORDER BY position LIMIT 1)")).split('|');
  for (const path of ['/', '/article/1', `/section/${slug}`, `/reporter/${reporterId}`, '/privacy', '/signin', '/article/1/comments']) {
    const res = await assertDated(path);
    assert.equal(res.status, 200, path);
    assert.deepEqual(await validateHtml(res.body), [], path);
    assert.doesNotMatch(res.body, /href="\/newsroom"/, `${path}: no newsroom link for a guest`);
  }
  const missing = await assertDated('/no/such/page');
  assert.equal(missing.status, 404);
});

test('cached pages carry the day tag, and a day change drops them', async () => {
  const first = await get(server.url + '/');
  const tags = (first.headers['surrogate-key'] ?? '').split(' ');
  assert.ok(tags.includes('day'), `tags: ${tags}`);
  const cached = await get(server.url + '/');
  assert.equal(cached.headers['x-cache'], 'hit');
  // What the midnight job records (site_day_job()).
  await sql(server.dbPath, `INSERT INTO cache_events(tag, created_at) VALUES ('day', ${Math.floor(Date.now() / 1000)})`);
  let res;
  for (let i = 0; i < 50; i++) {
    res = await get(server.url + '/');
    if (res.headers['x-cache'] !== 'hit') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(res.headers['x-cache'], 'miss', 'the front page was dropped on the day change');
});

test('staff see a link to /newsroom on every page; readers do not', async () => {
  const who = [
    ['mast-reporter', 'reporter', true],
    ['mast-editor', 'editor', true],
    ['mast-moderator', 'moderator', true],
    ['mast-admin', 'admin', true],
    ['mast-reader', 'reader', false],
  ];
  for (const [login, role, linked] of who) {
    const j = await staff(server, login, role);
    for (const path of ['/', '/article/1', '/privacy']) {
      const res = await assertDated(path, { cookie: j.header() });
      assert.equal(res.status, 200);
      const link = /<a class="newsroom-link" href="\/newsroom">편집국<\/a>/.test(res.body);
      assert.equal(link, linked, `${role} on ${path}: newsroom link ${linked ? 'shown' : 'hidden'}`);
    }
    if (linked) {
      const home = await get(server.url + '/newsroom', { headers: { cookie: j.header() } });
      assert.equal(home.status, 200, `${role} opens /newsroom`);
    }
  }
});
