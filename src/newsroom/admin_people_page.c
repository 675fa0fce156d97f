/*
 * admin_people_page.c — /newsroom/admin/people: every person who can be a
 * byline, newest first, 50 a page by keyset, with a search by name; each
 * with their desk, e-mail and the account they sign in with.
 */
#include "newsroom/newsroom.h"

#include <string.h>

#include "accounts/accounts.h"
#include "app/app.h"
#include "articles/articles.h"
#include "newsroom/admin.h"
#include "site/site.h"
#include "view/template.h"

/*
 * ROUTE: GET /newsroom/admin/people
 *   q       part of a name to look for, at most 60 characters
 *           (PERSON_NAME_MAX); longer is refused with a message
 *   before  ?before=<created_at>.<id>: the people after that one
 *   after   ?after=<created_at>.<id>: the page before
 *   (anything malformed is a 404)
 */
int admin_people_page(Request *req, Response *res)
{
    KeysetPos pos;
    if (!keyset_from_query(req, &pos) || pos.mode == KEYSET_PAGE) {
        return 404;
    }
    const char *zQuery = req_query(req, "q");
    zQuery = zQuery ? zQuery : "";
    const char *zError = admin_check_text(req->a, zQuery, "검색어는", NULL,
                                          PERSON_NAME_MAX, true);
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    Str path;
    str_init(&path, req->a);
    str_append_z(&path, "/newsroom/admin/people");
    if (zQuery[0] != 0) {
        str_append_z(&path, "?q=");
        url_encode(&path, zQuery, strlen(zQuery));
    }
    PersonRow *aRow = NULL;
    KeysetResult kr;
    memset(&kr, 0, sizeof(kr));
    if (zError == NULL) {
        rc = person_db_page(c, req->a, zQuery, &pos, path.z, ADMIN_PAGE_ROWS,
                            &aRow, &kr);
        if (rc != OK) {
            return rc;
        }
        if (kr.bNotFound) {
            res->zMessage = "그보다 먼저 추가된 사람이 없습니다.";
            return 404;
        }
        if (kr.zRedirect != NULL) {
            site_pagination_redirect(res, &kr);
            return OK;
        }
    }
    View *v = view_new(req->a);
    admin_view_tabs(v, "people");
    view_str(v, "q", zQuery);
    view_int(v, "q_max", PERSON_NAME_MAX);
    view_str(v, "error", zError);
    view_list(v, "people");
    for (int i = 0; i < kr.nRow; i++) {
        const PersonRow *r = &aRow[i];
        View *item = view_list_add(v, "people");
        view_int(item, "id", r->p.id);
        view_str(item, "name", r->p.zName);
        view_str(item, "desk", r->p.zDesk);
        view_str(item, "email", r->p.zEmail);
        if (r->accountId != 0) {
            Account acct;
            rc = account_get(c, req->a, r->accountId, &acct);
            if (rc == OK) {
                view_str(item, "login", acct.zLogin);
            } else if (rc != ERR_NOTFOUND) {
                return rc;
            }
        }
    }
    site_pagination(v, &kr);
    res->status = zError ? 400 : 200;
    res->bNoStore = true;
    return site_page_render(req, res, "newsroom/admin_people_page", v, "기자",
                            NULL);
}
