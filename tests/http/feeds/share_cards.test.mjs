// Share cards and structured data: the article page carries Open Graph
// (title, description, url, image with its size, type article, times at
// +09:00, site name, locale), Twitter card tags, <link rel="canonical">,
// robots max-image-preview:large and a JSON-LD NewsArticle with every
// field search engines ask for; front, section and reporter pages carry
// their own cards (website, profile). The image is the site's default
// one, served as a 1200×630 PNG from a URL that carries its version.
// Stored text that needs escaping stays text in every tag and in the
// JSON-LD, which cannot be ended by a title.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, startServer, validateHtml, waitFor } from '../lib/server.mjs';
import { decodeEntities, metaTags, publish, sql } from './lib.mjs';

const SEED_TITLE = '미래부, 중국과 전략적 동반자 관계 맺기에 나선다';
const SEED_SUBTITLE = '최양희 장관 이달 17일~20일 방중(訪中)';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

/** The one JSON-LD block of 'html', parsed. */
function jsonLd(html) {
  const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
  assert.equal(blocks.length, 1, 'one JSON-LD block');
  return JSON.parse(blocks[0][1]);
}

/** The one value of meta 'key' in 'tags'. */
function one(tags, key) {
  assert.equal(tags[key]?.length, 1, `one ${key}: ${JSON.stringify(tags[key])}`);
  return tags[key][0];
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf) {
  assert.equal(buf.subarray(1, 4).toString('latin1'), 'PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Assert the card fields every public page has; returns its meta tags. */
async function card(path, { type, title, url }) {
  const res = await get(server.url + path);
  assert.equal(res.status, 200, path);
  assert.deepEqual(await validateHtml(res.body), [], path);
  const head = res.body.slice(0, res.body.indexOf('</head>'));
  const tags = metaTags(head);
  assert.equal(one(tags, 'og:type'), type, path);
  assert.equal(one(tags, 'og:title'), title, path);
  assert.equal(one(tags, 'og:url'), server.url + url, path);
  assert.equal(one(tags, 'og:site_name'), '산업일보');
  assert.equal(one(tags, 'og:locale'), 'ko_KR');
  assert.ok(one(tags, 'og:description').length > 0, `${path} og:description`);
  assert.equal(one(tags, 'og:image:width'), '1200');
  assert.equal(one(tags, 'og:image:height'), '630');
  assert.match(one(tags, 'og:image'), new RegExp(`^${server.url}/static/og-default\\.png\\?v=[0-9a-f]{16}$`));
  assert.equal(one(tags, 'twitter:card'), 'summary_large_image');
  assert.equal(one(tags, 'twitter:title'), title);
  assert.equal(one(tags, 'twitter:image'), one(tags, 'og:image'));
  assert.equal(one(tags, 'twitter:description'), one(tags, 'og:description'));
  assert.equal(one(tags, 'robots'), 'max-image-preview:large');
  assert.equal(one(tags, 'description'), one(tags, 'og:description'));
  const canon = [...head.matchAll(/<link rel="canonical" href="([^"]+)">/g)];
  assert.equal(canon.length, 1, `${path}: one canonical link`);
  assert.equal(decodeEntities(canon[0][1]), server.url + url);
  return { tags, head, body: res.body };
}

test('the article page has Open Graph, Twitter and canonical tags', async () => {
  const { tags } = await card('/article/1', { type: 'article', title: SEED_TITLE, url: '/article/1' });
  assert.equal(one(tags, 'og:description'), SEED_SUBTITLE);
  assert.equal(one(tags, 'article:published_time'), '2014-12-19T18:00:10+09:00');
  assert.equal(one(tags, 'article:modified_time'), '2014-12-19T18:00:10+09:00');
  assert.equal(one(tags, 'article:section'), '산업1부');
  assert.equal(one(tags, 'article:author'), server.url + '/reporter/1');
});

test('the article JSON-LD is a complete NewsArticle', async () => {
  const { body, tags } = await card('/article/1', { type: 'article', title: SEED_TITLE, url: '/article/1' });
  const ld = jsonLd(body);
  const url = server.url + '/article/1';
  assert.equal(ld['@context'], 'https://schema.org');
  assert.equal(ld['@type'], 'NewsArticle');
  assert.equal(ld.headline, SEED_TITLE);
  assert.equal(ld.description, SEED_SUBTITLE);
  assert.equal(ld.url, url);
  assert.deepEqual(ld.mainEntityOfPage, { '@type': 'WebPage', '@id': url });
  assert.equal(ld.datePublished, '2014-12-19T18:00:10+09:00');
  assert.equal(ld.dateModified, '2014-12-19T18:00:10+09:00');
  assert.equal(ld.inLanguage, 'ko');
  assert.equal(ld.articleSection, '산업1부');
  assert.deepEqual(ld.author, [{ '@type': 'Person', name: '홍보영', url: server.url + '/reporter/1' }]);
  assert.deepEqual(ld.image, [{ '@type': 'ImageObject', url: one(tags, 'og:image'), width: 1200, height: 630 }]);
  assert.equal(ld.publisher['@type'], 'Organization');
  assert.equal(ld.publisher.name, '산업일보');
  assert.equal(ld.publisher.url, server.url + '/');
  assert.equal(ld.publisher.logo['@type'], 'ImageObject');
  assert.match(ld.publisher.logo.url, new RegExp(`^${server.url}/static/logo\\.png\\?v=[0-9a-f]{16}$`));
  assert.equal(ld.publisher.logo.width, 600);
  assert.equal(ld.publisher.logo.height, 60);
  // Dates parse and name the same instant.
  assert.equal(Date.parse(ld.datePublished), Date.parse('2014-12-19T09:00:10Z'));
});

test('a modified article says when, in the tags and the JSON-LD', async () => {
  const id = await sql(server.dbPath,
    "SELECT id FROM articles WHERE status = 'published' AND modified_at > published_at ORDER BY id LIMIT 1");
  const { body } = await get(`${server.url}/article/${id}`);
  const title = decodeEntities(body.match(/<h1 [^>]*>([^<]*)<\/h1>/)[1]);
  const { tags } = await card(`/article/${id}`, { type: 'article', title, url: `/article/${id}` });
  const ld = jsonLd(body);
  assert.equal(ld.dateModified, one(tags, 'article:modified_time'));
  assert.equal(ld.datePublished, one(tags, 'article:published_time'));
  // The demo revises such articles 90 minutes after publishing them.
  assert.equal(Date.parse(ld.dateModified) - Date.parse(ld.datePublished), 5400 * 1000);
  assert.match(ld.dateModified, /\+09:00$/);
});

test('front, section and reporter pages have their own cards', async () => {
  const front = await card('/', { type: 'website', title: '산업일보', url: '/' });
  assert.equal(one(front.tags, 'og:description'), '산업 현장의 참 소리를 전하는 산업 전문 일간지 (데모)');
  const sec = await card('/section/industry1', { type: 'website', title: '산업1부', url: '/section/industry1' });
  assert.match(one(sec.tags, 'og:description'), /산업1부/);
  // A later page (keyset: ?before=, issue 9) is its own canonical address.
  const later = (await get(server.url + '/section/industry1?page=2')).headers.location;
  assert.match(later, /^\/section\/industry1\?before=\d+\.\d+$/);
  await card(later, { type: 'website', title: '산업1부', url: later });
  const rep = await card('/reporter/1', { type: 'profile', title: '홍보영 기자', url: '/reporter/1' });
  assert.match(one(rep.tags, 'og:description'), /홍보영 기자입니다/);
  for (const page of [front, sec, rep]) {
    assert.equal(page.tags['article:published_time'], undefined);
    assert.doesNotMatch(page.body, /application\/ld\+json/);
  }
});

test('pages without a card (forms, errors) have no canonical or og tags', async () => {
  for (const path of ['/signin', '/nosuch']) {
    const { body } = await get(server.url + path);
    assert.doesNotMatch(body, /rel="canonical"|property="og:/, path);
  }
});

test('the share image and logo are served as PNGs of the stated size', async () => {
  const { body } = await get(server.url + '/article/1');
  const ld = jsonLd(body);
  for (const [abs, w, h] of [[ld.image[0].url, 1200, 630], [ld.publisher.logo.url, 600, 60]]) {
    const res = await get(abs);
    assert.equal(res.status, 200, abs);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.deepEqual(pngSize(res.raw), { width: w, height: h });
    assert.ok(res.raw.length < 64 * 1024, `${abs} stays small (${res.raw.length} bytes)`);
  }
});

test('without a subtitle the description is the start of the body', async () => {
  const body = '첫째 문단은 **굵게** 쓴 [링크](https://example.com/x)를 담는다. ' +
    '이 문장은 요약이 150자에서 잘리는지 보려고 길게 이어 쓴 문장이다. '.repeat(6);
  const id = await publish(server.dbPath, { title: '부제 없는 기사', body });
  const res = await waitFor(`${server.url}/article/${id}`, (r) => r.status === 200);
  const tags = metaTags(res.body.slice(0, res.body.indexOf('</head>')));
  const desc = one(tags, 'og:description');
  assert.ok(desc.startsWith('첫째 문단은 굵게 쓴 링크를 담는다.'), desc);
  assert.ok(desc.endsWith('…'), desc);
  assert.ok([...desc].length <= 151, `${[...desc].length} characters`);
  assert.equal(jsonLd(res.body).description, desc);
});

test('a title with markup and quotes stays text in tags and JSON-LD', async () => {
  const title = '</script><script>alert(1)</script> "따옴표" & \'홑\' \u2028끝';
  const id = await publish(server.dbPath, { title, subtitle: '<b>부제</b> & "인용"' });
  const res = await waitFor(`${server.url}/article/${id}`, (r) => r.status === 200);
  assert.deepEqual(await validateHtml(res.body), []);
  const head = res.body.slice(0, res.body.indexOf('</head>'));
  // The only </script> in <head> are the ones closing real scripts.
  assert.equal(head.split('</script>').length - 1, 2, 'JSON-LD and forms.js scripts only');
  const tags = metaTags(head);
  assert.equal(one(tags, 'og:title'), title);
  assert.equal(one(tags, 'og:description'), '<b>부제</b> & "인용"');
  const ld = jsonLd(res.body);
  assert.equal(ld.headline, title);
  assert.equal(ld.description, '<b>부제</b> & "인용"');
});
