/*
 * reports.c — the fixed tables of the reports feature (reasons, actions,
 * states), its settings, the takedown state machine, and the expiry that
 * `sinmun serve` runs every minute.
 */
#include "reports/reports.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "reports/reports_internal.h"

const ReportReason g_aReportReason[] = {
    {"obscene", "음란물"},
    {"youth", "청소년유해"},
    {"defamation", "명예훼손·권리침해"},
    {"privacy", "개인정보 노출"},
    {"spam", "스팸·광고"},
    {"other", "기타"},
};
const int g_nReportReason =
    sizeof(g_aReportReason) / sizeof(g_aReportReason[0]);

/* Defaults of the settings below. */
#define REPORT_BLIND_THRESHOLD_DEFAULT 5
#define REPORT_BLIND_THRESHOLD_MAX 1000
#define REPORT_MIN_ACCOUNT_AGE_DEFAULT 24
#define REPORT_MIN_ACCOUNT_AGE_MAX (24 * 365)

/* report_blind_threshold: 0 (off) … 1000 distinct reporters. */
static const char *report_check_threshold(const char *z)
{
    int n = 0;
    return str_parse_int(z, 0, REPORT_BLIND_THRESHOLD_MAX, &n)
               ? NULL
               : "a whole number from 0 (off) to 1000";
}

/* report_min_account_age_hours: 0 (every account) … a year. */
static const char *report_check_account_age(const char *z)
{
    int n = 0;
    return str_parse_int(z, 0, REPORT_MIN_ACCOUNT_AGE_MAX, &n)
               ? NULL
               : "a whole number of hours from 0 (every account) to 8760";
}

/* takedown_days: 1 … 30, the law's limit. */
static const char *report_check_days(const char *z)
{
    int n = 0;
    return str_parse_int(z, 1, TAKEDOWN_DAYS_MAX, &n)
               ? NULL
               : "a whole number of days from 1 to 30";
}

const AppSetting g_aReportSetting[] = {
    {"report_blind_threshold",
     "distinct reporters that blind a comment at once (5; 0 off)",
     report_check_threshold, false},
    {"report_min_account_age_hours",
     "hours an account must exist before its reports count toward "
     "report_blind_threshold (24; 0 every account)",
     report_check_account_age, false},
    {"takedown_days", "임시조치 period in days (30, at most 30)",
     report_check_days, false},
};
const int g_nReportSetting =
    sizeof(g_aReportSetting) / sizeof(g_aReportSetting[0]);

/* Takedowns decided per expiry pass (the rest wait a minute). */
#define REPORT_EXPIRE_BATCH 100

const char *report_reason_label(const char *zCode)
{
    for (int i = 0; i < g_nReportReason; i++) {
        if (strcmp(g_aReportReason[i].zCode, zCode) == 0) {
            return g_aReportReason[i].zLabel;
        }
    }
    return zCode;
}

const char *report_kind_name(ReportKind kind)
{
    return kind == REPORT_ARTICLE ? "article" : "comment";
}

/* Stored names, indexed by TakedownState. */
static const char *const azState[] = {"", "blinded", "objected", "restored",
                                      "removed"};

const char *takedown_state_name(TakedownState state)
{
    if ((int)state < 0 || (int)state > TAKEDOWN_REMOVED) {
        return "";
    }
    return azState[state];
}

bool takedown_state_parse(const char *z, TakedownState *pState)
{
    for (int i = TAKEDOWN_BLINDED; i <= TAKEDOWN_REMOVED; i++) {
        if (z != NULL && strcmp(z, azState[i]) == 0) {
            *pState = (TakedownState)i;
            return true;
        }
    }
    return false;
}

static bool takedown_running(TakedownState s)
{
    return s == TAKEDOWN_BLINDED || s == TAKEDOWN_OBJECTED;
}

int takedown_next(TakedownState from, TakedownEvent ev, UnixTime tNow,
                  UnixTime tEnds, TakedownState *pTo)
{
    switch (ev) {
    case TAKEDOWN_BLIND:
        if (takedown_running(from)) {
            return ERR_INVALID;
        }
        *pTo = TAKEDOWN_BLINDED;
        return OK;
    case TAKEDOWN_OBJECT:
        if (from != TAKEDOWN_BLINDED || tNow >= tEnds) {
            return ERR_INVALID;
        }
        *pTo = TAKEDOWN_OBJECTED;
        return OK;
    case TAKEDOWN_RESTORE:
    case TAKEDOWN_REMOVE:
        if (!takedown_running(from)) {
            return ERR_INVALID;
        }
        *pTo = ev == TAKEDOWN_RESTORE ? TAKEDOWN_RESTORED : TAKEDOWN_REMOVED;
        return OK;
    case TAKEDOWN_EXPIRE:
        if (!takedown_running(from) || tNow < tEnds) {
            return ERR_INVALID;
        }
        /* Not objected within the period: the claim stands.  Objected
           and still undecided: the takedown may not outlast its period. */
        *pTo = from == TAKEDOWN_BLINDED ? TAKEDOWN_REMOVED : TAKEDOWN_RESTORED;
        return OK;
    }
    return ERR_INVALID;
}

