/*
 * section_page.c — one section's articles, newest first, 20 a page,
 * paged by keyset (web/keyset.h): "다음" names the last article shown,
 * so a page 4,000 pages back costs what the first one does.  Nothing
 * counts the section's articles.
 */
#include "articles/articles.h"

#include "app/app.h"
#include "articles/article_view.h"
#include "site/site.h"

/*
 * ROUTE: GET /section/{slug}
 *   slug    a section's slug (sections.slug)
 *   before  ?before=<published_at>.<id>: the articles after that one
 *   after   ?after=<published_at>.<id>: the page ending before that one
 *   page    ?page=N (1 … 100000), old numbered links: redirected to the
 *           same articles' ?before= address; past the end a 404
 *   (one of the three at most; anything malformed is a 404)
 */
int section_page(Request *req, Response *res)
{
    const SiteSection *sec =
        site_section_by_slug(site_current(), req_path(req, "slug"));
    KeysetPos pos;
    if (sec == NULL || !keyset_from_query(req, &pos)) {
        return 404;
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    const char *zPath = arena_printf(req->a, "/section/%s", sec->zSlug);
    Article *aArt = NULL;
    KeysetResult kr;
    rc = article_db_page(c, req->a, sec->id, 0, &pos, zPath, ARTICLES_PER_PAGE,
                         &aArt, &kr);
    if (rc != OK) {
        return rc;
    }
    if (kr.bNotFound) {
        res->zMessage = "이 분류에 그보다 지난 기사가 없습니다.";
        return 404;
    }
    if (kr.zRedirect != NULL) {
        site_pagination_redirect(res, &kr);
        return OK;
    }
    View *v = view_new(req->a);
    view_str(v, "name", sec->zName);
    view_str(v, "slug", sec->zSlug);
    article_view_list(req->a, v, "articles", aArt, kr.nRow);
    site_pagination(v, &kr);
    View *meta = site_meta(
        req, v, "website", sec->zName,
        arena_printf(req->a, "%s %s 기사", site_current()->zName, sec->zName),
        kr.zSelfUrl);
    site_meta_feed(meta, arena_printf(req->a, "%s RSS", sec->zName),
                   arena_printf(req->a, "/rss%s", zPath));
    res_tag(res, req->a, arena_printf(req->a, "section:%s", sec->zSlug));
    res_tag(res, req->a, "articles");
    return site_page_render(
        req, res, "articles/section_page", v,
        article_list_title(req->a, sec->zName, &pos, aArt, kr.nRow),
        sec->zSlug);
}
