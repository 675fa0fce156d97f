/*
 * admin_person_page.c — adding and editing a person who can be a byline
 * (people: name, e-mail, desk, bio; a photo comes with the photo
 * feature): /newsroom/admin/people/new and /newsroom/admin/people/{id}.
 * The edit page also shows the account the person signs in with and the
 * form that links one (admin_person_account.c).  A save writes the person
 * and its audit row in one transaction; a change of name, desk or bio
 * drops the pages that show the byline (reporter:{id}, articles).  A form
 * that fails comes back with what was typed and a message on each field.
 */
#include "newsroom/newsroom.h"

#include <string.h>

#include "accounts/accounts.h"
#include "app/app.h"
#include "articles/articles.h"
#include "base/str.h"
#include "newsroom/admin.h"
#include "site/site.h"

int admin_person_render(Request *req, Response *res, StoreConn *c, int64_t id,
                        const AdminPersonForm *f, const char *zNote, int status)
{
    View *v = view_new(req->a);
    admin_view_tabs(v, "people");
    view_int(v, "id", id);
    view_bool(v, "is_new", id == 0);
    View *form = view_obj(v, "form");
    view_str(form, "name", f->zName);
    view_str(form, "email", f->zEmail);
    view_str(form, "desk", f->zDesk);
    view_str(form, "bio", f->zBio);
    view_str(form, "name_error", f->zNameError);
    view_str(form, "email_error", f->zEmailError);
    view_str(form, "desk_error", f->zDeskError);
    view_str(form, "bio_error", f->zBioError);
    view_str(form, "login", f->zLogin);
    view_str(form, "login_error", f->zLoginError);
    bool bError = f->zNameError || f->zEmailError || f->zDeskError ||
                  f->zBioError || f->zLoginError;
    view_bool(v, "has_error", bError);
    view_int(v, "name_max", PERSON_NAME_MAX);
    view_int(v, "email_max", PERSON_EMAIL_BYTES_MAX);
    view_int(v, "desk_max", PERSON_DESK_MAX);
    view_int(v, "bio_max", PERSON_BIO_MAX);
    view_int(v, "login_max", ACCOUNT_LOGIN_MAX);
    view_str(v, "note", zNote);
    const char *zTitle = "새 기자";
    if (id != 0) {
        PersonRow row;
        int rc = person_db_row(c, req->a, id, &row);
        if (rc != OK) {
            return rc;
        }
        zTitle = arena_printf(req->a, "%s 기자", row.p.zName);
        view_str(v, "stored_name", row.p.zName);
        if (row.accountId != 0) {
            Account acct;
            rc = account_get(c, req->a, row.accountId, &acct);
            if (rc == OK) {
                View *a = view_obj(v, "account");
                view_str(a, "login", acct.zLogin);
                view_str(a, "name", acct.zName);
            } else if (rc != ERR_NOTFOUND) {
                return rc;
            }
        }
    }
    view_str(v, "csrf", csrf_token(req, res));
    res->status = status;
    res->bNoStore = true;
    return site_page_render(req, res, "newsroom/admin_person_page", v, zTitle,
                            NULL);
}

/* The person of {id}: OK with '*pRow' (OUT), or 404. */
static int admin_person_from_path(Request *req, Response *res, StoreConn *c,
                                  PersonRow *pRow)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    int rc = id ? person_db_row(c, req->a, id, pRow) : ERR_NOTFOUND;
    if (rc == ERR_NOTFOUND) {
        res->zMessage = "그런 기자가 없습니다.";
        return 404;
    }
    return rc;
}

/*
 * ROUTE: GET /newsroom/admin/people/new
 *   (no parameters)
 */
int admin_person_new_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    AdminPersonForm f = {"", "", "", "", NULL, NULL, NULL, NULL, "", NULL};
    return admin_person_render(req, res, c, 0, &f, NULL, 200);
}

/*
 * ROUTE: GET /newsroom/admin/people/{id}
 *   id     people.id, a positive integer
 *   saved  present after a save (shows a note)
 */
