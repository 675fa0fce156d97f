// bench/publish.mjs — publish → visible latency across two processes
// (issue 9, bench (c); issue 10 point 3): two `sinmun serve` processes on
// one database, an editor publishes on node A through the newsroom's own
// form, and node B's front page (warm in its page cache) is read every
// 5 ms until the new headline shows.  The time from A's answer to the
// publish to B showing it is one sample; ROUNDS samples, median, p90 and
// the worst.  Run by bench/publish.sh (release build; SQLite, then
// PostgreSQL when tests/pg/pgctl can start one).

import { startServer, get } from '../tests/http/lib/server.mjs';
import { act, create, form, staff } from '../tests/http/newsroom/lib.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const binary = process.env.SINMUN_BIN ?? 'build/sinmun';

const a = await startServer({ binary });
const b = await startServer({ binary, demo: false, dbPath: a.dbPath });
try {
  const desk = await staff(a, 'benchdesk', 'editor');
  const samples = [];
  for (let i = 0; i < ROUNDS; i++) {
    const title = `지연 측정 기사 ${i} ${Date.now()}`;
    const id = await create(a, desk.jar, form(desk, { title }));
    await get(b.url + '/');
    await get(b.url + '/'); // cached on B now
    const res = await act(a, desk.jar, id, 'publish');
    if (res.status !== 303) throw new Error(`publish: ${res.status}`);
    const t0 = performance.now();
    for (;;) {
      const page = await get(b.url + '/');
      if (page.body.includes(title)) break;
      if (performance.now() - t0 > 10000) throw new Error('not visible on B after 10 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    samples.push(performance.now() - t0);
  }
  samples.sort((x, y) => x - y);
  const q = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  const db = a.dbPath.startsWith('postgres') ? 'postgresql' : 'sqlite';
  console.log(`${db}: publish on A → front page of B, ${ROUNDS} rounds: ` +
    `median ${q(0.5).toFixed(0)} ms, p90 ${q(0.9).toFixed(0)} ms, worst ${samples.at(-1).toFixed(0)} ms`);
} finally {
  await b.stop();
  await a.stop();
}
