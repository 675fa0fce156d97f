/*
 * main.c — the command line: serve, init, demo, settings, user, import,
 * copy, backup, restore, help (the last three in src/commands/).
 *
 * Settings come from defaults, then --config FILE, then SINMUN_*
 * environment variables, then flags (--listen, --db, --base-url, --root,
 * --set key=value).  `serve` blocks SIGINT/SIGTERM/SIGHUP in every thread
 * before the server starts and waits for them here, so a signal stops the
 * program in one place: stop accepting, let requests in flight finish,
 * write out the access log, close the database.  SIGHUP reopens the
 * access log.
 */
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "app/app.h"
#include "app/pieces.h"
#include "app/purge.h"
#include "app/settings.h"
#include "articles/article_edit.h"
#include "articles/import.h"
#include "base/config.h"
#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "commands/commands.h"
#include "demo/demo.h"
#include "routes.h"
#include "schema.h"
#include "site/site.h"
#include "view/markdown.h"
#include "view/template.h"
#include "web/cache.h"
#include "web/router.h"
#include "web/server.h"
#include "web/static.h"
#include "wiring.h"

/* Seconds requests in flight get to finish on shutdown. */
#define MAIN_GRACE_SECONDS 10

static const char zUsage[] =
    "usage: sinmun COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  serve   serve the site (default address 127.0.0.1:8080)\n"
    "  init    create or migrate an empty site database\n"
    "  demo    create a demo site in a new database\n"
    "  settings set KEY VALUE | settings list | settings keys\n"
    "  user add --login L --name N --password P --role R[,R…]\n"
    "  user passwd --login L --password P   (P - reads standard input)\n"
    "          change or show site settings (legal footer, name …);\n"
    "          a running server picks a change up within a second\n"
    "  import articles FILE.jsonl\n"
    "          bring in an archive, one JSON object a line "
    "(docs/import.md);\n"
    "          again with the same file updates, never duplicates\n"
    "  copy --from DB --to DB [--batch N]\n"
    "          copy the whole site into a new database, checked table by\n"
    "          table (DB: sqlite:PATH, PATH or postgresql://…)\n"
    "  backup --db PATH FILE\n"
    "          a consistent snapshot of a SQLite site while it serves\n"
    "          (on PostgreSQL it explains pg_dump)\n"
    "  restore FILE --db PATH [--force]\n"
    "          write a backup over a database not in use and empty\n"
    "  help    show this text\n"
    "\n"
    "options:\n"
    "  --config FILE       read settings from an INI file\n"
    "  --db PATH|URL       SQLite database file (default data/sinmun.db)\n"
    "                      or a postgresql:// URL\n"
    "  --db-replica URL    serve: a PostgreSQL hot standby for public pages\n"
    "  --listen ADDR:PORT  address to serve on\n"
    "  --base-url URL      absolute URL of the site, for links and shares\n"
    "  --root DIR          folder holding templates/, static/ and data/seed/\n"
    "  --set KEY=VALUE     any setting (see docs/configuration.md)\n"
    "\n"
    "Environment variables SINMUN_<KEY> set the same keys.\n";

static int main_usage(const char *zWhy)
{
    if (zWhy != NULL) {
        fprintf(stderr, "sinmun: %s\n\n", zWhy);
    }
    fputs(zUsage, stderr);
    return 2;
}

/*
 * Parse options after the command into 'cfg'.  Return 0, or 2 after
 * printing usage.
 */
