/*
 * feeds_view.c — what the feeds and sitemaps share: feed entries from
 * articles, the render step (template, content type, Last-Modified,
 * tags) and the RSS channel that the three RSS routes differ in only by
 * filter and title.
 */
#include "feeds/feeds_internal.h"

#include "app/app.h"
#include "articles/article_view.h"
#include "site/site.h"
#include "view/markdown.h"
#include "view/template.h"

UnixTime feeds_changed(const Article *art)
{
    UnixTime t =
        art->tModified > art->tPublished ? art->tModified : art->tPublished;
    /* A correction notice changes the entry too (issue 9 §5). */
    return art->tCorrected > t ? art->tCorrected : t;
}

int feeds_view_items(Request *req, View *v, int64_t sectionId, int64_t authorId,
                     UnixTime *ptNewest)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    Article *aArt = NULL;
    int nArt = 0;
    rc = feeds_db_latest(c, req->a, sectionId, authorId, FEEDS_ITEMS, &aArt,
                         &nArt);
    if (rc != OK) {
        return rc;
    }
    const Site *site = site_current();
    const char *zBase = req->app->pCfg->zBaseUrl;
    UnixTime tNewest = 0;
    view_list(v, "items");
    for (int i = 0; i < nArt; i++) {
        const Article *art = &aArt[i];
        char *zSummary = NULL;
        rc = article_summary(req->a, art, &zSummary);
        if (rc != OK) {
            return rc;
        }
        UnixTime tChanged = feeds_changed(art);
        if (tChanged > tNewest) {
            tNewest = tChanged;
        }
        View *item = view_list_add(v, "items");
        view_str(item, "title", art->zTitle);
        view_str(
            item, "url",
            arena_printf(req->a, "%s/article/%lld", zBase, (long long)art->id));
        view_str(item, "published_rfc822",
                 time_format_rfc822(req->a, art->tPublished));
        view_str(item, "published_iso",
                 time_format_iso(req->a, art->tPublished));
        view_str(item, "updated_iso", time_format_iso(req->a, tChanged));
        view_str(item, "author", article_byline_names(req->a, art));
        article_view_bylines(req->a, item, "authors", art, zBase);
        const SiteSection *sec = site_section_by_id(site, art->sectionId);
        if (sec != NULL) {
            view_str(item, "section", sec->zName);
        }
        view_str(item, "summary", zSummary);
        if (site->bFeedFullText) {
            /* Written escaped (no |trusted): the XML text is the HTML. */
            view_safe(item, "body",
                      markdown_from_store(req->a, art->zBodyHtml));
        }
    }
    *ptNewest = tNewest;
    return OK;
}

int feeds_render(Request *req, Response *res, const char *zTemplate,
                 const char *zContentType, View *v, UnixTime tModified)
{
    const Site *site = site_current();
    View *s = view_obj(v, "site");
    view_str(s, "name", site->zName);
    view_str(s, "tagline",
             site->zTagline[0] != 0 ? site->zTagline : site->zName);
    view_str(v, "base", req->app->pCfg->zBaseUrl);
    int rc = template_render(req->app->pTpl, zTemplate, v, &res->body);
    if (rc != OK) {
        return rc;
    }
    res->zContentType = zContentType;
    res->tModified = tModified;
    /* The site's name is in every feed; base_url in every address. */
    res_tag(res, req->a, "site");
    return OK;
}

int feeds_rss(Request *req, Response *res, int64_t sectionId, int64_t authorId,
              const char *zTitle, const char *zLink, const char *zSelf)
{
    View *v = view_new(req->a);
    UnixTime tNewest = 0;
    int rc = feeds_view_items(req, v, sectionId, authorId, &tNewest);
    if (rc != OK) {
        return rc;
    }
    res_tag(res, req->a, "articles");
    const char *zBase = req->app->pCfg->zBaseUrl;
    View *feed = view_obj(v, "feed");
    view_str(feed, "title", zTitle);
    view_str(feed, "link", arena_printf(req->a, "%s%s", zBase, zLink));
    view_str(feed, "self", arena_printf(req->a, "%s%s", zBase, zSelf));
    if (tNewest != 0) {
        view_str(feed, "updated_rfc822", time_format_rfc822(req->a, tNewest));
    }
    return feeds_render(req, res, "feeds/rss",
                        "application/rss+xml; charset=utf-8", v, tNewest);
}
