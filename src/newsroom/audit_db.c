/*
 * audit_db.c — the SQL of the audit log (audit_log, migration 11): one
 * insert per change, in the change's own transaction, and the log's
 * keyset-paged list, newest first by (at, id) over audit_log_by_time.
 * Rows are never updated or deleted.
 */
#include "newsroom/admin.h"

#include <stdint.h>
#include <string.h>

int audit_db_add(StoreConn *c, int64_t accountId, UnixTime tAt,
                 const char *zAction, const char *zTarget, const char *zDetail)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO audit_log(account_id, at, action,"
                           " target, detail) VALUES (?, ?, ?, ?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    if (accountId != 0) {
        store_bind_int(st, 1, accountId);
    } else {
        store_bind_null(st, 1);
    }
    store_bind_int(st, 2, tAt);
    store_bind_z(st, 3, zAction);
    store_bind_z(st, 4, zTarget);
    store_bind_z(st, 5, zDetail ? zDetail : "");
    return store_exec(st);
}

/* The list being read, as the keyset driver's argument. */
typedef struct AuditRead {
    StoreConn *c;     /* the connection */
    Arena *a;         /* where rows go */
    AuditEntry *aRow; /* rows kept, in list order */
    int nRow;         /* how many */
    int nAlloc;       /* room */
} AuditRead;

/* Columns of an AuditEntry. */
#define AUDIT_COLS                                                             \
    "SELECT id, coalesce(account_id, 0), at, action, target, detail"           \
    " FROM audit_log"

/* KeysetList.fnFetch: newest first by (at, id). */
static int audit_db_fetch(void *pArg, KeysetStep step, const KeysetCursor *pCur,
                          int nLimit, KeysetCursor *aKey, int *pnGot)
{
    AuditRead *r = pArg;
    StoreStmt *st = NULL;
    int rc = ERR_INVALID;
    switch (step) {
    case KEYSET_STEP_ON_SAME:
        rc = store_prepare(r->c,
                           AUDIT_COLS " WHERE at = ? AND id < ?"
                                      " ORDER BY at DESC, id DESC LIMIT ?",
                           &st);
        break;
    case KEYSET_STEP_ON:
        rc = store_prepare(r->c,
                           AUDIT_COLS " WHERE at < ?"
                                      " ORDER BY at DESC, id DESC LIMIT ?",
                           &st);
        break;
    case KEYSET_STEP_BACK_SAME:
        rc = store_prepare(r->c,
                           "SELECT at, id FROM audit_log"
                           " WHERE at = ? AND id > ?"
                           " ORDER BY at, id LIMIT ?",
                           &st);
        break;
    case KEYSET_STEP_BACK:
        rc = store_prepare(r->c,
                           "SELECT at, id FROM audit_log WHERE at > ?"
                           " ORDER BY at, id LIMIT ?",
                           &st);
        break;
    }
    if (rc != OK) {
        return rc;
    }
    int i = 1;
    store_bind_int(st, i++, pCur ? pCur->t : INT64_MAX);
    if (step == KEYSET_STEP_ON_SAME || step == KEYSET_STEP_BACK_SAME) {
        store_bind_int(st, i++, pCur->id);
    }
    store_bind_int(st, i, nLimit);
    bool bKeep = step == KEYSET_STEP_ON_SAME || step == KEYSET_STEP_ON;
    int n = 0;
    while (n < nLimit && (rc = store_step(st)) == STORE_ROW) {
        if (!bKeep) {
            aKey[n].t = store_col_int(st, 0);
            aKey[n++].id = store_col_int(st, 1);
            continue;
        }
        r->aRow =
            arena_grow(r->a, r->aRow, r->nRow, &r->nAlloc, sizeof(*r->aRow));
        AuditEntry *e = &r->aRow[r->nRow++];
        e->id = store_col_int(st, 0);
        e->accountId = store_col_int(st, 1);
        e->tAt = store_col_int(st, 2);
        e->zAction = store_col_text(st, 3, r->a);
        e->zTarget = store_col_text(st, 4, r->a);
        e->zDetail = store_col_text(st, 5, r->a);
        aKey[n].t = e->tAt;
        aKey[n++].id = e->id;
    }
    if (rc < 0) {
        return rc;
    }
    *pnGot = n;
    return OK;
}

int audit_db_page(StoreConn *c, Arena *a, const KeysetPos *pos,
                  const char *zPath, int nLimit, AuditEntry **paOut,
                  KeysetResult *pResult)
{
    AuditRead r = {c, a, NULL, 0, 0};
    KeysetList l = {audit_db_fetch, NULL, &r};
    int rc = keyset_run(a, &l, pos, zPath, nLimit, pResult);
    if (rc == OK) {
        *paOut = r.aRow;
    }
    return rc;
}