static int main_options(int argc, char **argv, Config *cfg)
{
    char zErr[200];
    /* The config file comes first so flags override it. */
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0) {
            if (i + 1 >= argc) {
                return main_usage("--config needs a file");
            }
            if (config_load_file(cfg, argv[i + 1], zErr) != 0) {
                fprintf(stderr, "sinmun: %s\n", zErr);
                return 2;
            }
        }
    }
    if (config_load_env(cfg, zErr) != 0) {
        fprintf(stderr, "sinmun: environment: %s\n", zErr);
        return 2;
    }
    static const struct {
        const char *zFlag; /* command-line flag */
        const char *zKey;  /* setting it sets */
    } aFlag[] = {
        {"--db", "db"},         {"--db-replica", "db_replica"},
        {"--listen", "listen"}, {"--base-url", "base_url"},
        {"--root", "root"},
    };
    for (int i = 2; i < argc; i++) {
        const char *zArg = argv[i];
        if (strcmp(zArg, "--config") == 0) {
            i++;
            continue;
        }
        if (i + 1 >= argc) {
            return main_usage("an option is missing its value");
        }
        const char *zValue = argv[++i];
        const char *zKey = NULL;
        for (size_t k = 0; k < sizeof(aFlag) / sizeof(aFlag[0]); k++) {
            if (strcmp(zArg, aFlag[k].zFlag) == 0) {
                zKey = aFlag[k].zKey;
            }
        }
        char zSetKey[64];
        if (zKey == NULL && strcmp(zArg, "--set") == 0) {
            const char *zEq = strchr(zValue, '=');
            if (zEq == NULL || (size_t)(zEq - zValue) >= sizeof(zSetKey)) {
                return main_usage("--set takes KEY=VALUE");
            }
            memcpy(zSetKey, zValue, (size_t)(zEq - zValue));
            zSetKey[zEq - zValue] = 0;
            zKey = zSetKey;
            zValue = zEq + 1;
        }
        if (zKey == NULL) {
            fprintf(stderr, "sinmun: unknown option '%s'\n\n", zArg);
            return main_usage(NULL);
        }
        if (config_set(cfg, zKey, zValue, zErr) != 0) {
            fprintf(stderr, "sinmun: %s\n", zErr);
            return 2;
        }
    }
    return 0;
}

/* The words of copy, backup and restore that are not settings. */
typedef struct MainOwnArgs {
    const char *zFile;  /* the one bare word: backup's or restore's FILE */
    const char *zFrom;  /* copy --from */
    const char *zTo;    /* copy --to */
    const char *zBatch; /* copy --batch */
    bool bForce;        /* restore --force */
} MainOwnArgs;

/*
 * Take the command's own words out of argv[2..argc): fill '*pOwn' (OUT)
 * and leave the rest, after argv[0] and argv[1], in 'azRest' (OUT, argc
 * slots) for main_options(); '*pnRest' (OUT) counts them.  Return 0, or
 * 2 after printing usage (a second bare word).
 */
static int main_own_args(int argc, char **argv, char **azRest, int *pnRest,
                         MainOwnArgs *pOwn)
{
    memset(pOwn, 0, sizeof(*pOwn));
    int n = 0;
    azRest[n++] = argv[0];
    azRest[n++] = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *z = argv[i];
        const char **pzOwn = strcmp(z, "--from") == 0    ? &pOwn->zFrom
                             : strcmp(z, "--to") == 0    ? &pOwn->zTo
                             : strcmp(z, "--batch") == 0 ? &pOwn->zBatch
                                                         : NULL;
        if (pzOwn != NULL && i + 1 < argc) {
            *pzOwn = argv[++i];
        } else if (strcmp(z, "--force") == 0) {
            pOwn->bForce = true;
        } else if (strncmp(z, "--", 2) == 0) {
            /* A setting and its value, for main_options(). */
            azRest[n++] = argv[i];
            if (i + 1 < argc) {
                azRest[n++] = argv[++i];
            }
        } else if (pOwn->zFile == NULL) {
            pOwn->zFile = z;
        } else {
            return main_usage("give one FILE");
        }
    }
    *pnRest = n;
    return 0;
}

/* Apply the settings every command shares: logging and the time zone. */
static int main_setup(const Config *cfg)
{
    /* config_set() accepted only these words. */
    static const char *azLevel[] = {"debug", "info", "warn", "error"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(cfg->zLogLevel, azLevel[i]) == 0) {
            log_set_level((LogLevel)i);
        }
    }
    if (log_set_access(cfg->zAccessLog) != 0) {
        fprintf(stderr, "sinmun: cannot open access log %s\n", cfg->zAccessLog);
        return 1;
    }
    time_set_zone(cfg->zTimezone);
    if (sodium_init() < 0) {
        fprintf(stderr, "sinmun: libsodium failed to start\n");
        return 1;
    }
    markdown_init();
    wiring_register();
    if (strcmp(cfg->zPasswordCost, "min") == 0) {
        password_use_min_cost();
    }
    return 0;
}

