/*
 * store.c — the backend-neutral half of store.h: choosing the backend by
 * the database's name, the connection pool with its leases, the cache of
 * prepared statements keyed by the address of their SQL literal, the
 * fault-injection hook, the checks /healthz and start-up run, and the
 * notify/listen wake-ups of the change feed.  Every call that touches the
 * database goes through the backend's table (store_internal.h):
 * store_sqlite.c or store_pg.c.
 *
 * When the database server goes away (PostgreSQL stopped or restarted),
 * the pool never hands out a connection it knows is dead: a connection
 * that failed is dropped when given back, an idle one the server closed
 * is noticed when taken, and while new connections cannot be made every
 * request fails at once with ERR_UNAVAILABLE (503) for STORE_RETRY_MS
 * before the next attempt, so the node recovers by itself once the
 * server is back.
 */
#include "store/store.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "base/xmalloc.h"
#include "store/migrations.h"
#include "store/store_internal.h"

/* store_test_fail_after(): statements left before the injected failure. */
static atomic_int g_failAfter;

void store_test_fail_after(int n)
{
    atomic_store(&g_failAfter, n);
}

bool store_url_is_pg(const char *zUrl)
{
    return strncmp(zUrl, "postgresql://", 13) == 0 ||
           strncmp(zUrl, "postgres://", 11) == 0;
}

bool store_is_pg(const Store *s)
{
    return s->pBackend == &g_storePg;
}

const char *store_url(const Store *s)
{
    return s->zUrl;
}

/* Make a connection for the pool (the caller registers it in aAll). */
static int store_conn_new(Store *s, StoreConn **ppConn)
{
    StoreConn *c = xcalloc(1, sizeof(*c));
    c->pStore = s;
    int rc = s->pBackend->conn_open(s, c);
    if (rc != OK) {
        free(c);
        return rc;
    }
    *ppConn = c;
    return OK;
}

static void store_conn_free(StoreConn *c)
{
    const StoreBackend *b = c->pStore->pBackend;
    for (int i = 0; i < STORE_STMT_SLOTS; i++) {
        if (c->aStmt[i].pB != NULL) {
            b->finalize(&c->aStmt[i]);
        }
    }
    b->conn_close(c);
    free(c);
}

/* A pool on 'zUrl' of at most 'nConn' connections, none made yet. */
static Store *store_new(const char *zUrl, int nConn)
{
    Store *s = xcalloc(1, sizeof(*s));
    s->pBackend = store_url_is_pg(zUrl) ? &g_storePg : &g_storeSqlite;
    s->zUrl = xstrdup(zUrl);
    s->nMax = nConn < 1 ? 1 : nConn;
    s->aAll = xcalloc((size_t)s->nMax, sizeof(StoreConn *));
    pthread_mutex_init(&s->mutex, NULL);
    pthread_cond_init(&s->cond, NULL);
    return s;
}

int store_open_replica(const char *zUrl, int nConn, Store **ppStore)
{
    if (!store_url_is_pg(zUrl)) {
        log_error("store: a read replica is a PostgreSQL standby "
                  "(postgresql://…), not '%s'",
                  zUrl);
        return ERR_INVALID;
    }
    *ppStore = store_new(zUrl, nConn);
    return OK;
}

int store_wal_position(StoreConn *c, int64_t *pnPos, bool *pbStandby)
{
    *pnPos = 0;
    *pbStandby = false;
    return c->pStore->pBackend->wal_position(c, pnPos, pbStandby);
}

int store_open(const char *zUrl, int nConn, const StoreSchema *pSchema,
               Store **ppStore)
{
    Store *s = store_new(zUrl, nConn);
    StoreConn *c = NULL;
    int rc = store_conn_new(s, &c);
    if (rc == OK) {
        s->aAll[s->nAll++] = c;
        c->pNextFree = s->pFree;
        s->pFree = c;
    }
    if (rc == OK && pSchema != NULL) {
        rc = store_migrate(s, pSchema);
    }
    if (rc != OK) {
        store_close(s);
        return rc;
    }
    *ppStore = s;
    return OK;
}

int store_migrate(Store *s, const StoreSchema *pSchema)
{
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    int rc = store_conn(s, &a, &c);
    if (rc == OK) {
        rc = migrations_apply(c, pSchema);
    }
    arena_close(&a);
    return rc;
}

