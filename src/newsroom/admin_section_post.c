/*
 * admin_section_post.c — renaming a section and moving it up or down the
 * navigation.  The slug (its address) never changes, so old links keep
 * working.  Each change is one transaction with its audit row and the
 * "site" change (every process reloads the navigation).
 */
#include "newsroom/newsroom.h"

#include <string.h>

#include "app/app.h"
#include "newsroom/admin.h"
#include "site/site.h"

/* The section of {id} among 'aSec' ('nSec'): its index, or -1. */
static int admin_section_index(Request *req, const SiteSection *aSec, int nSec)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    for (int i = 0; id != 0 && i < nSec; i++) {
        if (aSec[i].id == id) {
            return i;
        }
    }
    return -1;
}

/* Commit the open transaction on 'c' with its "site" change, or roll
   back; then redirect to the sections page. */
static int admin_section_finish(Request *req, Response *res, StoreConn *c,
                                int rc)
{
    if (rc == OK) {
        rc = app_change(c, "site");
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
        return rc;
    }
    /* This node's menu at once; the change feed brings the others. */
    site_reload_now(req);
    res_redirect(res, "/newsroom/admin/sections?saved=1");
    return OK;
}

/*
 * ROUTE: POST /newsroom/admin/sections/{id}
 *   id    sections.id, a positive integer
 *   name  the new shown name, 1..30 characters, one line, no other
 *         section's
 */
int admin_section_rename(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    SiteSection *aSec = NULL;
    int nSec = 0;
    if (rc == OK) {
        rc = site_db_section_list(c, req->a, &aSec, &nSec);
    }
    if (rc != OK) {
        return rc;
    }
    int i = admin_section_index(req, aSec, nSec);
    if (i < 0) {
        res->zMessage = "그런 분류가 없습니다.";
        return 404;
    }
    AdminSectionForm f;
    memset(&f, 0, sizeof(f));
    f.zSlug = f.zName = "";
    f.renameId = aSec[i].id;
    f.zRename = admin_field(req, "name");
    f.zRenameError =
        admin_section_name_error(req, c, f.zRename, aSec[i].id, &rc);
    if (rc != OK) {
        return rc;
    }
    if (f.zRenameError != NULL) {
        return admin_sections_render(req, res, c, &f, NULL, 422);
    }
    if (strcmp(f.zRename, aSec[i].zName) == 0) {
        f.renameId = 0;
        return admin_sections_render(
            req, res, c, &f, "이름이 그대로라 저장하지 않았습니다.", 200);
    }
    rc = store_begin(c);
    if (rc == OK) {
        rc = site_db_rename_section(c, aSec[i].id, f.zRename);
    }
    if (rc == OK) {
        rc = audit_db_add(
            c, req->pViewer->accountId, time_now(), "section.rename",
            arena_printf(req->a, "section:%lld", (long long)aSec[i].id),
            arena_printf(req->a, "%s: %s → %s", aSec[i].zSlug,
                         admin_audit_value(req->a, aSec[i].zName),
                         admin_audit_value(req->a, f.zRename)));
    }
    return admin_section_finish(req, res, c, rc);
}

/*
 * ROUTE: POST /newsroom/admin/sections/{id}/move
 *   id         sections.id, a positive integer
 *   direction  up (earlier in the navigation) or down
 */
int admin_section_move(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc == OK) {
        rc = store_begin(c);
    }
    if (rc != OK) {
        return rc;
    }
    /* Read and rewrite the order in one transaction: two admins moving
       at once each see the other's order. */
    SiteSection *aSec = NULL;
    int nSec = 0;
    rc = site_db_section_list(c, req->a, &aSec, &nSec);
    if (rc != OK) {
        store_rollback(c);
        return rc;
    }
    int i = admin_section_index(req, aSec, nSec);
    const char *zDir = admin_field(req, "direction");
    int j = strcmp(zDir, "up") == 0     ? i - 1
            : strcmp(zDir, "down") == 0 ? i + 1
                                        : -2;
    if (i < 0) {
        store_rollback(c);
        res->zMessage = "그런 분류가 없습니다.";
        return 404;
    }
    if (j == -2) {
        store_rollback(c);
        res->zMessage = "위(up)나 아래(down)로만 옮길 수 있습니다.";
        return 400;
    }
    if (j < 0 || j >= nSec) {
        store_rollback(c);
        AdminSectionForm f;
        memset(&f, 0, sizeof(f));
        f.zSlug = f.zName = "";
        return admin_sections_render(
            req, res, c, &f,
            j < 0 ? "이미 맨 앞에 있습니다." : "이미 맨 뒤에 있습니다.", 200);
    }
    SiteSection tmp = aSec[i];
    aSec[i] = aSec[j];
    aSec[j] = tmp;
    /* Positions become 0, 1, 2 … in the new order. */
    for (int k = 0; rc == OK && k < nSec; k++) {
        rc = site_db_set_position(c, aSec[k].id, k);
    }
    if (rc == OK) {
        rc = audit_db_add(
            c, req->pViewer->accountId, time_now(), "section.move",
            arena_printf(req->a, "section:%lld", (long long)aSec[j].id),
            arena_printf(req->a, "%s: %d번째 → %d번째",
                         admin_audit_value(req->a, aSec[j].zName), i + 1,
                         j + 1));
    }
    return admin_section_finish(req, res, c, rc);
}
