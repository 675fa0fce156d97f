// Browser test of the newsroom (Debian chromium via playwright-core): a
// reporter signs in, writes an article with Hangul text in the editor
// (the live 원고지 counter agrees with the server's count), the first
// autosave makes the draft, Ctrl+S saves, the preview shows it as readers
// will, and the reporter submits it; an editor opens the desk queue on
// /newsroom, edits, and schedules it two minutes ahead; the test clock
// (SINMUN_TEST_CLOCK_FILE) lets the minute pass, and the article appears
// on the front page, its section page, the RSS feed and the sitemap, and
// a reader sees it.  No CSP violation or script error on any page, no
// serious axe-core finding on the editor.  Screenshots in build/
// screenshots/: newsroom-editor-{desktop,phone}.png, newsroom-queue-
// {desktop,phone}.png, newsroom-diff-{desktop,phone}.png.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SCREENSHOT_DIR, launchBrowser } from './lib.mjs';
import { get } from '../http/lib/server.mjs';
import { seoulLocal, setClock, sql, staff, startNewsroomServer, until } from '../http/newsroom/lib.mjs';

const require = createRequire(import.meta.url);

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const TITLE = '산업부, 중소 제조업 스마트공장 3천곳 지원';
const SUBTITLE = '내년 예산 2,400억 원\n협력사 우선 선정';
const BODY = '산업통상자원부는 2일 중소 제조업체 3천곳의 스마트공장 구축을 지원한다고 밝혔다.\n\n'
  + '지원 대상은 매출 1,000억 원 미만 기업이며, AI 기반 품질 검사 설비를 우선 지원한다.';
const ADDED = ' 신청은 내년 1월부터 받는다.';

let server;
let browser;
let reporter;
let editor;
const problems = [];

/** Characters as the editor counts them (graphemes, line breaks not). */
function chars(text) {
  const seg = new Intl.Segmenter('ko', { granularity: 'grapheme' });
  return [...seg.segment(text.normalize('NFC'))].filter((s) => s.segment !== '\n').length;
}

before(async () => {
  server = await startNewsroomServer();
  // Accounts the operator's way; their browsers sign in through the form.
  reporter = await staff(server, 'reporter', 'reporter', '홍보영');
  editor = await staff(server, 'editor', 'editor', '이데스크');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(problems, []);
});

/** A new context and page at 'viewport', watching for script errors. */
async function open(viewport) {
  const context = await browser.newContext({ viewport, locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content.Security.Policy|Refused/i.test(msg.text())) {
      problems.push(`CSP: ${msg.text()}`);
    }
  });
  return { context, page };
}

async function signIn(page, login) {
  await page.goto(server.url + '/signin');
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'staffpass123');
  await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
}

let articleId;

