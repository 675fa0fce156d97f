/*
 * copy.c — store_copy(), store_checksum() and store_is_empty(); see
 * copy.h.  Backend-neutral: it learns the tables from each backend's
 * catalog (StoreBackend.tables) and runs SQL through the backend table.
 *
 * This is the one place where SQL is put together at run time
 * (docs/store.md): a copy must name every table and column the schema
 * has, and only the catalog knows them.  Every name comes from the
 * database's own catalog, never from a user, must be a plain lower-case
 * identifier (copy_name_ok()) and is double-quoted; every value is bound.
 */
#include "store/copy.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "base/log.h"
#include "base/str.h"
#include "store/migrations.h"
#include "store/store_internal.h"

/* Most columns a copied table may have (PostgreSQL's bound parameters
   per statement in store_pg.c). */
#define COPY_COLUMNS_MAX 64
/* Longest table or column name. */
#define COPY_NAME_MAX 63

/*
 * A table as the copy reads and writes it: its columns in the order of
 * their names, so both sides list them alike whatever their catalogs'
 * order, and its primary key.
 */
typedef struct CopyShape {
    const char *zTable; /* the table */
    int nCol;           /* columns */
    const char **azCol; /* their names, sorted by bytes */
    bool *abInt;        /* integer column (else text) */
    bool *abIdentity;   /* identity column (PostgreSQL) */
    int *aiKey;         /* primary key: indexes into azCol, in key order */
    int nKey;           /* how many; 0: no key, rows are ordered by every
                           column and read by OFFSET */
} CopyShape;

/* True when 'z' is a plain lower-case SQL identifier. */
static bool copy_name_ok(const char *z)
{
    size_t n = strlen(z);
    if (n == 0 || n > COPY_NAME_MAX || (z[0] >= '0' && z[0] <= '9')) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = z[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return false;
        }
    }
    return true;
}

/* Append the identifier 'z' (checked by copy_name_ok()) quoted. */
static void copy_name(Str *s, const char *z)
{
    str_append_char(s, '"');
    str_append_z(s, z);
    str_append_char(s, '"');
}

static int copy_cmp_name(const void *pA, const void *pB)
{
    const StoreColumn *a = pA;
    const StoreColumn *b = pB;
    return strcmp(a->zName, b->zName);
}

/* Fill '*pS' (OUT) from the catalog's 'pT', from arena 'a'.  Return OK,
   or ERR_INVALID (logged) for a name or a width the copy refuses. */
static int copy_shape(const StoreTable *pT, Arena *a, CopyShape *pS)
{
    if (!copy_name_ok(pT->zName)) {
        log_error("store: copy: table name \"%s\" is not a plain identifier",
                  pT->zName);
        return ERR_INVALID;
    }
    if (pT->nCol < 1 || pT->nCol > COPY_COLUMNS_MAX) {
        log_error("store: copy: %s has %d columns (1 to %d can be copied)",
                  pT->zName, pT->nCol, COPY_COLUMNS_MAX);
        return ERR_INVALID;
    }
    StoreColumn *aCol = arena_alloc(a, sizeof(StoreColumn) * (size_t)pT->nCol);
    memcpy(aCol, pT->aCol, sizeof(StoreColumn) * (size_t)pT->nCol);
    qsort(aCol, (size_t)pT->nCol, sizeof(StoreColumn), copy_cmp_name);
    memset(pS, 0, sizeof(*pS));
    pS->zTable = pT->zName;
    pS->nCol = pT->nCol;
    pS->azCol = arena_alloc(a, sizeof(char *) * (size_t)pT->nCol);
    pS->abInt = arena_alloc(a, sizeof(bool) * (size_t)pT->nCol);
    pS->abIdentity = arena_alloc(a, sizeof(bool) * (size_t)pT->nCol);
    pS->aiKey = arena_alloc(a, sizeof(int) * (size_t)pT->nCol);
    for (int i = 0; i < pT->nCol; i++) {
        if (!copy_name_ok(aCol[i].zName)) {
            log_error("store: copy: column name %s.\"%s\" is not a plain "
                      "identifier",
                      pT->zName, aCol[i].zName);
            return ERR_INVALID;
        }
        pS->azCol[i] = aCol[i].zName;
        pS->abInt[i] = aCol[i].bInt;
        pS->abIdentity[i] = aCol[i].bIdentity;
    }
    /* The key's columns in key order (iPk counts from 1). */
    for (int k = 1; k <= pT->nCol; k++) {
        for (int i = 0; i < pT->nCol; i++) {
            if (aCol[i].iPk == k) {
                pS->aiKey[pS->nKey++] = i;
            }
        }
    }
    return OK;
}

