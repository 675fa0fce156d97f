/*
 * timeutil_test.c — unit tests for time parsing and display
 * (base/timeutil.c).
 *
 * Uses the seed article's timestamp: "기사입력 2014-12-19 18:00:10" in
 * Asia/Seoul is 1418979610, or "Fri, 19 Dec 2014 09:00:10 GMT".  Checks
 * that ISO 8601 with every offset form parses to the same instant, that
 * malformed dates are refused rather than guessed, and that HTTP dates
 * round-trip; RSS dates (RFC 822) carry the zone's offset; months begin
 * at local midnight.  Every test runs in Asia/Seoul unless it says otherwise.
 * A standalone program: `build/san/unit/base/timeutil_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "base/timeutil.h"

/* The seed article's publication time. */
#define SEED_TIME ((UnixTime)1418979610)

/* Each test starts in the site's default zone with a fresh arena. */
static int setup_seoul(void **state)
{
    static Arena a;
    time_set_zone("Asia/Seoul");
    arena_init(&a);
    *state = &a;
    return 0;
}

static int teardown_seoul(void **state)
{
    arena_close(*state);
    time_set_zone("Asia/Seoul");
    return 0;
}

/* time_parse_iso() of 'z', failing the test when it is refused. */
static UnixTime parse_iso_ok(const char *z)
{
    UnixTime t = -1;
    if (!time_parse_iso(z, &t)) {
        fail_msg("refused: %s", z);
    }
    return t;
}

static void test_time_parse_iso_seed_date_with_offset(void **state)
{
    (void)state;
    assert_int_equal(parse_iso_ok("2014-12-19T18:00:10+09:00"), SEED_TIME);
    assert_int_equal(parse_iso_ok("2014-12-19 18:00:10+09:00"), SEED_TIME);
}

static void test_time_format_seed_date_in_seoul(void **state)
{
    Arena *a = *state;
    assert_string_equal(time_format_local(a, SEED_TIME), "2014-12-19 18:00:10");
    assert_string_equal(time_format_date(a, SEED_TIME), "2014-12-19");
    assert_string_equal(time_format_iso(a, SEED_TIME),
                        "2014-12-19T18:00:10+09:00");
    /* Just before midnight UTC is already the next day in Seoul. */
    assert_string_equal(time_format_date(a, 1419033599), "2014-12-20");
}

