/*
 * moderation_target.c — one reported or moderated target in full: the
 * comment (or article), its running takedown and objection, every report
 * with the reporters' descriptions and contacts, its history from the
 * audit log, the actions that apply, and for a comment the ban form for
 * its author's account or network; and the ban and lift POSTs.
 */
#include "reports/reports.h"

#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "app/app.h"
#include "articles/articles.h"
#include "base/utf8.h"
#include "reports/reports_internal.h"
#include "site/site.h"
#include "view/plaintext.h"

/* Reports and log rows shown on one target's page. */
#define MODERATION_TARGET_ROWS 500
/* Longest ban, in days. */
#define MODERATION_BAN_DAYS_MAX 3650

/* Render target ('kind', 'id') with 'zError' and the ban form as typed. */
static int moderation_target_render(Request *req, Response *res,
                                    ReportKind kind, int64_t id,
                                    const char *zError, const char *zBanReason,
                                    const char *zBanDays, int status)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    Arena *a = req->a;
    View *v = view_new(a);
    bool bComment = kind == REPORT_COMMENT;
    int64_t articleId = id;
    view_bool(v, "is_comment", bComment);
    view_int(v, "id", id);
    view_str(v, "key",
             arena_printf(a, "%s:%lld", report_kind_name(kind), (long long)id));
    view_str(v, "self_url",
             arena_printf(a, "/newsroom/moderation/%s/%lld",
                          report_kind_name(kind), (long long)id));
    if (bComment) {
        Comment cm;
        rc = comment_get(c, a, id, &cm);
        if (rc == ERR_NOTFOUND) {
            return 404;
        }
        if (rc != OK) {
            return rc;
        }
        articleId = cm.articleId;
        view_safe(v, "body", plaintext_render(a, cm.zBody, strlen(cm.zBody)));
        view_str(v, "author", cm.zAuthor);
        view_bool(v, "member", cm.accountId != 0);
        view_str(v, "network", cm.zNetwork);
        view_str(v, "status", mod_state_label(comment_status_name(cm.status)));
        mod_view_actions(v, cm.status);
        view_str(v, "status_reason", cm.zStatusReason);
        view_str(v, "posted", time_format_local(a, cm.tCreated));
        view_str(v, "public_url", comment_url(a, &cm));
        Takedown td;
        rc = takedown_db_latest(c, a, id, &td);
        if (rc == OK) {
            View *t = view_obj(v, "takedown");
            view_str(t, "state",
                     mod_state_label(takedown_state_name(td.state)));
            view_bool(t, "running",
                      td.state == TAKEDOWN_BLINDED ||
                          td.state == TAKEDOWN_OBJECTED);
            view_str(t, "reason", td.zReason);
            view_str(t, "started", time_format_local(a, td.tStarted));
            view_str(t, "ends", time_format_local(a, td.tEnds));
            view_str(t, "objection", td.zObjection);
            view_str(t, "decision", td.zDecision);
        } else if (rc != ERR_NOTFOUND) {
            return rc;
        }
        CommentBan ban;
        rc = comment_ban_find(c, a, comment_actor_network(a, cm.zNetwork),
                              time_now(), &ban);
        view_bool(v, "network_banned", rc == OK);
        if (rc != OK && rc != ERR_NOTFOUND) {
            return rc;
        }
        if (cm.accountId != 0) {
            rc = comment_ban_find(c, a, comment_actor_account(a, cm.accountId),
                                  time_now(), &ban);
            view_bool(v, "account_banned", rc == OK);
            if (rc != OK && rc != ERR_NOTFOUND) {
                return rc;
            }
        }
    }
    Article art;
    rc = article_db_get(c, a, articleId, &art);
    if (rc == OK) {
        view_str(v, "article_title", art.zTitle);
        view_str(v, "article_url",
                 arena_printf(a, "/article/%lld", (long long)art.id));
    } else if (rc != ERR_NOTFOUND) {
        return rc;
    } else if (!bComment) {
        return 404;
    }
    Report *aR = NULL;
    int nR = 0;
    rc = report_db_for(c, a, kind, id, MODERATION_TARGET_ROWS, &aR, &nR);
    for (int i = 0; rc == OK && i < nR; i++) {
        View *item = view_list_add(v, "reports");
        view_str(item, "reason", report_reason_label(aR[i].zReason));
        view_str(item, "description", aR[i].zDescription);
        view_str(item, "contact", aR[i].zContact);
        view_bool(item, "wants_answer", aR[i].bWantsAnswer);
        view_str(item, "reporter", aR[i].zReporter);
        view_str(item, "at", time_format_local(a, aR[i].tCreated));
        view_str(item, "state",
                 aR[i].bOpen
                     ? "접수"
                     : arena_printf(a, "처리됨 (%s)", aR[i].zResolution));
    }
    ModLog *aL = NULL;
    int nL = 0;
    if (rc == OK) {
        rc = modlog_db_for(c, a, kind, id, MODERATION_TARGET_ROWS, &aL, &nL);
    }
    for (int i = 0; rc == OK && i < nL; i++) {
        View *item = view_list_add(v, "history");
        view_str(item, "at", time_format_local(a, aL[i].tAt));
        view_str(item, "actor", aL[i].zActor);
        view_str(item, "action", mod_log_action_label(aL[i].zAction));
        view_str(item, "from", mod_state_label(aL[i].zFrom));
        view_str(item, "to", mod_state_label(aL[i].zTo));
        view_str(item, "reason", aL[i].zReason);
    }
    if (rc != OK) {
        return rc;
    }
    view_str(v, "error", zError);
    view_str(v, "ban_reason", zBanReason ? zBanReason : "");
    view_str(v, "ban_days", zBanDays ? zBanDays : "7");
    view_str(v, "csrf", csrf_token(req, res));
    res->status = status;
    res->bNoStore = true;
    return site_page_render(req, res, "newsroom/moderation_target", v,
                            arena_printf(a, "%s %lld 관리",
                                         bComment ? "댓글" : "기사",
                                         (long long)id),
                            NULL);
}

