/*
 * moderation_page.c — the newsroom's front door and the moderation queue:
 * reported targets (most distinct reporters first, then oldest), comments
 * held by the spam guards, running takedowns with their deadlines and
 * objections, bans in force, and the audit log.  One POST applies an
 * action with a reason to one target or to every ticked one (bulk).
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

/* Targets one POST may name. */
#define MODERATION_TARGETS_MAX 200
/* Characters of a comment shown in a queue row. */
#define MODERATION_EXCERPT_BYTES 600

/* The tabs of the page, in order. */
static const struct {
    const char *zName;  /* ?tab= */
    const char *zLabel; /* shown */
} aTab[] = {
    {"reports", "신고"}, {"held", "보류"},     {"takedowns", "임시조치"},
    {"bans", "차단"},    {"log", "처리 기록"},
};
#define TAB_COUNT ((int)(sizeof(aTab) / sizeof(aTab[0])))

/* A short plain-text excerpt of 'z' (whole characters), from 'a'. */
static const char *moderation_excerpt(Arena *a, const char *z)
{
    size_t n = strlen(z);
    if (n <= MODERATION_EXCERPT_BYTES) {
        return z;
    }
    n = MODERATION_EXCERPT_BYTES;
    while (n > 0 && ((unsigned char)z[n] & 0xC0) == 0x80) {
        n--;
    }
    return arena_printf(a, "%.*s…", (int)n, z);
}

/* Fill 'item' with what a row shows of comment 'id' (or note it gone). */
static int moderation_comment_item(Request *req, StoreConn *c, View *item,
                                   int64_t id)
{
    Comment cm;
    int rc = comment_get(c, req->a, id, &cm);
    if (rc == ERR_NOTFOUND) {
        view_str(item, "excerpt", "(없는 댓글)");
        return OK;
    }
    if (rc != OK) {
        return rc;
    }
    const char *zBody = moderation_excerpt(req->a, cm.zBody);
    view_safe(item, "excerpt_html",
              plaintext_render(req->a, zBody, strlen(zBody)));
    view_str(item, "author", cm.zAuthor);
    view_bool(item, "member", cm.accountId != 0);
    view_str(item, "network", cm.zNetwork);
    view_str(item, "status", mod_state_label(comment_status_name(cm.status)));
    mod_view_actions(item, cm.status);
    view_str(item, "posted", time_format_local(req->a, cm.tCreated));
    view_str(item, "public_url", comment_url(req->a, &cm));
    Article art;
    rc = article_db_get(c, req->a, cm.articleId, &art);
    if (rc == OK) {
        view_str(item, "article_title", art.zTitle);
    }
    return rc == ERR_NOTFOUND ? OK : rc;
}

/* Common fields of a row about target ('kind', 'id'). */
static void moderation_target_fields(Request *req, View *item, ReportKind kind,
                                     int64_t id, const char *zChecked)
{
    const char *zKey =
        arena_printf(req->a, "%s:%lld", report_kind_name(kind), (long long)id);
    view_str(item, "key", zKey);
    view_str(
        item, "dom",
        arena_printf(req->a, "%s-%lld", report_kind_name(kind), (long long)id));
    view_bool(item, "checked",
              zChecked != NULL &&
                  strstr(zChecked, arena_printf(req->a, "%s\n", zKey)));
    view_bool(item, "is_comment", kind == REPORT_COMMENT);
    view_int(item, "id", id);
    view_str(item, "detail_url",
             arena_printf(req->a, "/newsroom/moderation/%s/%lld",
                          report_kind_name(kind), (long long)id));
}

/* The reasons "a,b" as their labels "음란물, 스팸·광고". */
static const char *moderation_reason_labels(Arena *a, const char *zCodes)
{
    const char *zOut = "";
    char *zCopy = arena_strdup(a, zCodes ? zCodes : "");
    char *zSave = NULL;
    for (char *z = strtok_r(zCopy, ",", &zSave); z != NULL;
         z = strtok_r(NULL, ",", &zSave)) {
        zOut = zOut[0] ? arena_printf(a, "%s, %s", zOut, report_reason_label(z))
                       : report_reason_label(z);
    }
    return zOut;
}

