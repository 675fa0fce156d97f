/*
 * comments_test.c — unit tests for the comments feature below its pages,
 * on a temporary SQLite file: status changes keep articles.comment_count
 * and the root's reply_count right (every transition moderation uses);
 * a failed status change leaves nothing half-written (fault injection at
 * every statement); thread lists show what comments_db.h promises; bans
 * are found while in force and not after expiry or lifting; the settings
 * fall back to defaults on junk; and the text checks and content screen
 * give their verdicts.  A standalone program:
 * `build/san/unit/comments/comments_test`.
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

#include "schema.h"
#include "articles/articles.h"
#include "base/log.h"
#include "comments/comments.h"
#include "comments/comments_db.h"
#include "comments/comments_internal.h"
#include "site/site.h"
#include "testing/testdb.h"
#include "view/markdown.h"

/* A temporary database with one article. */
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
    testdb_path(t->zPath, "comments");
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

/* Insert a comment as comment_post.c does (counts included). */
static int64_t add_comment(TempDb *t, int64_t parentId, CommentStatus status)
{
    Comment cm;
    memset(&cm, 0, sizeof(cm));
    cm.articleId = t->article;
    cm.parentId = parentId;
    cm.zAuthor = "손님";
    cm.zBody = "댓글";
    cm.status = status;
    cm.zNetwork = "10.0.0.0/24";
    cm.tCreated = 100;
    int64_t id = 0;
    assert_int_equal(comment_db_insert(t->c, &cm, "hash", &id), OK);
    if (status == COMMENT_VISIBLE) {
        assert_int_equal(article_db_add_comments(t->c, t->article, 1), OK);
        if (parentId != 0) {
            assert_int_equal(comment_db_add_replies(t->c, parentId, 1), OK);
        }
    }
    return id;
}

static int64_t article_count(TempDb *t)
{
    Article art;
    assert_int_equal(article_db_get(t->c, &t->a, t->article, &art), OK);
    return art.nComment;
}

static Comment get(TempDb *t, int64_t id)
{
    Comment cm;
    assert_int_equal(comment_get(t->c, &t->a, id, &cm), OK);
    return cm;
}

/* comment_set_status() in its own transaction. */
static int set_status(TempDb *t, int64_t id, CommentStatus status)
{
    int rc = store_begin(t->c);
    if (rc == OK) {
        rc = comment_set_status(t->c, id, status, "이유", 200, NULL);
    }
    if (rc == OK) {
        rc = store_commit(t->c);
    }
    if (rc != OK) {
        store_rollback(t->c);
    }
    return rc;
}

static void test_comments_status_names_round_trip(void **ppState)
{
    (void)ppState;
    for (int i = 0; i < COMMENT_STATUS_COUNT; i++) {
        CommentStatus s;
        assert_true(comment_status_parse(comment_status_name(i), &s));
        assert_int_equal(s, i);
    }
    CommentStatus s;
    assert_false(comment_status_parse("VISIBLE", &s));
    assert_false(comment_status_parse(NULL, &s));
}

static void test_comments_hiding_and_restoring_keeps_counts(void **ppState)
{
    TempDb *t = *ppState;
    int64_t root = add_comment(t, 0, COMMENT_VISIBLE);
    int64_t reply = add_comment(t, root, COMMENT_VISIBLE);
    assert_int_equal(article_count(t), 2);
    assert_int_equal(get(t, root).nReply, 1);

    /* Every moderation state of the reply: only visible counts on the
       article; hidden, removed and blinded still show in the thread. */
    static const struct {
        CommentStatus status; /* set */
        int nArticle;         /* articles.comment_count after */
        int nReply;           /* root's reply_count after */
    } aStep[] = {
        {COMMENT_HIDDEN, 1, 1},  {COMMENT_VISIBLE, 2, 1},
        {COMMENT_BLINDED, 1, 1}, {COMMENT_REMOVED, 1, 1},
        {COMMENT_HELD, 1, 0},    {COMMENT_VISIBLE, 2, 1},
        {COMMENT_DELETED, 1, 0}, {COMMENT_VISIBLE, 2, 1},
        {COMMENT_VISIBLE, 2, 1},
    };
    for (size_t i = 0; i < sizeof(aStep) / sizeof(aStep[0]); i++) {
        assert_int_equal(set_status(t, reply, aStep[i].status), OK);
        assert_int_equal(get(t, reply).status, aStep[i].status);
        assert_int_equal(article_count(t), aStep[i].nArticle);
        assert_int_equal(get(t, root).nReply, aStep[i].nReply);
    }
    Comment cm = get(t, reply);
    assert_string_equal(cm.zStatusReason, "이유");
    assert_int_equal(cm.tStatus, 200);
    assert_int_equal(set_status(t, 999999, COMMENT_HIDDEN), ERR_NOTFOUND);
}

