/*
 * config.c — layered settings over inih; see config.h.
 *
 * One table describes every key: its name, type, where it lives in Config
 * and its range.  Defaults, the file, the environment and flags all pass
 * through config_set(), so validation is written once.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "netaddr.h"

/* Kind of value a key holds. */
typedef enum ConfigType {
    CONFIG_STR,  /* char[CONFIG_STR_MAX], checked by its xCheck */
    CONFIG_INT,  /* int */
    CONFIG_LONG, /* long */
    CONFIG_BOOL, /* bool: on/off, true/false, yes/no, 1/0 */
} ConfigType;

/*
 * Check a string value.  Return NULL when 'zValue' is acceptable, or a
 * static text saying what was expected ("debug, info, warn or error").
 */
typedef const char *(*ConfigCheck)(const char *zValue);

/* One settable key. */
typedef struct ConfigKey {
    const char *zName;  /* INI name */
    ConfigType type;    /* what it holds */
    size_t offset;      /* where in Config */
    long nMin, nMax;    /* range for numbers */
    ConfigCheck xCheck; /* validator for CONFIG_STR keys */
} ConfigKey;

/* Longest IANA zone name accepted (the longest real one has 30 bytes). */
#define CONFIG_ZONE_MAX 64
/* Where tzdata keeps its zone files unless TZDIR says otherwise. */
#define CONFIG_ZONEINFO "/usr/share/zoneinfo"

/* True when 'z' holds a byte below 0x20 or DEL. */
static bool config_has_control(const char *z)
{
    for (; *z; z++) {
        if ((unsigned char)*z < 0x20 || *z == 0x7f) {
            return true;
        }
    }
    return false;
}

/* True when 'z' is one of the NULL-terminated 'azChoice'. */
static bool config_is_one_of(const char *z, const char *const *azChoice)
{
    for (; *azChoice != NULL; azChoice++) {
        if (strcmp(z, *azChoice) == 0) {
            return true;
        }
    }
    return false;
}

static const char *config_check_listen(const char *z)
{
    struct sockaddr_storage ss;
    if (config_parse_listen(z, &ss) != 0) {
        return "HOST:PORT such as 127.0.0.1:8080, [::1]:8080 or *:8080 "
               "(port 0 to 65535)";
    }
    return NULL;
}

static const char *config_check_path(const char *z)
{
    if (z[0] == 0 || config_has_control(z)) {
        return "a path";
    }
    return NULL;
}

static const char *config_check_base_url(const char *z)
{
    static const char zWant[] =
        "an absolute http:// or https:// URL with a host and no query, "
        "such as https://news.example";
    size_t nScheme = strncmp(z, "http://", 7) == 0    ? 7
                     : strncmp(z, "https://", 8) == 0 ? 8
                                                      : 0;
    if (nScheme == 0 || z[nScheme] == 0 || z[nScheme] == '/' ||
        strpbrk(z, " ?#\\\"<>") != NULL || config_has_control(z)) {
        return zWant;
    }
    return NULL;
}

/*
 * A zone must name a tzdata file: the C library silently shows UTC for a
 * name it cannot find, which would put every article's time 9 hours off.
 */
static const char *config_check_timezone(const char *z)
{
    static const char zWant[] = "an IANA time zone such as Asia/Seoul or UTC";
    size_t n = strlen(z);
    if (n == 0 || n > CONFIG_ZONE_MAX || z[0] == '/' || strstr(z, "..")) {
        return zWant;
    }
    for (const char *p = z; *p; p++) {
        if (!isalnum((unsigned char)*p) && strchr("/_+-", *p) == NULL) {
            return zWant;
        }
    }
    if (strcmp(z, "UTC") == 0) {
        return NULL; /* the C library knows UTC without tzdata */
    }
    const char *zDir = getenv("TZDIR");
    char zPath[CONFIG_STR_MAX + CONFIG_ZONE_MAX + 2];
    snprintf(zPath, sizeof(zPath), "%.*s/%s", CONFIG_STR_MAX,
             zDir != NULL && zDir[0] != 0 ? zDir : CONFIG_ZONEINFO, z);
    struct stat st;
    if (stat(zPath, &st) != 0 || !S_ISREG(st.st_mode)) {
        return zWant;
    }
    return NULL;
}

