/*
 * csrf.c — the token every POST carries, and the check the server runs on
 * every non-GET request before any handler (no opt-out).
 *
 * Token: HMAC of the session token ("s:…") or, for a guest, of a random
 * visitor id in the "vid" cookie ("v:…"), under the site secret.  Nothing
 * is stored per token, so any server process can check it.  Pages cached
 * for everyone leave the field empty; static/forms.js asks GET /csrf for
 * it when a reader starts on a form.  A POST from another origin is
 * refused outright; a same-origin POST with a missing or stale token gets
 * a 403 page that holds everything that was typed plus a fresh token, so
 * one more press sends it and nothing is lost.
 */
#include "accounts/accounts.h"

#include <sodium.h>
#include <string.h>

#include "accounts/accounts_internal.h"
#include "app/app.h"
#include "site/site.h"
#include "view/view.h"

/* Visitor cookie life. */
#define CSRF_VID_SECONDS (365 * 86400)

/* The token for the current sid or vid cookie, or NULL when neither. */
static const char *csrf_expected(Request *req)
{
    const char *zSid = req_cookie(req, "sid");
    if (zSid != NULL && zSid[0] != 0) {
        return account_token_mac(req->a, arena_printf(req->a, "s:%s", zSid));
    }
    const char *zVid = req_cookie(req, "vid");
    if (zVid != NULL && zVid[0] != 0) {
        return account_token_mac(req->a, arena_printf(req->a, "v:%s", zVid));
    }
    return NULL;
}

const char *csrf_token(Request *req, Response *res)
{
    const char *zToken = csrf_expected(req);
    if (zToken != NULL) {
        return zToken;
    }
    if (res == NULL) {
        return "";
    }
    char *zVid = account_random_token(req->a);
    /* Like the session cookie: never sent over plain http when the site
       is https. */
    bool bSecure = str_starts_with(req->app->pCfg->zBaseUrl, "https:");
    res_header(res, "Set-Cookie",
               arena_printf(req->a,
                            "vid=%s; Path=/; Max-Age=%d; HttpOnly; "
                            "SameSite=Lax%s",
                            zVid, CSRF_VID_SECONDS, bSecure ? "; Secure" : ""));
    res->bNoStore = true;
    /* Later calls in this request must agree with the cookie just set. */
    Param *aCookie =
        arena_alloc(req->a, sizeof(Param) * (size_t)(req->nCookie + 1));
    if (req->nCookie > 0) {
        memcpy(aCookie, req->aCookie, sizeof(Param) * (size_t)req->nCookie);
    }
    aCookie[req->nCookie].zName = "vid";
    aCookie[req->nCookie].zValue = zVid;
    aCookie[req->nCookie].nValue = strlen(zVid);
    req->aCookie = aCookie;
    req->nCookie++;
    return account_token_mac(req->a, arena_printf(req->a, "v:%s", zVid));
}

/* True when the Origin header, if sent, is this site. */
static bool csrf_same_origin(Request *req)
{
    const char *zOrigin = req_header(req, "Origin");
    if (zOrigin == NULL || strcmp(zOrigin, "null") == 0) {
        /* Old browsers and no-referrer forms send none; the token still
           has to match. */
        return zOrigin == NULL;
    }
    const char *zBase = req->app->pCfg->zBaseUrl;
    if (strcmp(zOrigin, zBase) == 0) {
        return true;
    }
    /* Also accept the Host the request came to (a proxy may rename). */
    const char *zHost = req_header(req, "Host");
    if (zHost == NULL) {
        return false;
    }
    const char *zSep = strstr(zOrigin, "://");
    return zSep != NULL && strcmp(zSep + 3, zHost) == 0;
}

/*
 * ROUTE: GET /csrf
 *   (no parameters) — answers {"token":"…"} for forms on cached pages
 */
int csrf_json(Request *req, Response *res)
{
    const char *zToken = csrf_token(req, res);
    res->zContentType = "application/json";
    res->bNoStore = true;
    str_appendf(&res->body, "{\"token\":\"%s\"}\n", zToken);
    return OK;
}

int csrf_check_post(Request *req, Response *res)
{
    if (!csrf_same_origin(req)) {
        res->zMessage = "다른 사이트에서 보낸 요청은 받지 않습니다.";
        return 403;
    }
    const char *zSent = req_form(req, "csrf");
    const char *zWant = csrf_expected(req);
    if (zSent != NULL && zWant != NULL && strlen(zSent) == strlen(zWant) &&
        sodium_memcmp(zSent, zWant, strlen(zWant)) == 0) {
        return OK;
    }
    /* Same site, token missing or stale (cookies cleared, script off):
       offer to send the same fields again with a fresh token. */
    View *v = view_new(req->a);
    view_str(v, "action", req->zPath);
    view_str(v, "csrf", csrf_token(req, res));
    view_list(v, "fields");
    for (int i = 0; i < req->nForm; i++) {
        const Param *pField = req_form_at(req, i);
        if (strcmp(pField->zName, "csrf") == 0) {
            continue;
        }
        View *f = view_list_add(v, "fields");
        view_str(f, "name", pField->zName);
        /* A password is never sent back (issue 8): it is typed again. */
        if (strstr(pField->zName, "password") != NULL) {
            view_bool(f, "password", true);
            continue;
        }
        view_strn(f, "value", pField->zValue, pField->nValue);
    }
    res->bNoStore = true;
    int rc = site_page_render(req, res, "accounts/csrf_confirm", v, "보안 확인",
                              NULL);
    return rc == OK ? 403 : rc;
}
