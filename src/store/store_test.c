/*
 * store_test.c — unit tests for the store (store/store_sqlite.c and
 * store/migrations.c) on a temporary SQLite file: migrations on a fresh
 * and an already-migrated database, statement caching, binding and
 * reading, constraints, one statement per literal, transactions, the
 * fault-injection hook, the online backup, notifications, batches, and
 * (on PostgreSQL) how the pool treats connections the server ended and
 * statements that get no answer within the store's timeout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/timeutil.h"
#include "schema.h"
#include "store/migrations.h"
#include "store/store.h"
#include "testing/testdb.h"

/* A temporary database file for one test. */
typedef struct TempDb {
    char zPath[TESTDB_PATH_MAX]; /* the file */
    Store *pStore;               /* open pool */
    Arena a;                     /* for connections and text */
    StoreConn *c;                /* one connection */
} TempDb;

static int setup_db(void **state)
{
    TempDb *t = calloc(1, sizeof(*t));
    testdb_path(t->zPath, "store");
    assert_int_equal(store_open(t->zPath, 4, &g_schema, &t->pStore), OK);
    arena_init(&t->a);
    assert_int_equal(store_conn(t->pStore, &t->a, &t->c), OK);
    *state = t;
    return 0;
}

static int teardown_db(void **state)
{
    TempDb *t = *state;
    arena_close(&t->a);
    store_close(t->pStore);
    testdb_remove(t->zPath);
    free(t);
    return 0;
}

static int64_t count_sections(StoreConn *c)
{
    StoreStmt *st = NULL;
    assert_int_equal(store_prepare(c, "SELECT count(*) FROM sections", &st),
                     OK);
    assert_int_equal(store_step(st), STORE_ROW);
    return store_col_int(st, 0);
}

static int add_section(StoreConn *c, const char *zSlug)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c, "INSERT INTO sections(slug, name) VALUES (?, ?)", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zSlug);
    store_bind_z(st, 2, "이름");
    return store_exec(st);
}

static void test_store_fresh_database_gets_every_migration(void **state)
{
    TempDb *t = *state;
    assert_int_equal(store_schema_version(t->c), g_schema.nMigration);
    assert_int_equal(count_sections(t->c), 0);
}

static void test_store_reopening_a_migrated_database_keeps_data(void **s)
{
    TempDb *t = *s;
    assert_int_equal(add_section(t->c, "kept"), OK);
    arena_close(&t->a);
    store_close(t->pStore);
    assert_int_equal(store_open(t->zPath, 2, &g_schema, &t->pStore), OK);
    arena_init(&t->a);
    assert_int_equal(store_conn(t->pStore, &t->a, &t->c), OK);
    assert_int_equal(store_schema_version(t->c), g_schema.nMigration);
    assert_int_equal(count_sections(t->c), 1);
}

static void test_store_refuses_a_database_newer_than_the_program(void **s)
{
    TempDb *t = *s;
    StoreStmt *st = NULL;
    assert_int_equal(store_prepare(t->c,
                                   "INSERT INTO schema_migrations"
                                   "(version, applied_at) VALUES (?, 0)",
                                   &st),
                     OK);
    store_bind_int(st, 1, g_schema.nMigration + 1);
    assert_int_equal(store_exec(st), OK);
    arena_close(&t->a);
    store_close(t->pStore);
    t->pStore = NULL;
    Store *p = NULL;
    assert_int_equal(store_open(t->zPath, 1, &g_schema, &p), ERR_INVALID);
    /* Leave a usable store for the teardown. */
    testdb_remove(t->zPath);
    testdb_path(t->zPath, "store");
    assert_int_equal(store_open(t->zPath, 1, &g_schema, &t->pStore), OK);
    arena_init(&t->a);
}

static void test_store_prepare_reuses_the_statement_of_a_literal(void **s)
{
    TempDb *t = *s;
    StoreStmt *st1 = NULL, *st2 = NULL, *st3 = NULL;
    for (int i = 0; i < 2; i++) {
        assert_int_equal(store_prepare(t->c, "SELECT 1", i ? &st2 : &st1), OK);
    }
    assert_ptr_equal(st1, st2);
    assert_int_equal(store_prepare(t->c, "SELECT 2", &st3), OK);
    assert_ptr_not_equal(st1, st3);
}