/*
 * The words of a switch are refused as a file name: "access_log=on" once
 * wrote a file called "on" into the working folder.
 */
static const char *config_check_access_log(const char *z)
{
    static const char *const azSwitch[] = {"on",    "yes", "true", "1", "no",
                                           "false", "0",   "none", NULL};
    static const char zWant[] = "a file path, - (standard error) or off";
    if (z[0] == 0 || config_has_control(z)) {
        return zWant;
    }
    for (const char *const *pz = azSwitch; *pz != NULL; pz++) {
        if (strcasecmp(z, *pz) == 0) {
            return zWant;
        }
    }
    if (strcasecmp(z, "off") == 0 && strcmp(z, "off") != 0) {
        return zWant;
    }
    return NULL;
}

static const char *config_check_log_level(const char *z)
{
    static const char *const azLevel[] = {"debug", "info", "warn", "error",
                                          NULL};
    return config_is_one_of(z, azLevel) ? NULL : "debug, info, warn or error";
}

static const char *config_check_password_cost(const char *z)
{
    static const char *const azCost[] = {"interactive", "min", NULL};
    return config_is_one_of(z, azCost)
               ? NULL
               : "interactive (Argon2id, about 140 ms and 64 MiB a hash) "
                 "or min (tests only)";
}

static const char *config_check_trusted_proxies(const char *z)
{
    NetList list;
    char zBad[64];
    return netaddr_parse_list(z, &list, zBad)
               ? NULL
               : "addresses or networks such as 10.0.0.0/8, 192.0.2.7 or "
                 "2001:db8::/32 (no bits past the prefix), separated by "
                 "commas or spaces, at most 64";
}

static const char *config_check_proxy_header(const char *z)
{
    static const char *const azHeader[] = {"x-forwarded-for", "forwarded",
                                           NULL};
    return config_is_one_of(z, azHeader) ? NULL
                                         : "x-forwarded-for or forwarded";
}

/*
 * A read replica is a PostgreSQL standby; empty turns it off.  Whether
 * 'db' is on PostgreSQL too is checked when the server starts, since the
 * two may come from different layers.
 */
static const char *config_check_db_replica(const char *z)
{
    static const char zWant[] =
        "a postgresql:// URL of a hot standby (read replicas are for "
        "PostgreSQL), or nothing";
    if (z[0] == 0) {
        return NULL;
    }
    if ((strncmp(z, "postgresql://", 13) != 0 &&
         strncmp(z, "postgres://", 11) != 0) ||
        config_has_control(z)) {
        return zWant;
    }
    return NULL;
}

static const char *config_check_purge_urls(const char *z)
{
    ConfigPurgeUrl *aUrl = calloc(CONFIG_PURGE_MAX, sizeof(ConfigPurgeUrl));
    int nUrl = 0;
    int rc = aUrl != NULL ? config_parse_purge_urls(z, aUrl, &nUrl) : -1;
    free(aUrl);
    return rc == 0 ? NULL
                   : "xkey+URL or fastly+URL (an http or https URL), "
                     "separated by spaces or commas, at most 8";
}

/* An API token: visible ASCII, no quote or backslash, at most 256. */
static const char *config_check_purge_key(const char *z)
{
    size_t n = 0;
    for (; z[n]; n++) {
        unsigned char ch = (unsigned char)z[n];
        if (ch <= 0x20 || ch >= 0x7f || ch == '"' || ch == '\\') {
            break;
        }
    }
    return z[n] == 0 && n <= 256
               ? NULL
               : "a token of visible ASCII characters (no space or quote), "
                 "at most 256, or nothing";
}

