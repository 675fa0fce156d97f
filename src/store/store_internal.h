/*
 * store_internal.h — what store.c (the backend-neutral half: the pool,
 * leases, the statement cache by literal, fault injection) shares with
 * each backend (store_sqlite.c, store_pg.c).  Only store/ includes it.
 *
 * A backend fills a StoreBackend table of functions; store.c calls them
 * and never names a database library.  Store, StoreConn and StoreStmt are
 * the same structs for every backend, each with a 'pB' slot for the
 * backend's own handle.
 */
#ifndef SINMUN_STORE_STORE_INTERNAL_H
#define SINMUN_STORE_STORE_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Slots in each connection's statement cache (open addressing). */
#define STORE_STMT_SLOTS 256
/* Seconds a request waits for a free connection. */
#define STORE_POOL_WAIT_S 5
/* After a failed connection attempt, milliseconds before the next one
   (requests meanwhile fail at once with ERR_UNAVAILABLE). */
#define STORE_RETRY_MS 1000

typedef struct StoreBackend StoreBackend;

/* One column of a table, as the database's catalog describes it. */
typedef struct StoreColumn {
    char *zName;    /* its name */
    bool bInt;      /* an integer column; else text (nothing else is used) */
    bool bIdentity; /* PostgreSQL: an identity column, whose sequence must
                       follow ids written by hand */
    int iPk;        /* place in the primary key, from 1; 0: not in it */
} StoreColumn;

/* One table of the database, with what a copy needs to know. */
typedef struct StoreTable {
    char *zName;       /* its name */
    StoreColumn *aCol; /* its columns, in the catalog's order */
    int nCol;          /* how many */
    char **azParent;   /* tables its foreign keys refer to */
    int nParent;       /* how many */
} StoreTable;

struct StoreStmt {
    const char *zSql; /* the literal (its address is the cache key) */
    StoreConn *pConn; /* its connection */
    void *pB;         /* the backend's prepared statement */
};

/* An arena's claim on a connection: cleared when store_conn_put() gives
   the connection back before the arena closes, so closing it later does
   not hand back a connection another request has taken since. */
typedef struct StoreLease {
    StoreConn *c; /* the connection, or NULL once given back */
} StoreLease;

struct StoreConn {
    Store *pStore;                     /* owning pool */
    void *pB;                          /* the backend's connection */
    StoreStmt aStmt[STORE_STMT_SLOTS]; /* statement cache */
    StoreConn *pNextFree;              /* free-list link */
    int nTxn;                          /* open transaction depth (0/1) */
    bool bNotified;                    /* store_notify() ran in the open
                                          transaction */
    StoreLease *pLease;                /* the arena's claim, while out */
};

struct Store {
    const StoreBackend *pBackend; /* SQLite or PostgreSQL */
    char *zUrl;                   /* file path or postgresql:// URL */
    pthread_mutex_t mutex;        /* guards the pool */
    pthread_cond_t cond;          /* signalled when a connection frees up */
    StoreConn *pFree;             /* idle connections */
    StoreConn **aAll;             /* every connection made */
    int nAll;                     /* how many made */
    int nOpening;                 /* being opened, outside the mutex */
    int nMax;                     /* bound on nAll + nOpening */
    int64_t tRetryUs;             /* monotonic µs before which no new
                                     connection is tried (the last attempt
                                     found the server unreachable) */
    int nTimeoutMs;               /* store_set_timeout(), 0: none */
    _Atomic int64_t tStallUs;     /* monotonic µs before which no
                                     connection is handed out (a statement
                                     timed out: the server hangs) */
};

struct StoreListener {
    const StoreBackend *pBackend; /* whose functions wait and close */
    void *pB;                     /* the backend's listening connection */
};

