/*
 * article_edit_test.c — unit tests for the newsroom's half of articles/
 * on a temporary database: a draft and its first revision, a save that
 * bumps the version and one that started from an old version (refused,
 * nothing written), the times article_edit_next() keeps (기사입력 once,
 * 기사수정 on a published title or body), the scheduler publishing each
 * due article once however often it runs, cache tags recorded only for
 * what readers see, autosaves kept per account, authorship through the
 * byline, and a write failing at any statement leaving nothing behind.
 * A standalone program: `build/san/unit/articles/article_edit_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "accounts/accounts.h"
#include "articles/article_edit.h"
#include "base/log.h"
#include "site/site.h"
#include "testing/testdb.h"
#include "view/markdown.h"

#define T0 1700000000

typedef struct TempDb {
    char zPath[TESTDB_PATH_MAX]; /* the file */
    Store *pStore;               /* open pool */
    Arena a;                     /* for the connection and text */
    StoreConn *c;                /* one connection */
    int64_t section;             /* sections.id ("s") */
    int64_t section2;            /* a second section ("t") */
    int64_t reporter;            /* accounts.id of a reporter */
    int64_t person;              /* people.id linked to the reporter */
    int64_t other;               /* people.id of a person without an account */
} TempDb;

static int setup_db(void **ppState)
{
    TempDb *t = calloc(1, sizeof(*t));
    testdb_path(t->zPath, "article-edit");
    log_set_level(getenv("TEST_LOG") ? LOG_DEBUG : (LogLevel)(LOG_ERROR + 1));
    markdown_init();
    assert_int_equal(store_open(t->zPath, 2, &g_schema, &t->pStore), OK);
    arena_init(&t->a);
    assert_int_equal(store_conn(t->pStore, &t->a, &t->c), OK);
    assert_int_equal(site_db_add_section(t->c, "s", "산업", 1, &t->section),
                     OK);
    assert_int_equal(site_db_add_section(t->c, "t", "경제", 2, &t->section2),
                     OK);
    char zErr[200];
    password_use_min_cost();
    assert_int_equal(account_create(t->c, "rep", "기자", "password123",
                                    ROLE_REPORTER, &t->reporter, zErr),
                     OK);
    Person p = {0, "홍보영", "", "", ""};
    assert_int_equal(
        person_db_insert_for_account(t->c, &p, t->reporter, T0, &t->person),
        OK);
    Person q = {0, "김기자", "", "", ""};
    assert_int_equal(person_db_insert(t->c, &q, T0, &t->other), OK);
    assert_int_equal(site_open(t->pStore), OK);
    *ppState = t;
    return 0;
}

static int teardown_db(void **ppState)
{
    TempDb *t = *ppState;
    site_close();
    arena_close(&t->a);
    store_close(t->pStore);
    testdb_remove(t->zPath);
    free(t);
    return 0;
}

/* A text with the reporter's byline. */
static ArticleText text(TempDb *t, const char *zTitle, const char *zBody)
{
    ArticleText x;
    memset(&x, 0, sizeof(x));
    x.sectionId = t->section;
    x.zTitle = zTitle;
    x.zSubtitle = "부제";
    x.zDateline = "[산업일보]";
    x.zSummary = "";
    x.zBodyMd = zBody;
    x.aAuthor[0] = t->person;
    x.nAuthor = 1;
    x.azKeyword[0] = "반도체";
    x.nKeyword = 1;
    return x;
}

static int64_t insert(TempDb *t, const ArticleText *x)
{
    int64_t id = 0;
    assert_int_equal(store_begin(t->c), OK);
    assert_int_equal(
        article_edit_insert(t->c, &t->a, x, t->reporter, T0, "새 기사", &id),
        OK);
    assert_int_equal(store_commit(t->c), OK);
    return id;
}

static ArticleEdit get(TempDb *t, int64_t id)
{
    ArticleEdit e;
    assert_int_equal(article_edit_get(t->c, &t->a, id, &e), OK);
    return e;
}

/* Do 'action' to article 'id' at 'tNow' with text 'pText' (NULL: keep),
   in a transaction; return article_edit_write()'s code. */
