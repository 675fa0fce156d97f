/*
 * corrections_test.c — unit tests for correction notices below their
 * page (articles/corrections_db.c), on a temporary SQLite file: a notice
 * is stored with the article's corrected_at and the change tags; only a
 * published article takes one; notices list oldest first; a failure at
 * any statement leaves nothing half-written (no row, no corrected_at, no
 * change tag); and the kind names.  A standalone program:
 * `build/san/unit/articles/corrections_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "articles/articles.h"
#include "articles/corrections.h"
#include "base/log.h"
#include "testing/testdb.h"
#include "view/markdown.h"

/* A temporary database with one published article. */
typedef struct TempDb {
    char zPath[TESTDB_PATH_MAX]; /* the file */
    Store *pStore;               /* open pool */
    Arena a;                     /* for the connection and text */
    StoreConn *c;                /* one connection */
    int64_t article;             /* articles.id */
} TempDb;

static int setup_db(void **ppState)
{
    TempDb *t = calloc(1, sizeof(*t));
    testdb_path(t->zPath, "corrections");
    log_set_level((LogLevel)(LOG_ERROR + 1));
    markdown_init();
    assert_int_equal(store_open(t->zPath, 2, &g_schema, &t->pStore), OK);
    arena_init(&t->a);
    assert_int_equal(store_conn(t->pStore, &t->a, &t->c), OK);
    t->article = testdb_add_article(t->c, &t->a);
    *ppState = t;
    return 0;
}

static int teardown_db(void **ppState)
{
    TempDb *t = *ppState;
    store_test_fail_after(0);
    arena_close(&t->a);
    store_close(t->pStore);
    testdb_remove(t->zPath);
    free(t);
    return 0;
}

/* One integer from 'zSql' (a literal) with 'id' bound to its '?'. */
#define query_int(t, zSql, id) query_int_literal((t), "" zSql "", (id))
static int64_t query_int_literal(TempDb *t, const char *zSql, int64_t id)
{
    StoreStmt *st = NULL;
    assert_int_equal(store_prepare_literal(t->c, zSql, &st), OK);
    store_bind_int(st, 1, id);
    int64_t n = -1;
    assert_int_equal(store_step_int(st, &n), OK);
    return n;
}

static int64_t corrected_at(TempDb *t)
{
    return query_int(t,
                     "SELECT coalesce(corrected_at, 0) FROM articles"
                     " WHERE id = ?",
                     t->article);
}

static int64_t notices(TempDb *t)
{
    return query_int(t,
                     "SELECT count(*) FROM article_corrections"
                     " WHERE article_id = ?",
                     t->article);
}

/* Change rows recorded since cache_events id 'after'. */
static int64_t changes_after(TempDb *t, int64_t after)
{
    return query_int(t, "SELECT count(*) FROM cache_events WHERE id > ?",
                     after);
}

static int64_t last_change(TempDb *t)
{
    return query_int(t,
                     "SELECT coalesce(max(id), 0) FROM cache_events"
                     " WHERE id > ?",
                     0);
}

static void test_correction_add_stores_notice_time_and_tags(void **ppState)
{
    TempDb *t = *ppState;
    int64_t before = last_change(t);
    int64_t id = 0;
    assert_int_equal(correction_db_add(t->c, t->article, "correction",
                                       "제목의 날짜를 바로잡습니다.", 0, 1000,
                                       &id),
                     OK);
    assert_true(id > 0);
    assert_int_equal(corrected_at(t), 1000);
    assert_int_equal(notices(t), 1);
    /* article:{id} and articles. */
    assert_int_equal(changes_after(t, before), 2);
    assert_int_equal(query_int(t,
                               "SELECT count(*) FROM cache_events"
                               " WHERE id > ? AND tag IN ('articles',"
                               " 'article:1')",
                               before),
                     2);
    /* A second notice moves corrected_at; both are listed, oldest
       first. */
    assert_int_equal(correction_db_add(t->c, t->article, "rebuttal",
                                       "반론\n둘째 줄", 0, 2000, &id),
                     OK);
    assert_int_equal(corrected_at(t), 2000);
    Correction *aCorr = NULL;
    int n = 0;
    assert_int_equal(correction_db_list(t->c, &t->a, t->article, &aCorr, &n),
                     OK);
    assert_int_equal(n, 2);
    assert_string_equal(aCorr[0].zKind, "correction");
    assert_string_equal(aCorr[0].zText, "제목의 날짜를 바로잡습니다.");
    assert_int_equal(aCorr[0].tCreated, 1000);
    assert_string_equal(aCorr[1].zKind, "rebuttal");
    assert_string_equal(aCorr[1].zText, "반론\n둘째 줄");
    assert_int_equal(aCorr[1].tCreated, 2000);
}

static void test_correction_only_on_a_published_article(void **ppState)
{
    TempDb *t = *ppState;
    StoreStmt *st = NULL;
    assert_int_equal(store_prepare(t->c,
                                   "UPDATE articles SET status = 'retracted'"
                                   " WHERE id = ?",
                                   &st),
                     OK);
    store_bind_int(st, 1, t->article);
    assert_int_equal(store_exec(st), OK);
    int64_t before = last_change(t);
    int64_t id = 0;
    assert_int_equal(
        correction_db_add(t->c, t->article, "correction", "x", 0, 1000, &id),
        ERR_NOTFOUND);
    assert_int_equal(notices(t), 0);
    assert_int_equal(corrected_at(t), 0);
    assert_int_equal(changes_after(t, before), 0);
    assert_int_equal(
        correction_db_add(t->c, 99999, "correction", "x", 0, 1000, &id),
        ERR_NOTFOUND);
}

static void test_correction_failure_leaves_nothing(void **ppState)
{
    TempDb *t = *ppState;
    int64_t before = last_change(t);
    /* Fail each statement in turn: no row, no corrected_at, no tag. */
    for (int n = 1; n <= 10; n++) {
        int64_t id = 0;
        store_test_fail_after(n);
        int rc = correction_db_add(t->c, t->article, "followup", "추후보도", 0,
                                   3000, &id);
        store_test_fail_after(0);
        if (rc == OK) {
            /* n is past the last statement: it went through whole. */
            assert_true(n > 4);
            assert_int_equal(notices(t), 1);
            assert_int_equal(corrected_at(t), 3000);
            assert_int_equal(changes_after(t, before), 2);
            return;
        }
        assert_int_equal(rc, ERR_DB);
        assert_int_equal(notices(t), 0);
        assert_int_equal(corrected_at(t), 0);
        assert_int_equal(changes_after(t, before), 0);
    }
    fail_msg("the write never went through");
}

static void test_correction_kind_labels(void **ppState)
{
    (void)ppState;
    assert_string_equal(correction_kind_label("correction"), "정정");
    assert_string_equal(correction_kind_label("rebuttal"), "반론보도");
    assert_string_equal(correction_kind_label("followup"), "추후보도");
    assert_null(correction_kind_label("Correction"));
    assert_null(correction_kind_label(""));
    assert_null(correction_kind_label(NULL));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_db, teardown_db)
    const struct CMUnitTest aTest[] = {
        T(test_correction_add_stores_notice_time_and_tags),
        T(test_correction_only_on_a_published_article),
        T(test_correction_failure_leaves_nothing),
        T(test_correction_kind_labels),
    };
#undef T
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
