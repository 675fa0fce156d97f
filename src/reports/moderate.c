/*
 * moderate.c — the one place the state of a reported or moderated target
 * changes (see reports_internal.h, moderate()), and the small helpers the
 * moderation handlers share.
 *
 * For a comment, the status readers see (comments.status) and the running
 * takedown (takedowns) move together: while a takedown runs (blinded or
 * objected) the comment is "blinded", and only restore, remove or the end
 * of the period settle it.  Every change appends one moderation_log row
 * with who, when, from, to and why, in the same transaction.
 */
#include "reports/reports_internal.h"

#include <string.h>

#include "accounts/accounts.h"
#include "app/app.h"
#include "base/utf8.h"

/* Seconds in a day. */
#define DAY_S 86400

/* The comment status an action leads to, and whether it applies to a
   comment in 'from' without a running takedown.  NULL: it applies. */
static const char *moderate_comment_plain(ModAction action, CommentStatus from,
                                          CommentStatus *pTo)
{
    switch (action) {
    case MOD_APPROVE:
        *pTo = COMMENT_VISIBLE;
        return from == COMMENT_HELD ? NULL : "검토를 기다리는 댓글이 아닙니다.";
    case MOD_HIDE:
        *pTo = COMMENT_HIDDEN;
        return from == COMMENT_VISIBLE || from == COMMENT_HELD
                   ? NULL
                   : "보이거나 검토 중인 댓글만 숨길 수 있습니다.";
    case MOD_RESTORE:
        *pTo = COMMENT_VISIBLE;
        return from == COMMENT_HIDDEN || from == COMMENT_REMOVED ||
                       from == COMMENT_HELD
                   ? NULL
                   : "이미 보이는 댓글입니다.";
    case MOD_REMOVE:
        *pTo = COMMENT_REMOVED;
        return from == COMMENT_REMOVED ? "이미 삭제된 댓글입니다." : NULL;
    case MOD_BLIND:
        *pTo = COMMENT_BLINDED;
        return from == COMMENT_REMOVED
                   ? "삭제된 댓글은 임시조치할 수 없습니다. 먼저 복원하십시오."
                   : NULL;
    case MOD_DISMISS:
        *pTo = from;
        return NULL;
    case MOD_OBJECT:
    case MOD_EXPIRE:
    case MOD_ACTION_COUNT:
        break;
    }
    *pTo = from;
    return "임시조치 중인 댓글이 아닙니다.";
}

/* The takedown event of an action on a running takedown, or -1. */
static int moderate_event(ModAction action)
{
    switch (action) {
    case MOD_RESTORE:
        return TAKEDOWN_RESTORE;
    case MOD_REMOVE:
        return TAKEDOWN_REMOVE;
    case MOD_OBJECT:
        return TAKEDOWN_OBJECT;
    case MOD_EXPIRE:
        return TAKEDOWN_EXPIRE;
    case MOD_BLIND:
        return TAKEDOWN_BLIND;
    default:
        return -1;
    }
}

