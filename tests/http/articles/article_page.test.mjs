// GET /article/{id}: every element of the seed page that belongs to the
// article, escaping of stored text, share links, 404s, valid HTML.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer, validateHtml } from '../lib/server.mjs';

let server;
let page;

before(async () => {
  server = await startServer();
  page = await get(server.url + '/article/1');
});

after(async () => {
  await server?.stop();
});

test('the seed article answers 200 as UTF-8 HTML that validates', async () => {
  assert.equal(page.status, 200);
  assert.match(page.headers['content-type'], /^text\/html; charset=utf-8$/);
  assert.deepEqual(await validateHtml(page.body), []);
});

test('the skip link is the first link and targets the article body', () => {
  const firstLink = page.body.match(/<a [^>]*>/)[0];
  assert.match(firstLink, /class="skip-link"/);
  assert.match(firstLink, /href="#article-body"/);
  assert.match(page.body, /<a class="skip-link" href="#article-body">본문 바로가기<\/a>/);
  assert.match(page.body, /id="article-body"[^>]*tabindex="-1"/);
});

test('title, subtitle, section, byline, e-mail, time and dateline', () => {
  const b = page.body;
  assert.match(b, /<title>미래부, 중국과 전략적 동반자 관계 맺기에 나선다 - 산업일보<\/title>/);
  assert.match(b, /<h1 [^>]*>미래부, 중국과 전략적 동반자 관계 맺기에 나선다<\/h1>/);
  assert.match(b, /class="article-subtitle">최양희 장관 이달 17일~20일 방중\(訪中\)</);
  assert.match(b, /class="article-section"><a href="\/section\/industry1">산업1부<\/a>/);
  assert.match(b, />홍보영 기자<\/a>/);
  assert.match(b, /href="mailto:papersong@example.com"/);
  assert.match(b, /기사입력 <time datetime="2014-12-19T18:00:10\+09:00">2014-12-19 18:00:10<\/time>/);
  assert.doesNotMatch(b, /기사수정/);
  assert.match(b, /<p class="dateline">\[산업일보\]<\/p>/);
});

test('every body paragraph of the seed is in the body, escaped once', async () => {
  const { readFile } = await import('node:fs/promises');
  const seed = JSON.parse(await readFile(new URL('../../../data/seed/seed-article.json', import.meta.url)));
  for (const para of seed.article.body_paragraphs) {
    const html = para.replaceAll('&', '&amp;');
    assert.ok(page.body.includes(`<p>${html}</p>`), `missing paragraph: ${para.slice(0, 30)}`);
  }
  assert.ok(page.body.includes('인수합병(M&amp;A)를'));
});

test('share links carry the absolute URL and the title, encoded', () => {
  const href = (cls) => {
    const m = page.body.match(new RegExp(`class="${cls}" href="([^"]+)"`));
    assert.ok(m, cls);
    return new URL(m[1].replaceAll('&amp;', '&'));
  };
  const articleUrl = server.url + '/article/1';
  const title = '미래부, 중국과 전략적 동반자 관계 맺기에 나선다';
  const fb = href('share-facebook');
  assert.equal(fb.origin + fb.pathname, 'https://www.facebook.com/sharer/sharer.php');
  assert.equal(fb.searchParams.get('u'), articleUrl);
  const x = href('share-x');
  assert.equal(x.searchParams.get('url'), articleUrl);
  assert.equal(x.searchParams.get('text'), title);
  const ks = href('share-kakaostory');
  assert.equal(ks.hostname, 'story.kakao.com');
  assert.equal(ks.searchParams.get('url'), articleUrl);
  const nb = href('share-naverblog');
  assert.equal(nb.hostname, 'blog.naver.com');
  assert.equal(nb.searchParams.get('url'), articleUrl);
  assert.equal(nb.searchParams.get('title'), title);
});

test('reporter box with bio and link; latest articles of the section', () => {
  const box = page.body.match(/<aside class="reporter-box"[\s\S]*?<\/aside>/)[0];
  assert.match(box, /href="\/reporter\/1"/);
  assert.match(box, /산업1부 홍보영 기자입니다\. 국내외 무역과 로봇, IoT, 기계·금형산업에 대한 참 소리를 전합니다\.\^\^/);
  const related = page.body.match(/<section class="related"[\s\S]*?<\/section>/)[0];
  const links = [...related.matchAll(/href="\/article\/(\d+)"/g)].map((m) => m[1]);
  assert.ok(links.length >= 1 && links.length <= 5, `related: ${links.length}`);
  assert.ok(!links.includes('1'), 'the article itself is not in its related list');
});

test('no links to features that do not exist yet', () => {
  // 댓글 and 유해게시물신고 exist since issue 3 (tests/http/comments/,
  // tests/http/reports/).
  for (const word of ['coming soon', '준비 중', '곧 제공']) {
    assert.ok(!page.body.includes(word), `unexpected "${word}"`);
  }
});

test('유해게시물신고 leads to the report form of this article', async () => {
  const tools = page.body.match(/<ul class="article-tools">[\s\S]*?<\/ul>/);
  assert.match(tools[0], /<a class="tool-report" href="\/article\/1\/report" rel="nofollow">유해게시물신고<\/a>/);
});

test('프린트 opens the print page with ?auto=1; PDF 다운로드 the PDF (issue 4)', () => {
  const tools = page.body.match(/<ul class="article-tools">[\s\S]*?<\/ul>/);
  assert.ok(tools, 'no .article-tools list');
  assert.match(tools[0], /<a class="tool-print" href="\/article\/1\/print\?auto=1">프린트<\/a>/);
  assert.match(tools[0], /<a class="tool-pdf" href="\/article\/1\.pdf" type="application\/pdf">PDF 다운로드<\/a>/);
  // The address printed after the article when the page itself is printed.
  assert.ok(page.body.includes(`<p class="print-url">기사 주소: ${server.url}/article/1</p>`));
});

test('the legal footer carries every field from settings', () => {
  const footer = page.body.match(/<footer class="site-footer">[\s\S]*<\/footer>/)[0];
  for (const label of ['제호', '등록번호', '등록연월일', '발행인', '편집인', '발행소', '전화', '청소년보호책임자']) {
    assert.ok(footer.includes(`<dt>${label}</dt>`), label);
  }
  assert.match(footer, /<a href="\/privacy">개인정보처리방침<\/a>/);
});

test('a modified article shows 기사수정 after 기사입력', async () => {
  // The demo marks every ninth generated article (i % 9 == 4) as modified;
  // generated articles start at id 2, so id 6 is one.
  const res = await get(server.url + '/article/6');
  assert.equal(res.status, 200);
  assert.match(res.body, /기사입력 <time[^>]*>[^<]+<\/time><span class="sep" aria-hidden="true">·<\/span>기사수정 <time/);
});

test('missing, malformed and unpublished ids answer the 404 page', async () => {
  for (const path of ['/article/0', '/article/999999', '/article/01', '/article/1x', '/article/-1', '/article/99999999999999999999']) {
    const res = await get(server.url + path);
    assert.equal(res.status, 404, path);
    assert.match(res.headers['content-type'], /^text\/html/);
    assert.match(res.body, /페이지를 찾을 수 없습니다/);
    assert.equal(res.headers['cache-control'], 'no-store');
  }
});
