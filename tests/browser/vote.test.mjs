// Browser test of 공감/비공감 on a page cached for everyone (issue 8,
// section 2): its CSRF field is empty, so static/forms.js stops the first
// submit, fetches a token and sends the form again. It used to resend with
// form.submit(), which drops the pressed button's name=value, so the first
// click on a fresh page answered 400 "공감 또는 비공감을 골라 주십시오.".
// Here a reader who never touched a form clicks each button once.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser } from './lib.mjs';
import { RELAXED, guestComment, jar, startCommentServer } from '../http/comments/lib.mjs';

let server;
let browser;
let cidUp;
let cidDown;

before(async () => {
  server = await startCommentServer(RELAXED);
  browser = await launchBrowser();
  const author = jar();
  cidUp = await guestComment(server, author, 1, '공감을 받을 댓글');
  cidDown = await guestComment(server, author, 1, '비공감을 받을 댓글');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Click 'button' in comment 'cid' on a fresh page; resolves the page. */
async function voteOnFreshPage(cid, button) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(String(err)));
  await page.goto(server.url + '/article/1', { waitUntil: 'load' });
  const vote = page.locator(`#comment-${cid} form.comment-vote`);
  assert.equal(await vote.locator('input[name="csrf"]').inputValue(), '', 'no token yet');
  // The POST and the page it leads to (the vote's 303, or its error page).
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/comment/${cid}/vote`)),
    page.waitForNavigation({ waitUntil: 'load' }),
    vote.locator(button).click(),
  ]);
  return { context, page, answer, problems };
}

test('the first 공감 click on a freshly loaded page counts', async () => {
  const { context, page, answer, problems } = await voteOnFreshPage(cidUp, 'button.vote-up');
  assert.equal(answer.status(), 303, 'the vote was taken');
  assert.equal(new URL(page.url()).hash, `#comment-${cidUp}`);
  assert.equal((await page.locator(`#comment-${cidUp} .vote-up .vote-count`).textContent()).trim(), '1');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the first 비공감 click on a freshly loaded page counts as 비공감', async () => {
  const { context, page, answer, problems } = await voteOnFreshPage(cidDown, 'button.vote-down');
  assert.equal(answer.status(), 303, 'the vote was taken');
  assert.equal((await page.locator(`#comment-${cidDown} .vote-down .vote-count`).textContent()).trim(), '1');
  assert.equal((await page.locator(`#comment-${cidDown} .vote-up .vote-count`).textContent()).trim(), '0');
  assert.deepEqual(problems, []);
  await context.close();
});