test('a reporter writes an article in Hangul, autosaves, saves with Ctrl+S, previews and submits it', async () => {
  const { context, page } = await open(DESKTOP);
  await signIn(page, 'reporter');
  await page.goto(server.url + '/newsroom');
  await Promise.all([page.waitForNavigation(), page.click('text=새 기사 쓰기')]);
  assert.match(page.url(), /\/newsroom\/articles\/new$/);
  // The byline is the reporter's own person already.
  assert.equal(await page.inputValue('#f-author-1'), String(reporter.personId));

  await page.type('#f-title', TITLE);
  await page.fill('#f-subtitle', SUBTITLE);
  await page.selectOption('#f-section', { label: '산업1부' });
  await page.fill('#f-dateline', '[산업일보]');
  await page.fill('#f-keywords', '스마트공장, 중소기업');
  await page.type('#f-body', BODY);
  // Live counters, as the server counts.
  assert.equal(await page.textContent('#f-title-count'), `${chars(TITLE)} / 100`);
  assert.equal(await page.textContent('#f-body-count .count-chars'), String(chars(BODY)));
  assert.equal(await page.textContent('#f-body-count .count-sheets'), String(Math.ceil(chars(BODY) / 200)));

  // The first autosave makes the draft; the page becomes its editor.
  await page.evaluate(() => document.getElementById('editor-form').dispatchEvent(new Event('sinmun:autosave')));
  await page.waitForFunction(() => /초안으로 저장했습니다/.test(document.querySelector('.autosave-status').textContent));
  const m = /\/newsroom\/articles\/(\d+)\/edit$/.exec(page.url());
  assert.ok(m, page.url());
  articleId = Number(m[1]);
  assert.equal(await sql(server, `SELECT status || '|' || version FROM articles WHERE id = ${articleId}`), 'draft|1');

  // More typing, then Ctrl+S.
  await page.focus('#f-body');
  await page.keyboard.press('End');
  await page.type('#f-body', ADDED);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Control+s')]);
  assert.match(page.url(), new RegExp(`/newsroom/articles/${articleId}/edit\\?done=save$`));
  assert.match(await page.textContent('.form-note'), /저장했습니다/);
  assert.equal(await sql(server, `SELECT version FROM articles WHERE id = ${articleId}`), '2');
  assert.equal(await sql(server, `SELECT body_md FROM articles WHERE id = ${articleId}`), BODY + ADDED);
  // The count the server printed is the count the script shows.
  const serverCount = await page.textContent('#f-body-count .count-chars');
  assert.equal(serverCount, String(chars(BODY + ADDED)));
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'newsroom-editor-desktop.png'), fullPage: true });

  // The same editor on a phone: one column, nothing wider than the screen.
  const phone = await open(PHONE);
  await signIn(phone.page, 'reporter');
  await phone.page.goto(server.url + `/newsroom/articles/${articleId}/edit`);
  const widths = await phone.page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  }));
  assert.ok(widths.scroll <= widths.client + 1, `scrolls sideways: ${JSON.stringify(widths)}`);
  await phone.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'newsroom-editor-phone.png'), fullPage: true });
  await phone.context.close();

  // Accessibility of the editor.
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const audit = await browser.newContext({ viewport: DESKTOP, bypassCSP: true, locale: 'ko-KR' });
  const ap = await audit.newPage();
  await ap.context().addCookies((await context.cookies()).map((c) => ({ ...c })));
  await ap.goto(server.url + `/newsroom/articles/${articleId}/edit`);
  await ap.addScriptTag({ content: axeSource });
  // eslint-disable-next-line no-undef
  const results = await ap.evaluate(() => axe.run(document.querySelector('main'), { resultTypes: ['violations'] }));
  await audit.close();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);

  // The preview: the public page's look under its banner.
  await Promise.all([page.waitForNavigation(), page.click('.editor-links >> text=미리보기')]);
  assert.match(await page.textContent('.preview-banner'), /미리보기/);
  assert.equal((await page.textContent('#article-title')).trim(), TITLE);
  assert.match(await page.textContent('#article-body'), /신청은 내년 1월부터 받는다/);
  assert.equal(await page.getAttribute('meta[name="robots"][content*="noindex"]', 'content'), 'noindex, nofollow');

  // Back, and off to the desk.
  await page.goBack();
  await Promise.all([page.waitForNavigation(), page.click('button[value="submit"]')]);
  assert.match(await page.textContent('.form-note'), /데스크로 넘겼습니다/);
  assert.equal(await sql(server, `SELECT status FROM articles WHERE id = ${articleId}`), 'review');
  await context.close();

});

