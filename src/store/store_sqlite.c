/*
 * store_sqlite.c — the SQLite backend of store.h (store_internal.h).
 *
 * Each connection is one sqlite3 handle in WAL mode with synchronous=
 * NORMAL, foreign keys on and a busy timeout; statements are prepared
 * once per connection (SQLITE_PREPARE_PERSISTENT) and reused, and a
 * literal holding more than one statement is refused.  store.c does the
 * pooling and caching.
 */
#include "store/store_internal.h"

#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"

/* Milliseconds SQLite waits on a lock before answering busy. */
#define STORE_BUSY_MS 5000

/* The handle of connection 'c' and of statement 'st'. */
#define SQ_DB(c) ((sqlite3 *)(c)->pB)
#define SQ_ST(st) ((sqlite3_stmt *)(st)->pB)

static int sq_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
        return OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ERR_BUSY;
    case SQLITE_CONSTRAINT:
        return ERR_CONSTRAINT;
    case SQLITE_NOMEM:
        return ERR_NOMEM;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
        return ERR_IO;
    default:
        return ERR_DB;
    }
}

static int sq_exec_plain(sqlite3 *db, const char *zSql)
{
    char *zErr = NULL;
    int rc = sqlite3_exec(db, zSql, NULL, NULL, &zErr);
    if (rc != SQLITE_OK) {
        log_error("store: %s: %s", zSql, zErr ? zErr : sqlite3_errstr(rc));
        sqlite3_free(zErr);
        return sq_rc(rc);
    }
    return OK;
}

static int sq_conn_open(Store *s, StoreConn *c)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(
        s->zUrl, &db,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        log_error("store: cannot open %s: %s", s->zUrl,
                  db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return sq_rc(rc) == ERR_DB ? ERR_IO : sq_rc(rc);
    }
    sqlite3_busy_timeout(db, STORE_BUSY_MS);
    sqlite3_extended_result_codes(db, 1);
    rc = sq_exec_plain(db, "PRAGMA journal_mode=WAL");
    if (rc == OK) {
        rc = sq_exec_plain(db, "PRAGMA synchronous=NORMAL");
    }
    if (rc == OK) {
        rc = sq_exec_plain(db, "PRAGMA foreign_keys=ON");
    }
    if (rc != OK) {
        sqlite3_close(db);
        return rc;
    }
    c->pB = db;
    return OK;
}

static void sq_conn_close(StoreConn *c)
{
    sqlite3_close(SQ_DB(c));
    c->pB = NULL;
}

static bool sq_conn_broken(StoreConn *c)
{
    (void)c;
    return false;
}

static bool sq_conn_alive(StoreConn *c)
{
    (void)c;
    return true;
}

static int sq_prepare(StoreStmt *st)
{
    sqlite3 *db = SQ_DB(st->pConn);
    const char *zTail = NULL;
    sqlite3_stmt *p = NULL;
    int rc = sqlite3_prepare_v3(db, st->zSql, -1, SQLITE_PREPARE_PERSISTENT, &p,
                                &zTail);
    if (rc != SQLITE_OK) {
        log_error("store: prepare failed: %s: %s", sqlite3_errmsg(db),
                  st->zSql);
        return sq_rc(rc);
    }
    /* One statement per literal: refuse anything after it. */
    while (zTail && (*zTail == ' ' || *zTail == '\n' || *zTail == '\t' ||
                     *zTail == ';')) {
        zTail++;
    }
    if (zTail && *zTail != 0) {
        log_error("store: more than one statement in: %s", st->zSql);
        sqlite3_finalize(p);
        return ERR_DB;
    }
    st->pB = p;
    return OK;
}

static void sq_finalize(StoreStmt *st)
{
    sqlite3_finalize(SQ_ST(st));
    st->pB = NULL;
}

static void sq_reset(StoreStmt *st)
{
    sqlite3_reset(SQ_ST(st));
    sqlite3_clear_bindings(SQ_ST(st));
}

static void sq_bind_text(StoreStmt *st, int i, const char *z, size_t n)
{
    sqlite3_bind_text(SQ_ST(st), i, z, (int)n, SQLITE_TRANSIENT);
}

static void sq_bind_int(StoreStmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(SQ_ST(st), i, v);
}

