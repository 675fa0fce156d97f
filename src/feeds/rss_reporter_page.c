/*
 * rss_reporter_page.c — RSS 2.0 of one reporter: their 50 newest articles.
 */
#include "feeds/feeds_internal.h"

#include "app/app.h"
#include "site/site.h"

/*
 * ROUTE: GET /rss/reporter/{id}
 *   id  people.id, a positive integer; an unknown person is a 404
 */
int rss_reporter_page(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    if (id == 0) {
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
    res_tag(res, req->a, arena_printf(req->a, "reporter:%lld", (long long)id));
    const char *zLink = arena_printf(req->a, "/reporter/%lld", (long long)id);
    return feeds_rss(
        req, res, 0, id,
        arena_printf(req->a, "%s 기자 - %s", p.zName, site_current()->zName),
        zLink, arena_printf(req->a, "/rss%s", zLink));
}
