/*
 * timeutil.c — UTC storage, site-zone display; see timeutil.h.
 */
#include "timeutil.h"

#include <ctype.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "str.h"

void time_set_zone(const char *zZone)
{
    setenv("TZ", zZone, 1);
    tzset();
}

/* Seconds time_now() runs ahead: 0 except under a test hook. */
static _Atomic int64_t g_nTestOffset;

void time_test_set_offset(int64_t nSeconds)
{
    atomic_store(&g_nTestOffset, nSeconds);
}

UnixTime time_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (UnixTime)ts.tv_sec +
           atomic_load_explicit(&g_nTestOffset, memory_order_relaxed);
}

int64_t time_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int64_t nOffset =
        atomic_load_explicit(&g_nTestOffset, memory_order_relaxed);
    return ((int64_t)ts.tv_sec + nOffset) * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void time_local(UnixTime t, struct tm *pTm)
{
    time_t tt = (time_t)t;
    localtime_r(&tt, pTm);
}

/* Write 'n' (0 <= n) as exactly 'nDigit' digits at 'z'; return the end. */
static char *time_digits(char *z, int n, int nDigit)
{
    for (int i = nDigit - 1; i >= 0; i--) {
        z[i] = (char)('0' + n % 10);
        n /= 10;
    }
    return z + nDigit;
}

/*
 * Write 'pTm' as "YYYY-MM-DD", then, when 'cSep' is not 0, 'cSep' and
 * "hh:mm:ss", NUL-terminated, into 'z' (at least 20 bytes); return the
 * end.  By hand: strftime() was a visible part of a page with a dozen
 * times.  Years outside 1000–9999 go through strftime() (its %Y).
 */
