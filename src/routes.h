/*
 * routes.h — the routing table (routes.c), for main.c and the router's
 * unit test.
 */
#ifndef SINMUN_ROUTES_H
#define SINMUN_ROUTES_H

#include "web/router.h"

/* The table and its length. */
extern const Route g_aRoute[];
extern const int g_nRoute;

#endif
