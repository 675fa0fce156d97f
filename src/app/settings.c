/*
 * settings.c — the settings table and the registry of keys; see
 * settings.h.
 */
#include "app/settings.h"

#include <assert.h>
#include <string.h>

#include "app/app.h"
#include "base/utf8.h"

/* The registry: filled at start-up, read-only afterwards. */
static struct {
    const AppSetting *ap[APP_SETTINGS_MAX]; /* registered keys */
    int n;                                  /* how many */
} g_settings;

void app_settings_add(const AppSetting *aSetting, int nSetting)
{
    for (int i = 0; i < nSetting; i++) {
        assert(app_setting_find(aSetting[i].zKey) == NULL);
        assert(g_settings.n < APP_SETTINGS_MAX);
        g_settings.ap[g_settings.n++] = &aSetting[i];
    }
}

const AppSetting *app_setting_find(const char *zKey)
{
    for (int i = 0; i < g_settings.n; i++) {
        if (strcmp(g_settings.ap[i]->zKey, zKey) == 0) {
            return g_settings.ap[i];
        }
    }
    return NULL;
}

void app_settings_reset(void)
{
    g_settings.n = 0;
}

int app_setting_put(StoreConn *c, const char *zKey, const char *zValue)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO settings(key, value) VALUES (?, ?)"
                           " ON CONFLICT(key) DO UPDATE"
                           " SET value = excluded.value",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zKey);
    store_bind_z(st, 2, zValue);
    return store_exec(st);
}

int app_setting_init(StoreConn *c, const char *zKey, const char *zValue)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO settings(key, value) VALUES (?, ?)"
                           " ON CONFLICT(key) DO NOTHING",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zKey);
    store_bind_z(st, 2, zValue);
    return store_exec(st);
}

int app_setting_get(StoreConn *c, Arena *a, const char *zKey, char **pzValue)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "SELECT value FROM settings WHERE key = ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zKey);
    rc = store_step(st);
    if (rc < 0) {
        return rc;
    }
    *pzValue = rc == STORE_ROW ? store_col_text(st, 0, a) : NULL;
    return OK;
}

int app_settings_each(StoreConn *c, Arena *a,
                      void (*fn)(void *pArg, const char *zKey,
                                 const char *zValue),
                      void *pArg)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "SELECT key, value FROM settings", &st);
    if (rc != OK) {
        return rc;
    }
    while ((rc = store_step(st)) == STORE_ROW) {
        fn(pArg, store_col_text(st, 0, a), store_col_text(st, 1, a));
    }
    return rc;
}

int app_setting_check(const char *zKey, const char *zValue, char zErr[200])
{
    const AppSetting *s = app_setting_find(zKey);
    if (s == NULL) {
        snprintf(zErr, 200,
                 "unknown setting '%.60s' (`sinmun settings "
                 "keys` lists them)",
                 zKey);
        return ERR_INVALID;
    }
    size_t n = strlen(zValue);
    if (n > APP_SETTING_VALUE_MAX || !utf8_valid(zValue, n)) {
        snprintf(zErr, 200,
                 "%s: the value must be UTF-8 text of at most %d bytes", zKey,
                 APP_SETTING_VALUE_MAX);
        return ERR_INVALID;
    }
    const char *zWhy = s->fnCheck != NULL ? s->fnCheck(zValue) : NULL;
    if (zWhy != NULL) {
        snprintf(zErr, 200, "%s: %s", zKey, zWhy);
        return ERR_INVALID;
    }
    return OK;
}

int app_settings_set(StoreConn *c, const char *zKey, const char *zValue,
                     char zErr[200])
{
    if (app_setting_check(zKey, zValue, zErr) != OK) {
        return ERR_INVALID;
    }
    int rc = store_begin(c);
    if (rc != OK) {
        return rc;
    }
    rc = app_setting_put(c, zKey, zValue);
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

/* Print one stored setting, hiding secrets. */
static void settings_on_print(void *pArg, const char *zKey, const char *zValue)
{
    const AppSetting *s = app_setting_find(zKey);
    fprintf((FILE *)pArg, "%s = %s\n", zKey,
            s != NULL && s->bSecret ? "(hidden)" : zValue);
}

int app_settings_print(StoreConn *c, Arena *a, FILE *fp)
{
    return app_settings_each(c, a, settings_on_print, fp);
}

void app_settings_print_keys(FILE *fp)
{
    for (int i = 0; i < g_settings.n; i++) {
        fprintf(fp, "%-34s %s%s\n", g_settings.ap[i]->zKey,
                g_settings.ap[i]->zHelp ? g_settings.ap[i]->zHelp : "",
                g_settings.ap[i]->bSecret ? " (secret)" : "");
    }
}
