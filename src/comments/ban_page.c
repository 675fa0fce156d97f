/*
 * ban_page.c — a moderator bans the author of a comment (their account,
 * or for a guest their /24 or /48 network) from commenting, and lifts a
 * ban.  The bans table is this feature's; each row is its own record of
 * who banned whom, why and when, and who lifted it.  The form sits on the
 * moderation page of the comment (reports/); a refused form comes back
 * here with what was typed.
 */
#include "comments/comments.h"

#include <string.h>

#include "app/app.h"
#include "base/utf8.h"
#include "comments/comments_internal.h"
#include "site/site.h"
#include "view/plaintext.h"

/* Longest ban, in days. */
#define BAN_DAYS_MAX 3650
/* Longest reason, in characters. */
#define BAN_REASON_MAX 500

/* The moderation page of comment 'id', where the ban form lives. */
static const char *ban_back_url(Arena *a, int64_t id)
{
    return arena_printf(a, "/newsroom/moderation/comment/%lld", (long long)id);
}

/* The form again with 'zError' and the values typed. */
static int ban_render(Request *req, Response *res, const Comment *cm,
                      bool bAccount, const char *zDays, const char *zReason,
                      const char *zError)
{
    View *v = view_new(req->a);
    view_int(v, "id", cm->id);
    view_str(v, "back_url", ban_back_url(req->a, cm->id));
    view_safe(v, "body",
              plaintext_render(req->a, cm->zBody, strlen(cm->zBody)));
    view_bool(v, "member", cm->accountId != 0);
    view_bool(v, "who_account", bAccount && cm->accountId != 0);
    view_str(v, "network", cm->zNetwork);
    view_str(v, "days", zDays);
    view_str(v, "reason", zReason);
    view_str(v, "error", zError);
    view_str(v, "csrf", csrf_token(req, res));
    res->status = 422;
    res->bNoStore = true;
    return site_page_render(req, res, "comments/ban_page", v, "작성자 차단",
                            NULL);
}

/*
 * ROUTE: POST /newsroom/moderation/ban
 *   comment  comments.id whose author is banned
 *   who      "account" (a member's comment) or "network" (its /24 or /48)
 *   days     0..3650 (0: until lifted)
 *   reason   shown to the banned person, required (≤ 500 characters)
 */
int comment_ban_post(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_form(req, "comment"));
    const char *zWho = req_form(req, "who");
    const char *zDays = req_form(req, "days");
    const char *zReason = req_form(req, "reason");
    zWho = zWho ? zWho : "";
    zDays = zDays ? zDays : "";
    zReason = zReason ? zReason : "";
    if (id == 0) {
        res->zMessage = "차단할 댓글을 찾을 수 없습니다.";
        return 404;
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    Comment cm;
    rc = comment_get(c, req->a, id, &cm);
    if (rc == ERR_NOTFOUND) {
        res->zMessage = "차단할 댓글을 찾을 수 없습니다.";
        return 404;
    }
    if (rc != OK) {
        return rc;
    }
    int nDays = 0;
    bool bDays = str_parse_int(zDays, 0, BAN_DAYS_MAX, &nDays);
    bool bAccount = strcmp(zWho, "account") == 0;
    size_t nReason = strlen(zReason);
    const char *zError = NULL;
    if (!bAccount && strcmp(zWho, "network") != 0) {
        zError = "계정과 네트워크 중 무엇을 차단할지 골라 주십시오.";
    } else if (bAccount && cm.accountId == 0) {
        zError = "비회원 댓글은 네트워크만 차단할 수 있습니다.";
    } else if (!bDays) {
        zError = "기간은 0(해제할 때까지)에서 3650일 사이의 숫자로 적어 "
                 "주십시오.";
    } else if (utf8_is_blank(zReason, nReason)) {
        zError = "차단 사유를 적어 주십시오. 차단된 사람에게 보입니다.";
    } else if (utf8_graphemes(zReason, nReason) > BAN_REASON_MAX) {
        zError = arena_printf(req->a, "사유는 %d자까지 쓸 수 있습니다.",
                              BAN_REASON_MAX);
    }
    if (zError != NULL) {
        return ban_render(req, res, &cm, bAccount, zDays, zReason, zError);
    }
    const char *zActor = bAccount ? comment_actor_account(req->a, cm.accountId)
                                  : comment_actor_network(req->a, cm.zNetwork);
    UnixTime tNow = time_now();
    rc = comment_ban_add(c, zActor, zReason,
                         nDays ? tNow + (UnixTime)nDays * 86400 : 0,
                         req->pViewer->accountId, tNow, NULL);
    if (rc != OK) {
        return rc;
    }
    res_redirect(res, ban_back_url(req->a, id));
    return OK;
}

/*
 * ROUTE: POST /newsroom/moderation/ban/{id}/lift
 *   id  bans.id of a ban in force
 */
int comment_ban_lift_post(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    if (id == 0) {
        return 404;
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc == OK) {
        rc = comment_ban_lift(c, id, req->pViewer->accountId, time_now());
    }
    if (rc == ERR_NOTFOUND) {
        res->zMessage = "이미 풀렸거나 없는 차단입니다.";
        return 404;
    }
    if (rc != OK) {
        return rc;
    }
    res_redirect(res, "/newsroom/moderation?tab=bans");
    return OK;
}
