/*
 * store_sqlite.c — the SQLite backend of store.h.
 *
 * Each StoreConn is one sqlite3 handle in WAL mode with synchronous=NORMAL,
 * foreign keys on and a busy timeout, plus a cache of prepared statements
 * keyed by the address of their SQL literal (literals have stable
 * addresses, so the pointer is the identity).  A small pool hands
 * connections to requests and takes them back when the request's arena
 * closes.  Migrations run once in store_open() on the first connection.
 */
#include "store/store.h"

#include <libgen.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#include "base/log.h"
#include "base/xmalloc.h"
#include "store/migrations.h"

/* Slots in each connection's statement cache (open addressing). */
#define STORE_STMT_SLOTS 256
/* Milliseconds SQLite waits on a lock before answering busy. */
#define STORE_BUSY_MS 5000
/* Seconds a request waits for a free connection. */
#define STORE_POOL_WAIT_S 5

struct StoreStmt {
    sqlite3_stmt *pStmt; /* the prepared statement */
    StoreConn *pConn;    /* its connection */
    const char *zSql;    /* the literal, for logs */
};

struct StoreConn {
    sqlite3 *db;                       /* the handle */
    Store *pStore;                     /* owning pool */
    StoreStmt aStmt[STORE_STMT_SLOTS]; /* statement cache */
    StoreConn *pNextFree;              /* free-list link */
    int nTxn;                          /* open transaction depth (0/1) */
    struct StoreLease *pLease;         /* the arena's claim, while out */
};

/* An arena's claim on a connection: cleared when store_conn_put() gives
   the connection back before the arena closes, so closing it later does
   not hand back a connection another request has taken since. */
typedef struct StoreLease {
    StoreConn *c; /* the connection, or NULL once given back */
} StoreLease;

struct Store {
    char *zPath;           /* database file */
    pthread_mutex_t mutex; /* guards the pool */
    pthread_cond_t cond;   /* signalled when a connection frees up */
    StoreConn *pFree;      /* idle connections */
    StoreConn **aAll;      /* every connection made */
    int nAll;              /* how many made */
    int nMax;              /* bound */
};

static atomic_int g_failAfter;

void store_test_fail_after(int n)
{
    atomic_store(&g_failAfter, n);
}

static int store_rc(int rc)
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

static int store_exec_plain(sqlite3 *db, const char *zSql)
{
    char *zErr = NULL;
    int rc = sqlite3_exec(db, zSql, NULL, NULL, &zErr);
    if (rc != SQLITE_OK) {
        log_error("store: %s: %s", zSql, zErr ? zErr : sqlite3_errstr(rc));
        sqlite3_free(zErr);
        return store_rc(rc);
    }
    return OK;
}