static void test_store_binds_and_reads_text_numbers_and_null(void **s)
{
    TempDb *t = *s;
    StoreStmt *st = NULL;
    assert_int_equal(store_prepare(t->c, "SELECT ?, ?, ?, ?, ?", &st), OK);
    store_bind_z(st, 1, "홍보영 '기자'; -- \"%s\"");
    store_bind_int(st, 2, INT64_MAX);
    store_bind_int(st, 3, INT64_MIN);
    store_bind_null(st, 4);
    store_bind_text(st, 5, "abcdef", 3);
    assert_int_equal(store_step(st), STORE_ROW);
    assert_string_equal(store_col_text(st, 0, &t->a),
                        "홍보영 '기자'; -- \"%s\"");
    assert_true(store_col_int(st, 1) == INT64_MAX);
    assert_true(store_col_int(st, 2) == INT64_MIN);
    assert_true(store_col_null(st, 3));
    assert_string_equal(store_col_text(st, 3, &t->a), "");
    assert_string_equal(store_col_text(st, 4, &t->a), "abc");
    assert_int_equal(store_step(st), STORE_DONE);
}

static void test_store_reports_a_unique_violation(void **s)
{
    TempDb *t = *s;
    assert_int_equal(add_section(t->c, "same"), OK);
    assert_int_equal(add_section(t->c, "same"), ERR_CONSTRAINT);
    assert_int_equal(count_sections(t->c), 1);
}

static void test_store_refuses_two_statements_in_one_literal(void **s)
{
    TempDb *t = *s;
    StoreStmt *st = NULL;
    assert_int_equal(store_prepare(t->c, "SELECT 1; DELETE FROM sections", &st),
                     ERR_DB);
    assert_int_equal(store_prepare(t->c, "SELECT 1;  ", &st), OK);
}

static void test_store_rollback_discards_and_commit_keeps(void **s)
{
    TempDb *t = *s;
    assert_int_equal(store_begin(t->c), OK);
    assert_int_equal(add_section(t->c, "a"), OK);
    store_rollback(t->c);
    assert_int_equal(count_sections(t->c), 0);
    assert_int_equal(store_begin(t->c), OK);
    assert_int_equal(add_section(t->c, "b"), OK);
    assert_int_equal(store_commit(t->c), OK);
    assert_int_equal(count_sections(t->c), 1);
}

static void test_store_failed_step_leaves_nothing_half_written(void **s)
{
    TempDb *t = *s;
    /* Two inserts in one transaction; the second statement fails. */
    assert_int_equal(store_begin(t->c), OK);
    store_test_fail_after(2);
    int rc = add_section(t->c, "first");
    if (rc == OK) {
        rc = add_section(t->c, "second");
    }
    store_test_fail_after(0);
    assert_int_equal(rc, ERR_DB);
    store_rollback(t->c);
    assert_int_equal(count_sections(t->c), 0);
}

static void test_store_pool_returns_connections_with_the_arena(void **s)
{
    TempDb *t = *s;
    Arena a;
    arena_init(&a);
    StoreConn *aConn[4] = {0};
    /* One is held by the fixture; three more fit in a pool of four. */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(store_conn(t->pStore, &a, &aConn[i]), OK);
    }
    arena_close(&a);
    arena_init(&a);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(store_conn(t->pStore, &a, &aConn[i]), OK);
    }
    arena_close(&a);
}

static void test_store_conn_put_gives_back_early_and_only_once(void **s)
{
    TempDb *t = *s;
    Arena a, b, c;
    arena_init(&a);
    arena_init(&b);
    arena_init(&c);
    StoreConn *aConn[3] = {0};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(store_conn(t->pStore, &a, &aConn[i]), OK);
    }
    /* The pool is full; giving one back early lets another arena in. */
    store_conn_put(aConn[0]);
    StoreConn *pB = NULL;
    assert_int_equal(store_conn(t->pStore, &b, &pB), OK);
    assert_ptr_equal(pB, aConn[0]);
    /* Closing 'a' gives back its two others, not the one 'b' now has. */
    arena_close(&a);
    StoreConn *pC1 = NULL, *pC2 = NULL;
    assert_int_equal(store_conn(t->pStore, &c, &pC1), OK);
    assert_int_equal(store_conn(t->pStore, &c, &pC2), OK);
    assert_ptr_not_equal(pC1, pB);
    assert_ptr_not_equal(pC2, pB);
    assert_ptr_not_equal(pC1, pC2);
    store_conn_put(NULL);
    arena_close(&c);
    arena_close(&b);
}

