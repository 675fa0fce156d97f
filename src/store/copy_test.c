/*
 * copy_test.c — unit tests for store_copy(), store_checksum() and
 * store_is_empty() (store/copy.c).  The source is always a SQLite file;
 * the target is the suite's backend (testdb.h: SQLite, or PostgreSQL in
 * the PostgreSQL pass, in a database that sorts text by ICU's English
 * rules), and the copy is copied back into a second SQLite file, so both
 * directions run there.  Rows cover what a copy can get
 * wrong: text keys whose byte order differs from a dictionary's, a
 * two-column key, a table with no key and duplicate rows, NULLs, a
 * reply that refers to its own table, batches smaller than a table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "schema.h"
#include "store/copy.h"
#include "store/store.h"
#include "testing/testdb.h"
#include "view/markdown.h"

/* A source with rows, and the target to copy it into. */
typedef struct CopyFixture {
    char zSource[TESTDB_PATH_MAX]; /* SQLite file */
    char zTarget[TESTDB_PATH_MAX]; /* the suite's backend */
    char zBack[TESTDB_PATH_MAX];   /* SQLite file copied back into */
    Store *pSource;                /* open on zSource */
    int64_t articleId;             /* the article comments hang on */
} CopyFixture;

/* A SQLite file name for this test (testdb_path() may give a URL). */
static void sqlite_path(char zPath[TESTDB_PATH_MAX], const char *zTag)
{
    snprintf(zPath, TESTDB_PATH_MAX, "/tmp/sinmun-%s-%d-XXXXXX", zTag,
             (int)getpid());
    int fd = mkstemp(zPath);
    assert_true(fd >= 0);
    close(fd);
    unlink(zPath);
}

static void add_setting(StoreConn *c, const char *zKey, const char *zValue)
{
    StoreStmt *st = NULL;
    assert_int_equal(
        store_prepare(c, "INSERT INTO settings(key, value) VALUES (?, ?)", &st),
        OK);
    store_bind_z(st, 1, zKey);
    store_bind_z(st, 2, zValue);
    assert_int_equal(store_exec(st), OK);
}

static int64_t add_comment(StoreConn *c, int64_t articleId, int64_t parentId,
                           const char *zBody)
{
    StoreStmt *st = NULL;
    assert_int_equal(store_prepare(c,
                                   "INSERT INTO comments(article_id, parent_id,"
                                   " author_name, body, created_at)"
                                   " VALUES (?, ?, '손님', ?, 1)",
                                   &st),
                     OK);
    store_bind_int(st, 1, articleId);
    if (parentId > 0) {
        store_bind_int(st, 2, parentId);
    } else {
        store_bind_null(st, 2);
    }
    store_bind_z(st, 3, zBody);
    assert_int_equal(store_exec(st), OK);
    return store_last_id(c);
}

/*
 * On PostgreSQL, make the target a database whose text sorts by ICU's
 * English rules ("a" < "B" < "b"), as a production database's locale
 * would: the copy must still read both sides in byte order.
 */
static void icu_target(char zPath[TESTDB_PATH_MAX])
{
    static int nMade;
    char zName[64];
    char zSql[256];
    snprintf(zName, sizeof(zName), "unit_copyicu_%d_%d", (int)getpid(),
             ++nMade);
    snprintf(zSql, sizeof(zSql),
             "CREATE DATABASE %s LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
             " LOCALE 'C.UTF-8' TEMPLATE template0",
             zName);
    testdb_pg_admin(zSql);
    const char *zBase = getenv("SINMUN_TEST_PG");
    const char *zQ = strstr(zBase, ":///?");
    snprintf(zPath, TESTDB_PATH_MAX, "%.*s:///%s?%s", (int)(zQ - zBase), zBase,
             zName, zQ + 5);
}

