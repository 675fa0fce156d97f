// Browser test of 메인 편집, /newsroom/front (Debian chromium via
// playwright-core): an editor signs in through the real form, pins two
// articles into the 주요 기사 row with the buttons, drags the second above
// the first by its handle (static/front_edit.js, pointer events), moves a
// section block with the keyboard (arrow, then Enter), and readers see
// the new order on the front page; with script off the handles stay
// hidden and the ▲/▼ buttons do the same work. The page does not scroll
// sideways on a 375 px phone; axe-core finds no serious or critical
// problem; no CSP violation or page error. Screenshots:
// build/screenshots/front-edit-desktop.png, front-edit-phone.png,
// front-page-desktop.png, front-page-phone.png.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SCREENSHOT_DIR, launchBrowser } from './lib.mjs';
import { startServer } from '../http/lib/server.mjs';
import { sql } from '../http/feeds/lib.mjs';
import { staff } from '../http/reports/lib.mjs';

const require = createRequire(import.meta.url);

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };

let server;
let browser;
const problems = [];

before(async () => {
  server = await startServer();
  await staff(server, 'frontdesk', 'editor'); // the account the browser uses
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

async function signIn(page) {
  await page.goto(server.url + '/signin');
  await page.fill('input[name="login"]', 'frontdesk');
  await page.fill('input[name="password"]', 'modpass1234');
  await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
}

/** The row's pins as stored: "slot:position:article". */
async function pins() {
  const out = await sql(server.dbPath, "SELECT slot || ':' || position || ':' || article_id FROM front_slots ORDER BY slot, position");
  return out === '' ? [] : out.split('\n');
}

/** The ids of the front page's 주요 기사 row and section blocks. */
async function frontOrder(page) {
  await page.goto(server.url + '/');
  return page.evaluate(() => ({
    top: [...document.querySelectorAll('.top-list .top-title a')].map((a) => Number(a.getAttribute('href').split('/').pop())),
    sections: [...document.querySelectorAll('.front-section')].map((s) => s.getAttribute('aria-labelledby').slice(4)),
  }));
}

async function axeProblems(page, selector) {
  await page.addScriptTag({ content: await readFile(require.resolve('axe-core/axe.min.js'), 'utf8') });
  // eslint-disable-next-line no-undef
  const results = await page.evaluate((sel) => axe.run(document.querySelector(sel), { resultTypes: ['violations'] }), selector);
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Drag the handle 'from' to the middle of the element 'to' with the mouse. */
async function drag(page, from, to, above) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  const y = above ? b.y + 4 : b.y + b.height - 4;
  for (let i = 1; i <= 8; i++) {
    await page.mouse.move(a.x + a.width / 2, a.y + (y - a.y) * (i / 8), { steps: 2 });
  }
  await Promise.all([page.waitForNavigation(), page.mouse.up()]);
}

test('with script: pin with buttons, drag the row, keyboard-move a section', async () => {
  const { context, page } = await newPage(DESKTOP);
  await signIn(page);
  await page.goto(server.url + '/newsroom/front');
  // Pick two articles by title search.
  const [first, second] = (await sql(server.dbPath, "SELECT id FROM articles WHERE status = 'published' ORDER BY published_at DESC, id DESC LIMIT 2 OFFSET 6")).split('\n').map(Number);
  for (const id of [first, second]) {
    const title = await sql(server.dbPath, `SELECT title FROM articles WHERE id = ${id}`);
    await page.fill('#fe-q', title);
    await Promise.all([page.waitForNavigation(), page.click('.fe-search button')]);
    const item = page.locator(`.fe-pick-item[data-id="${id}"]`);
    assert.equal(await item.count(), 1, `search found ${title}`);
    await Promise.all([page.waitForNavigation(), item.locator('button[value^="pin-top-"]').click()]);
    assert.match(await page.textContent('.form-note'), /첫 화면에 반영했습니다/);
  }
  assert.deepEqual(await pins(), [`top:0:${first}`, `top:1:${second}`]);

  // The handles are shown by the script; drag the second slot above the
  // first.
  const handles = page.locator('ol[data-order-form="top-order-form"] .drag-handle');
  assert.equal(await handles.count(), 4);
  assert.ok(await handles.nth(1).isVisible(), 'handles visible with script');
  await drag(page, handles.nth(1), page.locator('ol[data-order-form="top-order-form"] > li').nth(0), true);
  assert.deepEqual(await pins(), [`top:0:${second}`, `top:1:${first}`]);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'front-edit-desktop.png'), fullPage: true });
  // axe-core is injected as an inline script: a context of its own that
  // bypasses the CSP, so this one still proves the page needs none.
  const audit = await newPage({ ...DESKTOP, bypassCSP: true });
  await signIn(audit.page);
  await audit.page.goto(server.url + '/newsroom/front');
  assert.deepEqual(await axeProblems(audit.page, 'main'), []);
  await audit.context.close();

  // Keyboard: the third section's handle, up once, Enter saves.
  await page.goto(server.url + '/newsroom/front');
  const sectionsBefore = await page.$$eval('ol[data-order-form="section-order-form"] > li', (lis) => lis.map((li) => li.dataset.id));
  await page.focus('ol[data-order-form="section-order-form"] > li:nth-child(3) .drag-handle');
  await page.keyboard.press('ArrowUp');
  // Announced in the status region (after a beat, so it is read out).
  await page.waitForFunction(() => /분류 2번째로 옮겼습니다/.test(document.querySelector('.fe-status').textContent));
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const sectionsAfter = await page.$$eval('ol[data-order-form="section-order-form"] > li', (lis) => lis.map((li) => li.dataset.id));
  assert.deepEqual(sectionsAfter, [sectionsBefore[0], sectionsBefore[2], sectionsBefore[1], ...sectionsBefore.slice(3)]);

  // Readers see it.
  const reader = await newPage(DESKTOP);
  const order = await frontOrder(reader.page);
  assert.deepEqual(order.top.slice(0, 2), [second, first]);
  const slugOf = Object.fromEntries((await sql(server.dbPath, "SELECT id || ':' || slug FROM sections")).split('\n').map((r) => r.split(':')));
  assert.deepEqual(order.sections.slice(0, 3), sectionsAfter.slice(0, 3).map((id) => slugOf[id]));
  await reader.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'front-page-desktop.png') });
  await reader.context.close();
  await context.close();
});

