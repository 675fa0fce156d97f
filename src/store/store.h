/*
 * store.h — the database interface every feature's <feature>_db.c uses.
 *
 * A Store is a pool of connections to one database: a SQLite file today,
 * PostgreSQL later (docs/store.md says how the dialects are kept apart).
 * A request takes one connection with store_conn(), which returns it to
 * the pool when the request's arena closes.  Statements are string
 * literals with '?' placeholders, prepared once per connection and reused;
 * the store_prepare() macro refuses anything but a literal at compile time.
 *
 * Owner: main.c opens the Store with store_open() and closes it with
 * store_close() after the server has stopped.
 */
#ifndef SINMUN_STORE_STORE_H
#define SINMUN_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/rc.h"

typedef struct Store Store;
typedef struct StoreConn StoreConn;
typedef struct StoreStmt StoreStmt;

/* Result of store_step(). */
enum {
    STORE_ROW = 1,  /* a row is ready to read */
    STORE_DONE = 0, /* no more rows */
};

/*
 * One numbered schema change.  PostgreSQL runs 'zSqlPg' when the DDL
 * differs, else 'zSql' with SQLite's integer types widened (INTEGER →
 * BIGINT, INTEGER PRIMARY KEY → BIGINT identity; docs/store.md).
 */
typedef struct StoreMigration {
    int version;        /* its number, from 1, without gaps */
    const char *zSql;   /* the script: DDL and fixed data only */
    const char *zSqlPg; /* PostgreSQL's own script, or NULL */
} StoreMigration;

/* The migrations a Store is opened with (src/schema.c has the program's). */
typedef struct StoreSchema {
    const StoreMigration *aMigration; /* in order, version i + 1 at [i] */
    int nMigration;                   /* how many: the newest version */
} StoreSchema;

/*
 * Open the database 'zUrl' (a file path, or a postgresql:// URL) with at
 * most 'nConn' connections, apply every pending migration of 'pSchema',
 * and set '*ppStore' (OUT).  A NULL 'pSchema' opens the database as it
 * is, changing nothing (backups, the source of a copy, a read replica,
 * which refuses writes).  Return OK or ERR_*; a message is logged.
 */
int store_open(const char *zUrl, int nConn, const StoreSchema *pSchema,
               Store **ppStore) WARN_UNUSED;

/*
 * Open a pool on the read replica 'zUrl' (a PostgreSQL hot standby) with
 * at most 'nConn' connections, connecting to nothing yet: a replica that
 * is down when the server starts is tried by store_conn() when a request
 * asks, as a primary that went away is.  Nothing is migrated or written.
 * Set '*ppStore' (OUT).  Return OK, or ERR_INVALID (logged) when 'zUrl'
 * is not a PostgreSQL URL.
 */
int store_open_replica(const char *zUrl, int nConn,
                       Store **ppStore) WARN_UNUSED;

/*
 * How far the write-ahead log of the database 'c' is on has come, in
 * bytes from its start, into '*pnPos' (OUT): on a primary, the end of
 * what has been inserted (every transaction committed so far lies before
 * it); on a standby ('*pbStandby' set, OUT), what it has replayed.  A
 * standby that shows a position its primary showed earlier sees every
 * transaction the primary had committed then.  SQLite ships no log: 0,
 * not a standby.  Return OK or ERR_*.
 */
int store_wal_position(StoreConn *c, int64_t *pnPos,
                       bool *pbStandby) WARN_UNUSED;

/*
 * Apply every pending migration of 'pSchema' to 'pStore' (opened without
 * a schema).  Return OK or ERR_*, as store_open() does.
 */
int store_migrate(Store *pStore, const StoreSchema *pSchema) WARN_UNUSED;

/* True when 'zUrl' names a PostgreSQL database (postgresql://…). */
bool store_url_is_pg(const char *zUrl);

/* True when 'pStore' (or the pool of 'c') is on PostgreSQL. */
bool store_is_pg(const Store *pStore);
bool store_conn_is_pg(const StoreConn *c);