/* True when 'a' and 'b' name the same columns with the same types and
   key; logs the first difference. */
static bool copy_shape_same(const CopyShape *a, const CopyShape *b)
{
    if (a->nCol != b->nCol) {
        log_error("store: copy: %s has %d columns in the source, %d in the "
                  "target",
                  a->zTable, a->nCol, b->nCol);
        return false;
    }
    for (int i = 0; i < a->nCol; i++) {
        if (strcmp(a->azCol[i], b->azCol[i]) != 0 ||
            a->abInt[i] != b->abInt[i]) {
            log_error("store: copy: %s.%s differs between source and target "
                      "(name or type)",
                      a->zTable, a->azCol[i]);
            return false;
        }
    }
    if (a->nKey != b->nKey ||
        memcmp(a->aiKey, b->aiKey, sizeof(int) * (size_t)a->nKey) != 0) {
        log_error("store: copy: %s has another primary key in the target",
                  a->zTable);
        return false;
    }
    return true;
}

/* ORDER BY term of column 'i' of 'pS' on backend 'b'. */
static void copy_order_term(Str *s, const StoreBackend *b, const CopyShape *pS,
                            int i)
{
    copy_name(s, pS->azCol[i]);
    if (!pS->abInt[i]) {
        str_append_z(s, b->zCollateBinary);
    }
}

/*
 * The SELECT that reads one batch of 'pS' on backend 'b': after the
 * key given by parameters when 'bAfter', else from the start; LIMIT is
 * the last parameter but one with no key (OFFSET last), else the last.
 */
static void copy_sql_select(Str *s, const StoreBackend *b, const CopyShape *pS,
                            bool bAfter)
{
    str_append_z(s, "SELECT ");
    for (int i = 0; i < pS->nCol; i++) {
        if (i > 0) {
            str_append_z(s, ", ");
        }
        copy_name(s, pS->azCol[i]);
    }
    str_append_z(s, " FROM ");
    copy_name(s, pS->zTable);
    if (bAfter) {
        str_append_z(s, " WHERE (");
        for (int k = 0; k < pS->nKey; k++) {
            if (k > 0) {
                str_append_z(s, ", ");
            }
            copy_order_term(s, b, pS, pS->aiKey[k]);
        }
        str_append_z(s, ") > (");
        for (int k = 0; k < pS->nKey; k++) {
            str_append_z(s, k > 0 ? ", ?" : "?");
        }
        str_append_z(s, ")");
    }
    str_append_z(s, " ORDER BY ");
    int nOrder = pS->nKey > 0 ? pS->nKey : pS->nCol;
    for (int k = 0; k < nOrder; k++) {
        if (k > 0) {
            str_append_z(s, ", ");
        }
        /* PostgreSQL puts NULLs last by default, SQLite first. */
        copy_order_term(s, b, pS, pS->nKey > 0 ? pS->aiKey[k] : k);
        str_append_z(s, " NULLS FIRST");
    }
    str_append_z(s, pS->nKey > 0 ? " LIMIT ?" : " LIMIT ? OFFSET ?");
}

/* A statement built in 's' on 'c' (store_stmt_new()). */
static int copy_stmt(StoreConn *c, Str *s, StoreStmt **ppStmt)
{
    int rc = store_stmt_new(c, s->z, ppStmt);
    str_clear(s);
    return rc;
}

/* Run 'zVerb' ("SELECT count(*) FROM", "DELETE FROM") on table 'zTable'
   of 'c'; the count, when there is one, into '*pn' (OUT, may be NULL). */
