// Fresh accounts and the automatic 임시조치 (issue 8, section 2): five
// accounts signed up a minute earlier were enough to blind someone's
// comment. Now an account's report counts toward report_blind_threshold
// only once the account is report_min_account_age_hours old (24 by
// default); a guest's counts once per network, as before.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get } from '../lib/server.mjs';
import {
  RELAXED, commentHtml, guestComment, jar, send, setSetting, signUp, sql, startCommentServer,
} from '../comments/lib.mjs';

let server;

before(async () => {
  server = await startCommentServer(RELAXED);
});

after(async () => {
  await server?.stop();
});

/** True when comment 'cid' on article 'aid' shows as blinded. */
async function blinded(aid, cid) {
  const html = commentHtml((await get(`${server.url}/article/${aid}`)).body, cid);
  return /임시조치된 댓글입니다/.test(html);
}

test('five fresh accounts cannot blind a comment; aged ones and a guest can', async () => {
  const cid = await guestComment(server, jar(), 5, '누군가의 정당한 의견');
  const members = [];
  for (let i = 0; i < 5; i++) {
    const j = jar();
    const id = await signUp(server, j, `fresh${i}`, `새회원${i}`);
    members.push({ j, id });
    const res = await send(server, j, `/comment/${cid}/report`, { reason: 'defamation' });
    assert.equal(res.status, 200, `report ${i}`);
  }
  assert.equal(await blinded(5, cid), false, 'five fresh accounts: still shown');
  assert.equal(await sql(server, `SELECT count(*) FROM takedowns WHERE comment_id = ${cid}`), '0');

  // Four of them a day old, and one guest network: five that count.
  const ids = members.slice(0, 4).map((m) => m.id).join(', ');
  await sql(server, `UPDATE accounts SET created_at = created_at - 90000 WHERE id IN (${ids})`);
  const res = await send(server, jar(), `/comment/${cid}/report`, { reason: 'defamation' });
  assert.equal(res.status, 200);
  assert.equal(await blinded(5, cid), true, 'four aged accounts and a guest blind it');
  assert.match(await sql(server, `SELECT reason FROM takedowns WHERE comment_id = ${cid}`), /신고 5건 누적/);
});

test('report_min_account_age_hours=0 counts every account again', async () => {
  await setSetting(server, 'report_min_account_age_hours', '0');
  await setSetting(server, 'report_blind_threshold', '2');
  const cid = await guestComment(server, jar(), 6, '또 다른 의견');
  for (let i = 0; i < 2; i++) {
    const j = jar();
    await signUp(server, j, `zero${i}`, `영회원${i}`);
    assert.equal((await send(server, j, `/comment/${cid}/report`, { reason: 'spam' })).status, 200);
  }
  assert.equal(await blinded(6, cid), true);
});
