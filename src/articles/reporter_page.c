/*
 * reporter_page.c — a reporter's name, desk, bio, e-mail and articles
 * (those with them as the first byline), newest first, 20 a page, paged
 * by keyset like the section pages (web/keyset.h).
 */
#include "articles/articles.h"

#include "app/app.h"
#include "articles/article_view.h"
#include "site/site.h"

/*
 * ROUTE: GET /reporter/{id}
 *   id      people.id, a positive integer
 *   before  ?before=<published_at>.<id>: the articles after that one
 *   after   ?after=<published_at>.<id>: the page ending before that one
 *   page    ?page=N (1 … 100000), old numbered links: redirected to the
 *           same articles' ?before= address; past the end a 404
 *   (one of the three at most; anything malformed is a 404)
 */
int reporter_page(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    KeysetPos pos;
    if (id == 0 || !keyset_from_query(req, &pos)) {
        return 404;
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    Person p;
    rc = person_db_get(c, req->a, id, &p);
    if (rc == ERR_NOTFOUND) {
        res->zMessage = "그런 기자가 없습니다.";
        return 404;
    }
    if (rc != OK) {
        return rc;
    }
    const char *zPath = arena_printf(req->a, "/reporter/%lld", (long long)id);
    Article *aArt = NULL;
    KeysetResult kr;
    rc = article_db_page(c, req->a, 0, id, &pos, zPath, ARTICLES_PER_PAGE,
                         &aArt, &kr);
    if (rc != OK) {
        return rc;
    }
    if (kr.bNotFound) {
        res->zMessage = "이 기자의 그보다 지난 기사가 없습니다.";
        return 404;
    }
    if (kr.zRedirect != NULL) {
        site_pagination_redirect(res, &kr);
        return OK;
    }
    View *v = view_new(req->a);
    View *r = view_obj(v, "reporter");
    view_int(r, "id", p.id);
    view_str(r, "name", p.zName);
    view_str(r, "desk", p.zDesk);
    view_str(r, "bio", p.zBio);
    if (p.zEmail[0] != 0) {
        view_str(r, "email", p.zEmail);
    }
    article_view_list(req->a, v, "articles", aArt, kr.nRow);
    site_pagination(v, &kr);
    const char *zName = arena_printf(req->a, "%s 기자", p.zName);
    View *meta = site_meta(
        req, v, "profile", zName,
        article_clip_text(req->a, p.zBio, ARTICLE_SUMMARY_CHARS), kr.zSelfUrl);
    site_meta_feed(meta, arena_printf(req->a, "%s RSS", zName),
                   arena_printf(req->a, "/rss%s", zPath));
    res_tag(res, req->a, arena_printf(req->a, "reporter:%lld", (long long)id));
    res_tag(res, req->a, "articles");
    return site_page_render(
        req, res, "articles/reporter_page", v,
        article_list_title(req->a, zName, &pos, aArt, kr.nRow), NULL);
}