int admin_person_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    PersonRow row;
    if (rc == OK) {
        rc = admin_person_from_path(req, res, c, &row);
    }
    if (rc != OK) {
        return rc;
    }
    AdminPersonForm f = {row.p.zName, row.p.zEmail, row.p.zDesk, row.p.zBio,
                         NULL,        NULL,         NULL,        NULL,
                         "",          NULL};
    const char *zSaved = req_query(req, "saved");
    return admin_person_render(req, res, c, row.p.id, &f,
                               zSaved ? "저장했습니다." : NULL, 200);
}

/* True when 'z' looks like an e-mail address: one '@' with text on both
   sides, no space or control byte. */
static bool admin_email_ok(const char *z)
{
    const char *zAt = strchr(z, '@');
    if (zAt == NULL || zAt == z || zAt[1] == 0 || strchr(zAt + 1, '@')) {
        return false;
    }
    for (const char *p = z; *p; p++) {
        if ((unsigned char)*p <= 0x20 || *p == 0x7f || strchr("<>\",;", *p)) {
            return false;
        }
    }
    return true;
}

/*
 * Read and check the person form of 'req' into '*pf' (OUT): each field
 * its limit and message; the e-mail trimmed, lower-case and not another
 * person's ('selfId': this one).  Return OK (see the field errors), or
 * ERR_*.
 */
static int admin_person_read(Request *req, StoreConn *c, int64_t selfId,
                             AdminPersonForm *pf)
{
    memset(pf, 0, sizeof(*pf));
    pf->zName = admin_field(req, "name");
    pf->zDesk = admin_field(req, "desk");
    pf->zBio = admin_field(req, "bio");
    pf->zLogin = "";
    /* The e-mail as typed comes back on error; it is stored trimmed and
       lower-case (the importer finds people by it). */
    const char *zEmail = admin_field(req, "email");
    pf->zEmail = zEmail;
    pf->zNameError =
        admin_check_text(req->a, pf->zName, "이름은", "이름을 적어 주십시오.",
                         PERSON_NAME_MAX, true);
    pf->zDeskError = admin_check_text(req->a, pf->zDesk, "부서는", NULL,
                                      PERSON_DESK_MAX, true);
    pf->zBioError = admin_check_text(req->a, pf->zBio, "소개는", NULL,
                                     PERSON_BIO_MAX, false);
    char *zNorm = arena_strdup(req->a, zEmail);
    size_t n = strlen(zNorm);
    while (n > 0 && (zNorm[n - 1] == ' ' || zNorm[n - 1] == '\t')) {
        zNorm[--n] = 0;
    }
    while (*zNorm == ' ' || *zNorm == '\t') {
        zNorm++;
        n--;
    }
    for (char *q = zNorm; *q; q++) {
        if (*q >= 'A' && *q <= 'Z') {
            *q = (char)(*q - 'A' + 'a');
        }
    }
    if (n > PERSON_EMAIL_BYTES_MAX) {
        pf->zEmailError = arena_printf(req->a, "e-mail은 %d바이트까지입니다.",
                                       PERSON_EMAIL_BYTES_MAX);
    } else if (n > 0 && !admin_email_ok(zNorm)) {
        pf->zEmailError = "e-mail 주소 형식이 아닙니다. 예: "
                          "reporter@example.com";
    } else if (n > 0) {
        int64_t other = 0;
        int rc = person_db_email_owner(c, zNorm, selfId, &other);
        if (rc != OK) {
            return rc;
        }
        if (other != 0) {
            PersonRow row;
            rc = person_db_row(c, req->a, other, &row);
            if (rc != OK) {
                return rc;
            }
            pf->zEmailError = arena_printf(
                req->a, "이 e-mail은 이미 %s 기자(%lld번)가 씁니다.",
                row.p.zName, (long long)other);
        }
    }
    if (pf->zEmailError == NULL) {
        pf->zEmail = zNorm;
    }
    return OK;
}

/* True when the form 'f' has a field error. */
static bool admin_person_bad(const AdminPersonForm *f)
{
    return f->zNameError || f->zEmailError || f->zDeskError || f->zBioError;
}

/*
 * ROUTE: POST /newsroom/admin/people
 *   name   1..60 characters, one line (PERSON_NAME_MAX)
 *   email  "" or an address, at most 254 bytes, no other person's
 *   desk   0..60 characters, one line
 *   bio    0..1000 characters
 */