static int act(TempDb *t, int64_t id, ArticleAction action,
               const ArticleText *pText, UnixTime tNow, UnixTime tScheduled)
{
    ArticleEdit cur, next;
    int rc = store_begin(t->c);
    if (rc == OK) {
        rc = article_edit_get(t->c, &t->a, id, &cur);
    }
    if (rc == OK) {
        article_edit_next(&cur, action, pText, t->reporter, tNow, tScheduled,
                          "고쳐 주세요", &next);
        rc = article_edit_write(t->c, &t->a, &cur, &next, t->reporter, tNow,
                                pText ? "save" : "status", "메모");
    }
    const char **azTag = NULL;
    int nTag = 0;
    if (rc == OK) {
        rc = article_edit_changes(t->c, &t->a, &cur, &next, &azTag, &nTag);
    }
    if (rc == OK) {
        rc = store_commit(t->c);
    }
    if (rc != OK) {
        store_rollback(t->c);
    }
    return rc;
}

static int64_t count(TempDb *t, const char *zWhat, int64_t id)
{
    StoreStmt *st = NULL;
    int64_t n = -1;
    if (strcmp(zWhat, "revisions") == 0) {
        assert_int_equal(store_prepare(t->c,
                                       "SELECT count(*) FROM article_revisions"
                                       " WHERE article_id = ?",
                                       &st),
                         OK);
        store_bind_int(st, 1, id);
    } else {
        assert_int_equal(
            store_prepare(t->c, "SELECT count(*) FROM cache_events", &st), OK);
    }
    assert_int_equal(store_step_int(st, &n), OK);
    return n;
}

static void test_a_draft_is_version_1_with_its_first_revision(void **ppState)
{
    TempDb *t = *ppState;
    ArticleText x = text(t, "첫 기사", "본문 **굵게**");
    x.azKeyword[1] = "수출";
    x.nKeyword = 2;
    x.aAuthor[1] = t->other;
    x.nAuthor = 2;
    int64_t id = insert(t, &x);
    ArticleEdit e = get(t, id);
    assert_int_equal(e.version, 1);
    assert_int_equal(e.state, ARTICLE_DRAFT);
    assert_true(article_text_equal(&e.text, &x));
    assert_int_equal(e.createdBy, t->reporter);
    assert_string_equal(e.zUpdatedByName, "홍보영");
    ArticleRevision r;
    assert_int_equal(article_revision_get(t->c, &t->a, id, 1, &r), OK);
    assert_true(article_text_equal(&r.text, &x));
    assert_string_equal(r.zKind, "save");
    assert_string_equal(r.zNote, "새 기사");
    assert_string_equal(r.zAccountName, "홍보영");
    /* Readers do not see a draft. */
    Article art;
    assert_int_equal(article_db_get(t->c, &t->a, id, &art), ERR_NOTFOUND);
}

static void test_a_save_from_an_old_version_writes_nothing(void **ppState)
{
    TempDb *t = *ppState;
    ArticleText x = text(t, "제목", "본문");
    int64_t id = insert(t, &x);
    ArticleText y = text(t, "새 제목", "새 본문");
    assert_int_equal(act(t, id, ARTICLE_SAVE, &y, T0 + 10, 0), OK);
    assert_int_equal(get(t, id).version, 2);
    /* Someone still holding version 1 writes over it: refused. */
    assert_int_equal(store_begin(t->c), OK);
    ArticleEdit old = get(t, id);
    old.version = 1;
    old.text = x;
    ArticleText z = text(t, "늦은 제목", "늦은 본문");
    ArticleEdit next;
    article_edit_next(&old, ARTICLE_SAVE, &z, t->reporter, T0 + 20, 0, NULL,
                      &next);
    assert_int_equal(article_edit_write(t->c, &t->a, &old, &next, t->reporter,
                                        T0 + 20, "save", ""),
                     ERR_NOTFOUND);
    store_rollback(t->c);
    ArticleEdit e = get(t, id);
    assert_int_equal(e.version, 2);
    assert_string_equal(e.text.zTitle, "새 제목");
    assert_int_equal(count(t, "revisions", id), 2);
}

