/*
 * article_meta.c — the share card and JSON-LD of an article page (GET
 * /article/{id}): site_meta() with og:type "article", plus what only an
 * article has (times, section, authors, correction notices), which
 * templates/partials/head_meta.html writes as article:* tags and as the
 * NewsArticle's datePublished, dateModified, articleSection, author and
 * correction.
 */
#include "articles/article_view.h"

#include "app/app.h"
#include "articles/corrections.h"
#include "site/site.h"
#include "web/static.h"

int article_view_meta(Request *req, View *v, const Article *art,
                      const SiteSection *sec)
{
    char *zSummary = NULL;
    int rc = article_summary(req->a, art, &zSummary);
    if (rc != OK) {
        return rc;
    }
    View *meta =
        site_meta(req, v, "article", art->zTitle, zSummary,
                  arena_printf(req->a, "/article/%lld", (long long)art->id));
    View *m = view_obj(meta, "article");
    view_str(m, "published_iso", time_format_iso(req->a, art->tPublished));
    /* Never changed after publishing: modified is published.  A
       correction notice is a change too. */
    UnixTime tModified =
        art->tModified > art->tPublished ? art->tModified : art->tPublished;
    if (art->tCorrected > tModified) {
        tModified = art->tCorrected;
    }
    view_str(m, "modified_iso", time_format_iso(req->a, tModified));
    /* The JSON-LD's correction: one CorrectionComment per notice. */
    correction_view_list(req->a, m, "corrections", art->aCorrection,
                         art->nCorrection);
    if (sec != NULL) {
        view_str(m, "section", sec->zName);
    }
    article_view_bylines(req->a, m, "authors", art, req->app->pCfg->zBaseUrl);
    /* The "링크 복사" button's script (static/share.js). */
    view_str(v, "share_js_version", static_version("share.js"));
    return OK;
}
