// Comment limits shared by every node (issue 10 §3): two `sinmun serve`
// processes on one database, as behind a load balancer, and requests
// alternating between them.  Each limit holds in total: the per-writer
// rate, the per-network rate and the wrong guest passwords.  (Before, each
// process counted in its own memory and let through its own quota: twice
// the limit with two nodes.)  Runs on SQLite and on PostgreSQL.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from '../lib/server.mjs';
import {
  commentIdOf, formError, jar, postComment, send, setSetting, signUp, sql,
} from './lib.mjs';

let first;
let second;

before(async () => {
  first = await startServer();
  second = await startServer({ demo: false, dbPath: first.dbPath });
  await setSetting(first, 'comment_rate_per_minute', '0');
  await setSetting(first, 'comment_network_rate_per_minute', '0');
});

after(async () => {
  await second?.stop();
  await first?.stop();
});

/** The node for the i-th request: first, second, first, … */
function node(i) {
  return i % 2 ? second : first;
}

const guest = { nickname: '손님', password: '1234' };

test('the per-writer rate holds across two nodes', async () => {
  await setSetting(first, 'comment_rate_per_minute', '4');
  const statuses = [];
  for (let i = 0; i < 8; i++) {
    const res = await postComment(node(i), jar(), 1, { ...guest, body: `두 노드 ${i}` });
    statuses.push(res.status);
    if (res.status === 429) {
      assert.match(formError(res.body), /댓글은 1분에 4개까지 쓸 수 있습니다\. \d+초 뒤에 다시 올려 주십시오/);
    }
  }
  assert.deepEqual(statuses, [303, 303, 303, 303, 429, 429, 429, 429]);
  assert.equal(await sql(first, "SELECT count(*) FROM comments WHERE body LIKE '두 노드 %'"), '4');
  await setSetting(first, 'comment_rate_per_minute', '0');
});

test('the per-network rate holds across two nodes, for members too', async () => {
  const members = [];
  for (let i = 0; i < 3; i++) {
    const j = jar();
    await signUp(node(i), j, `shared-net-${i}@example.com`, `회원${i}`);
    members.push(j);
  }
  await setSetting(first, 'comment_network_rate_per_minute', '5');
  const statuses = [];
  for (let i = 0; i < 9; i++) {
    const res = await postComment(node(i), members[i % 3], 2, { body: `네트워크 ${i}` });
    statuses.push(res.status);
    if (res.status === 429) {
      assert.match(formError(res.body), /이 네트워크에서 1분에 올릴 수 있는 댓글 5개를 모두 썼습니다/);
    }
  }
  assert.deepEqual(statuses, [303, 303, 303, 303, 303, 429, 429, 429, 429]);
  await setSetting(first, 'comment_network_rate_per_minute', '0');
});

test('wrong guest passwords are counted across two nodes', async () => {
  const cid = commentIdOf(await postComment(first, jar(), 3, { ...guest, body: '비밀번호 두 노드', password: 'secret-pw' }));
  const statuses = [];
  for (let i = 0; i < 12; i++) {
    const n = node(i);
    statuses.push((await send(n, jar(), `/comment/${cid}/delete`, { password: `guess${i}` })).status);
  }
  // Ten wrong tries a minute per network, whichever node hears them.
  assert.deepEqual(statuses, [...Array(10).fill(403), 429, 429]);
  const right = await send(second, jar(), `/comment/${cid}/delete`, { password: 'secret-pw' });
  assert.equal(right.status, 429, 'the right password waits too');
  assert.match(formError(right.body), /비밀번호가 여러 번 틀렸습니다/);
  assert.equal(await sql(first, `SELECT status FROM comments WHERE id = ${cid}`), 'visible');
});

test('the limits live in throttle_events, pruned once their minute is over', async () => {
  const n = Number(await sql(first, "SELECT count(*) FROM throttle_events WHERE key LIKE 'comment%'"));
  assert.ok(n >= 4 + 5 + 10, `${n} rows`);
  const future = Date.now() + 61_000;
  assert.equal(
    await sql(first, `SELECT count(*) FROM throttle_events WHERE key LIKE 'comment%' AND until_ms > ${future}`),
    '0',
    'every row leaves its window within a minute',
  );
});