static void test_published_times_follow_the_workflow(void **ppState)
{
    TempDb *t = *ppState;
    ArticleText x = text(t, "제목", "본문");
    int64_t id = insert(t, &x);
    assert_int_equal(act(t, id, ARTICLE_SUBMIT, NULL, T0 + 1, 0), OK);
    ArticleEdit e = get(t, id);
    assert_int_equal(e.state, ARTICLE_REVIEW);
    assert_int_equal(e.tSubmitted, T0 + 1);
    assert_int_equal(act(t, id, ARTICLE_SEND_BACK, NULL, T0 + 2, 0), OK);
    assert_string_equal(get(t, id).zDeskNote, "고쳐 주세요");
    assert_int_equal(act(t, id, ARTICLE_PUBLISH, NULL, T0 + 3, 0), OK);
    e = get(t, id);
    assert_int_equal(e.state, ARTICLE_PUBLISHED);
    assert_int_equal(e.tPublished, T0 + 3);
    assert_int_equal(e.tModified, 0);
    /* A keyword is not the title or the body: no 기사수정. */
    ArticleText y = x;
    y.azKeyword[0] = "소재";
    assert_int_equal(act(t, id, ARTICLE_SAVE, &y, T0 + 4, 0), OK);
    assert_int_equal(get(t, id).tModified, 0);
    y.zBodyMd = "고친 본문";
    assert_int_equal(act(t, id, ARTICLE_SAVE, &y, T0 + 5, 0), OK);
    e = get(t, id);
    assert_int_equal(e.tPublished, T0 + 3);
    assert_int_equal(e.tModified, T0 + 5);
    Article art;
    assert_int_equal(article_db_get(t->c, &t->a, id, &art), OK);
    assert_string_equal(art.zBodyHtml, "<p>고친 본문</p>\n");
    /* Retracted: readers lose it; 기사입력 stays for the record. */
    assert_int_equal(act(t, id, ARTICLE_RETRACT, NULL, T0 + 6, 0), OK);
    e = get(t, id);
    assert_int_equal(e.tRetracted, T0 + 6);
    assert_int_equal(e.tPublished, T0 + 3);
    assert_int_equal(article_db_get(t->c, &t->a, id, &art), ERR_NOTFOUND);
    assert_int_equal(count(t, "revisions", id), 7);
}

static void test_the_scheduler_publishes_each_due_article_once(void **ppState)
{
    TempDb *t = *ppState;
    ArticleText x = text(t, "예약 기사", "본문");
    int64_t id = insert(t, &x);
    int64_t id2 = insert(t, &x);
    assert_int_equal(act(t, id, ARTICLE_SCHEDULE, NULL, T0, T0 + 120), OK);
    assert_int_equal(act(t, id2, ARTICLE_SCHEDULE, NULL, T0, T0 + 180), OK);
    int nDone = -1;
    assert_int_equal(article_publish_due(t->c, T0 + 119, &nDone), OK);
    assert_int_equal(nDone, 0);
    assert_int_equal(get(t, id).state, ARTICLE_SCHEDULED);
    int64_t nEvents = count(t, "events", 0);
    assert_int_equal(article_publish_due(t->c, T0 + 125, &nDone), OK);
    assert_int_equal(nDone, 1);
    ArticleEdit e = get(t, id);
    assert_int_equal(e.state, ARTICLE_PUBLISHED);
    assert_int_equal(e.tPublished, T0 + 120); /* the minute it was due */
    assert_int_equal(e.tScheduled, 0);
    /* article, articles, front, section, reporter. */
    assert_int_equal(count(t, "events", 0), nEvents + 5);
    /* A second process running the same job later finds nothing to do. */
    StoreConn *c2 = NULL;
    assert_int_equal(store_conn(t->pStore, &t->a, &c2), OK);
    assert_int_equal(article_publish_due(c2, T0 + 125, &nDone), OK);
    assert_int_equal(nDone, 0);
    assert_int_equal(article_publish_due(c2, T0 + 200, &nDone), OK);
    assert_int_equal(nDone, 1);
    /* End the read snapshot t->c still holds from its last query. */
    assert_int_equal(store_begin(t->c), OK);
    store_rollback(t->c);
    assert_int_equal(get(t, id2).state, ARTICLE_PUBLISHED);
    assert_int_equal(article_publish_due(t->c, T0 + 300, &nDone), OK);
    assert_int_equal(nDone, 0);
    ArticleRevision r;
    assert_int_equal(article_revision_get(t->c, &t->a, id, 3, &r), OK);
    assert_int_equal(r.accountId, 0);
    assert_string_equal(r.zKind, "status");
    assert_int_equal(r.state, ARTICLE_PUBLISHED);
    assert_int_equal(count(t, "revisions", id), 3);
}

