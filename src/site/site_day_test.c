/*
 * site_day_test.c — unit tests for the masthead date's midnight check
 * (site/site_day.c): the first run only remembers the day, a run on the
 * same local day changes nothing, and the change comes at midnight in the
 * site's zone, not in UTC.  A standalone program:
 * `build/san/unit/site/site_day_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/timeutil.h"
#include "site/site.h"

/* 2026-12-02 00:00:00 in Asia/Seoul (2026-12-01 15:00 UTC). */
#define SEOUL_MIDNIGHT ((UnixTime)1796137200)

static void test_site_day_first_run_only_remembers(void **state)
{
    (void)state;
    time_set_zone("Asia/Seoul");
    int64_t last = 0;
    assert_false(site_day_turned(&last, SEOUL_MIDNIGHT - 10));
    assert_int_equal(last, time_days_from_civil(2026, 12, 1));
}

static void test_site_day_turns_at_local_midnight(void **state)
{
    (void)state;
    time_set_zone("Asia/Seoul");
    int64_t last = 0;
    assert_false(site_day_turned(&last, SEOUL_MIDNIGHT - 3600));
    assert_false(site_day_turned(&last, SEOUL_MIDNIGHT - 1));
    assert_true(site_day_turned(&last, SEOUL_MIDNIGHT));
    assert_int_equal(last, time_days_from_civil(2026, 12, 2));
    /* Later runs the same day: nothing more. */
    assert_false(site_day_turned(&last, SEOUL_MIDNIGHT + 30));
    assert_false(site_day_turned(&last, SEOUL_MIDNIGHT + 86399));
    assert_true(site_day_turned(&last, SEOUL_MIDNIGHT + 86400));
}

static void test_site_day_follows_the_site_zone(void **state)
{
    (void)state;
    /* In UTC, Seoul's midnight is 15:00 of the same day. */
    time_set_zone("UTC");
    int64_t last = 0;
    assert_false(site_day_turned(&last, SEOUL_MIDNIGHT - 1));
    assert_false(site_day_turned(&last, SEOUL_MIDNIGHT));
    assert_true(site_day_turned(&last, SEOUL_MIDNIGHT + 9 * 3600));
    time_set_zone("Asia/Seoul");
}

int main(void)
{
    const struct CMUnitTest aTest[] = {
        cmocka_unit_test(test_site_day_first_run_only_remembers),
        cmocka_unit_test(test_site_day_turns_at_local_midnight),
        cmocka_unit_test(test_site_day_follows_the_site_zone),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