static void sq_bind_null(StoreStmt *st, int i)
{
    sqlite3_bind_null(SQ_ST(st), i);
}

static int sq_step(StoreStmt *st)
{
    int rc = sqlite3_step(SQ_ST(st));
    if (rc == SQLITE_ROW) {
        return STORE_ROW;
    }
    if (rc == SQLITE_DONE) {
        return STORE_DONE;
    }
    int err = sq_rc(rc);
    if (err != ERR_CONSTRAINT) {
        log_error("store: %s: %s", sqlite3_errmsg(SQ_DB(st->pConn)), st->zSql);
    }
    sqlite3_reset(SQ_ST(st));
    return err;
}

static const char *sq_col_text(StoreStmt *st, int i, size_t *pn)
{
    const unsigned char *z = sqlite3_column_text(SQ_ST(st), i);
    *pn = (size_t)sqlite3_column_bytes(SQ_ST(st), i);
    return (const char *)z;
}

static int64_t sq_col_int(StoreStmt *st, int i)
{
    return sqlite3_column_int64(SQ_ST(st), i);
}

static bool sq_col_null(StoreStmt *st, int i)
{
    return sqlite3_column_type(SQ_ST(st), i) == SQLITE_NULL;
}

static int64_t sq_last_id(StoreConn *c)
{
    return sqlite3_last_insert_rowid(SQ_DB(c));
}

static int sq_changes(StoreConn *c)
{
    return sqlite3_changes(SQ_DB(c));
}

static int sq_exec(StoreConn *c, const char *zSql)
{
    return sq_exec_plain(SQ_DB(c), zSql);
}

static int sq_begin(StoreConn *c)
{
    return sq_exec_plain(SQ_DB(c), "BEGIN IMMEDIATE");
}

static int sq_commit(StoreConn *c)
{
    return sq_exec_plain(SQ_DB(c), "COMMIT");
}

static void sq_rollback(StoreConn *c)
{
    if (c->nTxn > 0 || !sqlite3_get_autocommit(SQ_DB(c))) {
        sqlite3_exec(SQ_DB(c), "ROLLBACK", NULL, NULL, NULL);
    }
}

static int sq_fk(StoreConn *c, bool bOn)
{
    return sq_exec_plain(SQ_DB(c), bOn ? "PRAGMA foreign_keys=ON"
                                       : "PRAGMA foreign_keys=OFF");
}

static int sq_fk_check(StoreConn *c)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "PRAGMA foreign_key_check", &st);
    if (rc != OK) {
        return rc;
    }
    rc = store_step(st);
    if (rc == STORE_ROW) {
        log_error("store: a migration left a dangling reference in %s",
                  sqlite3_column_text(SQ_ST(st), 0));
        rc = ERR_CONSTRAINT;
    }
    return rc < 0 ? rc : OK;
}

static int sq_quick_check(StoreConn *c, Arena *a)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "PRAGMA quick_check(5)", &st);
    int nBad = 0;
    while (rc == OK && (rc = store_step(st)) == STORE_ROW) {
        const char *z = store_col_text(st, 0, a);
        if (strcmp(z, "ok") != 0) {
            log_error("store: %s is damaged: %s", c->pStore->zUrl, z);
            nBad++;
        }
        rc = OK;
    }
    if (rc == STORE_DONE) {
        rc = OK;
    }
    if (rc != OK) {
        log_error("store: %s could not be checked (%d)", c->pStore->zUrl, rc);
        return rc;
    }
    return nBad == 0 ? OK : ERR_DB;
}

static int sq_wal_position(StoreConn *c, int64_t *pnPos, bool *pbStandby)
{
    /* A file has no standby to compare with (store.c set the zeros). */
    (void)c;
    (void)pnPos;
    (void)pbStandby;
    return OK;
}

static int64_t sq_free_bytes(Store *s)
{
    char zDir[4096];
    snprintf(zDir, sizeof(zDir), "%s", s->zUrl);
    struct statvfs vfs;
    if (statvfs(dirname(zDir), &vfs) != 0) {
        return -1;
    }
    return (int64_t)vfs.f_bavail * (int64_t)vfs.f_frsize;
}

