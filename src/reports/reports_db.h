/*
 * reports_db.h — every SQL statement of the reports feature, as named
 * functions (reports_db.c).  Only src/reports/ calls these.
 */
#ifndef SINMUN_REPORTS_REPORTS_DB_H
#define SINMUN_REPORTS_REPORTS_DB_H

#include "reports/reports.h"

/* One report as stored. */
typedef struct Report {
    int64_t id;         /* reports.id */
    ReportKind kind;    /* article or comment */
    int64_t targetId;   /* articles.id or comments.id */
    char *zReporter;    /* "a:<id>" or "n:<network>" */
    char *zReason;      /* reason code */
    char *zDescription; /* what the reporter wrote */
    char *zContact;     /* where to answer, "" when none */
    bool bWantsAnswer;  /* asked for an answer */
    bool bOpen;         /* not yet acted on */
    char *zResolution;  /* the action that closed it */
    UnixTime tCreated;  /* when */
} Report;

/* The open reports on one target, for the queue. */
typedef struct ReportGroup {
    ReportKind kind;  /* article or comment */
    int64_t targetId; /* its id */
    int nReporter;    /* distinct reporters (one report each) */
    UnixTime tFirst;  /* oldest open report */
    char *zReasons;   /* reason codes, comma-separated, distinct */
} ReportGroup;

/* A takedown row. */
typedef struct Takedown {
    int64_t id;          /* takedowns.id */
    int64_t commentId;   /* comments.id */
    TakedownState state; /* where it stands */
    char *zReason;       /* why it was blinded */
    UnixTime tStarted;   /* when blinded */
    int64_t startedBy;   /* accounts.id, 0 for the report threshold */
    UnixTime tEnds;      /* end of the period */
    char *zObjection;    /* the author's objection, "" when none */
    UnixTime tObjected;  /* when, 0 when none */
    UnixTime tDecided;   /* when restored or removed, 0 while running */
    char *zDecision;     /* why */
} Takedown;

/* A moderation_log row. */
typedef struct ModLog {
    int64_t id;       /* moderation_log.id */
    ReportKind kind;  /* article or comment */
    int64_t targetId; /* its id */
    char *zAction;    /* "blind", "hide", "report" … */
    char *zFrom;      /* state before, "" when none */
    char *zTo;        /* state after */
    char *zActor;     /* the name at the time ("시스템" for the system) */
    char *zReason;    /* why */
    UnixTime tAt;     /* when */
} ModLog;

/*
 * Insert report 'r' (id, status ignored) for account 'accountId' (0: a
 * guest).  Return OK, ERR_CONSTRAINT when this reporter already reported
 * the target, or ERR_*.
 */
int report_db_insert(StoreConn *c, const Report *r,
                     int64_t accountId) WARN_UNUSED;

/* Count the open reports on a target into '*pn' (OUT). */
int report_db_count_open(StoreConn *c, ReportKind kind, int64_t targetId,
                         int64_t *pn) WARN_UNUSED;

/*
 * The account of each open report on a target (0 for a guest's), oldest
 * report first, at most 'nMax': '*paId' (OUT, from 'a') and '*pn' (OUT).
 */
int report_db_open_accounts(StoreConn *c, Arena *a, ReportKind kind,
                            int64_t targetId, int nMax, int64_t **paId,
                            int *pn) WARN_UNUSED;

/* Close the open reports on a target with 'zResolution'. */
int report_db_resolve(StoreConn *c, ReportKind kind, int64_t targetId,
                      const char *zResolution, int64_t byAccountId,
                      UnixTime tNow) WARN_UNUSED;

/*
 * The queue: targets with open reports, most distinct reporters first,
 * then oldest first; skipping 'nOffset', at most 'nLimit'.  '*paOut',
 * '*pnOut' (OUT, in 'a').
 */
int report_db_queue(StoreConn *c, Arena *a, int nOffset, int nLimit,
                    ReportGroup **paOut, int *pnOut) WARN_UNUSED;

/* How many targets have open reports, into '*pn' (OUT). */
int report_db_queue_count(StoreConn *c, int64_t *pn) WARN_UNUSED;

/* Every report on a target, newest first, at most 'nLimit'. */
int report_db_for(StoreConn *c, Arena *a, ReportKind kind, int64_t targetId,
                  int nLimit, Report **paOut, int *pnOut) WARN_UNUSED;

/* The latest takedown of comment 'commentId' into '*pOut' (OUT, in 'a').
   Return OK, ERR_NOTFOUND or ERR_*. */
int takedown_db_latest(StoreConn *c, Arena *a, int64_t commentId,
                       Takedown *pOut) WARN_UNUSED;

/* Insert a running takedown (state blinded); '*pId' (OUT, may be NULL). */
int takedown_db_insert(StoreConn *c, int64_t commentId, const char *zReason,
                       int64_t byAccountId, UnixTime tNow, UnixTime tEnds,
                       int64_t *pId) WARN_UNUSED;

/*
 * Move takedown 'id' from 'from' to 'to' (restored or removed) with
 * 'zDecision' by 'byAccountId' (0: the system) at 'tNow', only if it is
 * still in 'from'.  '*pbDone' (OUT) says whether it was.
 */
int takedown_db_decide(StoreConn *c, int64_t id, TakedownState from,
                       TakedownState to, const char *zDecision,
                       int64_t byAccountId, UnixTime tNow,
                       bool *pbDone) WARN_UNUSED;

/* Record the author's objection on takedown 'id' (only while blinded);
   '*pbDone' (OUT) says whether it was. */
int takedown_db_object(StoreConn *c, int64_t id, const char *zObjection,
                       UnixTime tNow, bool *pbDone) WARN_UNUSED;

/* Running takedowns (blinded or objected), ending first first. */
int takedown_db_running(StoreConn *c, Arena *a, int nOffset, int nLimit,
                        Takedown **paOut, int *pnOut) WARN_UNUSED;

/* Running takedowns whose period ended by 'tNow', at most 'nLimit'. */
int takedown_db_due(StoreConn *c, Arena *a, UnixTime tNow, int nLimit,
                    Takedown **paOut, int *pnOut) WARN_UNUSED;

/* Append a log row.  'actorId' 0 is the system. */
int modlog_db_insert(StoreConn *c, ReportKind kind, int64_t targetId,
                     const char *zAction, const char *zFrom, const char *zTo,
                     int64_t actorId, const char *zActorName,
                     const char *zReason, UnixTime tNow) WARN_UNUSED;

/* The log of one target, oldest first, at most 'nLimit'. */
int modlog_db_for(StoreConn *c, Arena *a, ReportKind kind, int64_t targetId,
                  int nLimit, ModLog **paOut, int *pnOut) WARN_UNUSED;

/* The whole log, newest first. */
int modlog_db_recent(StoreConn *c, Arena *a, int nOffset, int nLimit,
                     ModLog **paOut, int *pnOut) WARN_UNUSED;

#endif
