// Browser test of "유해게시물신고" and moderation (Debian chromium via
// playwright-core): a reader follows a comment's 신고 link, picks a reason
// and sends the form; a moderator signs in through the real form, finds
// the comment first in the queue, blinds it with a reason, and the
// article page shows the notice with the author's objection link; axe-core
// finds no serious or critical problem on the report form and the queue;
// no CSP violation. Screenshots: build/screenshots/report-form.png,
// report-form-phone.png, moderation-queue.png, comment-blinded.png.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SCREENSHOT_DIR, launchBrowser } from './lib.mjs';
import { RELAXED, guestComment, jar, startCommentServer } from '../http/comments/lib.mjs';
import { staff } from '../http/reports/lib.mjs';

const require = createRequire(import.meta.url);

let server;
let browser;
let cid;
const problems = [];

before(async () => {
  server = await startCommentServer(RELAXED);
  await staff(server, 'nightmod'); // the account the browser signs in with
  cid = await guestComment(server, jar(), 2, '특정인을 비방하는 댓글입니다.');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(options = {}) {
  const context = await browser.newContext({ locale: 'ko-KR', timezoneId: 'Asia/Seoul', ...options });
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content.Security.Policy/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
  });
  return { context, page };
}

async function axeProblems(page, selector) {
  await page.addScriptTag({ content: await readFile(require.resolve('axe-core/axe.min.js'), 'utf8') });
  // eslint-disable-next-line no-undef
  const results = await page.evaluate((sel) => axe.run(document.querySelector(sel), { resultTypes: ['violations'] }), selector);
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('a reader reports a comment from its 신고 link', async () => {
  const { context, page } = await newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url + '/article/2', { waitUntil: 'load' });
  await Promise.all([page.waitForNavigation(), page.click(`#comment-${cid} .comment-report-link`)]);
  assert.equal(new URL(page.url()).pathname, `/comment/${cid}/report`);
  assert.match(await page.textContent('.report-excerpt'), /특정인을 비방하는 댓글입니다/);
  await page.check('input[name="reason"][value="defamation"]');
  await page.fill('textarea[name="description"]', '실명을 들어 허위 사실을 적었습니다.');
  await page.check('input[name="wants_answer"]');
  await page.fill('input[name="contact"]', 'reader@example.com');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-form.png'), fullPage: true });
  await Promise.all([page.waitForNavigation(), page.click('.report-form button[type="submit"]')]);
  assert.match(await page.textContent('h1'), /신고가 접수되었습니다/);
  assert.match(await page.textContent('[role="status"]'), /reader@example\.com/);
  await context.close();
});

test('the report form fits a phone and passes axe', async () => {
  const { context, page } = await newPage({ viewport: { width: 375, height: 740 }, isMobile: true, bypassCSP: true });
  await page.goto(server.url + `/article/3/report`, { waitUntil: 'load' });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page wider than the phone by ${overflow}px`);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-form-phone.png'), fullPage: true });
  assert.deepEqual(await axeProblems(page, 'main'), []);
  await context.close();
});

test('a moderator signs in, blinds the reported comment, and readers see the notice', async () => {
  const { context, page } = await newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url + '/signin?next=/newsroom/moderation', { waitUntil: 'load' });
  await page.fill('input[name="login"]', 'nightmod');
  await page.fill('input[name="password"]', 'modpass1234');
  await Promise.all([page.waitForNavigation(), page.click('form.stack-form button[type="submit"]')]);
  assert.equal(new URL(page.url()).pathname, '/newsroom/moderation');
  const first = page.locator('li.mod-row').first();
  assert.equal(await first.getAttribute('id'), `row-comment-${cid}`);
  assert.match(await first.textContent(), /명예훼손·권리침해/);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'moderation-queue.png'), fullPage: true });

  await first.locator('input[name="target"]').check();
  await page.selectOption('#mod-action', 'blind');
  await page.fill('#mod-reason', '명예훼손 신고 검토');
  await Promise.all([page.waitForNavigation(), page.click('.mod-bulk button[type="submit"]')]);
  assert.match(await page.textContent('.form-note'), /1건을 처리했습니다/);

  const reader = await newPage({ viewport: { width: 1280, height: 900 } });
  await reader.page.goto(server.url + '/article/2', { waitUntil: 'load' });
  const item = reader.page.locator(`#comment-${cid}`);
  assert.match(await item.textContent(), /임시조치된 댓글입니다/);
  assert.doesNotMatch(await item.textContent(), /특정인을 비방/);
  assert.equal(await item.locator('a').getAttribute('href'), `/comment/${cid}/object`);
  await item.screenshot({ path: path.join(SCREENSHOT_DIR, 'comment-blinded.png') });
  await reader.context.close();
  await context.close();
});

test('the moderation queue passes axe', async () => {
  const { context, page } = await newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const j = await staff(server, 'axemod');
  const [name, value] = j.header().split('; ').find((c) => c.startsWith('sid=')).split('=');
  await context.addCookies([{ name, value, url: server.url }]);
  await page.goto(server.url + '/newsroom/moderation?tab=takedowns', { waitUntil: 'load' });
  assert.equal(await page.locator('li.mod-row').count(), 1);
  assert.deepEqual(await axeProblems(page, 'main'), []);
  await context.close();
});

test('no CSP violation or script error on the way', () => {
  assert.deepEqual(problems, []);
});
