// Front, section and reporter pages: content, pagination (20 a page,
// "다음"/"이전" by keyset; keyset.test.mjs walks deep lists), headings in
// order, valid HTML.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer, validateHtml } from '../lib/server.mjs';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

const itemCount = (html) => (html.match(/<li class="article-item">/g) ?? []).length;

function headingLevels(html) {
  return [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
}

function assertHeadingsInOrder(html, path) {
  const levels = headingLevels(html);
  assert.equal(levels[0], 1, `${path}: first heading is h1`);
  assert.equal(levels.filter((l) => l === 1).length, 1, `${path}: one h1`);
  for (let i = 1; i < levels.length; i++) {
    assert.ok(levels[i] <= levels[i - 1] + 1, `${path}: h${levels[i - 1]} then h${levels[i]}`);
  }
}

test('front page: lead is the seed article, every section listed', async () => {
  const res = await get(server.url + '/');
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  assertHeadingsInOrder(res.body, '/');
  const lead = res.body.match(/<section class="lead"[\s\S]*?<\/section>/)[0];
  assert.match(lead, /href="\/article\/1">미래부, 중국과 전략적 동반자 관계 맺기에 나선다</);
  assert.match(lead.replace(/<[^>]+>/g, ''), /홍보영 기자/);
  assert.match(lead, /2014-12-19 18:00:10/);
  const sections = [...res.body.matchAll(/<section class="front-section" aria-labelledby="sec-([a-z0-9]+)"/g)].map((m) => m[1]);
  assert.ok(sections.length >= 5, `sections on front: ${sections}`);
  assert.ok(sections.includes('industry1'));
});

/** Article ids of a list page, in order. */
const ids = (html) => [...html.matchAll(/<h2 class="item-title"><a href="\/article\/(\d+)"/g)].map((m) => m[1]);

test('section page 1 has 20 articles newest first, no count of them', async () => {
  const p1 = await get(server.url + '/section/industry1');
  assert.equal(p1.status, 200);
  assert.deepEqual(await validateHtml(p1.body), []);
  assertHeadingsInOrder(p1.body, '/section/industry1');
  assert.match(p1.body, /<h1 class="page-title">산업1부<\/h1>/);
  const times = [...p1.body.matchAll(/<time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1]));
  for (let i = 1; i < times.length; i++) {
    assert.ok(times[i - 1] >= times[i], 'newest first');
  }
  // The demo gives 산업1부 more than 20 articles.
  assert.equal(itemCount(p1.body), 20);
  // Issue 9: a page count or an article count costs a count(*) per request.
  assert.doesNotMatch(p1.body, /기사 \d+건|\d+ \/ \d+쪽/);
});

test('reporter page: profile and the first 20 of their articles', async () => {
  const res = await get(server.url + '/reporter/1');
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  assertHeadingsInOrder(res.body, '/reporter/1');
  assert.match(res.body, /<h1 id="reporter-name" class="page-title">홍보영 기자<\/h1>/);
  assert.match(res.body, /<p class="reporter-desk">산업1부<\/p>/);
  assert.match(res.body, /href="mailto:papersong@example.com"/);
  assert.match(res.body, /산업1부 홍보영 기자입니다/);
  assert.ok(itemCount(res.body) >= 1 && itemCount(res.body) <= 20);
  assert.doesNotMatch(res.body, /쓴 기사 \d+건/);
});

test('pages beyond the last one, page 0 and junk are 404', async () => {
  for (const path of [
    '/section/industry1?page=0',
    '/section/industry1?page=99',
    '/section/industry1?page=abc',
    '/section/industry1?page=-1',
    '/section/industry1?before=abc',
    '/section/industry1?before=1.0',
    '/section/industry1?before=01.1',
    '/section/industry1?before=1.1&after=1.1',
    '/section/industry1?before=1.1',
    '/section/nosuch',
    '/reporter/999',
    '/reporter/abc',
    '/reporter/1?page=50',
  ]) {
    const res = await get(server.url + path);
    assert.equal(res.status, 404, path);
  }
});

test('a list longer than 20 pages on with rel=next/prev and distinct pages', async () => {
  const p1 = await get(`${server.url}/section/industry1`);
  const next = p1.body.match(/<a href="(\/section\/industry1\?before=-?\d+\.\d+)" rel="next">다음<\/a>/);
  assert.ok(next, 'page 1 links to the next page by keyset');
  assert.doesNotMatch(p1.body, /rel="prev"/);
  const p2 = await get(server.url + next[1].replaceAll('&amp;', '&'));
  assert.equal(p2.status, 200);
  assert.deepEqual(await validateHtml(p2.body), []);
  assert.match(p2.body, /<a href="\/section\/industry1" rel="prev">이전<\/a>/);
  const overlap = ids(p1.body).filter((id) => ids(p2.body).includes(id));
  assert.deepEqual(overlap, []);
  assert.ok(ids(p2.body).length >= 1);
  // The old numbered address answers with the same articles.
  const old = await get(`${server.url}/section/industry1?page=2`);
  assert.equal(old.status, 302);
  assert.equal(old.headers.location, next[1]);
});

test('the privacy page shows the policy from settings', async () => {
  const res = await get(server.url + '/privacy');
  assert.equal(res.status, 200);
  assert.match(res.body, /<h1 class="page-title">개인정보처리방침<\/h1>/);
  assert.match(res.body, /sinmun 데모입니다/);
  assert.deepEqual(await validateHtml(res.body), []);
});
