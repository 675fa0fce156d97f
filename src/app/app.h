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
#include "store/store.h"
#include "view/template.h"
#include "web/cache.h"
#include "web/http.h"

typedef struct Site Site;

struct App {
    const Config *pCfg; /* operator's settings */
    Store *pStore;      /* database pool */
    Templates *pTpl;    /* compiled templates */
    PageCache *pCache;  /* page cache, NULL when off */
    Site *pSite;        /* site settings snapshot: read with app_site() */
    Site *pRetired;     /* older snapshots, freed at exit (site/site.h) */
};

/* The current site snapshot (settings, sections); safe from any thread. */
const Site *app_site(const App *app);

/*
 * Replace the site snapshot with 'pNew'.  The old one stays allocated
 * (requests may still read it) and is freed by app_close_sites().
 */
void app_set_site(App *app, Site *pNew);

/* Free the current and every retired snapshot; no request may run. */
void app_close_sites(App *app);

/*
 * Record on 'c' that pages tagged 'zTag' changed: every server process
 * (this one included) drops them within a second.  Call inside the
 * transaction of the write itself.  Return OK or ERR_*.
 */
int app_change(StoreConn *c, const char *zTag) WARN_UNUSED;

/*
 * Start the thread that follows cache_events and drops the pages they
 * name; a "site" event also reloads the site snapshot.  Return OK or
 * ERR_*.
 */
int app_watch_start(App *app) WARN_UNUSED;

/* Stop the thread started by app_watch_start(). */
void app_watch_stop(App *app);

/*
 * The request's database connection, taken from the pool on first use and
 * returned when the request ends.  Set '*ppConn' (OUT).  Return OK or
 * ERR_BUSY.
 */
int app_db(Request *req, StoreConn **ppConn) WARN_UNUSED;

/* Give the request's database connection back to the pool, if it took
   one (the server's fnRequestDone: the answer is built, only sending is
   left).  A later app_db() takes a fresh one. */
void app_db_done(Request *req);

/* Drop every cached page tagged 'zTag' (no-op when the cache is off). */
void app_invalidate(App *app, const char *zTag);

#endif