static int copy_simple(StoreConn *c, Arena *a, const char *zVerb,
                       const char *zTable, int64_t *pn)
{
    Str s;
    str_init(&s, a);
    str_append_z(&s, zVerb);
    str_append_char(&s, ' ');
    copy_name(&s, zTable);
    StoreStmt *st = NULL;
    int rc = copy_stmt(c, &s, &st);
    if (rc != OK) {
        return rc;
    }
    if (pn != NULL) {
        rc = store_step_int(st, pn);
    } else {
        rc = store_exec(st);
    }
    store_stmt_free(st);
    return rc;
}

/* ---------------------------------------------------------------------
 * Reading a table in key order, a batch at a time
 */

/* Called for each row read; return OK to go on. */
typedef int (*CopyRowFn)(void *pArg, StoreStmt *st);

/* A table being read. */
typedef struct CopyScan {
    const CopyShape *pS; /* what is read */
    int nBatch;          /* rows per batch */
    StoreStmt *stFirst;  /* the first batch (every batch with no key) */
    StoreStmt *stNext;   /* later batches: after the last key read */
    Str *aLast;          /* the last row's key values (pS->nKey) */
    int64_t nRead;       /* rows read so far */
} CopyScan;

static int copy_scan_open(CopyScan *p, StoreConn *c, const CopyShape *pS,
                          int nBatch, Arena *a)
{
    memset(p, 0, sizeof(*p));
    p->pS = pS;
    p->nBatch = nBatch;
    const StoreBackend *b = store_backend(c);
    Str s;
    str_init(&s, a);
    copy_sql_select(&s, b, pS, false);
    int rc = copy_stmt(c, &s, &p->stFirst);
    if (rc == OK && pS->nKey > 0) {
        copy_sql_select(&s, b, pS, true);
        rc = copy_stmt(c, &s, &p->stNext);
    }
    p->aLast = arena_alloc(a, sizeof(Str) * (size_t)(pS->nKey + 1));
    for (int k = 0; k < pS->nKey; k++) {
        str_init(&p->aLast[k], a);
    }
    return rc;
}

static void copy_scan_close(CopyScan *p)
{
    store_stmt_free(p->stFirst);
    store_stmt_free(p->stNext);
    p->stFirst = NULL;
    p->stNext = NULL;
}

/* Bind text 'z' ('n' bytes; NULL for NULL) to parameter 'i' of 'st' as
   column 'iCol' of 'pS' wants it. */
static void copy_bind(StoreStmt *st, int i, const CopyShape *pS, int iCol,
                      const char *z, size_t n)
{
    if (z == NULL) {
        store_bind_null(st, i);
    } else if (pS->abInt[iCol]) {
        store_bind_int(st, i, strtoll(z, NULL, 10));
    } else {
        store_bind_text(st, i, z, n);
    }
}

/*
 * Read the next batch of 'p', calling 'fnRow' on each row; '*pnRows'
 * (OUT) is how many were read (0: the table is done).  Return OK or
 * ERR_* (the first error of fnRow included).
 */
static int copy_scan_batch(CopyScan *p, CopyRowFn fnRow, void *pArg,
                           int *pnRows)
{
    const CopyShape *pS = p->pS;
    bool bAfter = pS->nKey > 0 && p->nRead > 0;
    StoreStmt *st = bAfter ? p->stNext : p->stFirst;
    const StoreBackend *b = store_backend(st->pConn);
    b->reset(st);
    int iParam = 1;
    if (bAfter) {
        for (int k = 0; k < pS->nKey; k++) {
            copy_bind(st, iParam++, pS, pS->aiKey[k], p->aLast[k].z,
                      p->aLast[k].n);
        }
    }
    store_bind_int(st, iParam++, p->nBatch);
    if (pS->nKey == 0) {
        store_bind_int(st, iParam++, p->nRead);
    }
    int n = 0;
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        rc = fnRow(pArg, st);
        if (rc != OK) {
            break;
        }
        for (int k = 0; k < pS->nKey; k++) {
            size_t nValue = 0;
            const char *z = b->col_text(st, pS->aiKey[k], &nValue);
            str_clear(&p->aLast[k]);
            str_append(&p->aLast[k], z ? z : "", nValue);
        }
        n++;
    }
    /* End the read on this statement (SQLite keeps it open otherwise). */
    b->reset(st);
    if (rc < 0) {
        return rc;
    }
    p->nRead += n;
    *pnRows = n;
    return OK;
}