static int moderation_tab_reports(Request *req, StoreConn *c, View *v,
                                  int iPage, const char *zChecked)
{
    ReportGroup *aG = NULL;
    int nG = 0;
    int rc = report_db_queue(c, req->a, (iPage - 1) * MODERATION_PER_PAGE,
                             MODERATION_PER_PAGE, &aG, &nG);
    for (int i = 0; rc == OK && i < nG; i++) {
        View *item = view_list_add(v, "rows");
        moderation_target_fields(req, item, aG[i].kind, aG[i].targetId,
                                 zChecked);
        view_int(item, "reporters", aG[i].nReporter);
        view_str(item, "first", time_format_local(req->a, aG[i].tFirst));
        view_str(item, "reasons",
                 moderation_reason_labels(req->a, aG[i].zReasons));
        if (aG[i].kind == REPORT_COMMENT) {
            rc = moderation_comment_item(req, c, item, aG[i].targetId);
        } else {
            Article art;
            rc = article_db_get(c, req->a, aG[i].targetId, &art);
            if (rc == OK) {
                view_str(item, "article_title", art.zTitle);
                view_str(
                    item, "public_url",
                    arena_printf(req->a, "/article/%lld", (long long)art.id));
            }
            rc = rc == ERR_NOTFOUND ? OK : rc;
        }
    }
    return rc;
}

static int moderation_tab_held(Request *req, StoreConn *c, View *v, int iPage,
                               const char *zChecked)
{
    Comment *aCm = NULL;
    int nCm = 0;
    int rc = comment_list_by_status(c, req->a, COMMENT_HELD,
                                    (iPage - 1) * MODERATION_PER_PAGE,
                                    MODERATION_PER_PAGE, &aCm, &nCm);
    for (int i = 0; rc == OK && i < nCm; i++) {
        View *item = view_list_add(v, "rows");
        moderation_target_fields(req, item, REPORT_COMMENT, aCm[i].id,
                                 zChecked);
        view_str(item, "why", aCm[i].zStatusReason);
        rc = moderation_comment_item(req, c, item, aCm[i].id);
    }
    return rc;
}

static int moderation_tab_takedowns(Request *req, StoreConn *c, View *v,
                                    int iPage, const char *zChecked)
{
    Takedown *aT = NULL;
    int nT = 0;
    int rc = takedown_db_running(c, req->a, (iPage - 1) * MODERATION_PER_PAGE,
                                 MODERATION_PER_PAGE + 1, &aT, &nT);
    view_bool(v, "more", nT > MODERATION_PER_PAGE);
    for (int i = 0; rc == OK && i < nT && i < MODERATION_PER_PAGE; i++) {
        View *item = view_list_add(v, "rows");
        moderation_target_fields(req, item, REPORT_COMMENT, aT[i].commentId,
                                 zChecked);
        view_str(item, "td_state",
                 aT[i].state == TAKEDOWN_OBJECTED ? "이의 제기됨"
                                                  : "임시조치 중");
        view_str(item, "td_reason", aT[i].zReason);
        view_str(item, "td_ends", time_format_local(req->a, aT[i].tEnds));
        view_str(item, "objection", aT[i].zObjection);
        rc = moderation_comment_item(req, c, item, aT[i].commentId);
    }
    return rc;
}

static int moderation_tab_bans(Request *req, StoreConn *c, View *v)
{
    CommentBan *aBan = NULL;
    int nBan = 0;
    int rc = comment_ban_list(c, req->a, time_now(), 500, &aBan, &nBan);
    for (int i = 0; rc == OK && i < nBan; i++) {
        View *item = view_list_add(v, "bans");
        view_int(item, "id", aBan[i].id);
        view_str(item, "actor", aBan[i].zActor);
        view_str(item, "reason", aBan[i].zReason);
        view_str(item, "since", time_format_local(req->a, aBan[i].tCreated));
        view_str(item, "until",
                 aBan[i].tExpires ? time_format_local(req->a, aBan[i].tExpires)
                                  : "해제할 때까지");
        view_str(item, "lift_url",
                 arena_printf(req->a, "/newsroom/moderation/ban/%lld/lift",
                              (long long)aBan[i].id));
    }
    return rc;
}

