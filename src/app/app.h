/*
 * app.h — the long-lived parts every handler reaches through req->app.
 *
 * Owner: main.c fills one App for `sinmun serve` and tears it down after
 * the server stopped.  Members are set before the first request and not
 * changed afterwards, except through the functions here.
 */
#ifndef SINMUN_APP_APP_H
#define SINMUN_APP_APP_H

#include "base/config.h"
#include "base/timeutil.h"
#include "store/store.h"
#include "view/template.h"
#include "web/cache.h"
#include "web/http.h"

struct App {
    const Config *pCfg;      /* operator's settings */
    Store *pStore;           /* database pool (the primary) */
    Store *pReplica;         /* read replica's pool (db_replica), or NULL */
    _Atomic bool bReplicaUp; /* the change feed found pReplica reachable
                                and caught up: public pages may read it */
    Templates *pTpl;         /* compiled templates */
    PageCache *pCache;       /* page cache, NULL when off */
};

/* Most periodic jobs and change listeners the registries hold. */
#define APP_JOBS_MAX 16
#define APP_LISTENERS_MAX 8

/*
 * Work that runs now and then without a request: deciding takedowns whose
 * period ended, pruning sessions, publishing scheduled articles.  A
 * feature describes each job and src/wiring.c registers it; `sinmun
 * serve` runs every job on its change-feed thread at start and then every
 * 'nPeriodSeconds'.  Several server processes may share one database, so a
 * job must be safe to run in each of them at once (a conditional update,
 * so each row is decided exactly once).
 */
typedef struct AppJob {
    const char *zName;  /* for the log: "takedown expiry" */
    int nPeriodSeconds; /* time between runs, at least 1 */
    /* Do the work due at 'tNow' on 'c'; return OK or ERR_* (logged, and
       the job runs again at its next period). */
    int (*fn)(StoreConn *c, UnixTime tNow);
} AppJob;

/*
 * Add the 'nJob' jobs of 'aJob' (which must outlive the program) to the
 * registry.  Call at start-up, before app_watch_start().
 */
void app_jobs_add(const AppJob *aJob, int nJob);

/*
 * Call 'fn(app)' on the change-feed thread after it has dropped the pages
 * of a change tagged 'zTag' (the site snapshot reloads on "site").  Call
 * at start-up, before app_watch_start().
 */
void app_on_change(const char *zTag, void (*fn)(App *app));

/* Forget every registered job and listener (for unit tests). */
void app_registry_reset(void);

/*
 * Record on 'c' that pages tagged 'zTag' changed: every server process
 * on the database (this one included) drops them within a second, at
 * once on PostgreSQL (a NOTIFY at commit).  Call inside the transaction
 * of the write itself, so the record commits or rolls back with it;
 * outside a transaction it commits one of its own.  Return OK or ERR_*.
 */
int app_change(StoreConn *c, const char *zTag) WARN_UNUSED;

/*
 * Start the thread that follows cache_events and drops the pages they
 * name (calling the listeners of app_on_change()), and runs the
 * registered jobs.  On PostgreSQL it holds one connection of its own,
 * outside the pool, for LISTEN.  Return OK or ERR_*.
 */
int app_watch_start(App *app) WARN_UNUSED;

/* Stop the thread started by app_watch_start(). */
void app_watch_stop(App *app);

/*
 * Milliseconds since the change-feed thread last read cache_events, or -1
 * when it is not running (for /healthz: a watcher that stopped reading
 * leaves this process serving stale pages).
 */
int64_t app_watch_age_ms(void);

/*
 * The request's database connection, taken from the pool on first use and
 * returned when the request ends.  An anonymous GET of a public page
 * (req->bStaleOk, set by the server from the route) gets one to the read
 * replica when there is one and the change feed found it caught up, else
 * to the primary; so does it when the replica cannot be reached now.
 * Everything else (writes, the newsroom, accounts, every POST, the change
 * feed and the jobs) always reads and writes the primary.  Set '*ppConn'
 * (OUT).  Return OK or ERR_BUSY / ERR_UNAVAILABLE.
 */
int app_db(Request *req, StoreConn **ppConn) WARN_UNUSED;

/* Give the request's database connection back to the pool, if it took
   one (the server's fnRequestDone: the answer is built, only sending is
   left).  A later app_db() takes a fresh one. */
void app_db_done(Request *req);

/* Drop every cached page tagged 'zTag' (none when the cache is off) and
   every shared piece whose kind listens to it (app/pieces.h), cache on
   or off.  The change feed calls it for each change on every node; a
   writer may call it at once on its own node after its commit. */
void app_invalidate(App *app, const char *zTag);

#endif
