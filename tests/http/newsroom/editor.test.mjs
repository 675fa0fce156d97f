// The article editor over HTTP: limits with Korean messages that keep what
// was typed; the preview (the public page's template under a banner,
// noindex, never stored); revisions, the word diff of any two and the
// restore of one as a new revision; two people saving at once (the
// second gets 409 with both texts and keeps their text); autosaves (per
// person, never the article, offered back when newer); escaping of what
// reporters type.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { validateHtml } from '../lib/server.mjs';
import {
  act, create, edit, form, formError, inputValue, page, send, sql, staff, startNewsroomServer, status, stored,
  textareaText,
} from './lib.mjs';

let server;
let rep;
let desk;
let desk2;

before(async () => {
  server = await startNewsroomServer();
  rep = await staff(server, 'rep', 'reporter', '홍보영');
  desk = await staff(server, 'desk', 'editor', '이데스크');
  desk2 = await staff(server, 'desk2', 'editor', '박데스크');
});

after(async () => {
  await server?.stop();
});

test('every limit is refused with a Korean message, and the form comes back as typed', async () => {
  const long = (n, ch = '가') => ch.repeat(n);
  const cases = [
    [{ title: '' }, '제목을 적어 주십시오.', 'f-title'],
    [{ title: long(101) }, '제목은 100자까지입니다. 지금 101자입니다.', 'f-title'],
    [{ subtitle: long(301) }, '부제는 300자까지입니다. 지금 301자입니다.', 'f-subtitle'],
    [{ subtitle: '1\n2\n3\n4\n5\n6' }, '부제는 5줄까지입니다. 지금 6줄입니다.', 'f-subtitle'],
    [{ dateline: long(51) }, '발신지는 50자까지입니다. 지금 51자입니다.', 'f-dateline'],
    [{ summary: long(301) }, '요약은 300자까지입니다. 지금 301자입니다.', 'f-summary'],
    [{ keywords: Array.from({ length: 21 }, (_, i) => `키${i}`).join(',') }, '키워드는 20개까지입니다.', 'f-keywords'],
    [{ keywords: `짧은, ${long(31)}` }, `키워드 하나는 30자까지입니다: ‘${long(31)}’`, 'f-keywords'],
    [{ keywords: '반도체, 수출, 반도체' }, '같은 키워드가 두 번 있습니다: ‘반도체’', 'f-keywords'],
    [{ body: long(100001) }, '본문은 100000자까지입니다. 지금 100001자입니다.', 'f-body'],
    [{ section: '' }, '섹션을 골라 주십시오.', 'f-section'],
    [{ section: '9999' }, '섹션을 골라 주십시오.', 'f-section'],
    [{ author1: '' }, '기자를 한 명 이상 골라 주십시오.', 'f-author-1'],
    [{ author1: '99999' }, '기자 목록에 없는 사람입니다.', 'f-author-1'],
    [{ author2: 'REP' }, '같은 기자를 두 번 고를 수 없습니다.', 'f-author-1'],
  ];
  for (const [over, message, field] of cases) {
    const fields = form(rep, { title: '한도 시험 <b>제목</b>', ...over });
    if (fields.author2 === 'REP') {
      fields.author2 = String(rep.personId);
    }
    const res = await send(server, rep.jar, '/newsroom/articles/new', fields);
    assert.equal(res.status, 422, message);
    assert.equal(formError(res.body).replace(/\s*고칠 곳으로$/, ''), message);
    assert.match(res.body, new RegExp(`<a href="#${field}">고칠 곳으로</a>`), message);
    // Nothing typed is lost: every field comes back as it was sent.
    assert.equal(inputValue(res.body, 'title'), fields.title, message);
    assert.equal(textareaText(res.body, 'subtitle'), fields.subtitle, message);
    assert.equal(textareaText(res.body, 'body'), fields.body, message);
    assert.equal(textareaText(res.body, 'summary'), fields.summary, message);
    assert.equal(inputValue(res.body, 'keywords'), fields.keywords, message);
    assert.equal(inputValue(res.body, 'dateline'), fields.dateline, message);
  }
  assert.equal(await sql(server, `SELECT count(*) FROM articles WHERE title LIKE '한도 시험%'`), '0');
  // Exactly at the limits is fine, and CRLF counts as one line break.
  const id = await create(server, rep.jar, form(rep, {
    title: long(100), subtitle: '1\r\n2\r\n3\r\n4\r\n5', dateline: long(50), summary: long(300),
    keywords: Array.from({ length: 20 }, (_, i) => `키워드${i}`).join(', '), body: long(100000),
  }));
  assert.equal(await sql(server, `SELECT length(subtitle) FROM articles WHERE id = ${id}`), '9');
});