#define CK(name, type, member, lo, hi, check)                                  \
    {                                                                          \
        name, type, offsetof(Config, member), lo, hi, check                    \
    }

static const ConfigKey aKey[] = {
    CK("listen", CONFIG_STR, zListen, 0, 0, config_check_listen),
    CK("listen_reuse_port", CONFIG_BOOL, bListenReusePort, 0, 0, NULL),
    CK("db", CONFIG_STR, zDb, 0, 0, config_check_path),
    CK("base_url", CONFIG_STR, zBaseUrl, 0, 0, config_check_base_url),
    CK("root", CONFIG_STR, zRoot, 0, 0, config_check_path),
    CK("timezone", CONFIG_STR, zTimezone, 0, 0, config_check_timezone),
    CK("access_log", CONFIG_STR, zAccessLog, 0, 0, config_check_access_log),
    CK("log_level", CONFIG_STR, zLogLevel, 0, 0, config_check_log_level),
    CK("threads", CONFIG_INT, nThreads, 1, 256, NULL),
    CK("max_connections", CONFIG_INT, nMaxConnections, 1, 1000000, NULL),
    CK("per_ip_connections", CONFIG_INT, nPerIpConnections, 0, 1000000, NULL),
    CK("timeout_seconds", CONFIG_INT, nTimeoutSeconds, 1, 3600, NULL),
    CK("header_timeout_seconds", CONFIG_INT, nHeaderTimeoutSeconds, 1, 3600,
       NULL),
    CK("max_header_connections", CONFIG_INT, nMaxHeaderConnections, 0, 1000000,
       NULL),
    CK("max_header_bytes", CONFIG_LONG, nMaxHeaderBytes, 1024, 1048576, NULL),
    CK("max_url_bytes", CONFIG_LONG, nMaxUrlBytes, 64, 65536, NULL),
    CK("max_body_bytes", CONFIG_LONG, nMaxBodyBytes, 1024, 1073741824, NULL),
    CK("cache", CONFIG_BOOL, bCache, 0, 0, NULL),
    CK("cache_bytes", CONFIG_LONG, nCacheBytes, 0, 1L << 40, NULL),
    CK("cache_max_age", CONFIG_INT, nCacheMaxAge, 0, 86400, NULL),
    CK("cache_stale_while_revalidate", CONFIG_INT, nCacheStaleWhileRevalidate,
       0, 86400, NULL),
    CK("cache_stale_if_error", CONFIG_INT, nCacheStaleIfError, 0, 2592000,
       NULL),
    CK("db_connections", CONFIG_INT, nDbConnections, 1, 256, NULL),
    CK("db_replica", CONFIG_STR, zDbReplica, 0, 0, config_check_db_replica),
    CK("db_timeout_ms", CONFIG_INT, nDbTimeoutMs, 100, 600000, NULL),
    CK("workers", CONFIG_INT, nWorkers, 1, 64, NULL),
    CK("password_cost", CONFIG_STR, zPasswordCost, 0, 0,
       config_check_password_cost),
    CK("trusted_proxies", CONFIG_STR, zTrustedProxies, 0, 0,
       config_check_trusted_proxies),
    CK("proxy_header", CONFIG_STR, zProxyHeader, 0, 0,
       config_check_proxy_header),
    CK("purge_urls", CONFIG_STR, zPurgeUrls, 0, 0, config_check_purge_urls),
    CK("purge_key", CONFIG_STR, zPurgeKey, 0, 0, config_check_purge_key),
    CK("purge_retries", CONFIG_INT, nPurgeRetries, 0, 10, NULL),
};