static int store_conn_new(Store *s, StoreConn **ppConn)
{
    StoreConn *c = xcalloc(1, sizeof(*c));
    c->pStore = s;
    int rc = sqlite3_open_v2(
        s->zPath, &c->db,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        log_error("store: cannot open %s: %s", s->zPath,
                  c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
        sqlite3_close(c->db);
        free(c);
        return store_rc(rc) == ERR_DB ? ERR_IO : store_rc(rc);
    }
    sqlite3_busy_timeout(c->db, STORE_BUSY_MS);
    sqlite3_extended_result_codes(c->db, 1);
    rc = store_exec_plain(c->db, "PRAGMA journal_mode=WAL");
    if (rc == OK) {
        rc = store_exec_plain(c->db, "PRAGMA synchronous=NORMAL");
    }
    if (rc == OK) {
        rc = store_exec_plain(c->db, "PRAGMA foreign_keys=ON");
    }
    if (rc != OK) {
        sqlite3_close(c->db);
        free(c);
        return rc;
    }
    *ppConn = c;
    return OK;
}

static void store_conn_free(StoreConn *c)
{
    for (int i = 0; i < STORE_STMT_SLOTS; i++) {
        sqlite3_finalize(c->aStmt[i].pStmt);
    }
    sqlite3_close(c->db);
    free(c);
}

int store_open(const char *zUrl, int nConn, const StoreSchema *pSchema,
               Store **ppStore)
{
    if (strncmp(zUrl, "postgres://", 11) == 0 ||
        strncmp(zUrl, "postgresql://", 13) == 0) {
        log_error("store: the PostgreSQL backend is not built yet; "
                  "use a SQLite file path for db");
        return ERR_INVALID;
    }
    Store *s = xcalloc(1, sizeof(*s));
    s->zPath = xstrdup(zUrl);
    s->nMax = nConn < 1 ? 1 : nConn;
    s->aAll = xcalloc((size_t)s->nMax, sizeof(StoreConn *));
    pthread_mutex_init(&s->mutex, NULL);
    pthread_cond_init(&s->cond, NULL);
    StoreConn *c = NULL;
    int rc = store_conn_new(s, &c);
    if (rc == OK) {
        s->aAll[s->nAll++] = c;
        rc = migrations_apply(c, pSchema);
        c->pNextFree = s->pFree;
        s->pFree = c;
    }
    if (rc != OK) {
        store_close(s);
        return rc;
    }
    *ppStore = s;
    return OK;
}

void store_close(Store *s)
{
    if (s == NULL) {
        return;
    }
    for (int i = 0; i < s->nAll; i++) {
        store_conn_free(s->aAll[i]);
    }
    free(s->aAll);
    free(s->zPath);
    pthread_mutex_destroy(&s->mutex);
    pthread_cond_destroy(&s->cond);
    free(s);
}

static void store_conn_release(StoreConn *c)
{
    Store *s = c->pStore;
    c->pLease = NULL;
    if (c->nTxn > 0) {
        store_rollback(c);
    }
    for (int i = 0; i < STORE_STMT_SLOTS; i++) {
        if (c->aStmt[i].pStmt != NULL) {
            sqlite3_reset(c->aStmt[i].pStmt);
            sqlite3_clear_bindings(c->aStmt[i].pStmt);
        }
    }
    pthread_mutex_lock(&s->mutex);
    c->pNextFree = s->pFree;
    s->pFree = c;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->mutex);
}

static void store_lease_end(void *p)
{
    StoreLease *l = p;
    if (l->c != NULL) {
        store_conn_release(l->c);
    }
}

void store_conn_put(StoreConn *c)
{
    if (c != NULL && c->pLease != NULL) {
        c->pLease->c = NULL;
        store_conn_release(c);
    }
}

int store_conn(Store *s, Arena *a, StoreConn **ppConn)
{
    StoreLease *l = arena_alloc(a, sizeof(*l));
    pthread_mutex_lock(&s->mutex);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += STORE_POOL_WAIT_S;
    while (s->pFree == NULL && s->nAll >= s->nMax) {
        if (pthread_cond_timedwait(&s->cond, &s->mutex, &deadline) != 0) {
            pthread_mutex_unlock(&s->mutex);
            log_error("store: no free connection after %d s",
                      STORE_POOL_WAIT_S);
            return ERR_BUSY;
        }
    }
    StoreConn *c = s->pFree;
    if (c != NULL) {
        s->pFree = c->pNextFree;
    } else {
        int rc = store_conn_new(s, &c);
        if (rc != OK) {
            pthread_mutex_unlock(&s->mutex);
            return rc;
        }
        s->aAll[s->nAll++] = c;
    }
    pthread_mutex_unlock(&s->mutex);
    c->pNextFree = NULL;
    l->c = c;
    c->pLease = l;
    arena_defer(a, store_lease_end, l);
    *ppConn = c;
    return OK;
}

