/*
 * sitemap_pages_page.c — /sitemap-pages.xml: the front page, every
 * section page and the page of every reporter with published articles,
 * each with its newest article change as lastmod (a section without
 * articles has none).
 */
#include "feeds/feeds_internal.h"

#include "app/app.h"
#include "site/site.h"

/* The time of 'id' in 'aStamp' ('nStamp' of them, by id), or 0. */
static UnixTime sitemap_stamp(const FeedsStamp *aStamp, int nStamp, int64_t id)
{
    for (int i = 0; i < nStamp; i++) {
        if (aStamp[i].id == id) {
            return aStamp[i].t;
        }
    }
    return 0;
}

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
    FeedsStamp *aSection = NULL, *aAuthor = NULL;
    int nSection = 0, nAuthor = 0;
    rc = feeds_db_stamps(c, req->a, true, &aSection, &nSection);
    if (rc == OK) {
        rc = feeds_db_stamps(c, req->a, false, &aAuthor, &nAuthor);
    }
    if (rc != OK) {
        return rc;
    }
    UnixTime tNewest = 0;
    for (int i = 0; i < nSection; i++) {
        if (aSection[i].t > tNewest) {
            tNewest = aSection[i].t;
        }
    }
    const Site *site = site_current();
    const char *zBase = req->app->pCfg->zBaseUrl;
    View *v = view_new(req->a);
    sitemap_add(req, v, arena_printf(req->a, "%s/", zBase), tNewest);
    for (int i = 0; i < site->nSection; i++) {
        const SiteSection *sec = &site->aSection[i];
        sitemap_add(req, v,
                    arena_printf(req->a, "%s/section/%s", zBase, sec->zSlug),
                    sitemap_stamp(aSection, nSection, sec->id));
    }
    for (int i = 0; i < nAuthor; i++) {
        sitemap_add(req, v,
                    arena_printf(req->a, "%s/reporter/%lld", zBase,
                                 (long long)aAuthor[i].id),
                    aAuthor[i].t);
    }
    res_tag(res, req->a, "articles");
    return feeds_render(req, res, "feeds/sitemap_urls",
                        "application/xml; charset=utf-8", v, tNewest);
}
