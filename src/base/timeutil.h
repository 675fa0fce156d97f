/*
 * timeutil.h — times are stored as UTC seconds and shown in the site's zone.
 *
 * The zone (Asia/Seoul by default) is process-wide: time_set_zone() sets TZ
 * once at start-up, before any thread starts, and every formatting call
 * uses localtime_r() after that.
 */
#ifndef SINMUN_BASE_TIMEUTIL_H
#define SINMUN_BASE_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"

/* Seconds since 1970-01-01T00:00:00Z. */
typedef int64_t UnixTime;

/* Use the IANA zone 'zZone' (e.g. "Asia/Seoul") for every local time. */
void time_set_zone(const char *zZone);

/* Current time in seconds (plus the test offset, see below). */
UnixTime time_now(void);

/* Current time in milliseconds since the epoch (plus the test offset):
   the wall clock, comparable between processes and machines. */
int64_t time_now_ms(void);

/*
 * Test hook: from now on time_now() runs 'nSeconds' ahead of the system
 * clock (0 turns it off).  Process-wide and atomic, like
 * store_test_fail_after().  Unit tests call it directly; `sinmun serve`
 * calls it only when the environment variable SINMUN_TEST_CLOCK_FILE
 * names a file holding the offset (src/main.c, docs/testing.md), so HTTP
 * and browser tests can let a scheduled minute pass without waiting.
 */
void time_test_set_offset(int64_t nSeconds);

/* Monotonic microseconds, for measuring durations. */
int64_t time_now_us(void);

/* "2014-12-19 18:00:10" in the site's zone, allocated from 'a'. */
char *time_format_local(Arena *a, UnixTime t);

/* "2014-12-19" in the site's zone, allocated from 'a'. */
char *time_format_date(Arena *a, UnixTime t);

/*
 * The date as a Korean masthead prints it, in the site's zone: "2014년
 * 12월 19일 금요일" (no leading zeros), allocated from 'a'.
 */
char *time_format_date_ko(Arena *a, UnixTime t);

/*
 * The site-zone calendar day of 't' as days since 1970-01-01 (the same
 * count as time_days_from_civil()): two instants are on the same local
 * day exactly when these are equal.
 */
int64_t time_local_day(UnixTime t);

/*
 * The instant the site-zone day of 't' began (its local midnight): the
 * start of "today" for counts like 오늘 출고.
 */
UnixTime time_day_start(UnixTime t);

/* ISO 8601 with offset, "2014-12-19T18:00:10+09:00", from 'a'. */
char *time_format_iso(Arena *a, UnixTime t);

/*
 * RFC 822 date as RSS 2.0 wants it, in the site's zone with a numeric
 * offset and a four-digit year: "Fri, 19 Dec 2014 18:00:10 +0900".
 * English day and month names whatever the locale.  Allocated from 'a'.
 */
char *time_format_rfc822(Arena *a, UnixTime t);

/*
 * The year and month (1-12) of 't' in the site's zone, into '*pYear' and
 * '*pMonth' (OUT).
 */
void time_local_month(UnixTime t, int *pYear, int *pMonth);

/*
 * The instant the month 'month' of 'year' begins in the site's zone
 * (local midnight of its first day).  'month' may be 13: January of the
 * next year, so [start(y, m), start(y, m + 1)) is one month.
 */
UnixTime time_month_start(int year, int month);

/* RFC 7231 date, "Fri, 19 Dec 2014 09:00:10 GMT", into 'aOut' (30 bytes). */
void time_format_http(UnixTime t, char aOut[30]);

/*
 * Parse an RFC 7231 IMF-fixdate 'z'.  Return true and set '*pT' (OUT) on
 * success; false for anything else.
 */
bool time_parse_http(const char *z, UnixTime *pT);

/*
 * Parse ISO 8601 "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"/"-HH:MM"
 * (a space may stand for T; no suffix means the site's zone).  Return true
 * and set '*pT' (OUT) on success.
 */
bool time_parse_iso(const char *z, UnixTime *pT);

/* Days since 1970-01-01 of the civil date y-m-d (proleptic Gregorian). */
int64_t time_days_from_civil(int64_t y, int m, int d);

#endif
