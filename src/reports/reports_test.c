/*
 * reports_test.c — unit tests for reports and takedowns: every transition
 * of the takedown state machine, allowed and refused, with the clock
 * passed in; the 30-day expiry on a temporary database, run with a clock
 * before and after the deadline (blinded → removed, objected → restored,
 * nothing decided twice); moderate() keeping the comment's status, the
 * takedown, the reports and the audit log in step; and one report per
 * reporter and target.  A standalone program:
 * `build/san/unit/reports/reports_test`.
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
#include "accounts/accounts.h"
#include "articles/articles.h"
#include "base/log.h"
#include "comments/comments.h"
#include "reports/reports.h"
#include "reports/reports_db.h"
#include "reports/reports_internal.h"
#include "site/site.h"
#include "testing/testdb.h"
#include "view/markdown.h"

#define DAY 86400
#define T0 1700000000

/* ---------------------------------------------------------------------
 * The state machine alone
 */

static void expect(TakedownState from, TakedownEvent ev, UnixTime tNow,
                   UnixTime tEnds, int rcWant, TakedownState toWant)
{
    TakedownState to = TAKEDOWN_NONE;
    assert_int_equal(takedown_next(from, ev, tNow, tEnds, &to), rcWant);
    if (rcWant == OK) {
        assert_int_equal(to, toWant);
    }
}

static void test_blind_starts_from_none_or_a_finished_takedown(void **s)
{
    (void)s;
    expect(TAKEDOWN_NONE, TAKEDOWN_BLIND, T0, 0, OK, TAKEDOWN_BLINDED);
    expect(TAKEDOWN_RESTORED, TAKEDOWN_BLIND, T0, 0, OK, TAKEDOWN_BLINDED);
    expect(TAKEDOWN_REMOVED, TAKEDOWN_BLIND, T0, 0, OK, TAKEDOWN_BLINDED);
    expect(TAKEDOWN_BLINDED, TAKEDOWN_BLIND, T0, T0 + DAY, ERR_INVALID, 0);
    expect(TAKEDOWN_OBJECTED, TAKEDOWN_BLIND, T0, T0 + DAY, ERR_INVALID, 0);
}

static void test_object_only_while_blinded_and_before_the_end(void **s)
{
    (void)s;
    UnixTime tEnds = T0 + 30 * DAY;
    expect(TAKEDOWN_BLINDED, TAKEDOWN_OBJECT, T0, tEnds, OK, TAKEDOWN_OBJECTED);
    expect(TAKEDOWN_BLINDED, TAKEDOWN_OBJECT, tEnds - 1, tEnds, OK,
           TAKEDOWN_OBJECTED);
    expect(TAKEDOWN_BLINDED, TAKEDOWN_OBJECT, tEnds, tEnds, ERR_INVALID, 0);
    expect(TAKEDOWN_OBJECTED, TAKEDOWN_OBJECT, T0, tEnds, ERR_INVALID, 0);
    expect(TAKEDOWN_NONE, TAKEDOWN_OBJECT, T0, tEnds, ERR_INVALID, 0);
    expect(TAKEDOWN_RESTORED, TAKEDOWN_OBJECT, T0, tEnds, ERR_INVALID, 0);
    expect(TAKEDOWN_REMOVED, TAKEDOWN_OBJECT, T0, tEnds, ERR_INVALID, 0);
}

static void test_restore_and_remove_end_a_running_takedown_only(void **s)
{
    (void)s;
    UnixTime tEnds = T0 + 30 * DAY;
    expect(TAKEDOWN_BLINDED, TAKEDOWN_RESTORE, T0, tEnds, OK,
           TAKEDOWN_RESTORED);
    expect(TAKEDOWN_OBJECTED, TAKEDOWN_RESTORE, T0, tEnds, OK,
           TAKEDOWN_RESTORED);
    expect(TAKEDOWN_BLINDED, TAKEDOWN_REMOVE, T0, tEnds, OK, TAKEDOWN_REMOVED);
    expect(TAKEDOWN_OBJECTED, TAKEDOWN_REMOVE, T0, tEnds, OK, TAKEDOWN_REMOVED);
    /* A moderator may still decide after the deadline, before expiry ran. */
    expect(TAKEDOWN_OBJECTED, TAKEDOWN_REMOVE, tEnds + DAY, tEnds, OK,
           TAKEDOWN_REMOVED);
    TakedownState aOver[] = {TAKEDOWN_NONE, TAKEDOWN_RESTORED,
                             TAKEDOWN_REMOVED};
    for (size_t i = 0; i < sizeof(aOver) / sizeof(aOver[0]); i++) {
        expect(aOver[i], TAKEDOWN_RESTORE, T0, tEnds, ERR_INVALID, 0);
        expect(aOver[i], TAKEDOWN_REMOVE, T0, tEnds, ERR_INVALID, 0);
    }
}

