/*
 * store_pg.c — the PostgreSQL backend of store.h (store_internal.h), on
 * libpq.
 *
 * The features' SQL is the same literal for both backends, so this file
 * does the few mechanical translations docs/store.md lists, once per
 * literal and connection, when it prepares it:
 *   - '?' placeholders become $1, $2 … (outside quotes);
 *   - an INSERT into a table with an "id" column gets " RETURNING id",
 *     whose row is kept for store_last_id() and not shown as a row;
 *   - migration scripts widen SQLite's INTEGER to BIGINT (and INTEGER
 *     PRIMARY KEY to a BIGINT identity) unless a migration brings its
 *     own PostgreSQL script.
 * Statements are prepared once per connection (PQprepare, named "s<n>")
 * and run with text parameters; a result is read whole, then stepped
 * through.  A write transaction takes one advisory lock, so writers are
 * serialized exactly as SQLite's BEGIN IMMEDIATE serializes them: the
 * features' check-then-write steps (rate limits, thresholds) keep their
 * meaning, and readers never wait.
 *
 * Every exchange with the server goes through libpq's asynchronous
 * calls (PQsendQueryPrepared, PQconsumeInput, PQisBusy) with poll() on
 * the socket until a deadline, the store's timeout (store_set_timeout(),
 * db_timeout_ms): a frozen server or a dead network costs a request that
 * long, never more.  A connection that timed out is discarded (its query
 * cancelled, best effort, from a thread of its own) and for
 * STORE_RETRY_MS the pool hands out none (Store.tStallUs).  A batch
 * (store_batch_send()) is sent in pipeline mode: every statement, one
 * Sync, then every result, one round trip.
 *
 * When the server goes away: every connection is opened with
 * g_azPgDefault (a connect_timeout, TCP keepalives) under the URL, which
 * may override them, and connecting is bounded by that connect_timeout
 * and the store's timeout; a lost connection answers ERR_UNAVAILABLE and
 * is replaced by the pool (conn_broken), and an idle one the server is
 * closing is noticed before it is handed out (conn_alive).  The change
 * feed's listener (listen_*) is one more connection that has run LISTEN
 * and waits on its socket with poll().
 */
#include "store/store_internal.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "base/xmalloc.h"

/* Most parameters one statement may have. */
#define PG_PARAMS_MAX 64
/* The advisory lock every write transaction takes ("sinmun" in ASCII). */
#define PG_WRITE_LOCK "736e6d6e"
/* Tables whose "id" column is known, per connection. */
#define PG_TABLES_MAX 64
/* Cancel requests in flight at once (each on a thread of its own, which
   a frozen server holds until it wakes). */
#define PG_CANCEL_MAX 4
/* Connecting gives up after this long when neither the URL's
   connect_timeout nor the store's timeout says otherwise (ms). */
#define PG_CONNECT_MS_DEFAULT 3000

/* Connection settings used unless the URL names them: give up on an
   unreachable server after 3 s (a request answers 503 instead of
   hanging), and notice a peer that vanished from the network within
   about half a minute (TCP keepalives; Unix sockets ignore them).  The
   URL goes in as dbname, last, so what it says wins. */
static const char *const g_azPgKey[] = {
    "connect_timeout",  "keepalives",
    "keepalives_idle",  "keepalives_interval",
    "keepalives_count", "client_encoding",
    "dbname",           NULL};
/* Times are integers; text is UTF-8 like everything else here. */
static const char *const g_azPgDefault[] = {"3", "1", "10", "5", "3", "UTF8"};

/* Cancel threads running (PG_CANCEL_MAX). */
static atomic_int g_nPgCancel;

/* What a connection keeps besides the libpq handle. */
typedef struct PgConn {
    PGconn *pg;                   /* the handle */
    Store *pStore;                /* whose timeout bounds it (NULL: none) */
    bool bTimedOut;               /* the server did not answer in time:
                                     never used again */
    int nStmt;                    /* statements prepared, for names */
    int64_t lastId;               /* id RETURNING gave the last INSERT */
    int nChanges;                 /* rows the last write changed */
    char *azTable[PG_TABLES_MAX]; /* tables looked up for an id column */
    bool abHasId[PG_TABLES_MAX];  /* whether each has one */
    int nTable;                   /* how many looked up */
} PgConn;

/* A prepared statement, its bindings and its current result. */
typedef struct PgStmt {
    char zName[16];               /* "s<n>" on its connection */
    int nParam;                   /* $n in the translated text */
    bool bReturningId;            /* " RETURNING id" was appended */
    char *azParam[PG_PARAMS_MAX]; /* bound values (malloc'd), or NULL */
    int anLen[PG_PARAMS_MAX];     /* their lengths */
    PGresult *pRes;               /* the result being read, or NULL */
    int iRow;                     /* the row last returned, -1 before */
    int nRow;                     /* rows in pRes */
    bool bDone;                   /* executed and read to the end */
} PgStmt;

#define PG_CONN(c) ((PgConn *)(c)->pB)
#define PG_ST(st) ((PgStmt *)(st)->pB)

/* Map a failed result to ERR_*: constraints, busy, lost connection. */
static int pg_rc(const PGresult *res, PGconn *pg)
{
    const char *zState = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (zState == NULL) {
        return PQstatus(pg) == CONNECTION_OK ? ERR_DB : ERR_UNAVAILABLE;
    }
    if (strncmp(zState, "23", 2) == 0) {
        return ERR_CONSTRAINT;
    }
    if (strcmp(zState, "40001") == 0 || strcmp(zState, "40P01") == 0 ||
        strcmp(zState, "55P03") == 0 || strcmp(zState, "57014") == 0) {
        return ERR_BUSY;
    }
    if (strncmp(zState, "08", 2) == 0 || strncmp(zState, "57P", 3) == 0 ||
        strncmp(zState, "53", 2) == 0) {
        /* The connection is gone, the server is shutting down or starting
           up, or out of connections: try again later. */
        return ERR_UNAVAILABLE;
    }
    return ERR_DB;
}