/* Fill 'item' with log row 'l'. */
static void moderation_log_item(Request *req, View *item, const ModLog *l)
{
    view_str(item, "at", time_format_local(req->a, l->tAt));
    view_str(item, "actor", l->zActor);
    view_str(item, "action", mod_log_action_label(l->zAction));
    view_str(item, "from", mod_state_label(l->zFrom));
    view_str(item, "to", mod_state_label(l->zTo));
    view_str(item, "reason", l->zReason);
    view_str(item, "target",
             arena_printf(req->a, "%s %lld",
                          l->kind == REPORT_COMMENT ? "댓글" : "기사",
                          (long long)l->targetId));
    view_str(item, "detail_url",
             arena_printf(req->a, "/newsroom/moderation/%s/%lld",
                          report_kind_name(l->kind), (long long)l->targetId));
}

static int moderation_tab_log(Request *req, StoreConn *c, View *v, int iPage)
{
    ModLog *aL = NULL;
    int nL = 0;
    int rc = modlog_db_recent(c, req->a, (iPage - 1) * MODERATION_PER_PAGE,
                              MODERATION_PER_PAGE + 1, &aL, &nL);
    view_bool(v, "more", nL > MODERATION_PER_PAGE);
    for (int i = 0; rc == OK && i < nL && i < MODERATION_PER_PAGE; i++) {
        moderation_log_item(req, view_list_add(v, "log"), &aL[i]);
    }
    return rc;
}

/* The moderator's choices for the bulk form. */
static void moderation_actions(View *v, const char *zChosen)
{
    static const ModAction aChoice[] = {MOD_HIDE,  MOD_RESTORE, MOD_REMOVE,
                                        MOD_BLIND, MOD_APPROVE, MOD_DISMISS};
    for (size_t i = 0; i < sizeof(aChoice) / sizeof(aChoice[0]); i++) {
        View *item = view_list_add(v, "actions");
        view_str(item, "name", mod_action_name(aChoice[i]));
        view_str(item, "label", mod_action_label(aChoice[i]));
        view_bool(item, "chosen",
                  zChosen != NULL &&
                      strcmp(zChosen, mod_action_name(aChoice[i])) == 0);
    }
}

/*
 * Render tab 'zTab' page 'iPage' with a message ('zNote' for success,
 * 'zError' for what to fix) and the form as typed ('zChecked' holds the
 * ticked keys, newline-separated).  Return OK, 404 or ERR_*.
 */