/*
 * Only init and demo make a database: any other command on a path that
 * does not exist (a typo in --db) would silently start an empty site.
 * Return 0, or 1 after saying how to make one.
 */
static int main_db_exists(const Config *cfg)
{
    if (strncmp(cfg->zDb, "postgres", 8) == 0 || access(cfg->zDb, F_OK) == 0) {
        return 0;
    }
    fprintf(stderr,
            "sinmun: no database at %s\n"
            "  create an empty site with: sinmun init --db %s\n"
            "  or the demo site with:     sinmun demo --db %s\n",
            cfg->zDb, cfg->zDb, cfg->zDb);
    return 1;
}

static int main_init(const Config *cfg)
{
    Store *pStore = NULL;
    if (store_open(cfg->zDb, 1, &g_schema, &pStore) != OK) {
        return 1;
    }
    store_close(pStore);
    log_info("database %s is ready", cfg->zDb);
    return 0;
}

static int main_demo(const Config *cfg)
{
    Store *pStore = NULL;
    if (store_open(cfg->zDb, 1, &g_schema, &pStore) != OK) {
        return 1;
    }
    char zSeed[CONFIG_STR_MAX + 64];
    snprintf(zSeed, sizeof(zSeed), "%s/data/seed/seed-article.json",
             cfg->zRoot);
    int rc = demo_load(pStore, zSeed);
    store_close(pStore);
    if (rc != OK) {
        return 1;
    }
    log_info("demo site written to %s", cfg->zDb);
    return 0;
}

/* Read a password from standard input (one line) when 'z' is "-". */
static const char *main_password(const char *z, char *zBuf, size_t nBuf)
{
    if (strcmp(z, "-") != 0) {
        return z;
    }
    if (fgets(zBuf, (int)nBuf, stdin) == NULL) {
        return "";
    }
    zBuf[strcspn(zBuf, "\r\n")] = 0;
    return zBuf;
}

/*
 * `sinmun user add --login L --name N --password P --role R[,R]` and
 * `sinmun user passwd --login L --password P` (P "-" reads a line from
 * standard input, so it stays out of the process list).
 */
static int main_user(const Config *cfg, int argc, char **argv)
{
    const char *zLogin = NULL, *zName = NULL, *zPassword = NULL;
    const char *zRoles = "reader";
    bool bAdd = argc >= 3 && strcmp(argv[2], "add") == 0;
    bool bPasswd = argc >= 3 && strcmp(argv[2], "passwd") == 0;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--login") == 0) {
            zLogin = argv[i + 1];
        } else if (strcmp(argv[i], "--name") == 0) {
            zName = argv[i + 1];
        } else if (strcmp(argv[i], "--password") == 0) {
            zPassword = argv[i + 1];
        } else if (strcmp(argv[i], "--role") == 0) {
            zRoles = argv[i + 1];
        }
    }
    unsigned roles = 0;
    if ((!bAdd && !bPasswd) || zLogin == NULL || zPassword == NULL ||
        (bAdd && zName == NULL) || !account_parse_roles(zRoles, &roles)) {
        return main_usage("user: use 'user add --login L --name N "
                          "--password P --role reader|reporter|editor|"
                          "moderator|admin[,…]' or 'user passwd --login L "
                          "--password P' (P - reads standard input)");
    }
    char zBuf[ACCOUNT_PASSWORD_MAX + 2];
    zPassword = main_password(zPassword, zBuf, sizeof(zBuf));
    if (main_db_exists(cfg) != 0) {
        return 1;
    }
    Store *pStore = NULL;
    if (store_open(cfg->zDb, 1, &g_schema, &pStore) != OK) {
        return 1;
    }
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    char zErr[200] = "";
    int rc = store_conn(pStore, &a, &c);
    if (rc == OK && bAdd) {
        int64_t id = 0;
        rc = account_create(c, zLogin, zName, zPassword, roles, &id, zErr);
        if (rc == OK) {
            printf("account %lld created for %s\n", (long long)id, zLogin);
        }
        /* A reporter or editor writes under a byline: the person the
           newsroom offers by default (people.account_id).  Here, at the
           top, because accounts/ does not touch articles' tables. */
        if (rc == OK && (roles & (ROLE_REPORTER | ROLE_EDITOR)) != 0) {
            Person p = {0, (char *)zName, "", "", ""};
            int64_t personId = 0;
            rc = person_db_insert_for_account(c, &p, id, time_now(), &personId);
            if (rc == OK) {
                printf("reporter %lld (%s) linked to it\n", (long long)personId,
                       zName);
            } else {
                snprintf(zErr, sizeof(zErr),
                         "account %lld was created, but its reporter "
                         "(people row) could not be added",
                         (long long)id);
            }
        }
    } else if (rc == OK) {
        rc = account_set_password(c, zLogin, zPassword, zErr);
        if (rc == OK) {
            printf("password changed for %s; its sessions ended\n", zLogin);
        }
    }
    arena_close(&a);
    store_close(pStore);
    if (rc != OK) {
        fprintf(stderr, "sinmun: %s\n",
                zErr[0] ? zErr : "could not change the account");
        return rc == ERR_INVALID || rc == ERR_CONSTRAINT ? 2 : 1;
    }
    return 0;
}