static void test_expiry_decides_at_the_deadline_and_not_before(void **s)
{
    (void)s;
    UnixTime tEnds = T0 + 30 * DAY;
    expect(TAKEDOWN_BLINDED, TAKEDOWN_EXPIRE, tEnds - 1, tEnds, ERR_INVALID, 0);
    expect(TAKEDOWN_BLINDED, TAKEDOWN_EXPIRE, tEnds, tEnds, OK,
           TAKEDOWN_REMOVED);
    expect(TAKEDOWN_OBJECTED, TAKEDOWN_EXPIRE, tEnds - 1, tEnds, ERR_INVALID,
           0);
    expect(TAKEDOWN_OBJECTED, TAKEDOWN_EXPIRE, tEnds + 5 * DAY, tEnds, OK,
           TAKEDOWN_RESTORED);
    expect(TAKEDOWN_RESTORED, TAKEDOWN_EXPIRE, tEnds, tEnds, ERR_INVALID, 0);
    expect(TAKEDOWN_REMOVED, TAKEDOWN_EXPIRE, tEnds, tEnds, ERR_INVALID, 0);
    expect(TAKEDOWN_NONE, TAKEDOWN_EXPIRE, tEnds, tEnds, ERR_INVALID, 0);
}

static void test_state_names_round_trip(void **s)
{
    (void)s;
    for (int i = TAKEDOWN_BLINDED; i <= TAKEDOWN_REMOVED; i++) {
        TakedownState st = TAKEDOWN_NONE;
        assert_true(
            takedown_state_parse(takedown_state_name((TakedownState)i), &st));
        assert_int_equal(st, i);
    }
    TakedownState st = TAKEDOWN_NONE;
    assert_false(takedown_state_parse("deleted", &st));
    assert_false(takedown_state_parse(NULL, &st));
    assert_string_equal(report_reason_label("privacy"), "개인정보 노출");
    assert_string_equal(report_reason_label("unknown"), "unknown");
}

/* ---------------------------------------------------------------------
 * On a database
 */

typedef struct TempDb {
    char zPath[TESTDB_PATH_MAX]; /* the file */
    Store *pStore;               /* open pool */
    Arena a;                     /* for the connection and text */
    StoreConn *c;                /* one connection */
    int64_t article;             /* articles.id */
    int64_t mod;                 /* a moderator's accounts.id */
} TempDb;

static int setup_db(void **ppState)
{
    TempDb *t = calloc(1, sizeof(*t));
    testdb_path(t->zPath, "reports");
    log_set_level((LogLevel)(LOG_ERROR + 1));
    markdown_init();
    assert_int_equal(store_open(t->zPath, 2, &g_schema, &t->pStore), OK);
    arena_init(&t->a);
    assert_int_equal(store_conn(t->pStore, &t->a, &t->c), OK);
    t->article = testdb_add_article(t->c, &t->a);
    char zErr[200];
    password_use_min_cost();
    assert_int_equal(account_create(t->c, "mod", "모더", "password123",
                                    ROLE_MODERATOR, &t->mod, zErr),
                     OK);
    *ppState = t;
    return 0;
}

static int teardown_db(void **ppState)
{
    TempDb *t = *ppState;
    arena_close(&t->a);
    store_close(t->pStore);
    testdb_remove(t->zPath);
    free(t);
    return 0;
}

/* A visible guest comment on the article, counted. */
static int64_t add_comment(TempDb *t)
{
    StoreStmt *st = NULL;
    assert_int_equal(
        store_prepare(
            t->c,
            "INSERT INTO comments(article_id, author_name, body,"
            " status, network, created_at)"
            " VALUES (?, '손님', '댓글', 'visible', '10.0.0.0/24', ?)",
            &st),
        OK);
    store_bind_int(st, 1, t->article);
    store_bind_int(st, 2, T0);
    assert_int_equal(store_exec(st), OK);
    int64_t id = store_last_id(t->c);
    assert_int_equal(article_db_add_comments(t->c, t->article, 1), OK);
    return id;
}

static CommentStatus status_of(TempDb *t, int64_t id)
{
    Comment cm;
    assert_int_equal(comment_get(t->c, &t->a, id, &cm), OK);
    return cm.status;
}

static int64_t visible_count(TempDb *t)
{
    Article art;
    assert_int_equal(article_db_get(t->c, &t->a, t->article, &art), OK);
    return art.nComment;
}

