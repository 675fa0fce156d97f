/*
 * reporter_page.c — a reporter's name, desk, bio, e-mail and articles.
 */
#include "articles/articles.h"

#include "app/app.h"
#include "articles/article_view.h"
#include "site/site.h"

/*
 * ROUTE: GET /reporter/{id}
 *   id    people.id, a positive integer
 *   page  ?page=N, 1 … last page; anything else is a 404
 */
int reporter_page(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    int iPage = http_parse_page(req_query(req, "page"));
    if (id == 0 || iPage == 0) {
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
    int64_t nTotal = 0;
    rc = article_db_count(c, 0, id, &nTotal);
    if (rc != OK) {
        return rc;
    }
    int nPages = (int)((nTotal + ARTICLES_PER_PAGE - 1) / ARTICLES_PER_PAGE);
    if (nPages < 1) {
        nPages = 1;
    }
    if (iPage > nPages) {
        return 404;
    }
    Article *aArt = NULL;
    int nArt = 0;
    rc = article_db_list(c, req->a, 0, id, (iPage - 1) * ARTICLES_PER_PAGE,
                         ARTICLES_PER_PAGE, &aArt, &nArt);
    if (rc != OK) {
        return rc;
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
    view_int(v, "total", nTotal);
    article_view_list(req->a, v, "articles", aArt, nArt);
    const char *zPath = arena_printf(req->a, "/reporter/%lld", (long long)id);
    article_view_pagination(req->a, v, zPath, iPage, nPages);
    const char *zName = arena_printf(req->a, "%s 기자", p.zName);
    View *meta =
        site_meta(req, v, "profile", zName,
                  article_clip_text(req->a, p.zBio, ARTICLE_SUMMARY_CHARS),
                  article_page_url(req->a, zPath, iPage));
    site_meta_feed(meta, arena_printf(req->a, "%s RSS", zName),
                   arena_printf(req->a, "/rss%s", zPath));
    res_tag(res, req->a, arena_printf(req->a, "reporter:%lld", (long long)id));
    res_tag(res, req->a, "articles");
    return site_page_render(req, res, "articles/reporter_page", v,
                            arena_printf(req->a, "%s 기자", p.zName), NULL);
}