/* Apply 'action' to comment 'cm' (see moderate()). */
static int moderate_comment(StoreConn *c, Arena *a, const ModActor *who,
                            const Comment *cm, ModAction action,
                            const char *zReason, const ReportSettings *s,
                            UnixTime tNow, const char **pzRefusal)
{
    if (cm->status == COMMENT_DELETED && action != MOD_DISMISS) {
        *pzRefusal = "작성자가 지운 댓글입니다.";
        return OK;
    }
    Takedown td;
    memset(&td, 0, sizeof(td));
    int rc = takedown_db_latest(c, a, cm->id, &td);
    if (rc == ERR_NOTFOUND) {
        td.state = TAKEDOWN_NONE;
        rc = OK;
    }
    if (rc != OK) {
        return rc;
    }
    bool bRunning =
        td.state == TAKEDOWN_BLINDED || td.state == TAKEDOWN_OBJECTED;
    CommentStatus to = cm->status;
    const char *zFromState = comment_status_name(cm->status);
    int ev = moderate_event(action);
    if (bRunning && action != MOD_DISMISS) {
        TakedownState next;
        if (ev < 0 || takedown_next(td.state, (TakedownEvent)ev, tNow, td.tEnds,
                                    &next) != OK) {
            *pzRefusal = action == MOD_OBJECT
                             ? "이의 제기 기간이 지났거나 이미 이의를 "
                               "제기했습니다."
                             : "임시조치 중인 댓글입니다. 복원하거나 "
                               "삭제로 결정하십시오.";
            return OK;
        }
        zFromState = takedown_state_name(td.state);
        bool bDone = false;
        if (next == TAKEDOWN_OBJECTED) {
            rc = takedown_db_object(c, td.id, zReason, tNow, &bDone);
        } else {
            rc = takedown_db_decide(c, td.id, td.state, next, zReason, who->id,
                                    tNow, &bDone);
            to = next == TAKEDOWN_RESTORED ? COMMENT_VISIBLE : COMMENT_REMOVED;
        }
        if (rc != OK) {
            return rc;
        }
        if (!bDone) {
            *pzRefusal = "다른 곳에서 먼저 처리되었습니다.";
            return OK;
        }
    } else if (action == MOD_OBJECT || action == MOD_EXPIRE) {
        *pzRefusal = "임시조치 중인 댓글이 아닙니다.";
        return OK;
    } else {
        const char *zNo = moderate_comment_plain(action, cm->status, &to);
        if (zNo != NULL) {
            *pzRefusal = zNo;
            return OK;
        }
        if (action == MOD_BLIND) {
            TakedownState next;
            if (takedown_next(td.state, TAKEDOWN_BLIND, tNow, 0, &next) != OK) {
                *pzRefusal = "이미 임시조치 중인 댓글입니다.";
                return OK;
            }
            rc = takedown_db_insert(c, cm->id, zReason, who->id, tNow,
                                    tNow + (UnixTime)s->nTakedownDays * DAY_S,
                                    NULL);
            if (rc != OK) {
                return rc;
            }
        }
    }
    if (to != cm->status) {
        rc = comment_set_status(c, cm->id, to, zReason, tNow, NULL);
        if (rc != OK) {
            return rc;
        }
    }
    const char *zToState =
        action == MOD_OBJECT ? "objected" : comment_status_name(to);
    return modlog_db_insert(c, REPORT_COMMENT, cm->id, mod_action_name(action),
                            zFromState, zToState, who->id, who->zName, zReason,
                            tNow);
}

int moderate(StoreConn *c, Arena *a, const ModActor *who, ReportKind kind,
             int64_t id, ModAction action, const char *zReason,
             const ReportSettings *s, UnixTime tNow, const char **pzRefusal,
             int64_t *pArticleId)
{
    *pzRefusal = NULL;
    int rc = OK;
    if (kind == REPORT_COMMENT) {
        Comment cm;
        rc = comment_get(c, a, id, &cm);
        if (rc != OK) {
            return rc;
        }
        if (pArticleId != NULL) {
            *pArticleId = cm.articleId;
        }
        rc = moderate_comment(c, a, who, &cm, action, zReason, s, tNow,
                              pzRefusal);
    } else {
        /* An article's fate is the newsroom's: here its reports are
           reviewed and closed, with the reason on record. */
        if (action != MOD_DISMISS) {
            *pzRefusal = "기사에는 신고 처리(기각·완료)만 할 수 있습니다. "
                         "기사 내용은 편집국에서 고칩니다.";
            return OK;
        }
        if (pArticleId != NULL) {
            *pArticleId = id;
        }
        rc = modlog_db_insert(c, REPORT_ARTICLE, id, mod_action_name(action),
                              "", "", who->id, who->zName, zReason, tNow);
    }
    /* A moderator's decision closes the reports it answers; the system's
       blinding by count leaves them for a moderator to review. */
    if (rc == OK && *pzRefusal == NULL && who->id != 0 &&
        action != MOD_OBJECT) {
        rc = report_db_resolve(c, kind, id, mod_action_name(action), who->id,
                               tNow);
    }
    return rc;
}

void mod_view_actions(View *v, CommentStatus status)
{
    bool bGone = status == COMMENT_DELETED;
    bool bBlinded = status == COMMENT_BLINDED;
    view_bool(v, "can_approve", status == COMMENT_HELD);
    view_bool(v, "can_hide",
              status == COMMENT_VISIBLE || status == COMMENT_HELD);
    view_bool(v, "can_restore", !bGone && status != COMMENT_VISIBLE);
    view_bool(v, "can_remove", !bGone && status != COMMENT_REMOVED);
    view_bool(v, "can_blind", !bGone && !bBlinded && status != COMMENT_REMOVED);
}

int mod_actor_current(Request *req, ModActor *pOut)
{
    const Account *acct = NULL;
    int rc = account_current(req, &acct);
    if (rc != OK) {
        return rc;
    }
    pOut->id = acct ? acct->id : 0;
    pOut->zName = acct ? acct->zName : "시스템";
    return OK;
}

const char *mod_check_reason(Arena *a, const char *zReason)
{
    size_t n = utf8_graphemes(zReason, strlen(zReason));
    if (n > MODERATION_REASON_MAX) {
        return arena_printf(a, "사유는 %d자까지 쓸 수 있습니다 (지금 %zu자).",
                            MODERATION_REASON_MAX, n);
    }
    return NULL;
}