static TakedownState takedown_of(TempDb *t, int64_t id)
{
    Takedown td;
    assert_int_equal(takedown_db_latest(t->c, &t->a, id, &td), OK);
    return td.state;
}

static int log_rows(TempDb *t, int64_t id)
{
    ModLog *aL = NULL;
    int n = 0;
    assert_int_equal(
        modlog_db_for(t->c, &t->a, REPORT_COMMENT, id, 100, &aL, &n), OK);
    return n;
}

/* moderate() in its own transaction; return the refusal or NULL. */
static const char *act(TempDb *t, int64_t actorId, int64_t id, ModAction action,
                       UnixTime tNow)
{
    ReportSettings s = {5, 30};
    ModActor who = {actorId, actorId ? "모더" : "시스템"};
    const char *zNo = NULL;
    assert_int_equal(store_begin(t->c), OK);
    assert_int_equal(moderate(t->c, &t->a, &who, REPORT_COMMENT, id, action,
                              "사유", &s, tNow, &zNo, NULL),
                     OK);
    if (zNo == NULL) {
        assert_int_equal(store_commit(t->c), OK);
    } else {
        store_rollback(t->c);
    }
    return zNo;
}

static void add_report(TempDb *t, int64_t id, const char *zReporter, int rcWant)
{
    Report r;
    memset(&r, 0, sizeof(r));
    r.kind = REPORT_COMMENT;
    r.targetId = id;
    r.zReporter = (char *)zReporter;
    r.zReason = "spam";
    r.zDescription = "";
    r.zContact = "";
    r.tCreated = T0;
    assert_int_equal(report_db_insert(t->c, &r, 0), rcWant);
}

static void test_blind_hides_the_comment_and_expiry_removes_it(void **s)
{
    TempDb *t = *s;
    int64_t id = add_comment(t);
    assert_int_equal(visible_count(t), 1);
    assert_null(act(t, 0, id, MOD_BLIND, T0));
    assert_int_equal(status_of(t, id), COMMENT_BLINDED);
    assert_int_equal(takedown_of(t, id), TAKEDOWN_BLINDED);
    assert_int_equal(visible_count(t), 0);

    int nDone = -1;
    assert_int_equal(reports_expire_due(t->c, T0 + 30 * DAY - 1, &nDone), OK);
    assert_int_equal(nDone, 0);
    assert_int_equal(status_of(t, id), COMMENT_BLINDED);

    assert_int_equal(reports_expire_due(t->c, T0 + 30 * DAY, &nDone), OK);
    assert_int_equal(nDone, 1);
    assert_int_equal(status_of(t, id), COMMENT_REMOVED);
    assert_int_equal(takedown_of(t, id), TAKEDOWN_REMOVED);
    /* Run again (another process, the next minute): nothing more. */
    assert_int_equal(reports_expire_due(t->c, T0 + 31 * DAY, &nDone), OK);
    assert_int_equal(nDone, 0);
    assert_int_equal(log_rows(t, id), 2); /* blind, expire */
}

static void test_an_objection_means_expiry_restores(void **s)
{
    TempDb *t = *s;
    int64_t id = add_comment(t);
    assert_null(act(t, t->mod, id, MOD_BLIND, T0));
    assert_null(act(t, 0, id, MOD_OBJECT, T0 + DAY));
    assert_int_equal(takedown_of(t, id), TAKEDOWN_OBJECTED);
    assert_int_equal(status_of(t, id), COMMENT_BLINDED);
    /* A second objection is refused. */
    assert_non_null(act(t, 0, id, MOD_OBJECT, T0 + 2 * DAY));
    int nDone = 0;
    assert_int_equal(reports_expire_due(t->c, T0 + 30 * DAY, &nDone), OK);
    assert_int_equal(nDone, 1);
    assert_int_equal(status_of(t, id), COMMENT_VISIBLE);
    assert_int_equal(takedown_of(t, id), TAKEDOWN_RESTORED);
    assert_int_equal(visible_count(t), 1);
    assert_int_equal(log_rows(t, id), 3); /* blind, object, expire */
}

static void test_objection_after_the_deadline_is_refused(void **s)
{
    TempDb *t = *s;
    int64_t id = add_comment(t);
    assert_null(act(t, t->mod, id, MOD_BLIND, T0));
    assert_non_null(act(t, 0, id, MOD_OBJECT, T0 + 30 * DAY));
    assert_int_equal(takedown_of(t, id), TAKEDOWN_BLINDED);
}

