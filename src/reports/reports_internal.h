/*
 * reports_internal.h — what the files of reports/ share: the one function
 * that changes the state of a reported or moderated target (moderate.c),
 * the settings, and page helpers (report_view.c).
 */
#ifndef SINMUN_REPORTS_REPORTS_INTERNAL_H
#define SINMUN_REPORTS_REPORTS_INTERNAL_H

#include "comments/comments.h"
#include "reports/reports.h"
#include "reports/reports_db.h"
#include "view/view.h"

/* Threads the moderation lists show a page. */
#define MODERATION_PER_PAGE 30

/* What a moderator, the author or the system does to a target. */
typedef enum ModAction {
    MOD_APPROVE = 0, /* held → visible */
    MOD_HIDE = 1,    /* → hidden (a notice in its place) */
    MOD_RESTORE = 2, /* → visible again; ends a running takedown */
    MOD_REMOVE = 3,  /* → removed; ends a running takedown */
    MOD_BLIND = 4,   /* → blinded: a takedown starts */
    MOD_DISMISS = 5, /* reports closed, nothing changed */
    MOD_OBJECT = 6,  /* the author objects to a running takedown */
    MOD_EXPIRE = 7,  /* the system decides a takedown whose period ended */
    MOD_ACTION_COUNT
} ModAction;

/* Who acts: an account, or the system (id 0). */
typedef struct ModActor {
    int64_t id;        /* accounts.id, 0 for the system */
    const char *zName; /* as the log shows it */
} ModActor;

/* The settings of this feature, defaults applied. */
typedef struct ReportSettings {
    int nBlindThreshold;     /* report_blind_threshold (5): distinct reporters
                                that blind a comment; 0: never by count */
    int nTakedownDays;       /* takedown_days (30, 1..30) */
    int nMinAccountAgeHours; /* report_min_account_age_hours (24): younger
                                accounts' reports do not count toward
                                nBlindThreshold; 0: all count */
} ReportSettings;

/* "approve", "hide" … as forms send them and the log stores them. */
const char *mod_action_name(ModAction action);

/* Parse an action a moderator may choose (not object/expire). */
bool mod_action_parse(const char *z, ModAction *pAction);

/* Korean label of an action ("숨김" …), for the log and buttons. */
const char *mod_action_label(ModAction action);

/* Korean label of a logged action name ("blind", "report", "ban" …). */
const char *mod_log_action_label(const char *zName);

/* Korean label of a comment status or takedown state name. */
const char *mod_state_label(const char *zState);

/* Read the settings into '*pOut' (OUT). */
int report_settings_load(StoreConn *c, ReportSettings *pOut) WARN_UNUSED;

/*
 * Apply 'action' by 'who' to the target ('kind', 'id') with 'zReason' at
 * 'tNow', inside the caller's transaction: change the comment's status
 * and the takedown through takedown_next(), close the open reports (for a
 * moderator's action), append the log row, record the cache changes.
 * '*pzRefusal' (OUT) gets the reason in Korean when the action does not
 * apply to the target as it stands (nothing written; return OK).
 * '*pArticleId' (OUT, may be NULL) gets the article whose pages change.
 * Return OK, ERR_NOTFOUND or ERR_*.
 */
int moderate(StoreConn *c, Arena *a, const ModActor *who, ReportKind kind,
             int64_t id, ModAction action, const char *zReason,
             const ReportSettings *s, UnixTime tNow, const char **pzRefusal,
             int64_t *pArticleId) WARN_UNUSED;

/*
 * Set the view flags can_approve, can_hide, can_restore, can_remove and
 * can_blind of 'v' for a comment in 'status' (blinded: a takedown runs),
 * so pages offer only the actions moderate() would take.
 */
void mod_view_actions(View *v, CommentStatus status);

/*
 * The signed-in staff member as a ModActor (OUT), for /newsroom handlers
 * (the route's role was checked).  Return OK or ERR_*.
 */
int mod_actor_current(Request *req, ModActor *pOut) WARN_UNUSED;

/*
 * Check a moderator's reason: at most MODERATION_REASON_MAX characters.
 * NULL or the message.
 */
const char *mod_check_reason(Arena *a, const char *zReason);

#endif
