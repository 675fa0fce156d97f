/*
 * changes.c — the change feed that keeps every page cache honest, and the
 * thread that runs the registered periodic jobs.
 *
 * A write that changes what readers see appends its cache tag to the
 * cache_events table in the same transaction (app_change()).  Each server
 * process runs one thread that reads the rows newer than the last it
 * handled and drops the tagged pages, so every process on the database
 * (and `sinmun settings set` run while a server is up) invalidates every
 * page cache; listeners registered with app_on_change() hear of a tag
 * afterwards (the site snapshot reloads on "site"), and the CDN purger
 * is woken (app/purge.c).
 *
 * When to read: on SQLite every CHANGES_POLL_MS.  On PostgreSQL
 * app_change() also sends a NOTIFY in its transaction (store_notify()),
 * and the thread waits on a LISTEN connection of its own, so it reads as
 * soon as a change commits; it still reads every CHANGES_FALLBACK_MS (a
 * row written by hand, without NOTIFY) and falls back to the timer while
 * the listening connection is down (reconnecting every
 * CHANGES_RELISTEN_MS, then reading what it may have missed).
 * cache_events stays the durable record either way: a notification only
 * says "read now".
 *
 * Reading "id > last id handled" misses nothing because app_change()
 * always writes inside a write transaction, and write transactions run
 * one at a time (store.h): a row's id is never smaller than that of a row
 * already committed.  A row inserted by hand outside sinmun can break
 * that only by racing a sinmun write.
 *
 * The same thread runs every registered AppJob at start and then at its
 * period; rows of cache_events older than a day are pruned by a job of
 * its own.  It reads the primary database (app->pStore), never a replica
 * that may lag behind the notification.
 *
 * With a read replica (db_replica), public pages render from it
 * (app_db()), so dropping a page the moment its change is read would let
 * the next reader render it again from a replica that has not replayed
 * the change yet, and the cache would keep that old page.  So each read
 * of cache_events ends by asking the primary how far its log has come
 * and waiting (up to CHANGES_REPLICA_LAG_MS) until the replica has
 * replayed that far, and only then drops the pages.  The same check,
 * every read (at least every CHANGES_FALLBACK_MS), decides
 * app->bReplicaUp: a replica that cannot be reached, is not a standby or
 * stays behind longer than that is left out (public pages read the
 * primary) until it has caught up again.
 */
#include "app/app.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "app/purge.h"
#include "base/log.h"

/* Milliseconds between reads of cache_events without notifications
   (SQLite, or PostgreSQL while the listening connection is down). */
#define CHANGES_POLL_MS 500
/* With notifications: the longest wait before reading anyway. */
#define CHANGES_FALLBACK_MS 1000
/* With notifications: the least time between two reads, so a burst of
   commits costs one read, not one each. */
#define CHANGES_GAP_MS 20
/* Milliseconds before listening again after the connection was lost. */
#define CHANGES_RELISTEN_MS 1000
/* Rows one read handles; a full batch is followed by another at once. */
#define CHANGES_BATCH 1000
/* Seconds a change row is kept. */
#define CHANGES_KEEP_S 86400
/* The longest a read replica may trail the primary and still serve public
   pages ("may be a second stale"). */
#define CHANGES_REPLICA_LAG_MS 1000
/* Milliseconds between two looks at a replica catching up. */
#define CHANGES_REPLICA_STEP_MS 2

/* A registered listener: 'fn' hears of 'zTag'. */
typedef struct ChangeListener {
    const char *zTag;     /* tag listened for */
    void (*fn)(App *app); /* called after the tag's pages were dropped */
} ChangeListener;

/* The registries: filled at start-up, read-only once the thread runs. */
static struct {
    const AppJob *apJob[APP_JOBS_MAX];           /* registered jobs */
    int nJob;                                    /* how many */
    ChangeListener aListener[APP_LISTENERS_MAX]; /* change listeners */
    int nListener;                               /* how many */
} g_reg;

/* The watcher thread's state (one per process). */
static struct {
    pthread_t thread;                   /* the watcher */
    atomic_bool bStop;                  /* asks it to end */
    bool bRunning;                      /* started */
    int64_t lastId;                     /* newest cache_events.id handled */
    _Atomic int64_t tLastPoll;          /* monotonic µs of the last good
                                           poll */
    int64_t aNextRun[APP_JOBS_MAX + 1]; /* monotonic µs of each job's next
                                           run (the last: pruning) */
} g_watch;

void app_jobs_add(const AppJob *aJob, int nJob)
{
    for (int i = 0; i < nJob; i++) {
        assert(g_reg.nJob < APP_JOBS_MAX && aJob[i].nPeriodSeconds > 0);
        g_reg.apJob[g_reg.nJob++] = &aJob[i];
    }
}

void app_on_change(const char *zTag, void (*fn)(App *app))
{
    assert(g_reg.nListener < APP_LISTENERS_MAX);
    g_reg.aListener[g_reg.nListener].zTag = zTag;
    g_reg.aListener[g_reg.nListener].fn = fn;
    g_reg.nListener++;
}

