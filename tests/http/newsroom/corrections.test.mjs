// 정정·반론보도·추후보도 (issue 9 §5): the desk attaches a dated notice to
// a published article at /newsroom/articles/{id}/corrections. It shows on
// top of the article page and its print view, in the JSON-LD
// (`correction`, CorrectionComment), updates the feed entry, drops the
// cached pages in this process at once and records the change tags for
// the others; a reporter or moderator is refused; bad input comes back
// with what was typed.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cachedGet, get, post, startServer, validateHtml } from '../lib/server.mjs';
import { decodeEntities, parseFeed, sql } from '../feeds/lib.mjs';
import { send, token } from '../comments/lib.mjs';
import { staff } from '../reports/lib.mjs';

let server;
let editor;
let reporter;
let moderator;

const page = (id) => `/newsroom/articles/${id}/corrections`;

before(async () => {
  server = await startServer();
  editor = await staff(server, 'corr-editor', 'editor');
  reporter = await staff(server, 'corr-reporter', 'reporter');
  moderator = await staff(server, 'corr-moderator', 'moderator');
});

after(async () => {
  await server?.stop();
});

/** GET 'path' with the cookie jar 'j' (or as a guest). */
function getAs(j, path) {
  return get(server.url + path, { headers: j ? { cookie: j.header() } : {} });
}

/** The correction rows of article 'id' as "kind|text" (line breaks as ⏎). */
async function stored(id) {
  const out = await sql(
    server.dbPath,
    `SELECT kind || '|' || replace(text, '\n', '⏎') FROM article_corrections WHERE article_id = ${id} ORDER BY id`,
  );
  return out === '' ? [] : out.split('\n');
}

/** The JSON-LD NewsArticle of 'html'. */
function jsonLd(html) {
  return JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)[1]);
}

/** The text of the form error on 'html', or null. */
function formError(html) {
  const m = /<p class="form-error" role="alert">([^<]*)<\/p>/.exec(html);
  return m ? decodeEntities(m[1]) : null;
}

test('only the desk opens the page; reporters and moderators are told why', async () => {
  const res = await getAs(editor, page(1));
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  assert.match(res.body, /<h1 id="correction-title" class="page-title">정정·반론보도<\/h1>/);
  assert.match(res.body, /<a href="\/article\/1">미래부, 중국과 전략적 동반자 관계 맺기에 나선다<\/a>/);
  assert.match(res.body, /<input type="radio" name="kind" value="correction" checked> 정정/);
  for (const [who, j] of [['reporter', reporter], ['moderator', moderator]]) {
    const refused = await getAs(j, page(1));
    assert.equal(refused.status, 403, who);
    assert.match(refused.body, /데스크\(편집자\)만 붙일 수 있습니다/, who);
  }
  const guest = await getAs(null, page(1));
  assert.equal(guest.status, 403);
});

test('a reporter cannot attach a notice (403, nothing stored)', async () => {
  const res = await send(server, reporter, page(2), { kind: 'correction', text: '기자가 몰래 붙이는 정정' });
  assert.equal(res.status, 403);
  assert.deepEqual(await stored(2), []);
  const mod = await send(server, moderator, page(2), { kind: 'correction', text: '모더레이터의 정정' });
  assert.equal(mod.status, 403);
  assert.deepEqual(await stored(2), []);
});

test('a POST without a CSRF token is refused and stores nothing', async () => {
  const res = await post(server.url + page(2), { kind: 'correction', text: '토큰 없음' }, {
    headers: { cookie: editor.header() },
  });
  assert.equal(res.status, 403);
  assert.deepEqual(await stored(2), []);
});

test('bad input comes back with what was typed and a message', async () => {
  const blank = await send(server, editor, page(2), { kind: 'rebuttal', text: '  \n ' });
  assert.equal(blank.status, 422);
  assert.equal(formError(blank.body), '알릴 내용을 적어 주십시오.');
  assert.match(blank.body, /value="rebuttal" checked> 반론보도/);

  const long = '가'.repeat(2001);
  const tooLong = await send(server, editor, page(2), { kind: 'followup', text: long });
  assert.equal(tooLong.status, 422);
  assert.equal(formError(tooLong.body), '내용은 2000자까지입니다. 지금 2001자입니다.');
  assert.ok(tooLong.body.includes(`>${long}</textarea>`), 'the long text is kept');
  assert.match(tooLong.body, /value="followup" checked> 추후보도/);
  assert.deepEqual(await validateHtml(tooLong.body), []);

  const kind = await send(server, editor, page(2), { kind: 'apology', text: '<b>사과</b>' });
  assert.equal(kind.status, 422);
  assert.match(formError(kind.body), /하나를 골라 주십시오/);
  assert.ok(kind.body.includes('>&lt;b&gt;사과&lt;/b&gt;</textarea>'), 'typed text kept, escaped');
  assert.deepEqual(await stored(2), []);
});