/* ---------------------------------------------------------------------
 * Checksums
 */

/* Feed the current row of 'st' ('nCol' columns) to 'h' (copy.h says
   how each value is written). */
static void copy_hash_row(XXH3_state_t *h, StoreStmt *st, int nCol)
{
    const StoreBackend *b = store_backend(st->pConn);
    for (int i = 0; i < nCol; i++) {
        size_t n = 0;
        const char *z = b->col_text(st, i, &n);
        unsigned char aHead[9];
        if (z == NULL) {
            aHead[0] = 0;
            XXH3_64bits_update(h, aHead, 1);
            continue;
        }
        aHead[0] = 1;
        for (int k = 0; k < 8; k++) {
            aHead[1 + k] = (unsigned char)((uint64_t)n >> (8 * k));
        }
        XXH3_64bits_update(h, aHead, sizeof(aHead));
        XXH3_64bits_update(h, z, n);
    }
}

/* What copy_hash_only() needs. */
typedef struct CopyHashCtx {
    XXH3_state_t *h; /* the sum so far */
    int nCol;        /* columns per row */
} CopyHashCtx;

static int copy_hash_only(void *pArg, StoreStmt *st)
{
    CopyHashCtx *x = pArg;
    copy_hash_row(x->h, st, x->nCol);
    return OK;
}

/* Sum table 'pS' on 'c' (inside a read snapshot): '*pnRows', '*pHash'
   (OUT).  'fnProgress' may be NULL. */
static int copy_checksum(StoreConn *c, const CopyShape *pS, int nBatch,
                         int64_t nTotal, StoreCopyProgress fnProgress,
                         void *pArg, Arena *a, int64_t *pnRows, uint64_t *pHash)
{
    CopyScan scan;
    int rc = copy_scan_open(&scan, c, pS, nBatch, a);
    XXH3_state_t *h = XXH3_createState();
    if (h == NULL) {
        copy_scan_close(&scan);
        return ERR_NOMEM;
    }
    XXH3_64bits_reset(h);
    CopyHashCtx x = {h, pS->nCol};
    int n = 1;
    while (rc == OK && n > 0) {
        rc = copy_scan_batch(&scan, copy_hash_only, &x, &n);
        if (rc == OK && n > 0 && fnProgress != NULL) {
            fnProgress(pArg, pS->zTable, scan.nRead, nTotal, true);
        }
    }
    *pnRows = scan.nRead;
    *pHash = XXH3_64bits_digest(h);
    XXH3_freeState(h);
    copy_scan_close(&scan);
    return rc;
}

/* ---------------------------------------------------------------------
 * Copying
 */

/* What copy_row() needs. */
typedef struct CopyRowCtx {
    const CopyShape *pS; /* the table */
    StoreStmt *stInsert; /* INSERT of one row on the target */
    XXH3_state_t *h;     /* the source's sum so far */
    const bool *abIdent; /* identity columns on the target */
    int64_t *aMax;       /* the largest value seen in each */
} CopyRowCtx;

/* Sum the source row of 'st' and write it to the target. */
static int copy_row(void *pArg, StoreStmt *st)
{
    CopyRowCtx *x = pArg;
    const CopyShape *pS = x->pS;
    const StoreBackend *b = store_backend(st->pConn);
    copy_hash_row(x->h, st, pS->nCol);
    StoreStmt *ins = x->stInsert;
    store_backend(ins->pConn)->reset(ins);
    for (int i = 0; i < pS->nCol; i++) {
        size_t n = 0;
        const char *z = b->col_text(st, i, &n);
        copy_bind(ins, i + 1, pS, i, z, n);
        if (z != NULL && x->abIdent[i]) {
            int64_t v = strtoll(z, NULL, 10);
            if (v > x->aMax[i]) {
                x->aMax[i] = v;
            }
        }
    }
    int rc = store_exec(ins);
    if (rc != OK) {
        log_error("store: copy: writing a row of %s failed (%d)", pS->zTable,
                  rc);
    }
    return rc;
}

/* Copy table 'pS' from 'cFrom' to 'cTo' (whose identity columns are
   'abIdent'), filling 'pOut's source side. */
