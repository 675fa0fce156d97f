/*
 * moderation_policy.c — the moderators edit the comment policy line shown
 * above every comment form, the banned-words list and what it does, and
 * the takedown settings.  Saved in the settings table with a "site"
 * change, so every cached page (and every server process) shows the new
 * line at once.
 */
#include "reports/reports.h"

#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "app/app.h"
#include "base/utf8.h"
#include "reports/reports_internal.h"
#include "site/site.h"

/* Longest policy line, in characters; banned-words list, in bytes. */
#define POLICY_LINE_MAX 500
#define POLICY_WORDS_BYTES_MAX 4000

/* The form's values, as stored or as typed. */
typedef struct PolicyForm {
    const char *zPolicy;    /* comment_policy */
    const char *zWords;     /* comment_banned_words */
    const char *zAction;    /* comment_banned_action: hold or refuse */
    const char *zThreshold; /* report_blind_threshold */
    const char *zDays;      /* takedown_days */
} PolicyForm;

static int policy_render(Request *req, Response *res, const PolicyForm *f,
                         const char *zNote, const char *zError, int status)
{
    View *v = view_new(req->a);
    view_str(v, "policy", f->zPolicy);
    view_str(v, "words", f->zWords);
    view_bool(v, "refuse", strcmp(f->zAction, "refuse") == 0);
    view_str(v, "threshold", f->zThreshold);
    view_str(v, "days", f->zDays);
    view_int(v, "policy_max", POLICY_LINE_MAX);
    view_int(v, "days_max", TAKEDOWN_DAYS_MAX);
    view_str(v, "note", zNote);
    view_str(v, "error", zError);
    view_str(v, "csrf", csrf_token(req, res));
    res->status = status;
    res->bNoStore = true;
    return site_page_render(req, res, "newsroom/moderation_policy", v,
                            "댓글 운영 원칙", NULL);
}

/*
 * ROUTE: GET /newsroom/moderation/policy
 *   saved  present after a successful POST
 */
int moderation_policy_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    CommentSettings cs;
    ReportSettings rs;
    if (rc == OK) {
        rc = comment_settings_load(c, req->a, &cs);
    }
    if (rc == OK) {
        rc = report_settings_load(c, &rs);
    }
    if (rc != OK) {
        return rc;
    }
    PolicyForm f = {
        cs.zPolicy,
        cs.zBannedWords ? cs.zBannedWords : "",
        cs.bBannedRefuse ? "refuse" : "hold",
        arena_printf(req->a, "%d", rs.nBlindThreshold),
        arena_printf(req->a, "%d", rs.nTakedownDays),
    };
    return policy_render(req, res, &f,
                         req_query(req, "saved") ? "저장했습니다." : NULL, NULL,
                         200);
}

/* The form field 'zName' as sent; a missing one is "". */
static const char *policy_field(Request *req, const char *zName)
{
    const char *z = req_form(req, zName);
    return z ? z : "";
}

/*
 * ROUTE: POST /newsroom/moderation/policy
 *   policy     the line above comment forms, 1..500 characters
 *   words      banned words, comma-separated (≤ 4000 bytes)
 *   action     hold or refuse: what a banned word does
 *   threshold  distinct reporters that blind a comment, 0..1000 (0: off)
 *   days       takedown period, 1..30
 */
int moderation_policy_post(Request *req, Response *res)
{
    PolicyForm f = {
        .zPolicy = policy_field(req, "policy"),
        .zWords = policy_field(req, "words"),
        .zAction = policy_field(req, "action"),
        .zThreshold = policy_field(req, "threshold"),
        .zDays = policy_field(req, "days"),
    };
    const char *zError = NULL;
    int n = 0;
    size_t nPolicy = strlen(f.zPolicy);
    if (utf8_is_blank(f.zPolicy, nPolicy)) {
        zError = "운영 원칙 문구를 적어 주십시오.";
    } else if (nPolicy > POLICY_LINE_MAX * 16 ||
               utf8_graphemes(f.zPolicy, nPolicy) > POLICY_LINE_MAX) {
        zError = arena_printf(req->a, "운영 원칙 문구는 %d자까지입니다.",
                              POLICY_LINE_MAX);
    } else if (strlen(f.zWords) > POLICY_WORDS_BYTES_MAX) {
        zError = arena_printf(req->a, "금칙어 목록은 %d바이트까지입니다.",
                              POLICY_WORDS_BYTES_MAX);
    } else if (strcmp(f.zAction, "hold") != 0 &&
               strcmp(f.zAction, "refuse") != 0) {
        zError = "금칙어가 든 댓글을 보류할지 거부할지 골라 주십시오.";
    } else if (!str_parse_int(f.zThreshold, 0, 1000, &n)) {
        zError = "자동 임시조치 신고 수는 0에서 1000 사이의 숫자입니다.";
    } else if (!str_parse_int(f.zDays, 1, TAKEDOWN_DAYS_MAX, &n)) {
        zError = arena_printf(req->a, "임시조치 기간은 1에서 %d일 사이입니다.",
                              TAKEDOWN_DAYS_MAX);
    }
    if (zError != NULL) {
        return policy_render(req, res, &f, NULL, zError, 422);
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc == OK) {
        rc = store_begin(c);
    }
    if (rc != OK) {
        return rc;
    }
    const char *azKey[] = {"comment_policy", "comment_banned_words",
                           "comment_banned_action", "report_blind_threshold",
                           "takedown_days"};
    const char *azValue[] = {f.zPolicy, f.zWords, f.zAction, f.zThreshold,
                             f.zDays};
    for (size_t i = 0; rc == OK && i < sizeof(azKey) / sizeof(azKey[0]); i++) {
        rc = app_setting_put(c, azKey[i], azValue[i]);
    }
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
    /* This node's pages at once (site_reload_now() drops "site": the
       comment settings too); the change feed brings the others. */
    site_reload_now(req);
    res_redirect(res, "/newsroom/moderation/policy?saved=1");
    return OK;
}
