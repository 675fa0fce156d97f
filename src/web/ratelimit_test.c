/*
 * ratelimit_test.c — unit tests for the sliding-window limiter
 * (web/ratelimit.c), with a hand-moved clock.
 *
 * Checks that the Nth event in a window passes and the next is refused
 * with the exact wait, that the window slides (events leave one by one,
 * not all at once as with fixed windows), that keys are independent, that
 * a check records nothing, that idle keys are swept, and that threads
 * hitting one key never let more than the limit through.  A standalone
 * program: `build/san/unit/web/ratelimit_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "web/ratelimit.h"

/* One minute, the window the comment limits use. */
#define MINUTE_MS 60000

/* The test clock: milliseconds set by hand. */
static int64_t g_tNow;

static int64_t test_clock(void *pArg)
{
    (void)pArg;
    return g_tNow;
}

static int test_setup(void **ppState)
{
    g_tNow = 1000000;
    *ppState = ratelimit_open(MINUTE_MS, test_clock, NULL);
    return 0;
}

static int test_teardown(void **ppState)
{
    ratelimit_close(*ppState);
    return 0;
}

static void test_ratelimit_allows_up_to_the_limit_then_refuses(void **ppState)
{
    RateLimit *r = *ppState;
    int64_t nWait = -1;
    assert_true(ratelimit_hit(r, "n:10.0.0.0/24", 2, &nWait));
    assert_int_equal(nWait, 0);
    g_tNow += 1000;
    assert_true(ratelimit_hit(r, "n:10.0.0.0/24", 2, &nWait));
    g_tNow += 1000;
    assert_false(ratelimit_hit(r, "n:10.0.0.0/24", 2, &nWait));
    /* The first event (2 s ago) leaves the window in 58 s. */
    assert_int_equal(nWait, MINUTE_MS - 2000);
}

static void test_ratelimit_refusal_is_not_recorded(void **ppState)
{
    RateLimit *r = *ppState;
    assert_true(ratelimit_hit(r, "k", 1, NULL));
    for (int i = 0; i < 10; i++) {
        g_tNow += 1000;
        assert_false(ratelimit_hit(r, "k", 1, NULL));
    }
    /* Only the one accepted event counts: free a minute after it. */
    g_tNow = 1000000 + MINUTE_MS + 1;
    assert_true(ratelimit_hit(r, "k", 1, NULL));
}

static void test_ratelimit_window_slides_one_event_at_a_time(void **ppState)
{
    RateLimit *r = *ppState;
    /* Events at 0 s, 20 s, 40 s with a limit of 3. */
    assert_true(ratelimit_hit(r, "k", 3, NULL));
    g_tNow += 20000;
    assert_true(ratelimit_hit(r, "k", 3, NULL));
    g_tNow += 20000;
    assert_true(ratelimit_hit(r, "k", 3, NULL));
    g_tNow += 19999; /* 59.999 s: all three still inside */
    assert_false(ratelimit_hit(r, "k", 3, NULL));
    g_tNow += 1; /* 60 s: the first one is out, exactly one more fits */
    assert_true(ratelimit_hit(r, "k", 3, NULL));
    int64_t nWait = 0;
    assert_false(ratelimit_hit(r, "k", 3, &nWait));
    assert_int_equal(nWait, 20000); /* the 20 s event leaves at 80 s */
}

static void test_ratelimit_fixed_window_edge_is_not_a_loophole(void **ppState)
{
    RateLimit *r = *ppState;
    /* Two at 59.9 s and two more at 60.1 s would pass a fixed window. */
    g_tNow += 59900;
    assert_true(ratelimit_hit(r, "k", 2, NULL));
    assert_true(ratelimit_hit(r, "k", 2, NULL));
    g_tNow += 200;
    assert_false(ratelimit_hit(r, "k", 2, NULL));
}

static void test_ratelimit_keys_are_independent(void **ppState)
{
    RateLimit *r = *ppState;
    assert_true(ratelimit_hit(r, "a:1", 1, NULL));
    assert_false(ratelimit_hit(r, "a:1", 1, NULL));
    assert_true(ratelimit_hit(r, "a:2", 1, NULL));
    assert_true(ratelimit_hit(r, "n:10.0.0.0/24", 1, NULL));
    assert_int_equal(ratelimit_keys(r), 3);
}