void app_registry_reset(void)
{
    memset(&g_reg, 0, sizeof(g_reg));
}

int app_change(StoreConn *c, const char *zTag)
{
    /* Outside a transaction, one of its own: the row must be written
       inside a write transaction (see the top of this file). */
    bool bOwn = !store_in_txn(c);
    int rc = bOwn ? store_begin(c) : OK;
    StoreStmt *st = NULL;
    if (rc == OK) {
        rc = store_prepare(c,
                           "INSERT INTO cache_events(tag, created_at)"
                           " VALUES (?, ?)",
                           &st);
    }
    if (rc == OK) {
        store_bind_z(st, 1, zTag);
        store_bind_int(st, 2, time_now());
        rc = store_exec(st);
    }
    if (rc == OK) {
        rc = store_notify(c);
    }
    if (bOwn) {
        if (rc == OK) {
            rc = store_commit(c);
        }
        if (rc != OK) {
            store_rollback(c);
        }
    }
    return rc;
}

/* The newest event id, so a starting server skips old history. */
static int changes_last_id(StoreConn *c, int64_t *pId)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c, "SELECT coalesce(max(id), 0) FROM cache_events", &st);
    if (rc == OK && (rc = store_step(st)) == STORE_ROW) {
        *pId = store_col_int(st, 0);
        rc = OK;
    }
    return rc < 0 ? rc : OK;
}

/* Sleep 'ms' milliseconds. */
static void changes_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Set app->bReplicaUp to 'bUp', logging a change with 'zWhy'. */
static void changes_replica_set(App *app, bool bUp, const char *zWhy)
{
    if (atomic_exchange(&app->bReplicaUp, bUp) != bUp) {
        if (bUp) {
            log_info("read replica caught up: public pages read it");
        } else {
            log_warn("read replica %s: public pages read the primary until "
                     "it has caught up",
                     zWhy);
        }
    }
}

/*
 * Wait until the read replica has replayed everything the primary (on
 * 'c') had committed by now, at most CHANGES_REPLICA_LAG_MS (not at all
 * while it is left out), and set app->bReplicaUp accordingly (see the
 * top of this file).  A primary that does not answer says nothing about
 * the replica: its state stays.
 */
static void changes_replica_sync(App *app, StoreConn *c, Arena *a)
{
    int64_t nTarget = 0, nPos = 0;
    bool bStandby = false;
    if (store_wal_position(c, &nTarget, &bStandby) != OK) {
        return;
    }
    StoreConn *r = NULL;
    if (store_conn(app->pReplica, a, &r) != OK) {
        changes_replica_set(app, false, "unreachable");
        return;
    }
    int64_t tEnd =
        time_now_us() +
        (atomic_load(&app->bReplicaUp) ? CHANGES_REPLICA_LAG_MS * 1000LL : 0);
    for (;;) {
        if (store_wal_position(r, &nPos, &bStandby) != OK) {
            changes_replica_set(app, false, "unreachable");
            break;
        }
        if (!bStandby) {
            changes_replica_set(app, false, "is not a standby (db_replica)");
            break;
        }
        if (nPos >= nTarget) {
            changes_replica_set(app, true, NULL);
            break;
        }
        if (time_now_us() >= tEnd) {
            changes_replica_set(app, false, "is behind");
            break;
        }
        changes_sleep_ms(CHANGES_REPLICA_STEP_MS);
    }
    store_conn_put(r);
}

/* Handle events after g_watch.lastId (at most CHANGES_BATCH); set
   '*pnRead' (OUT) to how many.  Return OK or ERR_*. */
static int changes_poll(App *app, Arena *a, int *pnRead)
{
    *pnRead = 0;
    StoreConn *c = NULL;
    int rc = store_conn(app->pStore, a, &c);
    if (rc != OK) {
        return rc;
    }
    StoreStmt *st = NULL;
    rc = store_prepare(c,
                       "SELECT id, tag FROM cache_events WHERE id > ?"
                       " ORDER BY id LIMIT ?",
                       &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, g_watch.lastId);
    store_bind_int(st, 2, CHANGES_BATCH);
    const char **azTag = arena_alloc(a, CHANGES_BATCH * sizeof(char *));
    int64_t lastId = g_watch.lastId;
    while ((rc = store_step(st)) == STORE_ROW) {
        lastId = store_col_int(st, 0);
        azTag[(*pnRead)++] = store_col_text(st, 1, a);
    }
    if (rc < 0) {
        *pnRead = 0;
        return rc;
    }
    g_watch.lastId = lastId;
    if (app->pReplica != NULL) {
        changes_replica_sync(app, c, a);
    }
    /* Listeners hear of each tag once per poll, after every page it
       names is gone. */
    bool abHeard[APP_LISTENERS_MAX] = {false};
    for (int k = 0; k < *pnRead; k++) {
        app_invalidate(app, azTag[k]);
        for (int i = 0; i < g_reg.nListener; i++) {
            if (strcmp(azTag[k], g_reg.aListener[i].zTag) == 0) {
                abHeard[i] = true;
            }
        }
    }
    for (int i = 0; i < g_reg.nListener; i++) {
        if (abHeard[i]) {
            g_reg.aListener[i].fn(app);
        }
    }
    if (*pnRead > 0) {
        /* This node's pages are gone: proxies may fetch them again. */
        purge_wake(lastId);
    }
    return OK;
}