static int sq_backup(Store *s, const char *zPath)
{
    /* A backup never lands on an existing file (it could be a database). */
    if (access(zPath, F_OK) == 0) {
        log_error("store: %s already exists; a backup goes to a new file",
                  zPath);
        return ERR_INVALID;
    }
    sqlite3 *pDest = NULL;
    int rc = sqlite3_open_v2(zPath, &pDest,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        log_error("store: cannot create %s: %s", zPath,
                  pDest ? sqlite3_errmsg(pDest) : sqlite3_errstr(rc));
        sqlite3_close(pDest);
        return ERR_IO;
    }
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    int err = store_conn(s, &a, &c);
    if (err == OK) {
        /* All pages in one step: one read transaction, so the copy is
           the database as of one moment, while writers go on appending
           to the WAL (a step of fewer pages would restart whenever
           another connection wrote in between). */
        sqlite3_backup *b =
            sqlite3_backup_init(pDest, "main", SQ_DB(c), "main");
        if (b == NULL) {
            log_error("store: backup to %s: %s", zPath, sqlite3_errmsg(pDest));
            err = ERR_IO;
        } else {
            rc = sqlite3_backup_step(b, -1);
            sqlite3_backup_finish(b);
            err = rc == SQLITE_DONE ? OK : sq_rc(rc);
            if (err != OK) {
                log_error("store: backup to %s: %s", zPath, sqlite3_errstr(rc));
            }
        }
    }
    arena_close(&a);
    /* The copy says WAL, like its source.  A backup is one file, opened
       read-only when it is checked and restored: in rollback mode it
       needs no -wal and -shm beside it. */
    if (err == OK) {
        err = sq_exec_plain(pDest, "PRAGMA journal_mode=DELETE");
    }
    if (sqlite3_close(pDest) != SQLITE_OK && err == OK) {
        err = ERR_IO;
    }
    return err;
}

/* Text of column 'i' of 'p' copied into 'a' ("" for NULL). */
static char *sq_text(sqlite3_stmt *p, int i, Arena *a)
{
    const char *z = (const char *)sqlite3_column_text(p, i);
    return arena_strdup(a, z ? z : "");
}

/* The columns and parents of table 'pT' (its name set) on 'c'. */
static int sq_table_describe(StoreConn *c, Arena *a, StoreTable *pT)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT name, type, pk FROM pragma_table_info(?)"
                           " ORDER BY cid",
                           &st);
    int nAlloc = 8;
    pT->aCol = arena_alloc(a, sizeof(StoreColumn) * (size_t)nAlloc);
    store_bind_z(st, 1, pT->zName);
    while (rc == OK && (rc = store_step(st)) == STORE_ROW) {
        pT->aCol =
            arena_grow(a, pT->aCol, pT->nCol, &nAlloc, sizeof(*pT->aCol));
        StoreColumn *col = &pT->aCol[pT->nCol++];
        col->zName = sq_text(SQ_ST(st), 0, a);
        const char *zType = sq_text(SQ_ST(st), 1, a);
        col->iPk = sqlite3_column_int(SQ_ST(st), 2);
        /* SQLite's affinity rules: a declared type holding INT is an
           integer; the schema uses INTEGER and TEXT only. */
        if (strcmp(zType, "INTEGER") == 0) {
            col->bInt = true;
        } else if (strcmp(zType, "TEXT") != 0) {
            log_error("store: %s.%s has type %s; only INTEGER and TEXT "
                      "columns can be copied",
                      pT->zName, col->zName, zType);
            return ERR_INVALID;
        }
        rc = OK;
    }
    if (rc != STORE_DONE) {
        return rc < 0 ? rc : ERR_DB;
    }
    rc = store_prepare(c,
                       "SELECT DISTINCT \"table\" FROM"
                       " pragma_foreign_key_list(?) ORDER BY 1",
                       &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, pT->zName);
    pT->azParent = arena_alloc(a, sizeof(char *) * (size_t)pT->nCol);
    while ((rc = store_step(st)) == STORE_ROW) {
        if (pT->nParent < pT->nCol) {
            pT->azParent[pT->nParent++] = sq_text(SQ_ST(st), 0, a);
        }
    }
    return rc == STORE_DONE ? OK : rc;
}

