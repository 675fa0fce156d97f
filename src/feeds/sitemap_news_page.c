/*
 * sitemap_news_page.c — /sitemap-news.xml, the Google News sitemap: the
 * articles published in the last two days, newest first, at most 1,000,
 * each with the publication's name and language (ko), its publication
 * date and title.
 *
 * The two days are counted when the page is rendered.  The cached copy
 * is dropped by the next publish ("articles"), so on a day without any
 * publish it may still list an article a little older than two days;
 * Google ignores those, and nothing newer can be missing.
 */
#include "feeds/feeds_internal.h"

#include "app/app.h"

/*
 * ROUTE: GET /sitemap-news.xml
 *   (no parameters)
 */
int sitemap_news_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    Article *aArt = NULL;
    int nArt = 0;
    rc = feeds_db_since(c, req->a, time_now() - SITEMAP_NEWS_SECONDS,
                        SITEMAP_NEWS_MAX, &aArt, &nArt);
    if (rc != OK) {
        return rc;
    }
    const char *zBase = req->app->pCfg->zBaseUrl;
    View *v = view_new(req->a);
    view_list(v, "items");
    UnixTime tNewest = 0;
    for (int i = 0; i < nArt; i++) {
        View *item = view_list_add(v, "items");
        view_str(item, "url",
                 arena_printf(req->a, "%s/article/%lld", zBase,
                              (long long)aArt[i].id));
        view_str(item, "title", aArt[i].zTitle);
        view_str(item, "published_iso",
                 time_format_iso(req->a, aArt[i].tPublished));
        if (feeds_changed(&aArt[i]) > tNewest) {
            tNewest = feeds_changed(&aArt[i]);
        }
    }
    res_tag(res, req->a, "articles");
    return feeds_render(req, res, "feeds/sitemap_news",
                        "application/xml; charset=utf-8", v, tNewest);
}
