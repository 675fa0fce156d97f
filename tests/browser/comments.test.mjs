// Browser test of comments (Debian chromium via playwright-core): the live
// "N / 1000" counter agrees with the server at 999, 1000 and 1001
// characters of Hangul, decomposed jamo, emoji sequences and line breaks;
// a guest posts a Hangul comment and replies to it through the inline
// reply form; Enter while a Hangul syllable is being composed confirms it
// once and never submits (synthetic composition events and a real IME
// composition through the DevTools protocol); no CSP violation; an
// axe-core audit of the page with comments. Screenshots:
// build/screenshots/comments-desktop.png, comments-phone.png,
// comments-refused.png.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SCREENSHOT_DIR, launchBrowser } from './lib.mjs';
import { RELAXED, sql, startCommentServer } from '../http/comments/lib.mjs';

const require = createRequire(import.meta.url);

// Units of one character each, as a reader (and the server) counts.
const UNITS = ['가', '\u1112\u1161\u11ab', '👨‍👩‍👧‍👦', '👍🏽', '🇰🇷', 'a', ' ', '\n', '쀍'];

/** A text of exactly 'n' characters mixing every kind of unit. */
function textOf(n) {
  let s = '';
  for (let i = 0; i < n; i++) {
    // No line break first or last (a textarea would eat a leading one).
    const unit = UNITS[i % UNITS.length];
    s += (unit === '\n' && (i === 0 || i === n - 1)) ? '나' : unit;
  }
  return s;
}

let server;
let browser;

