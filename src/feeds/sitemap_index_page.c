/*
 * sitemap_index_page.c — /sitemap.xml, the sitemap index: the sitemap of
 * list pages, then one article sitemap per month (in the site's zone)
 * that has articles, each month split into files of at most 50,000 URLs
 * (sitemap-2014-12.xml, then sitemap-2014-12-2.xml …).  Each entry's
 * lastmod is the newest change among its articles.
 *
 * The walk asks for the next article after each month, so it costs two
 * indexed queries per month with articles, however old the first one is;
 * but each month's count and newest change read every article of it, so
 * the whole file reads every published article once (0.8 s at 1,000,000
 * articles).  It runs on the worker pool (RUN_WORKER) so no event loop
 * waits for it, and only after a change of "articles" (cached between).
 */
#include "feeds/feeds_internal.h"

#include <stdint.h>

#include "app/app.h"

/*
 * ROUTE: GET /sitemap.xml
 *   (no parameters)
 */
int sitemap_index_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    View *v = view_new(req->a);
    view_list(v, "sitemaps");
    UnixTime tNewest = 0;
    UnixTime tFrom = INT64_MIN;
    for (;;) {
        UnixTime tNext = 0;
        bool bAny = false;
        rc = feeds_db_next(c, tFrom, &tNext, &bAny);
        if (rc != OK) {
            return rc;
        }
        if (!bAny) {
            break;
        }
        int y = 0, m = 0;
        time_local_month(tNext, &y, &m);
        UnixTime tStart = time_month_start(y, m);
        UnixTime tEnd = time_month_start(y, m + 1);
        int64_t nArt = 0;
        UnixTime tChanged = 0;
        rc = feeds_db_count_between(c, tStart, tEnd, &nArt, &tChanged);
        if (rc != OK) {
            return rc;
        }
        const char *zLastmod = time_format_iso(req->a, tChanged);
        for (int64_t iPart = 1; (iPart - 1) * SITEMAP_URLS_MAX < nArt;
             iPart++) {
            View *sm = view_list_add(v, "sitemaps");
            view_str(sm, "name",
                     iPart == 1 ? arena_printf(req->a, "%04d-%02d", y, m)
                                : arena_printf(req->a, "%04d-%02d-%lld", y, m,
                                               (long long)iPart));
            view_str(sm, "lastmod", zLastmod);
        }
        if (tChanged > tNewest) {
            tNewest = tChanged;
        }
        if (tEnd <= tNext) {
            break; /* a time mktime() cannot place: never loop on it */
        }
        tFrom = tEnd;
    }
    if (tNewest != 0) {
        view_str(v, "pages_lastmod", time_format_iso(req->a, tNewest));
    }
    res_tag(res, req->a, "articles");
    return feeds_render(req, res, "feeds/sitemap_index",
                        "application/xml; charset=utf-8", v, tNewest);
}
