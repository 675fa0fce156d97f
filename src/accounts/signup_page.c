/*
 * signup_page.c — 회원가입: a reader account with a login, a shown name
 * and a password; signs the new reader in.  Each network may sign up a
 * few times an hour (signup_reserve(), counted in the database so it
 * holds across server processes): 103 sign-ups from one address in 15 s
 * used to be accepted.
 */
#include "accounts/accounts.h"

#include <string.h>

#include "accounts/accounts_internal.h"
#include "app/app.h"
#include "site/site.h"

static int signup_render(Request *req, Response *res, const char *zLogin,
                         const char *zName, const char *zError)
{
    View *v = view_new(req->a);
    view_str(v, "login", zLogin);
    view_str(v, "name", zName);
    view_str(v, "error", zError);
    view_int(v, "password_min", ACCOUNT_PASSWORD_MIN);
    view_str(v, "csrf", csrf_token(req, res));
    res->bNoStore = true;
    return site_page_render(req, res, "accounts/signup_page", v, "회원가입",
                            NULL);
}

/*
 * ROUTE: GET /signup
 *   (no parameters)
 */
int signup_page(Request *req, Response *res)
{
    return signup_render(req, res, "", "", NULL);
}

/*
 * ROUTE: POST /signup
 *   login      3–100 bytes of letters, digits and . @ _ + -
 *   name       shown name, 1–20 characters
 *   password   8 characters to 200 bytes
 *   password2  the same again
 */
int signup_post(Request *req, Response *res)
{
    const char *zLogin = req_form(req, "login");
    const char *zName = req_form(req, "name");
    const char *zPassword = req_form(req, "password");
    const char *zPassword2 = req_form(req, "password2");
    zLogin = zLogin ? zLogin : "";
    zName = zName ? zName : "";
    zPassword = zPassword ? zPassword : "";
    char zErr[200];
    if (account_check_fields(zLogin, zName, zPassword, zErr) != OK) {
        res->status = 400;
        return signup_render(req, res, zLogin, zName, zErr);
    }
    if (zPassword2 == NULL || strcmp(zPassword, zPassword2) != 0) {
        res->status = 400;
        return signup_render(req, res, zLogin, zName,
                             "비밀번호 확인이 비밀번호와 다릅니다.");
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    int nRetryAfter = 0;
    rc = signup_reserve(c, req->a, account_network(req->a, req->zClientIp),
                        &nRetryAfter);
    if (rc != OK) {
        return rc;
    }
    if (nRetryAfter > 0) {
        res->status = 429;
        res_header(res, "Retry-After", arena_printf(req->a, "%d", nRetryAfter));
        return signup_render(req, res, zLogin, zName,
                             arena_printf(req->a,
                                          "이 네트워크에서 가입이 너무 "
                                          "많았습니다. %d분 뒤에 다시 시도해 "
                                          "주십시오.",
                                          (nRetryAfter + 59) / 60));
    }
    int64_t id = 0;
    rc = account_create(c, zLogin, zName, zPassword, ROLE_READER, &id, zErr);
    if (rc == ERR_CONSTRAINT || rc == ERR_INVALID) {
        res->status = 400;
        return signup_render(req, res, zLogin, zName, zErr);
    }
    if (rc != OK) {
        return rc;
    }
    rc = account_session_start(req, res, id);
    if (rc != OK) {
        return rc;
    }
    res_redirect(res, "/");
    return OK;
}