static void
test_drafts_record_no_cache_change_published_ones_all(void **ppState)
{
    TempDb *t = *ppState;
    ArticleText x = text(t, "제목", "본문");
    int64_t id = insert(t, &x);
    int64_t n0 = count(t, "events", 0);
    ArticleText y = text(t, "제목2", "본문");
    assert_int_equal(act(t, id, ARTICLE_SAVE, &y, T0 + 1, 0), OK);
    assert_int_equal(count(t, "events", 0), n0);
    assert_int_equal(act(t, id, ARTICLE_PUBLISH, NULL, T0 + 2, 0), OK);
    assert_int_equal(count(t, "events", 0), n0 + 5);
    /* Moved to another section with another byline: both sections and
       both reporters lose their pages. */
    ArticleText z = y;
    z.sectionId = t->section2;
    z.aAuthor[0] = t->other;
    assert_int_equal(store_begin(t->c), OK);
    ArticleEdit cur = get(t, id), next;
    article_edit_next(&cur, ARTICLE_SAVE, &z, t->reporter, T0 + 3, 0, NULL,
                      &next);
    assert_int_equal(article_edit_write(t->c, &t->a, &cur, &next, t->reporter,
                                        T0 + 3, "save", ""),
                     OK);
    const char **azTag = NULL;
    int nTag = 0;
    assert_int_equal(
        article_edit_changes(t->c, &t->a, &cur, &next, &azTag, &nTag), OK);
    assert_int_equal(store_commit(t->c), OK);
    assert_int_equal(nTag, 7);
    const char *azWant[] = {"articles", "front", "section:s", "section:t"};
    for (size_t i = 0; i < sizeof(azWant) / sizeof(azWant[0]); i++) {
        bool bFound = false;
        for (int k = 0; k < nTag; k++) {
            bFound = bFound || strcmp(azTag[k], azWant[i]) == 0;
        }
        assert_true(bFound);
    }
}

static void test_autosaves_are_per_account_and_never_the_article(void **ppState)
{
    TempDb *t = *ppState;
    ArticleText x = text(t, "제목", "본문");
    int64_t id = insert(t, &x);
    char zErr[200];
    int64_t editor = 0;
    assert_int_equal(account_create(t->c, "desk", "데스크", "password123",
                                    ROLE_EDITOR, &editor, zErr),
                     OK);
    ArticleText mine = text(t, "기자의 자동 저장", "가");
    ArticleText theirs = text(t, "데스크의 자동 저장", "나");
    assert_int_equal(
        article_autosave_put(t->c, id, t->reporter, 1, T0 + 30, &mine), OK);
    assert_int_equal(
        article_autosave_put(t->c, id, editor, 1, T0 + 40, &theirs), OK);
    mine.zBodyMd = "가나다";
    assert_int_equal(
        article_autosave_put(t->c, id, t->reporter, 1, T0 + 60, &mine), OK);
    ArticleAutosave as;
    assert_int_equal(article_autosave_get(t->c, &t->a, id, t->reporter, &as),
                     OK);
    assert_string_equal(as.text.zBodyMd, "가나다");
    assert_int_equal(as.tSaved, T0 + 60);
    assert_true(article_text_equal(&as.text, &mine));
    assert_int_equal(article_autosave_get(t->c, &t->a, id, editor, &as), OK);
    assert_string_equal(as.text.zTitle, "데스크의 자동 저장");
    assert_string_equal(get(t, id).text.zTitle, "제목");
    assert_int_equal(get(t, id).version, 1);
    assert_int_equal(article_autosave_delete(t->c, id, t->reporter), OK);
    assert_int_equal(article_autosave_get(t->c, &t->a, id, t->reporter, &as),
                     ERR_NOTFOUND);
    assert_int_equal(article_autosave_get(t->c, &t->a, id, editor, &as), OK);
}