/* Notices ("relation already exists, skipping") are not errors. */
static void pg_notice(void *pArg, const char *zMessage)
{
    (void)pArg;
    log_debug("store: postgresql: %s", zMessage);
}

/* The deadline of an exchange on 'p' starting now: monotonic µs, or 0
   for none. */
static int64_t pg_deadline(const PgConn *p)
{
    int nMs = p->pStore != NULL ? p->pStore->nTimeoutMs : 0;
    return nMs > 0 ? time_now_us() + (int64_t)nMs * 1000 : 0;
}

static void *pg_cancel_main(void *pArg)
{
    PGcancel *pc = pArg;
    char zErr[256];
    (void)PQcancel(pc, zErr, sizeof(zErr));
    PQfreeCancel(pc);
    atomic_fetch_sub(&g_nPgCancel, 1);
    return NULL;
}

/* Ask the server to cancel what 'pg' runs, from a detached thread: a
   frozen server answers the request only when it wakes, and no request
   may wait for that.  Best effort: skipped when PG_CANCEL_MAX are out. */
static void pg_cancel_async(PGconn *pg)
{
    if (atomic_fetch_add(&g_nPgCancel, 1) >= PG_CANCEL_MAX) {
        atomic_fetch_sub(&g_nPgCancel, 1);
        return;
    }
    PGcancel *pc = PQgetCancel(pg);
    pthread_attr_t attr;
    pthread_t th;
    bool bStarted = false;
    if (pc != NULL && pthread_attr_init(&attr) == 0) {
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        bStarted = pthread_create(&th, &attr, pg_cancel_main, pc) == 0;
        pthread_attr_destroy(&attr);
    }
    if (!bStarted) {
        PQfreeCancel(pc);
        atomic_fetch_sub(&g_nPgCancel, 1);
    }
}

/* The server did not answer 'p' in time: cancel, never use 'p' again,
   and let the pool refuse requests at once for a while. */
static int pg_timed_out(PgConn *p)
{
    if (!p->bTimedOut) {
        p->bTimedOut = true;
        log_warn("store: PostgreSQL did not answer within %d ms; the "
                 "connection is dropped",
                 p->pStore ? p->pStore->nTimeoutMs : 0);
        pg_cancel_async(p->pg);
        if (p->pStore != NULL) {
            atomic_store(&p->pStore->tStallUs,
                         time_now_us() + STORE_RETRY_MS * 1000LL);
        }
    }
    return ERR_UNAVAILABLE;
}

/* Wait until the socket of 'pg' is ready for 'nEvents' (POLLIN, POLLOUT)
   or 'tDeadline' (0: none) passes.  Return 1 when ready, 0 at the
   deadline, -1 when the socket is gone. */
static int pg_poll(PGconn *pg, short nEvents, int64_t tDeadline)
{
    struct pollfd fd = {PQsocket(pg), nEvents, 0};
    if (fd.fd < 0) {
        return -1;
    }
    for (;;) {
        int nMs = -1;
        if (tDeadline != 0) {
            int64_t nLeft = tDeadline - time_now_us();
            if (nLeft <= 0) {
                return 0;
            }
            nMs = (int)((nLeft + 999) / 1000);
        }
        int n = poll(&fd, 1, nMs);
        if (n > 0) {
            return 1;
        }
        if (n == 0) {
            if (tDeadline == 0) {
                continue;
            }
            if (time_now_us() >= tDeadline) {
                return 0;
            }
        } else if (errno != EINTR) {
            return -1;
        }
    }
}

/* Send what libpq holds for 'p'.  Return OK or ERR_UNAVAILABLE. */
static int pg_flush(PgConn *p, int64_t tDeadline)
{
    for (;;) {
        int r = PQflush(p->pg);
        if (r == 0) {
            return OK;
        }
        if (r < 0) {
            return ERR_UNAVAILABLE;
        }
        int n = pg_poll(p->pg, POLLIN | POLLOUT, tDeadline);
        if (n == 0) {
            return pg_timed_out(p);
        }
        if (n < 0 || PQconsumeInput(p->pg) == 0) {
            return ERR_UNAVAILABLE;
        }
    }
}

/* The next result on 'p' into '*ppRes' (OUT; NULL when a query's results
   are all read), waiting until 'tDeadline'.  Return OK or
   ERR_UNAVAILABLE (timed out, or the connection is lost). */
static int pg_next(PgConn *p, int64_t tDeadline, PGresult **ppRes)
{
    *ppRes = NULL;
    while (PQisBusy(p->pg)) {
        int n = pg_poll(p->pg, POLLIN, tDeadline);
        if (n == 0) {
            return pg_timed_out(p);
        }
        if (n < 0 || PQconsumeInput(p->pg) == 0) {
            return ERR_UNAVAILABLE;
        }
    }
    *ppRes = PQgetResult(p->pg);
    return OK;
}

/* True when 'res' reports a failure. */
static bool pg_failed(const PGresult *res)
{
    ExecStatusType s = PQresultStatus(res);
    return s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK &&
           s != PGRES_EMPTY_QUERY;
}

/*
 * After a query was sent on 'p' (outside pipeline mode): flush it and
 * read its results until 'tDeadline'.  Return the last result (or the
 * first failed one), for the caller to PQclear(); NULL with '*prc' (OUT)
 * ERR_UNAVAILABLE when the server did not answer in time or the
 * connection is lost.
 */
static PGresult *pg_collect(PgConn *p, int64_t tDeadline, int *prc)
{
    *prc = pg_flush(p, tDeadline);
    PGresult *pKeep = NULL;
    while (*prc == OK) {
        PGresult *res = NULL;
        *prc = pg_next(p, tDeadline, &res);
        if (*prc != OK || res == NULL) {
            break;
        }
        if (pKeep != NULL && pg_failed(pKeep)) {
            PQclear(res);
        } else {
            PQclear(pKeep);
            pKeep = res;
        }
    }
    if (*prc != OK) {
        PQclear(pKeep);
        return NULL;
    }
    return pKeep;
}