int store_prepare_literal(StoreConn *c, const char *zSql, StoreStmt **ppStmt)
{
    size_t h = ((size_t)(uintptr_t)zSql >> 3) % STORE_STMT_SLOTS;
    for (size_t k = 0; k < STORE_STMT_SLOTS; k++) {
        StoreStmt *st = &c->aStmt[(h + k) % STORE_STMT_SLOTS];
        if (st->zSql == zSql) {
            sqlite3_reset(st->pStmt);
            sqlite3_clear_bindings(st->pStmt);
            *ppStmt = st;
            return OK;
        }
        if (st->zSql == NULL) {
            const char *zTail = NULL;
            int rc = sqlite3_prepare_v3(
                c->db, zSql, -1, SQLITE_PREPARE_PERSISTENT, &st->pStmt, &zTail);
            if (rc != SQLITE_OK) {
                log_error("store: prepare failed: %s: %s",
                          sqlite3_errmsg(c->db), zSql);
                return store_rc(rc);
            }
            /* One statement per literal: refuse anything after it. */
            while (zTail && (*zTail == ' ' || *zTail == '\n' ||
                             *zTail == '\t' || *zTail == ';')) {
                zTail++;
            }
            if (zTail && *zTail != 0) {
                log_error("store: more than one statement in: %s", zSql);
                sqlite3_finalize(st->pStmt);
                st->pStmt = NULL;
                return ERR_DB;
            }
            st->zSql = zSql;
            st->pConn = c;
            *ppStmt = st;
            return OK;
        }
    }
    log_error("store: statement cache full");
    return ERR_DB;
}

void store_bind_text(StoreStmt *st, int i, const char *z, size_t n)
{
    sqlite3_bind_text(st->pStmt, i, z, (int)n, SQLITE_TRANSIENT);
}

void store_bind_z(StoreStmt *st, int i, const char *z)
{
    if (z == NULL) {
        sqlite3_bind_null(st->pStmt, i);
    } else {
        sqlite3_bind_text(st->pStmt, i, z, -1, SQLITE_TRANSIENT);
    }
}

void store_bind_int(StoreStmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(st->pStmt, i, v);
}

void store_bind_null(StoreStmt *st, int i)
{
    sqlite3_bind_null(st->pStmt, i);
}

int store_step(StoreStmt *st)
{
    int nFail = atomic_load(&g_failAfter);
    if (nFail > 0) {
        if (atomic_fetch_sub(&g_failAfter, 1) == 1) {
            log_error("store: injected failure: %s", st->zSql);
            return ERR_DB;
        }
    }
    int rc = sqlite3_step(st->pStmt);
    if (rc == SQLITE_ROW) {
        return STORE_ROW;
    }
    if (rc == SQLITE_DONE) {
        return STORE_DONE;
    }
    int err = store_rc(rc);
    if (err != ERR_CONSTRAINT) {
        log_error("store: %s: %s", sqlite3_errmsg(st->pConn->db), st->zSql);
    }
    sqlite3_reset(st->pStmt);
    return err;
}

int store_exec(StoreStmt *st)
{
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
    }
    return rc;
}

int store_step_int(StoreStmt *st, int64_t *pn)
{
    int rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc < 0 ? rc : ERR_DB;
    }
    *pn = store_col_int(st, 0);
    return OK;
}

char *store_col_text(StoreStmt *st, int i, Arena *a)
{
    const unsigned char *z = sqlite3_column_text(st->pStmt, i);
    int n = sqlite3_column_bytes(st->pStmt, i);
    if (z == NULL) {
        return arena_strdup(a, "");
    }
    return arena_strndup(a, (const char *)z, (size_t)n);
}

int64_t store_col_int(StoreStmt *st, int i)
{
    return sqlite3_column_int64(st->pStmt, i);
}

bool store_col_null(StoreStmt *st, int i)
{
    return sqlite3_column_type(st->pStmt, i) == SQLITE_NULL;
}

int64_t store_last_id(StoreConn *c)
{
    return sqlite3_last_insert_rowid(c->db);
}

int store_changes(StoreConn *c)
{
    return sqlite3_changes(c->db);
}

int store_begin(StoreConn *c)
{
    /* A cached statement that returned its row and was not stepped to the
       end keeps a read transaction, and so an old WAL snapshot, open.
       Upgrading that to a write fails at once with SQLITE_BUSY_SNAPSHOT
       whenever another connection committed meanwhile: the busy timeout
       never applies (measured: most concurrent comment posts answered
       503).  Rows read are already copied out, so end those reads. */
    for (int i = 0; i < STORE_STMT_SLOTS; i++) {
        if (c->aStmt[i].pStmt != NULL && sqlite3_stmt_busy(c->aStmt[i].pStmt)) {
            sqlite3_reset(c->aStmt[i].pStmt);
        }
    }
    int rc = store_exec_plain(c->db, "BEGIN IMMEDIATE");
    if (rc == OK) {
        c->nTxn = 1;
    }
    return rc;
}

