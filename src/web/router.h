/*
 * router.h — method + path pattern → handler.
 *
 * The table itself is src/routes.c (at the top, beside main.c, since it
 * names every feature): one sorted list of method,
 * pattern, handler, role and cache policy.  A pattern is literal segments
 * and "{name}" parameters; a parameter may carry a literal prefix or
 * suffix inside its segment ("{id}.pdf").  When several patterns match,
 * the one with the most literal characters wins ("/article/{id}.pdf" over
 * "/article/{id}").  A path that matches some route but not with this
 * method is a 405, none at all a 404.
 */
#ifndef SINMUN_WEB_ROUTER_H
#define SINMUN_WEB_ROUTER_H

#include <stdbool.h>

#include "web/http.h"

/* Whether an anonymous GET of this route may be kept in the page cache. */
typedef enum CachePolicy {
    CACHE_NONE = 0,   /* never stored; Cache-Control: no-store */
    CACHE_PUBLIC = 1, /* stored for anonymous readers, tags decide life */
} CachePolicy;

/*
 * Who may use a route: a bit set of account roles (accounts/accounts.h
 * gives people these roles).  ROLE_ANYONE needs nothing; any other value
 * needs a signed-in account holding at least one of the bits.
 */
typedef enum RouteRole {
    ROLE_ANYONE = 0,    /* public */
    ROLE_READER = 1,    /* any signed-in account */
    ROLE_REPORTER = 2,  /* writes articles */
    ROLE_EDITOR = 4,    /* reviews and publishes */
    ROLE_MODERATOR = 8, /* comment and report queues */
    ROLE_ADMIN = 16,    /* users, roles, settings */
} RouteRole;

/* Any staff role: what /newsroom/ asks for at the least. */
#define ROLE_STAFF (ROLE_REPORTER | ROLE_EDITOR | ROLE_MODERATOR | ROLE_ADMIN)

/* Who may moderate comments and reports. */
#define ROLE_MODERATION (ROLE_MODERATOR | ROLE_ADMIN)

/* Where a route's handler runs. */
typedef enum RouteRun {
    RUN_INLINE = 0, /* on the event-loop thread: quick pages */
    RUN_WORKER = 1, /* on the worker pool, the connection suspended: slow
                       work (PDF, password hashing, photo resizing) that
                       would stall every connection of its loop */
} RouteRun;

/* One row of the routing table. */
typedef struct Route {
    HttpMethod method;    /* HTTP_GET (also answers HEAD) or HTTP_POST */
    const char *zPattern; /* "/article/{id}" */
    Handler fn;           /* the page */
    RouteRole role;       /* who may ask */
    CachePolicy cache;    /* page cache policy */
    RouteRun run;         /* event loop or worker pool */
} Route;

/*
 * Find the route for 'req->method' and 'req->zPath' in 'aRoute'
 * ('nRoute' rows) and fill req->aPath with its parameters.  Return it, or
 * NULL; then '*pbOtherMethod' (OUT) says whether another method matches
 * (405) or nothing does (404).
 */
const Route *router_match(const Route *aRoute, int nRoute, Request *req,
                          bool *pbOtherMethod);

/*
 * Check 'aRoute' for malformed patterns, duplicates and a POST route that
 * would run on the event loop (every write must be RUN_WORKER: waiting on
 * the database's lock there stalls every connection of that thread).
 * Return 0, or -1 after logging the first problem.  Run at start-up and
 * by the unit test.
 */
int router_check(const Route *aRoute, int nRoute);

#endif