test('a notice shows on top of the article, in its JSON-LD and print view; cache dropped; tags recorded', async () => {
  // Anonymous readers have the article and the feeds cached.
  assert.equal((await cachedGet(server.url + '/article/1')).headers['x-cache'], 'hit');
  assert.equal((await cachedGet(server.url + '/atom')).headers['x-cache'], 'hit');
  const lastEvent = Number(await sql(server.dbPath, 'SELECT coalesce(max(id), 0) FROM cache_events'));

  const text = '둘째 문단의 "17일"은 "18일"의 잘못이기에 바로잡습니다.\n<script>alert(1)</script>';
  const t0 = Math.floor(Date.now() / 1000);
  const res = await send(server, editor, page(1), { kind: 'correction', text });
  assert.equal(res.status, 303);
  const id = Number(/added=(\d+)#correction-\1$/.exec(res.headers.location)[1]);
  assert.deepEqual(await stored(1), [`correction|${text.replace('\n', '⏎')}`]);

  // The change tags, for every other server process.
  const tags = (await sql(server.dbPath, `SELECT tag FROM cache_events WHERE id > ${lastEvent} ORDER BY id`)).split('\n');
  assert.ok(tags.includes('article:1') && tags.includes('articles'), `tags: ${tags}`);
  const correctedAt = Number(await sql(server.dbPath, 'SELECT corrected_at FROM articles WHERE id = 1'));
  assert.ok(correctedAt >= t0);

  // The newsroom page lists it and says it was added.
  const after = await getAs(editor, res.headers.location.replace(/#.*/, ''));
  assert.match(after.body, /<p class="form-note" role="status">정정·반론보도를 붙였습니다/);
  assert.match(after.body, new RegExp(`<li class="correction correction-correction" id="correction-${id}">`));

  // The article page: dropped from the cache, the notice on top, escaped.
  const art = await get(server.url + '/article/1');
  // Dropped: not from the cache (a render the change feed's replay of
  // this write overlapped is sent but not stored, without X-Cache).
  assert.notEqual(art.headers['x-cache'], 'hit');
  assert.deepEqual(await validateHtml(art.body), []);
  const box = /<section class="corrections"[\s\S]*?<\/section>/.exec(art.body);
  assert.ok(box, 'the notice box is on the page');
  assert.ok(art.body.indexOf(box[0]) < art.body.indexOf('id="article-body"'), 'above the body');
  assert.match(box[0], /<strong class="correction-kind">정정<\/strong> <time datetime="([^"]+)">/);
  assert.match(box[0], /&quot;17일&quot;은 &quot;18일&quot;의 잘못이기에 바로잡습니다\.<br>\n&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.doesNotMatch(art.body, /<script>alert/);
  const shownIso = /<time datetime="([^"]+)">/.exec(box[0])[1];
  assert.equal(Date.parse(shownIso) / 1000, correctedAt);

  const ld = jsonLd(art.body);
  assert.deepEqual(ld.correction, [{ '@type': 'CorrectionComment', text, datePublished: shownIso }]);
  assert.equal(Date.parse(ld.dateModified) / 1000, correctedAt, 'dateModified is the correction');

  const print = await get(server.url + '/article/1/print');
  assert.deepEqual(await validateHtml(print.body), []);
  assert.match(print.body, /<section class="corrections"[\s\S]*?정정[\s\S]*?바로잡습니다\./);

  // The feeds: the entry's updated date is the correction's.
  const atom = await get(server.url + '/atom');
  assert.notEqual(atom.headers['x-cache'], 'hit');
  const entry = (await parseFeed(atom.body)).entries.find((e) => e.link === `${server.url}/article/1`);
  assert.equal(Date.parse(entry.updated) / 1000, correctedAt);
  const rss = await parseFeed((await get(server.url + '/rss')).body);
  assert.equal(Date.parse(rss.entries.find((e) => e.link === `${server.url}/article/1`).updated) / 1000, correctedAt);
  assert.equal(Date.parse(rss.feed.updated) / 1000, correctedAt, 'lastBuildDate follows');
});

test('several notices list oldest first, each dated, each in the JSON-LD', async () => {
  const first = await send(server, editor, page(3), { kind: 'rebuttal', text: '반론보도: A사는 사실이 아니라고 밝혀왔습니다.' });
  assert.equal(first.status, 303);
  // A second later notice: same second is possible, id keeps the order.
  const second = await send(server, editor, page(3), { kind: 'followup', text: '추후보도: 검찰은 무혐의 처분했습니다.' });
  assert.equal(second.status, 303);
  const art = await get(server.url + '/article/3');
  const kinds = [...art.body.matchAll(/<strong class="correction-kind">([^<]+)<\/strong>/g)].map((m) => m[1]);
  assert.deepEqual(kinds, ['반론보도', '추후보도']);
  const ld = jsonLd(art.body);
  assert.deepEqual(ld.correction.map((c) => c.text), ['반론보도: A사는 사실이 아니라고 밝혀왔습니다.', '추후보도: 검찰은 무혐의 처분했습니다.']);
  for (const c of ld.correction) {
    assert.equal(c['@type'], 'CorrectionComment');
    assert.ok(!Number.isNaN(Date.parse(c.datePublished)));
  }
  // An article without notices has no box and no `correction`.
  const plain = await get(server.url + '/article/4');
  assert.doesNotMatch(plain.body, /class="corrections"/);
  assert.equal(jsonLd(plain.body).correction, undefined);
});

test('only a published article takes a notice', async () => {
  const draft = Number(
    await sql(
      server.dbPath,
      "INSERT INTO articles(section_id, author_id, status, title, body_md, body_html, created_at, updated_at) VALUES (1, 1, 'draft', '초고', '본문', '<p>본문</p>', 0, 0); SELECT max(id) FROM articles",
    ),
  );
  const res = await getAs(editor, page(draft));
  assert.equal(res.status, 404);
  assert.match(res.body, /출고된 기사에만/);
  const postRes = await send(server, editor, page(draft), { kind: 'correction', text: '초고에 정정' });
  assert.equal(postRes.status, 404);
  assert.deepEqual(await stored(draft), []);
  assert.equal((await getAs(editor, page(999999))).status, 404);
  assert.equal((await getAs(editor, '/newsroom/articles/abc/corrections')).status, 404);
});

test('the form carries the editor\'s CSRF token', async () => {
  // The form carries the viewer's token (the layout's and the form's).
  const res = await getAs(editor, page(1));
  const tok = /<input type="hidden" name="csrf" value="([0-9a-f]+)">/.exec(res.body)[1];
  assert.equal(tok, await token(server, editor));
});