/* `sinmun settings set KEY VALUE` and `sinmun settings list`. */
static int main_settings(const Config *cfg, int argc, char **argv)
{
    bool bSet = argc >= 5 && strcmp(argv[2], "set") == 0;
    bool bList = argc >= 3 && strcmp(argv[2], "list") == 0;
    if (argc >= 3 && strcmp(argv[2], "keys") == 0) {
        app_settings_print_keys(stdout);
        return 0;
    }
    if (!bSet && !bList) {
        return main_usage("settings: use 'settings set KEY VALUE', "
                          "'settings list' or 'settings keys'");
    }
    if (main_db_exists(cfg) != 0) {
        return 1;
    }
    Store *pStore = NULL;
    if (store_open(cfg->zDb, 1, &g_schema, &pStore) != OK) {
        return 1;
    }
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    int rc = store_conn(pStore, &a, &c);
    char zErr[200] = "";
    if (rc == OK && bSet) {
        rc = app_settings_set(c, argv[3], argv[4], zErr);
        if (rc == ERR_INVALID) {
            fprintf(stderr, "sinmun: %s\n", zErr);
        }
    } else if (rc == OK) {
        rc = app_settings_print(c, &a, stdout);
    }
    arena_close(&a);
    store_close(pStore);
    if (rc == ERR_INVALID) {
        return 2;
    }
    return rc == OK ? 0 : 1;
}

/*
 * `sinmun import articles FILE.jsonl`: exit 0 when any line was read into
 * an article (bad lines are reported and skipped), 1 when none could be
 * (no file, no good line, a database error).
 */
static int main_import(const Config *cfg, const char *zPath)
{
    if (main_db_exists(cfg) != 0) {
        return 1;
    }
    Store *pStore = NULL;
    if (store_open(cfg->zDb, 1, &g_schema, &pStore) != OK) {
        return 1;
    }
    import_init();
    ImportStats st;
    int rc = import_articles(pStore, zPath, stdout, stderr, &st);
    store_close(pStore);
    if (rc != OK) {
        return 1;
    }
    if (st.nAdded + st.nUpdated + st.nUnchanged + st.nKept == 0) {
        fprintf(stderr, "sinmun: %s: no line could be imported\n", zPath);
        return 1;
    }
    return 0;
}

/*
 * Wait for SIGINT or SIGTERM (blocked in 'pSigs') and return it; until
 * then, reopen the access log on each SIGHUP (logrotate:
 * docs/operations.md).
 */
static int main_wait(const sigset_t *pSigs)
{
    for (;;) {
        int sig = 0;
        if (sigwait(pSigs, &sig) != 0) {
            continue;
        }
        if (sig == SIGHUP) {
            if (log_access_reopen() == 0) {
                log_info("SIGHUP received: access log reopened");
            }
        } else if (sig == SIGINT || sig == SIGTERM) {
            return sig;
        }
    }
}

