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
 * When the server goes away: every connection is opened with
 * g_azPgDefault (a connect_timeout, TCP keepalives) under the URL, which
 * may override them; a lost connection answers ERR_UNAVAILABLE and is
 * replaced by the pool (conn_broken), and an idle one the server is
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "base/xmalloc.h"

/* Most parameters one statement may have. */
#define PG_PARAMS_MAX 64
/* The advisory lock every write transaction takes ("sinmun" in ASCII). */
#define PG_WRITE_LOCK "736e6d6e"
/* Tables whose "id" column is known, per connection. */
#define PG_TABLES_MAX 64

/* Connection settings used unless the URL names them: give up on an
   unreachable server after 3 s (a request answers 503 instead of
   hanging), and notice a peer that vanished from the network within
   about half a minute (TCP keepalives; Unix sockets ignore them).  The
   URL goes in as dbname, last, so what it says wins. */
static const char *const g_azPgKey[] = {"connect_timeout",
                                        "keepalives",
                                        "keepalives_idle",
                                        "keepalives_interval",
                                        "keepalives_count",
                                        "dbname",
                                        NULL};
static const char *const g_azPgDefault[] = {"3", "1", "10", "5", "3"};

/* What a connection keeps besides the libpq handle. */
typedef struct PgConn {
    PGconn *pg;                   /* the handle */
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

/* Run plain SQL (no parameters, no rows wanted).  Return OK or ERR_*. */
static int pg_exec_plain(PGconn *pg, const char *zSql)
{
    PGresult *res = PQexec(pg, zSql);
    ExecStatusType s = PQresultStatus(res);
    int rc = OK;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        rc = pg_rc(res, pg);
        log_error("store: %s: %s", zSql, PQerrorMessage(pg));
    }
    PQclear(res);
    return rc;
}

/* Connect to 'zUrl' (g_azPgDefault under it) and set what every
   connection needs.  Return the handle, or NULL (logged). */
static PGconn *pg_connect(const char *zUrl)
{
    const char *azValue[sizeof(g_azPgKey) / sizeof(g_azPgKey[0])];
    size_t nDefault = sizeof(g_azPgDefault) / sizeof(g_azPgDefault[0]);
    for (size_t i = 0; i < nDefault; i++) {
        azValue[i] = g_azPgDefault[i];
    }
    azValue[nDefault] = zUrl;
    azValue[nDefault + 1] = NULL;
    PGconn *pg = PQconnectdbParams(g_azPgKey, azValue, 1);
    if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
        log_error("store: cannot connect to PostgreSQL: %s",
                  pg ? PQerrorMessage(pg) : "out of memory");
        PQfinish(pg);
        return NULL;
    }
    PQsetNoticeProcessor(pg, pg_notice, NULL);
    /* Times are integers; text is UTF-8 like everything else here. */
    if (pg_exec_plain(pg, "SET client_encoding = 'UTF8'") != OK) {
        PQfinish(pg);
        return NULL;
    }
    return pg;
}

static int pg_conn_open(Store *s, StoreConn *c)
{
    PGconn *pg = pg_connect(s->zUrl);
    if (pg == NULL) {
        return ERR_UNAVAILABLE;
    }
    PgConn *p = xcalloc(1, sizeof(*p));
    p->pg = pg;
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
    return PQstatus(pg) != CONNECTION_OK ||
           PQtransactionStatus(pg) != PQTRANS_IDLE;
}

