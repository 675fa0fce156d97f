// PostgreSQL's plan for the comments' first page under an article, when
// one article holds nearly every comment (a comment flood on the story
// that leads Naver; docs/store.md "Generic plans").  The statistics then
// say "an article has thousands of comments", and the old statement
// (ORDER BY id, a LIMIT parameter, a count subquery) got a generic plan
// that walked the whole primary key backwards, or none at all: the server
// planned every execution anew.  With 10,000 comments the next statement
// walked comments_by_parent (then holding roots too) through every
// article's roots.  Each made every other article page slower.  The
// statement must keep one generic plan that walks comments_by_thread.
// auto_explain (PostgreSQL's contrib, loaded for the test database's
// sessions) writes each execution's plan to the server log, which the
// test reads.  A PostgreSQL of the test's own, so it runs
// in both passes of make test.  The first test floods before any
// ANALYZE (statistics from sinmun demo only: docs/store.md
// "Statistics"); the last holds the section lists to one ordered index
// walk each (migration 17).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { dbQuery, get, startServer } from '../lib/server.mjs';
import { ownPostgres } from './lib.mjs';

/** Comments put under the one busy article (at 3,000 the planner still
 *  chose comments_by_thread over the comments_by_parent of migration 6). */
const FLOOD = 10000;
/** Uncached article pages read after it: enough for the pooled
 *  connections to pass PostgreSQL's five custom plans. */
const READS = 60;

/** Articles added for the section lists' test. */
const GROWN = 20000;

let pg;
let server;

before(async () => {
  pg = await ownPostgres();
  const admin = pg.url.replace(':///sinmun?', ':///postgres?');
  await dbQuery(admin, "ALTER DATABASE sinmun SET session_preload_libraries = 'auto_explain'");
  await dbQuery(admin, 'ALTER DATABASE sinmun SET auto_explain.log_min_duration = 0');
  server = await startServer({ dbPath: pg.url, settings: { cache: 'off' } });
});

after(async () => {
  await server?.stop();
  await pg?.remove();
});

/** The server log's length now: loggedPlans() from there on. */
async function logMark() {
  return (await readFile(path.join(pg.dir, 'server.log'), 'utf8')).length;
}

/** The plans auto_explain logged for statements whose text 'match'es,
 *  oldest first (each: the query text and the plan under it), after the
 *  log's first 'from' characters. */
async function loggedPlans(match, from = 0) {
  const log = (await readFile(path.join(pg.dir, 'server.log'), 'utf8')).slice(from);
  return log.split(/\n(?=\S)/)
    .filter((entry) => entry.includes('  plan:') && match.test(entry));
}

const FIRST_PAGE = /Query Text: SELECT id, article_id, parent_id[^\n]*FROM comments WHERE article_id = \$1/;

test('a comment flood before autovacuum comes: other articles do not read every comment', async () => {
  // The server's plans are made on the fresh demo, which has no comments;
  // then one article gets thousands, and autovacuum has not analyzed them
  // yet.  A table ANALYZEd while empty is planned as empty: a sequential
  // read, which then read every comment of the flood on every page.
  for (let i = 0; i < READS; i++) {
    assert.equal((await get(server.url + '/article/1')).status, 200);
  }
  await server.sql(
    "INSERT INTO comments(article_id, author_name, body, created_at, network) " +
    `SELECT 5, '손님', '댓글 ' || g, 1600000000 + g, '' FROM generate_series(1, ${FLOOD}) g`);
  const mark = await logMark();
  for (let i = 0; i < READS; i++) {
    assert.equal((await get(server.url + '/article/1')).status, 200);
  }
  const plans = await loggedPlans(FIRST_PAGE, mark);
  assert.ok(plans.length >= READS, `${plans.length} plans of the first page logged`);
  for (const plan of plans) {
    const body = plan.slice(plan.indexOf('\n'));
    assert.doesNotMatch(body, /Seq Scan on comments/, plan);
  }
});