static int setup_copy(void **state)
{
    log_set_level(getenv("COPY_TEST_LOG") ? LOG_DEBUG
                                          : (LogLevel)(LOG_ERROR + 1));
    markdown_init();
    CopyFixture *f = calloc(1, sizeof(*f));
    sqlite_path(f->zSource, "copysrc");
    sqlite_path(f->zBack, "copyback");
    if (testdb_is_pg()) {
        icu_target(f->zTarget);
    } else {
        testdb_path(f->zTarget, "copydst");
    }
    assert_int_equal(store_open(f->zSource, 2, &g_schema, &f->pSource), OK);
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    assert_int_equal(store_conn(f->pSource, &a, &c), OK);
    f->articleId = testdb_add_article(c, &a);
    /* Byte order: "B" < "Z" < "a" < "b" < "é" < "가"; a dictionary would
       interleave the cases. */
    static const char *azKey[] = {"b", "가", "a", "Z", "é", "B", "a b"};
    for (size_t i = 0; i < sizeof(azKey) / sizeof(azKey[0]); i++) {
        add_setting(c, azKey[i], i % 2 ? "값\n둘째 줄 \"'\\" : "");
    }
    int64_t root = add_comment(c, f->articleId, 0, "첫 댓글 😀");
    for (int i = 0; i < 5; i++) {
        add_comment(c, f->articleId, root, "답글");
    }
    StoreStmt *st = NULL;
    /* No key, and three rows alike. */
    for (int i = 0; i < 9; i++) {
        assert_int_equal(store_prepare(c,
                                       "INSERT INTO throttle_events(key,"
                                       " at_ms, until_ms) VALUES (?, ?, 9)",
                                       &st),
                         OK);
        store_bind_z(st, 1, i < 3 ? "10.0.0.0/24" : "2001:db8::/48");
        store_bind_int(st, 2, i < 3 ? 5 : 100 - i);
        assert_int_equal(store_exec(st), OK);
    }
    /* A key of text and integer. */
    for (int i = 0; i < 4; i++) {
        assert_int_equal(store_prepare(c,
                                       "INSERT INTO front_slots(slot,"
                                       " position, article_id)"
                                       " VALUES (?, ?, ?)",
                                       &st),
                         OK);
        store_bind_z(st, 1, i % 2 ? "top" : "headline");
        store_bind_int(st, 2, 3 - i);
        store_bind_int(st, 3, f->articleId);
        assert_int_equal(store_exec(st), OK);
    }
    arena_close(&a);
    *state = f;
    return 0;
}

static int teardown_copy(void **state)
{
    CopyFixture *f = *state;
    store_close(f->pSource);
    testdb_remove(f->zSource);
    testdb_remove(f->zTarget);
    testdb_remove(f->zBack);
    free(f);
    return 0;
}

/* Open 'zUrl' as `sinmun copy` does: empty, then migrated. */
static Store *open_target(const char *zUrl)
{
    Store *p = NULL;
    assert_int_equal(store_open(zUrl, 1, NULL, &p), OK);
    bool bEmpty = false;
    assert_int_equal(store_is_empty(p, &bEmpty), OK);
    assert_true(bEmpty);
    assert_int_equal(store_migrate(p, &g_schema), OK);
    return p;
}

/* Assert every table of the report matches, and that 'zTable' has 'n'
   rows in it. */
static void assert_report(const StoreCopyReport *r, const char *zTable,
                          int64_t n)
{
    bool bSeen = false;
    for (int i = 0; i < r->nTable; i++) {
        const StoreCopyTable *t = &r->aTable[i];
        assert_true(t->nSource == t->nTarget);
        assert_true(t->hSource == t->hTarget);
        if (strcmp(t->zName, zTable) == 0) {
            assert_int_equal(t->nSource, n);
            bSeen = true;
        }
    }
    assert_true(bSeen);
}

/* Index of table 'zName' in the report, or -1. */
static int report_index(const StoreCopyReport *r, const char *zName)
{
    for (int i = 0; i < r->nTable; i++) {
        if (strcmp(r->aTable[i].zName, zName) == 0) {
            return i;
        }
    }
    return -1;
}