int config_parse_purge_urls(const char *zUrls,
                            ConfigPurgeUrl aOut[CONFIG_PURGE_MAX], int *pnOut)
{
    static const struct {
        const char *zPrefix;    /* style prefix, with its + */
        ConfigPurgeStyle style; /* what it means */
    } aStyle[] = {{"xkey+", CONFIG_PURGE_XKEY},
                  {"fastly+", CONFIG_PURGE_FASTLY}};
    *pnOut = 0;
    if (config_has_control(zUrls)) {
        return -1;
    }
    const char *p = zUrls;
    for (;;) {
        p += strspn(p, " ,");
        if (*p == 0) {
            return 0;
        }
        size_t n = strcspn(p, " ,");
        if (*pnOut == CONFIG_PURGE_MAX || n >= CONFIG_STR_MAX) {
            return -1;
        }
        ConfigPurgeUrl *u = &aOut[*pnOut];
        size_t nPrefix = 0;
        for (size_t i = 0; i < sizeof(aStyle) / sizeof(aStyle[0]); i++) {
            size_t nOne = strlen(aStyle[i].zPrefix);
            if (n > nOne && strncmp(p, aStyle[i].zPrefix, nOne) == 0) {
                nPrefix = nOne;
                u->style = aStyle[i].style;
            }
        }
        if (nPrefix == 0) {
            return -1;
        }
        snprintf(u->zUrl, CONFIG_STR_MAX, "%.*s", (int)(n - nPrefix),
                 p + nPrefix);
        if (config_check_base_url(u->zUrl) != NULL ||
            strchr(u->zUrl, '\'') != NULL) {
            return -1;
        }
        if (u->style == CONFIG_PURGE_FASTLY) {
            size_t nUrl = strlen(u->zUrl);
            while (nUrl > 0 && u->zUrl[nUrl - 1] == '/') {
                u->zUrl[--nUrl] = 0;
            }
        }
        (*pnOut)++;
        p += n;
    }
}

const char *config_key_name(size_t i)
{
    return i < sizeof(aKey) / sizeof(aKey[0]) ? aKey[i].zName : NULL;
}

int config_parse_listen(const char *zListen, struct sockaddr_storage *pOut)
{
    memset(pOut, 0, sizeof(*pOut));
    const char *zColon = strrchr(zListen, ':');
    if (zColon == NULL || zColon[1] == 0) {
        return -1;
    }
    long port = 0;
    for (const char *p = zColon + 1; *p; p++) {
        if (!isdigit((unsigned char)*p) || port > 65535) {
            return -1;
        }
        port = port * 10 + (*p - '0');
    }
    if (port > 65535) {
        return -1;
    }
    char zHost[128];
    size_t nHost = (size_t)(zColon - zListen);
    if (nHost >= sizeof(zHost)) {
        return -1;
    }
    memcpy(zHost, zListen, nHost);
    zHost[nHost] = 0;
    if (zHost[0] == '[' && nHost > 2 && zHost[nHost - 1] == ']') {
        zHost[nHost - 1] = 0;
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)pOut;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)port);
        return inet_pton(AF_INET6, zHost + 1, &s6->sin6_addr) == 1 ? 0 : -1;
    }
    struct sockaddr_in *s4 = (struct sockaddr_in *)pOut;
    s4->sin_family = AF_INET;
    s4->sin_port = htons((uint16_t)port);
    if (strcmp(zHost, "") == 0 || strcmp(zHost, "*") == 0) {
        s4->sin_addr.s_addr = htonl(INADDR_ANY);
        return 0;
    }
    if (strcmp(zHost, "localhost") == 0) {
        snprintf(zHost, sizeof(zHost), "127.0.0.1");
    }
    return inet_pton(AF_INET, zHost, &s4->sin_addr) == 1 ? 0 : -1;
}

