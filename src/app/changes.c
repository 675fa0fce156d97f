/*
 * changes.c — the change feed that keeps every page cache honest.
 *
 * A write that changes what readers see appends its cache tag to the
 * cache_events table in the same transaction.  Each server process runs
 * one thread that reads new rows twice a second and drops the tagged
 * pages, so a second process (or `sinmun settings set` run while the
 * server is up) invalidates this one's cache too.  With PostgreSQL the
 * same table is read after a LISTEN/NOTIFY wake-up instead of a timer
 * (docs/store.md).  Rows older than a day are pruned.
 */
#include "app/app.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "base/log.h"
#include "reports/reports.h"
#include "site/site.h"

/* Milliseconds between reads of cache_events. */
#define CHANGES_POLL_MS 500
/* Polls between takedown expiry passes (one a minute, and at start). */
#define CHANGES_EXPIRE_TICKS 120
/* Seconds a change row is kept. */
#define CHANGES_KEEP_S 86400

/* The watcher thread's state (one per process). */
static struct {
    pthread_t thread;  /* the watcher */
    atomic_bool bStop; /* asks it to end */
    bool bRunning;     /* started */
    int64_t lastId;    /* newest cache_events.id handled */
} g_watch;

const Site *app_site(const App *app)
{
    return __atomic_load_n(&app->pSite, __ATOMIC_ACQUIRE);
}

void app_set_site(App *app, Site *pNew)
{
    Site *pOld = app->pSite;
    __atomic_store_n(&app->pSite, pNew, __ATOMIC_RELEASE);
    if (pOld != NULL) {
        pOld->pRetiredNext = app->pRetired;
        app->pRetired = pOld;
    }
}

void app_close_sites(App *app)
{
    site_free(app->pSite);
    app->pSite = NULL;
    while (app->pRetired != NULL) {
        Site *pNext = app->pRetired->pRetiredNext;
        site_free(app->pRetired);
        app->pRetired = pNext;
    }
}

int app_change(StoreConn *c, const char *zTag)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO cache_events(tag, created_at)"
                           " VALUES (?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zTag);
    store_bind_int(st, 2, time_now());
    return store_exec(st);
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

/* Handle events after g_watch.lastId; return OK or ERR_*. */
static int changes_poll(App *app, Arena *a)
{
    StoreConn *c = NULL;
    int rc = store_conn(app->pStore, a, &c);
    if (rc != OK) {
        return rc;
    }
    StoreStmt *st = NULL;
    rc = store_prepare(c,
                       "SELECT id, tag FROM cache_events WHERE id > ?"
                       " ORDER BY id LIMIT 1000",
                       &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, g_watch.lastId);
    bool bSite = false;
    while ((rc = store_step(st)) == STORE_ROW) {
        g_watch.lastId = store_col_int(st, 0);
        const char *zTag = store_col_text(st, 1, a);
        if (strcmp(zTag, "site") == 0) {
            bSite = true;
        }
        app_invalidate(app, zTag);
    }
    if (rc < 0) {
        return rc;
    }
    if (bSite) {
        Site *pNew = NULL;
        if (site_load(app->pStore, &pNew) == OK) {
            app_set_site(app, pNew);
            /* Pages rendered with the old snapshot may have been stored
               meanwhile: drop them once more. */
            app_invalidate(app, "site");
            log_info("settings changed: site reloaded");
        }
    }
    return OK;
}

static void changes_prune(App *app, Arena *a)
{
    StoreConn *c = NULL;
    StoreStmt *st = NULL;
    if (store_conn(app->pStore, a, &c) == OK &&
        store_prepare(c, "DELETE FROM cache_events WHERE created_at < ?",
                      &st) == OK) {
        store_bind_int(st, 1, time_now() - CHANGES_KEEP_S);
        if (store_exec(st) != OK || accounts_prune(c, time_now()) != OK) {
            log_warn("changes: could not prune old cache events or "
                     "sessions");
        }
    }
}

/* Decide the takedowns whose period ended (reports/reports.h): the 30-day
   limit holds without a cron job. */
static void changes_expire(App *app, Arena *a)
{
    StoreConn *c = NULL;
    int nDone = 0;
    if (store_conn(app->pStore, a, &c) != OK ||
        reports_expire_due(c, time_now(), &nDone) != OK) {
        log_warn("changes: could not decide expired takedowns; retrying");
        return;
    }
    if (nDone > 0) {
        /* The comments changed through the change feed; this process
           reads it on its next poll. */
        log_info("%d takedown(s) decided at the end of their period", nDone);
    }
}

static void *changes_main(void *pArg)
{
    App *app = pArg;
    int nTick = 0;
    while (!atomic_load(&g_watch.bStop)) {
        struct timespec ts = {0, CHANGES_POLL_MS * 1000L * 1000L};
        nanosleep(&ts, NULL);
        Arena a;
        arena_init(&a);
        if (changes_poll(app, &a) != OK) {
            log_warn("changes: could not read cache events; retrying");
        }
        arena_close(&a);
        if (nTick % CHANGES_EXPIRE_TICKS == 0) {
            arena_init(&a);
            changes_expire(app, &a);
            arena_close(&a);
        }
        if (++nTick % 7200 == 0) {
            arena_init(&a);
            changes_prune(app, &a);
            arena_close(&a);
        }
    }
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
    arena_close(&a);
    if (rc != OK) {
        return rc;
    }
    atomic_store(&g_watch.bStop, false);
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
