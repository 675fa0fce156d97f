/*
 * reports.h — "유해게시물신고" (reports on an article or a comment), 임시조치
 * (temporary takedown, 정보통신망법 제44조의2) and the moderators' pages in
 * /newsroom/moderation, with an audit log of every state change.
 *
 * Tables (reports_schema.h): reports, takedowns, moderation_log.  What a
 * reader sees of a comment stays in comments.status (comments.h); this
 * feature changes it only through comment_set_status(), in the same
 * transaction as its own rows, so nothing is ever deleted and every step
 * can be undone and read back.
 *
 * Takedown of a comment (takedown_next() is the whole state machine):
 *
 *   (none) --blind--> blinded --object--> objected
 *   blinded|objected --restore--> restored   (comment visible again)
 *   blinded|objected --remove---> removed    (comment removed)
 *   blinded  --expire (ends_at passed)--> removed: the author did not
 *                                          object within the period
 *   objected --expire--> restored: a takedown may not outlast its period
 *
 * A moderator blinds (or the report_blind_threshold-th distinct reporter
 * of a comment does); the period is takedown_days (30 at most, the law's
 * limit).  `sinmun serve` applies due expiries every minute.
 *
 * Routes (one file each):
 *   GET|POST /article/{id}/report             report_page.c
 *   GET|POST /comment/{id}/report             report_page.c
 *   GET|POST /comment/{id}/object             object_page.c
 *   GET      /newsroom                        moderation_page.c
 *   GET|POST /newsroom/moderation             moderation_page.c
 *   GET      /newsroom/moderation/comment/{id} moderation_target.c
 *   GET      /newsroom/moderation/article/{id} moderation_target.c
 *   POST     /newsroom/moderation/ban         moderation_target.c
 *   POST     /newsroom/moderation/ban/{id}/lift moderation_target.c
 *   GET|POST /newsroom/moderation/policy      moderation_policy.c
 */
#ifndef SINMUN_REPORTS_REPORTS_H
#define SINMUN_REPORTS_REPORTS_H

#include <stdbool.h>
#include <stdint.h>

#include "app/settings.h"
#include "base/rc.h"
#include "base/timeutil.h"
#include "store/store.h"
#include "web/http.h"

/* Longest report description and objection, in characters. */
#define REPORT_TEXT_MAX 1000
/* Longest contact (e-mail or phone), in characters. */
#define REPORT_CONTACT_MAX 200
/* Longest moderator's reason, in characters. */
#define MODERATION_REASON_MAX 500
/* The law's limit on a temporary takedown, in days. */
#define TAKEDOWN_DAYS_MAX 30

/* What a report is about. */
typedef enum ReportKind {
    REPORT_ARTICLE = 0,
    REPORT_COMMENT = 1,
} ReportKind;

/* Why: the choices of the form, in its order. */
typedef struct ReportReason {
    const char *zCode;  /* stored: "obscene" … */
    const char *zLabel; /* shown: "음란물" … */
} ReportReason;

extern const ReportReason g_aReportReason[];
extern const int g_nReportReason;

/* The label of reason code 'zCode' (the code itself when unknown). */
const char *report_reason_label(const char *zCode);

/* "article" or "comment". */
const char *report_kind_name(ReportKind kind);

/* State of a takedown. */
typedef enum TakedownState {
    TAKEDOWN_NONE = 0,     /* no takedown (before the first blind) */
    TAKEDOWN_BLINDED = 1,  /* blinded, waiting for the author or the end */
    TAKEDOWN_OBJECTED = 2, /* the author objected: a moderator decides */
    TAKEDOWN_RESTORED = 3, /* over: shown again */
    TAKEDOWN_REMOVED = 4,  /* over: removed */
} TakedownState;

/* What happens to a takedown. */
typedef enum TakedownEvent {
    TAKEDOWN_BLIND = 0,   /* a moderator or the report threshold */
    TAKEDOWN_OBJECT = 1,  /* the author objects (before the end) */
    TAKEDOWN_RESTORE = 2, /* a moderator restores */
    TAKEDOWN_REMOVE = 3,  /* a moderator removes */
    TAKEDOWN_EXPIRE = 4,  /* the period ended (tNow >= tEnds) */
} TakedownEvent;

/* "blinded", "objected" … ("" for TAKEDOWN_NONE). */
const char *takedown_state_name(TakedownState state);

/* Parse a stored state name; false for anything else. */
bool takedown_state_parse(const char *z, TakedownState *pState);

/*
 * The state machine: from 'from', on 'ev' at 'tNow' for a takedown ending
 * at 'tEnds', set '*pTo' (OUT).  Return OK, or ERR_INVALID when 'ev' is
 * not allowed then (objecting after the end, expiring before it, acting
 * on a finished takedown, blinding one already running).
 */
int takedown_next(TakedownState from, TakedownEvent ev, UnixTime tNow,
                  UnixTime tEnds, TakedownState *pTo) WARN_UNUSED;

/*
 * Decide every takedown whose period ended by 'tNow' (TAKEDOWN_EXPIRE),
 * each in its own transaction with its log row and cache changes.  Set
 * '*pnDone' (OUT, may be NULL) to how many.  Safe to run in several
 * processes at once.  Return OK or ERR_*.
 */
int reports_expire_due(StoreConn *c, UnixTime tNow, int *pnDone) WARN_UNUSED;

/* Settings keys of this feature, registered by src/wiring.c. */
extern const AppSetting g_aReportSetting[];
extern const int g_nReportSetting;

/*
 * AppJob: decide the takedowns whose period ended (reports_expire_due()),
 * logging how many.  Return OK or ERR_*.
 */
int reports_expire_job(StoreConn *c, UnixTime tNow) WARN_UNUSED;

/* ROUTE handlers. */
int article_report_page(Request *req, Response *res);
int article_report_post(Request *req, Response *res);
int comment_report_page(Request *req, Response *res);
int comment_report_post(Request *req, Response *res);
int comment_object_page(Request *req, Response *res);
int comment_object_post(Request *req, Response *res);
int moderation_page(Request *req, Response *res);
int moderation_post(Request *req, Response *res);
int moderation_comment_page(Request *req, Response *res);
int moderation_article_page(Request *req, Response *res);
int moderation_policy_page(Request *req, Response *res);
int moderation_policy_post(Request *req, Response *res);

#endif