/* Names and labels of ModAction, in its order. */
static const struct {
    const char *zName;
    const char *zLabel;
    bool bModerator; /* a moderator may choose it */
} aAction[MOD_ACTION_COUNT] = {
    {"approve", "승인", true},      {"hide", "숨김", true},
    {"restore", "복원", true},      {"remove", "삭제", true},
    {"blind", "임시조치", true},    {"dismiss", "신고 기각", true},
    {"object", "이의 제기", false}, {"expire", "기간 만료", false},
};

const char *mod_action_name(ModAction action)
{
    return (int)action >= 0 && action < MOD_ACTION_COUNT ? aAction[action].zName
                                                         : "";
}

const char *mod_action_label(ModAction action)
{
    return (int)action >= 0 && action < MOD_ACTION_COUNT
               ? aAction[action].zLabel
               : "";
}

const char *mod_log_action_label(const char *zName)
{
    for (int i = 0; i < MOD_ACTION_COUNT; i++) {
        if (strcmp(zName, aAction[i].zName) == 0) {
            return aAction[i].zLabel;
        }
    }
    if (strcmp(zName, "report") == 0) {
        return "신고 접수";
    }
    if (strcmp(zName, "ban") == 0) {
        return "차단";
    }
    return zName;
}

const char *mod_state_label(const char *zState)
{
    static const struct {
        const char *zName;
        const char *zLabel;
    } aState[] = {
        {"visible", "공개"},       {"held", "보류"},
        {"hidden", "숨김"},        {"removed", "삭제"},
        {"blinded", "임시조치"},   {"deleted", "작성자 삭제"},
        {"objected", "이의 제기"}, {"restored", "복원"},
    };
    for (size_t i = 0; i < sizeof(aState) / sizeof(aState[0]); i++) {
        if (strcmp(zState, aState[i].zName) == 0) {
            return aState[i].zLabel;
        }
    }
    return zState;
}

bool mod_action_parse(const char *z, ModAction *pAction)
{
    for (int i = 0; i < MOD_ACTION_COUNT; i++) {
        if (z != NULL && aAction[i].bModerator &&
            strcmp(z, aAction[i].zName) == 0) {
            *pAction = (ModAction)i;
            return true;
        }
    }
    return false;
}

int report_settings_load(StoreConn *c, ReportSettings *pOut)
{
    pOut->nBlindThreshold = REPORT_BLIND_THRESHOLD_DEFAULT;
    pOut->nTakedownDays = TAKEDOWN_DAYS_MAX;
    pOut->nMinAccountAgeHours = REPORT_MIN_ACCOUNT_AGE_DEFAULT;
    Arena a;
    arena_init(&a);
    char *z = NULL;
    int rc = app_setting_get(c, &a, "report_blind_threshold", &z);
    if (rc == OK && z != NULL) {
        (void)str_parse_int(z, 0, REPORT_BLIND_THRESHOLD_MAX,
                            &pOut->nBlindThreshold);
    }
    if (rc == OK) {
        rc = app_setting_get(c, &a, "takedown_days", &z);
    }
    if (rc == OK && z != NULL) {
        (void)str_parse_int(z, 1, TAKEDOWN_DAYS_MAX, &pOut->nTakedownDays);
    }
    if (rc == OK) {
        rc = app_setting_get(c, &a, "report_min_account_age_hours", &z);
    }
    if (rc == OK && z != NULL) {
        (void)str_parse_int(z, 0, REPORT_MIN_ACCOUNT_AGE_MAX,
                            &pOut->nMinAccountAgeHours);
    }
    arena_close(&a);
    return rc;
}

int reports_expire_due(StoreConn *c, UnixTime tNow, int *pnDone)
{
    Arena a;
    arena_init(&a);
    Takedown *aT = NULL;
    int nT = 0;
    int nDone = 0;
    ReportSettings s;
    int rc = report_settings_load(c, &s);
    if (rc == OK) {
        rc = takedown_db_due(c, &a, tNow, REPORT_EXPIRE_BATCH, &aT, &nT);
    }
    static const ModActor system = {0, "시스템"};
    for (int i = 0; rc == OK && i < nT; i++) {
        const char *zRefusal = NULL;
        const char *zWhy = aT[i].state == TAKEDOWN_BLINDED
                               ? "임시조치 기간 만료: 이의 제기가 없어 삭제"
                               : "임시조치 기간 만료: 이의 제기 후 결정이 "
                                 "없어 게시 재개";
        rc = store_begin(c);
        if (rc != OK) {
            break;
        }
        rc = moderate(c, &a, &system, REPORT_COMMENT, aT[i].commentId,
                      MOD_EXPIRE, zWhy, &s, tNow, &zRefusal, NULL);
        if (rc == OK) {
            rc = store_commit(c);
        }
        if (rc != OK) {
            store_rollback(c);
            break;
        }
        /* Another process may have decided it first: then nothing. */
        if (zRefusal == NULL) {
            nDone++;
            log_info("takedown of comment %lld decided at the end of its "
                     "period",
                     (long long)aT[i].commentId);
        }
    }
    arena_close(&a);
    if (pnDone != NULL) {
        *pnDone = nDone;
    }
    return rc;
}

int reports_expire_job(StoreConn *c, UnixTime tNow)
{
    int nDone = 0;
    int rc = reports_expire_due(c, tNow, &nDone);
    if (rc == OK && nDone > 0) {
        /* The comments changed through the change feed; every process
           reads it on its next poll. */
        log_info("%d takedown(s) decided at the end of their period", nDone);
    }
    return rc;
}
