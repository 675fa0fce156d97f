/*
 * routes.c — the routing table: every URL the site answers, in one list.
 *
 * Sorted by path.  Each handler's comment starts with a matching
 * "ROUTE: METHOD /pattern" line; tools/lint checks the two agree.
 */
#include "web/router.h"

#include "articles/articles.h"
#include "site/site.h"
#include "web/static.h"

const Route g_aRoute[] = {
    {HTTP_GET, "/", front_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/article/{id}", article_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/healthz", health_page, ROLE_ANYONE, CACHE_NONE},
    {HTTP_GET, "/privacy", privacy_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/reporter/{id}", reporter_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/section/{slug}", section_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/static/{file}", static_file_page, ROLE_ANYONE,
     CACHE_PUBLIC},
};

const int g_nRoute = sizeof(g_aRoute) / sizeof(g_aRoute[0]);