/* malloc tuning for serve (see main_serve()). */
#define MAIN_MMAP_THRESHOLD (4 * 1024 * 1024)
#define MAIN_TRIM_THRESHOLD (64 * 1024 * 1024)

/* The file SINMUN_TEST_CLOCK_FILE names, when set (a test hook). */
static const char *g_zTestClockFile;

/*
 * AppJob of the test clock: read the whole seconds the server's clock
 * runs ahead from g_zTestClockFile (a missing or unreadable file is 0)
 * and hand them to time_test_set_offset(), logging each change.
 */
static int main_test_clock(StoreConn *c, UnixTime tNow)
{
    (void)c;
    (void)tNow;
    static int64_t nLast;
    long long n = 0;
    FILE *f = fopen(g_zTestClockFile, "r");
    if (f != NULL) {
        if (fscanf(f, "%lld", &n) != 1 || n < 0 || n > 366LL * 86400) {
            n = 0;
        }
        fclose(f);
    }
    if (n != nLast) {
        log_warn("test clock: now %lld s ahead (SINMUN_TEST_CLOCK_FILE)", n);
        nLast = n;
    }
    time_test_set_offset(n);
    return OK;
}

static const AppJob g_testClockJob = {"test clock", 1, main_test_clock};

static int main_serve(const Config *cfg)
{
    /* Block the stop signals and SIGHUP before any thread starts, so that
       only sigwait() in main_wait() receives them. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* A request's arena grows in doubling blocks and is freed whole when
       the answer is sent.  With glibc's defaults a block of 128 KiB or
       more is mmap'd and unmapped, and a freed heap top over 128 KiB is
       given back with madvise, on every request: each is a TLB flush
       across threads (measured: uncached pages fell from about 14,000 to
       6,000 a second, bimodally).  Fixed thresholds keep the blocks in
       the threads' heaps for reuse (docs/operations.md). */
    mallopt(M_MMAP_THRESHOLD, MAIN_MMAP_THRESHOLD);
    mallopt(M_TRIM_THRESHOLD, MAIN_TRIM_THRESHOLD);

    int rc = 1;
    App app = {0};
    app.pCfg = cfg;
    char zDir[CONFIG_STR_MAX + 32];
    char zErr[512];
    Server *pServer = NULL;
    if (router_check(g_aRoute, g_nRoute) != 0) {
        return 1;
    }
    snprintf(zDir, sizeof(zDir), "%s/templates", cfg->zRoot);
    if (templates_open(zDir, &app.pTpl, zErr, sizeof(zErr)) != OK) {
        fprintf(stderr, "sinmun: template error: %s\n", zErr);
        return 1;
    }
    snprintf(zDir, sizeof(zDir), "%s/static", cfg->zRoot);
    if (static_open(zDir) != OK) {
        goto done;
    }
    /* Each event-loop thread and each worker holds at most one connection
       at a time (it is given back as soon as an answer is built), and the
       change watcher one more: a pool that size never makes a request
       wait for another to be sent. */
    int nConn = cfg->nThreads + cfg->nWorkers + 1;
    if (cfg->nDbConnections > nConn) {
        nConn = cfg->nDbConnections;
    } else if (cfg->nDbConnections < nConn) {
        log_info("db_connections raised from %d to %d (threads + workers + 1)",
                 cfg->nDbConnections, nConn);
    }
    if (cfg->zDbReplica[0] != 0 && !store_url_is_pg(cfg->zDb)) {
        fprintf(stderr,
                "sinmun: db_replica: read replicas are for PostgreSQL; "
                "db is the SQLite file %s (leave db_replica empty)\n",
                cfg->zDb);
        rc = 2;
        goto done;
    }
    if (main_db_exists(cfg) != 0 ||
        store_open(cfg->zDb, nConn, &g_schema, &app.pStore) != OK) {
        goto done;
    }
    /* Public pages read the replica while the change feed finds it
       caught up (app/changes.c); it may be down now. */
    store_set_timeout(app.pStore, cfg->nDbTimeoutMs);
    if (cfg->zDbReplica[0] != 0 &&
        store_open_replica(cfg->zDbReplica, nConn, &app.pReplica) != OK) {
        goto done;
    }
    if (app.pReplica != NULL) {
        store_set_timeout(app.pReplica, cfg->nDbTimeoutMs);
    }
    /* A damaged file is refused before anyone is served from it. */
    if (store_quick_check(app.pStore) != OK) {
        fprintf(stderr,
                "sinmun: %s failed its integrity check; restore a "
                "backup (docs/operations.md)\n",
                cfg->zDb);
        goto done;
    }
    if (accounts_open(app.pStore) != OK) {
        goto done;
    }
    if (site_open(app.pStore) != OK) {
        goto done;
    }
    site_warn_missing(site_current());
    /* Tests only: a clock that a file moves forward (docs/testing.md). */
    const char *zClock = getenv("SINMUN_TEST_CLOCK_FILE");
    if (zClock != NULL && zClock[0] != 0) {
        g_zTestClockFile = zClock;
        log_warn("TEST HOOK: the clock follows %s (SINMUN_TEST_CLOCK_FILE); "
                 "never set this variable outside tests",
                 zClock);
        app_jobs_add(&g_testClockJob, 1);
        /* Read now, so the first run of every job already sees it. */
        if (main_test_clock(NULL, 0) != OK) {
            goto done;
        }
    }
    /* The purger before the change feed, which wakes it. */
    if (purge_start(cfg, app.pStore) != OK) {
        goto done;
    }
    if (app_watch_start(&app) != OK) {
        goto done;
    }
    if (cfg->bCache) {
        app.pCache = cache_open((size_t)cfg->nCacheBytes);
    }
    ServerSetup setup = {cfg,
                         &app,
                         app.pCache,
                         g_aRoute,
                         g_nRoute,
                         site_error_page,
                         account_identify,
                         csrf_check_post,
                         app_db_done};
    if (server_start(&setup, &pServer) != OK) {
        goto done;
    }
    log_info("listening on %s (base URL %s, database %s, cache %s)",
             cfg->zListen, cfg->zBaseUrl, cfg->zDb, cfg->bCache ? "on" : "off");
    int sig = main_wait(&sigs);
    log_info("%s received: finishing requests in flight",
             sig == SIGINT ? "SIGINT" : "SIGTERM");
    server_stop(pServer, MAIN_GRACE_SECONDS);
    /* Every server thread has stopped: write out their last lines. */
    log_access_close();
    log_info("stopped");
    rc = 0;
done:
    app_watch_stop(&app);
    purge_stop();
    if (app.pCache != NULL) {
        cache_close(app.pCache);
    }
    site_close();
    app_pieces_close();
    store_close(app.pReplica);
    store_close(app.pStore);
    static_close();
    templates_close(app.pTpl);
    return rc;
}

