/*
 * admin_sections_page.c — /newsroom/admin/sections: the sections (the
 * navigation's 분류) in order, each with a rename form and up/down
 * buttons (admin_section_post.c), and the form that adds one.  Sections
 * are site/'s table (site_db.c); every change records the "site" change
 * in its transaction, so every server process reloads the navigation and
 * drops its pages, and writes its audit row there too.
 */
#include "newsroom/newsroom.h"

#include <string.h>

#include "accounts/accounts.h"
#include "app/app.h"
#include "newsroom/admin.h"
#include "site/site.h"

int admin_sections_render(Request *req, Response *res, StoreConn *c,
                          const AdminSectionForm *f, const char *zNote,
                          int status)
{
    SiteSection *aSec = NULL;
    int nSec = 0;
    int rc = site_db_section_list(c, req->a, &aSec, &nSec);
    if (rc != OK) {
        return rc;
    }
    View *v = view_new(req->a);
    admin_view_tabs(v, "sections");
    view_list(v, "sections");
    for (int i = 0; i < nSec; i++) {
        View *s = view_list_add(v, "sections");
        bool bThis = f->renameId == aSec[i].id;
        view_int(s, "id", aSec[i].id);
        view_int(s, "number", i + 1);
        view_str(s, "slug", aSec[i].zSlug);
        view_str(s, "stored_name", aSec[i].zName);
        view_str(s, "name", bThis ? f->zRename : aSec[i].zName);
        view_str(s, "error", bThis ? f->zRenameError : NULL);
        view_bool(s, "first", i == 0);
        view_bool(s, "last", i == nSec - 1);
    }
    view_str(v, "slug", f->zSlug);
    view_str(v, "name", f->zName);
    view_str(v, "slug_error", f->zSlugError);
    view_str(v, "name_error", f->zNameError);
    view_bool(v, "has_error",
              f->zSlugError || f->zNameError || f->zRenameError);
    view_int(v, "slug_max", SITE_SLUG_MAX);
    view_int(v, "name_max", SITE_SECTION_NAME_MAX);
    view_str(v, "note", zNote);
    view_str(v, "csrf", csrf_token(req, res));
    res->status = status;
    res->bNoStore = true;
    return site_page_render(req, res, "newsroom/admin_sections_page", v, "분류",
                            NULL);
}

/*
 * ROUTE: GET /newsroom/admin/sections
 *   saved  present after a change (shows a note)
 */
int admin_sections_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    AdminSectionForm f;
    memset(&f, 0, sizeof(f));
    f.zSlug = f.zName = "";
    return admin_sections_render(req, res, c, &f,
                                 req_query(req, "saved")
                                     ? "저장했습니다. 메뉴에는 1초 안에 "
                                       "반영됩니다."
                                     : NULL,
                                 200);
}

const char *admin_section_name_error(Request *req, StoreConn *c,
                                     const char *zName, int64_t selfId,
                                     int *pRc)
{
    *pRc = OK;
    const char *zError = admin_check_text(req->a, zName, "분류 이름은",
                                          "분류 이름을 적어 주십시오.",
                                          SITE_SECTION_NAME_MAX, true);
    if (zError != NULL) {
        return zError;
    }
    SiteSection *aSec = NULL;
    int nSec = 0;
    *pRc = site_db_section_list(c, req->a, &aSec, &nSec);
    for (int i = 0; *pRc == OK && i < nSec; i++) {
        if (aSec[i].id != selfId && strcmp(aSec[i].zName, zName) == 0) {
            return arena_printf(req->a, "'%s'(%s) 분류가 이미 그 이름입니다.",
                                aSec[i].zName, aSec[i].zSlug);
        }
    }
    return NULL;
}

/*
 * ROUTE: POST /newsroom/admin/sections
 *   slug  the address part (/section/{slug}): 1..40 of a-z, 0-9 and '-',
 *         not starting with '-', no other section's; never changes
 *   name  the shown name, 1..30 characters, one line, no other section's
 */
int admin_section_create(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    AdminSectionForm f;
    memset(&f, 0, sizeof(f));
    f.zSlug = admin_field(req, "slug");
    f.zName = admin_field(req, "name");
    if (f.zSlug[0] == 0) {
        f.zSlugError = "주소용 이름(영문)을 적어 주십시오.";
    } else if (!site_slug_valid(f.zSlug)) {
        f.zSlugError = arena_printf(
            req->a,
            "주소용 이름은 영문 소문자, 숫자, '-'로 %d자까지이고 '-'로 "
            "시작하지 않습니다. 예: industry1",
            SITE_SLUG_MAX);
    } else {
        SiteSection *aSec = NULL;
        int nSec = 0;
        rc = site_db_section_list(c, req->a, &aSec, &nSec);
        if (rc != OK) {
            return rc;
        }
        for (int i = 0; i < nSec; i++) {
            if (strcmp(aSec[i].zSlug, f.zSlug) == 0) {
                f.zSlugError =
                    arena_printf(req->a, "'%s' 분류가 이미 이 주소를 씁니다.",
                                 aSec[i].zName);
            }
        }
    }
    f.zNameError = admin_section_name_error(req, c, f.zName, 0, &rc);
    if (rc != OK) {
        return rc;
    }
    if (f.zSlugError || f.zNameError) {
        return admin_sections_render(req, res, c, &f, NULL, 422);
    }
    int nPos = 0;
    int64_t id = 0;
    rc = store_begin(c);
    if (rc == OK) {
        rc = site_db_next_position(c, &nPos);
    }
    if (rc == OK) {
        rc = site_db_add_section(c, f.zSlug, f.zName, nPos, &id);
    }
    if (rc == OK) {
        rc = audit_db_add(c, req->pViewer->accountId, time_now(),
                          "section.create",
                          arena_printf(req->a, "section:%lld", (long long)id),
                          arena_printf(req->a, "주소 %s, 이름 %s",
                                       admin_audit_value(req->a, f.zSlug),
                                       admin_audit_value(req->a, f.zName)));
    }
    if (rc == OK) {
        rc = app_change(c, "site");
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc == ERR_CONSTRAINT) {
        /* The same slug added meanwhile by someone else. */
        store_rollback(c);
        f.zSlugError = "방금 다른 사람이 같은 주소의 분류를 만들었습니다.";
        return admin_sections_render(req, res, c, &f, NULL, 409);
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
