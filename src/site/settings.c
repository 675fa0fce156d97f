/*
 * settings.c — the operator's `sinmun settings` commands: set a known key
 * (with a change event so running servers reload), or list them all.
 */
#include "site/site.h"

#include <string.h>

#include "base/utf8.h"
#include "comments/comments.h"
#include "reports/reports.h"
#include "site/site_db.h"

/* Longest settings value, in bytes. */
#define SETTINGS_VALUE_MAX 4000

/* Keys that exist besides the legal footer fields. */
static const char *azOtherKey[] = {"site_tagline", "privacy_policy",
                                   "feed_full_text"};

static bool settings_known(const char *zKey)
{
    for (int i = 0; i < g_nSiteLegal; i++) {
        if (strcmp(g_aSiteLegal[i].zKey, zKey) == 0) {
            return true;
        }
    }
    for (size_t i = 0; i < sizeof(azOtherKey) / sizeof(azOtherKey[0]); i++) {
        if (strcmp(azOtherKey[i], zKey) == 0) {
            return true;
        }
    }
    /* The comment guards and policy line (comments/comments.h). */
    for (int i = 0; i < g_nCommentSettingKey; i++) {
        if (strcmp(g_azCommentSettingKey[i], zKey) == 0) {
            return true;
        }
    }
    /* Reports and takedowns (reports/reports.h). */
    for (int i = 0; i < g_nReportSettingKey; i++) {
        if (strcmp(g_azReportSettingKey[i], zKey) == 0) {
            return true;
        }
    }
    return false;
}

int site_settings_set(StoreConn *c, const char *zKey, const char *zValue)
{
    if (!settings_known(zKey)) {
        fprintf(stderr, "sinmun: unknown setting '%s'; known:", zKey);
        for (int i = 0; i < g_nSiteLegal; i++) {
            fprintf(stderr, " %s", g_aSiteLegal[i].zKey);
        }
        for (size_t i = 0; i < sizeof(azOtherKey) / sizeof(azOtherKey[0]);
             i++) {
            fprintf(stderr, " %s", azOtherKey[i]);
        }
        for (int i = 0; i < g_nCommentSettingKey; i++) {
            fprintf(stderr, " %s", g_azCommentSettingKey[i]);
        }
        for (int i = 0; i < g_nReportSettingKey; i++) {
            fprintf(stderr, " %s", g_azReportSettingKey[i]);
        }
        fputc('\n', stderr);
        return ERR_INVALID;
    }
    size_t n = strlen(zValue);
    if (n > SETTINGS_VALUE_MAX || !utf8_valid(zValue, n)) {
        fprintf(stderr,
                "sinmun: the value must be UTF-8 text of at most "
                "%d bytes\n",
                SETTINGS_VALUE_MAX);
        return ERR_INVALID;
    }
    /* Feeds carry whole articles (on) or summaries (off, the default). */
    if (strcmp(zKey, "feed_full_text") == 0 && strcmp(zValue, "on") != 0 &&
        strcmp(zValue, "off") != 0) {
        fprintf(stderr, "sinmun: feed_full_text is 'on' or 'off'\n");
        return ERR_INVALID;
    }
    int rc = store_begin(c);
    if (rc != OK) {
        return rc;
    }
    rc = site_db_set(c, zKey, zValue);
    if (rc == OK) {
        rc = app_change(c, "site");
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
    }
    return rc;
}

/* Print one setting line. */
static void settings_on_print(void *pArg, const char *zKey, const char *zValue)
{
    fprintf((FILE *)pArg, "%s = %s\n", zKey, zValue);
}

int site_settings_print(StoreConn *c, Arena *a, FILE *fp)
{
    return site_db_settings(c, a, settings_on_print, fp);
}