/* Run plain SQL on 'p' (no parameters, no rows wanted; several
   statements allowed), bounded by the store's timeout when 'bBounded'.
   Return OK or ERR_*. */
static int pg_exec_plain_on(PgConn *p, const char *zSql, bool bBounded)
{
    if (p->bTimedOut) {
        return ERR_UNAVAILABLE;
    }
    if (PQsendQuery(p->pg, zSql) == 0) {
        log_error("store: %s: %s", zSql, PQerrorMessage(p->pg));
        return pg_rc(NULL, p->pg);
    }
    int rc = OK;
    PGresult *res = pg_collect(p, bBounded ? pg_deadline(p) : 0, &rc);
    if (rc == OK && res != NULL && pg_failed(res)) {
        rc = pg_rc(res, p->pg);
        log_error("store: %s: %s", zSql, PQerrorMessage(p->pg));
    } else if (rc != OK) {
        log_error("store: %s: %s", zSql,
                  p->bTimedOut ? "timed out" : PQerrorMessage(p->pg));
    }
    PQclear(res);
    return rc;
}

static int pg_exec_plain(PgConn *p, const char *zSql)
{
    return pg_exec_plain_on(p, zSql, true);
}

/* How long connecting may take on 'pg' (just started) for store 's'
   (NULL: no store timeout): the connection's connect_timeout, and at
   most the store's timeout.  Milliseconds. */
static int pg_connect_ms(PGconn *pg, const Store *s)
{
    int nMs = PG_CONNECT_MS_DEFAULT;
    PQconninfoOption *aOpt = PQconninfo(pg);
    for (PQconninfoOption *o = aOpt; o != NULL && o->keyword != NULL; o++) {
        if (strcmp(o->keyword, "connect_timeout") == 0 && o->val != NULL &&
            o->val[0] != 0) {
            int n = atoi(o->val);
            /* libpq's own rule: 0 waits forever, 1 means 2. */
            nMs = n <= 0 ? 0 : (n < 2 ? 2 : n) * 1000;
        }
    }
    PQconninfoFree(aOpt);
    if (s != NULL && s->nTimeoutMs > 0 && (nMs == 0 || s->nTimeoutMs < nMs)) {
        nMs = s->nTimeoutMs;
    }
    return nMs;
}

/* Connect to 'zUrl' (g_azPgDefault under it) without blocking longer
   than pg_connect_ms() allows, and make the handle non-blocking.  Return
   the handle, or NULL (logged). */
static PGconn *pg_connect(const char *zUrl, const Store *s)
{
    const char *azValue[sizeof(g_azPgKey) / sizeof(g_azPgKey[0])];
    size_t nDefault = sizeof(g_azPgDefault) / sizeof(g_azPgDefault[0]);
    for (size_t i = 0; i < nDefault; i++) {
        azValue[i] = g_azPgDefault[i];
    }
    azValue[nDefault] = zUrl;
    azValue[nDefault + 1] = NULL;
    PGconn *pg = PQconnectStartParams(g_azPgKey, azValue, 1);
    if (pg == NULL || PQstatus(pg) == CONNECTION_BAD) {
        log_error("store: cannot connect to PostgreSQL: %s",
                  pg ? PQerrorMessage(pg) : "out of memory");
        PQfinish(pg);
        return NULL;
    }
    int nMs = pg_connect_ms(pg, s);
    int64_t tDeadline = nMs > 0 ? time_now_us() + (int64_t)nMs * 1000 : 0;
    PostgresPollingStatusType step = PGRES_POLLING_WRITING;
    while (step != PGRES_POLLING_OK) {
        if (step == PGRES_POLLING_FAILED) {
            log_error("store: cannot connect to PostgreSQL: %s",
                      PQerrorMessage(pg));
            PQfinish(pg);
            return NULL;
        }
        int n = pg_poll(pg, step == PGRES_POLLING_WRITING ? POLLOUT : POLLIN,
                        tDeadline);
        if (n == 0) {
            log_error("store: cannot connect to PostgreSQL: no answer "
                      "within %d ms",
                      nMs);
            PQfinish(pg);
            return NULL;
        }
        step = PQconnectPoll(pg);
    }
    PQsetNoticeProcessor(pg, pg_notice, NULL);
    if (PQsetnonblocking(pg, 1) != 0) {
        log_error("store: PostgreSQL: %s", PQerrorMessage(pg));
        PQfinish(pg);
        return NULL;
    }
    return pg;
}

static int pg_conn_open(Store *s, StoreConn *c)
{
    PGconn *pg = pg_connect(s->zUrl, s);
    if (pg == NULL) {
        return ERR_UNAVAILABLE;
    }
    PgConn *p = xcalloc(1, sizeof(*p));
    p->pg = pg;
    p->pStore = s;
    c->pB = p;
    return OK;
}

static void pg_conn_close(StoreConn *c)
{
    PgConn *p = PG_CONN(c);
    PQfinish(p->pg);
    for (int i = 0; i < p->nTable; i++) {
        free(p->azTable[i]);
    }
    free(p);
    c->pB = NULL;
}

static bool pg_conn_broken(StoreConn *c)
{
    PGconn *pg = PG_CONN(c)->pg;
    return PG_CONN(c)->bTimedOut || PQstatus(pg) != CONNECTION_OK ||
           PQtransactionStatus(pg) != PQTRANS_IDLE;
}

