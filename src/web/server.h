/*
 * server.h — the HTTP server: libmicrohttpd with an epoll thread pool.
 *
 * It owns the request flow of DESIGN.md: limits (a deadline and a cap
 * for request heads, web/headwatch.h; URL → 414, headers → 431, body →
 * 413), text checks (bad UTF-8 or escapes → 400), the page
 * cache for anonymous GET/HEAD (200 or 304 straight from memory), routing
 * (404/405), the handler, then storing and sending the response with the
 * security headers every response carries.  One access-log line per
 * request.
 *
 * Owner: main.c starts one Server and stops it on SIGINT/SIGTERM.
 */
#ifndef SINMUN_WEB_SERVER_H
#define SINMUN_WEB_SERVER_H

#include "base/config.h"
#include "base/rc.h"
#include "web/cache.h"
#include "web/http.h"
#include "web/router.h"

typedef struct Server Server;

/* What the server needs from the rest of the program. */
typedef struct ServerSetup {
    const Config *pCfg;  /* limits, listen address, cache settings */
    App *app;            /* handed to every Request */
    PageCache *pCache;   /* page cache, or NULL when off */
    const Route *aRoute; /* routing table */
    int nRoute;          /* its length */
    /* Fill 'res' with the site's error page for 'status' (res->zMessage
       may say more).  Must not fail; called for 4xx/5xx answers. */
    void (*fnErrorPage)(Request *req, Response *res, int status);
    /* Who is asking: set req->pViewer for a signed-in request (an unknown
       or expired session is a guest).  Called for every request before
       the page cache, so a guest is served from it.  Return OK or ERR_*
       (then the request counts as a guest, and a route needing a role
       answers 503).  NULL: everyone is a guest. */
    int (*fnIdentify)(Request *req);
    /* Check a POST before any handler sees it (CSRF token, origin).
       Return OK, or a status with 'res' filled (403 page offering to
       resend what the user typed), or ERR_*.  There is no opt-out: the
       server calls it for every non-GET request.  NULL only in tests. */
    int (*fnCheckPost)(Request *req, Response *res);
    /* Called once the answer is built, just before it is queued: give
       back what the request holds that sending does not need (its
       database connection), so a slow reader never pins it.  NULL: none. */
    void (*fnRequestDone)(Request *req);
} ServerSetup;

/*
 * Listen on pSetup->pCfg->zListen and start serving.  'pSetup' must live
 * until server_stop().  Set '*ppServer' (OUT).  Return OK or ERR_IO (with
 * a logged reason, e.g. the port is taken).
 */
int server_start(const ServerSetup *pSetup, Server **ppServer) WARN_UNUSED;

/*
 * Stop accepting connections, let requests in flight finish (waiting at
 * most 'nGraceSeconds'), then close everything and free 'pServer'.
 */
void server_stop(Server *pServer, int nGraceSeconds);

/* Requests being served right now (for tests and metrics). */
int server_active(Server *pServer);

/* The worker pool as /healthz reports it (server_health()). */
typedef struct ServerHealth {
    bool bRunning;     /* a server is serving in this process */
    int nWorker;       /* worker threads running */
    int nQueued;       /* requests waiting for a worker */
    int64_t nOldestMs; /* how long the oldest has waited, 0 when none */
} ServerHealth;

/* Fill '*pOut' (OUT) for the server running in this process, if any. */
void server_health(ServerHealth *pOut);

#endif
