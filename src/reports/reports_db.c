/*
 * reports_db.c — every SQL statement of the reports feature; see
 * reports_db.h.
 *
 * Tables: reports, takedowns, moderation_log (reports_schema.h), and
 * reads of the settings table.  The queue groups open reports by target
 * through the index reports_open; the unique key (target, reporter) makes
 * "one report per person per target" a constraint, not a check.
 */
#include "reports/reports_db.h"

#include <string.h>

/* Bind account id 'id' to parameter 'i', NULL for 0 (the system, a guest). */
static void report_db_bind_account(StoreStmt *st, int i, int64_t id)
{
    if (id != 0) {
        store_bind_int(st, i, id);
    } else {
        store_bind_null(st, i);
    }
}

static ReportKind report_db_kind(const char *z)
{
    return strcmp(z, "article") == 0 ? REPORT_ARTICLE : REPORT_COMMENT;
}

int report_db_insert(StoreConn *c, const Report *r, int64_t accountId)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "INSERT INTO reports(target_kind, target_id, reporter, account_id,"
        " reason, description, contact, wants_answer, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, report_kind_name(r->kind));
    store_bind_int(st, 2, r->targetId);
    store_bind_z(st, 3, r->zReporter);
    report_db_bind_account(st, 4, accountId);
    store_bind_z(st, 5, r->zReason);
    store_bind_z(st, 6, r->zDescription);
    store_bind_z(st, 7, r->zContact);
    store_bind_int(st, 8, r->bWantsAnswer);
    store_bind_int(st, 9, r->tCreated);
    return store_exec(st);
}

int report_db_count_open(StoreConn *c, ReportKind kind, int64_t targetId,
                         int64_t *pn)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT count(*) FROM reports WHERE status = 'open'"
                           " AND target_kind = ? AND target_id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, report_kind_name(kind));
    store_bind_int(st, 2, targetId);
    return store_step_int(st, pn);
}

int report_db_open_accounts(StoreConn *c, Arena *a, ReportKind kind,
                            int64_t targetId, int nMax, int64_t **paId, int *pn)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT coalesce(account_id, 0) FROM reports"
                           " WHERE status = 'open' AND target_kind = ?"
                           " AND target_id = ? ORDER BY id LIMIT ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, report_kind_name(kind));
    store_bind_int(st, 2, targetId);
    store_bind_int(st, 3, nMax);
    int64_t *aId = arena_alloc(a, sizeof(int64_t) * (size_t)(nMax + 1));
    int n = 0;
    while (n < nMax && (rc = store_step(st)) == STORE_ROW) {
        aId[n++] = store_col_int(st, 0);
    }
    if (rc < 0) {
        return rc;
    }
    *paId = aId;
    *pn = n;
    return OK;
}

int report_db_resolve(StoreConn *c, ReportKind kind, int64_t targetId,
                      const char *zResolution, int64_t byAccountId,
                      UnixTime tNow)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c,
                      "UPDATE reports SET status = 'resolved', resolution = ?,"
                      " resolved_at = ?, resolved_by = ? WHERE status = 'open'"
                      " AND target_kind = ? AND target_id = ?",
                      &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zResolution);
    store_bind_int(st, 2, tNow);
    report_db_bind_account(st, 3, byAccountId);
    store_bind_z(st, 4, report_kind_name(kind));
    store_bind_int(st, 5, targetId);
    return store_exec(st);
}

int report_db_queue(StoreConn *c, Arena *a, int nOffset, int nLimit,
                    ReportGroup **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "SELECT target_kind, target_id, count(*) AS n, min(created_at) AS t"
        " FROM reports WHERE status = 'open'"
        " GROUP BY target_kind, target_id ORDER BY n DESC, t ASC,"
        " target_kind, target_id LIMIT ? OFFSET ?",
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, nLimit);
    store_bind_int(st, 2, nOffset);
    ReportGroup *aG = arena_alloc(a, sizeof(*aG) * (size_t)(nLimit + 1));
    int n = 0;
    while (n < nLimit && (rc = store_step(st)) == STORE_ROW) {
        ReportGroup *g = &aG[n++];
        g->kind = report_db_kind(store_col_text(st, 0, a));
        g->targetId = store_col_int(st, 1);
        g->nReporter = (int)store_col_int(st, 2);
        g->tFirst = store_col_int(st, 3);
    }
    if (rc < 0) {
        return rc;
    }
    /* The distinct reasons of each group: a query per row of one page,
       since group_concat() is SQLite's and string_agg() PostgreSQL's. */
    for (int i = 0; i < n; i++) {
        rc = store_prepare(c,
                           "SELECT DISTINCT reason FROM reports"
                           " WHERE status = 'open' AND target_kind = ?"
                           " AND target_id = ? ORDER BY reason",
                           &st);
        if (rc != OK) {
            return rc;
        }
        store_bind_z(st, 1, report_kind_name(aG[i].kind));
        store_bind_int(st, 2, aG[i].targetId);
        Str s;
        str_init(&s, a);
        while ((rc = store_step(st)) == STORE_ROW) {
            if (s.n > 0) {
                str_append_z(&s, ",");
            }
            str_append_z(&s, store_col_text(st, 0, a));
        }
        if (rc < 0) {
            return rc;
        }
        aG[i].zReasons = s.z ? s.z : arena_strdup(a, "");
    }
    *paOut = aG;
    *pnOut = n;
    return OK;
}

