// /newsroom/admin/settings (issue 9, point 7): the settings that needed
// `sinmun settings set` — 제호, tagline, the legal footer, the privacy
// policy, feed_full_text — edited in the browser: each field checked with a
// Korean message and by the key's own rule, the form kept on error, one
// audit row per changed key, and every page changed within a second.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { ROOT, get, serverBinary, startServer, validateHtml } from '../lib/server.mjs';
import {
  accounts, auditSince, fieldError, inputValue, lastAudit, send, sql, textareaValue, validPage,
} from './admin_lib.mjs';

const exec = promisify(execFile);

let server;
let who;

before(async () => {
  server = await startServer({ settings: { cache: 'on' } });
  who = await accounts(server);
});

after(async () => {
  await server?.stop();
});

/** The form's fields as stored now (what the page shows). */
async function stored() {
  const html = await validPage(server, who.admin, '/newsroom/admin/settings');
  const fields = {};
  for (const m of html.matchAll(/<input id="setting-([a-z_]+)" name="[^"]*" type="text" value="([^"]*)"/g)) {
    fields[m[1]] = m[2].replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
  }
  fields.privacy_policy = textareaValue(html, 'setting-privacy_policy');
  fields.feed_full_text = /name="feed_full_text" value="on" checked/.test(html) ? 'on' : 'off';
  return fields;
}

test('the page shows what is stored', async () => {
  const f = await stored();
  assert.equal(f.site_name, '산업일보');
  assert.equal(f.phone, '02-0000-0000 (가상)');
  assert.equal(f.privacy_url, '/privacy');
  assert.match(f.privacy_policy, /sinmun 데모입니다/);
  assert.equal(f.feed_full_text, 'off');
  const html = await validPage(server, who.admin, '/newsroom/admin/settings');
  assert.match(html, /<a href="\/newsroom\/moderation\/policy">댓글 운영 원칙<\/a>/);
});

test('refused values come back as typed, each with its message; nothing is written', async () => {
  const audit0 = await lastAudit(server);
  const f = await stored();
  const res = await send(server, who.admin, '/newsroom/admin/settings', {
    ...f,
    site_name: '  ',
    site_tagline: '첫 줄\n둘째 줄',
    phone: '가'.repeat(201),
    privacy_url: 'javascript:alert(1)',
    privacy_policy: '가'.repeat(1400),
    feed_full_text: 'maybe',
    publisher: '<script>새 발행인</script>',
  });
  assert.equal(res.status, 422);
  assert.deepEqual(await validateHtml(res.body), []);
  assert.equal(fieldError(res.body, 'setting-site_name-error'), '제호를 적어 주십시오.');
  assert.equal(fieldError(res.body, 'setting-site_tagline-error'), '한 줄 소개는 한 줄로 적어 주십시오.');
  assert.equal(fieldError(res.body, 'setting-phone-error'), '전화는 200자까지입니다. 지금 201자입니다.');
  assert.equal(fieldError(res.body, 'setting-privacy_url-error'),
    '개인정보처리방침 주소는 /privacy 같은 사이트 안의 경로나 http(s)://로 시작하는 주소입니다.');
  assert.equal(fieldError(res.body, 'setting-privacy_policy-error'),
    '개인정보처리방침 본문은 4000바이트(한글 약 1333자)까지입니다. 지금 4200바이트입니다.');
  assert.equal(fieldError(res.body, 'setting-feed_full_text-error'), '싣기와 싣지 않기 가운데 하나를 골라 주십시오.');
  assert.equal(fieldError(res.body, 'setting-publisher-error'), null);
  // What was typed, all of it, escaped.
  assert.equal(inputValue(res.body, 'setting-phone'), '가'.repeat(201));
  assert.equal(inputValue(res.body, 'setting-privacy_url'), 'javascript:alert(1)');
  assert.equal(inputValue(res.body, 'setting-publisher'), '<script>새 발행인</script>');
  assert.match(res.body, /value="&lt;script&gt;새 발행인&lt;\/script&gt;"/);
  assert.equal(textareaValue(res.body, 'setting-privacy_policy'), '가'.repeat(1400));
  assert.deepEqual(await auditSince(server, audit0), []);
  assert.equal(await sql(server, "SELECT value FROM settings WHERE key = 'site_name'"), '산업일보');
});

test('a save writes the changed keys only, one audit row each, and every page shows them', async () => {
  const front0 = await get(server.url + '/');
  assert.match(front0.body, /02-0000-0000 \(가상\)/);
  const audit0 = await lastAudit(server);
  const f = await stored();
  const res = await send(server, who.admin, '/newsroom/admin/settings', {
    ...f,
    site_name: '산업신문',
    phone: '02-1234-5678',
    privacy_policy: '새 방침 첫 문단.\n둘째 문단.',
    feed_full_text: 'on',
  });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/newsroom/admin/settings?saved=1');
  const rows = await auditSince(server, audit0);
  assert.deepEqual(rows.map((r) => r[1]), ['setting:site_name', 'setting:phone', 'setting:privacy_policy', 'setting:feed_full_text']);
  assert.deepEqual(rows[0], ['setting.update', 'setting:site_name', "제호: '산업일보' → '산업신문'", 'admin1']);
  assert.equal(rows[1][2], "전화: '02-0000-0000 (가상)' → '02-1234-5678'");
  assert.match(rows[2][2], /^개인정보처리방침 본문: '이 사이트는 sinmun 데모입니다\..*…' → '새 방침 첫 문단\. 둘째 문단\.'$/);
  assert.equal(rows[3][2], "피드에 기사 전문 싣기: 'off' → 'on'");
  assert.equal(await sql(server, "SELECT value FROM settings WHERE key = 'feed_full_text'"), 'on');
  // The operator's command sees the same values.
  const { stdout } = await exec(serverBinary(), ['settings', 'list', '--db', server.dbPath], { cwd: ROOT });
  assert.match(stdout, /^site_name = 산업신문$/m);
  // Cached pages change within a second (the "site" change).
  let front;
  for (let i = 0; i < 40; i++) {
    front = await get(server.url + '/');
    if (/02-1234-5678/.test(front.body)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(front.body, /02-1234-5678/);
  assert.match(front.body, /<title>산업신문<\/title>/);
  const privacy = await get(server.url + '/privacy');
  assert.match(privacy.body, /새 방침 첫 문단/);
  // Saving the same form again changes nothing.
  const again = await send(server, who.admin, '/newsroom/admin/settings', await stored());
  assert.equal(again.status, 200);
  assert.match(again.body, /바뀐 것이 없어 저장하지 않았습니다/);
  assert.equal((await auditSince(server, audit0)).length, 4);
});
