// Browser test of the article page (/article/1, the seed article) in Debian's
// chromium driven by playwright-core: what a reader sees at desktop and
// phone sizes, the skip link for keyboard users, the share links, and an
// axe-core accessibility audit of the main pages. Full-page screenshots go to
// build/screenshots/article-desktop.png and article-phone.png so a person
// can look at them.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SCREENSHOT_DIR, launchBrowser } from './lib.mjs';
import { startServer } from '../http/lib/server.mjs';

const require = createRequire(import.meta.url);


const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  },
};

// The seed article, as in fixtures/seed-article.json.
const ARTICLE = {
  path: '/article/1',
  title: '미래부, 중국과 전략적 동반자 관계 맺기에 나선다',
  subtitle: '최양희 장관 이달 17일~20일 방중(訪中)',
  reporter: '홍보영 기자',
  email: 'papersong@example.com',
  published: '기사입력 2014-12-19 18:00:10',
  dateline: '[산업일보]',
  bio: '산업1부 홍보영 기자입니다',
};

// Pages audited with axe-core.
const AXE_PAGES = ['/', '/article/1', '/section/industry1', '/reporter/1'];

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop(); // throws on an unclean exit or a sanitizer report
});

/** Text of the first element matching 'selector', whitespace collapsed. */
async function textOf(page, selector) {
  const loc = page.locator(selector).first();
  assert.ok(
    (await loc.count()) > 0,
    `no element matches ${selector} on ${page.url()}`,
  );
  assert.ok(await loc.isVisible(), `${selector} is not visible`);
  return (await loc.innerText()).replace(/\s+/g, ' ').trim();
}

/** Opens 'urlPath' in a new page of 'context'; asserts a 200 answer. */
async function open(context, urlPath) {
  const page = await context.newPage();
  const response = await page.goto(server.url + urlPath, {
    waitUntil: 'load',
  });
  assert.ok(response, `no response for ${urlPath}`);
  assert.equal(response.status(), 200, `GET ${urlPath}`);
  return page;
}