static bool pg_conn_alive(StoreConn *c)
{
    PGconn *pg = PG_CONN(c)->pg;
    if (PG_CONN(c)->bTimedOut || PQstatus(pg) != CONNECTION_OK ||
        PQtransactionStatus(pg) != PQTRANS_IDLE) {
        return false;
    }
    /* An idle session has nothing to say.  When its socket is readable
       the server is almost surely ending it (a shutdown or restart sends
       its reason, then the end of the stream; libpq would notice only at
       the next statement, which would fail).  The rare message that is
       not a farewell (a parameter the server reports changed) costs one
       reconnection. */
    struct pollfd fd = {PQsocket(pg), POLLIN, 0};
    return poll(&fd, 1, 0) == 0;
}

/*
 * Translate the literal 'zSql' into 's': '?' outside quotes becomes $n.
 * Return the number of parameters, or -1 when there are too many.
 */
static int pg_translate(const char *zSql, Str *s)
{
    int n = 0;
    char cQuote = 0;
    for (const char *p = zSql; *p; p++) {
        if (cQuote != 0) {
            if (*p == cQuote) {
                cQuote = 0;
            }
            str_append(s, p, 1);
        } else if (*p == '\'' || *p == '"') {
            cQuote = *p;
            str_append(s, p, 1);
        } else if (*p == '?') {
            if (++n > PG_PARAMS_MAX) {
                return -1;
            }
            str_appendf(s, "$%d", n);
        } else {
            str_append(s, p, 1);
        }
    }
    return n;
}

/* The table an "INSERT INTO name" writes, copied into 'zOut'; or "".
   Feature SQL writes keywords in capitals (STYLE.md 7). */
static void pg_insert_table(const char *zSql, char zOut[64])
{
    zOut[0] = 0;
    while (isspace((unsigned char)*zSql)) {
        zSql++;
    }
    if (strncmp(zSql, "INSERT", 6) != 0) {
        return;
    }
    const char *p = strstr(zSql, "INTO");
    if (p == NULL) {
        return;
    }
    p += 4;
    while (isspace((unsigned char)*p)) {
        p++;
    }
    size_t n = 0;
    while ((isalnum((unsigned char)p[n]) || p[n] == '_') && n < 63) {
        n++;
    }
    memcpy(zOut, p, n);
    zOut[n] = 0;
}

/* Whether table 'zTable' has an "id" column (asked once per connection).
   Return OK or ERR_*. */
static int pg_table_has_id(PgConn *p, const char *zTable, bool *pbHas)
{
    for (int i = 0; i < p->nTable; i++) {
        if (strcmp(p->azTable[i], zTable) == 0) {
            *pbHas = p->abHasId[i];
            return OK;
        }
    }
    if (p->bTimedOut) {
        return ERR_UNAVAILABLE;
    }
    const char *aParam[1] = {zTable};
    int rc = OK;
    PGresult *res = NULL;
    if (PQsendQueryParams(p->pg,
                          "SELECT 1 FROM information_schema.columns"
                          " WHERE table_schema = current_schema()"
                          " AND table_name = $1 AND column_name = 'id'",
                          1, NULL, aParam, NULL, NULL, 0) == 0) {
        rc = ERR_UNAVAILABLE;
    } else {
        res = pg_collect(p, pg_deadline(p), &rc);
    }
    if (rc != OK || PQresultStatus(res) != PGRES_TUPLES_OK) {
        rc = rc != OK ? rc : pg_rc(res, p->pg);
        log_error("store: looking up %s: %s", zTable, PQerrorMessage(p->pg));
        PQclear(res);
        return rc;
    }
    *pbHas = PQntuples(res) > 0;
    PQclear(res);
    if (p->nTable < PG_TABLES_MAX) {
        p->azTable[p->nTable] = xstrdup(zTable);
        p->abHasId[p->nTable] = *pbHas;
        p->nTable++;
    }
    return OK;
}

static int pg_prepare(StoreStmt *st)
{
    PgConn *p = PG_CONN(st->pConn);
    /* One statement per literal, as SQLite refuses a tail. */
    const char *zSemi = strchr(st->zSql, ';');
    if (zSemi != NULL && zSemi[strspn(zSemi, "; \t\n")] != 0) {
        log_error("store: more than one statement in: %s", st->zSql);
        return ERR_DB;
    }
    Arena a;
    arena_init(&a);
    Str s;
    str_init(&s, &a);
    int nParam = pg_translate(st->zSql, &s);
    if (nParam < 0) {
        arena_close(&a);
        log_error("store: more than %d parameters in: %s", PG_PARAMS_MAX,
                  st->zSql);
        return ERR_DB;
    }
    char zTable[64];
    pg_insert_table(st->zSql, zTable);
    bool bReturning = false;
    if (zTable[0] != 0 && strstr(st->zSql, "RETURNING") == NULL) {
        int rc = pg_table_has_id(p, zTable, &bReturning);
        if (rc != OK) {
            arena_close(&a);
            return rc;
        }
        if (bReturning) {
            str_append_z(&s, " RETURNING id");
        }
    }
    PgStmt *ps = xcalloc(1, sizeof(*ps));
    snprintf(ps->zName, sizeof(ps->zName), "s%d", ++p->nStmt);
    ps->nParam = nParam;
    ps->bReturningId = bReturning;
    ps->iRow = -1;
    int rc = OK;
    PGresult *res = NULL;
    if (p->bTimedOut) {
        rc = ERR_UNAVAILABLE;
    } else if (PQsendPrepare(p->pg, ps->zName, s.z, nParam, NULL) == 0) {
        rc = pg_rc(NULL, p->pg);
    } else {
        res = pg_collect(p, pg_deadline(p), &rc);
    }
    if (rc != OK || PQresultStatus(res) != PGRES_COMMAND_OK) {
        rc = rc != OK ? rc : pg_rc(res, p->pg);
        log_error("store: prepare failed: %s: %s",
                  p->bTimedOut ? "timed out" : PQerrorMessage(p->pg), s.z);
        free(ps);
        ps = NULL;
    }
    PQclear(res);
    arena_close(&a);
    st->pB = ps;
    return rc;
}