void config_defaults(Config *c)
{
    memset(c, 0, sizeof(*c));
    snprintf(c->zListen, CONFIG_STR_MAX, "127.0.0.1:8080");
    snprintf(c->zDb, CONFIG_STR_MAX, "data/sinmun.db");
    snprintf(c->zBaseUrl, CONFIG_STR_MAX, "http://127.0.0.1:8080");
    snprintf(c->zRoot, CONFIG_STR_MAX, ".");
    snprintf(c->zTimezone, CONFIG_STR_MAX, "Asia/Seoul");
    snprintf(c->zAccessLog, CONFIG_STR_MAX, "-");
    snprintf(c->zLogLevel, CONFIG_STR_MAX, "info");
    c->nThreads = 2;
    c->nMaxConnections = 4096;
    c->nPerIpConnections = 256;
    c->nTimeoutSeconds = 30;
    c->nHeaderTimeoutSeconds = 10;
    c->nMaxHeaderConnections = 0;
    c->nMaxHeaderBytes = 16384;
    c->nMaxUrlBytes = 4096;
    c->nMaxBodyBytes = 1048576;
    c->bCache = true;
    c->nCacheBytes = 64L * 1024 * 1024;
    c->nCacheMaxAge = 60;
    c->nCacheStaleWhileRevalidate = 30;
    c->nCacheStaleIfError = 86400;
    c->nDbConnections = 8;
    c->nDbTimeoutMs = 5000;
    c->nWorkers = 2;
    snprintf(c->zPasswordCost, CONFIG_STR_MAX, "interactive");
    snprintf(c->zProxyHeader, CONFIG_STR_MAX, "x-forwarded-for");
    c->nPurgeRetries = 5;
}

static int config_parse_bool(const char *z, bool *pOut)
{
    static const char *azTrue[] = {"1", "on", "true", "yes"};
    static const char *azFalse[] = {"0", "off", "false", "no"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(z, azTrue[i]) == 0) {
            *pOut = true;
            return 0;
        }
        if (strcasecmp(z, azFalse[i]) == 0) {
            *pOut = false;
            return 0;
        }
    }
    return -1;
}

int config_set(Config *c, const char *zKey, const char *zValue, char zErr[200])
{
    for (size_t i = 0; i < sizeof(aKey) / sizeof(aKey[0]); i++) {
        const ConfigKey *k = &aKey[i];
        if (strcmp(k->zName, zKey) != 0) {
            continue;
        }
        char *p = (char *)c + k->offset;
        if (k->type == CONFIG_STR) {
            if (strlen(zValue) >= CONFIG_STR_MAX) {
                snprintf(zErr, 200, "%s: longer than %d bytes", zKey,
                         CONFIG_STR_MAX - 1);
                return -1;
            }
            const char *zWant = k->xCheck(zValue);
            if (zWant != NULL) {
                snprintf(zErr, 200, "%s: expected %s, got '%.60s'", zKey, zWant,
                         zValue);
                return -1;
            }
            snprintf(p, CONFIG_STR_MAX, "%s", zValue);
            if (strcmp(zKey, "base_url") == 0) {
                size_t n = strlen(p);
                while (n > 0 && p[n - 1] == '/') {
                    p[--n] = 0;
                }
            }
            return 0;
        }
        if (k->type == CONFIG_BOOL) {
            if (config_parse_bool(zValue, (bool *)p) != 0) {
                snprintf(zErr, 200, "%s: expected on or off, got '%.80s'", zKey,
                         zValue);
                return -1;
            }
            return 0;
        }
        char *zEnd = NULL;
        errno = 0;
        long v = strtol(zValue, &zEnd, 10);
        if (errno != 0 || zEnd == zValue || *zEnd != 0 || v < k->nMin ||
            v > k->nMax) {
            snprintf(zErr, 200,
                     "%s: expected a whole number from %ld to %ld, "
                     "got '%.60s'",
                     zKey, k->nMin, k->nMax, zValue);
            return -1;
        }
        if (k->type == CONFIG_INT) {
            *(int *)p = (int)v;
        } else {
            *(long *)p = v;
        }
        return 0;
    }
    snprintf(zErr, 200, "unknown setting '%.80s'", zKey);
    return -1;
}

/* State passed through inih's reader and callback. */
typedef struct ConfigLoad {
    Config *c;    /* where values go */
    char *zErr;   /* first error */
    bool bFailed; /* an error was seen */
    FILE *pFile;  /* the INI file being read */
    int nLine;    /* physical lines read so far */
    int nErrLine; /* line of the first error in zErr */
} ConfigLoad;