static int copy_table(StoreConn *cFrom, StoreConn *cTo, const CopyShape *pS,
                      const bool *abIdent, int nBatch,
                      StoreCopyProgress fnProgress, void *pArg, Arena *a,
                      StoreCopyTable *pOut)
{
    int64_t nTotal = 0;
    int rc = copy_simple(cFrom, a, "SELECT count(*) FROM", pS->zTable, &nTotal);
    if (rc != OK) {
        return rc;
    }
    Str s;
    str_init(&s, a);
    str_append_z(&s, "INSERT INTO ");
    copy_name(&s, pS->zTable);
    str_append_char(&s, '(');
    for (int i = 0; i < pS->nCol; i++) {
        if (i > 0) {
            str_append_z(&s, ", ");
        }
        copy_name(&s, pS->azCol[i]);
    }
    str_append_z(&s, ") VALUES (");
    for (int i = 0; i < pS->nCol; i++) {
        str_append_z(&s, i > 0 ? ", ?" : "?");
    }
    str_append_char(&s, ')');
    CopyRowCtx x = {pS, NULL, NULL, abIdent, NULL};
    rc = copy_stmt(cTo, &s, &x.stInsert);
    if (rc != OK) {
        return rc;
    }
    x.aMax = arena_alloc(a, sizeof(int64_t) * (size_t)pS->nCol);
    memset(x.aMax, 0, sizeof(int64_t) * (size_t)pS->nCol);
    x.h = XXH3_createState();
    if (x.h == NULL) {
        store_stmt_free(x.stInsert);
        return ERR_NOMEM;
    }
    XXH3_64bits_reset(x.h);
    CopyScan scan;
    rc = copy_scan_open(&scan, cFrom, pS, nBatch, a);
    int n = 1;
    while (rc == OK && n > 0) {
        rc = store_begin(cTo);
        if (rc == OK) {
            rc = copy_scan_batch(&scan, copy_row, &x, &n);
        }
        if (rc == OK) {
            rc = store_commit(cTo);
        }
        if (rc != OK) {
            store_rollback(cTo);
        } else if (n > 0 && fnProgress != NULL) {
            fnProgress(pArg, pS->zTable, scan.nRead, nTotal, false);
        }
    }
    /* An identity column hands out ids past the largest one copied. */
    for (int i = 0; rc == OK && i < pS->nCol; i++) {
        if (abIdent[i]) {
            rc = store_backend(cTo)->identity_set(cTo, pS->zTable, pS->azCol[i],
                                                  x.aMax[i] + 1);
        }
    }
    pOut->nSource = scan.nRead;
    pOut->hSource = XXH3_64bits_digest(x.h);
    XXH3_freeState(x.h);
    copy_scan_close(&scan);
    store_stmt_free(x.stInsert);
    return rc;
}

/* ---------------------------------------------------------------------
 * Planning
 */

/* Index of table 'zName' in 'aT', or -1. */
static int copy_find(const StoreTable *aT, int n, const char *zName)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(aT[i].zName, zName) == 0) {
            return i;
        }
    }
    return -1;
}

/*
 * Order the 'n' tables of 'aT' so that each comes after every table its
 * foreign keys name (a table naming itself is fine: rows go in key
 * order).  Set 'aiOrder' (OUT, n indexes).  Return OK, or ERR_INVALID
 * (logged) for a cycle.
 */
static int copy_order(const StoreTable *aT, int n, int *aiOrder, Arena *a)
{
    bool *abPlaced = arena_alloc(a, sizeof(bool) * (size_t)(n + 1));
    memset(abPlaced, 0, sizeof(bool) * (size_t)(n + 1));
    for (int nPlaced = 0; nPlaced < n;) {
        int iNext = -1;
        for (int i = 0; i < n && iNext < 0; i++) {
            if (abPlaced[i]) {
                continue;
            }
            bool bReady = true;
            for (int p = 0; p < aT[i].nParent; p++) {
                int j = copy_find(aT, n, aT[i].azParent[p]);
                if (j >= 0 && j != i && !abPlaced[j]) {
                    bReady = false;
                }
            }
            if (bReady) {
                iNext = i;
            }
        }
        if (iNext < 0) {
            log_error("store: copy: the tables' foreign keys form a cycle");
            return ERR_INVALID;
        }
        abPlaced[iNext] = true;
        aiOrder[nPlaced++] = iNext;
    }
    return OK;
}

