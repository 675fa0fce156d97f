/*
 * pieces_test.c — unit tests of the shared pieces (app/pieces.c): a piece
 * is built once and shared; a change with one of its kind's tags drops
 * it, any other tag does not; a piece whose reads began before a drop
 * (a change that raced its build) is used once but never kept; keys are
 * separate; a request keeps its piece alive after it was replaced.  The
 * build functions here read nothing, so the request carries a stand-in
 * connection (`build/san/unit/app/pieces_test`).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "app/pieces.h"

/* Two kinds, as features declare them. */
static AppPieceKind g_kindA = APP_PIECE_KIND("test a", "articles", "site");
static AppPieceKind g_kindB = APP_PIECE_KIND("test b", "site");

/* What the build functions count and return. */
static struct {
    int nBuilt;          /* builds so far */
    const char *zDropIn; /* a tag to drop while building, or NULL */
} g_test;

/* AppPieceBuildFn: a copy of the text '*pArg' with the build's number. */
static int build_text(StoreConn *c, Arena *a, void *pArg, const void **ppValue)
{
    (void)c;
    g_test.nBuilt++;
    if (g_test.zDropIn != NULL) {
        /* A change commits and is heard while the reads happen. */
        app_pieces_drop(g_test.zDropIn);
    }
    *ppValue = arena_printf(a, "%s #%d", (const char *)pArg, g_test.nBuilt);
    return OK;
}

/* A request whose connection was taken now (app_db() would note the
   epoch the same way). */
typedef struct TestReq {
    Arena a;     /* the request's arena */
    Request req; /* the request */
} TestReq;

static int g_conn; /* stands in for a connection: never read */

static void req_open(TestReq *t)
{
    memset(t, 0, sizeof(*t));
    arena_init(&t->a);
    t->req.a = &t->a;
    t->req.pDb = &g_conn;
    t->req.nDbEpoch = app_pieces_epoch();
}

/* The value of 'kind'/'key' for 't'. */
static const char *get(TestReq *t, AppPieceKind *kind, int64_t key,
                       const char *zText)
{
    const void *p = NULL;
    assert_int_equal(
        app_piece_get(&t->req, kind, key, build_text, (void *)zText, &p), OK);
    return p;
}

static int setup(void **state)
{
    (void)state;
    /* A kind's first use lists it for drops and counts reads that began
       earlier as stale (they may have missed a drop): use both once, so
       the tests start from listed kinds with nothing kept. */
    TestReq r;
    req_open(&r);
    get(&r, &g_kindA, 0, "first");
    get(&r, &g_kindB, 0, "first");
    arena_close(&r.a);
    app_pieces_close();
    memset(&g_test, 0, sizeof(g_test));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    app_pieces_close();
    return 0;
}

static void test_piece_is_built_once_and_shared(void **state)
{
    (void)state;
    TestReq r1, r2;
    req_open(&r1);
    req_open(&r2);
    const char *z1 = get(&r1, &g_kindA, 1, "latest");
    const char *z2 = get(&r2, &g_kindA, 1, "latest");
    assert_string_equal(z1, "latest #1");
    assert_ptr_equal(z1, z2);
    assert_int_equal(g_test.nBuilt, 1);
    arena_close(&r1.a);
    arena_close(&r2.a);
}

static void test_listened_tag_drops_other_tags_do_not(void **state)
{
    (void)state;
    TestReq r;
    req_open(&r);
    get(&r, &g_kindA, 1, "latest");
    arena_close(&r.a);
    app_pieces_drop("front");
    app_pieces_drop("article:1");
    req_open(&r);
    assert_string_equal(get(&r, &g_kindA, 1, "latest"), "latest #1");
    arena_close(&r.a);
    app_pieces_drop("articles");
    req_open(&r);
    assert_string_equal(get(&r, &g_kindA, 1, "latest"), "latest #2");
    /* "articles" is not kind B's: its piece stays. */
    assert_string_equal(get(&r, &g_kindB, 1, "settings"), "settings #3");
    arena_close(&r.a);
    app_pieces_drop("articles");
    req_open(&r);
    assert_string_equal(get(&r, &g_kindB, 1, "settings"), "settings #3");
    arena_close(&r.a);
}

static void test_piece_from_reads_before_a_drop_is_not_kept(void **state)
{
    (void)state;
    TestReq r;
    /* The change arrives while the piece is being built. */
    g_test.zDropIn = "site";
    req_open(&r);
    assert_string_equal(get(&r, &g_kindB, 7, "x"), "x #1");
    arena_close(&r.a);
    g_test.zDropIn = NULL;
    req_open(&r);
    assert_string_equal(get(&r, &g_kindB, 7, "x"), "x #2");
    assert_string_equal(get(&r, &g_kindB, 7, "x"), "x #2");
    arena_close(&r.a);
    /* The request's reads began before the drop (its connection was
       taken earlier), the build comes after it: not kept either. */
    req_open(&r);
    app_pieces_drop("site");
    assert_string_equal(get(&r, &g_kindB, 7, "x"), "x #3");
    arena_close(&r.a);
    req_open(&r);
    assert_string_equal(get(&r, &g_kindB, 7, "x"), "x #4");
    arena_close(&r.a);
}

static void test_keys_are_separate(void **state)
{
    (void)state;
    TestReq r;
    req_open(&r);
    assert_string_equal(get(&r, &g_kindA, 1, "s"), "s #1");
    assert_string_equal(get(&r, &g_kindA, 2, "s"), "s #2");
    assert_string_equal(get(&r, &g_kindA, 1, "s"), "s #1");
    assert_string_equal(get(&r, &g_kindA, 2, "s"), "s #2");
    arena_close(&r.a);
}

static void test_request_keeps_a_replaced_piece(void **state)
{
    (void)state;
    TestReq rOld, rNew;
    req_open(&rOld);
    const char *zOld = get(&rOld, &g_kindA, 3, "kept");
    app_pieces_drop("site");
    req_open(&rNew);
    const char *zNew = get(&rNew, &g_kindA, 3, "kept");
    /* Replaced in the table, still whole for the older request (ASan
       would report a read of freed memory). */
    assert_string_equal(zOld, "kept #1");
    assert_string_equal(zNew, "kept #2");
    arena_close(&rOld.a);
    arena_close(&rNew.a);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest aTest[] = {
        T(test_piece_is_built_once_and_shared),
        T(test_listened_tag_drops_other_tags_do_not),
        T(test_piece_from_reads_before_a_drop_is_not_kept),
        T(test_keys_are_separate),
        T(test_request_keeps_a_replaced_piece),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