static void test_time_parse_iso_z_and_negative_offsets(void **state)
{
    (void)state;
    assert_int_equal(parse_iso_ok("2014-12-19T09:00:10Z"), SEED_TIME);
    assert_int_equal(parse_iso_ok("2014-12-19T04:00:10-05:00"), SEED_TIME);
    assert_int_equal(parse_iso_ok("2014-12-19T05:30:10-03:30"), SEED_TIME);
    assert_int_equal(parse_iso_ok("2014-12-18T23:00:10-10:00"), SEED_TIME);
    assert_int_equal(parse_iso_ok("2014-12-19T09:00:10+00:00"), SEED_TIME);
    assert_int_equal(parse_iso_ok("2014-12-19T09:00:10-00:00"), SEED_TIME);
    assert_int_equal(parse_iso_ok("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(parse_iso_ok("1969-12-31T23:59:59Z"), -1);
    assert_int_equal(parse_iso_ok("2000-02-29T00:00:00Z"),
                     (UnixTime)11016 * 86400);
}

static void test_time_parse_iso_without_offset_uses_site_zone(void **state)
{
    (void)state;
    assert_int_equal(parse_iso_ok("2014-12-19T18:00:10"), SEED_TIME);
    assert_int_equal(parse_iso_ok("2014-12-19 18:00:10"), SEED_TIME);
    time_set_zone("America/New_York");
    assert_int_equal(parse_iso_ok("2014-12-19T04:00:10"), SEED_TIME);
    /* Summer time: UTC-4. */
    assert_int_equal(parse_iso_ok("2014-07-01T08:00:00"),
                     parse_iso_ok("2014-07-01T12:00:00Z"));
}

static void test_time_format_iso_negative_zone(void **state)
{
    Arena *a = *state;
    time_set_zone("America/New_York");
    assert_string_equal(time_format_iso(a, SEED_TIME),
                        "2014-12-19T04:00:10-05:00");
    assert_string_equal(time_format_local(a, SEED_TIME), "2014-12-19 04:00:10");
    time_set_zone("America/St_Johns");
    assert_string_equal(time_format_iso(a, SEED_TIME),
                        "2014-12-19T05:30:10-03:30");
    time_set_zone("UTC");
    assert_string_equal(time_format_iso(a, SEED_TIME),
                        "2014-12-19T09:00:10+00:00");
}

static void test_time_formats_agree_with_strftime(void **state)
{
    /* The digits are written by hand: the same text strftime() gives, in
       zones east, west and on the half hour, across a wide range of
       years (those outside 1000–9999 take strftime() itself). */
    Arena *a = *state;
    const char *azZone[] = {"Asia/Seoul", "America/St_Johns", "UTC",
                            "Asia/Kolkata"};
    const UnixTime aEdge[] = {-62135596800LL, -30610224000LL, 0, 253402300799LL,
                              253402300800LL};
    for (size_t k = 0; k < sizeof(azZone) / sizeof(azZone[0]); k++) {
        time_set_zone(azZone[k]);
        for (int i = 0; i < 2000 + 5; i++) {
            UnixTime t = i < 2000
                             ? (UnixTime)-2000000000 + (UnixTime)i * 3123457
                             : aEdge[i - 2000];
            time_t tt = (time_t)t;
            struct tm tm;
            localtime_r(&tt, &tm);
            char zWant[64];
            strftime(zWant, sizeof(zWant), "%Y-%m-%d %H:%M:%S", &tm);
            assert_string_equal(time_format_local(a, t), zWant);
            strftime(zWant, sizeof(zWant), "%Y-%m-%d", &tm);
            assert_string_equal(time_format_date(a, t), zWant);
            strftime(zWant, sizeof(zWant), "%Y-%m-%dT%H:%M:%S", &tm);
            assert_memory_equal(time_format_iso(a, t), zWant, strlen(zWant));
        }
    }
    time_set_zone("Asia/Seoul");
}

static void test_time_iso_round_trip(void **state)
{
    Arena *a = *state;
    for (UnixTime t = -86400; t < 2000000000; t += 7777777) {
        UnixTime tBack = 0;
        assert_true(time_parse_iso(time_format_iso(a, t), &tBack));
        assert_int_equal(tBack, t);
    }
}

static void test_time_parse_iso_rejects_bad_input(void **state)
{
    (void)state;
    static const char *azBad[] = {
        "",
        "abc",
        "2014-12-19",
        "2014-12-19T18:00",
        "2014-12-19T18:00:1",
        "2014-13-01T00:00:00Z",
        "2014-00-10T00:00:00Z",
        "2014-12-00T00:00:00Z",
        "2014-12-32T00:00:00Z",
        "2014-02-29T00:00:00Z", /* not a leap year */
        "2014-04-31T00:00:00Z",
        "2014-12-19T24:00:00Z",
        "2014-12-19T18:60:00Z",
        "2014-12-19T18:00:61Z",
        "2014-12-19X18:00:10Z",
        "2014/12/19T18:00:10Z",
        "2014-12-19T18:00:10z",
        "2014-12-19T18:00:10 Z",
        "2014-12-19T18:00:10+0900",
        "2014-12-19T18:00:10+09",
        "2014-12-19T18:00:10+09:00x",
        "2014-12-19T18:00:10+24:00",
        "2014-12-19T18:00:10+09:60",
        "2014-12-19T18:00:10+-9:00",
        "2014-12-19T18:00:10+ 9:00",
        "2014-12-19T 8:00:10Z",
        "2014-+1-19T18:00:10Z",
        "2014-12- 9T18:00:10Z",
        " 2014-12-19T18:00:10Z",
        "20141219T180010Z",
        "0999-12-19T18:00:10Z",
    };
    int nAccepted = 0;
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        UnixTime t = 12345;
        if (time_parse_iso(azBad[i], &t) || t != 12345) {
            print_error("accepted: '%s'\n", azBad[i]);
            nAccepted++;
        }
    }
    assert_int_equal(nAccepted, 0);
}

static void test_time_format_http_seed_date(void **state)
{
    (void)state;
    char z[30];
    time_format_http(SEED_TIME, z);
    assert_string_equal(z, "Fri, 19 Dec 2014 09:00:10 GMT");
    time_format_http(0, z);
    assert_string_equal(z, "Thu, 01 Jan 1970 00:00:00 GMT");
    /* The zone does not matter: HTTP dates are GMT. */
    time_set_zone("America/New_York");
    time_format_http(SEED_TIME, z);
    assert_string_equal(z, "Fri, 19 Dec 2014 09:00:10 GMT");
}

static void test_time_http_round_trip(void **state)
{
    (void)state;
    UnixTime t = 0;
    assert_true(time_parse_http("Fri, 19 Dec 2014 09:00:10 GMT", &t));
    assert_int_equal(t, SEED_TIME);
    char z[30];
    for (t = 0; t < 4102444800; t += 86400 * 13 + 3607) {
        UnixTime tBack = -1;
        time_format_http(t, z);
        assert_int_equal(strlen(z), 29);
        assert_true(time_parse_http(z, &tBack));
        assert_int_equal(tBack, t);
    }
}

static void test_time_parse_http_rejects_other_forms(void **state)
{
    (void)state;
    static const char *azBad[] = {
        "",
        "Fri, 19 Dec 2014 09:00:10 UTC",
        "Fri, 19 Dec 2014 09:00:10 GMT ",
        "Fri, 19 dec 2014 09:00:10 GMT",
        "Fri, 19 Foo 2014 09:00:10 GMT",
        "Fri, 32 Dec 2014 09:00:10 GMT",
        "Sat, 29 Feb 2014 09:00:10 GMT",
        "Fri, 19 Dec 2014 25:00:10 GMT",
        "Fri, 19 Dec 2014 09:00:10",
        "Friday, 19-Dec-14 09:00:10 GMT", /* RFC 850 */
        "Fri Dec 19 09:00:10 2014",       /* asctime */
        "Fri, 19 Dec 2014T09:00:10 GMT",
        "2014-12-19T09:00:10Z",
    };
    int nAccepted = 0;
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        UnixTime t = 12345;
        if (time_parse_http(azBad[i], &t) || t != 12345) {
            print_error("accepted: '%s'\n", azBad[i]);
            nAccepted++;
        }
    }
    assert_int_equal(nAccepted, 0);
}