static void test_comments_failed_status_change_leaves_nothing(void **ppState)
{
    TempDb *t = *ppState;
    int64_t root = add_comment(t, 0, COMMENT_VISIBLE);
    int64_t reply = add_comment(t, root, COMMENT_VISIBLE);
    /* Fail each statement of the change in turn: the status, both
       counts and the cache events stay as they were. */
    for (int n = 1; n <= 8; n++) {
        store_test_fail_after(n);
        int rc = set_status(t, reply, COMMENT_DELETED);
        store_test_fail_after(0);
        if (rc == OK) {
            /* n is past the last statement: the change went through. */
            assert_true(n > 4);
            assert_int_equal(get(t, reply).status, COMMENT_DELETED);
            return;
        }
        assert_int_equal(rc, ERR_DB);
        assert_int_equal(get(t, reply).status, COMMENT_VISIBLE);
        assert_int_equal(article_count(t), 2);
        assert_int_equal(get(t, root).nReply, 1);
    }
    fail_msg("the status change never succeeded");
}

static void
test_comments_threads_show_deleted_root_only_with_replies(void **ppState)
{
    TempDb *t = *ppState;
    int64_t a = add_comment(t, 0, COMMENT_VISIBLE);
    int64_t b = add_comment(t, 0, COMMENT_VISIBLE);
    int64_t bReply = add_comment(t, b, COMMENT_VISIBLE);
    int64_t c = add_comment(t, 0, COMMENT_HELD);
    int64_t d = add_comment(t, 0, COMMENT_VISIBLE);
    (void)c;
    assert_int_equal(set_status(t, a, COMMENT_DELETED), OK);
    assert_int_equal(set_status(t, b, COMMENT_DELETED), OK);
    assert_int_equal(set_status(t, d, COMMENT_BLINDED), OK);
    Comment *aCm = NULL;
    int n = 0;
    assert_int_equal(comment_db_threads(t->c, &t->a, t->article, COMMENT_OLDEST,
                                        0, 50, &aCm, &n),
                     OK);
    /* a: deleted, no replies → gone; b: deleted with a reply → shown;
       c: held → gone; d: blinded → shown as a notice. */
    assert_int_equal(n, 2);
    assert_int_equal(aCm[0].id, b);
    assert_int_equal(aCm[1].id, d);
    int64_t nThreads = 0;
    assert_int_equal(comment_db_count_threads(t->c, t->article, &nThreads), OK);
    assert_int_equal(nThreads, 2);
    assert_int_equal(comment_db_threads(t->c, &t->a, t->article, COMMENT_NEWEST,
                                        1, 50, &aCm, &n),
                     OK);
    assert_int_equal(n, 1);
    assert_int_equal(aCm[0].id, b);
    int64_t nBefore = -1;
    assert_int_equal(comment_db_threads_before(t->c, t->article, b,
                                               COMMENT_NEWEST, &nBefore),
                     OK);
    assert_int_equal(nBefore, 1);
    /* Deleting the last reply takes the deleted root out of the list. */
    assert_int_equal(set_status(t, bReply, COMMENT_DELETED), OK);
    assert_int_equal(comment_db_count_threads(t->c, t->article, &nThreads), OK);
    assert_int_equal(nThreads, 1);
}

/* The article page's first page of threads (one batch): the count is the
   rows' own while the page is not full, counted when it is. */
static int64_t first_page(TempDb *t, CommentOrder order, int *pn,
                          Comment **paCm)
{
    StoreBatch b;
    store_batch_init(&b, t->c);
    StoreStmt *st = NULL;
    assert_int_equal(comment_db_threads_first_send(&b, t->article, order, &st),
                     OK);
    assert_int_equal(store_batch_send(&b), OK);
    int64_t nThreads = -1;
    assert_int_equal(comment_db_threads_first_read(t->c, st, &t->a, t->article,
                                                   paCm, pn, &nThreads),
                     OK);
    return nThreads;
}

