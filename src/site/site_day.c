/*
 * site_day.c — the masthead's date ("2026년 12월 2일 수요일", every page)
 * stays true in cached pages: every page the layout renders carries the
 * cache tag "day", and a periodic job records a "day" change when the
 * site's zone passes midnight, which every server process follows (the
 * change feed, app/changes.c) and drops those pages.
 */
#include "site/site.h"

/* The local day the job saw last (days since 1970-01-01), 0 before its
   first run.  Only the change-feed thread runs jobs. */
static int64_t g_lastDay;

bool site_day_turned(int64_t *pLastDay, UnixTime tNow)
{
    int64_t day = time_local_day(tNow);
    bool bTurned = *pLastDay != 0 && day != *pLastDay;
    *pLastDay = day;
    return bTurned;
}

int site_day_job(StoreConn *c, UnixTime tNow)
{
    if (!site_day_turned(&g_lastDay, tNow)) {
        return OK;
    }
    /* Each process records it: a few rows a day, each dropping the same
       pages once more, which is cheaper than agreeing who writes. */
    return app_change(c, SITE_DAY_TAG);
}