/* The database 'pStore' was opened on (file path or URL). */
const char *store_url(const Store *pStore);

/* Close every connection and free 'pStore'.  No connection may be in use. */
void store_close(Store *pStore);

/*
 * Take a connection from the pool for the life of arena 'a' (it goes back
 * when 'a' closes).  Set '*ppConn' (OUT).  Return OK, ERR_BUSY when none
 * frees up within a few seconds (STORE_POOL_WAIT_S), or ERR_UNAVAILABLE
 * when the database server cannot be reached: connecting failed now or
 * less than STORE_RETRY_MS ago (so while PostgreSQL is down a request
 * fails at once instead of each waiting for a connection attempt).  A
 * pooled connection the server closed while it sat idle is replaced, not
 * handed out.
 */
int store_conn(Store *pStore, Arena *a, StoreConn **ppConn) WARN_UNUSED;

/*
 * Give 'c' back to the pool now, before its arena closes (rolling back an
 * open transaction).  A request does this once its answer is built, so a
 * connection is never held while the answer is being sent.  'c' must not
 * be used afterwards; NULL is ignored.
 */
void store_conn_put(StoreConn *c);

/* Default of store_set_timeout(): milliseconds (docs/configuration.md,
   db_timeout_ms). */
#define STORE_TIMEOUT_MS_DEFAULT 5000

/*
 * Bound every statement and every new connection of 'pStore' to
 * 'nTimeoutMs' milliseconds (0: no bound, what store_open() starts with,
 * so the commands' long migrations and copies are never cut).  A
 * PostgreSQL statement that gets no answer in time (a frozen server, a
 * dead network) fails with ERR_UNAVAILABLE; its connection is discarded
 * (the server is asked to cancel, best effort) and for STORE_RETRY_MS
 * every request fails at once with ERR_UNAVAILABLE instead of waiting
 * for a timeout of its own.  SQLite: unused (its busy timeout is 5 s).
 */
void store_set_timeout(Store *pStore, int nTimeoutMs);

/*
 * Give the planner statistics for what a bulk load just wrote through 'c'
 * (sinmun copy, the demo).  PostgreSQL: ANALYZE of every table that
 * holds rows (an empty one is left unanalyzed: store_pg.c says why).
 * Until it or autovacuum runs, a table counts as never analyzed and is
 * planned as ten pages of rows whatever it holds (measured: the demo's
 * uncached article page at 6,100 requests a second instead of 9,500, up
 * to a minute after `sinmun demo`).  SQLite: nothing; its queries are
 * written for its plans without statistics.  Return OK or ERR_*.
 */
int store_analyze(StoreConn *c) WARN_UNUSED;

/* Schema version after migrations (the number of the last one applied). */
int store_schema_version(StoreConn *c);

/*
 * Prepare (or fetch from the connection's cache) the statement whose text
 * is the literal 'zSql', reset with no bindings.  Set '*ppStmt' (OUT).
 * Return OK or ERR_DB.  Only one statement per literal.
 */
#define store_prepare(c, zSql, ppStmt)                                         \
    store_prepare_literal((c), "" zSql "", (ppStmt))
int store_prepare_literal(StoreConn *c, const char *zSql,
                          StoreStmt **ppStmt) WARN_UNUSED;

/* Bind parameter 'i' (1-based) of 'st'. */
void store_bind_text(StoreStmt *st, int i, const char *z, size_t n);
void store_bind_z(StoreStmt *st, int i, const char *z); /* NULL → NULL */
void store_bind_int(StoreStmt *st, int i, int64_t v);
void store_bind_null(StoreStmt *st, int i);

/*
 * Run 'st' to its next row.  Return STORE_ROW, STORE_DONE, or ERR_BUSY,
 * ERR_CONSTRAINT, ERR_DB.
 */
int store_step(StoreStmt *st) WARN_UNUSED;

/*
 * Run 'st' to completion, expecting no rows (INSERT, UPDATE, DELETE).
 * Return OK or ERR_*.
 */