test('a comment flood on one article: the others keep one index walk for their first page', async () => {
  await server.sql(
    "INSERT INTO comments(article_id, author_name, body, created_at, network) " +
    `SELECT 5, '손님', '댓글 ' || g, 1700000000 + g, '' FROM generate_series(1, ${FLOOD}) g`);
  await server.sql('ANALYZE comments');
  const mark = await logMark();
  for (let i = 0; i < READS; i++) {
    const res = await get(server.url + '/article/1');
    assert.equal(res.status, 200);
    assert.match(res.body, /첫 댓글을 남겨 주세요/);
  }
  const plans = await loggedPlans(FIRST_PAGE, mark);
  assert.ok(plans.length >= READS, `${plans.length} plans of the first page logged`);
  // Each server connection (a backend, its pid in the log line) plans a
  // prepared statement for its parameters five times, then keeps one
  // generic plan if that is not dearer.
  const byBackend = new Map();
  for (const plan of plans) {
    const pid = /\[(\d+)\]/.exec(plan)[1];
    byBackend.set(pid, [...(byBackend.get(pid) ?? []), plan]);
  }
  let generic = 0;
  for (const list of byBackend.values()) {
    list.forEach((plan, i) => {
      const body = plan.slice(plan.indexOf('\n'));
      assert.match(body, /comments_by_thread/, plan);
      assert.doesNotMatch(body, /comments_pkey|comments_by_parent|Seq Scan on comments|Sort/, plan);
      if (i >= 5) {
        // A generic plan ($1), not one made anew for this article's id.
        assert.match(body, /Index Cond: \(\(article_id = \$1\)/, plan);
        generic++;
      }
    });
  }
  assert.ok(generic > 0, 'no connection ran the statement more than five times');
});

test('a section page and the pages after it walk articles_by_section in (time, id) order, without a sort', async () => {
  // Lists are ordered and paged by (published_at, id) (web/keyset.h);
  // before migration 17 the index ended in published_at and every page's
  // rows were sorted again by id (an Incremental Sort).  A paper's size,
  // not the demo's: on 131 analyzed articles reading the table whole and
  // sorting it is rightly the cheaper plan (the demo is analyzed since
  // sinmun demo runs ANALYZE).
  await server.sql(
    'INSERT INTO articles(section_id, author_id, status, title, subtitle, dateline,' +
    ' body_md, body_html, published_at, created_at, updated_at)' +
    " SELECT a.section_id, a.author_id, 'published', a.title, a.subtitle, a.dateline," +
    ' a.body_md, a.body_html, a.published_at - g * 600, 0, 0' +
    ` FROM generate_series(1, ${GROWN}) g JOIN articles a ON a.id = 2 + g % 130`);
  await server.sql('ANALYZE articles');
  const first = await get(server.url + '/section/industry1');
  assert.equal(first.status, 200);
  const next = /<a href="([^"]*)" rel="next">/.exec(first.body)?.[1].replaceAll('&amp;', '&');
  assert.ok(next, 'the section has a next page');
  for (let i = 0; i < READS; i++) {
    for (const url of ['/section/industry1', next]) {
      const res = await get(server.url + url);
      assert.equal(res.status, 200, url);
    }
  }
  const plans = await loggedPlans(/Query Text: SELECT [^\n]*FROM articles a[^\n]*AND a\.section_id = \$1/);
  assert.ok(plans.length >= 2 * READS, `${plans.length} plans of the section's rows logged`);
  let section = 0;
  for (const plan of plans) {
    const body = plan.slice(plan.indexOf('\n'));
    assert.doesNotMatch(body, /Sort|Seq Scan on articles/, plan);
    if (/a\.published_at = \$2/.test(plan)) {
      // The rest of one second (web/keyset.c): either index gives those
      // few rows in (time, id) order.
      assert.match(body, /Index Scan Backward using articles_by_(section|status) on articles/, plan);
    } else {
      assert.match(body, /Index Scan Backward using articles_by_section on articles/, plan);
      section++;
    }
  }
  assert.ok(section >= 2 * READS, `${section} walks of articles_by_section`);
});
