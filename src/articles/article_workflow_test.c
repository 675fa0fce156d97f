/*
 * article_workflow_test.c — unit tests for article_transition(): every
 * state × action × kind of actor against the table of docs/newsroom.md,
 * written out here cell by cell, plus the names and labels.  A
 * standalone program: `build/san/unit/articles/article_workflow_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "articles/article_workflow.h"

/* Kinds of actor the table distinguishes. */
enum {
    EDITOR,          /* editor role, not the author */
    EDITOR_AUTHOR,   /* editor role, the author */
    ADMIN,           /* admin role, not the author */
    REPORTER_AUTHOR, /* reporter role, the author */
    REPORTER_OTHER,  /* reporter role, someone else's article */
    READER_AUTHOR,   /* lost the reporter role, still on the byline */
    MODERATOR,       /* moderator role only */
    ACTOR_COUNT
};

static const unsigned aRoles[ACTOR_COUNT] = {
    ROLE_EDITOR | ROLE_READER,
    ROLE_EDITOR | ROLE_REPORTER,
    ROLE_ADMIN,
    ROLE_REPORTER | ROLE_READER,
    ROLE_REPORTER,
    ROLE_READER,
    ROLE_MODERATOR | ROLE_READER,
};
static const bool abAuthor[ACTOR_COUNT] = {false, true, false, true,
                                           false, true, false};

/* Short codes for the expected table: A(llowed → state), F(orbidden),
   W(rong state). */
#define F -1
#define W -2
#define D ARTICLE_DRAFT
#define R ARTICLE_REVIEW
#define S ARTICLE_SCHEDULED
#define P ARTICLE_PUBLISHED
#define X ARTICLE_RETRACTED

/*
 * aWant[action][from][actor]: the state after, or F or W.  Read a row as
 * "from draft: editor, editor-author, admin, reporter-author,
 * reporter-other, reader-author, moderator".
 */
static const int aWant[ARTICLE_GO_LIVE][ARTICLE_STATE_COUNT][ACTOR_COUNT] =
    {
        [ARTICLE_OPEN] =
            {
                {D, D, D, D, F, F, F},
                {R, R, R, R, F, F, F},
                {S, S, S, S, F, F, F},
                {P, P, P, P, F, F, F},
                {X, X, X, X, F, F, F},
            },
        [ARTICLE_SAVE] =
            {
                {D, D, D, D, F, F, F},
                {R, R, R, W, F, F, F},
                {S, S, S, W, F, F, F},
                {P, P, P, W, F, F, F},
                {X, X, X, W, F, F, F},
            },
        [ARTICLE_SUBMIT] =
            {
                {F, R, F, R, F, F, F},
                {F, W, F, W, F, F, F},
                {F, W, F, W, F, F, F},
                {F, W, F, W, F, F, F},
                {F, W, F, W, F, F, F},
            },
        [ARTICLE_SEND_BACK] =
            {
                {W, W, W, F, F, F, F},
                {D, D, D, F, F, F, F},
                {W, W, W, F, F, F, F},
                {W, W, W, F, F, F, F},
                {W, W, W, F, F, F, F},
            },
        [ARTICLE_PUBLISH] =
            {
                {P, P, P, F, F, F, F},
                {P, P, P, F, F, F, F},
                {P, P, P, F, F, F, F},
                {W, W, W, F, F, F, F},
                {W, W, W, F, F, F, F},
            },
        [ARTICLE_SCHEDULE] =
            {
                {S, S, S, F, F, F, F},
                {S, S, S, F, F, F, F},
                {S, S, S, F, F, F, F},
                {W, W, W, F, F, F, F},
                {W, W, W, F, F, F, F},
            },
        [ARTICLE_UNSCHEDULE] =
            {
                {W, W, W, F, F, F, F},
                {W, W, W, F, F, F, F},
                {R, R, R, F, F, F, F},
                {W, W, W, F, F, F, F},
                {W, W, W, F, F, F, F},
            },
        [ARTICLE_RETRACT] =
            {
                {W, W, W, F, F, F, F},
                {W, W, W, F, F, F, F},
                {X, X, X, F, F, F, F},
                {X, X, X, F, F, F, F},
                {W, W, W, F, F, F, F},
            },
        [ARTICLE_REOPEN] =
            {
                {W, W, W, F, F, F, F},
                {W, W, W, F, F, F, F},
                {W, W, W, F, F, F, F},
                {W, W, W, F, F, F, F},
                {D, D, D, F, F, F, F},
            },
};

