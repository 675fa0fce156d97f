/*
 * settings.h — the site's settings (table settings: key → value) and the
 * registry of keys every feature declares.
 *
 * A feature owns its keys: it describes each one as an AppSetting (the
 * check a value must pass, whether it is a secret) and src/wiring.c
 * registers them all at start-up, for every command.  `sinmun settings
 * set`, the moderation policy page and the admin pages then change a
 * value through app_settings_set(), which refuses an unknown key or a
 * value the owner's check refuses, and records a "site" change so every
 * server process reloads; `sinmun settings list` prints every value but
 * the secrets.  app/ names no feature: it only keeps the list.
 *
 * Owner: the registry is process-wide, filled before any thread starts and
 * read-only afterwards.
 */
#ifndef SINMUN_APP_SETTINGS_H
#define SINMUN_APP_SETTINGS_H

#include <stdbool.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/rc.h"
#include "store/store.h"

/* Longest settings value, in bytes. */
#define APP_SETTING_VALUE_MAX 4000
/* Most keys the registry holds. */
#define APP_SETTINGS_MAX 96

/* One settings key a feature owns. */
typedef struct AppSetting {
    const char *zKey;  /* settings key, e.g. "comment_policy" */
    const char *zHelp; /* what the value is, shown when a value is refused */
    /* Check 'zValue' (valid UTF-8, at most APP_SETTING_VALUE_MAX bytes);
       return NULL when it is good, else what is wrong (static text).
       NULL: any text is good. */
    const char *(*fnCheck)(const char *zValue);
    bool bSecret; /* never printed by `settings list` */
} AppSetting;

/*
 * Add the 'nSetting' keys of 'aSetting' (which must outlive the program)
 * to the registry.  Call at start-up, before threads start.  A key
 * registered twice, or a full registry, is a programming error (assert).
 */
void app_settings_add(const AppSetting *aSetting, int nSetting);

/* The registered key 'zKey', or NULL. */
const AppSetting *app_setting_find(const char *zKey);

/* Forget every registered key (for unit tests). */
void app_settings_reset(void);

/*
 * Check 'zValue' for the registered key 'zKey' as app_settings_set() does
 * (a known key, UTF-8 of at most APP_SETTING_VALUE_MAX bytes, the key's
 * own rule), writing nothing: for a page that sets several keys with an
 * audit record in one transaction (app_setting_put() then).  Return OK,
 * or ERR_INVALID with what is wrong in 'zErr' (200 bytes).
 */
int app_setting_check(const char *zKey, const char *zValue,
                      char zErr[200]) WARN_UNUSED;

/*
 * Set the registered key 'zKey' to 'zValue' on 'c' in a transaction of its
 * own, with a "site" change so running servers reload.  Return OK, or
 * ERR_INVALID with what is wrong in 'zErr' (200 bytes: unknown key,
 * invalid UTF-8, too long, refused by the key's check), or ERR_*.
 */
int app_settings_set(StoreConn *c, const char *zKey, const char *zValue,
                     char zErr[200]) WARN_UNUSED;

/*
 * Write 'zValue' for 'zKey' on 'c' without checks or change record, inside
 * the caller's transaction (the caller validated it and records the
 * change).  Return OK or ERR_*.
 */
int app_setting_put(StoreConn *c, const char *zKey,
                    const char *zValue) WARN_UNUSED;

/*
 * Write 'zValue' for 'zKey' only when the key has no value yet (the site
 * secret on first start).  Return OK or ERR_*.
 */
int app_setting_init(StoreConn *c, const char *zKey,
                     const char *zValue) WARN_UNUSED;

/*
 * The value of 'zKey' on 'c' in '*pzValue' (OUT, allocated in 'a'), or
 * NULL when it has none.  Return OK or ERR_*.
 */
int app_setting_get(StoreConn *c, Arena *a, const char *zKey,
                    char **pzValue) WARN_UNUSED;

/*
 * Call 'fn(pArg, key, value)' for every stored setting (strings in 'a').
 * The table holds a few dozen rows, so one read of all of them is how a
 * feature loads its keys.  Return OK or ERR_*.
 */
int app_settings_each(StoreConn *c, Arena *a,
                      void (*fn)(void *pArg, const char *zKey,
                                 const char *zValue),
                      void *pArg) WARN_UNUSED;

/*
 * Print every stored setting as "key = value" lines to 'fp', a secret as
 * "key = (hidden)".  Return OK or ERR_*.
 */
int app_settings_print(StoreConn *c, Arena *a, FILE *fp) WARN_UNUSED;

/* Print every registered key with its help line to 'fp'. */
void app_settings_print_keys(FILE *fp);

#endif