/* Forget the bindings and the result of 'ps'. */
static void pg_clear(PgStmt *ps)
{
    /* Every cached statement is reset when its connection goes back to
       the pool: only the statement's own places are visited (pg_bind()
       binds no other). */
    for (int i = 0; i < ps->nParam; i++) {
        free(ps->azParam[i]);
        ps->azParam[i] = NULL;
        ps->anLen[i] = 0;
    }
    PQclear(ps->pRes);
    ps->pRes = NULL;
    ps->iRow = -1;
    ps->nRow = 0;
    ps->bDone = false;
}

static void pg_finalize(StoreStmt *st)
{
    PgStmt *ps = PG_ST(st);
    pg_clear(ps);
    /* The server forgets prepared statements with the session. */
    free(ps);
    st->pB = NULL;
}

static void pg_reset(StoreStmt *st)
{
    pg_clear(PG_ST(st));
}

static void pg_bind(StoreStmt *st, int i, const char *z, size_t n)
{
    PgStmt *ps = PG_ST(st);
    /* A place the statement does not have is ignored (SQLite's
       SQLITE_RANGE, which store.h's binders ignore too). */
    if (i < 1 || i > ps->nParam) {
        return;
    }
    free(ps->azParam[i - 1]);
    ps->azParam[i - 1] = NULL;
    if (z != NULL) {
        char *zCopy = xmalloc(n + 1);
        memcpy(zCopy, z, n);
        zCopy[n] = 0;
        ps->azParam[i - 1] = zCopy;
        ps->anLen[i - 1] = (int)n;
    }
}

static void pg_bind_text(StoreStmt *st, int i, const char *z, size_t n)
{
    pg_bind(st, i, z, n);
}

static void pg_bind_int(StoreStmt *st, int i, int64_t v)
{
    char z[24];
    int n = snprintf(z, sizeof(z), "%" PRId64, v);
    pg_bind(st, i, z, (size_t)n);
}

static void pg_bind_null(StoreStmt *st, int i)
{
    pg_bind(st, i, NULL, 0);
}

/* Take 'res', the result of 'st' just run, as its rows to step through
   (or its error).  Return OK or ERR_* (logged). */
static int pg_take(StoreStmt *st, PGresult *res)
{
    PgStmt *ps = PG_ST(st);
    PgConn *p = PG_CONN(st->pConn);
    ExecStatusType s = PQresultStatus(res);
    if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
        int rc = pg_rc(res, p->pg);
        if (rc != ERR_CONSTRAINT) {
            const char *zErr = PQresultErrorMessage(res);
            log_error("store: %s: %s",
                      zErr && zErr[0] ? zErr : PQerrorMessage(p->pg), st->zSql);
        }
        PQclear(res);
        return rc;
    }
    ps->pRes = res;
    const char *zCount = PQcmdTuples(res);
    p->nChanges = zCount[0] ? atoi(zCount) : 0;
    ps->nRow = s == PGRES_TUPLES_OK ? PQntuples(res) : 0;
    ps->iRow = -1;
    if (ps->bReturningId) {
        /* The id is for store_last_id(), not a row to read. */
        if (ps->nRow > 0) {
            p->lastId = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        }
        ps->nRow = 0;
    }
    return OK;
}

/* Send 'st' with its bindings on its connection (in pipeline mode too).
   Return OK or ERR_*. */
static int pg_send(StoreStmt *st)
{
    PgStmt *ps = PG_ST(st);
    PgConn *p = PG_CONN(st->pConn);
    const char *azValue[PG_PARAMS_MAX];
    for (int i = 0; i < ps->nParam; i++) {
        azValue[i] = ps->azParam[i];
    }
    if (PQsendQueryPrepared(p->pg, ps->zName, ps->nParam, azValue, ps->anLen,
                            NULL, 0) == 0) {
        log_error("store: %s: %s", PQerrorMessage(p->pg), st->zSql);
        return pg_rc(NULL, p->pg);
    }
    return OK;
}

static int pg_step(StoreStmt *st)
{
    PgStmt *ps = PG_ST(st);
    PgConn *p = PG_CONN(st->pConn);
    if (ps->pRes == NULL && !ps->bDone) {
        if (p->bTimedOut) {
            return ERR_UNAVAILABLE;
        }
        int rc = pg_send(st);
        PGresult *res = NULL;
        if (rc == OK) {
            res = pg_collect(p, pg_deadline(p), &rc);
        }
        if (rc != OK) {
            log_error("store: %s: %s",
                      p->bTimedOut ? "timed out" : PQerrorMessage(p->pg),
                      st->zSql);
            return rc;
        }
        if (res == NULL) {
            log_error("store: no result: %s", st->zSql);
            return ERR_DB;
        }
        rc = pg_take(st, res);
        if (rc != OK) {
            return rc;
        }
    }
    if (ps->pRes != NULL && ps->iRow + 1 < ps->nRow) {
        ps->iRow++;
        return STORE_ROW;
    }
    PQclear(ps->pRes);
    ps->pRes = NULL;
    ps->bDone = true;
    return STORE_DONE;
}

/*
 * store_batch_send() on PostgreSQL: the 'n' statements 'aSt' (prepared
 * and bound on one connection) in pipeline mode, one Sync, then every
 * result in order, each kept for its step.  After an error the server
 * skips the rest (PGRES_PIPELINE_ABORTED) up to the Sync, which is read
 * all the same, so the connection leaves pipeline mode idle.
 */
