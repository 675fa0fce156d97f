/*
 * admin_audit_page.c — /newsroom/admin/audit: every change made under
 * /newsroom/admin, newest first, 50 a page by keyset (web/keyset.h), with
 * who made it, when, what and which, and the line of what changed.
 */
#include "newsroom/newsroom.h"

#include "app/app.h"
#include "newsroom/admin.h"
#include "site/site.h"

/*
 * ROUTE: GET /newsroom/admin/audit
 *   before  ?before=<at>.<id>: the changes older than that one
 *   after   ?after=<at>.<id>: the page of newer ones
 *   (anything malformed is a 404)
 */
int admin_audit_page(Request *req, Response *res)
{
    KeysetPos pos;
    if (!keyset_from_query(req, &pos) || pos.mode == KEYSET_PAGE) {
        return 404;
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    AuditEntry *aEntry = NULL;
    KeysetResult kr;
    rc = audit_db_page(c, req->a, &pos, "/newsroom/admin/audit",
                       ADMIN_PAGE_ROWS, &aEntry, &kr);
    if (rc != OK) {
        return rc;
    }
    if (kr.bNotFound) {
        res->zMessage = "그보다 오래된 변경 기록이 없습니다.";
        return 404;
    }
    if (kr.zRedirect != NULL) {
        site_pagination_redirect(res, &kr);
        return OK;
    }
    View *v = view_new(req->a);
    admin_view_tabs(v, "audit");
    rc = admin_view_audit(req, c, v, "changes", aEntry, kr.nRow);
    if (rc != OK) {
        return rc;
    }
    site_pagination(v, &kr);
    res->bNoStore = true;
    return site_page_render(req, res, "newsroom/admin_audit_page", v,
                            "변경 기록", NULL);
}