for (const [name, contextOptions] of Object.entries(VIEWPORTS)) {
  describe(`article page, ${name} (${contextOptions.viewport.width}px)`, () => {
    let context;
    let page;
    const problems = []; // CSP violations and uncaught page errors

    before(async () => {
      context = await browser.newContext({
        ...contextOptions,
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
      const response = await page.goto(server.url + ARTICLE.path, {
        waitUntil: 'load',
      });
      assert.equal(response?.status(), 200, `GET ${ARTICLE.path}`);
      // Before any assertion, so a broken page still leaves a picture.
      await page.screenshot({
        path: path.join(SCREENSHOT_DIR, `article-${name}.png`),
        fullPage: true,
      });
    });

    after(async () => {
      await context?.close();
    });

    test('shows the headline, subtitle, byline, date and dateline', async () => {
      assert.equal(await textOf(page, 'h1'), ARTICLE.title);
      assert.equal(await textOf(page, '.article-subtitle'), ARTICLE.subtitle);
      const byline = await textOf(page, '.byline');
      assert.ok(byline.includes(ARTICLE.reporter), `byline: ${byline}`);
      const mail = page.locator(`.byline a[href="mailto:${ARTICLE.email}"]`);
      assert.ok(
        (await mail.count()) > 0 && (await mail.first().isVisible()),
        `no visible .byline a[href="mailto:${ARTICLE.email}"]`,
      );
      const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
      assert.ok(text.includes(ARTICLE.published), `no "${ARTICLE.published}"`);
      assert.ok(
        (await textOf(page, '.dateline')).includes(ARTICLE.dateline),
        'dateline',
      );
    });

    test('shows the reporter box and the legal footer', async () => {
      const box = await textOf(page, '.reporter-box');
      assert.ok(box.includes(ARTICLE.bio), `reporter box: ${box}`);
      const footer = await textOf(page, 'footer.site-footer');
      assert.ok(footer.includes('등록번호'), `footer: ${footer}`);
    });

    test('share links carry the article URL and title', async () => {
      const articleUrl = server.url + ARTICLE.path;
      // name: [selector, URL parameter, title parameter or null]
      const shares = {
        facebook: ['a.share-facebook', 'u', null],
        x: ['a.share-x', 'url', 'text'],
        kakaostory: ['a.share-kakaostory', 'url', null],
        naverblog: ['a.share-naverblog', 'url', 'title'],
      };
      for (const [site, [selector, urlParam, titleParam]] of Object.entries(
        shares,
      )) {
        const links = page.locator(selector);
        const n = await links.count();
        assert.ok(n > 0, `no ${selector}`);
        assert.ok(await links.first().isVisible(), `${selector} not visible`);
        for (let i = 0; i < n; i++) {
          const href = await links.nth(i).getAttribute('href');
          const url = new URL(href, server.url);
          assert.equal(url.protocol, 'https:', `${site} share link ${href}`);
          assert.equal(
            url.searchParams.get(urlParam),
            articleUrl,
            `${site} share link ${href}: ${urlParam}=`,
          );
          if (titleParam) {
            assert.ok(
              (url.searchParams.get(titleParam) ?? '').includes(ARTICLE.title),
              `${site} share link ${href}: ${titleParam}= lacks the title`,
            );
          }
        }
      }
    });

    test('the skip link is the first Tab stop and jumps to the article body', async () => {
      // Start from a fresh load so nothing has focus yet.
      await page.goto(server.url + ARTICLE.path, { waitUntil: 'load' });
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        const r = el.getBoundingClientRect();
        return {
          tag: el.tagName.toLowerCase(),
          className: el.className,
          href: el.getAttribute('href'),
          text: el.textContent.trim(),
          visible: r.width > 0 && r.height > 0 && r.bottom > 0 &&
            r.top < window.innerHeight,
        };
      });
      assert.equal(focused.tag, 'a', `first Tab focused ${JSON.stringify(focused)}`);
      assert.ok(
        String(focused.className).split(/\s+/).includes('skip-link'),
        `first Tab focused ${JSON.stringify(focused)}`,
      );
      assert.equal(focused.href, '#article-body');
      assert.equal(focused.text, '본문 바로가기');
      assert.ok(focused.visible, 'the focused skip link is not shown on screen');

      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () => location.hash === '#article-body' ||
          document.activeElement?.id === 'article-body',
        null,
        { timeout: 5000 },
      );
      const target = await page.evaluate(() => {
        const el = document.getElementById('article-body');
        if (!el) {
          return null;
        }
        const r = el.getBoundingClientRect();
        return {
          activeId: document.activeElement?.id ?? '',
          hash: location.hash,
          top: r.top,
          bottom: r.bottom,
          innerHeight: window.innerHeight,
        };
      });
      assert.ok(target, 'no #article-body element');
      assert.ok(
        target.activeId === 'article-body' || target.hash === '#article-body',
        `after Enter: ${JSON.stringify(target)}`,
      );
      assert.ok(
        target.top < target.innerHeight && target.bottom > 0,
        `#article-body is not in the viewport: ${JSON.stringify(target)}`,
      );
    });

    test('fits the screen width and breaks no CSP rule', async () => {
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      assert.ok(
        widths.scroll <= widths.client + 1,
        `page scrolls sideways: ${JSON.stringify(widths)}`,
      );
      assert.deepEqual(problems, []);
    });
  });
}

describe('accessibility (axe-core): no serious or critical violations', () => {
  let context;
  let axeSource;

  before(async () => {
    axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    // The site's CSP allows only its own scripts; the audit script is
    // injected inline, so this context alone bypasses the CSP.
    context = await browser.newContext({
      ...VIEWPORTS.desktop,
      bypassCSP: true,
      locale: 'ko-KR',
    });
  });

  after(async () => {
    await context?.close();
  });

  for (const urlPath of AXE_PAGES) {
    test(urlPath, async () => {
      const page = await open(context, urlPath);
      await page.addScriptTag({ content: axeSource });
      const results = await page.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document, { resultTypes: ['violations'] }),
      );
      await page.close();
      const bad = results.violations.filter(
        (v) => v.impact === 'serious' || v.impact === 'critical',
      );
      const report = bad.map((v) => {
        const nodes = v.nodes.slice(0, 5).map(
          (node) => `    at ${node.target.join(' ')}\n      ` +
            String(node.failureSummary).replace(/\n/g, '\n      '),
        );
        const more = v.nodes.length > 5
          ? `\n    ... ${v.nodes.length - 5} more`
          : '';
        return `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n` +
          nodes.join('\n') + more;
      });
      assert.equal(
        bad.length,
        0,
        `axe found ${bad.length} serious/critical problems on ${urlPath}:\n` +
          report.join('\n'),
      );
    });
  }
});
