/*
 * changes_test.c — unit tests for the change feed (app/changes.c) on both
 * backends: a committed change drops the tagged pages of a running
 * watcher (woken by NOTIFY on PostgreSQL, by its timer on SQLite), a
 * rolled-back one drops nothing, app_change() outside a transaction
 * commits one of its own, listeners hear of their tag, and on PostgreSQL
 * the watcher listens again after the server ended its connection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "schema.h"
#include "testing/testdb.h"

/* A database, a page cache and a running watcher. */
typedef struct Feed {
    char zPath[TESTDB_PATH_MAX]; /* the database */
    App app;                     /* what the watcher works on */
    Arena a;                     /* for the writer's connection */
    StoreConn *c;                /* the writer */
} Feed;

/* How often the "site" listener ran. */
static int g_nHeard;

static void heard_site(App *app)
{
    (void)app;
    g_nHeard++;
}

static int setup_feed(void **state)
{
    Feed *f = calloc(1, sizeof(*f));
    testdb_path(f->zPath, "changes");
    assert_int_equal(store_open(f->zPath, 4, &g_schema, &f->app.pStore), OK);
    f->app.pCache = cache_open(1 << 20);
    app_registry_reset();
    g_nHeard = 0;
    app_on_change("site", heard_site);
    assert_int_equal(app_watch_start(&f->app), OK);
    arena_init(&f->a);
    assert_int_equal(store_conn(f->app.pStore, &f->a, &f->c), OK);
    *state = f;
    return 0;
}

static int teardown_feed(void **state)
{
    Feed *f = *state;
    app_watch_stop(&f->app);
    app_registry_reset();
    arena_close(&f->a);
    cache_close(f->app.pCache);
    store_close(f->app.pStore);
    testdb_remove(f->zPath);
    free(f);
    return 0;
}

/* Cache a page 'zKey' tagged 'zTag'. */
static void put_page(Feed *f, const char *zKey, const char *zTag)
{
    const char *azTag[1] = {zTag};
    CacheEntry *e = cache_put(f->app.pCache, zKey, cache_epoch(f->app.pCache),
                              200, "text/html", "page", 4, 1, azTag, 1, NULL);
    assert_non_null(e);
    cache_release(f->app.pCache, e);
}

/* Whether page 'zKey' is cached. */
static bool has_page(Feed *f, const char *zKey)
{
    CacheEntry *e = cache_get(f->app.pCache, zKey);
    if (e != NULL) {
        cache_release(f->app.pCache, e);
    }
    return e != NULL;
}

/* Wait (up to 20 s) until page 'zKey' is gone; true when it went. */
static bool page_goes(Feed *f, const char *zKey)
{
    for (int i = 0; i < 400; i++) {
        if (!has_page(f, zKey)) {
            return true;
        }
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return false;
}

/* Record 'zTag' in a transaction and commit it (or roll it back). */
static void change(Feed *f, const char *zTag, bool bCommit)
{
    assert_int_equal(store_begin(f->c), OK);
    assert_int_equal(app_change(f->c, zTag), OK);
    if (bCommit) {
        assert_int_equal(store_commit(f->c), OK);
    } else {
        store_rollback(f->c);
    }
}

static void test_changes_a_committed_change_drops_the_tagged_pages(void **s)
{
    Feed *f = *s;
    put_page(f, "/article/1", "article:1");
    put_page(f, "/article/2", "article:2");
    change(f, "article:1", true);
    assert_true(page_goes(f, "/article/1"));
    assert_true(has_page(f, "/article/2"));
}

static void test_changes_a_rolled_back_change_drops_nothing(void **s)
{
    Feed *f = *s;
    put_page(f, "/article/3", "article:3");
    put_page(f, "/article/4", "article:4");
    change(f, "article:3", false);
    /* The watcher has read past the rolled-back change once it handled
       the one committed after it. */
    change(f, "article:4", true);
    assert_true(page_goes(f, "/article/4"));
    assert_true(has_page(f, "/article/3"));
}

static void test_changes_outside_a_transaction_commits_its_own(void **s)
{
    Feed *f = *s;
    put_page(f, "/", "front");
    assert_false(store_in_txn(f->c));
    assert_int_equal(app_change(f->c, "front"), OK);
    assert_false(store_in_txn(f->c));
    assert_true(page_goes(f, "/"));
    StoreStmt *st = NULL;
    int64_t n = 0;
    assert_int_equal(store_prepare(f->c,
                                   "SELECT count(*) FROM cache_events"
                                   " WHERE tag = 'front'",
                                   &st),
                     OK);
    assert_int_equal(store_step_int(st, &n), OK);
    assert_int_equal(n, 1);
}

static void test_changes_listeners_hear_their_tag_after_the_drop(void **s)
{
    Feed *f = *s;
    put_page(f, "/about", "site");
    change(f, "site", true);
    assert_true(page_goes(f, "/about"));
    /* The listener runs right after the drop, in the same read. */
    for (int i = 0; i < 100 && g_nHeard == 0; i++) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    assert_int_equal(g_nHeard, 1);
}

/* Sessions on the database that are listening for changes. */
static int64_t listening_sessions(Feed *f)
{
    StoreStmt *st = NULL;
    int64_t n = -1;
    assert_int_equal(store_prepare(f->c,
                                   "SELECT count(*) FROM pg_stat_activity"
                                   " WHERE query = 'LISTEN " STORE_CHANNEL
                                   "' AND datname = current_database()",
                                   &st),
                     OK);
    assert_int_equal(store_step_int(st, &n), OK);
    return n;
}

static void
test_changes_the_watcher_listens_again_when_its_session_ends(void **s)
{
    Feed *f = *s;
    if (!testdb_is_pg()) {
        skip();
    }
    /* The watcher listens from its first round. */
    for (int i = 0; i < 200 && listening_sessions(f) != 1; i++) {
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    assert_int_equal(listening_sessions(f), 1);
    StoreStmt *st = NULL;
    int64_t n = 0;
    assert_int_equal(store_prepare(f->c,
                                   "SELECT count(pg_terminate_backend(pid))"
                                   " FROM pg_stat_activity"
                                   " WHERE query = 'LISTEN " STORE_CHANNEL
                                   "' AND datname = current_database()",
                                   &st),
                     OK);
    assert_int_equal(store_step_int(st, &n), OK);
    assert_int_equal(n, 1);
    /* Changes keep arriving meanwhile... */
    put_page(f, "/article/5", "article:5");
    change(f, "article:5", true);
    assert_true(page_goes(f, "/article/5"));
    /* ...and a new listening session takes the old one's place. */
    for (int i = 0; i < 200 && listening_sessions(f) != 1; i++) {
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    assert_int_equal(listening_sessions(f), 1);
    put_page(f, "/article/6", "article:6");
    change(f, "article:6", true);
    assert_true(page_goes(f, "/article/6"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_feed, teardown_feed)
    const struct CMUnitTest aTest[] = {
        T(test_changes_a_committed_change_drops_the_tagged_pages),
        T(test_changes_a_rolled_back_change_drops_nothing),
        T(test_changes_outside_a_transaction_commits_its_own),
        T(test_changes_listeners_hear_their_tag_after_the_drop),
        T(test_changes_the_watcher_listens_again_when_its_session_ends),
    };
#undef T
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