static void test_time_format_rfc822_seed_date_in_seoul(void **state)
{
    Arena *a = *state;
    assert_string_equal(time_format_rfc822(a, SEED_TIME),
                        "Fri, 19 Dec 2014 18:00:10 +0900");
    /* Single-digit days keep two digits; the year has four. */
    assert_string_equal(time_format_rfc822(a, 0),
                        "Thu, 01 Jan 1970 09:00:00 +0900");
    /* Just before midnight UTC is already Saturday in Seoul. */
    assert_string_equal(time_format_rfc822(a, 1419033599),
                        "Sat, 20 Dec 2014 08:59:59 +0900");
}

static void test_time_format_rfc822_other_zones(void **state)
{
    Arena *a = *state;
    time_set_zone("America/New_York");
    assert_string_equal(time_format_rfc822(a, SEED_TIME),
                        "Fri, 19 Dec 2014 04:00:10 -0500");
    time_set_zone("America/St_Johns");
    assert_string_equal(time_format_rfc822(a, SEED_TIME),
                        "Fri, 19 Dec 2014 05:30:10 -0330");
    time_set_zone("UTC");
    assert_string_equal(time_format_rfc822(a, SEED_TIME),
                        "Fri, 19 Dec 2014 09:00:10 +0000");
}

static void test_time_format_rfc822_agrees_with_http_date(void **state)
{
    Arena *a = *state;
    /* In UTC the two forms differ only in the zone's name. */
    time_set_zone("UTC");
    char z[30];
    for (UnixTime t = 0; t < 4102444800; t += 86400 * 29 + 3541) {
        time_format_http(t, z);
        char *zRfc = time_format_rfc822(a, t);
        assert_int_equal(strncmp(zRfc, z, 25), 0);
        assert_string_equal(zRfc + 25, " +0000");
    }
}

