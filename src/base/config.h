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
#include <sys/socket.h>

/* Longest string setting, in bytes. */
#define CONFIG_STR_MAX 512

/* Everything the operator can set.  Keys are the member names. */
typedef struct Config {
    char zListen[CONFIG_STR_MAX];       /* "127.0.0.1:8080" */
    bool bListenReusePort;              /* share the port (SO_REUSEPORT) */
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
    int nHeaderTimeoutSeconds;          /* deadline for a whole request head */
    int nMaxHeaderConnections;          /* connections sending a head at
                                           once; 0: max_connections / 2 */
    long nMaxHeaderBytes;               /* request line + headers */
    long nMaxUrlBytes;                  /* request target */
    long nMaxBodyBytes;                 /* request body */
    bool bCache;                        /* page cache on/off */
    long nCacheBytes;                   /* page cache bound */
    int nCacheMaxAge;                   /* s-maxage: seconds CDNs keep a page */
    int nCacheStaleWhileRevalidate;     /* stale-while-revalidate, 0: none */
    int nCacheStaleIfError;             /* stale-if-error, 0: none */
    int nDbConnections;                 /* database connections in the pool */
    int nDbTimeoutMs;                   /* longest wait for the database
                                           server's answer or a new
                                           connection, in ms */
    char zDbReplica[CONFIG_STR_MAX];    /* read replica's postgresql:// URL
                                           for public pages, "" none */
    int nWorkers;                       /* threads for slow handlers */
    char zPasswordCost[CONFIG_STR_MAX]; /* "interactive" or "min" (tests) */
    char zTrustedProxies[CONFIG_STR_MAX]; /* networks whose forwarding
                                             header is believed; "" none */
    char zProxyHeader[CONFIG_STR_MAX];    /* "x-forwarded-for" or
                                             "forwarded" */
    char zPurgeUrls[CONFIG_STR_MAX];      /* CDN/Varnish purge endpoints, ""
                                             none (config_parse_purge_urls()) */
    char zPurgeKey[CONFIG_STR_MAX];       /* API token of fastly+ endpoints */
    int nPurgeRetries;                    /* tries after a failed purge */
} Config;

/* Most purge endpoints purge_urls may list. */
#define CONFIG_PURGE_MAX 8

/* How an endpoint of purge_urls is asked to purge tags (app/purge.c). */
typedef enum ConfigPurgeStyle {
    CONFIG_PURGE_XKEY,   /* "xkey+URL": PURGE URL, header xkey-purge: tags */
    CONFIG_PURGE_FASTLY, /* "fastly+URL": POST URL/purge/{tag}, or URL/purge
                            with Surrogate-Key: tags; Fastly-Key header */
} ConfigPurgeStyle;

/* One endpoint of purge_urls. */
typedef struct ConfigPurgeUrl {
    ConfigPurgeStyle style;    /* how to ask it */
    char zUrl[CONFIG_STR_MAX]; /* http(s) URL, style prefix and trailing /
                                  of a fastly+ URL removed */
} ConfigPurgeUrl;

/* Fill 'c' with the built-in defaults. */
void config_defaults(Config *c);

/*
 * Set 'zKey' to 'zValue' in 'c'.  Keys are the INI names (listen,
 * listen_reuse_port, db, base_url, root, timezone, access_log, log_level,
 * threads, max_connections, per_ip_connections, timeout_seconds,
 * header_timeout_seconds, max_header_connections, max_header_bytes,
 * max_url_bytes, max_body_bytes, cache, cache_bytes, cache_max_age,
 * cache_stale_while_revalidate, cache_stale_if_error, db_connections,
 * db_replica, db_timeout_ms, workers, password_cost, trusted_proxies,
 * proxy_header, purge_urls, purge_key, purge_retries;
 * docs/configuration.md).
 *
 * Every value is checked here: numbers against their range, switches
 * against on/off, words against their list (log_level, password_cost),
 * listen with config_parse_listen(), base_url as an http(s) URL, timezone
 * against the tzdata files, access_log refusing switch words ("on"),
 * trusted_proxies with netaddr_parse_list(), purge_urls with
 * config_parse_purge_urls().
 *
 * Return 0, or -1 with a message in 'zErr' (OUT, 200 bytes) naming the
 * key, what it accepts and what was given; 'c' is then unchanged.
 */
int config_set(Config *c, const char *zKey, const char *zValue, char zErr[200]);

/*
 * The name of the 'i'th settable key (0-based, in docs/configuration.md's
 * order), or NULL when 'i' is past the last; for tests and help texts.
 */
const char *config_key_name(size_t i);

/*
 * Parse a listen address 'zListen' ("HOST:PORT", "[V6]:PORT", "*:PORT" or
 * ":PORT" for every IPv4 address, "localhost:PORT") into '*pOut' (OUT).
 * PORT is 0 to 65535 in decimal digits.  Return 0, or -1 when it is not
 * such an address (nothing is resolved; host names other than localhost
 * are refused).
 */
int config_parse_listen(const char *zListen, struct sockaddr_storage *pOut);

/*
 * Parse 'zUrls' (purge_urls): endpoints separated by spaces or commas,
 * each "xkey+" or "fastly+" and an http:// or https:// URL with a host
 * (no quote, backslash, fragment or control byte), at most
 * CONFIG_PURGE_MAX.  Fill 'aOut' (OUT) and '*pnOut' (OUT, 0 for "").
 * Return 0, or -1 when 'zUrls' is not such a list.
 */
int config_parse_purge_urls(const char *zUrls,
                            ConfigPurgeUrl aOut[CONFIG_PURGE_MAX], int *pnOut);

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
