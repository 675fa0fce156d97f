// Shared pieces of the article page (issue 11, uncached path;
// src/app/pieces.h): the section's 최신 기사 list and the comment
// settings are built once and kept until a change drops them.  With the
// page cache off, every request renders, so these check that a kept piece
// never outlives its change on the node that made it:
//   - a publish in the section is in the list under an article at once,
//     a retraction leaves it at once, an edited headline shows at once;
//   - each section keeps its own list;
//   - a new comment policy line shows under the article at once;
//   - a section renamed, added or a legal footer field changed shows in
//     the prebuilt menu and footer (site/site.c, SiteLayout) of the next
//     uncached page at once.
// (The same across two nodes: tests/http/cluster/shared_pieces.test.mjs.)

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { validateHtml } from '../lib/server.mjs';
import { act, create, edit, form, page, send, sql, staff, startNewsroomServer } from '../newsroom/lib.mjs';
import { textareaValue } from '../newsroom/admin_lib.mjs';

let server;
let rep;
let desk;
let mod;
let admin;

before(async () => {
  server = await startNewsroomServer({ settings: { cache: 'off' } });
  rep = await staff(server, 'rep', 'reporter', '홍보영');
  desk = await staff(server, 'desk', 'editor', '이데스크');
  mod = await staff(server, 'mod', 'moderator', '김관리');
  admin = await staff(server, 'admin', 'admin', '관리자');
});

after(async () => {
  await server?.stop();
});

/** The 최신 기사 list of an article page: [[id, title], …]. */
function latest(html) {
  const block = /<section class="related"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return [...block.matchAll(/<li><a href="\/article\/(\d+)">([^<]*)<\/a>/g)].map((m) => [Number(m[1]), m[2]]);
}

/** The article page 'id' as a guest sees it, uncached (asserts 200). */
async function article(id) {
  const res = await page(server, `/article/${id}`);
  assert.equal(res.status, 200);
  assert.notEqual(res.headers['x-cache'], 'hit');
  return res.body;
}

test('a publish, an edited headline and a retraction reach the 최신 기사 list at once', async () => {
  const section = await sql(server, 'SELECT section_id FROM articles WHERE id = 1');
  const other = Number(await sql(server, `SELECT min(id) FROM articles WHERE section_id <> ${section} AND status = 'published'`));
  // Both lists built and kept before the change.
  const before1 = latest(await article(1));
  assert.equal(before1.length, 5);
  const beforeOther = latest(await article(other));
  assert.equal(latest(await article(1)).length, 5);

  const title = '공유 조각 시험 기사';
  const id = await create(server, rep.jar, form(rep, { title, section }));
  assert.doesNotMatch(await article(1), new RegExp(title), 'a draft is not listed');
  assert.equal((await act(server, desk.jar, id, 'publish')).status, 303);
  const html = await article(1);
  assert.deepEqual(latest(html)[0], [id, title], 'newest first, at once');
  assert.equal(latest(html).length, 5);
  assert.deepEqual(await validateHtml(html), []);
  // The new article's own page leaves itself out of its list.
  assert.ok(!latest(await article(id)).some(([n]) => n === id));
  // Another section's list is its own.
  assert.deepEqual(latest(await article(other)), beforeOther);

  const title2 = '고친 공유 조각 제목 <b>&</b>';
  assert.equal((await edit(server, desk.jar, id, { title: title2, action: 'save' })).status, 303);
  const edited = await article(1);
  assert.deepEqual(latest(edited)[0], [id, '고친 공유 조각 제목 &lt;b&gt;&amp;&lt;/b&gt;'], 'escaped, at once');

  assert.equal((await act(server, desk.jar, id, 'retract')).status, 303);
  assert.deepEqual(latest(await article(1)), before1, 'gone at once');
});

test('a new comment policy line shows under an uncached article at once', async () => {
  const line = /<p class="comment-policy">([^<]*)<\/p>/;
  assert.match(line.exec(await article(3))[1], /주제와 무관한/);
  const text = '공유 조각: 비방 댓글은 숨겨집니다.';
  const res = await send(server, mod.jar, '/newsroom/moderation/policy', {
    policy: text, words: '', action: 'hold', threshold: '2', days: '30',
  });
  assert.equal(res.status, 303);
  assert.equal(line.exec(await article(3))[1], text);
  assert.equal(line.exec((await page(server, '/article/3/comments')).body)[1], text);
});

test('a section renamed or added, and a footer field changed, show on the next uncached page at once', async () => {
  const [id, slug] = (await sql(server, 'SELECT s.id, s.slug FROM sections s JOIN articles r ON r.section_id = s.id WHERE r.id = 1')).split('|');
  const menu = (html) => /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(html)[0];
  // The prebuilt menu marks the page's own section.
  assert.match(menu(await article(1)), new RegExp(`<a href="/section/${slug}" aria-current="page">`));
  const name = '산업1부 새이름';
  assert.equal((await send(server, admin.jar, `/newsroom/admin/sections/${id}`, { name })).status, 303);
  let html = await article(1);
  assert.match(menu(html), new RegExp(`<a href="/section/${slug}" aria-current="page">${name}</a>`), 'renamed at once');
  assert.match(html, new RegExp(`<h2 id="related-title">${name} 최신 기사</h2>`));
  assert.deepEqual(await validateHtml(html), []);
  // The front page's menu marks 홈, a section page its section.
  assert.match(menu((await page(server, '/')).body), /<a href="\/" aria-current="page">홈<\/a>/);
  assert.equal((await send(server, admin.jar, '/newsroom/admin/sections', { slug: 'robots', name: '로봇' })).status, 303);
  assert.match(menu(await article(1)), /<a href="\/section\/robots">로봇<\/a>/, 'added at once');
  assert.match(menu((await page(server, '/section/robots')).body), /<a href="\/section\/robots" aria-current="page">로봇<\/a>/);

  // The settings form as stored (as tests/http/newsroom/admin_settings does), one field changed.
  const settingsHtml = (await page(server, '/newsroom/admin/settings', admin.jar)).body;
  const fields = {};
  for (const m of settingsHtml.matchAll(/<input id="setting-([a-z_]+)" name="[^"]*" type="text" value="([^"]*)"/g)) {
    fields[m[1]] = m[2].replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
  }
  fields.privacy_policy = textareaValue(settingsHtml, 'setting-privacy_policy');
  fields.feed_full_text = /name="feed_full_text" value="on" checked/.test(settingsHtml) ? 'on' : 'off';
  const phone = '02-1234-5678 공유 조각';
  assert.equal((await send(server, admin.jar, '/newsroom/admin/settings', { ...fields, phone })).status, 303);
  html = await article(1);
  assert.match(/<footer class="site-footer">[\s\S]*?<\/footer>/.exec(html)[0], new RegExp(`<dt>전화</dt><dd>${phone}</dd>`),
    'the footer at once');
});
