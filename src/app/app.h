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
    Site *pSite;        /* site settings snapshot (site/site.h) */
};

/*
 * The request's database connection, taken from the pool on first use and
 * returned when the request ends.  Set '*ppConn' (OUT).  Return OK or
 * ERR_BUSY.
 */
int app_db(Request *req, StoreConn **ppConn) WARN_UNUSED;

/* Drop every cached page tagged 'zTag' (no-op when the cache is off). */
void app_invalidate(App *app, const char *zTag);

#endif