static int pg_batch(StoreStmt **aSt, int n)
{
    PgConn *p = PG_CONN(aSt[0]->pConn);
    if (p->bTimedOut) {
        return ERR_UNAVAILABLE;
    }
    if (PQenterPipelineMode(p->pg) == 0) {
        log_error("store: pipeline mode: %s", PQerrorMessage(p->pg));
        return pg_rc(NULL, p->pg);
    }
    int64_t tDeadline = pg_deadline(p);
    int rc = OK;
    for (int i = 0; i < n && rc == OK; i++) {
        rc = pg_send(aSt[i]);
    }
    if (rc == OK && PQpipelineSync(p->pg) == 0) {
        log_error("store: pipeline sync: %s", PQerrorMessage(p->pg));
        rc = pg_rc(NULL, p->pg);
    }
    if (rc == OK) {
        rc = pg_flush(p, tDeadline);
    }
    if (rc != OK) {
        /* Nothing (or not all) went out: the connection is not worth
           saving. */
        p->bTimedOut = true;
        return rc;
    }
    int rcFirst = OK;
    for (int i = 0; i < n; i++) {
        PGresult *res = NULL;
        rc = pg_next(p, tDeadline, &res);
        if (rc != OK) {
            return rc;
        }
        if (res == NULL) {
            log_error("store: pipeline: no result: %s", aSt[i]->zSql);
            p->bTimedOut = true;
            return ERR_DB;
        }
        if (PQresultStatus(res) == PGRES_PIPELINE_ABORTED) {
            PQclear(res);
        } else {
            int rcOne = pg_take(aSt[i], res);
            if (rcFirst == OK) {
                rcFirst = rcOne;
            }
        }
        /* The NULL that ends this statement's results. */
        rc = pg_next(p, tDeadline, &res);
        if (rc != OK) {
            return rc;
        }
        PQclear(res);
    }
    PGresult *res = NULL;
    rc = pg_next(p, tDeadline, &res);
    if (rc != OK) {
        return rc;
    }
    bool bSync = res != NULL && PQresultStatus(res) == PGRES_PIPELINE_SYNC;
    PQclear(res);
    if (!bSync || PQexitPipelineMode(p->pg) == 0) {
        log_error("store: pipeline did not end: %s", PQerrorMessage(p->pg));
        p->bTimedOut = true;
        return ERR_DB;
    }
    return rcFirst;
}

static const char *pg_col_text(StoreStmt *st, int i, size_t *pn)
{
    PgStmt *ps = PG_ST(st);
    if (ps->pRes == NULL || ps->iRow < 0 ||
        PQgetisnull(ps->pRes, ps->iRow, i)) {
        *pn = 0;
        return NULL;
    }
    *pn = (size_t)PQgetlength(ps->pRes, ps->iRow, i);
    return PQgetvalue(ps->pRes, ps->iRow, i);
}

static int64_t pg_col_int(StoreStmt *st, int i)
{
    size_t n = 0;
    const char *z = pg_col_text(st, i, &n);
    if (z == NULL) {
        return 0;
    }
    /* A boolean comes back as t or f. */
    if (n == 1 && (z[0] == 't' || z[0] == 'f')) {
        return z[0] == 't';
    }
    return strtoll(z, NULL, 10);
}

static bool pg_col_null(StoreStmt *st, int i)
{
    PgStmt *ps = PG_ST(st);
    return ps->pRes == NULL || ps->iRow < 0 ||
           PQgetisnull(ps->pRes, ps->iRow, i);
}

static int64_t pg_last_id(StoreConn *c)
{
    return PG_CONN(c)->lastId;
}

static int pg_changes(StoreConn *c)
{
    return PG_CONN(c)->nChanges;
}

/*
 * Widen SQLite's integer types in a migration script: INTEGER PRIMARY KEY
 * becomes a BIGINT identity and every other INTEGER a BIGINT (times in
 * milliseconds do not fit 32 bits).  Words inside quotes are left alone.
 */
static void pg_widen(const char *zSql, Str *s)
{
    static const char zIntPk[] = "INTEGER PRIMARY KEY";
    static const char zInt[] = "INTEGER";
    char cQuote = 0;
    for (const char *p = zSql; *p;) {
        if (cQuote != 0) {
            cQuote = *p == cQuote ? 0 : cQuote;
            str_append(s, p++, 1);
            continue;
        }
        if (*p == '\'' || *p == '"') {
            cQuote = *p;
            str_append(s, p++, 1);
            continue;
        }
        bool bWordStart =
            p == zSql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
        if (bWordStart && strncmp(p, zIntPk, sizeof(zIntPk) - 1) == 0) {
            str_append_z(s, "BIGINT GENERATED BY DEFAULT AS IDENTITY "
                            "PRIMARY KEY");
            p += sizeof(zIntPk) - 1;
            continue;
        }
        if (bWordStart && strncmp(p, zInt, sizeof(zInt) - 1) == 0 &&
            !(isalnum((unsigned char)p[sizeof(zInt) - 1]) ||
              p[sizeof(zInt) - 1] == '_')) {
            str_append_z(s, "BIGINT");
            p += sizeof(zInt) - 1;
            continue;
        }
        str_append(s, p++, 1);
    }
}

/*
 * store_analyze(): ANALYZE every table of the schema that holds rows.  An
 * empty table is left never analyzed, which PostgreSQL plans as ten pages
 * of rows; analyzed empty, it is planned as empty, and a prepared
 * statement's generic plan then reads it whole (measured: a flood of 5,000
 * comments on one article before autovacuum analyzed them took every other
 * article page from 8,700 to 3,400 requests a second, PostgreSQL's CPU a
 * page from 80 to 380 µs: a sequential read of comments).
 */
#define PG_ANALYZE_SQL                                                         \
    "DO $$DECLARE t regclass; b boolean; BEGIN"                                \
    " FOR t IN SELECT c.oid::regclass FROM pg_class c"                         \
    "  WHERE c.relnamespace = current_schema()::regnamespace"                  \
    "  AND c.relkind = 'r' LOOP"                                               \
    " EXECUTE format('SELECT EXISTS (SELECT FROM %s)', t) INTO b;"             \
    " IF b THEN EXECUTE format('ANALYZE %s', t); END IF;"                      \
    " END LOOP; END$$"