static void test_comments_first_page_counts_threads(void **ppState)
{
    TempDb *t = *ppState;
    Comment *aCm = NULL;
    int n = -1;
    assert_int_equal(first_page(t, COMMENT_NEWEST, &n, &aCm), 0);
    assert_int_equal(n, 0);
    int64_t first = add_comment(t, 0, COMMENT_VISIBLE);
    add_comment(t, first, COMMENT_VISIBLE);
    add_comment(t, 0, COMMENT_HELD);
    assert_int_equal(first_page(t, COMMENT_NEWEST, &n, &aCm), 1);
    assert_int_equal(n, 1);
    int64_t last = 0;
    for (int i = 1; i < COMMENTS_PER_PAGE; i++) {
        last = add_comment(t, 0, COMMENT_VISIBLE);
    }
    /* Exactly a full page: counted, and the same. */
    assert_int_equal(first_page(t, COMMENT_NEWEST, &n, &aCm),
                     COMMENTS_PER_PAGE);
    assert_int_equal(n, COMMENTS_PER_PAGE);
    add_comment(t, 0, COMMENT_VISIBLE);
    last = add_comment(t, 0, COMMENT_VISIBLE);
    assert_int_equal(first_page(t, COMMENT_NEWEST, &n, &aCm),
                     COMMENTS_PER_PAGE + 2);
    assert_int_equal(n, COMMENTS_PER_PAGE);
    assert_int_equal(aCm[0].id, last);
    assert_int_equal(aCm[1].id, last - 1);
    assert_int_equal(first_page(t, COMMENT_OLDEST, &n, &aCm),
                     COMMENTS_PER_PAGE + 2);
    assert_int_equal(n, COMMENTS_PER_PAGE);
    assert_int_equal(aCm[0].id, first);
}

static void test_comments_bans_in_force_only(void **ppState)
{
    TempDb *t = *ppState;
    const char *zNet = comment_actor_network(&t->a, "10.0.0.0/24");
    const char *zAcct = comment_actor_account(&t->a, 7);
    assert_string_equal(zNet, "n:10.0.0.0/24");
    assert_string_equal(zAcct, "a:7");
    CommentBan ban;
    assert_int_equal(comment_ban_find(t->c, &t->a, zNet, 1000, &ban),
                     ERR_NOTFOUND);
    int64_t id = 0;
    assert_int_equal(comment_ban_add(t->c, zNet, "도배", 2000, 0, 1000, &id),
                     OK);
    assert_int_equal(comment_ban_find(t->c, &t->a, zNet, 1500, &ban), OK);
    assert_int_equal(ban.id, id);
    assert_string_equal(ban.zReason, "도배");
    assert_int_equal(ban.tExpires, 2000);
    assert_int_equal(comment_ban_find(t->c, &t->a, zNet, 2000, &ban),
                     ERR_NOTFOUND);
    /* A permanent ban wins over a shorter one; lifting ends it. */
    int64_t idForever = 0;
    assert_int_equal(
        comment_ban_add(t->c, zAcct, "욕설", 0, 0, 1000, &idForever), OK);
    assert_int_equal(comment_ban_add(t->c, zAcct, "짧게", 1100, 0, 1000, NULL),
                     OK);
    assert_int_equal(comment_ban_find(t->c, &t->a, zAcct, 1050, &ban), OK);
    assert_int_equal(ban.id, idForever);
    assert_int_equal(ban.tExpires, 0);
    CommentBan *aBan = NULL;
    int nBan = 0;
    assert_int_equal(comment_ban_list(t->c, &t->a, 1050, 10, &aBan, &nBan), OK);
    assert_int_equal(nBan, 3);
    assert_int_equal(comment_ban_lift(t->c, idForever, 0, 1060), OK);
    assert_int_equal(comment_ban_lift(t->c, idForever, 0, 1060), ERR_NOTFOUND);
    assert_int_equal(comment_ban_find(t->c, &t->a, zAcct, 1200, &ban),
                     ERR_NOTFOUND);
}