/* Record 'zWhy' for the current line unless an earlier error is kept. */
static void config_load_fail(ConfigLoad *p, const char *zWhy)
{
    if (!p->bFailed) {
        snprintf(p->zErr, 200, "%s", zWhy);
        p->bFailed = true;
        p->nErrLine = p->nLine;
    }
}

/*
 * inih's line reader: fgets() that counts lines, so that errors found in
 * the callback name their own line.  inih (as Debian builds it) reads at
 * most 199 bytes per line and would parse the rest as a new line; a
 * longer line is refused here instead and handed to inih as empty.
 */
static char *config_ini_reader(char *zLine, int nLine, void *pStream)
{
    ConfigLoad *p = pStream;
    if (fgets(zLine, nLine, p->pFile) == NULL) {
        return NULL;
    }
    p->nLine++;
    size_t n = strlen(zLine);
    if (n == 0 || zLine[n - 1] == '\n') {
        return zLine;
    }
    /* The buffer is full: fine if the line ends right here. */
    int ch = fgetc(p->pFile);
    if (ch != '\n' && ch != EOF) {
        char zWhy[64];
        snprintf(zWhy, sizeof(zWhy), "line longer than %d bytes", nLine - 1);
        config_load_fail(p, zWhy);
        while (ch != '\n' && ch != EOF) {
            ch = fgetc(p->pFile);
        }
        zLine[0] = 0;
    }
    return zLine;
}

static int config_ini_handler(void *pUser, const char *zSection,
                              const char *zName, const char *zValue)
{
    ConfigLoad *p = pUser;
    char zWhy[200];
    if (zSection[0] != 0 && strcmp(zSection, "server") != 0) {
        snprintf(zWhy, sizeof(zWhy), "unknown section [%.80s]", zSection);
        config_load_fail(p, zWhy);
        return 0;
    }
    if (config_set(p->c, zName, zValue, zWhy) != 0) {
        config_load_fail(p, zWhy);
        return 0;
    }
    return 1;
}

int config_load_file(Config *c, const char *zPath, char zErr[200])
{
    ConfigLoad load = {c, zErr, false, NULL, 0, 0};
    load.pFile = fopen(zPath, "r");
    if (load.pFile == NULL) {
        snprintf(zErr, 200, "%.150s: cannot open", zPath);
        return -1;
    }
    /* inih returns the line of its first error, ours or a syntax error. */
    int rc =
        ini_parse_stream(config_ini_reader, &load, config_ini_handler, &load);
    fclose(load.pFile);
    if (rc < 0) {
        snprintf(zErr, 200, "%.150s: cannot read", zPath);
        return -1;
    }
    if (rc == 0 && !load.bFailed) {
        return 0;
    }
    char zWhy[200];
    int nErrLine = rc;
    if (load.bFailed && (rc == 0 || load.nErrLine <= rc)) {
        snprintf(zWhy, sizeof(zWhy), "%s", zErr);
        nErrLine = load.nErrLine;
    } else {
        snprintf(zWhy, sizeof(zWhy), "syntax");
    }
    snprintf(zErr, 200, "%.80s:%d: %.100s", zPath, nErrLine, zWhy);
    return -1;
}

int config_load_env(Config *c, char zErr[200])
{
    for (size_t i = 0; i < sizeof(aKey) / sizeof(aKey[0]); i++) {
        char zVar[64] = "SINMUN_";
        size_t n = strlen(zVar);
        for (const char *p = aKey[i].zName; *p && n < sizeof(zVar) - 1; p++) {
            zVar[n++] = (char)toupper((unsigned char)*p);
        }
        zVar[n] = 0;
        const char *zValue = getenv(zVar);
        if (zValue != NULL && config_set(c, aKey[i].zName, zValue, zErr) != 0) {
            return -1;
        }
    }
    return 0;
}
