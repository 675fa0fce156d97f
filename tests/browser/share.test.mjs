// Browser test of sharing an article (issue 4) in Debian's chromium driven
// by playwright-core: "링크 복사" appears only with script, copies the
// canonical URL with the Clipboard API and says so in the live region;
// where the Clipboard API is missing it shows the address selected in a
// text field; without script the button stays hidden and the share links
// still work. The share links decode to the article's URL and title, the
// same URL as the canonical link and og:url. An axe-core audit runs with
// the button and the fallback field shown. Screenshot for a person:
// build/screenshots/article-share.png (after a copy).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SCREENSHOT_DIR, launchBrowser } from './lib.mjs';
import { startServer } from '../http/lib/server.mjs';

const require = createRequire(import.meta.url);

const TITLE = '미래부, 중국과 전략적 동반자 관계 맺기에 나선다';
const COPIED = '링크가 복사되었습니다';

// Takes the Clipboard API away before the page's scripts run, as on a
// plain-http site (not a secure context) or an old browser.
const NO_CLIPBOARD = () => {
  Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
};

let server;
let browser;
let articleUrl;

before(async () => {
  server = await startServer();
  articleUrl = server.url + '/article/1';
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A new context (with 'options') and a page on the article; records page errors. */
async function openArticle(options = {}, init = null) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
    ...options,
  });
  if (init) {
    await context.addInitScript(init);
  }
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err}`));
  page.on('console', (msg) => {
    // A failed load is reported with its URL below; the browser's own
    // favicon request is no concern of the page.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) {
      problems.push(`${r.status()} ${r.url()}`);
    }
  });
  const res = await page.goto(articleUrl, { waitUntil: 'load' });
  assert.equal(res?.status(), 200);
  return { context, page, problems };
}

test('링크 복사 copies the canonical URL and says so', async () => {
  const { context, page, problems } = await openArticle();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const button = page.getByRole('button', { name: '링크 복사' });
  assert.ok(await button.isVisible(), 'the button is shown once share.js ran');
  const status = page.locator('.share-status');
  assert.equal(await status.getAttribute('role'), 'status');
  assert.equal(await status.getAttribute('aria-live'), 'polite');
  assert.equal((await status.textContent()).trim(), '');
  await button.click();
  await page.waitForFunction((text) => document.querySelector('.share-status').textContent === text, COPIED);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), articleUrl);
  assert.ok(!(await page.locator('.share-copy-fallback').isVisible()), 'no fallback field needed');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'article-share.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('without the Clipboard API the address is shown selected', async () => {
  const { context, page, problems } = await openArticle({}, NO_CLIPBOARD);
  assert.equal(await page.evaluate(() => navigator.clipboard), undefined);
  await page.getByRole('button', { name: '링크 복사' }).click();
  const field = page.getByLabel('기사 주소');
  await field.waitFor({ state: 'visible' });
  assert.equal(await field.inputValue(), articleUrl);
  const sel = await page.evaluate(() => {
    const el = document.activeElement;
    return { id: el.id, start: el.selectionStart, end: el.selectionEnd, len: el.value.length };
  });
  assert.deepEqual(sel, { id: 'share-url', start: 0, end: articleUrl.length, len: articleUrl.length });
  // Copied by the older command, or left for the reader to copy: either
  // way the live region says what happened.
  await page.waitForFunction(() => document.querySelector('.share-status').textContent !== '');
  const said = await page.locator('.share-status').textContent();
  assert.ok(said === COPIED || said.includes('복사해 주십시오'), said);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without script the button stays hidden and the share links work', async () => {
  const { context, page } = await openArticle({ javaScriptEnabled: false });
  assert.equal(await page.locator('.share-copy').count(), 1);
  assert.ok(!(await page.locator('.share-copy').isVisible()), 'hidden without script');
  assert.ok(!(await page.locator('.share-copy-fallback').isVisible()));
  for (const cls of ['share-facebook', 'share-x', 'share-kakaostory', 'share-naverblog']) {
    assert.ok(await page.locator(`a.${cls}`).isVisible(), cls);
  }
  await context.close();
});

test('share links decode to the article URL and title, as canonical and og:url', async () => {
  const { context, page } = await openArticle();
  const head = await page.evaluate(() => ({
    canonical: document.querySelector('link[rel="canonical"]').href,
    ogUrl: document.querySelector('meta[property="og:url"]').content,
    ogTitle: document.querySelector('meta[property="og:title"]').content,
  }));
  assert.deepEqual(head, { canonical: articleUrl, ogUrl: articleUrl, ogTitle: TITLE });
  const hrefs = await page.$$eval('.share a', (as) => as.map((a) => a.href));
  const params = { 'www.facebook.com': ['u'], 'twitter.com': ['url', 'text'],
    'story.kakao.com': ['url'], 'blog.naver.com': ['url', 'title'] };
  assert.equal(hrefs.length, 4);
  for (const href of hrefs) {
    const u = new URL(href);
    const [urlKey, titleKey] = params[u.hostname];
    assert.equal(u.searchParams.get(urlKey), articleUrl, href);
    if (titleKey) {
      assert.equal(u.searchParams.get(titleKey), TITLE, href);
    }
  }
  await context.close();
});

test('axe-core finds no serious problems with the button and field shown', async () => {
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const { context, page } = await openArticle({ bypassCSP: true }, NO_CLIPBOARD);
  await page.getByRole('button', { name: '링크 복사' }).click();
  await page.getByLabel('기사 주소').waitFor({ state: 'visible' });
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document.querySelector('.share-nav'), { resultTypes: ['violations'] }));
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  await context.close();
});