int store_is_empty(Store *s, bool *pbEmpty)
{
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    StoreTable *aT = NULL;
    int n = 0;
    int rc = store_conn(s, &a, &c);
    if (rc == OK) {
        rc = store_backend(c)->tables(c, &a, &aT, &n);
    }
    bool bEmpty = true;
    for (int i = 0; rc == OK && i < n && bEmpty; i++) {
        if (!copy_name_ok(aT[i].zName)) {
            bEmpty = false;
            break;
        }
        int64_t nRows = 0;
        rc = copy_simple(c, &a, "SELECT count(*) FROM", aT[i].zName, &nRows);
        bEmpty = nRows == 0;
    }
    arena_close(&a);
    if (rc == OK) {
        *pbEmpty = bEmpty;
    }
    return rc;
}

int store_checksum(Store *s, const char *zTable, int64_t *pnRows,
                   uint64_t *pHash)
{
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    StoreTable *aT = NULL;
    int n = 0;
    int rc = store_conn(s, &a, &c);
    if (rc == OK) {
        rc = store_backend(c)->tables(c, &a, &aT, &n);
    }
    int i = rc == OK ? copy_find(aT, n, zTable) : -1;
    if (rc == OK && i < 0) {
        rc = ERR_NOTFOUND;
    }
    CopyShape shape;
    if (rc == OK) {
        rc = copy_shape(&aT[i], &a, &shape);
    }
    if (rc == OK) {
        rc = store_backend(c)->begin_read(c);
    }
    if (rc == OK) {
        c->nTxn = 1;
        rc = copy_checksum(c, &shape, 1000, 0, NULL, NULL, &a, pnRows, pHash);
        store_rollback(c);
    }
    arena_close(&a);
    return rc;
}

/* store_copy() with its connections and scratch in 'a', the report in
   'aOut'. */