static void test_authors_are_the_creator_and_linked_bylines(void **ppState)
{
    TempDb *t = *ppState;
    char zErr[200];
    int64_t second = 0, third = 0, person2 = 0;
    assert_int_equal(account_create(t->c, "rep2", "둘째", "password123",
                                    ROLE_REPORTER, &second, zErr),
                     OK);
    assert_int_equal(account_create(t->c, "rep3", "셋째", "password123",
                                    ROLE_REPORTER, &third, zErr),
                     OK);
    Person p = {0, "둘째 기자", "", "", ""};
    assert_int_equal(
        person_db_insert_for_account(t->c, &p, second, T0, &person2), OK);
    /* One person per account. */
    int64_t dup = 0;
    assert_int_equal(person_db_insert_for_account(t->c, &p, second, T0, &dup),
                     ERR_CONSTRAINT);
    int64_t found = 0;
    assert_int_equal(person_db_by_account(t->c, second, &found), OK);
    assert_int_equal(found, person2);
    ArticleText x = text(t, "공동 기사", "본문");
    x.aAuthor[1] = person2;
    x.nAuthor = 2;
    int64_t id = insert(t, &x);
    bool b = false;
    assert_int_equal(article_edit_is_author(t->c, id, t->reporter, &b), OK);
    assert_true(b);
    assert_int_equal(article_edit_is_author(t->c, id, second, &b), OK);
    assert_true(b);
    assert_int_equal(article_edit_is_author(t->c, id, third, &b), OK);
    assert_false(b);
    ArticleEditRow *aRow = NULL;
    int nRow = 0;
    assert_int_equal(article_edit_list(t->c, &t->a, ARTICLE_LIST_MY_DRAFTS,
                                       second, 10, &aRow, &nRow),
                     OK);
    assert_int_equal(nRow, 1);
    assert_int_equal(aRow[0].id, id);
    assert_int_equal(article_edit_list(t->c, &t->a, ARTICLE_LIST_MY_DRAFTS,
                                       third, 10, &aRow, &nRow),
                     OK);
    assert_int_equal(nRow, 0);
}

static void test_a_failed_write_leaves_nothing_half_written(void **ppState)
{
    TempDb *t = *ppState;
    ArticleText x = text(t, "제목", "본문");
    int64_t id = insert(t, &x);
    assert_int_equal(act(t, id, ARTICLE_PUBLISH, NULL, T0 + 1, 0), OK);
    int64_t nEvents = count(t, "events", 0);
    ArticleText y = text(t, "고친 제목", "고친 본문");
    y.azKeyword[0] = "새 키워드";
    y.aAuthor[1] = t->other;
    y.nAuthor = 2;
    for (int n = 1; n <= 30; n++) {
        store_test_fail_after(n);
        int rc = act(t, id, ARTICLE_SAVE, &y, T0 + 2, 0);
        store_test_fail_after(0);
        ArticleEdit e = get(t, id);
        if (rc == OK) {
            assert_true(n > 5);
            assert_int_equal(e.version, 3);
            assert_true(article_text_equal(&e.text, &y));
            return;
        }
        assert_int_equal(e.version, 2);
        assert_true(article_text_equal(&e.text, &x));
        assert_int_equal(count(t, "revisions", id), 2);
        assert_int_equal(count(t, "events", 0), nEvents);
    }
    fail_msg("the save never succeeded");
}

static void test_text_changes_name_the_fields(void **ppState)
{
    TempDb *t = *ppState;
    ArticleText x = text(t, "제목", "본문");
    ArticleText y = x;
    assert_string_equal(article_text_changes(&t->a, &x, &y), "");
    y.zTitle = "새 제목";
    y.zBodyMd = "새 본문";
    y.nKeyword = 0;
    assert_string_equal(article_text_changes(&t->a, &x, &y),
                        "제목·키워드·본문");
}

#define TDB(fn) cmocka_unit_test_setup_teardown(fn, setup_db, teardown_db)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TDB(test_a_draft_is_version_1_with_its_first_revision),
        TDB(test_a_save_from_an_old_version_writes_nothing),
        TDB(test_published_times_follow_the_workflow),
        TDB(test_the_scheduler_publishes_each_due_article_once),
        TDB(test_drafts_record_no_cache_change_published_ones_all),
        TDB(test_autosaves_are_per_account_and_never_the_article),
        TDB(test_authors_are_the_creator_and_linked_bylines),
        TDB(test_a_failed_write_leaves_nothing_half_written),
        TDB(test_text_changes_name_the_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