static void test_store_backup_copies_every_row(void **s)
{
    TempDb *t = *s;
    assert_int_equal(add_section(t->c, "backed-up"), OK);
    if (store_is_pg(t->pStore)) {
        /* PostgreSQL is backed up with pg_dump (docs/operations.md). */
        assert_int_equal(store_backup(t->pStore, "/tmp/never"), ERR_INVALID);
        return;
    }
    char zCopy[TESTDB_PATH_MAX + 8];
    snprintf(zCopy, sizeof(zCopy), "%s.copy", t->zPath);
    assert_int_equal(store_backup(t->pStore, zCopy), OK);
    Store *p = NULL;
    assert_int_equal(store_open(zCopy, 1, &g_schema, &p), OK);
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    assert_int_equal(store_conn(p, &a, &c), OK);
    assert_int_equal(count_sections(c), 1);
    arena_close(&a);
    store_close(p);
    testdb_remove(zCopy);
}

/* Run 'zSql' (one row, one integer) on 'c'. */
static int64_t query_int(StoreConn *c, const char *zSql, int64_t arg)
{
    StoreStmt *st = NULL;
    int64_t n = -1;
    assert_int_equal(store_prepare_literal(c, zSql, &st), OK);
    if (arg != 0) {
        store_bind_int(st, 1, arg);
    }
    assert_int_equal(store_step_int(st, &n), OK);
    return n;
}

/* Whether a notification reaches 'l' within a few seconds. */
static bool listen_hears(StoreListener *l)
{
    for (int i = 0; i < 30; i++) {
        bool bWoken = false;
        assert_int_equal(store_listen_wait(l, 100, &bWoken), OK);
        if (bWoken) {
            return true;
        }
    }
    return false;
}

static void test_store_notify_reaches_listeners_only_on_commit(void **s)
{
    TempDb *t = *s;
    StoreListener *l = NULL;
    assert_int_equal(store_listen(t->pStore, &l), OK);
    if (!store_is_pg(t->pStore)) {
        /* SQLite: notifying does nothing, waiting only sleeps. */
        assert_int_equal(store_notify(t->c), OK);
        bool bWoken = true;
        assert_int_equal(store_listen_wait(l, 10, &bWoken), OK);
        assert_false(bWoken);
        store_listen_close(l);
        return;
    }
    /* Rolled back: nobody hears. */
    assert_int_equal(store_begin(t->c), OK);
    assert_int_equal(store_notify(t->c), OK);
    store_rollback(t->c);
    bool bWoken = true;
    assert_int_equal(store_listen_wait(l, 300, &bWoken), OK);
    assert_false(bWoken);
    /* Committed, notified three times: heard, and all consumed at once. */
    assert_int_equal(store_begin(t->c), OK);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(store_notify(t->c), OK);
    }
    assert_int_equal(store_commit(t->c), OK);
    assert_true(listen_hears(l));
    assert_int_equal(store_listen_wait(l, 200, &bWoken), OK);
    assert_false(bWoken);
    /* Outside a transaction: at once. */
    assert_int_equal(store_notify(t->c), OK);
    assert_true(listen_hears(l));
    store_listen_close(l);
}

static void test_store_listener_reports_its_lost_connection(void **s)
{
    TempDb *t = *s;
    if (!store_is_pg(t->pStore)) {
        skip();
    }
    StoreListener *l = NULL;
    assert_int_equal(store_listen(t->pStore, &l), OK);
    /* The server ends the listening session (as a restart would). */
    int64_t n = query_int(t->c,
                          "SELECT count(pg_terminate_backend(pid))"
                          " FROM pg_stat_activity"
                          " WHERE query = 'LISTEN " STORE_CHANNEL "'",
                          0);
    assert_int_equal(n, 1);
    int rc = OK;
    for (int i = 0; i < 50 && rc == OK; i++) {
        bool bWoken = false;
        rc = store_listen_wait(l, 100, &bWoken);
    }
    assert_int_equal(rc, ERR_UNAVAILABLE);
    store_listen_close(l);
    /* Listening again works. */
    assert_int_equal(store_listen(t->pStore, &l), OK);
    assert_int_equal(store_notify(t->c), OK);
    assert_true(listen_hears(l));
    store_listen_close(l);
}

