// GET /article/{id}/print (issue 4): the article alone for paper. Checks
// the content (site name, title, subtitle, byline with e-mail, 기사입력,
// dateline, every body paragraph, the article's URL), valid HTML, noindex
// plus a canonical link to the article, no navigation, share links or
// footer, the print script loaded from a file (the CSP forbids inline
// script), escaping, caching and 404s.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { get, startServer, validateHtml, ROOT } from '../lib/server.mjs';

let server;
let seed;
let page;

before(async () => {
  seed = JSON.parse(await readFile(path.join(ROOT, 'data/seed/seed-article.json'), 'utf8'));
  server = await startServer();
  page = await get(server.url + '/article/1/print');
});

after(async () => {
  await server?.stop();
});

test('the print page answers 200 as UTF-8 HTML that validates', async () => {
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.deepEqual(await validateHtml(page.body), []);
  const auto = await get(server.url + '/article/1/print?auto=1');
  assert.equal(auto.status, 200);
  assert.deepEqual(await validateHtml(auto.body), []);
});

test('it carries the article: site, title, subtitle, byline, times, dateline, body, URL', () => {
  const b = page.body;
  assert.match(b, /<title>미래부, 중국과 전략적 동반자 관계 맺기에 나선다 - 산업일보<\/title>/);
  assert.match(b, /<p class="print-site">산업일보<\/p>/);
  assert.match(b, /<h1 id="print-title" class="print-title">미래부, 중국과 전략적 동반자 관계 맺기에 나선다<\/h1>/);
  assert.match(b, /<p class="print-subtitle">최양희 장관 이달 17일~20일 방중\(訪中\)<\/p>/);
  assert.match(b, /<p class="print-byline">홍보영 기자<span class="sep" aria-hidden="true">\|<\/span>papersong@example\.com<\/p>/);
  assert.match(b, /기사입력 <time datetime="2014-12-19T18:00:10\+09:00">2014-12-19 18:00:10<\/time>/);
  assert.match(b, /<p class="dateline">\[산업일보\]<\/p>/);
  for (const para of seed.article.body_paragraphs) {
    assert.ok(b.includes(`<p>${para.replaceAll('&', '&amp;')}</p>`), `missing paragraph: ${para.slice(0, 30)}`);
  }
  const url = `${server.url}/article/1`;
  assert.ok(b.includes(`기사 주소: <a href="${url}">${url}</a>`), 'the article URL after the body');
});

test('noindex, a canonical link to the article, print.css and print.js from files', () => {
  const b = page.body;
  assert.match(b, /<meta name="robots" content="noindex">/);
  assert.ok(b.includes(`<link rel="canonical" href="${server.url}/article/1">`));
  assert.equal(page.headers['x-robots-tag'], 'noindex');
  assert.match(b, /<link rel="stylesheet" href="\/static\/print\.css\?v=[0-9a-f]+">/);
  assert.match(b, /<script src="\/static\/print\.js\?v=[0-9a-f]+" defer><\/script>/);
  assert.equal((b.match(/<script/g) ?? []).length, 1, 'no inline script');
  // The button works only with script: hidden until print.js shows it.
  assert.match(b, /<button type="button" class="print-button" hidden>인쇄하기<\/button>/);
  assert.match(b, /<a class="print-back" href="\/article\/1">기사로 돌아가기<\/a>/);
});

test('no navigation, share links, related list or site footer', () => {
  const b = page.body;
  for (const needle of ['site-nav', 'class="share', 'share-nav', 'related', 'site-footer',
    'facebook.com', 'article-tools', '로그인', '/signin']) {
    assert.ok(!b.includes(needle), `unexpected "${needle}"`);
  }
  assert.ok(!/<nav[\s>]/.test(b), 'no <nav>');
});

test('the static files answer with their types', async () => {
  const css = await get(server.url + '/static/print.css');
  assert.equal(css.status, 200);
  assert.match(css.headers['content-type'], /^text\/css/);
  assert.match(css.body, /@page\s*\{\s*size: A4;/);
  const js = await get(server.url + '/static/print.js');
  assert.equal(js.status, 200);
  assert.match(js.headers['content-type'], /^text\/javascript/);
  assert.match(js.body, /window\.print\(\)/);
});

test('cached like the article page, tagged with the article and the site', async () => {
  const again = await get(server.url + '/article/1/print');
  assert.equal(again.headers['x-cache'], 'hit');
  const tags = again.headers['surrogate-key'].split(' ');
  assert.ok(tags.includes('article:1') && tags.includes('site'), `tags ${tags}`);
});

test('unknown and malformed ids answer the 404 page', async () => {
  for (const p of ['/article/999999/print', '/article/0/print', '/article/1x/print']) {
    const r = await get(server.url + p);
    assert.equal(r.status, 404, p);
    assert.match(r.body, /페이지를 찾을 수 없습니다/);
  }
});