/*
 * ROUTE: GET /newsroom/moderation/comment/{id}
 *   id  comments.id, whatever its status
 */
int moderation_comment_page(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    if (id == 0) {
        return 404;
    }
    return moderation_target_render(req, res, REPORT_COMMENT, id, NULL, NULL,
                                    NULL, 200);
}

/*
 * ROUTE: GET /newsroom/moderation/article/{id}
 *   id  articles.id with reports
 */
int moderation_article_page(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    if (id == 0) {
        return 404;
    }
    return moderation_target_render(req, res, REPORT_ARTICLE, id, NULL, NULL,
                                    NULL, 200);
}

/*
 * ROUTE: POST /newsroom/moderation/ban
 *   comment  comments.id whose author is banned
 *   who      "account" (a member's comment) or "network" (its /24 or /48)
 *   days     1..3650, or 0: until lifted
 *   reason   shown to the banned person, required (≤ 500 characters)
 */
int moderation_ban_post(Request *req, Response *res)
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
        return 404;
    }
    if (rc != OK) {
        return rc;
    }
    int nDays = 0;
    bool bDays = str_parse_int(zDays, 0, MODERATION_BAN_DAYS_MAX, &nDays);
    const char *zError = NULL;
    bool bAccount = strcmp(zWho, "account") == 0;
    if (!bAccount && strcmp(zWho, "network") != 0) {
        zError = "계정과 네트워크 중 무엇을 차단할지 골라 주십시오.";
    } else if (bAccount && cm.accountId == 0) {
        zError = "비회원 댓글은 네트워크만 차단할 수 있습니다.";
    } else if (!bDays) {
        zError = "기간은 0(해제할 때까지)에서 3650일 사이의 숫자로 적어 "
                 "주십시오.";
    } else if (utf8_is_blank(zReason, strlen(zReason))) {
        zError = "차단 사유를 적어 주십시오. 차단된 사람에게 보입니다.";
    } else {
        zError = mod_check_reason(req->a, zReason);
    }
    if (zError != NULL) {
        return moderation_target_render(req, res, REPORT_COMMENT, id, zError,
                                        zReason, zDays, 422);
    }
    ModActor who;
    rc = mod_actor_current(req, &who);
    if (rc != OK) {
        return rc;
    }
    const char *zActor = bAccount ? comment_actor_account(req->a, cm.accountId)
                                  : comment_actor_network(req->a, cm.zNetwork);
    UnixTime tNow = time_now();
    rc = store_begin(c);
    if (rc != OK) {
        return rc;
    }
    rc = comment_ban_add(c, zActor, zReason,
                         nDays ? tNow + (UnixTime)nDays * 86400 : 0, who.id,
                         tNow, NULL);
    if (rc == OK) {
        rc = modlog_db_insert(
            c, REPORT_COMMENT, id, "ban", "",
            nDays ? arena_printf(req->a, "%s (%d일)", zActor, nDays)
                  : arena_printf(req->a, "%s (해제할 때까지)", zActor),
            who.id, who.zName, zReason, tNow);
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
        return rc;
    }
    res_redirect(res, arena_printf(req->a, "/newsroom/moderation/comment/%lld",
                                   (long long)id));
    return OK;
}

/*
 * ROUTE: POST /newsroom/moderation/ban/{id}/lift
 *   id  bans.id of a ban in force
 */
int moderation_ban_lift_post(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    if (id == 0) {
        return 404;
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    ModActor who;
    if (rc == OK) {
        rc = mod_actor_current(req, &who);
    }
    if (rc == OK) {
        rc = comment_ban_lift(c, id, who.id, time_now());
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
