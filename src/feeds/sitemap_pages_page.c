/*
 * sitemap_pages_page.c — /sitemap-pages.xml: the front page, every
 * section page and the page of every reporter with published articles,
 * each with the newest change among the articles its first page shows as
 * lastmod (a section without articles has none).  Each list costs one
 * index seek and a window of 20 rows (feeds_db_list_changed()), so the
 * file costs the same at 1,000,000 articles as at 1,000 (a GROUP BY over
 * every article took 1.5 s there).
 */
#include "feeds/feeds_internal.h"

#include "app/app.h"
#include "site/site.h"

/* Add 'zLoc' with lastmod 't' (none when 0) to the list 'urls' of 'v'. */
static void sitemap_add(Request *req, View *v, const char *zLoc, UnixTime t)
{
    View *u = view_list_add(v, "urls");
    view_str(u, "loc", zLoc);
    if (t != 0) {
        view_str(u, "lastmod", time_format_iso(req->a, t));
    }
}

/*
 * ROUTE: GET /sitemap-pages.xml
 *   (no parameters)
 */
int sitemap_pages_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    const Site *site = site_current();
    const char *zBase = req->app->pCfg->zBaseUrl;
    View *v = view_new(req->a);
    /* The front page: the newest change among the site's newest articles
       and every section's first page (its blocks). */
    UnixTime tNewest = 0;
    bool bAny = false;
    rc = feeds_db_list_changed(c, 0, 0, FEEDS_LIST_WINDOW, &tNewest, &bAny);
    if (rc != OK) {
        return rc;
    }
    UnixTime *atSection =
        arena_alloc(req->a, sizeof(UnixTime) * (size_t)(site->nSection + 1));
    for (int i = 0; i < site->nSection; i++) {
        atSection[i] = 0;
        rc = feeds_db_list_changed(c, site->aSection[i].id, 0,
                                   FEEDS_LIST_WINDOW, &atSection[i], &bAny);
        if (rc != OK) {
            return rc;
        }
        if (atSection[i] > tNewest) {
            tNewest = atSection[i];
        }
    }
    sitemap_add(req, v, arena_printf(req->a, "%s/", zBase), tNewest);
    for (int i = 0; i < site->nSection; i++) {
        const SiteSection *sec = &site->aSection[i];
        sitemap_add(req, v,
                    arena_printf(req->a, "%s/section/%s", zBase, sec->zSlug),
                    atSection[i]);
    }
    /* Every reporter with a published article (as first byline): a
       window each, so the cost follows the number of people, not of
       articles. */
    int64_t *aPerson = NULL;
    int nPerson = 0;
    rc = feeds_db_people(c, req->a, &aPerson, &nPerson);
    if (rc != OK) {
        return rc;
    }
    for (int i = 0; i < nPerson; i++) {
        UnixTime t = 0;
        rc = feeds_db_list_changed(c, 0, aPerson[i], FEEDS_LIST_WINDOW, &t,
                                   &bAny);
        if (rc != OK) {
            return rc;
        }
        if (bAny) {
            sitemap_add(req, v,
                        arena_printf(req->a, "%s/reporter/%lld", zBase,
                                     (long long)aPerson[i]),
                        t);
        }
    }
    res_tag(res, req->a, "articles");
    return feeds_render(req, res, "feeds/sitemap_urls",
                        "application/xml; charset=utf-8", v, tNewest);
}
