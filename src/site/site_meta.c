/*
 * site_meta.c — the share card and canonical link of a public page.
 *
 * Pages (front, section, reporter, article) call site_meta() while they
 * build their view; templates/partials/head_meta.html, included in the
 * layout's <head>, turns the 'meta' view into <link rel="canonical">, the
 * Open Graph and Twitter card tags and, on article pages, the JSON-LD
 * NewsArticle.  Pages that set no 'meta' (forms, error pages) get none of
 * it.  Every URL here is absolute (base_url): share crawlers and search
 * engines resolve nothing relative.
 */
#include "site/site.h"

#include "web/static.h"

/* An absolute URL of the static file 'zFile' with its version. */
static const char *site_meta_static_url(Request *req, const char *zFile)
{
    return arena_printf(req->a, "%s/static/%s?v=%s", req->app->pCfg->zBaseUrl,
                        zFile, static_version(zFile));
}

View *site_meta(Request *req, View *v, const char *zType, const char *zTitle,
                const char *zDescription, const char *zPath)
{
    const Site *s = site_current();
    const char *zBase = req->app->pCfg->zBaseUrl;
    if (zDescription == NULL || zDescription[0] == 0) {
        zDescription = s->zTagline[0] != 0 ? s->zTagline : s->zName;
    }
    view_str(v, "description", zDescription);
    View *meta = view_obj(v, "meta");
    view_str(meta, "type", zType);
    view_str(meta, "title", zTitle != NULL ? zTitle : s->zName);
    view_str(meta, "description", zDescription);
    view_str(meta, "url", arena_printf(req->a, "%s%s", zBase, zPath));
    view_str(meta, "home", arena_printf(req->a, "%s/", zBase));
    view_str(meta, "image", site_meta_static_url(req, SITE_SHARE_IMAGE));
    view_int(meta, "image_width", SITE_SHARE_IMAGE_WIDTH);
    view_int(meta, "image_height", SITE_SHARE_IMAGE_HEIGHT);
    view_str(meta, "logo", site_meta_static_url(req, SITE_LOGO_IMAGE));
    view_int(meta, "logo_width", SITE_LOGO_WIDTH);
    view_int(meta, "logo_height", SITE_LOGO_HEIGHT);
    return meta;
}

void site_meta_feed(View *meta, const char *zTitle, const char *zPath)
{
    View *feed = view_obj(meta, "feed");
    view_str(feed, "title", zTitle);
    view_str(feed, "path", zPath);
}