int admin_person_create(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    AdminPersonForm f;
    if (rc == OK) {
        rc = admin_person_read(req, c, 0, &f);
    }
    if (rc != OK) {
        return rc;
    }
    if (admin_person_bad(&f)) {
        return admin_person_render(req, res, c, 0, &f, NULL, 422);
    }
    Person p = {0, (char *)f.zName, (char *)f.zEmail, (char *)f.zDesk,
                (char *)f.zBio};
    int64_t id = 0;
    UnixTime tNow = time_now();
    rc = store_begin(c);
    if (rc == OK) {
        rc = person_db_insert(c, &p, tNow, &id);
    }
    if (rc == OK) {
        rc = audit_db_add(c, req->pViewer->accountId, tNow, "person.create",
                          arena_printf(req->a, "person:%lld", (long long)id),
                          arena_printf(req->a, "이름 %s, 부서 %s, e-mail %s",
                                       admin_audit_value(req->a, f.zName),
                                       admin_audit_value(req->a, f.zDesk),
                                       admin_audit_value(req->a, f.zEmail)));
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
        return rc;
    }
    res_redirect(res,
                 arena_printf(req->a, "/newsroom/admin/people/%lld?saved=1",
                              (long long)id));
    return OK;
}

/* Append "label: 'old' → 'new'" to 's' when the two differ. */
static void admin_person_diff(Arena *a, Str *s, const char *zLabel,
                              const char *zOld, const char *zNew)
{
    if (strcmp(zOld, zNew) == 0) {
        return;
    }
    str_appendf(s, "%s%s: %s → %s", s->n ? "; " : "", zLabel,
                admin_audit_value(a, zOld), admin_audit_value(a, zNew));
}

/*
 * ROUTE: POST /newsroom/admin/people/{id}
 *   id     people.id, a positive integer
 *   name   1..60 characters, one line (PERSON_NAME_MAX)
 *   email  "" or an address, at most 254 bytes, no other person's
 *   desk   0..60 characters, one line
 *   bio    0..1000 characters
 */
int admin_person_update(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    PersonRow old;
    if (rc == OK) {
        rc = admin_person_from_path(req, res, c, &old);
    }
    AdminPersonForm f;
    if (rc == OK) {
        rc = admin_person_read(req, c, old.p.id, &f);
    }
    if (rc != OK) {
        return rc;
    }
    if (admin_person_bad(&f)) {
        return admin_person_render(req, res, c, old.p.id, &f, NULL, 422);
    }
    Str diff;
    str_init(&diff, req->a);
    admin_person_diff(req->a, &diff, "이름", old.p.zName, f.zName);
    admin_person_diff(req->a, &diff, "e-mail", old.p.zEmail, f.zEmail);
    admin_person_diff(req->a, &diff, "부서", old.p.zDesk, f.zDesk);
    admin_person_diff(req->a, &diff, "소개", old.p.zBio, f.zBio);
    if (diff.n == 0) {
        return admin_person_render(req, res, c, old.p.id, &f,
                                   "바뀐 것이 없어 저장하지 않았습니다.", 200);
    }
    Person p = {old.p.id, (char *)f.zName, (char *)f.zEmail, (char *)f.zDesk,
                (char *)f.zBio};
    const char *zTag =
        arena_printf(req->a, "reporter:%lld", (long long)old.p.id);
    rc = store_begin(c);
    if (rc == OK) {
        rc = person_db_update(c, &p);
    }
    if (rc == OK) {
        rc = audit_db_add(
            c, req->pViewer->accountId, time_now(), "person.update",
            arena_printf(req->a, "person:%lld", (long long)old.p.id), diff.z);
    }
    /* Their page, their articles' pages and every list with their byline. */
    if (rc == OK) {
        rc = app_change(c, zTag);
    }
    if (rc == OK) {
        rc = app_change(c, "articles");
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
        return rc;
    }
    app_invalidate(req->app, zTag);
    app_invalidate(req->app, "articles");
    res_redirect(res,
                 arena_printf(req->a, "/newsroom/admin/people/%lld?saved=1",
                              (long long)old.p.id));
    return OK;
}