static void test_comments_settings_defaults_and_junk(void **ppState)
{
    TempDb *t = *ppState;
    CommentSettings s;
    assert_int_equal(comment_settings_load(t->c, &t->a, &s), OK);
    assert_int_equal(s.nEditMinutes, 30);
    assert_int_equal(s.nRatePerMinute, 2);
    assert_int_equal(s.nNetworkRate, 10);
    assert_int_equal(s.nMaxLinks, 2);
    assert_false(s.bBannedRefuse);
    assert_string_equal(s.zPolicy,
                        "주제와 무관한 악의적인 댓글은 삭제될 수 있습니다.");
    assert_int_equal(app_setting_put(t->c, "comment_edit_minutes", "abc"), OK);
    assert_int_equal(app_setting_put(t->c, "comment_rate_per_minute", "-5"),
                     OK);
    assert_int_equal(app_setting_put(t->c, "comment_max_links", "-1"), OK);
    assert_int_equal(app_setting_put(t->c, "comment_banned_action", "refuse"),
                     OK);
    assert_int_equal(app_setting_put(t->c, "comment_policy", "정책"), OK);
    assert_int_equal(comment_settings_load(t->c, &t->a, &s), OK);
    assert_int_equal(s.nEditMinutes, 30);
    assert_int_equal(s.nRatePerMinute, 2);
    assert_int_equal(s.nMaxLinks, -1);
    assert_true(s.bBannedRefuse);
    assert_string_equal(s.zPolicy, "정책");
}

static void test_comments_body_checks(void **ppState)
{
    TempDb *t = *ppState;
    Arena *a = &t->a;
    assert_non_null(comment_check_body(a, ""));
    assert_non_null(comment_check_body(a, " \n\t\xe3\x80\x80"));
    assert_null(comment_check_body(a, "가"));
    char *z = calloc(4 * 1001 + 1, 1);
    for (int i = 0; i < 1000; i++) {
        memcpy(z + 3 * i, "\xea\xb0\x80", 3); /* 가 */
    }
    assert_null(comment_check_body(a, z));
    memcpy(z + 3000, "\xea\xb0\x80", 3);
    assert_string_equal(comment_check_body(a, z),
                        "댓글은 1000자까지 쓸 수 있습니다. 지금 1001자입니다. "
                        "줄여서 다시 올려 주십시오.");
    free(z);
    assert_null(comment_check_guest(a, "손님", "1234"));
    assert_non_null(comment_check_guest(a, "", "1234"));
    assert_non_null(comment_check_guest(a, "손님", "123"));
    assert_non_null(comment_check_guest(a, "a\tb", "1234"));
}

static void test_comments_screen_links_and_words(void **ppState)
{
    TempDb *t = *ppState;
    CommentSettings s;
    assert_int_equal(comment_settings_load(t->c, &t->a, &s), OK);
    const char *zWhy = NULL;
    assert_int_equal(
        comment_screen(&t->a, &s, "https://a.kr http://b.kr", &zWhy),
        COMMENT_PASS);
    assert_null(zWhy);
    assert_int_equal(comment_screen(&t->a, &s,
                                    "https://a.kr http://b.kr https://c.kr",
                                    &zWhy),
                     COMMENT_HOLD);
    assert_non_null(strstr(zWhy, "검토 후 게시됩니다"));
    s.zBannedWords = " 바카라 ,, Casino,";
    assert_int_equal(comment_screen(&t->a, &s, "무료 CASINO 쿠폰", &zWhy),
                     COMMENT_HOLD);
    s.bBannedRefuse = true;
    assert_int_equal(comment_screen(&t->a, &s, "오늘도 바카라", &zWhy),
                     COMMENT_REFUSE);
    assert_non_null(strstr(zWhy, "‘바카라’"));
    assert_int_equal(comment_screen(&t->a, &s, "평범한 글", &zWhy),
                     COMMENT_PASS);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup_db, teardown_db)

int main(void)
{
    const struct CMUnitTest aTest[] = {
        TEST(test_comments_status_names_round_trip),
        TEST(test_comments_hiding_and_restoring_keeps_counts),
        TEST(test_comments_failed_status_change_leaves_nothing),
        TEST(test_comments_threads_show_deleted_root_only_with_replies),
        TEST(test_comments_first_page_counts_threads),
        TEST(test_comments_bans_in_force_only),
        TEST(test_comments_settings_defaults_and_junk),
        TEST(test_comments_body_checks),
        TEST(test_comments_screen_links_and_words),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