before(async () => {
  server = await startCommentServer(RELAXED);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('comments, desktop', () => {
  let context;
  let page;
  const problems = [];

  before(async () => {
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'ko-KR',
      timezoneId: 'Asia/Seoul',
    });
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content.Security.Policy/i.test(msg.text())) {
        problems.push(`CSP: ${msg.text()}`);
      }
    });
  });

  after(async () => {
    await context?.close();
  });

  const form = '#comment-form';
  const counter = '#comment-counter';

  async function counterState() {
    return page.evaluate((sel) => {
      const el = document.querySelector(sel);
      return { text: el.textContent.trim(), over: el.classList.contains('over') };
    }, counter);
  }

  test('the counter counts 999, 1000 and 1001 characters as the server does', async () => {
    await page.goto(server.url + '/article/1', { waitUntil: 'load' });
    assert.deepEqual(await counterState(), { text: '0 / 1000', over: false });
    for (const n of [999, 1000, 1001]) {
      await page.fill(`${form} textarea`, textOf(n));
      assert.deepEqual(await counterState(), { text: `${n} / 1000`, over: n > 1000 }, `${n}`);
      // The counter never rewrites what was typed.
      assert.equal(await page.inputValue(`${form} textarea`), textOf(n));
    }
    // Each posted: the server agrees (its own count is on the edit page,
    // or on the form it sends back).
    for (const n of [999, 1000, 1001]) {
      await page.goto(server.url + '/article/1', { waitUntil: 'load' });
      await page.fill(`${form} input[name="nickname"]`, `세는손님${n}`);
      await page.fill(`${form} input[name="password"]`, 'pass1234');
      await page.fill(`${form} textarea`, textOf(n));
      assert.equal((await counterState()).text, `${n} / 1000`);
      await Promise.all([page.waitForNavigation(), page.click(`${form} button[type="submit"]`)]);
      if (n > 1000) {
        assert.match(page.url(), /\/article\/1\/comments#comment-form$/);
        assert.equal(await page.textContent('.form-error'),
          '댓글은 1000자까지 쓸 수 있습니다. 지금 1001자입니다. 줄여서 다시 올려 주십시오.');
        // The server's counter on the returned form, then the script's.
        assert.deepEqual(await counterState(), { text: '1001 / 1000', over: true });
        assert.equal((await page.inputValue(`${form} textarea`)).normalize('NFC'), textOf(n).normalize('NFC'));
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'comments-refused.png') });
        continue;
      }
      const cid = Number(/#comment-(\d+)$/.exec(page.url())?.[1]);
      assert.ok(cid, `landed on ${page.url()}`);
      const edit = await context.newPage();
      await edit.route('**/comments.js*', (r) => r.abort()); // the server's own count
      await edit.goto(server.url + `/comment/${cid}/edit`);
      assert.equal((await edit.textContent('#edit-counter')).trim(), `${n} / 1000`);
      await edit.close();
    }
  });

  test('a guest posts a Hangul comment, then replies to it in place', async () => {
    await page.goto(server.url + '/article/2', { waitUntil: 'load' });
    await page.fill(`${form} input[name="nickname"]`, '한글손님');
    await page.fill(`${form} input[name="password"]`, '비밀번호1');
    await page.fill(`${form} textarea`, '좋은 기사 잘 읽었습니다.\n중국과의 협력이 기대됩니다. 👍');
    await Promise.all([page.waitForNavigation(), page.click(`${form} button[type="submit"]`)]);
    const cid = Number(/\/article\/2#comment-(\d+)$/.exec(page.url())?.[1]);
    assert.ok(cid, page.url());
    const text = await page.textContent(`#comment-${cid} .comment-body`);
    assert.equal(text, '좋은 기사 잘 읽었습니다.\n중국과의 협력이 기대됩니다. 👍');
    assert.equal(await page.textContent(`#comment-${cid} .comment-author`), '한글손님');

    // 답글 opens the form under the comment without leaving the page.
    const before = page.url();
    await page.click(`#comment-${cid} .comment-reply-link`);
    const reply = page.locator(`#comment-${cid} + form.comment-form`);
    await reply.waitFor();
    assert.equal(page.url(), before);
    assert.equal(await reply.locator('input[name="parent"]').inputValue(), String(cid));
    await reply.locator('input[name="nickname"]').fill('답글손님');
    await reply.locator('input[name="password"]').fill('비밀번호2');
    await reply.locator('textarea').fill('저도 같은 생각입니다.');
    assert.equal((await reply.locator('.comment-counter').textContent()).trim(), '12 / 1000');
    await Promise.all([page.waitForNavigation(), reply.locator('button[type="submit"]').click()]);
    const rid = Number(/#comment-(\d+)$/.exec(page.url())?.[1]);
    assert.ok(rid && rid !== cid, page.url());
    const nested = page.locator(`li.comment-thread:has(#comment-${cid}) ol.comment-replies #comment-${rid}`);
    assert.equal(await nested.count(), 1, 'the reply is in the thread');
    assert.equal(await page.textContent(`#comment-${rid} .comment-body`), '저도 같은 생각입니다.');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'comments-desktop.png'), fullPage: true });
  });

  test('Enter while composing a syllable (synthetic events) does not submit', async () => {
    await page.goto(server.url + '/article/3', { waitUntil: 'load' });
    await page.fill(`${form} input[name="password"]`, 'pass1234');
    await page.fill(`${form} textarea`, '조합 중 엔터 시험');
    await page.fill(`${form} input[name="nickname"]`, '조합');
    const start = page.url();
    const result = await page.evaluate((sel) => {
      const f = document.querySelector(sel);
      const input = f.querySelector('input[name="nickname"]');
      input.focus();
      input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
      const key = new KeyboardEvent('keydown', {
        key: 'Enter', code: 'Enter', keyCode: 229, isComposing: true, bubbles: true, cancelable: true,
      });
      input.dispatchEvent(key);
      // What the browser would do on Enter: try to submit the form.
      let submitted = false;
      f.addEventListener('submit', (e) => { if (!e.defaultPrevented) submitted = true; e.preventDefault(); }, { once: true });
      f.requestSubmit();
      input.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '자' }));
      return { submitted };
    }, form);
    assert.equal(result.submitted, false, 'a submit during composition was let through');
    await page.waitForTimeout(300);
    assert.equal(page.url(), start);
    assert.equal(await sql(server, "SELECT count(*) FROM comments WHERE body = '조합 중 엔터 시험'"), '0');
  });

  test('Enter during a real IME composition confirms the syllable once, no submit', async () => {
    await page.goto(server.url + '/article/3', { waitUntil: 'load' });
    await page.fill(`${form} input[name="password"]`, 'pass1234');
    await page.fill(`${form} textarea`, 'IME 엔터 시험');
    const cdp = await context.newCDPSession(page);
    await page.click(`${form} input[name="nickname"]`);
    await cdp.send('Input.imeSetComposition', { text: '하', selectionStart: 1, selectionEnd: 1 });
    await cdp.send('Input.imeSetComposition', { text: '한', selectionStart: 1, selectionEnd: 1 });
    const start = page.url();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    assert.equal(page.url(), start, 'Enter during composition submitted the form');
    assert.equal(await page.inputValue(`${form} input[name="nickname"]`), '한', 'the syllable once');
    // The counter follows a composition in the textarea without touching it.
    await page.fill(`${form} textarea`, '');
    await page.click(`${form} textarea`);
    await cdp.send('Input.imeSetComposition', { text: '가', selectionStart: 1, selectionEnd: 1 });
    assert.equal((await counterState()).text, '1 / 1000');
    await cdp.send('Input.insertText', { text: '각' });
    assert.equal(await page.inputValue(`${form} textarea`), '각');
    assert.equal((await counterState()).text, '1 / 1000');
    await cdp.detach();
    // A plain Enter in the nickname field still submits.
    await page.fill(`${form} textarea`, 'IME 엔터 시험');
    await page.focus(`${form} input[name="nickname"]`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(page.url(), /\/article\/3#comment-\d+$/);
  });

  test('no CSP violation or script error on the way', () => {
    assert.deepEqual(problems, []);
  });
});

describe('comments, phone', () => {
  test('the comment block fits a phone screen', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      locale: 'ko-KR',
    });
    const page = await context.newPage();
    await page.goto(server.url + '/article/2#comments', { waitUntil: 'load' });
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    assert.ok(widths.scroll <= widths.client + 1, `scrolls sideways: ${JSON.stringify(widths)}`);
    await page.locator('#comments').screenshot({ path: path.join(SCREENSHOT_DIR, 'comments-phone.png') });
    await context.close();
  });
});

describe('accessibility of the comments (axe-core)', () => {
  test('/article/2 with comments has no serious or critical violations', async () => {
    const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, locale: 'ko-KR' });
    const page = await context.newPage();
    await page.goto(server.url + '/article/2', { waitUntil: 'load' });
    await page.click('.comment-reply-link'); // with an inline reply form open
    await page.addScriptTag({ content: axeSource });
    // eslint-disable-next-line no-undef
    const results = await page.evaluate(() => axe.run(document.querySelector('#comments'), { resultTypes: ['violations'] }));
    await context.close();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  });
});