int store_exec(StoreStmt *st) WARN_UNUSED;

/*
 * Run 'st', a query answering one row whose first column is an integer
 * (count(*), max(...)), into '*pn' (OUT).  Return OK, ERR_DB when it gave
 * no row, or ERR_*.
 */
int store_step_int(StoreStmt *st, int64_t *pn) WARN_UNUSED;

/* Column 'i' (0-based) of the current row: text copied into 'a'. */
char *store_col_text(StoreStmt *st, int i, Arena *a);
/* Column 'i' as an integer (0 for NULL). */
int64_t store_col_int(StoreStmt *st, int i);
/* True when column 'i' is NULL. */
bool store_col_null(StoreStmt *st, int i);

/* Row id of the last insert on 'c'. */
int64_t store_last_id(StoreConn *c);
/* Rows changed by the last statement on 'c'. */
int store_changes(StoreConn *c);

/*
 * A batch: statements sent to the database together, so a page that
 * needs several independent reads pays one round trip for all of them
 * (PostgreSQL: libpq's pipeline mode, one Sync; SQLite runs each at its
 * first store_step(), as without a batch).  Prepare and bind each
 * statement, store_batch_add() it, store_batch_send() once, then step
 * each as usual.  The statements run in the order added, in one implicit
 * transaction on PostgreSQL; a statement may not be added twice, nor
 * prepared again before it is read.  Only reads: a write keeps its own
 * store_step() (its errors and ids are per statement).
 */
#define STORE_BATCH_MAX 8 /* most statements in one batch */

typedef struct StoreBatch {
    StoreConn *c;                      /* the connection they run on */
    StoreStmt *aStmt[STORE_BATCH_MAX]; /* in the order added */
    int nStmt;                         /* how many */
} StoreBatch;

/* Start an empty batch '*b' (OUT) on 'c'. */
void store_batch_init(StoreBatch *b, StoreConn *c);

/* Add 'st' (prepared on b->c and bound) to 'b'; at most STORE_BATCH_MAX. */
void store_batch_add(StoreBatch *b, StoreStmt *st);

/*
 * Run every statement of 'b': on PostgreSQL send them all, then read
 * every result (bounded by the store's timeout); store_step() then
 * returns their rows without waiting.  On SQLite nothing happens here.
 * Return OK, or the first statement's error (ERR_*; logged).
 */
int store_batch_send(StoreBatch *b) WARN_UNUSED;

/*
 * Transactions.  store_rollback() is safe to call when none is open.
 * Write transactions run one at a time per database, on both backends
 * (SQLite: BEGIN IMMEDIATE; PostgreSQL: one advisory lock), so a check
 * and the write it allows cannot interleave with another process's, and
 * rows inserted inside them get their ids in the order their
 * transactions commit.
 */
int store_begin(StoreConn *c) WARN_UNUSED;
int store_commit(StoreConn *c) WARN_UNUSED;
void store_rollback(StoreConn *c);
/* True while a transaction store_begin() opened on 'c' is open. */
bool store_in_txn(const StoreConn *c);

/*
 * Wake-ups between processes on one database (the change feed,
 * app/changes.c).  On PostgreSQL they are LISTEN/NOTIFY on one channel,
 * STORE_CHANNEL: a notification reaches every listener when the writing
 * transaction commits, and never when it rolls back.  SQLite has no such
 * thing: store_notify() does nothing there and store_listen_wait() just
 * sleeps its timeout, so a listener looks at the database on a timer.  A
 * notification carries no data: the database holds what changed, and
 * the listener reads it.
 */
typedef struct StoreListener StoreListener;

/* The channel (a literal in every statement that names it). */
#define STORE_CHANNEL "sinmun_changes"

/*
 * Notify the listeners when the transaction open on 'c' commits (once
 * per transaction however often it is called; without a transaction, at
 * once).  Return OK or ERR_*.
 */
int store_notify(StoreConn *c) WARN_UNUSED;