test('without script: no handles, the ▲/▼ buttons move the slots', async () => {
  const { context, page } = await newPage({ ...DESKTOP, javaScriptEnabled: false });
  await signIn(page);
  await page.goto(server.url + '/newsroom/front');
  const handles = page.locator('.drag-handle');
  assert.ok((await handles.count()) > 0);
  assert.equal(await handles.first().isVisible(), false, 'handles hidden without script');
  const before = await pins();
  const [a, b] = [before[0].split(':')[2], before[1].split(':')[2]];
  await Promise.all([page.waitForNavigation(), page.click('button[name="do"][value="top-down-0"]')]);
  assert.deepEqual(await pins(), [`top:0:${b}`, `top:1:${a}`]);
  await Promise.all([page.waitForNavigation(), page.click('button[name="do"][value="top-down-1"]')]);
  assert.deepEqual(await pins(), [`top:0:${b}`, `top:2:${a}`]);
  await Promise.all([page.waitForNavigation(), page.click('button[name="do"][value="top-clear-2"]')]);
  assert.deepEqual(await pins(), [`top:0:${b}`]);
  await context.close();
});

test('on a 375 px phone the editor and the front page fit, and a finger drags', async () => {
  const { context, page } = await newPage(PHONE);
  await signIn(page);
  await page.goto(server.url + '/newsroom/front');
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(widths.scroll <= widths.client + 1, `editor scrolls sideways: ${JSON.stringify(widths)}`);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'front-edit-phone.png'), fullPage: true });

  // Drag the pinned first slot below the second with the mouse events a
  // touch screen also produces as pointer events.
  const before = await pins();
  const first = before[0].split(':')[2];
  const handles = page.locator('ol[data-order-form="top-order-form"] .drag-handle');
  await drag(page, handles.nth(0), page.locator('ol[data-order-form="top-order-form"] > li').nth(1), false);
  assert.deepEqual(await pins(), [`top:1:${first}`]);

  const reader = await newPage(PHONE);
  await reader.page.goto(server.url + '/');
  const front = await reader.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(front.scroll <= front.client + 1, `front page scrolls sideways: ${JSON.stringify(front)}`);
  assert.match(await reader.page.textContent('.masthead-date'), /^\d{4}년 \d{1,2}월 \d{1,2}일 [일월화수목금토]요일$/);
  await reader.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'front-page-phone.png'), fullPage: true });
  await reader.context.close();
  await context.close();
  // Put the front page back.
  await sql(server.dbPath, 'DELETE FROM front_slots; DELETE FROM front_sections');
});

test('no page error or CSP violation', () => {
  assert.deepEqual(problems, []);
});