test('an editor opens the desk queue, edits and schedules it two minutes ahead; when the minute passes readers see it everywhere', async () => {
  assert.ok(articleId, 'the first test made the article');
  // The desk queue on a phone, with the article waiting.
  const phone = await open(PHONE);
  await signIn(phone.page, 'editor');
  await phone.page.goto(server.url + '/newsroom');
  assert.equal(await phone.page.locator('#desk-review li', { hasText: TITLE }).count(), 1);
  await phone.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'newsroom-queue-phone.png'), fullPage: true });

  const { context, page } = await open(DESKTOP);
  await signIn(page, 'editor');
  await page.goto(server.url + '/newsroom');
  const row = page.locator('#desk-review li', { hasText: TITLE });
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /홍보영 넘김/);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'newsroom-queue-desktop.png'), fullPage: true });
  await Promise.all([page.waitForNavigation(), row.locator('a').click()]);

  // The desk tightens the title and schedules it two minutes ahead.
  await page.fill('#f-title', `${TITLE}…내년 예산 2,400억`);
  await page.fill('#f-body', (BODY + ADDED).replace('3천곳의', '3천여 곳의').replace('우선 지원한다', '먼저 지원한다'));
  await page.fill('#f-publish-at', seoulLocal(120));
  await Promise.all([page.waitForNavigation(), page.click('button[value="schedule"]')]);
  assert.match(await page.textContent('.form-note'), /예약했습니다/);
  assert.equal(await sql(server, `SELECT status FROM articles WHERE id = ${articleId}`), 'scheduled');

  // The revision diff of the reporter's save and the desk's.
  await page.goto(server.url + `/newsroom/articles/${articleId}/revisions`);
  await page.check('input[name="a"][value="2"]');
  await page.check('input[name="b"][value="4"]');
  await Promise.all([page.waitForNavigation(), page.click('button[form="compare-form"]')]);
  const q = new URL(page.url()).searchParams;
  assert.deepEqual([q.get('a'), q.get('b')], ['2', '4']);
  assert.equal((await page.textContent('.diff-field[aria-label="제목 비교"] .diff-new ins')).trim(), '…내년 예산 2,400억');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'newsroom-diff-desktop.png'), fullPage: true });

  // Readers do not see it yet.
  const newTitle = `${TITLE}…내년 예산 2,400억`;
  assert.doesNotMatch((await get(server.url + '/')).body, /스마트공장 3천곳/);

  // Three minutes later by the server's clock.
  await setClock(server.clockFile, 180);
  await until(async () => (await sql(server, `SELECT status FROM articles WHERE id = ${articleId}`)) === 'published',
    20000, 'the scheduled publication');
  const escaped = newTitle.replaceAll('&', '&amp;');
  for (const pathName of ['/', '/section/industry1', '/rss']) {
    await until(async () => (await get(server.url + pathName)).body.includes(escaped), 5000, pathName);
  }
  // The sitemap index names the month it went out in, whose sitemap has it.
  const at = Number(await sql(server, `SELECT published_at FROM articles WHERE id = ${articleId}`));
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit' })
    .formatToParts(new Date(at * 1000)).map((x) => [x.type, x.value]));
  const month = `sitemap-${p.year}-${p.month}.xml`;
  assert.match((await get(server.url + '/sitemap.xml')).body, new RegExp(`/${month}</loc>`));
  assert.match((await get(server.url + '/' + month)).body, new RegExp(`/article/${articleId}</loc>`));

  // A reader (no account) sees it.
  const reader = await open(PHONE);
  await reader.page.goto(server.url + '/');
  await Promise.all([reader.page.waitForNavigation(), reader.page.click(`a[href="/article/${articleId}"] >> nth=0`)]);
  assert.equal((await reader.page.textContent('#article-title')).trim(), newTitle);
  assert.match(await reader.page.textContent('.byline'), /홍보영/);
  assert.match(await reader.page.textContent('#article-body'), /3천여 곳의 스마트공장 구축을 지원한다고/);
  await reader.context.close();

  // The diff on a phone.
  await phone.page.goto(server.url + `/newsroom/articles/${articleId}/revisions/diff?a=2&b=4`);
  const widths = await phone.page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  }));
  assert.ok(widths.scroll <= widths.client + 1, `scrolls sideways: ${JSON.stringify(widths)}`);
  await phone.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'newsroom-diff-phone.png'), fullPage: true });
  await phone.context.close();
  await context.close();
});
