/*
 * articles.c — what pages about one article share: finding the published
 * article a route's {id} names.  Pages of other features (comments,
 * reports, the PDF) start with it too, through articles.h.
 */
#include "articles/articles.h"

#include "app/app.h"

int article_from_path(Request *req, Response *res, StoreConn **pc,
                      Article *pArt)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    if (id == 0) {
        return 404;
    }
    int rc = app_db(req, pc);
    if (rc != OK) {
        return rc;
    }
    rc = article_db_get(*pc, req->a, id, pArt);
    if (rc == ERR_NOTFOUND) {
        res->zMessage = "기사가 없거나 아직 공개되지 않았습니다.";
        return 404;
    }
    return rc;
}
