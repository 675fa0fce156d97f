/*
 * admin_page.c — /newsroom/admin, the admin's start page: the four tools
 * (people, sections, site settings, the change log) and the latest
 * changes.  Admin role only (the router checks it).
 */
#include "newsroom/newsroom.h"

#include "app/app.h"
#include "newsroom/admin.h"
#include "site/site.h"

/* Changes the start page shows. */
#define ADMIN_HOME_CHANGES 10

/*
 * ROUTE: GET /newsroom/admin
 *   (no parameters)
 */
int admin_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    KeysetPos pos = {KEYSET_FIRST, {0, 0}, 0};
    AuditEntry *aEntry = NULL;
    KeysetResult kr;
    rc = audit_db_page(c, req->a, &pos, "/newsroom/admin/audit",
                       ADMIN_HOME_CHANGES, &aEntry, &kr);
    if (rc != OK) {
        return rc;
    }
    View *v = view_new(req->a);
    admin_view_tabs(v, NULL);
    rc = admin_view_audit(req, c, v, "changes", aEntry, kr.nRow);
    if (rc != OK) {
        return rc;
    }
    view_bool(v, "more", kr.zNextUrl != NULL);
    res->bNoStore = true;
    return site_page_render(req, res, "newsroom/admin_page", v, "사이트 관리",
                            NULL);
}
