/*
 * atom_page.c — Atom 1.0 of the whole site: the same 50 newest articles
 * as /rss, for readers that prefer Atom's unambiguous dates and ids.
 */
#include "feeds/feeds_internal.h"

#include "app/app.h"
#include "site/site.h"

/*
 * ROUTE: GET /atom
 *   (no parameters)
 */
int atom_page(Request *req, Response *res)
{
    View *v = view_new(req->a);
    UnixTime tNewest = 0;
    int rc = feeds_view_items(req, v, 0, 0, &tNewest);
    if (rc != OK) {
        return rc;
    }
    res_tag(res, req->a, "articles");
    const char *zBase = req->app->pCfg->zBaseUrl;
    View *feed = view_obj(v, "feed");
    view_str(feed, "title", site_current()->zName);
    view_str(feed, "link", arena_printf(req->a, "%s/", zBase));
    view_str(feed, "self", arena_printf(req->a, "%s/atom", zBase));
    /* Atom requires <updated>: an empty site is as new as now. */
    view_str(feed, "updated_iso",
             time_format_iso(req->a, tNewest != 0 ? tNewest : time_now()));
    return feeds_render(req, res, "feeds/atom",
                        "application/atom+xml; charset=utf-8", v, tNewest);
}
