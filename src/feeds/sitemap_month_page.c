/*
 * sitemap_month_page.c — /sitemap-2014-12.xml: the addresses of the
 * articles published in one month (in the site's zone), oldest first,
 * with their newest change as lastmod; a month of more than 50,000
 * articles continues in /sitemap-2014-12-2.xml and so on (the index
 * lists them).  A month or part without articles is a 404.
 */
#include "feeds/feeds_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"

/* Highest part number accepted: far beyond any month of any paper. */
#define SITEMAP_PARTS_MAX 9999

/*
 * Parse 'z' as "YYYY-MM" (part 1) or "YYYY-MM-N" (part N, 2 … 9999, no
 * leading zero) into '*pYear', '*pMonth', '*pPart' (OUT).  Return false
 * for anything else, so each sitemap has exactly one address.
 */
static bool sitemap_parse_month(const char *z, int *pYear, int *pMonth,
                                int *pPart)
{
    if (z == NULL || strlen(z) < 7) {
        return false;
    }
    for (int i = 0; i < 7; i++) {
        if (i == 4 ? z[i] != '-' : !isdigit((unsigned char)z[i])) {
            return false;
        }
    }
    int y = atoi(z);
    int m = atoi(z + 5);
    if (y < 1970 || m < 1 || m > 12) {
        return false;
    }
    int iPart = 1;
    if (z[7] != 0) {
        const char *zPart = z + 8;
        size_t nPart = strlen(zPart);
        if (z[7] != '-' || nPart == 0 || nPart > 4 || zPart[0] == '0') {
            return false;
        }
        for (size_t i = 0; i < nPart; i++) {
            if (!isdigit((unsigned char)zPart[i])) {
                return false;
            }
        }
        iPart = atoi(zPart);
        if (iPart < 2 || iPart > SITEMAP_PARTS_MAX) {
            return false;
        }
    }
    *pYear = y;
    *pMonth = m;
    *pPart = iPart;
    return true;
}

/*
 * ROUTE: GET /sitemap-{month}.xml
 *   month  "YYYY-MM" (year from 1970, month 01-12), or "YYYY-MM-N" for
 *          part N (2 … 9999) of a month of more than 50,000 articles;
 *          anything else, or a month or part without articles, is a 404
 */
int sitemap_month_page(Request *req, Response *res)
{
    int y = 0, m = 0, iPart = 0;
    if (!sitemap_parse_month(req_path(req, "month"), &y, &m, &iPart)) {
        return 404;
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    FeedsStamp *aUrl = NULL;
    int nUrl = 0;
    rc = feeds_db_between(
        c, req->a, time_month_start(y, m), time_month_start(y, m + 1),
        (iPart - 1) * SITEMAP_URLS_MAX, SITEMAP_URLS_MAX, &aUrl, &nUrl);
    if (rc != OK) {
        return rc;
    }
    if (nUrl == 0) {
        res->zMessage = "이 달에는 기사가 없습니다.";
        return 404;
    }
    const char *zBase = req->app->pCfg->zBaseUrl;
    View *v = view_new(req->a);
    UnixTime tNewest = 0;
    for (int i = 0; i < nUrl; i++) {
        View *u = view_list_add(v, "urls");
        view_str(u, "loc",
                 arena_printf(req->a, "%s/article/%lld", zBase,
                              (long long)aUrl[i].id));
        view_str(u, "lastmod", time_format_iso(req->a, aUrl[i].t));
        if (aUrl[i].t > tNewest) {
            tNewest = aUrl[i].t;
        }
    }
    res_tag(res, req->a, "articles");
    return feeds_render(req, res, "feeds/sitemap_urls",
                        "application/xml; charset=utf-8", v, tNewest);
}
