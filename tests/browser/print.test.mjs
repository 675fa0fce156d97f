// Browser test of printing (issue 4) in Debian's chromium driven by
// playwright-core: the print page /article/1/print, print.js (the button
// appears; the dialog opens by itself only with ?auto=1), an axe-core
// audit, and the article page printed: with print media the navigation,
// share links, print/PDF links, related list and footer are gone and the
// article's URL follows the article. Pictures for a person to look at, in
// build/screenshots/: article-print.png (the print page on screen),
// article-print-a4.png (page 1 of chromium's own A4 print of it, rendered
// with pdftoppm) and article-page-print.png (the article page, print media).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { SCREENSHOT_DIR, launchBrowser } from './lib.mjs';
import { startServer } from '../http/lib/server.mjs';

const require = createRequire(import.meta.url);
const run = promisify(execFile);

const TITLE = '미래부, 중국과 전략적 동반자 관계 맺기에 나선다';

// Counts window.print() calls instead of opening a dialog. An init script
// runs before the page's own scripts and is not subject to the page's CSP.
const PRINT_STUB = () => {
  window.__printCalls = 0;
  window.print = () => {
    window.__printCalls += 1;
  };
};

let server;
let browser;
let context;
const problems = []; // CSP violations and uncaught page errors

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
  });
  await context.addInitScript(PRINT_STUB);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop(); // throws on an unclean exit or a sanitizer report
});

/** Opens 'urlPath' in a new page; asserts 200 and records CSP problems. */
async function open(urlPath) {
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`${urlPath}: page error: ${err}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content.Security.Policy/i.test(msg.text())) {
      problems.push(`${urlPath}: CSP: ${msg.text()}`);
    }
  });
  const response = await page.goto(server.url + urlPath, { waitUntil: 'load' });
  assert.equal(response?.status(), 200, `GET ${urlPath}`);
  return page;
}

/** Whether the first element matching 'selector' is visible (false if none). */
async function visible(page, selector) {
  const loc = page.locator(selector).first();
  return (await loc.count()) > 0 && (await loc.isVisible());
}

describe('print page /article/1/print', () => {
  let page;

  before(async () => {
    page = await open('/article/1/print');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'article-print.png'), fullPage: true });
  });

  after(async () => {
    await page?.close();
  });

  test('shows the article, and the 인쇄하기 button once print.js ran', async () => {
    assert.equal((await page.locator('h1').innerText()).trim(), TITLE);
    assert.ok(await visible(page, '.print-site'));
    assert.ok(await visible(page, '.print-byline'));
    const body = (await page.locator('.print-body').innerText()).replace(/\s+/g, ' ');
    assert.ok(body.includes('[산업일보]'));
    assert.ok(body.includes('대응전략을 모색할 계획이다.'));
    assert.ok((await page.locator('.print-url').innerText()).includes(`${server.url}/article/1`));
    await page.locator('.print-button').waitFor({ state: 'visible', timeout: 5000 });
  });

  test('without ?auto=1 the dialog does not open; the button opens it', async () => {
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__printCalls), 0);
    await page.locator('.print-button').click();
    assert.equal(await page.evaluate(() => window.__printCalls), 1);
  });

  test('on paper: the tools are gone, the article and its URL stay', async () => {
    await page.emulateMedia({ media: 'print' });
    assert.ok(!(await visible(page, '.print-tools')), '.print-tools printed');
    assert.ok(!(await visible(page, '.print-button')), 'button printed');
    assert.ok(await visible(page, 'h1'));
    assert.ok(await visible(page, '.print-url'));
    const font = await page.evaluate(() => getComputedStyle(document.querySelector('.print-body')).fontFamily);
    assert.match(font, /Myeongjo|serif/i, `body font ${font}`);
    await page.emulateMedia({ media: null }); // back to the default (page.pdf() prints)
  });

  test("chromium's print is A4; page 1 goes to article-print-a4.png", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sinmun-print-'));
    try {
      const pdfPath = path.join(dir, 'print.pdf');
      await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: false });
      const { stdout: info } = await run('pdfinfo', [pdfPath]);
      assert.match(info, /^Page size:.*\(A4\)$/m, info);
      const prefix = path.join(SCREENSHOT_DIR, 'article-print-a4');
      await run('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdfPath, prefix]);
      assert.ok((await stat(prefix + '.png')).size > 20000);
      const { stdout: text } = await run('pdftotext', [pdfPath, '-']);
      assert.ok(text.includes(TITLE), 'title in the printout');
      assert.ok(!text.includes('인쇄하기'), 'the button is not printed');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

test('?auto=1 opens the print dialog once, after load', async () => {
  const page = await open('/article/1/print?auto=1');
  await page.waitForFunction(() => window.__printCalls > 0, null, { timeout: 5000 });
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__printCalls), 1);
  await page.close();
});

test('the article page printed: no navigation, share, tools, related or footer; URL after the article', async () => {
  const page = await open('/article/1');
  // On screen the links are there and the printed URL is not.
  assert.ok(await visible(page, 'a.tool-print'));
  assert.ok(await visible(page, 'a.tool-pdf'));
  assert.ok(!(await visible(page, '.print-url')));
  assert.equal(await page.locator('a.tool-print').getAttribute('href'), '/article/1/print?auto=1');
  assert.equal(await page.locator('a.tool-pdf').getAttribute('href'), '/article/1.pdf');

  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'article-page-print.png'), fullPage: true });
  for (const selector of ['.site-header', '.site-nav', '.share-nav', '.share', '.article-tools',
    '.related', '.site-footer', '.skip-link', 'button', 'form']) {
    assert.ok(!(await visible(page, selector)), `${selector} is printed`);
  }
  assert.ok(await visible(page, 'h1'));
  assert.ok(await visible(page, '#article-body'));
  assert.ok(await visible(page, '.print-url'));
  const url = (await page.locator('.print-url').innerText()).trim();
  assert.equal(url, `기사 주소: ${server.url}/article/1`);
  // The URL comes after the article body.
  const after = await page.evaluate(() => {
    const body = document.getElementById('article-body');
    const p = document.querySelector('.print-url');
    return Boolean(body.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(after, '.print-url is not after the body');
  await page.close();
});

test('axe-core: no serious or critical violations on the print page', async () => {
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // The audit script is injected inline: this context alone bypasses the CSP.
  const axeContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, locale: 'ko-KR' });
  try {
    const page = await axeContext.newPage();
    await page.goto(server.url + '/article/1/print', { waitUntil: 'load' });
    await page.addScriptTag({ content: axeSource });
    // eslint-disable-next-line no-undef
    const results = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), []);
  } finally {
    await axeContext.close();
  }
});

test('no CSP violations or page errors', () => {
  assert.deepEqual(problems, []);
});