/* `sinmun copy`, `sinmun backup`, `sinmun restore` (src/commands/). */
static int main_move(Config *cfg, int argc, char **argv)
{
    const char *zCmd = argv[1];
    char **azRest = calloc((size_t)argc + 1, sizeof(char *));
    if (azRest == NULL) {
        return 1;
    }
    int nRest = 0;
    MainOwnArgs own;
    int rc = main_own_args(argc, argv, azRest, &nRest, &own);
    if (rc == 0) {
        rc = main_options(nRest, azRest, cfg);
    }
    free(azRest);
    if (rc != 0) {
        return rc;
    }
    if (main_setup(cfg) != 0) {
        return 1;
    }
    if (strcmp(zCmd, "copy") == 0) {
        int nBatch = COMMAND_COPY_BATCH;
        if (own.zFrom == NULL || own.zTo == NULL || own.zFile != NULL) {
            return main_usage("copy: use 'copy --from DB --to DB "
                              "[--batch N]'");
        }
        if (own.zBatch != NULL &&
            !str_parse_int(own.zBatch, 1, COMMAND_COPY_BATCH_MAX, &nBatch)) {
            return main_usage("copy: --batch takes 1 to 100000 rows");
        }
        return command_copy(own.zFrom, own.zTo, nBatch);
    }
    if (own.zFile == NULL || own.zFrom != NULL || own.zTo != NULL ||
        own.zBatch != NULL || (own.bForce && strcmp(zCmd, "restore") != 0)) {
        return main_usage(strcmp(zCmd, "backup") == 0
                              ? "backup: use 'backup --db PATH FILE'"
                              : "restore: use 'restore FILE --db PATH "
                                "[--force]'");
    }
    if (strcmp(zCmd, "backup") == 0) {
        return command_backup(cfg, own.zFile);
    }
    return command_restore(cfg, own.zFile, own.bForce);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        return main_usage("no command given");
    }
    const char *zCmd = argv[1];
    if (strcmp(zCmd, "help") == 0 || strcmp(zCmd, "--help") == 0 ||
        strcmp(zCmd, "-h") == 0) {
        fputs(zUsage, stdout);
        return 0;
    }
    bool bSettings = strcmp(zCmd, "settings") == 0;
    bool bUser = strcmp(zCmd, "user") == 0;
    bool bImport = strcmp(zCmd, "import") == 0;
    bool bMove = strcmp(zCmd, "copy") == 0 || strcmp(zCmd, "backup") == 0 ||
                 strcmp(zCmd, "restore") == 0;
    if (strcmp(zCmd, "serve") != 0 && strcmp(zCmd, "init") != 0 &&
        strcmp(zCmd, "demo") != 0 && !bSettings && !bUser && !bImport &&
        !bMove) {
        fprintf(stderr, "sinmun: unknown command '%s'\n\n", zCmd);
        return main_usage(NULL);
    }
    Config cfg;
    config_defaults(&cfg);
    /* settings takes positional words before its options. */
    int nSkip = 0;
    if (bSettings) {
        nSkip = argc >= 3 && strcmp(argv[2], "set") == 0 ? 3 : 1;
        if (argc < 2 + nSkip) {
            return main_usage("settings: use 'settings set KEY VALUE' or "
                              "'settings list'");
        }
    }
    if (bImport) {
        /* import articles FILE, then the usual options. */
        if (argc < 4 || strcmp(argv[2], "articles") != 0) {
            return main_usage("import: use 'import articles FILE.jsonl'");
        }
        nSkip = 2;
    }
    if (bUser) {
        /* user add|passwd takes its own flags; --db etc. still apply. */
        Config *pc = &cfg;
        char zEnvErr[200];
        if (config_load_env(pc, zEnvErr) != 0) {
            fprintf(stderr, "sinmun: environment: %s\n", zEnvErr);
            return 2;
        }
        for (int i = 3; i + 1 < argc; i += 2) {
            char zErr[200];
            static const char *azKey[][2] = {
                {"--db", "db"}, {"--root", "root"}, {"--config", NULL}};
            for (size_t k = 0; k < 3; k++) {
                if (strcmp(argv[i], azKey[k][0]) != 0) {
                    continue;
                }
                int rcSet = azKey[k][1]
                                ? config_set(pc, azKey[k][1], argv[i + 1], zErr)
                                : config_load_file(pc, argv[i + 1], zErr);
                if (rcSet != 0) {
                    fprintf(stderr, "sinmun: %s\n", zErr);
                    return 2;
                }
            }
        }
        if (main_setup(&cfg) != 0) {
            return 1;
        }
        return main_user(&cfg, argc, argv);
    }
    if (bMove) {
        return main_move(&cfg, argc, argv);
    }
    char **argvOpt = argv + nSkip;
    int rc = main_options(argc - nSkip, argvOpt, &cfg);
    if (rc != 0) {
        return rc;
    }
    if (main_setup(&cfg) != 0) {
        return 1;
    }
    if (strcmp(zCmd, "init") == 0) {
        return main_init(&cfg);
    }
    if (strcmp(zCmd, "demo") == 0) {
        return main_demo(&cfg);
    }
    if (bSettings) {
        return main_settings(&cfg, argc, argv);
    }
    if (bImport) {
        return main_import(&cfg, argv[3]);
    }
    return main_serve(&cfg);
}