static int sq_tables(StoreConn *c, Arena *a, StoreTable **paTable, int *pn)
{
    StoreStmt *st = NULL;
    /* The store's own tables are made by store_open() everywhere. */
    int rc = store_prepare(c,
                           "SELECT name FROM sqlite_master WHERE type = 'table'"
                           " AND substr(name, 1, 7) <> 'sqlite_'"
                           " AND name NOT IN ('schema_migrations',"
                           " 'store_health') ORDER BY name",
                           &st);
    if (rc != OK) {
        return rc;
    }
    int nAlloc = 16, n = 0;
    StoreTable *aTable = arena_alloc(a, sizeof(StoreTable) * (size_t)nAlloc);
    while ((rc = store_step(st)) == STORE_ROW) {
        aTable = arena_grow(a, aTable, n, &nAlloc, sizeof(*aTable));
        aTable[n++].zName = sq_text(SQ_ST(st), 0, a);
    }
    if (rc != STORE_DONE) {
        return rc < 0 ? rc : ERR_DB;
    }
    for (int i = 0; i < n; i++) {
        rc = sq_table_describe(c, a, &aTable[i]);
        if (rc != OK) {
            return rc;
        }
    }
    *paTable = aTable;
    *pn = n;
    return OK;
}

static int sq_begin_read(StoreConn *c)
{
    /* A deferred transaction takes its snapshot at its first read: read
       now, so the snapshot is the moment this returns. */
    int rc = sq_exec_plain(SQ_DB(c), "BEGIN");
    if (rc == OK) {
        rc = sq_exec_plain(SQ_DB(c), "SELECT count(*) FROM sqlite_master");
        if (rc != OK) {
            sq_exec_plain(SQ_DB(c), "ROLLBACK");
        }
    }
    return rc;
}

static int sq_identity_set(StoreConn *c, const char *zTable,
                           const char *zColumn, int64_t nNext)
{
    /* A rowid follows the largest id in the table by itself. */
    (void)c;
    (void)zTable;
    (void)zColumn;
    (void)nNext;
    return OK;
}

/* Run 'zSql' on 'db', expecting one row; its first column as text into
   'zOut' (n bytes).  Return a SQLite result code. */
static int sq_one_text(sqlite3 *db, const char *zSql, char *zOut, size_t n)
{
    sqlite3_stmt *p = NULL;
    int rc = sqlite3_prepare_v2(db, zSql, -1, &p, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(p);
        if (rc == SQLITE_ROW) {
            const char *z = (const char *)sqlite3_column_text(p, 0);
            snprintf(zOut, n, "%s", z ? z : "");
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_ERROR;
        }
    }
    sqlite3_finalize(p);
    return rc;
}

