/*
 * section_page.c — one section's articles, newest first, 20 a page.
 */
#include "articles/articles.h"

#include "app/app.h"
#include "articles/article_view.h"
#include "site/site.h"

/*
 * ROUTE: GET /section/{slug}
 *   slug  a section's slug (sections.slug)
 *   page  ?page=N, 1 … last page; anything else is a 404
 */
int section_page(Request *req, Response *res)
{
    const SiteSection *sec =
        site_section_by_slug(site_current(), req_path(req, "slug"));
    int iPage = http_parse_page(req_query(req, "page"));
    if (sec == NULL || iPage == 0) {
        return 404;
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    int64_t nTotal = 0;
    rc = article_db_count(c, sec->id, 0, &nTotal);
    if (rc != OK) {
        return rc;
    }
    int nPages = (int)((nTotal + ARTICLES_PER_PAGE - 1) / ARTICLES_PER_PAGE);
    if (nPages < 1) {
        nPages = 1;
    }
    if (iPage > nPages) {
        res->zMessage = "이 분류에 그만큼 많은 쪽이 없습니다.";
        return 404;
    }
    Article *aArt = NULL;
    int nArt = 0;
    rc = article_db_list(c, req->a, sec->id, 0, (iPage - 1) * ARTICLES_PER_PAGE,
                         ARTICLES_PER_PAGE, &aArt, &nArt);
    if (rc != OK) {
        return rc;
    }
    View *v = view_new(req->a);
    view_str(v, "name", sec->zName);
    view_str(v, "slug", sec->zSlug);
    view_int(v, "total", nTotal);
    article_view_list(req->a, v, "articles", aArt, nArt);
    const char *zPath = arena_printf(req->a, "/section/%s", sec->zSlug);
    article_view_pagination(req->a, v, zPath, iPage, nPages);
    View *meta = site_meta(
        req, v, "website", sec->zName,
        arena_printf(req->a, "%s %s 기사", site_current()->zName, sec->zName),
        article_page_url(req->a, zPath, iPage));
    site_meta_feed(meta, arena_printf(req->a, "%s RSS", sec->zName),
                   arena_printf(req->a, "/rss%s", zPath));
    res_tag(res, req->a, arena_printf(req->a, "section:%s", sec->zSlug));
    res_tag(res, req->a, "articles");
    const char *zTitle =
        iPage > 1 ? arena_printf(req->a, "%s (%d쪽)", sec->zName, iPage)
                  : sec->zName;
    return site_page_render(req, res, "articles/section_page", v, zTitle,
                            sec->zSlug);
}
