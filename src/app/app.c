/*
 * app.c — request access to the database and the cache; see app.h.
 */
#include "app/app.h"

int app_db(Request *req, StoreConn **ppConn)
{
    if (req->pDb != NULL) {
        *ppConn = req->pDb;
        return OK;
    }
    StoreConn *c = NULL;
    int rc = store_conn(req->app->pStore, req->a, &c);
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
    if (app->pCache != NULL) {
        cache_invalidate(app->pCache, zTag);
    }
}
