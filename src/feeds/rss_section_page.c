/*
 * rss_section_page.c — RSS 2.0 of one section: its 50 newest articles.
 */
#include "feeds/feeds_internal.h"

#include "app/app.h"
#include "site/site.h"

/*
 * ROUTE: GET /rss/section/{slug}
 *   slug  a section's slug (sections.slug); anything else is a 404
 */
int rss_section_page(Request *req, Response *res)
{
    const Site *site = site_current();
    const SiteSection *sec = site_section_by_slug(site, req_path(req, "slug"));
    if (sec == NULL) {
        res->zMessage = "그런 분류가 없습니다.";
        return 404;
    }
    res_tag(res, req->a, arena_printf(req->a, "section:%s", sec->zSlug));
    const char *zLink = arena_printf(req->a, "/section/%s", sec->zSlug);
    return feeds_rss(req, res, sec->id, 0,
                     arena_printf(req->a, "%s - %s", sec->zName, site->zName),
                     zLink, arena_printf(req->a, "/rss%s", zLink));
}