static int copy_run(Store *pFrom, Store *pTo, int nBatch,
                    StoreCopyProgress fnProgress, void *pArg, Arena *a,
                    Arena *aOut, StoreCopyReport *pReport)
{
    StoreConn *cFrom = NULL;
    StoreConn *cTo = NULL;
    StoreTable *aFrom = NULL;
    StoreTable *aTo = NULL;
    int nFrom = 0;
    int nTo = 0;
    int rc = store_conn(pFrom, a, &cFrom);
    if (rc == OK) {
        rc = store_conn(pTo, a, &cTo);
    }
    if (rc == OK && store_schema_version(cFrom) != store_schema_version(cTo)) {
        log_error("store: copy: the source is at schema %d, the target at %d",
                  store_schema_version(cFrom), store_schema_version(cTo));
        rc = ERR_INVALID;
    }
    /* The snapshot first: the catalog read next is the snapshot's. */
    if (rc == OK) {
        rc = store_backend(cFrom)->begin_read(cFrom);
        if (rc == OK) {
            cFrom->nTxn = 1;
        }
    }
    if (rc == OK) {
        rc = store_backend(cFrom)->tables(cFrom, a, &aFrom, &nFrom);
    }
    if (rc == OK) {
        rc = store_backend(cTo)->tables(cTo, a, &aTo, &nTo);
    }
    if (rc != OK) {
        return rc;
    }
    /* Both sides must have the same tables, columns and keys. */
    CopyShape *aShape = arena_alloc(a, sizeof(CopyShape) * (size_t)(nFrom + 1));
    CopyShape *aShapeTo =
        arena_alloc(a, sizeof(CopyShape) * (size_t)(nFrom + 1));
    for (int i = 0; i < nTo; i++) {
        if (copy_find(aFrom, nFrom, aTo[i].zName) < 0) {
            log_error("store: copy: table %s is in the target only",
                      aTo[i].zName);
            return ERR_INVALID;
        }
    }
    for (int i = 0; i < nFrom; i++) {
        int j = copy_find(aTo, nTo, aFrom[i].zName);
        if (j < 0) {
            log_error("store: copy: table %s is in the source only",
                      aFrom[i].zName);
            return ERR_INVALID;
        }
        rc = copy_shape(&aFrom[i], a, &aShape[i]);
        if (rc == OK) {
            rc = copy_shape(&aTo[j], a, &aShapeTo[i]);
        }
        if (rc != OK) {
            return rc;
        }
        if (!copy_shape_same(&aShape[i], &aShapeTo[i])) {
            return ERR_INVALID;
        }
    }
    int *aiOrder = arena_alloc(a, sizeof(int) * (size_t)(nFrom + 1));
    rc = copy_order(aFrom, nFrom, aiOrder, a);
    if (rc != OK) {
        return rc;
    }
    /* SQLite checks references per statement: once at the end instead,
       as a migration does (PostgreSQL keeps checking; parents go first
       and rows in key order, so a reply follows what it answers). */
    rc = store_migration_fk(cTo, false);
    /* Rows the target's migrations wrote give way to the source's. */
    if (rc == OK) {
        rc = store_begin(cTo);
    }
    for (int k = nFrom - 1; rc == OK && k >= 0; k--) {
        rc =
            copy_simple(cTo, a, "DELETE FROM", aShape[aiOrder[k]].zTable, NULL);
    }
    if (rc == OK) {
        rc = store_commit(cTo);
    }
    if (rc != OK) {
        store_rollback(cTo);
        return rc;
    }
    pReport->aTable =
        arena_alloc(aOut, sizeof(StoreCopyTable) * (size_t)(nFrom + 1));
    pReport->nTable = 0;
    for (int k = 0; rc == OK && k < nFrom; k++) {
        int i = aiOrder[k];
        StoreCopyTable *pOut = &pReport->aTable[pReport->nTable++];
        memset(pOut, 0, sizeof(*pOut));
        rc = copy_table(cFrom, cTo, &aShape[i], aShapeTo[i].abIdentity, nBatch,
                        fnProgress, pArg, a, pOut);
        pOut->zName = arena_strdup(aOut, aShape[i].zTable);
    }
    if (rc == OK) {
        rc = store_migration_fk_check(cTo);
    }
    int rcFk = store_migration_fk(cTo, true);
    if (rc == OK) {
        rc = rcFk;
    }
    store_rollback(cFrom);
    if (rc != OK) {
        return rc;
    }
    /* Read every table back from the target and compare. */
    if (store_backend(cTo)->begin_read(cTo) == OK) {
        cTo->nTxn = 1;
    } else {
        return ERR_DB;
    }
    int nBad = 0;
    for (int k = 0; rc == OK && k < pReport->nTable; k++) {
        StoreCopyTable *pOut = &pReport->aTable[k];
        rc = copy_checksum(cTo, &aShape[aiOrder[k]], nBatch, pOut->nSource,
                           fnProgress, pArg, a, &pOut->nTarget, &pOut->hTarget);
        if (rc == OK && (pOut->nTarget != pOut->nSource ||
                         pOut->hTarget != pOut->hSource)) {
            log_error("store: copy: %s differs: %lld rows, checksum %016llx "
                      "in the source; %lld rows, %016llx in the target",
                      pOut->zName, (long long)pOut->nSource,
                      (unsigned long long)pOut->hSource,
                      (long long)pOut->nTarget,
                      (unsigned long long)pOut->hTarget);
            nBad++;
        }
    }
    store_rollback(cTo);
    if (rc == OK && nBad > 0) {
        rc = ERR_CONSTRAINT;
    }
    /* The planner's statistics for the rows just written. */
    if (rc == OK) {
        rc = store_analyze(cTo);
    }
    return rc;
}

int store_copy(Store *pFrom, Store *pTo, int nBatch,
               StoreCopyProgress fnProgress, void *pArg, Arena *a,
               StoreCopyReport *pReport)
{
    /* Connections go back to their pools before this returns. */
    Arena aWork;
    arena_init(&aWork);
    pReport->aTable = NULL;
    pReport->nTable = 0;
    int rc = copy_run(pFrom, pTo, nBatch, fnProgress, pArg, &aWork, a, pReport);
    arena_close(&aWork);
    return rc;
}
