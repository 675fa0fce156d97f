/*
 * signin_page.c — 로그인: the form, and checking it.
 *
 * Every password check is reserved first and counted in the database
 * (throttle.c): per login and network, per network, and a slow-down per
 * login, so guesses from one place cannot lock the owner out from
 * another, and parallel guesses cannot pass one check together.
 */
#include "accounts/accounts.h"

#include <sodium.h>
#include <string.h>

#include "accounts/accounts_db.h"
#include "accounts/accounts_internal.h"
#include "app/app.h"
#include "site/site.h"

/* A local path to return to after signing in, or "/". */
static const char *signin_next(Arena *a, const char *zNext)
{
    const char *zPath = http_local_path(a, zNext);
    return zPath ? zPath : "/";
}

static int signin_render(Request *req, Response *res, const char *zLogin,
                         const char *zNext, const char *zError)
{
    View *v = view_new(req->a);
    view_str(v, "login", zLogin);
    view_str(v, "next", signin_next(req->a, zNext));
    view_str(v, "error", zError);
    view_str(v, "csrf", csrf_token(req, res));
    res->bNoStore = true;
    return site_page_render(req, res, "accounts/signin_page", v, "로그인",
                            NULL);
}

/*
 * ROUTE: GET /signin
 *   next  ?next=/local/path to return to (http_local_path(): at most
 *         HTTP_LOCAL_PATH_MAX bytes), else "/"
 */
int signin_page(Request *req, Response *res)
{
    return signin_render(req, res, "", req_query(req, "next"), NULL);
}

/*
 * ROUTE: POST /signin
 *   login     아이디, at most ACCOUNT_LOGIN_MAX bytes
 *   password  at most ACCOUNT_PASSWORD_MAX bytes
 *   next      local path to return to
 */
int signin_post(Request *req, Response *res)
{
    const char *zLogin = req_form(req, "login");
    const char *zPassword = req_form(req, "password");
    const char *zNext = req_form(req, "next");
    if (zLogin == NULL || zPassword == NULL || zLogin[0] == 0 ||
        zPassword[0] == 0) {
        res->status = 400;
        return signin_render(req, res, zLogin ? zLogin : "", zNext,
                             "아이디와 비밀번호를 모두 적어 주십시오.");
    }
    if (strlen(zLogin) > ACCOUNT_LOGIN_MAX ||
        strlen(zPassword) > ACCOUNT_PASSWORD_MAX) {
        res->status = 400;
        return signin_render(req, res, "", zNext,
                             "아이디나 비밀번호가 너무 깁니다.");
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    char *zNorm = account_normal_login(req->a, zLogin);
    const char *zNet = account_network(req->a, req->zClientIp);
    SigninTicket ticket;
    rc = signin_reserve(c, zNorm, zNet, &ticket);
    if (rc != OK) {
        return rc;
    }
    if (ticket.id == 0) {
        res->status = 429;
        res_header(res, "Retry-After",
                   arena_printf(req->a, "%d", ticket.nRetryAfter));
        const char *zWhy =
            ticket.bSlowDown
                ? arena_printf(req->a,
                               "이 아이디로 틀린 로그인이 많았습니다. %d초 "
                               "뒤에 다시 시도해 주십시오.",
                               ticket.nRetryAfter)
                : arena_printf(req->a,
                               "로그인 시도가 너무 많습니다. %d분 뒤에 다시 "
                               "시도해 주십시오.",
                               (ticket.nRetryAfter + 59) / 60);
        return signin_render(req, res, zLogin, zNext, zWhy);
    }
    Account acct;
    char *zHash = NULL;
    rc = account_db_by_login(c, req->a, zNorm, &acct, &zHash);
    if (rc != OK && rc != ERR_NOTFOUND) {
        return rc;
    }
    /* Verify even for an unknown login, so timing does not tell which
       logins exist. */
    bool bOk =
        password_verify(rc == OK ? zHash : account_dummy_hash(), zPassword) &&
        rc == OK;
    if (!bOk) {
        rc = signin_record_failure(c, ticket.id);
        if (rc != OK) {
            return rc;
        }
        res->status = 401;
        return signin_render(req, res, zLogin, zNext,
                             "아이디 또는 비밀번호가 맞지 않습니다.");
    }
    rc = signin_record_success(c, ticket.id, zNorm, zNet);
    if (rc == OK) {
        rc = account_session_start(req, res, acct.id);
    }
    if (rc != OK) {
        return rc;
    }
    res_redirect(res, signin_next(req->a, zNext));
    return OK;
}

/*
 * ROUTE: POST /signout
 *   (no parameters)
 */
int signout_post(Request *req, Response *res)
{
    int rc = account_session_end(req, res);
    if (rc != OK) {
        return rc;
    }
    res_redirect(res, "/");
    return OK;
}