static void test_time_local_month_uses_site_zone(void **state)
{
    (void)state;
    int y = 0, m = 0;
    time_local_month(SEED_TIME, &y, &m);
    assert_int_equal(y, 2014);
    assert_int_equal(m, 12);
    /* 2014-12-31T15:00:00Z is already January 2015 in Seoul. */
    time_local_month(parse_iso_ok("2014-12-31T15:00:00Z"), &y, &m);
    assert_int_equal(y, 2015);
    assert_int_equal(m, 1);
    time_set_zone("UTC");
    time_local_month(parse_iso_ok("2014-12-31T15:00:00Z"), &y, &m);
    assert_int_equal(y, 2014);
    assert_int_equal(m, 12);
}

static void test_time_month_start_is_local_midnight(void **state)
{
    (void)state;
    assert_int_equal(time_month_start(2014, 12),
                     parse_iso_ok("2014-12-01T00:00:00+09:00"));
    /* Month 13 is January of the next year. */
    assert_int_equal(time_month_start(2014, 13),
                     parse_iso_ok("2015-01-01T00:00:00+09:00"));
    assert_int_equal(time_month_start(2016, 3) - time_month_start(2016, 2),
                     29 * 86400);
    /* Summer time: New York's March has one hour less. */
    time_set_zone("America/New_York");
    assert_int_equal(time_month_start(2014, 3),
                     parse_iso_ok("2014-03-01T00:00:00-05:00"));
    assert_int_equal(time_month_start(2014, 4),
                     parse_iso_ok("2014-04-01T00:00:00-04:00"));
}