int report_db_queue_count(StoreConn *c, int64_t *pn)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT count(*) FROM (SELECT 1 FROM reports"
                           " WHERE status = 'open'"
                           " GROUP BY target_kind, target_id) AS g",
                           &st);
    if (rc != OK) {
        return rc;
    }
    return store_step_int(st, pn);
}

int report_db_for(StoreConn *c, Arena *a, ReportKind kind, int64_t targetId,
                  int nLimit, Report **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "SELECT id, reporter, reason, description, contact, wants_answer,"
        " status, resolution, created_at FROM reports"
        " WHERE target_kind = ? AND target_id = ? ORDER BY id DESC LIMIT ?",
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, report_kind_name(kind));
    store_bind_int(st, 2, targetId);
    store_bind_int(st, 3, nLimit);
    Report *aR = arena_alloc(a, sizeof(*aR) * (size_t)(nLimit + 1));
    int n = 0;
    while (n < nLimit && (rc = store_step(st)) == STORE_ROW) {
        Report *r = &aR[n++];
        memset(r, 0, sizeof(*r));
        r->id = store_col_int(st, 0);
        r->kind = kind;
        r->targetId = targetId;
        r->zReporter = store_col_text(st, 1, a);
        r->zReason = store_col_text(st, 2, a);
        r->zDescription = store_col_text(st, 3, a);
        r->zContact = store_col_text(st, 4, a);
        r->bWantsAnswer = store_col_int(st, 5) != 0;
        r->bOpen = strcmp(store_col_text(st, 6, a), "open") == 0;
        r->zResolution = store_col_text(st, 7, a);
        r->tCreated = store_col_int(st, 8);
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aR;
    *pnOut = n;
    return OK;
}

/* Columns of a takedown row, in takedown_db_row() order. */
#define TAKEDOWN_COLS                                                          \
    "SELECT id, comment_id, state, reason, started_at, started_by, ends_at,"   \
    " objection, objected_at, decided_at, decision FROM takedowns"

static void takedown_db_row(StoreStmt *st, Arena *a, Takedown *t)
{
    memset(t, 0, sizeof(*t));
    t->id = store_col_int(st, 0);
    t->commentId = store_col_int(st, 1);
    if (!takedown_state_parse(store_col_text(st, 2, a), &t->state)) {
        t->state = TAKEDOWN_BLINDED;
    }
    t->zReason = store_col_text(st, 3, a);
    t->tStarted = store_col_int(st, 4);
    t->startedBy = store_col_int(st, 5);
    t->tEnds = store_col_int(st, 6);
    t->zObjection = store_col_text(st, 7, a);
    t->tObjected = store_col_int(st, 8);
    t->tDecided = store_col_int(st, 9);
    t->zDecision = store_col_text(st, 10, a);
}

static int takedown_db_rows(StoreStmt *st, Arena *a, int nLimit,
                            Takedown **paOut, int *pnOut)
{
    Takedown *aT = arena_alloc(a, sizeof(*aT) * (size_t)(nLimit + 1));
    int n = 0;
    int rc = STORE_DONE;
    while (n < nLimit && (rc = store_step(st)) == STORE_ROW) {
        takedown_db_row(st, a, &aT[n++]);
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aT;
    *pnOut = n;
    return OK;
}

int takedown_db_latest(StoreConn *c, Arena *a, int64_t commentId,
                       Takedown *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c, TAKEDOWN_COLS " WHERE comment_id = ? ORDER BY id DESC LIMIT 1", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, commentId);
    rc = store_step(st);
    if (rc < 0) {
        return rc;
    }
    if (rc != STORE_ROW) {
        return ERR_NOTFOUND;
    }
    takedown_db_row(st, a, pOut);
    return OK;
}

int takedown_db_insert(StoreConn *c, int64_t commentId, const char *zReason,
                       int64_t byAccountId, UnixTime tNow, UnixTime tEnds,
                       int64_t *pId)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "INSERT INTO takedowns(comment_id, state, reason, started_at,"
        " started_by, ends_at) VALUES (?, 'blinded', ?, ?, ?, ?)",
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, commentId);
    store_bind_z(st, 2, zReason);
    store_bind_int(st, 3, tNow);
    report_db_bind_account(st, 4, byAccountId);
    store_bind_int(st, 5, tEnds);
    rc = store_exec(st);
    if (rc == OK && pId != NULL) {
        *pId = store_last_id(c);
    }
    return rc;
}

