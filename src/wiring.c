/*
 * wiring.c — the one place that knows every feature: which settings keys
 * exist (app/settings.h), which periodic jobs the server runs and which
 * changes reload what (app/app.h), and which feature fills a part of
 * another's page.  main.c calls wiring_register() for every command, so
 * `sinmun settings set` checks a value with its owner's rule.
 */
#include "wiring.h"

#include "accounts/accounts.h"
#include "app/app.h"
#include "app/settings.h"
#include "articles/article_edit.h"
#include "articles/articles.h"
#include "comments/comments.h"
#include "reports/reports.h"
#include "site/site.h"

/* The server's periodic work (run on the change-feed thread). */
static const AppJob aJob[] = {
    {"takedown expiry", 60, reports_expire_job},
    {"session pruning", 3600, accounts_prune},
    {"masthead date", 30, site_day_job},
    {"scheduled publishing", 5, article_schedule_job},
    {"throttle pruning", 60, throttle_expire},
};

void wiring_register(void)
{
    app_settings_add(g_aSiteSetting, g_nSiteSetting);
    app_settings_add(g_aAccountSetting, g_nAccountSetting);
    app_settings_add(g_aCommentSetting, g_nCommentSetting);
    app_settings_add(g_aReportSetting, g_nReportSetting);
    app_jobs_add(aJob, (int)(sizeof(aJob) / sizeof(aJob[0])));
    app_on_change("site", site_reload);
    article_page_set_comments(comments_send_article, comments_view_article);
}