static void test_time_days_from_civil_known_dates(void **state)
{
    (void)state;
    assert_int_equal(time_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(time_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(time_days_from_civil(2000, 2, 29), 11016);
    assert_int_equal(time_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(time_days_from_civil(2014, 12, 19), 16423);
    assert_int_equal(time_days_from_civil(1600, 3, 1), -135080);
    assert_int_equal(time_days_from_civil(9999, 12, 31), 2932896);
}

static void test_time_format_date_ko_masthead(void **state)
{
    Arena *a = *state;
    /* 18:00 in Seoul on a Friday; 09:00 UTC the same day. */
    assert_string_equal(time_format_date_ko(a, SEED_TIME),
                        "2014년 12월 19일 금요일");
    /* 2026-12-02 00:30 in Seoul is still Tuesday 1 December in UTC. */
    UnixTime t = parse_iso_ok("2026-12-02T00:30:00+09:00");
    assert_string_equal(time_format_date_ko(a, t), "2026년 12월 2일 수요일");
    time_set_zone("UTC");
    assert_string_equal(time_format_date_ko(a, t), "2026년 12월 1일 화요일");
    /* Every weekday name, Sunday 2026-11-29 to Saturday 2026-12-05. */
    static const char *const azWant[] = {
        "2026년 11월 29일 일요일", "2026년 11월 30일 월요일",
        "2026년 12월 1일 화요일",  "2026년 12월 2일 수요일",
        "2026년 12월 3일 목요일",  "2026년 12월 4일 금요일",
        "2026년 12월 5일 토요일",
    };
    UnixTime tSunday = parse_iso_ok("2026-11-29T12:00:00Z");
    for (int i = 0; i < 7; i++) {
        assert_string_equal(time_format_date_ko(a, tSunday + i * 86400),
                            azWant[i]);
    }
}

static void test_time_local_day_changes_at_local_midnight(void **state)
{
    (void)state;
    UnixTime tMidnight = parse_iso_ok("2026-12-02T00:00:00+09:00");
    assert_int_equal(time_local_day(tMidnight),
                     time_days_from_civil(2026, 12, 2));
    assert_int_equal(time_local_day(tMidnight - 1),
                     time_days_from_civil(2026, 12, 1));
    /* Midnight in Seoul is 15:00 UTC: in UTC the day has not changed. */
    time_set_zone("UTC");
    assert_int_equal(time_local_day(tMidnight), time_local_day(tMidnight - 1));
}

static void test_time_day_start_is_local_midnight(void **state)
{
    (void)state;
    UnixTime tMidnight = parse_iso_ok("2026-12-02T00:00:00+09:00");
    assert_int_equal(time_day_start(tMidnight), tMidnight);
    assert_int_equal(time_day_start(tMidnight + 86399), tMidnight);
    assert_int_equal(time_day_start(tMidnight - 1), tMidnight - 86400);
    time_set_zone("America/New_York");
    /* The day DST began there is 23 hours long. */
    UnixTime tDst = parse_iso_ok("2014-03-09T12:00:00-04:00");
    assert_int_equal(time_day_start(tDst),
                     parse_iso_ok("2014-03-09T00:00:00-05:00"));
}

static void test_time_now_is_plausible_and_monotonic(void **state)
{
    (void)state;
    assert_true(time_now() > SEED_TIME);
    int64_t t0 = time_now_us();
    int64_t t1 = time_now_us();
    assert_true(t1 >= t0);
}

static void test_time_now_follows_the_test_offset(void **state)
{
    (void)state;
    UnixTime t0 = time_now();
    time_test_set_offset(120);
    UnixTime t1 = time_now();
    time_test_set_offset(0);
    UnixTime t2 = time_now();
    /* Two minutes ahead while set, back afterwards (allowing for the
       second turning over between the calls). */
    assert_true(t1 - t0 >= 120 && t1 - t0 <= 121);
    assert_true(t2 - t0 >= 0 && t2 - t0 <= 1);
}

int main(void)
{
/* Every test runs in Asia/Seoul with a fresh arena in its state. */
#define T(f) cmocka_unit_test_setup_teardown(f, setup_seoul, teardown_seoul)
    const struct CMUnitTest aTest[] = {
        T(test_time_now_follows_the_test_offset),
        T(test_time_parse_iso_seed_date_with_offset),
        T(test_time_format_seed_date_in_seoul),
        T(test_time_parse_iso_z_and_negative_offsets),
        T(test_time_parse_iso_without_offset_uses_site_zone),
        T(test_time_format_iso_negative_zone),
        T(test_time_formats_agree_with_strftime),
        T(test_time_iso_round_trip),
        T(test_time_parse_iso_rejects_bad_input),
        T(test_time_format_http_seed_date),
        T(test_time_http_round_trip),
        T(test_time_parse_http_rejects_other_forms),
        T(test_time_format_rfc822_seed_date_in_seoul),
        T(test_time_format_rfc822_other_zones),
        T(test_time_format_rfc822_agrees_with_http_date),
        T(test_time_local_month_uses_site_zone),
        T(test_time_month_start_is_local_midnight),
        T(test_time_days_from_civil_known_dates),
        T(test_time_format_date_ko_masthead),
        T(test_time_local_day_changes_at_local_midnight),
        T(test_time_day_start_is_local_midnight),
        T(test_time_now_is_plausible_and_monotonic),
    };
#undef T
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