test('the editor shows the body\'s length and 원고지 매수 as the server counts them', async () => {
  // 201 characters with spaces, two line breaks that do not count.
  const body = `${'가'.repeat(100)}\n\n${'나 '.repeat(50)}다`;
  const id = await create(server, rep.jar, form(rep, { title: '원고지', body }));
  const html = (await page(server, `/newsroom/articles/${id}/edit`, rep.jar)).body;
  assert.match(html, /<span class="count-chars">201<\/span>자 · 원고지 <span class="count-sheets">2<\/span>매/);
});

test('the preview is the public article page under a banner, never stored and never indexed', async () => {
  const id = await create(server, rep.jar, form(rep, {
    title: '미리보기 기사', body: '## 소제목\n\n**굵은** 본문과 [링크](https://example.com).',
  }));
  const res = await page(server, `/newsroom/articles/${id}/preview`, rep.jar);
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  assert.equal(res.headers['x-robots-tag'], 'noindex, nofollow');
  assert.match(res.headers['cache-control'], /no-store/);
  assert.match(res.body, /<meta name="robots" content="noindex, nofollow">/);
  assert.match(res.body, /<strong class="preview-label">미리보기<\/strong> 작성중 · 1판/);
  assert.match(res.body, /아직 독자에게 보이지 않습니다/);
  // The public page's own markup: title, byline, rendered Markdown.
  assert.match(res.body, /<h1 id="article-title" class="article-title">미리보기 기사<\/h1>/);
  assert.match(res.body, /<h2>소제목<\/h2>\n<p><strong>굵은<\/strong> 본문과 <a href="https:\/\/example.com">링크<\/a>\.<\/p>/);
  assert.match(res.body, /홍보영 기자/);
  // Readers still get a 404, and after publishing the page's article
  // part is the same as the preview's.
  assert.equal((await page(server, `/article/${id}`)).status, 404);
  await act(server, desk.jar, id, 'publish');
  const pub = (await page(server, `/article/${id}`)).body;
  const part = (html) => /<article class="article"[\s\S]*?<div id="article-body"[\s\S]*?<\/div>/.exec(html)[0];
  const preview = (await page(server, `/newsroom/articles/${id}/preview`, rep.jar)).body;
  assert.equal(part(preview), part(pub));
  assert.match(preview, /독자에게 보이는 기사입니다/);
});