/* One backend: every function store.c needs from a database library. */
struct StoreBackend {
    const char *zName; /* "sqlite", "postgresql" */
    /* Open a connection to s->zUrl into c->pB.  Return OK or ERR_*. */
    int (*conn_open)(Store *s, StoreConn *c);
    /* Close c->pB (statements are finalized first by store.c). */
    void (*conn_close)(StoreConn *c);
    /* True when the connection is lost, or stuck in a transaction after
       a rollback, and must be replaced. */
    bool (*conn_broken)(StoreConn *c);
    /* Before an idle connection is handed out: false when the server
       closed it meanwhile (it restarted, or ended the session). */
    bool (*conn_alive)(StoreConn *c);
    /* Prepare st->zSql on st->pConn into st->pB; refuse more than one
       statement.  Return OK or ERR_*. */
    int (*prepare)(StoreStmt *st);
    /* Free st->pB. */
    void (*finalize)(StoreStmt *st);
    /* Forget bindings and any rows not read (ends a read transaction). */
    void (*reset)(StoreStmt *st);
    /* Binding, 1-based. */
    void (*bind_text)(StoreStmt *st, int i, const char *z, size_t n);
    void (*bind_int)(StoreStmt *st, int i, int64_t v);
    void (*bind_null)(StoreStmt *st, int i);
    /* Run the 'n' statements 'aSt' together (store_batch_send()): after
       OK each one's step reads its rows.  NULL: each runs at its first
       step.  Return OK or ERR_* (logged). */
    int (*batch)(StoreStmt **aSt, int n);
    /* Next row: STORE_ROW, STORE_DONE or ERR_* (logged). */
    int (*step)(StoreStmt *st);
    /* Column 'i' of the current row: bytes ('*pn' OUT) or NULL for NULL. */
    const char *(*col_text)(StoreStmt *st, int i, size_t *pn);
    int64_t (*col_int)(StoreStmt *st, int i);
    bool (*col_null)(StoreStmt *st, int i);
    /* Id made by the last INSERT, and rows changed by the last write. */
    int64_t (*last_id)(StoreConn *c);
    int (*changes)(StoreConn *c);
    /* Run a script of literal SQL (migrations, transaction control). */
    int (*exec)(StoreConn *c, const char *zSql);
    /* BEGIN a write transaction, COMMIT, ROLLBACK. */
    int (*begin)(StoreConn *c);
    int (*commit)(StoreConn *c);
    void (*rollback)(StoreConn *c);
    /* Migrations: references off/on, and the check before commit. */
    int (*fk)(StoreConn *c, bool bOn);
    int (*fk_check)(StoreConn *c);
    /* The integrity check: OK, ERR_DB (logged) or ERR_*. */
    int (*quick_check)(StoreConn *c, Arena *a);
    /* store_wal_position(): the log position and whether 'c' is on a
       standby.  Return OK or ERR_*. */
    int (*wal_position)(StoreConn *c, int64_t *pnPos, bool *pbStandby);
    /* Free bytes where the database lives, -1 when not a local file. */
    int64_t (*free_bytes)(Store *s);
    /* A consistent copy into the file 'zPath'.  Return OK or ERR_*. */
    int (*backup)(Store *s, const char *zPath);
    /* Notify STORE_CHANNEL's listeners at commit.  Return OK or ERR_*. */
    int (*notify)(StoreConn *c);
    /* Open a listening connection on s->zUrl into '*ppB' (NULL when the
       backend has none).  Return OK or ERR_*. */
    int (*listen_open)(Store *s, void **ppB);
    /* Wait on 'pB' (store_listen_wait()). */
    int (*listen_wait)(void *pB, int nTimeoutMs, bool *pbWoken);
    /* Close 'pB' (may be NULL). */
    void (*listen_close)(void *pB);
    /* Every table of the database (its own bookkeeping ones left out),
       by name, from arena 'a'.  Return OK or ERR_*. */
    int (*tables)(StoreConn *c, Arena *a, StoreTable **paTable, int *pn);
    /* Start a read-only transaction that sees one snapshot to its end. */
    int (*begin_read)(StoreConn *c);
    /* Let the identity column 'zColumn' of 'zTable' hand out 'nNext'
       next (PostgreSQL's setval; nothing where ids follow the rows). */
    int (*identity_set)(StoreConn *c, const char *zTable, const char *zColumn,
                        int64_t nNext);
    /* The statement that gives the planner its statistics after a bulk
       load (store_analyze()), or NULL where the backend plans without. */
    const char *zAnalyze;
    /* The COLLATE clause that orders text by its bytes, as the other
       backend does (" COLLATE BINARY", ' COLLATE "C"'). */
    const char *zCollateBinary;
    /* Check the backup file 'zFile': its integrity and its schema version
       ('*pnVersion' OUT).  Return OK, ERR_INVALID (logged) or ERR_*. */
    int (*file_check)(const char *zFile, int *pnVersion);
    /* Write the backup 'zFile' over the database 'zUrl' (store_restore()).
       Return OK or ERR_* (logged). */
    int (*restore)(const char *zUrl, const char *zFile, bool bForce);
};

/*
 * A statement whose text 'zSql' is built at run time (copied), outside
 * the connection's cache: only store_copy.c uses it, for SQL naming
 * tables and columns read from the catalog.  Set '*ppStmt' (OUT); free
 * it with store_stmt_free().  Return OK or ERR_*.
 */
int store_stmt_new(StoreConn *c, const char *zSql, StoreStmt **ppStmt);

/* Free a statement made by store_stmt_new(); NULL is ignored. */
void store_stmt_free(StoreStmt *st);

/* The backend of 'c'. */
const StoreBackend *store_backend(const StoreConn *c);

/* The backends. */
extern const StoreBackend g_storeSqlite;
extern const StoreBackend g_storePg;

#endif