/* The change feed's own job: rows older than a day are history. */
static int changes_prune(StoreConn *c, UnixTime tNow)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c, "DELETE FROM cache_events WHERE created_at < ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tNow - CHANGES_KEEP_S);
    return store_exec(st);
}

static const AppJob g_pruneJob = {"change feed pruning", 3600, changes_prune};

/* Run every job whose time has come; 'i' == g_reg.nJob is the pruning. */
static void changes_run_jobs(App *app)
{
    int64_t tNow = time_now_us();
    for (int i = 0; i <= g_reg.nJob; i++) {
        const AppJob *job = i < g_reg.nJob ? g_reg.apJob[i] : &g_pruneJob;
        if (tNow < g_watch.aNextRun[i]) {
            continue;
        }
        g_watch.aNextRun[i] = tNow + (int64_t)job->nPeriodSeconds * 1000000;
        Arena a;
        arena_init(&a);
        StoreConn *c = NULL;
        int rc = store_conn(app->pStore, &a, &c);
        if (rc == OK) {
            rc = job->fn(c, time_now());
        }
        if (rc != OK) {
            log_warn("%s failed (%d); it runs again in %d s", job->zName, rc,
                     job->nPeriodSeconds);
        }
        arena_close(&a);
    }
}

/* Read every new event (batch after batch); log a failure. */
static void changes_read(App *app)
{
    int nRead = CHANGES_BATCH;
    while (nRead == CHANGES_BATCH && !atomic_load(&g_watch.bStop)) {
        Arena a;
        arena_init(&a);
        int rc = changes_poll(app, &a, &nRead);
        arena_close(&a);
        if (rc != OK) {
            log_warn("changes: could not read cache events; retrying");
            return;
        }
        atomic_store(&g_watch.tLastPoll, time_now_us());
    }
}

static void *changes_main(void *pArg)
{
    App *app = pArg;
    bool bNotify = store_is_pg(app->pStore);
    StoreListener *l = NULL;
    int64_t tListen = 0; /* monotonic µs of the next try to listen */
    int64_t tRead = 0;   /* monotonic µs of the last read */
    while (!atomic_load(&g_watch.bStop)) {
        changes_run_jobs(app);
        if (bNotify && l == NULL && time_now_us() >= tListen) {
            if (store_listen(app->pStore, &l) != OK) {
                l = NULL;
                tListen = time_now_us() + CHANGES_RELISTEN_MS * 1000LL;
            }
            /* Whatever was committed before LISTEN is read below. */
        }
        bool bWoken = false;
        if (l == NULL) {
            changes_sleep_ms(CHANGES_POLL_MS);
        } else if (store_listen_wait(l, CHANGES_FALLBACK_MS, &bWoken) != OK) {
            log_warn("changes: the listening connection was lost; reading "
                     "every %d ms until it is back",
                     CHANGES_POLL_MS);
            store_listen_close(l);
            l = NULL;
            tListen = time_now_us() + CHANGES_RELISTEN_MS * 1000LL;
        }
        if (bWoken) {
            int64_t nSince = (time_now_us() - tRead) / 1000;
            if (nSince < CHANGES_GAP_MS) {
                changes_sleep_ms(CHANGES_GAP_MS - (int)nSince);
            }
        }
        tRead = time_now_us();
        changes_read(app);
    }
    store_listen_close(l);
    return NULL;
}

int app_watch_start(App *app)
{
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    int rc = store_conn(app->pStore, &a, &c);
    if (rc == OK) {
        rc = changes_last_id(c, &g_watch.lastId);
    }
    if (rc == OK && app->pReplica != NULL) {
        /* Public pages read the replica from the first request on: give
           it the usual time to catch up with the primary. */
        atomic_store(&app->bReplicaUp, true);
        changes_replica_sync(app, c, &a);
    }
    arena_close(&a);
    if (rc != OK) {
        return rc;
    }
    /* Nothing is cached yet: the history counts as handled. */
    purge_wake(g_watch.lastId);
    atomic_store(&g_watch.bStop, false);
    atomic_store(&g_watch.tLastPoll, time_now_us());
    memset(g_watch.aNextRun, 0, sizeof(g_watch.aNextRun));
    if (pthread_create(&g_watch.thread, NULL, changes_main, app) != 0) {
        return ERR_NOMEM;
    }
    g_watch.bRunning = true;
    return OK;
}

void app_watch_stop(App *app)
{
    (void)app;
    if (!g_watch.bRunning) {
        return;
    }
    atomic_store(&g_watch.bStop, true);
    pthread_join(g_watch.thread, NULL);
    g_watch.bRunning = false;
}

int64_t app_watch_age_ms(void)
{
    if (!g_watch.bRunning) {
        return -1;
    }
    return (time_now_us() - atomic_load(&g_watch.tLastPoll)) / 1000;
}
