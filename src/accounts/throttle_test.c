/*
 * throttle_test.c — unit tests of the shared windowed limits
 * (throttle_take(), throttle_wait(), throttle_record(), throttle_expire()
 * in throttle.c) on a real database: every rule or none is recorded, a
 * full rule says how long to wait, no limit records nothing and waits for
 * no other writer, the window slides (the test clock moves), and expired
 * rows are pruned.  Runs on SQLite and, with SINMUN_TEST_PG, on
 * PostgreSQL (`build/san/unit/accounts/throttle_test`).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testing/testdb.h"

#include "accounts/accounts.h"
#include "base/log.h"
#include "schema.h"

/* One database and a connection on it. */
typedef struct ThrottleFixture {
    char zPath[TESTDB_PATH_MAX]; /* its file or URL */
    Store *pStore;               /* the pool */
    Arena a;                     /* holds the connection */
    StoreConn *c;                /* the connection */
} ThrottleFixture;

static int setup(void **state)
{
    log_set_level((LogLevel)(LOG_ERROR + 1));
    ThrottleFixture *f = calloc(1, sizeof(*f));
    testdb_path(f->zPath, "throttle");
    assert_int_equal(store_open(f->zPath, 2, &g_schema, &f->pStore), OK);
    arena_init(&f->a);
    assert_int_equal(store_conn(f->pStore, &f->a, &f->c), OK);
    time_test_set_offset(0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    ThrottleFixture *f = *state;
    time_test_set_offset(0);
    arena_close(&f->a);
    store_close(f->pStore);
    testdb_remove(f->zPath);
    free(f);
    return 0;
}

/* Rows of throttle_events with key 'zKey'. */
static int64_t rows_of(ThrottleFixture *f, const char *zKey)
{
    StoreStmt *st = NULL;
    assert_int_equal(store_prepare(f->c,
                                   "SELECT count(*) FROM throttle_events"
                                   " WHERE key = ?",
                                   &st),
                     OK);
    store_bind_z(st, 1, zKey);
    int64_t n = -1;
    assert_int_equal(store_step_int(st, &n), OK);
    return n;
}

static void test_take_records_every_rule_or_none(void **state)
{
    ThrottleFixture *f = *state;
    const ThrottleRule aRule[2] = {{"t:one", 2, 60000}, {"t:two", 5, 60000}};
    int iRefused = 7;
    int64_t nWait = -1;
    for (int i = 0; i < 2; i++) {
        assert_int_equal(throttle_take(f->c, aRule, 2, &iRefused, &nWait), OK);
        assert_int_equal(iRefused, -1);
        assert_int_equal(nWait, 0);
    }
    assert_int_equal(throttle_take(f->c, aRule, 2, &iRefused, &nWait), OK);
    assert_int_equal(iRefused, 0);
    assert_true(nWait > 0 && nWait <= 60000);
    /* The refused take recorded nothing, in either rule. */
    assert_int_equal(rows_of(f, "t:one"), 2);
    assert_int_equal(rows_of(f, "t:two"), 2);
    /* The second rule full, the first with room: still nothing. */
    const ThrottleRule aOther[2] = {{"t:three", 5, 60000}, {"t:two", 2, 60000}};
    assert_int_equal(throttle_take(f->c, aOther, 2, &iRefused, &nWait), OK);
    assert_int_equal(iRefused, 1);
    assert_int_equal(rows_of(f, "t:three"), 0);
    /* The connection is out of its transaction either way. */
    assert_false(store_in_txn(f->c));
}

static void test_no_limit_records_nothing(void **state)
{
    ThrottleFixture *f = *state;
    const ThrottleRule rule = {"t:off", 0, 60000};
    int iRefused = 0;
    int64_t nWait = 0;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(throttle_take(f->c, &rule, 1, &iRefused, &nWait), OK);
        assert_int_equal(iRefused, -1);
    }
    assert_int_equal(throttle_record(f->c, &rule), OK);
    assert_int_equal(rows_of(f, "t:off"), 0);
}

static void test_no_limit_waits_for_no_writer(void **state)
{
    /* With every rule off, a take opens no write transaction: another
       connection's open one (the write lock held) does not hold it up. */
    ThrottleFixture *f = *state;
    store_set_timeout(f->pStore, 300);
    Arena a;
    arena_init(&a);
    StoreConn *cOther = NULL;
    assert_int_equal(store_conn(f->pStore, &a, &cOther), OK);
    assert_int_equal(store_begin(cOther), OK);
    const ThrottleRule aRule[2] = {{"t:off1", 0, 60000}, {"t:off2", 0, 60000}};
    int iRefused = 0;
    int64_t nWait = 0;
    assert_int_equal(throttle_take(f->c, aRule, 2, &iRefused, &nWait), OK);
    assert_int_equal(iRefused, -1);
    assert_false(store_in_txn(f->c));
    store_rollback(cOther);
    arena_close(&a);
}

static void test_the_window_slides_and_old_rows_are_pruned(void **state)
{
    ThrottleFixture *f = *state;
    const ThrottleRule rule = {"t:slide", 1, 60000};
    int iRefused = 0;
    int64_t nWait = 0;
    assert_int_equal(throttle_take(f->c, &rule, 1, &iRefused, &nWait), OK);
    assert_int_equal(iRefused, -1);
    assert_int_equal(throttle_take(f->c, &rule, 1, &iRefused, &nWait), OK);
    assert_int_equal(iRefused, 0);
    /* 61 s later the first event has left the window. */
    time_test_set_offset(61);
    assert_int_equal(throttle_take(f->c, &rule, 1, &iRefused, &nWait), OK);
    assert_int_equal(iRefused, -1);
    assert_int_equal(rows_of(f, "t:slide"), 2);
    assert_int_equal(throttle_expire(f->c, time_now()), OK);
    assert_int_equal(rows_of(f, "t:slide"), 1);
}

static void test_wait_counts_what_record_recorded(void **state)
{
    ThrottleFixture *f = *state;
    const ThrottleRule rule = {"t:pw", 3, 60000};
    int64_t nWait = -1;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(throttle_wait(f->c, &rule, &nWait), OK);
        assert_int_equal(nWait, 0);
        assert_int_equal(throttle_record(f->c, &rule), OK);
    }
    assert_int_equal(throttle_wait(f->c, &rule, &nWait), OK);
    assert_true(nWait > 0 && nWait <= 60000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_take_records_every_rule_or_none,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_limit_waits_for_no_writer,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_limit_records_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_the_window_slides_and_old_rows_are_pruned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wait_counts_what_record_recorded,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