static int pg_exec(StoreConn *c, const char *zSql)
{
    Arena a;
    arena_init(&a);
    Str s;
    str_init(&s, &a);
    pg_widen(zSql, &s);
    /* Migrations may build indexes over millions of rows: unbounded. */
    int rc = pg_exec_plain_on(PG_CONN(c), s.z, false);
    arena_close(&a);
    return rc;
}

static int pg_begin(StoreConn *c)
{
    PgConn *p = PG_CONN(c);
    int rc = pg_exec_plain(p, "BEGIN");
    if (rc == OK) {
        rc = pg_exec_plain(p, "SELECT pg_advisory_xact_lock(x'" PG_WRITE_LOCK
                              "'::bigint)");
        if (rc != OK && !p->bTimedOut) {
            (void)pg_exec_plain(p, "ROLLBACK");
        }
    }
    return rc;
}

static int pg_commit(StoreConn *c)
{
    return pg_exec_plain(PG_CONN(c), "COMMIT");
}

static void pg_rollback(StoreConn *c)
{
    PgConn *p = PG_CONN(c);
    if (!p->bTimedOut && PQstatus(p->pg) == CONNECTION_OK &&
        PQtransactionStatus(p->pg) != PQTRANS_IDLE) {
        (void)pg_exec_plain(p, "ROLLBACK");
    }
}

static int pg_fk(StoreConn *c, bool bOn)
{
    /* References are checked per statement, and PostgreSQL migrations
       alter tables in place instead of rebuilding them. */
    (void)c;
    (void)bOn;
    return OK;
}

static int pg_fk_check(StoreConn *c)
{
    (void)c;
    return OK;
}

static int pg_quick_check(StoreConn *c, Arena *a)
{
    /* PostgreSQL checks its own pages (and pg_amcheck exists for more);
       here: the server answers a query. */
    (void)a;
    return pg_exec_plain(PG_CONN(c), "SELECT 1");
}

static int pg_wal_position(StoreConn *c, int64_t *pnPos, bool *pbStandby)
{
    /* The insert position, not the write position: with asynchronous
       commit a committed transaction may still sit in the WAL buffers. */
    PgConn *p = PG_CONN(c);
    PGconn *pg = p->pg;
    int rc = OK;
    PGresult *res = NULL;
    if (p->bTimedOut) {
        return ERR_UNAVAILABLE;
    }
    if (PQsendQuery(pg, "SELECT pg_is_in_recovery(), (CASE WHEN"
                        " pg_is_in_recovery()"
                        " THEN coalesce(pg_last_wal_replay_lsn(), '0/0')"
                        " ELSE pg_current_wal_insert_lsn() END"
                        " - '0/0'::pg_lsn)::bigint") == 0) {
        rc = pg_rc(NULL, pg);
    } else {
        res = pg_collect(p, pg_deadline(p), &rc);
    }
    if (rc != OK || PQresultStatus(res) != PGRES_TUPLES_OK ||
        PQntuples(res) != 1) {
        rc = rc != OK ? rc : pg_rc(res, pg);
        log_error("store: reading the WAL position: %s", PQerrorMessage(pg));
    } else {
        *pbStandby = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
        *pnPos = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    }
    PQclear(res);
    return rc;
}

static int64_t pg_free_bytes(Store *s)
{
    (void)s;
    return -1;
}

static int pg_backup(Store *s, const char *zPath)
{
    (void)s;
    log_error("store: back up a PostgreSQL database with pg_dump, not to "
              "%s (docs/operations.md)",
              zPath);
    return ERR_INVALID;
}

static int pg_notify(StoreConn *c)
{
    return pg_exec_plain(PG_CONN(c), "NOTIFY " STORE_CHANNEL);
}

static int pg_listen_open(Store *s, void **ppB)
{
    PGconn *pg = pg_connect(s->zUrl, s);
    if (pg == NULL) {
        return ERR_UNAVAILABLE;
    }
    PgConn p = {.pg = pg, .pStore = s};
    int rc = pg_exec_plain(&p, "LISTEN " STORE_CHANNEL);
    if (rc != OK) {
        PQfinish(pg);
        return rc;
    }
    *ppB = pg;
    return OK;
}

/* Consume what the server sent to 'pg' and free its notifications; true
   when there was at least one.  Set '*pbLost' (OUT) when the connection
   is gone. */
static bool pg_drain(PGconn *pg, bool *pbLost)
{
    *pbLost = PQconsumeInput(pg) == 0 || PQstatus(pg) != CONNECTION_OK;
    bool bAny = false;
    PGnotify *n;
    while ((n = PQnotifies(pg)) != NULL) {
        bAny = true;
        PQfreemem(n);
    }
    return bAny;
}

static int pg_listen_wait(void *pB, int nTimeoutMs, bool *pbWoken)
{
    PGconn *pg = pB;
    /* One read along with LISTEN's answer waits in libpq already. */
    PGnotify *n = PQnotifies(pg);
    if (n != NULL) {
        PQfreemem(n);
        bool bLost = false;
        (void)pg_drain(pg, &bLost);
        *pbWoken = true;
        return OK;
    }
    struct pollfd fd = {PQsocket(pg), POLLIN, 0};
    if (fd.fd < 0) {
        return ERR_UNAVAILABLE;
    }
    int nReady = poll(&fd, 1, nTimeoutMs);
    if (nReady < 0 && errno != EINTR) {
        return ERR_UNAVAILABLE;
    }
    if (nReady > 0) {
        bool bLost = false;
        *pbWoken = pg_drain(pg, &bLost);
        if (bLost) {
            log_warn("store: the listening connection was lost: %s",
                     PQerrorMessage(pg));
            return ERR_UNAVAILABLE;
        }
    }
    return OK;
}

static void pg_listen_close(void *pB)
{
    PQfinish(pB);
}