static void test_ratelimit_check_records_nothing(void **ppState)
{
    RateLimit *r = *ppState;
    for (int i = 0; i < 5; i++) {
        assert_true(ratelimit_check(r, "k", 1, NULL));
    }
    assert_true(ratelimit_hit(r, "k", 1, NULL));
    int64_t nWait = 0;
    assert_false(ratelimit_check(r, "k", 1, &nWait));
    assert_int_equal(nWait, MINUTE_MS);
}

static void test_ratelimit_zero_or_negative_limit_means_none(void **ppState)
{
    RateLimit *r = *ppState;
    for (int i = 0; i < 100; i++) {
        assert_true(ratelimit_hit(r, "k", 0, NULL));
        assert_true(ratelimit_hit(r, "k", -1, NULL));
    }
    assert_int_equal(ratelimit_keys(r), 0);
}

static void test_ratelimit_limit_can_change_between_calls(void **ppState)
{
    RateLimit *r = *ppState;
    for (int i = 0; i < 5; i++) {
        assert_true(ratelimit_hit(r, "k", 5, NULL));
    }
    /* An operator lowers the limit: the five recent events count. */
    assert_false(ratelimit_hit(r, "k", 2, NULL));
    assert_true(ratelimit_hit(r, "k", 10, NULL));
}

static void test_ratelimit_sweeps_idle_keys(void **ppState)
{
    RateLimit *r = *ppState;
    char zKey[32];
    for (int i = 0; i < 3000; i++) {
        snprintf(zKey, sizeof(zKey), "n:10.%d.%d.0/24", i / 256, i % 256);
        assert_true(ratelimit_hit(r, zKey, 2, NULL));
    }
    assert_int_equal(ratelimit_keys(r), 3000);
    g_tNow += MINUTE_MS + 1;
    /* Enough calls to trigger a sweep; only the fresh key stays. */
    for (int i = 0; i < 5000; i++) {
        assert_true(ratelimit_check(r, "fresh", 2, NULL));
    }
    assert_true(ratelimit_hit(r, "fresh", 2, NULL));
    for (int i = 0; i < 5000; i++) {
        (void)ratelimit_check(r, "fresh", 2, NULL);
    }
    assert_int_equal(ratelimit_keys(r), 1);
}

static void test_ratelimit_real_clock_works(void **ppState)
{
    (void)ppState;
    RateLimit *r = ratelimit_open(MINUTE_MS, NULL, NULL);
    assert_true(ratelimit_hit(r, "k", 1, NULL));
    int64_t nWait = 0;
    assert_false(ratelimit_hit(r, "k", 1, &nWait));
    assert_true(nWait > 0 && nWait <= MINUTE_MS);
    ratelimit_close(r);
}

/* Shared by the threads of the concurrency test. */
typedef struct ThreadArg {
    RateLimit *r;     /* the limiter */
    atomic_int nPass; /* events let through, all threads */
} ThreadArg;

static void *thread_main(void *p)
{
    ThreadArg *t = p;
    for (int i = 0; i < 1000; i++) {
        if (ratelimit_hit(t->r, "shared", 50, NULL)) {
            atomic_fetch_add(&t->nPass, 1);
        }
        char zKey[32];
        snprintf(zKey, sizeof(zKey), "own:%d", i % 97);
        (void)ratelimit_hit(t->r, zKey, 3, NULL);
    }
    return NULL;
}

static void test_ratelimit_threads_never_exceed_the_limit(void **ppState)
{
    ThreadArg t = {*ppState, 0};
    pthread_t aThread[8];
    for (int i = 0; i < 8; i++) {
        assert_int_equal(pthread_create(&aThread[i], NULL, thread_main, &t), 0);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(aThread[i], NULL);
    }
    assert_int_equal(atomic_load(&t.nPass), 50);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, test_setup, test_teardown)

int main(void)
{
    const struct CMUnitTest aTest[] = {
        TEST(test_ratelimit_allows_up_to_the_limit_then_refuses),
        TEST(test_ratelimit_refusal_is_not_recorded),
        TEST(test_ratelimit_window_slides_one_event_at_a_time),
        TEST(test_ratelimit_fixed_window_edge_is_not_a_loophole),
        TEST(test_ratelimit_keys_are_independent),
        TEST(test_ratelimit_check_records_nothing),
        TEST(test_ratelimit_zero_or_negative_limit_means_none),
        TEST(test_ratelimit_limit_can_change_between_calls),
        TEST(test_ratelimit_sweeps_idle_keys),
        TEST(test_ratelimit_real_clock_works),
        TEST(test_ratelimit_threads_never_exceed_the_limit),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