static void test_copy_both_ways_keeps_every_row(void **state)
{
    CopyFixture *f = *state;
    Store *pTarget = open_target(f->zTarget);
    Arena a;
    arena_init(&a);
    StoreCopyReport r;
    /* Batches of 2: every table of more than two rows takes several. */
    assert_int_equal(store_copy(f->pSource, pTarget, 2, NULL, NULL, &a, &r),
                     OK);
    assert_report(&r, "settings", 7);
    assert_report(&r, "comments", 6);
    assert_report(&r, "throttle_events", 9);
    assert_report(&r, "front_slots", 4);
    /* Parents first. */
    assert_true(report_index(&r, "articles") < report_index(&r, "comments"));
    assert_true(report_index(&r, "sections") < report_index(&r, "articles"));
    assert_true(report_index(&r, "accounts") < report_index(&r, "people"));

    /* And back into SQLite: the same sums as the source. */
    Store *pBack = open_target(f->zBack);
    StoreCopyReport r2;
    assert_int_equal(store_copy(pTarget, pBack, 3, NULL, NULL, &a, &r2), OK);
    assert_int_equal(r2.nTable, r.nTable);
    for (int i = 0; i < r.nTable; i++) {
        int j = report_index(&r2, r.aTable[i].zName);
        assert_true(j >= 0);
        assert_true(r2.aTable[j].hTarget == r.aTable[i].hSource);
        int64_t n = 0;
        uint64_t h = 0;
        assert_int_equal(store_checksum(f->pSource, r.aTable[i].zName, &n, &h),
                         OK);
        assert_true(h == r.aTable[i].hSource);
        assert_int_equal(n, r.aTable[i].nSource);
    }
    arena_close(&a);
    store_close(pBack);
    store_close(pTarget);
}

static void test_copy_sets_the_next_id_after_the_copied_ones(void **state)
{
    CopyFixture *f = *state;
    Store *pTarget = open_target(f->zTarget);
    Arena a;
    arena_init(&a);
    StoreCopyReport r;
    assert_int_equal(store_copy(f->pSource, pTarget, 1000, NULL, NULL, &a, &r),
                     OK);
    StoreConn *c = NULL;
    assert_int_equal(store_conn(pTarget, &a, &c), OK);
    /* Six comments were copied: the next one is the seventh. */
    assert_int_equal(add_comment(c, f->articleId, 0, "복사 뒤 첫 댓글"), 7);
    arena_close(&a);
    store_close(pTarget);
}

static void test_checksum_sees_a_changed_value(void **state)
{
    CopyFixture *f = *state;
    Store *pTarget = open_target(f->zTarget);
    Arena a;
    arena_init(&a);
    StoreCopyReport r;
    assert_int_equal(store_copy(f->pSource, pTarget, 4, NULL, NULL, &a, &r),
                     OK);
    int64_t n1 = 0, n2 = 0;
    uint64_t h1 = 0, h2 = 0;
    assert_int_equal(store_checksum(pTarget, "settings", &n1, &h1), OK);
    StoreConn *c = NULL;
    assert_int_equal(store_conn(pTarget, &a, &c), OK);
    StoreStmt *st = NULL;
    /* "" and NULL, or one byte, must change the sum. */
    assert_int_equal(
        store_prepare(c, "UPDATE settings SET value = ' ' WHERE key = 'a'",
                      &st),
        OK);
    assert_int_equal(store_exec(st), OK);
    store_conn_put(c);
    assert_int_equal(store_checksum(pTarget, "settings", &n2, &h2), OK);
    assert_int_equal(n1, n2);
    assert_true(h1 != h2);
    assert_int_equal(store_checksum(pTarget, "no_such_table", &n2, &h2),
                     ERR_NOTFOUND);
    /* A target with rows is not empty. */
    bool bEmpty = true;
    assert_int_equal(store_is_empty(pTarget, &bEmpty), OK);
    assert_false(bEmpty);
    arena_close(&a);
    store_close(pTarget);
}

static void test_copy_refuses_another_schema_version(void **state)
{
    CopyFixture *f = *state;
    Store *pTarget = open_target(f->zTarget);
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    assert_int_equal(store_conn(f->pSource, &a, &c), OK);
    StoreStmt *st = NULL;
    assert_int_equal(store_prepare(c,
                                   "DELETE FROM schema_migrations"
                                   " WHERE version = ?",
                                   &st),
                     OK);
    store_bind_int(st, 1, g_schema.nMigration);
    assert_int_equal(store_exec(st), OK);
    store_conn_put(c);
    StoreCopyReport r = {NULL, 0};
    assert_int_equal(store_copy(f->pSource, pTarget, 10, NULL, NULL, &a, &r),
                     ERR_INVALID);
    assert_int_equal(r.nTable, 0);
    arena_close(&a);
    store_close(pTarget);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_copy, teardown_copy)
    const struct CMUnitTest aTest[] = {
        T(test_copy_both_ways_keeps_every_row),
        T(test_copy_sets_the_next_id_after_the_copied_ones),
        T(test_checksum_sees_a_changed_value),
        T(test_copy_refuses_another_schema_version),
    };
#undef T
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