void store_set_timeout(Store *s, int nTimeoutMs)
{
    s->nTimeoutMs = nTimeoutMs < 0 ? 0 : nTimeoutMs;
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
    free(s->zUrl);
    pthread_mutex_destroy(&s->mutex);
    pthread_cond_destroy(&s->cond);
    free(s);
}

/* Forget every cached statement's bindings and unread rows. */
static void store_conn_reset_all(StoreConn *c)
{
    const StoreBackend *b = c->pStore->pBackend;
    for (int i = 0; i < STORE_STMT_SLOTS; i++) {
        if (c->aStmt[i].pB != NULL) {
            b->reset(&c->aStmt[i]);
        }
    }
}

/* Remove 'c' from the pool's list of connections and free it (it is
   lost); wakes a waiter, who may open a new one. */
static void store_conn_drop(StoreConn *c, const char *zWhy)
{
    Store *s = c->pStore;
    pthread_mutex_lock(&s->mutex);
    for (int i = 0; i < s->nAll; i++) {
        if (s->aAll[i] == c) {
            s->aAll[i] = s->aAll[--s->nAll];
            break;
        }
    }
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->mutex);
    log_warn("store: dropped %s", zWhy);
    store_conn_free(c);
}

static void store_conn_release(StoreConn *c)
{
    Store *s = c->pStore;
    c->pLease = NULL;
    if (c->nTxn > 0) {
        store_rollback(c);
    }
    c->bNotified = false;
    store_conn_reset_all(c);
    /* A connection that died (mid-transaction or not), or that a rollback
       could not bring back to idle, is never handed out again: the next
       store_conn() opens a new one. */
    if (s->pBackend->conn_broken(c)) {
        store_conn_drop(c, "a broken connection");
        return;
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

/* Open a new connection for the pool; the mutex is held on entry and on
   return, and released while connecting (which can take up to libpq's
   connect_timeout): other requests go on meanwhile. */
static int store_conn_open_slot(Store *s, StoreConn **ppConn)
{
    if (s->tRetryUs != 0 && time_now_us() < s->tRetryUs) {
        return ERR_UNAVAILABLE;
    }
    s->nOpening++;
    pthread_mutex_unlock(&s->mutex);
    StoreConn *c = NULL;
    int rc = store_conn_new(s, &c);
    pthread_mutex_lock(&s->mutex);
    s->nOpening--;
    if (rc == OK) {
        s->aAll[s->nAll++] = c;
        s->tRetryUs = 0;
        *ppConn = c;
    } else {
        if (rc == ERR_UNAVAILABLE) {
            s->tRetryUs = time_now_us() + STORE_RETRY_MS * 1000LL;
        }
        /* The slot is free again for a waiter. */
        pthread_cond_signal(&s->cond);
    }
    return rc;
}

/* A connection from the pool, alive: an idle one, a new one, or one that
   frees up within STORE_POOL_WAIT_S.  Return OK or ERR_*. */
static int store_conn_take(Store *s, StoreConn **ppConn)
{
    /* A statement timed out a moment ago: the server hangs, and an idle
       connection would only make this request wait as long. */
    int64_t tStall = atomic_load(&s->tStallUs);
    if (tStall != 0 && time_now_us() < tStall) {
        return ERR_UNAVAILABLE;
    }
    pthread_mutex_lock(&s->mutex);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += STORE_POOL_WAIT_S;
    for (;;) {
        StoreConn *c = s->pFree;
        if (c != NULL) {
            s->pFree = c->pNextFree;
            pthread_mutex_unlock(&s->mutex);
            c->pNextFree = NULL;
            if (s->pBackend->conn_alive(c)) {
                *ppConn = c;
                return OK;
            }
            /* The server closed it while it sat here (it restarted, or
               is shutting down): the request must not pay for that. */
            store_conn_drop(c, "a connection the server had closed");
            pthread_mutex_lock(&s->mutex);
            continue;
        }
        if (s->nAll + s->nOpening < s->nMax) {
            int rc = store_conn_open_slot(s, ppConn);
            pthread_mutex_unlock(&s->mutex);
            return rc;
        }
        if (pthread_cond_timedwait(&s->cond, &s->mutex, &deadline) != 0) {
            pthread_mutex_unlock(&s->mutex);
            log_error("store: no free connection after %d s",
                      STORE_POOL_WAIT_S);
            return ERR_BUSY;
        }
    }
}

int store_conn(Store *s, Arena *a, StoreConn **ppConn)
{
    StoreLease *l = arena_alloc(a, sizeof(*l));
    StoreConn *c = NULL;
    int rc = store_conn_take(s, &c);
    if (rc != OK) {
        return rc;
    }
    l->c = c;
    c->pLease = l;
    arena_defer(a, store_lease_end, l);
    *ppConn = c;
    return OK;
}

int store_prepare_literal(StoreConn *c, const char *zSql, StoreStmt **ppStmt)
{
    const StoreBackend *b = c->pStore->pBackend;
    size_t h = ((size_t)(uintptr_t)zSql >> 3) % STORE_STMT_SLOTS;
    for (size_t k = 0; k < STORE_STMT_SLOTS; k++) {
        StoreStmt *st = &c->aStmt[(h + k) % STORE_STMT_SLOTS];
        if (st->zSql == zSql) {
            b->reset(st);
            *ppStmt = st;
            return OK;
        }
        if (st->zSql == NULL) {
            st->zSql = zSql;
            st->pConn = c;
            int rc = b->prepare(st);
            if (rc != OK) {
                st->zSql = NULL;
                st->pB = NULL;
                return rc;
            }
            *ppStmt = st;
            return OK;
        }
    }
    log_error("store: statement cache full");
    return ERR_DB;
}

void store_bind_text(StoreStmt *st, int i, const char *z, size_t n)
{
    st->pConn->pStore->pBackend->bind_text(st, i, z, n);
}

void store_bind_z(StoreStmt *st, int i, const char *z)
{
    if (z == NULL) {
        st->pConn->pStore->pBackend->bind_null(st, i);
    } else {
        st->pConn->pStore->pBackend->bind_text(st, i, z, strlen(z));
    }
}

void store_bind_int(StoreStmt *st, int i, int64_t v)
{
    st->pConn->pStore->pBackend->bind_int(st, i, v);
}

void store_bind_null(StoreStmt *st, int i)
{
    st->pConn->pStore->pBackend->bind_null(st, i);
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
    return st->pConn->pStore->pBackend->step(st);
}

void store_batch_init(StoreBatch *b, StoreConn *c)
{
    b->c = c;
    b->nStmt = 0;
}

void store_batch_add(StoreBatch *b, StoreStmt *st)
{
    assert(st->pConn == b->c);
    assert(b->nStmt < STORE_BATCH_MAX);
    for (int i = 0; i < b->nStmt; i++) {
        assert(b->aStmt[i] != st);
    }
    b->aStmt[b->nStmt++] = st;
}

int store_batch_send(StoreBatch *b)
{
    const StoreBackend *be = b->c->pStore->pBackend;
    if (be->batch == NULL || b->nStmt == 0) {
        return OK;
    }
    return be->batch(b->aStmt, b->nStmt);
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
    size_t n = 0;
    const char *z = st->pConn->pStore->pBackend->col_text(st, i, &n);
    if (z == NULL) {
        return arena_strdup(a, "");
    }
    return arena_strndup(a, z, n);
}

int64_t store_col_int(StoreStmt *st, int i)
{
    return st->pConn->pStore->pBackend->col_int(st, i);
}

bool store_col_null(StoreStmt *st, int i)
{
    return st->pConn->pStore->pBackend->col_null(st, i);
}

int64_t store_last_id(StoreConn *c)
{
    return c->pStore->pBackend->last_id(c);
}

int store_changes(StoreConn *c)
{
    return c->pStore->pBackend->changes(c);
}

int store_begin(StoreConn *c)
{
    c->bNotified = false;
    /* A cached statement that returned its row and was not read to the
       end keeps a read open (SQLite: an old WAL snapshot, which a write
       then cannot upgrade: SQLITE_BUSY_SNAPSHOT at once, the busy timeout
       never applies; measured: most concurrent comment posts answered
       503).  Rows read are already copied out, so end those reads. */
    store_conn_reset_all(c);
    int rc = c->pStore->pBackend->begin(c);
    if (rc == OK) {
        c->nTxn = 1;
    }
    return rc;
}

int store_commit(StoreConn *c)
{
    int rc = c->pStore->pBackend->commit(c);
    if (rc == OK) {
        c->nTxn = 0;
        c->bNotified = false;
    }
    return rc;
}

void store_rollback(StoreConn *c)
{
    c->pStore->pBackend->rollback(c);
    c->nTxn = 0;
    c->bNotified = false;
}

bool store_in_txn(const StoreConn *c)
{
    return c->nTxn > 0;
}

int store_notify(StoreConn *c)
{
    if (c->nTxn > 0 && c->bNotified) {
        return OK;
    }
    int rc = c->pStore->pBackend->notify(c);
    if (rc == OK && c->nTxn > 0) {
        c->bNotified = true;
    }
    return rc;
}

int store_listen(Store *s, StoreListener **ppListener)
{
    void *pB = NULL;
    int rc = s->pBackend->listen_open(s, &pB);
    if (rc != OK) {
        return rc;
    }
    StoreListener *l = xcalloc(1, sizeof(*l));
    l->pBackend = s->pBackend;
    l->pB = pB;
    *ppListener = l;
    return OK;
}

int store_listen_wait(StoreListener *l, int nTimeoutMs, bool *pbWoken)
{
    *pbWoken = false;
    return l->pBackend->listen_wait(l->pB, nTimeoutMs, pbWoken);
}

void store_listen_close(StoreListener *l)
{
    if (l == NULL) {
        return;
    }
    l->pBackend->listen_close(l->pB);
    free(l);
}

int store_exec_script(StoreConn *c, const char *zSql)
{
    return c->pStore->pBackend->exec(c, zSql);
}

int store_migration_fk(StoreConn *c, bool bOn)
{
    return c->pStore->pBackend->fk(c, bOn);
}

int store_migration_fk_check(StoreConn *c)
{
    return c->pStore->pBackend->fk_check(c);
}

bool store_conn_is_pg(const StoreConn *c)
{
    return store_is_pg(c->pStore);
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
    pOut->nFreeBytes = c->pStore->pBackend->free_bytes(c->pStore);
}

int store_quick_check(Store *s)
{
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    int rc = store_conn(s, &a, &c);
    if (rc == OK) {
        rc = s->pBackend->quick_check(c, &a);
    }
    arena_close(&a);
    return rc;
}

int store_analyze(StoreConn *c)
{
    const char *zSql = c->pStore->pBackend->zAnalyze;
    return zSql == NULL ? OK : c->pStore->pBackend->exec(c, zSql);
}

int store_backup(Store *s, const char *zPath)
{
    return s->pBackend->backup(s, zPath);
}

int store_file_check(const char *zFile, const StoreSchema *pSchema,
                     int *pnVersion)
{
    int nVersion = 0;
    int rc = g_storeSqlite.file_check(zFile, &nVersion);
    if (rc != OK) {
        return rc;
    }
    if (nVersion < 1 || nVersion > pSchema->nMigration) {
        log_error("store: %s holds schema %d; this program knows 1 to %d",
                  zFile, nVersion, pSchema->nMigration);
        return ERR_INVALID;
    }
    *pnVersion = nVersion;
    return OK;
}

int store_restore(const char *zUrl, const char *zFile, bool bForce)
{
    const StoreBackend *b = store_url_is_pg(zUrl) ? &g_storePg : &g_storeSqlite;
    return b->restore(zUrl, zFile, bForce);
}

const StoreBackend *store_backend(const StoreConn *c)
{
    return c->pStore->pBackend;
}

int store_stmt_new(StoreConn *c, const char *zSql, StoreStmt **ppStmt)
{
    StoreStmt *st = xcalloc(1, sizeof(*st));
    char *zCopy = xstrdup(zSql);
    st->zSql = zCopy;
    st->pConn = c;
    int rc = c->pStore->pBackend->prepare(st);
    if (rc != OK) {
        free(zCopy);
        free(st);
        return rc;
    }
    *ppStmt = st;
    return OK;
}

void store_stmt_free(StoreStmt *st)
{
    if (st == NULL) {
        return;
    }
    if (st->pB != NULL) {
        st->pConn->pStore->pBackend->finalize(st);
    }
    free((char *)st->zSql);
    free(st);
}
