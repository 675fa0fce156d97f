/*
 * app.c — request access to the database and the cache; see app.h.
 *
 * The one place a request's reads are sent to a read replica: app_db()
 * gives an anonymous GET of a public page (req->bStaleOk, which the
 * server sets from the route's cache policy) a replica connection while
 * the change feed (app/changes.c) finds the replica caught up, so no
 * feature decides it.
 */
#include "app/app.h"

#include <stdatomic.h>

#include "app/pieces.h"
#include "base/log.h"

int app_db(Request *req, StoreConn **ppConn)
{
    if (req->pDb != NULL) {
        *ppConn = req->pDb;
        return OK;
    }
    App *app = req->app;
    StoreConn *c = NULL;
    int rc;
    /* Before the connection's first read: a shared piece built from its
       reads is no newer than this (app/pieces.h). */
    req->nDbEpoch = app_pieces_epoch();
    if (req->bStaleOk && app->pReplica != NULL &&
        atomic_load(&app->bReplicaUp)) {
        rc = store_conn(app->pReplica, req->a, &c);
        if (rc == OK) {
            req->pDb = c;
            *ppConn = c;
            return OK;
        }
        /* Down or out of connections: the primary answers, and the change
           feed tries the replica again within a second. */
        if (atomic_exchange(&app->bReplicaUp, false)) {
            log_warn("read replica unavailable (%d): public pages read the "
                     "primary until it is back",
                     rc);
        }
    }
    rc = store_conn(app->pStore, req->a, &c);
    if (rc != OK) {
        return rc;
    }
    req->pDb = c;
    *ppConn = c;
    return OK;
}

void app_db_done(Request *req)
{
    store_conn_put(req->pDb);
    req->pDb = NULL;
}

void app_invalidate(App *app, const char *zTag)
{
    /* Shared pieces first: a page rendered after its drop from the page
       cache must not be built from a dropped piece. */
    app_pieces_drop(zTag);
    if (app->pCache != NULL) {
        cache_invalidate(app->pCache, zTag);
    }
}