static int sq_file_check(const char *zFile, int *pnVersion)
{
    if (access(zFile, R_OK) != 0) {
        log_error("store: cannot read %s", zFile);
        return ERR_NOTFOUND;
    }
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(zFile, &db, SQLITE_OPEN_READONLY, NULL);
    char z[256] = "";
    if (rc == SQLITE_OK) {
        rc = sq_one_text(db, "PRAGMA quick_check(1)", z, sizeof(z));
    }
    if (rc != SQLITE_OK) {
        log_error("store: %s is not a readable SQLite database: %s", zFile,
                  db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return ERR_INVALID;
    }
    if (strcmp(z, "ok") != 0) {
        log_error("store: %s is damaged: %s", zFile, z);
        sqlite3_close(db);
        return ERR_INVALID;
    }
    rc = sq_one_text(db, "SELECT max(version) FROM schema_migrations", z,
                     sizeof(z));
    sqlite3_close(db);
    if (rc != SQLITE_OK || z[0] == 0) {
        log_error("store: %s holds no sinmun site (no schema_migrations)",
                  zFile);
        return ERR_INVALID;
    }
    *pnVersion = atoi(z);
    return OK;
}

static int sq_restore(const char *zUrl, const char *zFile, bool bForce)
{
    sqlite3 *pDest = NULL;
    sqlite3 *pSrc = NULL;
    int rc = sqlite3_open_v2(zUrl, &pDest,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_open_v2(zFile, &pSrc, SQLITE_OPEN_READONLY, NULL);
    }
    if (rc != SQLITE_OK) {
        log_error("store: cannot open %s or %s: %s", zUrl, zFile,
                  sqlite3_errstr(rc));
        sqlite3_close(pSrc);
        sqlite3_close(pDest);
        return ERR_IO;
    }
    int err = OK;
    if (!bForce) {
        /* Exclusive locking mode holds the file's lock until close: an
           open server (whose connections keep a shared lock) makes this
           fail at once, and none can start until the restore is done. */
        sqlite3_busy_timeout(pDest, 0);
        err = sq_exec_plain(pDest, "PRAGMA locking_mode=EXCLUSIVE");
        if (err == OK && sqlite3_exec(pDest, "BEGIN EXCLUSIVE", NULL, NULL,
                                      NULL) != SQLITE_OK) {
            log_error("store: %s is in use (a running sinmun serve?); stop "
                      "it first, or restore with --force",
                      zUrl);
            err = ERR_BUSY;
        }
        char z[32] = "";
        if (err == OK &&
            sq_one_text(pDest, "SELECT count(*) FROM sqlite_master", z,
                        sizeof(z)) != SQLITE_OK) {
            err = ERR_DB;
        }
        if (err == OK && atoi(z) > 0) {
            log_error("store: %s already holds a database; restore over it "
                      "with --force",
                      zUrl);
            err = ERR_CONSTRAINT;
        }
        sqlite3_exec(pDest, "ROLLBACK", NULL, NULL, NULL);
    } else {
        sqlite3_busy_timeout(pDest, STORE_BUSY_MS);
    }
    if (err == OK) {
        sqlite3_backup *b = sqlite3_backup_init(pDest, "main", pSrc, "main");
        if (b == NULL) {
            log_error("store: restore into %s: %s", zUrl,
                      sqlite3_errmsg(pDest));
            err = ERR_IO;
        } else {
            rc = sqlite3_backup_step(b, -1);
            sqlite3_backup_finish(b);
            if (rc != SQLITE_DONE) {
                log_error("store: restore into %s: %s", zUrl,
                          sqlite3_errstr(rc));
                err = sq_rc(rc);
            }
        }
    }
    /* The copy brings the backup's journal mode; every connection of the
       program sets WAL again when it opens. */
    sqlite3_close(pSrc);
    if (sqlite3_close(pDest) != SQLITE_OK && err == OK) {
        err = ERR_IO;
    }
    return err;
}

/* SQLite has no notifications: every process looks on a timer. */
static int sq_notify(StoreConn *c)
{
    (void)c;
    return OK;
}

static int sq_listen_open(Store *s, void **ppB)
{
    (void)s;
    *ppB = NULL;
    return OK;
}

static int sq_listen_wait(void *pB, int nTimeoutMs, bool *pbWoken)
{
    (void)pB;
    *pbWoken = false;
    struct timespec ts = {nTimeoutMs / 1000,
                          (long)(nTimeoutMs % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    return OK;
}

static void sq_listen_close(void *pB)
{
    (void)pB;
}

const StoreBackend g_storeSqlite = {
    .zName = "sqlite",
    .conn_open = sq_conn_open,
    .conn_close = sq_conn_close,
    .conn_broken = sq_conn_broken,
    .conn_alive = sq_conn_alive,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .reset = sq_reset,
    .bind_text = sq_bind_text,
    .bind_int = sq_bind_int,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_text = sq_col_text,
    .col_int = sq_col_int,
    .col_null = sq_col_null,
    .last_id = sq_last_id,
    .changes = sq_changes,
    .exec = sq_exec,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .fk = sq_fk,
    .fk_check = sq_fk_check,
    .quick_check = sq_quick_check,
    .wal_position = sq_wal_position,
    .free_bytes = sq_free_bytes,
    .backup = sq_backup,
    .notify = sq_notify,
    .listen_open = sq_listen_open,
    .listen_wait = sq_listen_wait,
    .listen_close = sq_listen_close,
    .tables = sq_tables,
    .begin_read = sq_begin_read,
    .identity_set = sq_identity_set,
    .zAnalyze = NULL, /* plans without sqlite_stat1 */
    .zCollateBinary = " COLLATE BINARY",
    .file_check = sq_file_check,
    .restore = sq_restore,
};
