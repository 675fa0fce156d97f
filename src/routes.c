/*
 * routes.c — the routing table: every URL the site answers, in one list.
 *
 * It sits at the top of src/, beside main.c, because it names every
 * feature's pages: web/ (the router) is below the features and includes
 * none of them.  Sorted by path.  Each handler's comment starts with a
 * matching "ROUTE: METHOD /pattern" line; tools/lint checks the two agree.
 * Every POST runs on the worker pool (router_check() refuses one that
 * does not): a write may wait seconds on the database's lock, which on
 * the event loop would stall every reader of that thread.
 */
#include "routes.h"

#include "accounts/accounts.h"
#include "articles/article_workflow.h"
#include "articles/articles.h"
#include "comments/comments.h"
#include "feeds/feeds.h"
#include "newsroom/newsroom.h"
#include "pdf/pdf.h"
#include "reports/reports.h"
#include "site/site.h"
#include "web/static.h"

const Route g_aRoute[] = {
    {HTTP_GET, "/", front_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/apple-touch-icon.png", static_icon_page, ROLE_ANYONE,
     CACHE_PUBLIC},
    {HTTP_GET, "/article/{id}", article_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/article/{id}.pdf", pdf_article_page, ROLE_ANYONE, CACHE_PUBLIC,
     RUN_WORKER},
    {HTTP_GET, "/article/{id}/comments", comments_page, ROLE_ANYONE,
     CACHE_PUBLIC},
    {HTTP_POST, "/article/{id}/comments", comment_post, ROLE_ANYONE, CACHE_NONE,
     RUN_WORKER},
    {HTTP_GET, "/article/{id}/print", article_print_page, ROLE_ANYONE,
     CACHE_PUBLIC},
    {HTTP_GET, "/article/{id}/report", article_report_page, ROLE_ANYONE,
     CACHE_NONE},
    {HTTP_POST, "/article/{id}/report", article_report_post, ROLE_ANYONE,
     CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/atom", atom_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/comment/{id}/delete", comment_delete_page, ROLE_ANYONE,
     CACHE_NONE},
    {HTTP_POST, "/comment/{id}/delete", comment_delete_post, ROLE_ANYONE,
     CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/comment/{id}/edit", comment_edit_page, ROLE_ANYONE,
     CACHE_NONE},
    {HTTP_POST, "/comment/{id}/edit", comment_edit_post, ROLE_ANYONE,
     CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/comment/{id}/object", comment_object_page, ROLE_ANYONE,
     CACHE_NONE},
    {HTTP_POST, "/comment/{id}/object", comment_object_post, ROLE_ANYONE,
     CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/comment/{id}/reply", comment_reply_page, ROLE_ANYONE,
     CACHE_PUBLIC},
    {HTTP_GET, "/comment/{id}/report", comment_report_page, ROLE_ANYONE,
     CACHE_NONE},
    {HTTP_POST, "/comment/{id}/report", comment_report_post, ROLE_ANYONE,
     CACHE_NONE, RUN_WORKER},
    {HTTP_POST, "/comment/{id}/vote", comment_vote_post, ROLE_ANYONE,
     CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/csrf", csrf_json, ROLE_ANYONE, CACHE_NONE},
    {HTTP_GET, "/favicon.ico", static_icon_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/healthz", health_page, ROLE_ANYONE, CACHE_NONE},
    {HTTP_GET, "/newsroom", newsroom_page, ROLE_STAFF, CACHE_NONE},
    {HTTP_GET, "/newsroom/articles/new", article_new_page, ARTICLE_ROLES_WRITE,
     CACHE_NONE},
    {HTTP_POST, "/newsroom/articles/new", article_new_post, ARTICLE_ROLES_WRITE,
     CACHE_NONE, RUN_WORKER},
    {HTTP_POST, "/newsroom/articles/{id}/autosave", article_autosave_post,
     ARTICLE_ROLES_WRITE, CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/newsroom/articles/{id}/corrections", correction_page,
     ROLE_STAFF, CACHE_NONE},
    {HTTP_POST, "/newsroom/articles/{id}/corrections", correction_post,
     ROLE_STAFF, CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/newsroom/articles/{id}/edit", article_edit_page,
     ARTICLE_ROLES_WRITE, CACHE_NONE},
    {HTTP_POST, "/newsroom/articles/{id}/edit", article_edit_post,
     ARTICLE_ROLES_WRITE, CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/newsroom/articles/{id}/preview", article_preview_page,
     ARTICLE_ROLES_WRITE, CACHE_NONE},
    {HTTP_GET, "/newsroom/articles/{id}/revisions", article_revisions_page,
     ARTICLE_ROLES_WRITE, CACHE_NONE},
    {HTTP_GET, "/newsroom/articles/{id}/revisions/diff", article_diff_page,
     ARTICLE_ROLES_WRITE, CACHE_NONE, RUN_WORKER},
    {HTTP_POST, "/newsroom/articles/{id}/revisions/{version}/restore",
     article_restore_post, ARTICLE_ROLES_WRITE, CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/newsroom/corrected", newsroom_list_page, ROLE_STAFF,
     CACHE_NONE},
    {HTTP_GET, "/newsroom/desk", newsroom_list_page, ROLE_STAFF, CACHE_NONE},
    {HTTP_GET, "/newsroom/drafts", newsroom_list_page, ROLE_STAFF, CACHE_NONE},
    {HTTP_GET, "/newsroom/front", front_edit_page, ROLE_STAFF, CACHE_NONE},
    {HTTP_POST, "/newsroom/front", front_edit_post, ROLE_STAFF, CACHE_NONE,
     RUN_WORKER},
    {HTTP_GET, "/newsroom/moderation", moderation_page, ROLE_MODERATION,
     CACHE_NONE},
    {HTTP_POST, "/newsroom/moderation", moderation_post, ROLE_MODERATION,
     CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/newsroom/moderation/article/{id}", moderation_article_page,
     ROLE_MODERATION, CACHE_NONE},
    {HTTP_POST, "/newsroom/moderation/ban", comment_ban_post, ROLE_MODERATION,
     CACHE_NONE, RUN_WORKER},
    {HTTP_POST, "/newsroom/moderation/ban/{id}/lift", comment_ban_lift_post,
     ROLE_MODERATION, CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/newsroom/moderation/comment/{id}", moderation_comment_page,
     ROLE_MODERATION, CACHE_NONE},
    {HTTP_GET, "/newsroom/moderation/policy", moderation_policy_page,
     ROLE_MODERATION, CACHE_NONE},
    {HTTP_POST, "/newsroom/moderation/policy", moderation_policy_post,
     ROLE_MODERATION, CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/newsroom/published", newsroom_list_page, ROLE_STAFF,
     CACHE_NONE},
    {HTTP_GET, "/newsroom/scheduled", newsroom_list_page, ROLE_STAFF,
     CACHE_NONE},
    {HTTP_GET, "/privacy", privacy_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/reporter/{id}", reporter_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/robots.txt", robots_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/rss", rss_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/rss/reporter/{id}", rss_reporter_page, ROLE_ANYONE,
     CACHE_PUBLIC},
    {HTTP_GET, "/rss/section/{slug}", rss_section_page, ROLE_ANYONE,
     CACHE_PUBLIC},
    {HTTP_GET, "/section/{slug}", section_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/signin", signin_page, ROLE_ANYONE, CACHE_NONE},
    {HTTP_POST, "/signin", signin_post, ROLE_ANYONE, CACHE_NONE, RUN_WORKER},
    {HTTP_POST, "/signout", signout_post, ROLE_ANYONE, CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/signup", signup_page, ROLE_ANYONE, CACHE_NONE},
    {HTTP_POST, "/signup", signup_post, ROLE_ANYONE, CACHE_NONE, RUN_WORKER},
    {HTTP_GET, "/sitemap-news.xml", sitemap_news_page, ROLE_ANYONE,
     CACHE_PUBLIC},
    {HTTP_GET, "/sitemap-pages.xml", sitemap_pages_page, ROLE_ANYONE,
     CACHE_PUBLIC},
    {HTTP_GET, "/sitemap-{month}.xml", sitemap_month_page, ROLE_ANYONE,
     CACHE_PUBLIC},
    {HTTP_GET, "/sitemap.xml", sitemap_index_page, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/static/{file}", static_file_page, ROLE_ANYONE, CACHE_PUBLIC},
};

const int g_nRoute = sizeof(g_aRoute) / sizeof(g_aRoute[0]);