int takedown_db_decide(StoreConn *c, int64_t id, TakedownState from,
                       TakedownState to, const char *zDecision,
                       int64_t byAccountId, UnixTime tNow, bool *pbDone)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "UPDATE takedowns SET state = ?, decision = ?, decided_at = ?,"
        " decided_by = ? WHERE id = ? AND state = ?",
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, takedown_state_name(to));
    store_bind_z(st, 2, zDecision);
    store_bind_int(st, 3, tNow);
    report_db_bind_account(st, 4, byAccountId);
    store_bind_int(st, 5, id);
    store_bind_z(st, 6, takedown_state_name(from));
    rc = store_exec(st);
    if (rc == OK) {
        *pbDone = store_changes(c) == 1;
    }
    return rc;
}

int takedown_db_object(StoreConn *c, int64_t id, const char *zObjection,
                       UnixTime tNow, bool *pbDone)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "UPDATE takedowns SET state = 'objected',"
                           " objection = ?, objected_at = ?"
                           " WHERE id = ? AND state = 'blinded'",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zObjection);
    store_bind_int(st, 2, tNow);
    store_bind_int(st, 3, id);
    rc = store_exec(st);
    if (rc == OK) {
        *pbDone = store_changes(c) == 1;
    }
    return rc;
}

int takedown_db_running(StoreConn *c, Arena *a, int nOffset, int nLimit,
                        Takedown **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c,
                      TAKEDOWN_COLS " WHERE state IN ('blinded', 'objected')"
                                    " ORDER BY ends_at, id LIMIT ? OFFSET ?",
                      &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, nLimit);
    store_bind_int(st, 2, nOffset);
    return takedown_db_rows(st, a, nLimit, paOut, pnOut);
}

int takedown_db_due(StoreConn *c, Arena *a, UnixTime tNow, int nLimit,
                    Takedown **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           TAKEDOWN_COLS
                           " WHERE state IN ('blinded', 'objected')"
                           " AND ends_at <= ? ORDER BY ends_at, id LIMIT ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tNow);
    store_bind_int(st, 2, nLimit);
    return takedown_db_rows(st, a, nLimit, paOut, pnOut);
}

int modlog_db_insert(StoreConn *c, ReportKind kind, int64_t targetId,
                     const char *zAction, const char *zFrom, const char *zTo,
                     int64_t actorId, const char *zActorName,
                     const char *zReason, UnixTime tNow)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "INSERT INTO moderation_log(target_kind, target_id, action,"
        " from_state, to_state, actor_id, actor_name, reason, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, report_kind_name(kind));
    store_bind_int(st, 2, targetId);
    store_bind_z(st, 3, zAction);
    store_bind_z(st, 4, zFrom ? zFrom : "");
    store_bind_z(st, 5, zTo ? zTo : "");
    report_db_bind_account(st, 6, actorId);
    store_bind_z(st, 7, zActorName);
    store_bind_z(st, 8, zReason ? zReason : "");
    store_bind_int(st, 9, tNow);
    return store_exec(st);
}

/* Columns of a log row, in modlog_db_rows() order. */
#define MODLOG_COLS                                                            \
    "SELECT id, target_kind, target_id, action, from_state, to_state,"         \
    " actor_name, reason, at FROM moderation_log"

static int modlog_db_rows(StoreStmt *st, Arena *a, int nLimit, ModLog **paOut,
                          int *pnOut)
{
    ModLog *aL = arena_alloc(a, sizeof(*aL) * (size_t)(nLimit + 1));
    int n = 0;
    int rc = STORE_DONE;
    while (n < nLimit && (rc = store_step(st)) == STORE_ROW) {
        ModLog *l = &aL[n++];
        l->id = store_col_int(st, 0);
        l->kind = report_db_kind(store_col_text(st, 1, a));
        l->targetId = store_col_int(st, 2);
        l->zAction = store_col_text(st, 3, a);
        l->zFrom = store_col_text(st, 4, a);
        l->zTo = store_col_text(st, 5, a);
        l->zActor = store_col_text(st, 6, a);
        l->zReason = store_col_text(st, 7, a);
        l->tAt = store_col_int(st, 8);
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aL;
    *pnOut = n;
    return OK;
}

int modlog_db_for(StoreConn *c, Arena *a, ReportKind kind, int64_t targetId,
                  int nLimit, ModLog **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c,
                      MODLOG_COLS " WHERE target_kind = ? AND target_id = ?"
                                  " ORDER BY id LIMIT ?",
                      &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, report_kind_name(kind));
    store_bind_int(st, 2, targetId);
    store_bind_int(st, 3, nLimit);
    return modlog_db_rows(st, a, nLimit, paOut, pnOut);
}

int modlog_db_recent(StoreConn *c, Arena *a, int nOffset, int nLimit,
                     ModLog **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c, MODLOG_COLS " ORDER BY id DESC LIMIT ? OFFSET ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, nLimit);
    store_bind_int(st, 2, nOffset);
    return modlog_db_rows(st, a, nLimit, paOut, pnOut);
}