/* The columns and parents of table 'pT' (its name set) on 'c'. */
static int pg_table_describe(StoreConn *c, Arena *a, StoreTable *pT)
{
    StoreStmt *st = NULL;
    /* indkey counts from 0: its position + 1 is the place in the key. */
    int rc = store_prepare(
        c,
        "SELECT a.attname, t.typname, a.attidentity <> '',"
        " coalesce(array_position(i.indkey::int2[], a.attnum), -1) + 1"
        " FROM pg_catalog.pg_attribute a"
        " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
        " LEFT JOIN pg_catalog.pg_index i"
        " ON i.indrelid = a.attrelid AND i.indisprimary"
        " WHERE a.attrelid = ?::regclass AND a.attnum > 0"
        " AND NOT a.attisdropped ORDER BY a.attnum",
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, pT->zName);
    int nAlloc = 8;
    pT->aCol = arena_alloc(a, sizeof(StoreColumn) * (size_t)nAlloc);
    while ((rc = store_step(st)) == STORE_ROW) {
        pT->aCol =
            arena_grow(a, pT->aCol, pT->nCol, &nAlloc, sizeof(*pT->aCol));
        StoreColumn *col = &pT->aCol[pT->nCol++];
        col->zName = store_col_text(st, 0, a);
        const char *zType = store_col_text(st, 1, a);
        col->bIdentity = store_col_int(st, 2) != 0;
        col->iPk = (int)store_col_int(st, 3);
        if (strcmp(zType, "int8") == 0 || strcmp(zType, "int4") == 0 ||
            strcmp(zType, "int2") == 0) {
            col->bInt = true;
        } else if (strcmp(zType, "text") != 0 &&
                   strcmp(zType, "varchar") != 0) {
            log_error("store: %s.%s has type %s; only integer and text "
                      "columns can be copied",
                      pT->zName, col->zName, zType);
            return ERR_INVALID;
        }
    }
    if (rc != STORE_DONE) {
        return rc < 0 ? rc : ERR_DB;
    }
    rc = store_prepare(c,
                       "SELECT DISTINCT confrelid::regclass::text"
                       " FROM pg_catalog.pg_constraint"
                       " WHERE conrelid = ?::regclass AND contype = 'f'"
                       " ORDER BY 1",
                       &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, pT->zName);
    pT->azParent = arena_alloc(a, sizeof(char *) * (size_t)pT->nCol);
    while ((rc = store_step(st)) == STORE_ROW) {
        if (pT->nParent < pT->nCol) {
            pT->azParent[pT->nParent++] = store_col_text(st, 0, a);
        }
    }
    return rc == STORE_DONE ? OK : rc;
}

static int pg_tables(StoreConn *c, Arena *a, StoreTable **paTable, int *pn)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT c.relname FROM pg_catalog.pg_class c"
                           " JOIN pg_catalog.pg_namespace n"
                           " ON n.oid = c.relnamespace"
                           " WHERE n.nspname = current_schema()"
                           " AND c.relkind IN ('r', 'p')"
                           " AND c.relname NOT IN ('schema_migrations',"
                           " 'store_health') ORDER BY c.relname",
                           &st);
    if (rc != OK) {
        return rc;
    }
    int nAlloc = 16, n = 0;
    StoreTable *aTable = arena_alloc(a, sizeof(StoreTable) * (size_t)nAlloc);
    while ((rc = store_step(st)) == STORE_ROW) {
        aTable = arena_grow(a, aTable, n, &nAlloc, sizeof(*aTable));
        aTable[n++].zName = store_col_text(st, 0, a);
    }
    if (rc != STORE_DONE) {
        return rc < 0 ? rc : ERR_DB;
    }
    for (int i = 0; i < n; i++) {
        rc = pg_table_describe(c, a, &aTable[i]);
        if (rc != OK) {
            return rc;
        }
    }
    *paTable = aTable;
    *pn = n;
    return OK;
}

static int pg_begin_read(StoreConn *c)
{
    return pg_exec_plain(PG_CONN(c),
                         "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

static int pg_identity_set(StoreConn *c, const char *zTable,
                           const char *zColumn, int64_t nNext)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c, "SELECT setval(pg_get_serial_sequence(?, ?), ?, false)", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zTable);
    store_bind_z(st, 2, zColumn);
    store_bind_int(st, 3, nNext);
    return store_exec(st);
}

static int pg_file_check(const char *zFile, int *pnVersion)
{
    (void)zFile;
    (void)pnVersion;
    return ERR_INVALID;
}

static int pg_restore_into(const char *zUrl, const char *zFile, bool bForce)
{
    (void)zUrl;
    (void)bForce;
    log_error("store: a PostgreSQL database is restored with pg_restore "
              "from pg_dump's file; to load the SQLite backup %s into "
              "PostgreSQL, use sinmun copy --from sqlite:%s --to URL "
              "(docs/operations.md)",
              zFile, zFile);
    return ERR_INVALID;
}

const StoreBackend g_storePg = {
    .zName = "postgresql",
    .conn_open = pg_conn_open,
    .conn_close = pg_conn_close,
    .conn_broken = pg_conn_broken,
    .conn_alive = pg_conn_alive,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_null = pg_bind_null,
    .batch = pg_batch,
    .step = pg_step,
    .col_text = pg_col_text,
    .col_int = pg_col_int,
    .col_null = pg_col_null,
    .last_id = pg_last_id,
    .changes = pg_changes,
    .exec = pg_exec,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .fk = pg_fk,
    .fk_check = pg_fk_check,
    .quick_check = pg_quick_check,
    .wal_position = pg_wal_position,
    .free_bytes = pg_free_bytes,
    .backup = pg_backup,
    .notify = pg_notify,
    .listen_open = pg_listen_open,
    .listen_wait = pg_listen_wait,
    .listen_close = pg_listen_close,
    .tables = pg_tables,
    .begin_read = pg_begin_read,
    .identity_set = pg_identity_set,
    .zAnalyze = PG_ANALYZE_SQL,
    .zCollateBinary = " COLLATE \"C\"",
    .file_check = pg_file_check,
    .restore = pg_restore_into,
};
