/*
 * routes.c — the routing table: every URL the site answers, in one list.
 *
 * Sorted by path.  Each handler's comment starts with a matching
 * "ROUTE: METHOD /pattern" line; tools/lint checks the two agree.
 */
#include "web/router.h"

#include "accounts/accounts.h"
#include "articles/articles.h"
#include "pdf/pdf.h"
#include "site/site.h"
#include "web/static.h"

const Route g_aRoute[] = {
    {HTTP_GET, "/", front_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/article/{id}", article_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/article/{id}.pdf", pdf_article_page, ROLE_ANYONE,
     CACHE_PUBLIC, RUN_WORKER},
    {HTTP_GET, "/article/{id}/print", article_print_page, ROLE_ANYONE,
     CACHE_PUBLIC},
    {HTTP_GET, "/csrf", csrf_json, ROLE_ANYONE, CACHE_NONE},
    {HTTP_GET, "/healthz", health_page, ROLE_ANYONE, CACHE_NONE},
    {HTTP_GET, "/privacy", privacy_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/reporter/{id}", reporter_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/section/{slug}", section_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/signin", signin_page, ROLE_ANYONE, CACHE_NONE},
    {HTTP_POST, "/signin", signin_post, ROLE_ANYONE, CACHE_NONE, RUN_WORKER},
    {HTTP_POST, "/signout", signout_post, ROLE_ANYONE, CACHE_NONE},
    {HTTP_GET, "/signup", signup_page, ROLE_ANYONE, CACHE_NONE},
    {HTTP_POST, "/signup", signup_post, ROLE_ANYONE, CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/static/{file}", static_file_page, ROLE_ANYONE,
     CACHE_PUBLIC},
};

const int g_nRoute = sizeof(g_aRoute) / sizeof(g_aRoute[0]);