static void test_moderator_decisions_and_refusals(void **s)
{
    TempDb *t = *s;
    int64_t id = add_comment(t);
    /* Plain moderation without a takedown, and back. */
    assert_null(act(t, t->mod, id, MOD_HIDE, T0));
    assert_int_equal(status_of(t, id), COMMENT_HIDDEN);
    assert_non_null(act(t, t->mod, id, MOD_HIDE, T0));    /* already hidden */
    assert_non_null(act(t, t->mod, id, MOD_APPROVE, T0)); /* not held */
    assert_null(act(t, t->mod, id, MOD_RESTORE, T0));
    assert_int_equal(status_of(t, id), COMMENT_VISIBLE);
    assert_non_null(act(t, t->mod, id, MOD_RESTORE, T0)); /* already visible */
    /* A running takedown is settled only by restore or remove. */
    assert_null(act(t, t->mod, id, MOD_BLIND, T0));
    assert_non_null(act(t, t->mod, id, MOD_BLIND, T0));
    assert_non_null(act(t, t->mod, id, MOD_HIDE, T0));
    assert_non_null(act(t, t->mod, id, MOD_APPROVE, T0));
    assert_null(act(t, t->mod, id, MOD_REMOVE, T0 + DAY));
    assert_int_equal(status_of(t, id), COMMENT_REMOVED);
    assert_int_equal(takedown_of(t, id), TAKEDOWN_REMOVED);
    /* Nothing is gone: a removed comment comes back. */
    assert_null(act(t, t->mod, id, MOD_RESTORE, T0 + 2 * DAY));
    assert_int_equal(status_of(t, id), COMMENT_VISIBLE);
    assert_int_equal(visible_count(t), 1);
    /* Refusals write no log row. */
    assert_int_equal(log_rows(t, id),
                     5); /* hide, restore, blind, remove, restore */
}

static void test_one_report_per_reporter_and_a_decision_closes_them(void **s)
{
    TempDb *t = *s;
    int64_t id = add_comment(t);
    add_report(t, id, "a:1", OK);
    add_report(t, id, "a:1", ERR_CONSTRAINT);
    add_report(t, id, "n:10.0.0.0/24", OK);
    int64_t n = 0;
    assert_int_equal(report_db_count_open(t->c, REPORT_COMMENT, id, &n), OK);
    assert_int_equal(n, 2);
    ReportGroup *aG = NULL;
    int nG = 0;
    assert_int_equal(report_db_queue(t->c, &t->a, 0, 10, &aG, &nG), OK);
    assert_int_equal(nG, 1);
    assert_int_equal(aG[0].nReporter, 2);
    /* The system's blinding leaves them for a moderator ... */
    assert_null(act(t, 0, id, MOD_BLIND, T0));
    assert_int_equal(report_db_count_open(t->c, REPORT_COMMENT, id, &n), OK);
    assert_int_equal(n, 2);
    /* ... whose decision closes them. */
    assert_null(act(t, t->mod, id, MOD_RESTORE, T0));
    assert_int_equal(report_db_count_open(t->c, REPORT_COMMENT, id, &n), OK);
    assert_int_equal(n, 0);
}

static void test_queue_orders_by_reporters_then_age(void **s)
{
    TempDb *t = *s;
    int64_t a = add_comment(t), b = add_comment(t), c = add_comment(t);
    add_report(t, a, "a:1", OK);
    add_report(t, b, "a:1", OK);
    add_report(t, b, "a:2", OK);
    add_report(t, c, "a:3", OK);
    ReportGroup *aG = NULL;
    int nG = 0;
    assert_int_equal(report_db_queue(t->c, &t->a, 0, 10, &aG, &nG), OK);
    assert_int_equal(nG, 3);
    assert_int_equal(aG[0].targetId, b);
    assert_int_equal(aG[1].targetId, a); /* same count, a reported first */
    assert_int_equal(aG[2].targetId, c);
}

#define TDB(fn) cmocka_unit_test_setup_teardown(fn, setup_db, teardown_db)

int main(void)
{
    const struct CMUnitTest aTest[] = {
        cmocka_unit_test(test_blind_starts_from_none_or_a_finished_takedown),
        cmocka_unit_test(test_object_only_while_blinded_and_before_the_end),
        cmocka_unit_test(test_restore_and_remove_end_a_running_takedown_only),
        cmocka_unit_test(test_expiry_decides_at_the_deadline_and_not_before),
        cmocka_unit_test(test_state_names_round_trip),
        TDB(test_blind_hides_the_comment_and_expiry_removes_it),
        TDB(test_an_objection_means_expiry_restores),
        TDB(test_objection_after_the_deadline_is_refused),
        TDB(test_moderator_decisions_and_refusals),
        TDB(test_one_report_per_reporter_and_a_decision_closes_them),
        TDB(test_queue_orders_by_reporters_then_age),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