test('every save is a revision; any two compare side by side word by word; any one comes back as a new revision', async () => {
  const id = await create(server, rep.jar, form(rep, {
    title: '정부 정책 발표', body: '정부는 오늘 정책을 발표했다. 2024년 AI반도체 예산은 3.5조원이다.',
  }));
  let res = await edit(server, rep.jar, id, {
    title: '정부 새 정책 발표', body: '정부는 오늘 새로운 정책을 발표했다. 2025년 AI반도체 예산은 4.1조원이다.',
  });
  assert.equal(res.status, 303);
  res = await edit(server, rep.jar, id, { keywords: '정책' });
  assert.equal(res.status, 303);
  // A save that changes nothing makes no revision.
  res = await edit(server, rep.jar, id);
  assert.equal(res.headers.location, `/newsroom/articles/${id}/edit?done=same`);

  res = await page(server, `/newsroom/articles/${id}/revisions`, rep.jar);
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  const rows = [...res.body.matchAll(/<th scope="row">(\d+)판/g)].map((m) => Number(m[1]));
  assert.deepEqual(rows, [3, 2, 1]);
  assert.match(res.body, /저장 · 제목·본문 고침/);
  assert.match(res.body, /저장 · 키워드 고침/);
  assert.match(res.body, /저장 · 새 기사/);

  res = await page(server, `/newsroom/articles/${id}/revisions/diff?a=1&b=2`, rep.jar);
  assert.equal(res.status, 200);
  assert.deepEqual(await validateHtml(res.body), []);
  const body = /<section class="diff-field" aria-label="본문 비교">[\s\S]*?<\/section>/.exec(res.body)[0];
  assert.match(body, /<p class="diff-text">정부는 오늘 정책을 발표했다\. <del>2024년<\/del> AI반도체 예산은 <del>3<\/del>\.<del>5조원이다<\/del>\.<\/p>/);
  assert.match(body, /<p class="diff-text">정부는 오늘 <ins>새로운 <\/ins>정책을 발표했다\. <ins>2025년<\/ins> AI반도체 예산은 <ins>4<\/ins>\.<ins>1조원이다<\/ins>\.<\/p>/);
  assert.match(res.body, /aria-label="제목 비교"/);
  assert.doesNotMatch(res.body, /aria-label="키워드 비교"/);
  // Any two, either way round; a missing one is a 404.
  res = await page(server, `/newsroom/articles/${id}/revisions/diff?a=3&b=1`, rep.jar);
  assert.match(res.body, /aria-label="키워드 비교"/);
  assert.equal((await page(server, `/newsroom/articles/${id}/revisions/diff?a=1&b=9`, rep.jar)).status, 404);
  assert.equal((await page(server, `/newsroom/articles/${id}/revisions/diff?a=x&b=1`, rep.jar)).status, 400);

  res = await send(server, rep.jar, `/newsroom/articles/${id}/revisions/1/restore`, { base_version: '3' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/newsroom/articles/${id}/edit?done=restore`);
  assert.equal(await sql(server, `SELECT title || '|' || version FROM articles WHERE id = ${id}`), '정부 정책 발표|4');
  assert.equal(await sql(server, `SELECT kind || '|' || note FROM article_revisions WHERE article_id = ${id} AND version = 4`),
    'restore|1판으로 되돌림 · 제목·키워드·본문 고침');
  // Nothing was deleted: all four are there.
  assert.equal(await sql(server, `SELECT count(*) FROM article_revisions WHERE article_id = ${id}`), '4');
});

test('two people save at once: the second gets 409 with both texts as a diff and their own text kept', async () => {
  const id = await create(server, rep.jar, form(rep, { title: '동시 편집', body: '첫 문장입니다. 둘째 문장입니다.' }));
  await act(server, rep.jar, id, 'submit');
  // Both desks open version 2.
  const base = await stored(server, id);
  assert.equal(base.base_version, '2');
  let res = await send(server, desk.jar, `/newsroom/articles/${id}/edit`, {
    ...base, body: '첫 문장입니다. 이데스크가 고친 둘째 문장입니다.',
  });
  assert.equal(res.status, 303);
  const mine = '첫 문장입니다. 박데스크가 쓴 둘째 문장입니다.';
  res = await send(server, desk2.jar, `/newsroom/articles/${id}/edit`, { ...base, body: mine, title: '동시 편집 (박)' });
  assert.equal(res.status, 409);
  assert.deepEqual(await validateHtml(res.body), []);
  assert.match(formError(res.body), /다른 사람이 먼저 저장했습니다/);
  assert.match(res.body, /이데스크 님이 [0-9: -]+에 3판을 저장했습니다/);
  const bodyDiff = /<section class="diff-field" aria-label="본문 비교">[\s\S]*?<\/section>/.exec(res.body)[0];
  assert.match(bodyDiff, /저장된 글 \(3판\)<\/p><p class="diff-text">첫 문장입니다\. <del>이데스크가 고친<\/del> 둘째 문장입니다\.<\/p>/);
  assert.match(bodyDiff, /내가 쓴 글[^<]*<\/p><p class="diff-text">첫 문장입니다\. <ins>박데스크가 쓴<\/ins> 둘째 문장입니다\.<\/p>/);
  // My text is in the form, based on version 3 so the next save goes on top.
  assert.equal(textareaText(res.body, 'body'), mine);
  assert.equal(inputValue(res.body, 'title'), '동시 편집 (박)');
  assert.equal(inputValue(res.body, 'base_version'), '3');
  assert.equal(await sql(server, `SELECT body_md FROM articles WHERE id = ${id}`), '첫 문장입니다. 이데스크가 고친 둘째 문장입니다.');
  res = await send(server, desk2.jar, `/newsroom/articles/${id}/edit`, { ...base, base_version: '3', body: mine });
  assert.equal(res.status, 303);
  assert.equal(await sql(server, `SELECT body_md FROM articles WHERE id = ${id}`), mine);
});

test('a state change in between is no conflict: only someone else\'s text is', async () => {
  const id = await create(server, rep.jar, form(rep, { title: '상태만 바뀜' }));
  const base = await stored(server, id); // version 1, a draft
  await act(server, rep.jar, id, 'submit'); // version 2, same text
  const res = await send(server, desk.jar, `/newsroom/articles/${id}/edit`, { ...base, title: '데스크가 고친 제목' });
  assert.equal(res.status, 303);
  assert.equal(await sql(server, `SELECT title || '|' || status FROM articles WHERE id = ${id}`), '데스크가 고친 제목|review');
});

test('an autosave is kept per person, never in the article; the editor offers the newer one back', async () => {
  const id = await create(server, rep.jar, form(rep, { title: '자동 저장', body: '저장된 본문' }));
  const fields = await stored(server, id);
  let res = await send(server, rep.jar, `/newsroom/articles/${id}/autosave`, { ...fields, body: '자동 저장된 본문 <script>x</script>' });
  assert.equal(res.status, 200);
  let j = JSON.parse(res.body);
  assert.equal(j.ok, true);
  assert.equal(j.stale, false);
  assert.equal(await sql(server, `SELECT body_md FROM articles WHERE id = ${id}`), '저장된 본문');
  assert.equal(await sql(server, `SELECT count(*) FROM article_revisions WHERE article_id = ${id}`), '1');

  // The desk's own autosave does not replace the reporter's.
  res = await send(server, desk.jar, `/newsroom/articles/${id}/autosave`, { ...fields, body: '데스크의 자동 저장' });
  assert.equal(JSON.parse(res.body).ok, true);
  assert.equal(await sql(server, `SELECT count(*) FROM article_autosaves WHERE article_id = ${id}`), '2');

  // Offered on the editor; restored into the form on request.
  let html = (await page(server, `/newsroom/articles/${id}/edit`, rep.jar)).body;
  assert.match(html, /자동 저장된 글이 있습니다/);
  assert.equal(textareaText(html, 'body'), '저장된 본문');
  html = (await page(server, `/newsroom/articles/${id}/edit?autosave=1`, rep.jar)).body;
  assert.equal(textareaText(html, 'body'), '자동 저장된 본문 <script>x</script>');
  assert.doesNotMatch(html, /<script>x<\/script>/);
  assert.equal(inputValue(html, 'base_version'), '1');

  // Someone saves a newer version: the autosave still lands, and says so.
  await edit(server, desk.jar, id, { title: '데스크가 먼저' });
  res = await send(server, rep.jar, `/newsroom/articles/${id}/autosave`, { ...fields, body: '계속 쓰는 본문' });
  j = JSON.parse(res.body);
  assert.equal(j.ok, true);
  assert.equal(j.stale, true);
  assert.equal(j.version, 2);
  assert.equal(j.by, '이데스크');
  assert.equal(await sql(server, `SELECT title FROM articles WHERE id = ${id}`), '데스크가 먼저');

  // Limits hold for autosaves too; the desk's save dropped only its own.
  res = await send(server, rep.jar, `/newsroom/articles/${id}/autosave`, { ...fields, title: '가'.repeat(101) });
  assert.equal(res.status, 422);
  assert.match(JSON.parse(res.body).error, /제목은 100자까지입니다/);
  assert.equal(await sql(server, `SELECT count(*) FROM article_autosaves WHERE article_id = ${id}`), '1');

  // Discarded on request.
  res = await send(server, rep.jar, `/newsroom/articles/${id}/autosave`, { discard: '1' });
  assert.equal(res.status, 303);
  assert.equal(await sql(server, `SELECT count(*) FROM article_autosaves WHERE article_id = ${id}`), '0');
});

test('a new article\'s first autosave creates its draft and answers where it lives', async () => {
  const res = await send(server, rep.jar, '/newsroom/articles/new', form(rep, { title: '자동 저장으로 만든 초안', autosave: '1' }));
  assert.equal(res.status, 200);
  const j = JSON.parse(res.body);
  assert.equal(j.ok, true);
  assert.equal(j.version, 1);
  assert.equal(j.edit_url, `/newsroom/articles/${j.id}/edit`);
  assert.equal(j.autosave_url, `/newsroom/articles/${j.id}/autosave`);
  assert.equal(await status(server, j.id), 'draft');
  const bad = await send(server, rep.jar, '/newsroom/articles/new', form(rep, { section: '', autosave: '1' }));
  assert.equal(bad.status, 422);
  assert.equal(JSON.parse(bad.body).error, '섹션을 골라 주십시오.');
});

test('what reporters type stays text on every newsroom page', async () => {
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const id = await create(server, rep.jar, form(rep, {
    title: `제목 ${evil}`, subtitle: evil, summary: evil, keywords: `<i>태그</i>`, dateline: '<b>[x]</b>', body: `본문 ${evil}`,
  }));
  await edit(server, rep.jar, id, { body: `고친 본문 ${evil}` });
  await act(server, desk.jar, id, 'send_back', { desk_note: evil });
  for (const path of ['edit', 'preview', 'revisions', 'revisions/diff?a=1&b=2']) {
    const html = (await page(server, `/newsroom/articles/${id}/${path}`, rep.jar)).body;
    assert.ok(!html.includes('<script>alert'), path);
    assert.ok(!/<img[^>]*onerror/i.test(html), path);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), path);
  }
  const queue = (await page(server, '/newsroom', rep.jar)).body;
  assert.ok(!queue.includes('<script>alert'));
  assert.ok(queue.includes('제목 &lt;script&gt;'));
});