int store_commit(StoreConn *c)
{
    int rc = store_exec_plain(c->db, "COMMIT");
    if (rc == OK) {
        c->nTxn = 0;
    }
    return rc;
}

void store_rollback(StoreConn *c)
{
    if (c->nTxn > 0 || !sqlite3_get_autocommit(c->db)) {
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    }
    c->nTxn = 0;
}

int store_exec_script(StoreConn *c, const char *zSql)
{
    return store_exec_plain(c->db, zSql);
}

int store_migration_fk(StoreConn *c, bool bOn)
{
    return store_exec_plain(c->db, bOn ? "PRAGMA foreign_keys=ON"
                                       : "PRAGMA foreign_keys=OFF");
}

int store_migration_fk_check(StoreConn *c)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "PRAGMA foreign_key_check", &st);
    if (rc != OK) {
        return rc;
    }
    rc = store_step(st);
    if (rc == STORE_ROW) {
        log_error("store: a migration left a dangling reference in %s",
                  sqlite3_column_text(st->pStmt, 0));
        rc = ERR_CONSTRAINT;
    }
    return rc < 0 ? rc : OK;
}

void store_health(StoreConn *c, const char *zNode, int64_t tNow,
                  StoreHealth *pOut)
{
    pOut->rcRead = OK;
    pOut->rcWrite = OK;
    pOut->nFreeBytes = -1;
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "SELECT count(*) FROM schema_migrations", &st);
    int64_t n = 0;
    if (rc == OK) {
        rc = store_step_int(st, &n);
    }
    pOut->rcRead = rc;
    rc = store_begin(c);
    if (rc == OK) {
        rc = store_prepare(c,
                           "INSERT INTO store_health(node, checked_at)"
                           " VALUES (?, ?) ON CONFLICT(node) DO UPDATE"
                           " SET checked_at = excluded.checked_at",
                           &st);
    }
    if (rc == OK) {
        store_bind_z(st, 1, zNode);
        store_bind_int(st, 2, tNow);
        rc = store_exec(st);
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
    }
    pOut->rcWrite = rc;
    char zDir[4096];
    snprintf(zDir, sizeof(zDir), "%s", c->pStore->zPath);
    struct statvfs vfs;
    if (statvfs(dirname(zDir), &vfs) == 0) {
        pOut->nFreeBytes = (int64_t)vfs.f_bavail * (int64_t)vfs.f_frsize;
    }
}

int store_quick_check(Store *s)
{
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    int rc = store_conn(s, &a, &c);
    StoreStmt *st = NULL;
    if (rc == OK) {
        rc = store_prepare(c, "PRAGMA quick_check(5)", &st);
    }
    int nBad = 0;
    while (rc == OK && (rc = store_step(st)) == STORE_ROW) {
        const char *z = store_col_text(st, 0, &a);
        if (strcmp(z, "ok") != 0) {
            log_error("store: %s is damaged: %s", s->zPath, z);
            nBad++;
        }
        rc = OK;
    }
    if (rc == STORE_DONE) {
        rc = OK;
    }
    arena_close(&a);
    if (rc != OK) {
        log_error("store: %s could not be checked (%d)", s->zPath, rc);
        return rc;
    }
    return nBad == 0 ? OK : ERR_DB;
}

int store_backup(Store *s, const char *zPath)
{
    sqlite3 *pDest = NULL;
    int rc = sqlite3_open(zPath, &pDest);
    if (rc != SQLITE_OK) {
        sqlite3_close(pDest);
        return ERR_IO;
    }
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    int err = store_conn(s, &a, &c);
    if (err == OK) {
        sqlite3_backup *b = sqlite3_backup_init(pDest, "main", c->db, "main");
        if (b == NULL) {
            err = ERR_IO;
        } else {
            rc = sqlite3_backup_step(b, -1);
            sqlite3_backup_finish(b);
            err = rc == SQLITE_DONE ? OK : store_rc(rc);
        }
    }
    arena_close(&a);
    sqlite3_close(pDest);
    return err;
}