/*
 * Listen on 'pStore''s database on a connection of the listener's own
 * (outside the pool, so no request ever waits for it).  Set
 * '*ppListener' (OUT; free it with store_listen_close()).  Return OK, or
 * ERR_UNAVAILABLE when the server cannot be reached (try again later).
 */
int store_listen(Store *pStore, StoreListener **ppListener) WARN_UNUSED;

/*
 * Wait up to 'nTimeoutMs' milliseconds for a notification on 'l'; set
 * '*pbWoken' (OUT) when one or more came (all of them are consumed).
 * Return OK, or ERR_UNAVAILABLE when the listener's connection is lost:
 * notifications may have been missed, so close it, read the database,
 * and listen again.  On SQLite: sleeps 'nTimeoutMs', '*pbWoken' false.
 */
int store_listen_wait(StoreListener *l, int nTimeoutMs,
                      bool *pbWoken) WARN_UNUSED;

/* Close 'l' (NULL is fine). */
void store_listen_close(StoreListener *l);

/*
 * Test hook: make the 'n'th statement step from now fail with ERR_DB
 * (0 turns it off).  Process-wide; for unit tests only.
 */
void store_test_fail_after(int n);

/* What /healthz reports of the database (store_health()). */
typedef struct StoreHealth {
    int rcRead;         /* OK, or the error of a read of a real table */
    int rcWrite;        /* OK, or the error of a small committed write */
    int64_t nFreeBytes; /* free space where the database lives; -1: not a
                           local file (or unknown) */
} StoreHealth;

/* Below this much free space the database counts as full. */
#define STORE_FREE_MIN (16 * 1024 * 1024)

/*
 * Check that 'c' reads and writes: read schema_migrations, and record
 * 'zNode' (who checks) with 'tNow' in the store_health table in a
 * transaction of its own, so a full disk, a read-only file or a lock that
 * never frees shows; also measure the free space beside the file.  Fills
 * '*pOut' (OUT); never fails itself.
 */
void store_health(StoreConn *c, const char *zNode, int64_t tNow,
                  StoreHealth *pOut);

/*
 * Run the backend's integrity check ('PRAGMA quick_check') on a connection
 * of 'pStore'.  Return OK, or ERR_DB after logging what it found (the
 * first few problems), or ERR_*.  `sinmun serve` refuses to start on a
 * damaged database.
 */
int store_quick_check(Store *pStore) WARN_UNUSED;

/*
 * Write a consistent copy of the database to 'zPath', a new file, while
 * other connections keep reading and writing (SQLite's online backup
 * API, one step: docs/operations.md says why not VACUUM INTO).  Return
 * OK, ERR_INVALID on PostgreSQL (pg_dump is the tool there), or ERR_*.
 */
int store_backup(Store *pStore, const char *zPath) WARN_UNUSED;

/*
 * Check that the SQLite file 'zFile' (a backup) opens read-only, passes
 * PRAGMA quick_check and holds a sinmun schema 'pSchema' knows; set
 * '*pnVersion' (OUT) to its schema version.  Nothing is written to it.
 * Return OK, or ERR_INVALID / ERR_NOTFOUND / ERR_* after logging why.
 */
int store_file_check(const char *zFile, const StoreSchema *pSchema,
                     int *pnVersion) WARN_UNUSED;

/*
 * Write the backup 'zFile' (checked with store_file_check()) over the
 * SQLite database 'zUrl', page by page through the online backup API.
 * Unless 'bForce', refuse (ERR_BUSY) a database another process has
 * open, such as a running server, and (ERR_CONSTRAINT) one that holds
 * any table; the check and the write happen under one exclusive lock,
 * so no server can start on it in between.  With 'bForce' the write
 * waits for readers and writers like any write, and a running server
 * sees the restored rows (its page cache does not: restart it).  Return
 * OK, ERR_INVALID for a PostgreSQL URL (pg_restore, docs/operations.md)
 * or ERR_*; the reason is logged.
 */
int store_restore(const char *zUrl, const char *zFile, bool bForce) WARN_UNUSED;

#endif
