/*
 * front_page.c — the front page: the newest article as the lead, then the
 * latest articles of every section.
 */
#include "articles/articles.h"

#include "app/app.h"
#include "articles/article_view.h"
#include "site/site.h"

/* Articles shown per section on the front page. */
#define FRONT_PER_SECTION 5

/*
 * ROUTE: GET /
 *   (no parameters)
 */
int front_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    const Site *site = site_current();
    View *v = view_new(req->a);
    view_bool(v, "is_front", true);
    Article *aArt = NULL;
    int nArt = 0;
    rc = article_db_list(c, req->a, 0, 0, 0, 1, &aArt, &nArt);
    if (rc != OK) {
        return rc;
    }
    if (nArt > 0) {
        article_view_item(req->a, view_obj(v, "lead"), &aArt[0]);
    }
    view_list(v, "sections");
    for (int i = 0; i < site->nSection; i++) {
        rc = article_db_list(c, req->a, site->aSection[i].id, 0, 0,
                             FRONT_PER_SECTION, &aArt, &nArt);
        if (rc != OK) {
            return rc;
        }
        if (nArt == 0) {
            continue;
        }
        View *sec = view_list_add(v, "sections");
        view_str(sec, "name", site->aSection[i].zName);
        view_str(sec, "slug", site->aSection[i].zSlug);
        article_view_list(req->a, sec, "articles", aArt, nArt);
    }
    site_meta(req, v, "website", NULL, NULL, "/");
    res_tag(res, req->a, "front");
    res_tag(res, req->a, "articles");
    return site_page_render(req, res, "articles/front_page", v, NULL, NULL);
}