static char *time_put(char *z, size_t nz, const struct tm *pTm, char cSep)
{
    int nYear = pTm->tm_year + 1900;
    if (nYear < 1000 || nYear > 9999) {
        size_t n =
            strftime(z, nz, cSep ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d", pTm);
        if (cSep && n > 10) {
            z[n - 9] = cSep;
        }
        return z + n;
    }
    char *p = time_digits(z, nYear, 4);
    *p++ = '-';
    p = time_digits(p, pTm->tm_mon + 1, 2);
    *p++ = '-';
    p = time_digits(p, pTm->tm_mday, 2);
    if (cSep) {
        *p++ = cSep;
        p = time_digits(p, pTm->tm_hour, 2);
        *p++ = ':';
        p = time_digits(p, pTm->tm_min, 2);
        *p++ = ':';
        p = time_digits(p, pTm->tm_sec, 2);
    }
    *p = 0;
    return p;
}

char *time_format_local(Arena *a, UnixTime t)
{
    struct tm tm;
    time_local(t, &tm);
    char *z = arena_alloc(a, 32);
    time_put(z, 32, &tm, ' ');
    return z;
}

char *time_format_date(Arena *a, UnixTime t)
{
    struct tm tm;
    time_local(t, &tm);
    char *z = arena_alloc(a, 32);
    time_put(z, 32, &tm, 0);
    return z;
}

char *time_format_date_ko(Arena *a, UnixTime t)
{
    static const char *const azWeekday[] = {
        "일요일", "월요일", "화요일", "수요일", "목요일", "금요일", "토요일",
    };
    struct tm tm;
    time_local(t, &tm);
    char *z = arena_alloc(a, 64);
    snprintf(z, 64, "%d년 %d월 %d일 %s", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, azWeekday[tm.tm_wday]);
    return z;
}

int64_t time_local_day(UnixTime t)
{
    struct tm tm;
    time_local(t, &tm);
    return time_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

UnixTime time_day_start(UnixTime t)
{
    struct tm tm;
    time_local(t, &tm);
    tm.tm_hour = 0;
    tm.tm_min = 0;
    tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return (UnixTime)mktime(&tm);
}

char *time_format_iso(Arena *a, UnixTime t)
{
    struct tm tm;
    time_local(t, &tm);
    char *z = arena_alloc(a, 40);
    char *p = time_put(z, 40, &tm, 'T');
    long off = tm.tm_gmtoff;
    *p++ = off < 0 ? '-' : '+';
    if (off < 0) {
        off = -off;
    }
    if (off / 3600 > 99) {
        off = 99 * 3600; /* no zone is that far: keep two digits */
    }
    p = time_digits(p, (int)(off / 3600), 2);
    *p++ = ':';
    p = time_digits(p, (int)((off % 3600) / 60), 2);
    *p = 0;
    return z;
}

static const char *azDay[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *azMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void time_format_http(UnixTime t, char aOut[30])
{
    struct tm tm;
    time_t tt = (time_t)t;
    gmtime_r(&tt, &tm);
    /* Spelled out: strftime's names would follow setlocale(). */
    char aBuf[64];
    snprintf(aBuf, sizeof(aBuf), "%s, %02d %s %04d %02d:%02d:%02d GMT",
             azDay[tm.tm_wday], tm.tm_mday, azMon[tm.tm_mon], tm.tm_year + 1900,
             tm.tm_hour, tm.tm_min, tm.tm_sec);
    snprintf(aOut, 30, "%.29s", aBuf);
}

char *time_format_rfc822(Arena *a, UnixTime t)
{
    struct tm tm;
    time_local(t, &tm);
    long off = tm.tm_gmtoff;
    char cSign = off < 0 ? '-' : '+';
    if (off < 0) {
        off = -off;
    }
    return arena_printf(a, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld",
                        azDay[tm.tm_wday], tm.tm_mday, azMon[tm.tm_mon],
                        tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
                        cSign, off / 3600, (off % 3600) / 60);
}

void time_local_month(UnixTime t, int *pYear, int *pMonth)
{
    struct tm tm;
    time_local(t, &tm);
    *pYear = tm.tm_year + 1900;
    *pMonth = tm.tm_mon + 1;
}

UnixTime time_month_start(int year, int month)
{
    if (month > 12) {
        year += (month - 1) / 12;
        month = (month - 1) % 12 + 1;
    }
    /* mktime() knows the zone's offset (and any summer time) then. */
    struct tm tm = {0};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = 1;
    tm.tm_isdst = -1;
    return (UnixTime)mktime(&tm);
}

int64_t time_days_from_civil(int64_t y, int m, int d)
{
    /* Howard Hinnant's days_from_civil. */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Days in month 'mo' (1-12) of year 'y' (proleptic Gregorian). */
static int time_days_in_month(int y, int mo)
{
    static const int aDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool bLeap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return mo == 2 && bLeap ? 29 : aDays[mo - 1];
}

static bool time_fields_valid(int y, int mo, int d, int h, int mi, int s)
{
    return y >= 1900 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 &&
           d <= time_days_in_month(y, mo) && h >= 0 && h <= 23 && mi >= 0 &&
           mi <= 59 && s >= 0 && s <= 60;
}

/*
 * True when 'z' starts with 'zShape', where 'd' stands for one ASCII digit
 * and any other character for itself.  Checked before sscanf(), whose %d
 * would also take a sign or leading spaces.  Stops at the NUL of 'z'.
 */
static bool time_shape_ok(const char *z, const char *zShape)
{
    for (; *zShape != 0; z++, zShape++) {
        bool bOk =
            *zShape == 'd' ? isdigit((unsigned char)*z) != 0 : *z == *zShape;
        if (!bOk) {
            return false;
        }
    }
    return true;
}

bool time_parse_http(const char *z, UnixTime *pT)
{
    char aDay[4], aMon[4];
    int d, y, h, mi, s, nUsed = 0;
    if (strlen(z) != 29) {
        return false;
    }
    if (sscanf(z, "%3s, %2d %3s %4d %2d:%2d:%2d GMT%n", aDay, &d, aMon, &y, &h,
               &mi, &s, &nUsed) != 7 ||
        nUsed != 29) {
        return false;
    }
    int mo = 0;
    while (mo < 12 && strcmp(azMon[mo], aMon) != 0) {
        mo++;
    }
    if (mo == 12 || !time_fields_valid(y, mo + 1, d, h, mi, s)) {
        return false;
    }
    *pT = time_days_from_civil(y, mo + 1, d) * 86400 + h * 3600 + mi * 60 + s;
    return true;
}

bool time_parse_iso(const char *z, UnixTime *pT)
{
    int y, mo, d, h, mi, s, nUsed = 0;
    char cSep;
    if (!time_shape_ok(z, "dddd-dd-dd") || (z[10] != 'T' && z[10] != ' ') ||
        !time_shape_ok(z + 11, "dd:dd:dd") ||
        sscanf(z, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &cSep, &h, &mi, &s,
               &nUsed) != 7 ||
        (cSep != 'T' && cSep != ' ') || nUsed != 19 ||
        !time_fields_valid(y, mo, d, h, mi, s)) {
        return false;
    }
    UnixTime t =
        time_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    const char *zRest = z + nUsed;
    if (zRest[0] == 0) {
        /* Local wall time: ask the C library for the zone's offset. */
        struct tm tm = {0};
        tm.tm_year = y - 1900;
        tm.tm_mon = mo - 1;
        tm.tm_mday = d;
        tm.tm_hour = h;
        tm.tm_min = mi;
        tm.tm_sec = s;
        tm.tm_isdst = -1;
        *pT = (UnixTime)mktime(&tm);
        return true;
    }
    if (strcmp(zRest, "Z") == 0) {
        *pT = t;
        return true;
    }
    int oh, om;
    nUsed = 0;
    if ((zRest[0] == '+' || zRest[0] == '-') &&
        time_shape_ok(zRest + 1, "dd:dd") &&
        sscanf(zRest + 1, "%2d:%2d%n", &oh, &om, &nUsed) == 2 && nUsed == 5 &&
        zRest[6] == 0 && oh <= 23 && om <= 59) {
        int64_t off = oh * 3600 + om * 60;
        *pT = zRest[0] == '+' ? t - off : t + off;
        return true;
    }
    return false;
}