static int moderation_render(Request *req, Response *res, const char *zTab,
                             int iPage, const char *zNote, const char *zError,
                             const char *zChecked, const char *zAction,
                             const char *zReason, int status)
{
    int iTab = -1;
    for (int i = 0; i < TAB_COUNT; i++) {
        if (strcmp(zTab, aTab[i].zName) == 0) {
            iTab = i;
        }
    }
    if (iTab < 0 || iPage < 1) {
        return 404;
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    View *v = view_new(req->a);
    int64_t nReports = 0, nHeld = 0;
    rc = report_db_queue_count(c, &nReports);
    if (rc == OK) {
        rc = comment_count_by_status(c, COMMENT_HELD, &nHeld);
    }
    for (int i = 0; rc == OK && i < TAB_COUNT; i++) {
        View *t = view_list_add(v, "tabs");
        view_str(t, "name", aTab[i].zName);
        view_str(t, "label", aTab[i].zLabel);
        view_bool(t, "current", i == iTab);
        view_int(t, "count", i == 0 ? nReports : i == 1 ? nHeld : 0);
        view_bool(t, "counted", i <= 1);
    }
    view_str(v, "tab", zTab);
    view_str(v, "tab_label", aTab[iTab].zLabel);
    view_list(v, "rows");
    if (rc == OK) {
        /* The two counted tabs page by the counts the tab bar shows. */
        switch (iTab) {
        case 0:
            rc = moderation_tab_reports(req, c, v, iPage, zChecked);
            view_bool(v, "more",
                      nReports > (int64_t)iPage * MODERATION_PER_PAGE);
            break;
        case 1:
            rc = moderation_tab_held(req, c, v, iPage, zChecked);
            view_bool(v, "more", nHeld > (int64_t)iPage * MODERATION_PER_PAGE);
            break;
        case 2:
            rc = moderation_tab_takedowns(req, c, v, iPage, zChecked);
            break;
        case 3:
            rc = moderation_tab_bans(req, c, v);
            break;
        default:
            rc = moderation_tab_log(req, c, v, iPage);
            break;
        }
    }
    if (rc != OK) {
        return rc;
    }
    view_bool(v, "bulk", iTab <= 2);
    view_bool(v, "is_bans", iTab == 3);
    view_bool(v, "is_log", iTab == 4);
    view_bool(v, "is_takedowns", iTab == 2);
    view_bool(v, "is_reports", iTab == 0);
    view_int(v, "page", iPage);
    view_str(v, "prev_url",
             iPage > 1
                 ? arena_printf(req->a, "/newsroom/moderation?tab=%s&page=%d",
                                zTab, iPage - 1)
                 : "");
    view_str(v, "next_url",
             arena_printf(req->a, "/newsroom/moderation?tab=%s&page=%d", zTab,
                          iPage + 1));
    view_str(v, "note", zNote);
    view_str(v, "error", zError);
    view_str(v, "reason", zReason ? zReason : "");
    view_str(v, "csrf", csrf_token(req, res));
    moderation_actions(v, zAction);
    res->status = status;
    res->bNoStore = true;
    return site_page_render(
        req, res, "newsroom/moderation_page", v,
        arena_printf(req->a, "댓글 관리 · %s", aTab[iTab].zLabel), NULL);
}

/*
 * ROUTE: GET /newsroom/moderation
 *   tab   reports (default), held, takedowns, bans, log
 *   page  1.. (30 a page)
 *   done  after a POST: how many targets were changed
 */
int moderation_page(Request *req, Response *res)
{
    const char *zTab = req_query(req, "tab");
    const char *zPage = req_query(req, "page");
    int iPage = zPage ? http_parse_page(zPage) : 1;
    const char *zDone = req_query(req, "done");
    const char *zNote = NULL;
    if (zDone != NULL) {
        zNote = arena_printf(req->a, "%d건을 처리했습니다.", atoi(zDone));
    }
    return moderation_render(req, res, zTab ? zTab : "reports", iPage, zNote,
                             NULL, NULL, NULL, NULL, 200);
}

/* Parse "comment:12" / "article:3". */
static bool moderation_parse_key(const char *z, ReportKind *pKind, int64_t *pId)
{
    const char *zId = NULL;
    if (strncmp(z, "comment:", 8) == 0) {
        *pKind = REPORT_COMMENT;
        zId = z + 8;
    } else if (strncmp(z, "article:", 8) == 0) {
        *pKind = REPORT_ARTICLE;
        zId = z + 8;
    } else {
        return false;
    }
    *pId = http_parse_id(zId);
    return *pId != 0;
}

/*
 * ROUTE: POST /newsroom/moderation
 *   target  "comment:{id}" or "article:{id}", once per ticked row (≤ 200)
 *   action  approve, hide, restore, remove, blind, dismiss
 *   quick   "{action}:{kind}:{id}": one row's own button (overrides the
 *           two above)
 *   reason  why (≤ 500 characters; required to hide, remove or blind)
 *   tab     the tab to come back to
 *   back    a local path to return to instead (http_local_path())
 */
int moderation_post(Request *req, Response *res)
{
    const char *zTab = req_form(req, "tab");
    zTab = zTab ? zTab : "reports";
    const char *zReason = req_form(req, "reason");
    zReason = zReason ? zReason : "";
    const char *zActionName = req_form(req, "action");
    const char *zBack = req_form(req, "back");
    const char *azKey[MODERATION_TARGETS_MAX];
    int nKey = 0;
    /* Built with a Str: concatenating 200 values one arena_printf() at a
       time would copy (and keep) the square of their length. */
    Str checked;
    str_init(&checked, req->a);
    const char *zQuick = req_form(req, "quick");
    if (zQuick != NULL) {
        const char *zColon = strchr(zQuick, ':');
        if (zColon != NULL) {
            zActionName =
                arena_strndup(req->a, zQuick, (size_t)(zColon - zQuick));
            azKey[nKey++] = zColon + 1;
        }
    } else {
        for (int i = 0; i < req->nForm; i++) {
            if (strcmp(req->aForm[i].zName, "target") != 0) {
                continue;
            }
            const Param *pField = req_form_at(req, i);
            if (nKey == MODERATION_TARGETS_MAX) {
                return moderation_render(
                    req, res, zTab, 1, NULL,
                    arena_printf(req->a,
                                 "한 번에 %d건까지 처리할 수 "
                                 "있습니다.",
                                 MODERATION_TARGETS_MAX),
                    checked.z, zActionName, zReason, 422);
            }
            azKey[nKey++] = pField->zValue;
            str_append(&checked, pField->zValue, pField->nValue);
            str_append_char(&checked, '\n');
        }
    }
    ModAction action;
    const char *zError = NULL;
    if (!mod_action_parse(zActionName, &action)) {
        zError = "처리 방법을 골라 주십시오.";
    } else if (nKey == 0) {
        zError = "처리할 항목을 하나 이상 골라 주십시오.";
    } else if ((zError = mod_check_reason(req->a, zReason)) == NULL &&
               (action == MOD_HIDE || action == MOD_REMOVE ||
                action == MOD_BLIND) &&
               utf8_is_blank(zReason, strlen(zReason))) {
        zError = "숨김·삭제·임시조치에는 사유를 적어 주십시오. 처리 기록에 "
                 "남습니다.";
    }
    if (zError != NULL) {
        return moderation_render(req, res, zTab, 1, NULL, zError, checked.z,
                                 zActionName, zReason, 422);
    }
    if (zReason[0] == 0) {
        zReason = mod_action_label(action);
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    ModActor who;
    ReportSettings s;
    if (rc == OK) {
        rc = mod_actor_current(req, &who);
    }
    if (rc == OK) {
        rc = report_settings_load(c, &s);
    }
    if (rc != OK) {
        return rc;
    }
    int nDone = 0;
    Str refused;
    str_init(&refused, req->a);
    for (int i = 0; i < nKey; i++) {
        ReportKind kind;
        int64_t id;
        if (!moderation_parse_key(azKey[i], &kind, &id)) {
            str_appendf(&refused, "%s: 알 수 없는 항목. ", azKey[i]);
            continue;
        }
        rc = store_begin(c);
        if (rc != OK) {
            return rc;
        }
        const char *zNo = NULL;
        int64_t articleId = 0;
        rc = moderate(c, req->a, &who, kind, id, action, zReason, &s,
                      time_now(), &zNo, &articleId);
        if (rc == OK && zNo == NULL) {
            rc = store_commit(c);
        } else {
            store_rollback(c);
        }
        if (rc == ERR_NOTFOUND) {
            zNo = "없는 항목입니다.";
            rc = OK;
        }
        if (rc != OK) {
            return rc;
        }
        if (zNo != NULL) {
            str_appendf(&refused, "%s %lld: %s ",
                        kind == REPORT_COMMENT ? "댓글" : "기사", (long long)id,
                        zNo);
            continue;
        }
        nDone++;
        if (kind == REPORT_COMMENT) {
            comment_drop_cached(req, articleId, true);
        }
    }
    if (refused.n != 0) {
        return moderation_render(
            req, res, zTab, 1,
            nDone ? arena_printf(req->a, "%d건을 처리했습니다.", nDone) : NULL,
            refused.z, checked.z, zActionName, zReason, nDone ? 200 : 409);
    }
    zBack = http_local_path(req->a, zBack);
    if (zBack != NULL) {
        res_redirect(res, zBack);
    } else {
        res_redirect(res,
                     arena_printf(req->a, "/newsroom/moderation?tab=%s&done=%d",
                                  strcmp(zTab, "held") == 0 ||
                                          strcmp(zTab, "takedowns") == 0
                                      ? zTab
                                      : "reports",
                                  nDone));
    }
    return OK;
}
