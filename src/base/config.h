/*
 * config.h — the operator's settings: defaults, then an INI file, then
 * SINMUN_* environment variables, then command-line flags, each layer
 * overriding the one before.  Every layer goes through config_set(), so a
 * key means the same thing everywhere.
 *
 * Owner: main.c fills one Config at start-up and passes it read-only to
 * everything else; it lives until the program exits.
 */
#ifndef SINMUN_BASE_CONFIG_H
#define SINMUN_BASE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* Longest string setting, in bytes. */
#define CONFIG_STR_MAX 512

/* Everything the operator can set.  Keys are the member names. */
typedef struct Config {
    char zListen[CONFIG_STR_MAX];       /* "127.0.0.1:8080" */
    char zDb[CONFIG_STR_MAX];           /* SQLite path or postgres:// URL */
    char zBaseUrl[CONFIG_STR_MAX];      /* absolute site URL, no trailing / */
    char zRoot[CONFIG_STR_MAX];         /* folder holding templates/, static/ */
    char zTimezone[CONFIG_STR_MAX];     /* IANA zone for display */
    char zAccessLog[CONFIG_STR_MAX];    /* file, "-" (stderr) or "off" */
    char zLogLevel[CONFIG_STR_MAX];     /* debug, info, warn, error */
    int nThreads;                       /* server threads (epoll each) */
    int nMaxConnections;                /* connections at once, all clients */
    int nPerIpConnections;              /* connections at once from one IP */
    int nTimeoutSeconds;                /* idle connection timeout */
    long nMaxHeaderBytes;               /* request line + headers */
    long nMaxUrlBytes;                  /* request target */
    long nMaxBodyBytes;                 /* request body */
    bool bCache;                        /* page cache on/off */
    long nCacheBytes;                   /* page cache bound */
    int nCacheMaxAge;                   /* Cache-Control max-age for CDNs */
    int nDbConnections;                 /* database connections in the pool */
    int nWorkers;                       /* threads for slow handlers */
    char zPasswordCost[CONFIG_STR_MAX]; /* "interactive" or "min" (tests) */
} Config;

/* Fill 'c' with the built-in defaults. */
void config_defaults(Config *c);

/*
 * Set 'zKey' to 'zValue' in 'c'.  Keys are the INI names (listen, db,
 * base_url, root, timezone, access_log, log_level, threads,
 * max_connections, per_ip_connections, timeout_seconds, max_header_bytes,
 * max_url_bytes, max_body_bytes, cache, cache_bytes, cache_max_age,
 * db_connections).  Return 0, or -1 with a message in 'zErr' (OUT, 200
 * bytes) for an unknown key or a bad value.
 */
int config_set(Config *c, const char *zKey, const char *zValue, char zErr[200]);

/*
 * Read the INI file 'zPath' into 'c' (keys may sit under [server] or no
 * section).  Return 0, or -1 with a message in 'zErr' (OUT, 200 bytes).
 */
int config_load_file(Config *c, const char *zPath, char zErr[200]);

/*
 * Apply every SINMUN_<KEY> environment variable (upper case) to 'c'.
 * Return 0, or -1 with a message in 'zErr' (OUT, 200 bytes).
 */
int config_load_env(Config *c, char zErr[200]);

#endif
