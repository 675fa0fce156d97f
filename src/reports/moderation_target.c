/*
 * moderation_target.c — one reported or moderated target in full: the
 * comment (or article), its running takedown and objection, every report
 * with the reporters' descriptions and contacts, its history from the
 * audit log, the actions that apply, and for a comment the ban form for
 * its author's account or network (posted to comments/ban_page.c, the
 * owner of bans).
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