static void test_every_state_action_and_actor_follows_the_table(void **state)
{
    (void)state;
    int nChecked = 0;
    for (int act = 0; act < ARTICLE_GO_LIVE; act++) {
        for (int from = 0; from < ARTICLE_STATE_COUNT; from++) {
            for (int who = 0; who < ACTOR_COUNT; who++) {
                ArticleState to = (ArticleState)99;
                const char *zWhy = NULL;
                ArticleVerdict v =
                    article_transition((ArticleState)from, (ArticleAction)act,
                                       aRoles[who], abAuthor[who], &to, &zWhy);
                int want = aWant[act][from][who];
                if (want == F || want == W) {
                    if (v !=
                        (want == F ? ARTICLE_FORBIDDEN : ARTICLE_WRONG_STATE)) {
                        fail_msg("%s from %s by actor %d: verdict %d, want %s",
                                 article_action_name((ArticleAction)act),
                                 article_state_name((ArticleState)from), who, v,
                                 want == F ? "forbidden" : "wrong state");
                    }
                    /* A refusal says why, and leaves the state alone. */
                    assert_non_null(zWhy);
                    assert_true(strlen(zWhy) > 0);
                    assert_int_equal(to, 99);
                } else {
                    if (v != ARTICLE_ALLOWED || (int)to != want) {
                        fail_msg("%s from %s by actor %d: verdict %d to %d, "
                                 "want %s",
                                 article_action_name((ArticleAction)act),
                                 article_state_name((ArticleState)from), who, v,
                                 to, article_state_name((ArticleState)want));
                    }
                }
                nChecked++;
            }
        }
    }
    assert_int_equal(nChecked, 9 * 5 * 7);
}

static void test_a_reporter_publishing_is_forbidden_with_a_reason(void **state)
{
    (void)state;
    ArticleState to = ARTICLE_DRAFT;
    const char *zWhy = NULL;
    assert_int_equal(article_transition(ARTICLE_REVIEW, ARTICLE_PUBLISH,
                                        ROLE_REPORTER, true, &to, &zWhy),
                     ARTICLE_FORBIDDEN);
    assert_string_equal(zWhy, "데스크(편집자)만 할 수 있는 일입니다.");
    assert_int_equal(to, ARTICLE_DRAFT);
}

static void test_go_live_only_from_scheduled_whoever_runs_it(void **state)
{
    (void)state;
    for (int from = 0; from < ARTICLE_STATE_COUNT; from++) {
        ArticleState to = (ArticleState)99;
        const char *zWhy = NULL;
        ArticleVerdict v = article_transition(
            (ArticleState)from, ARTICLE_GO_LIVE, 0, false, &to, &zWhy);
        if (from == ARTICLE_SCHEDULED) {
            assert_int_equal(v, ARTICLE_ALLOWED);
            assert_int_equal(to, ARTICLE_PUBLISHED);
        } else {
            assert_int_equal(v, ARTICLE_WRONG_STATE);
            assert_int_equal(to, 99);
        }
    }
}

static void test_a_state_out_of_range_is_refused(void **state)
{
    (void)state;
    ArticleState to = ARTICLE_DRAFT;
    const char *zWhy = NULL;
    assert_int_equal(article_transition(ARTICLE_STATE_COUNT, ARTICLE_SAVE,
                                        ROLE_ADMIN, true, &to, &zWhy),
                     ARTICLE_WRONG_STATE);
    assert_int_equal(article_transition(ARTICLE_DRAFT, ARTICLE_ACTION_COUNT,
                                        ROLE_ADMIN, true, &to, &zWhy),
                     ARTICLE_FORBIDDEN);
}

static void
test_names_round_trip_and_forms_cannot_ask_for_internal_actions(void **state)
{
    (void)state;
    for (int i = 0; i < ARTICLE_STATE_COUNT; i++) {
        ArticleState s = ARTICLE_STATE_COUNT;
        assert_true(
            article_state_parse(article_state_name((ArticleState)i), &s));
        assert_int_equal(s, i);
        assert_true(strlen(article_state_label((ArticleState)i)) > 0);
    }
    ArticleState s = ARTICLE_DRAFT;
    assert_false(article_state_parse("deleted", &s));
    assert_false(article_state_parse(NULL, &s));
    assert_string_equal(article_state_name(ARTICLE_STATE_COUNT), "");
    for (int i = ARTICLE_SAVE; i <= ARTICLE_REOPEN; i++) {
        ArticleAction a = ARTICLE_ACTION_COUNT;
        assert_true(
            article_action_parse(article_action_name((ArticleAction)i), &a));
        assert_int_equal(a, i);
    }
    ArticleAction a = ARTICLE_SAVE;
    assert_false(article_action_parse("open", &a));
    assert_false(article_action_parse("go_live", &a));
    assert_false(article_action_parse("Publish", &a));
    assert_int_equal(a, ARTICLE_SAVE);
    assert_string_equal(article_state_label(ARTICLE_REVIEW), "데스크 대기");
    assert_string_equal(article_action_label(ARTICLE_SUBMIT), "데스크로 넘김");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_state_action_and_actor_follows_the_table),
        cmocka_unit_test(test_a_reporter_publishing_is_forbidden_with_a_reason),
        cmocka_unit_test(test_go_live_only_from_scheduled_whoever_runs_it),
        cmocka_unit_test(test_a_state_out_of_range_is_refused),
        cmocka_unit_test(
            test_names_round_trip_and_forms_cannot_ask_for_internal_actions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