static void test_store_connection_killed_mid_transaction_is_replaced(void **s)
{
    TempDb *t = *s;
    if (!store_is_pg(t->pStore)) {
        skip();
    }
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    assert_int_equal(store_conn(t->pStore, &a, &c), OK);
    int64_t pid = query_int(c, "SELECT pg_backend_pid()", 0);
    assert_int_equal(store_begin(c), OK);
    assert_int_equal(add_section(c, "half"), OK);
    assert_int_equal(
        query_int(t->c, "SELECT count(pg_terminate_backend(?))", pid), 1);
    /* The next statement finds the connection gone. */
    assert_int_equal(add_section(c, "never"), ERR_UNAVAILABLE);
    arena_close(&a);
    /* Every connection handed out from now on works, and nothing of the
       dead transaction was kept. */
    for (int i = 0; i < 4; i++) {
        arena_init(&a);
        assert_int_equal(store_conn(t->pStore, &a, &c), OK);
        assert_int_equal(count_sections(c), 0);
        arena_close(&a);
    }
}

static void
test_store_idle_connection_the_server_closed_is_not_handed_out(void **s)
{
    TempDb *t = *s;
    if (!store_is_pg(t->pStore)) {
        skip();
    }
    /* Two idle connections in the pool, then the server ends them. */
    Arena a;
    arena_init(&a);
    StoreConn *c1 = NULL, *c2 = NULL;
    assert_int_equal(store_conn(t->pStore, &a, &c1), OK);
    assert_int_equal(store_conn(t->pStore, &a, &c2), OK);
    int64_t pid1 = query_int(c1, "SELECT pg_backend_pid()", 0);
    int64_t pid2 = query_int(c2, "SELECT pg_backend_pid()", 0);
    arena_close(&a);
    assert_int_equal(
        query_int(t->c, "SELECT count(pg_terminate_backend(?))", pid1), 1);
    assert_int_equal(
        query_int(t->c, "SELECT count(pg_terminate_backend(?))", pid2), 1);
    /* Wait until both sessions are gone on the server's side. */
    for (int i = 0; i < 100; i++) {
        if (query_int(t->c,
                      "SELECT count(*) FROM pg_stat_activity WHERE pid = ?",
                      pid1) +
                query_int(t->c,
                          "SELECT count(*) FROM pg_stat_activity"
                          " WHERE pid = ?",
                          pid2) ==
            0) {
            break;
        }
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    /* The first statement on each connection taken now succeeds. */
    arena_init(&a);
    assert_int_equal(store_conn(t->pStore, &a, &c1), OK);
    assert_int_equal(store_conn(t->pStore, &a, &c2), OK);
    assert_int_equal(count_sections(c1), 0);
    assert_int_equal(count_sections(c2), 0);
    assert_int_not_equal(query_int(c1, "SELECT pg_backend_pid()", 0), pid1);
    arena_close(&a);
}

static void test_store_batch_reads_every_statement_it_sent(void **s)
{
    TempDb *t = *s;
    assert_int_equal(add_section(t->c, "industry"), OK);
    assert_int_equal(add_section(t->c, "policy"), OK);
    StoreBatch b;
    store_batch_init(&b, t->c);
    StoreStmt *stCount = NULL, *stSlug = NULL, *stNone = NULL;
    assert_int_equal(
        store_prepare(t->c, "SELECT count(*) FROM sections", &stCount), OK);
    store_batch_add(&b, stCount);
    assert_int_equal(store_prepare(t->c,
                                   "SELECT slug FROM sections WHERE slug <> ?"
                                   " ORDER BY slug",
                                   &stSlug),
                     OK);
    store_bind_z(stSlug, 1, "policy");
    store_batch_add(&b, stSlug);
    assert_int_equal(store_prepare(t->c,
                                   "SELECT slug FROM sections WHERE slug = ?",
                                   &stNone),
                     OK);
    store_bind_z(stNone, 1, "nowhere");
    store_batch_add(&b, stNone);
    assert_int_equal(store_batch_send(&b), OK);
    /* Read in another order than sent. */
    assert_int_equal(store_step(stNone), STORE_DONE);
    assert_int_equal(store_step(stSlug), STORE_ROW);
    assert_string_equal(store_col_text(stSlug, 0, &t->a), "industry");
    assert_int_equal(store_step(stSlug), STORE_DONE);
    int64_t n = 0;
    assert_int_equal(store_step_int(stCount, &n), OK);
    assert_int_equal(n, 2);
    /* The connection goes on as usual afterwards, writes included. */
    assert_int_equal(add_section(t->c, "world"), OK);
    assert_int_equal(count_sections(t->c), 3);
}

static void test_store_batch_with_a_failing_statement_fails_whole(void **s)
{
    TempDb *t = *s;
    if (!store_is_pg(t->pStore)) {
        skip(); /* SQLite runs each at its step: no batch error */
    }
    StoreBatch b;
    store_batch_init(&b, t->c);
    StoreStmt *stBad = NULL, *stAfter = NULL;
    assert_int_equal(store_prepare(t->c, "SELECT 1 / ?", &stBad), OK);
    store_bind_int(stBad, 1, 0);
    store_batch_add(&b, stBad);
    assert_int_equal(
        store_prepare(t->c, "SELECT count(*) FROM sections", &stAfter), OK);
    store_batch_add(&b, stAfter);
    assert_int_equal(store_batch_send(&b), ERR_DB);
    /* The pipeline ended cleanly: the connection answers the next one. */
    assert_int_equal(count_sections(t->c), 0);
    assert_int_equal(add_section(t->c, "after"), OK);
    assert_int_equal(count_sections(t->c), 1);
}

static void test_store_statement_past_the_timeout_fails_then_recovers(void **s)
{
    TempDb *t = *s;
    if (!store_is_pg(t->pStore)) {
        skip();
    }
    store_set_timeout(t->pStore, 300);
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    assert_int_equal(store_conn(t->pStore, &a, &c), OK);
    StoreStmt *st = NULL;
    assert_int_equal(store_prepare(c, "SELECT pg_sleep(5)", &st), OK);
    int64_t t0 = time_now_us();
    assert_int_equal(store_step(st), ERR_UNAVAILABLE);
    int64_t nMs = (time_now_us() - t0) / 1000;
    assert_true(nMs >= 250 && nMs < 2000);
    /* The connection is not used again, not even for a rollback. */
    assert_int_equal(store_begin(c), ERR_UNAVAILABLE);
    arena_close(&a);
    /* For a moment the pool refuses at once rather than wait again. */
    arena_init(&a);
    assert_int_equal(store_conn(t->pStore, &a, &c), ERR_UNAVAILABLE);
    arena_close(&a);
    struct timespec ts = {1, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
    arena_init(&a);
    assert_int_equal(store_conn(t->pStore, &a, &c), OK);
    assert_int_equal(count_sections(c), 0);
    arena_close(&a);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_db, teardown_db)
    const struct CMUnitTest aTest[] = {
        T(test_store_fresh_database_gets_every_migration),
        T(test_store_reopening_a_migrated_database_keeps_data),
        T(test_store_refuses_a_database_newer_than_the_program),
        T(test_store_prepare_reuses_the_statement_of_a_literal),
        T(test_store_binds_and_reads_text_numbers_and_null),
        T(test_store_reports_a_unique_violation),
        T(test_store_refuses_two_statements_in_one_literal),
        T(test_store_rollback_discards_and_commit_keeps),
        T(test_store_failed_step_leaves_nothing_half_written),
        T(test_store_pool_returns_connections_with_the_arena),
        T(test_store_conn_put_gives_back_early_and_only_once),
        T(test_store_backup_copies_every_row),
        T(test_store_notify_reaches_listeners_only_on_commit),
        T(test_store_listener_reports_its_lost_connection),
        T(test_store_connection_killed_mid_transaction_is_replaced),
        T(test_store_idle_connection_the_server_closed_is_not_handed_out),
        T(test_store_batch_reads_every_statement_it_sent),
        T(test_store_batch_with_a_failing_statement_fails_whole),
        T(test_store_statement_past_the_timeout_fails_then_recovers),
    };
#undef T
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