static bool pg_conn_alive(StoreConn *c)
{
    PGconn *pg = PG_CONN(c)->pg;
    if (PQstatus(pg) != CONNECTION_OK ||
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
    const char *aParam[1] = {zTable};
    PGresult *res = PQexecParams(p->pg,
                                 "SELECT 1 FROM information_schema.columns"
                                 " WHERE table_schema = current_schema()"
                                 " AND table_name = $1 AND column_name = 'id'",
                                 1, NULL, aParam, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        int rc = pg_rc(res, p->pg);
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
    PGresult *res = PQprepare(p->pg, ps->zName, s.z, nParam, NULL);
    int rc = OK;
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        rc = pg_rc(res, p->pg);
        log_error("store: prepare failed: %s: %s", PQerrorMessage(p->pg), s.z);
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
    for (int i = 0; i < PG_PARAMS_MAX; i++) {
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
    if (i < 1 || i > PG_PARAMS_MAX) {
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

static int pg_step(StoreStmt *st)
{
    PgStmt *ps = PG_ST(st);
    PgConn *p = PG_CONN(st->pConn);
    if (ps->pRes == NULL && !ps->bDone) {
        const char *azValue[PG_PARAMS_MAX];
        for (int i = 0; i < ps->nParam; i++) {
            azValue[i] = ps->azParam[i];
        }
        ps->pRes = PQexecPrepared(p->pg, ps->zName, ps->nParam, azValue,
                                  ps->anLen, NULL, 0);
        ExecStatusType s = PQresultStatus(ps->pRes);
        if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
            int rc = pg_rc(ps->pRes, p->pg);
            if (rc != ERR_CONSTRAINT) {
                log_error("store: %s: %s", PQerrorMessage(p->pg), st->zSql);
            }
            PQclear(ps->pRes);
            ps->pRes = NULL;
            return rc;
        }
        const char *zCount = PQcmdTuples(ps->pRes);
        p->nChanges = zCount[0] ? atoi(zCount) : 0;
        ps->nRow = s == PGRES_TUPLES_OK ? PQntuples(ps->pRes) : 0;
        ps->iRow = -1;
        if (ps->bReturningId) {
            /* The id is for store_last_id(), not a row to read. */
            if (ps->nRow > 0) {
                p->lastId = strtoll(PQgetvalue(ps->pRes, 0, 0), NULL, 10);
            }
            ps->nRow = 0;
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

static int pg_exec(StoreConn *c, const char *zSql)
{
    Arena a;
    arena_init(&a);
    Str s;
    str_init(&s, &a);
    pg_widen(zSql, &s);
    int rc = pg_exec_plain(PG_CONN(c)->pg, s.z);
    arena_close(&a);
    return rc;
}

static int pg_begin(StoreConn *c)
{
    PGconn *pg = PG_CONN(c)->pg;
    int rc = pg_exec_plain(pg, "BEGIN");
    if (rc == OK) {
        rc = pg_exec_plain(pg, "SELECT pg_advisory_xact_lock(x'" PG_WRITE_LOCK
                               "'::bigint)");
        if (rc != OK) {
            PGresult *res = PQexec(pg, "ROLLBACK");
            PQclear(res);
        }
    }
    return rc;
}

static int pg_commit(StoreConn *c)
{
    return pg_exec_plain(PG_CONN(c)->pg, "COMMIT");
}

static void pg_rollback(StoreConn *c)
{
    PGconn *pg = PG_CONN(c)->pg;
    if (PQtransactionStatus(pg) != PQTRANS_IDLE) {
        PGresult *res = PQexec(pg, "ROLLBACK");
        PQclear(res);
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
    return pg_exec_plain(PG_CONN(c)->pg, "SELECT 1");
}

static int pg_wal_position(StoreConn *c, int64_t *pnPos, bool *pbStandby)
{
    /* The insert position, not the write position: with asynchronous
       commit a committed transaction may still sit in the WAL buffers. */
    PGconn *pg = PG_CONN(c)->pg;
    PGresult *res = PQexec(
        pg, "SELECT pg_is_in_recovery(), (CASE WHEN pg_is_in_recovery()"
            " THEN coalesce(pg_last_wal_replay_lsn(), '0/0')"
            " ELSE pg_current_wal_insert_lsn() END - '0/0'::pg_lsn)::bigint");
    int rc = OK;
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        rc = pg_rc(res, pg);
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
    return pg_exec_plain(PG_CONN(c)->pg, "NOTIFY " STORE_CHANNEL);
}

static int pg_listen_open(Store *s, void **ppB)
{
    PGconn *pg = pg_connect(s->zUrl);
    if (pg == NULL) {
        return ERR_UNAVAILABLE;
    }
    int rc = pg_exec_plain(pg, "LISTEN " STORE_CHANNEL);
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
    return pg_exec_plain(PG_CONN(c)->pg,
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
    .zCollateBinary = " COLLATE \"C\"",
    .file_check = pg_file_check,
    .restore = pg_restore_into,
};
