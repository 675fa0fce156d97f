/*
 * config_test.c — unit tests for the operator's settings (base/config.c).
 *
 * Checks the layers of config.h: built-in defaults, config_set() with its
 * range checks and messages, an INI file (errors name file:line) and
 * SINMUN_* environment variables.  INI files are written to a temporary
 * folder and removed afterwards.  A standalone program:
 * `build/san/unit/base/config_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/config.h"

/* Write 'zText' to a new temporary file; its path goes to 'zPath' (OUT). */
static void write_ini(const char *zText, char zPath[64])
{
    snprintf(zPath, 64, "/tmp/sinmun_config_test_XXXXXX");
    int fd = mkstemp(zPath);
    assert_true(fd >= 0);
    size_t n = strlen(zText);
    assert_int_equal(write(fd, zText, n), (ssize_t)n);
    close(fd);
}

/* config_load_file() on 'zText'; the error message goes to 'zErr'. */
static int load_ini(Config *c, const char *zText, char zErr[200],
                    char zPath[64])
{
    write_ini(zText, zPath);
    int rc = config_load_file(c, zPath, zErr);
    unlink(zPath);
    return rc;
}

/* True when 'zHaystack' contains 'zNeedle'. */
static bool has(const char *zHaystack, const char *zNeedle)
{
    return strstr(zHaystack, zNeedle) != NULL;
}

/* True when 'z' begins with 'zPrefix'. */
static bool starts_with(const char *z, const char *zPrefix)
{
    return strncmp(z, zPrefix, strlen(zPrefix)) == 0;
}

static void test_config_defaults(void **state)
{
    (void)state;
    Config c;
    memset(&c, 0x55, sizeof(c));
    config_defaults(&c);
    assert_string_equal(c.zListen, "127.0.0.1:8080");
    assert_string_equal(c.zDb, "data/sinmun.db");
    assert_string_equal(c.zBaseUrl, "http://127.0.0.1:8080");
    assert_string_equal(c.zRoot, ".");
    assert_string_equal(c.zTimezone, "Asia/Seoul");
    assert_string_equal(c.zAccessLog, "-");
    assert_string_equal(c.zLogLevel, "info");
    assert_int_equal(c.nThreads, 2);
    assert_int_equal(c.nMaxConnections, 4096);
    assert_int_equal(c.nPerIpConnections, 256);
    assert_int_equal(c.nTimeoutSeconds, 30);
    assert_int_equal(c.nMaxHeaderBytes, 16384);
    assert_int_equal(c.nMaxUrlBytes, 4096);
    assert_int_equal(c.nMaxBodyBytes, 1048576);
    assert_true(c.bCache);
    assert_int_equal(c.nCacheBytes, 64L * 1024 * 1024);
    assert_int_equal(c.nCacheMaxAge, 60);
    assert_int_equal(c.nDbConnections, 8);
}

static void test_config_set_each_type(void **state)
{
    (void)state;
    Config c;
    char zErr[200] = "";
    config_defaults(&c);
    assert_int_equal(config_set(&c, "listen", "0.0.0.0:80", zErr), 0);
    assert_string_equal(c.zListen, "0.0.0.0:80");
    assert_int_equal(config_set(&c, "db", "postgres://u@h/sinmun", zErr), 0);
    assert_string_equal(c.zDb, "postgres://u@h/sinmun");
    assert_int_equal(config_set(&c, "timezone", "UTC", zErr), 0);
    assert_string_equal(c.zTimezone, "UTC");
    assert_int_equal(config_set(&c, "threads", "16", zErr), 0);
    assert_int_equal(c.nThreads, 16);
    assert_int_equal(config_set(&c, "per_ip_connections", "0", zErr), 0);
    assert_int_equal(c.nPerIpConnections, 0);
    assert_int_equal(config_set(&c, "cache_bytes", "1099511627776", zErr), 0);
    assert_int_equal(c.nCacheBytes, 1L << 40);
    assert_int_equal(config_set(&c, "max_body_bytes", "1024", zErr), 0);
    assert_int_equal(c.nMaxBodyBytes, 1024);
    assert_int_equal(config_set(&c, "cache", "off", zErr), 0);
    assert_false(c.bCache);
    assert_int_equal(config_set(&c, "db_connections", "256", zErr), 0);
    assert_int_equal(c.nDbConnections, 256);
    assert_string_equal(zErr, "");
}

static void test_config_set_rejects_out_of_range_with_message(void **state)
{
    (void)state;
    Config c;
    char zErr[200];
    config_defaults(&c);
    assert_int_equal(config_set(&c, "threads", "0", zErr), -1);
    assert_true(has(zErr, "threads"));
    assert_true(has(zErr, "1 to 256"));
    assert_true(has(zErr, "'0'"));
    assert_int_equal(config_set(&c, "threads", "257", zErr), -1);
    assert_true(has(zErr, "'257'"));
    assert_int_equal(c.nThreads, 2);

    assert_int_equal(config_set(&c, "cache_bytes", "-1", zErr), -1);
    assert_true(has(zErr, "cache_bytes"));
    assert_int_equal(config_set(&c, "cache_bytes", "1099511627777", zErr), -1);
    assert_int_equal(c.nCacheBytes, 64L * 1024 * 1024);
    assert_int_equal(config_set(&c, "max_url_bytes", "63", zErr), -1);
    assert_true(has(zErr, "64 to 65536"));
}

static void test_config_set_rejects_non_numbers(void **state)
{
    (void)state;
    Config c;
    char zErr[200];
    config_defaults(&c);
    static const char *azBad[] = {"",    "abc",  "5x",
                                  "4.5", "0x10", "99999999999999999999999"};
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        zErr[0] = 0;
        assert_int_equal(config_set(&c, "threads", azBad[i], zErr), -1);
        assert_true(has(zErr, "threads: expected a whole number"));
    }
    assert_int_equal(c.nThreads, 2);
}

static void test_config_set_rejects_unknown_key(void **state)
{
    (void)state;
    Config c;
    char zErr[200];
    config_defaults(&c);
    assert_int_equal(config_set(&c, "thread", "4", zErr), -1);
    assert_string_equal(zErr, "unknown setting 'thread'");
    assert_int_equal(config_set(&c, "THREADS", "4", zErr), -1);
    assert_int_equal(config_set(&c, "", "4", zErr), -1);
    assert_int_equal(c.nThreads, 2);
}

static void test_config_set_rejects_too_long_string(void **state)
{
    (void)state;
    Config c;
    char zErr[200];
    char zLong[CONFIG_STR_MAX + 1];
    config_defaults(&c);
    memset(zLong, 'a', CONFIG_STR_MAX);
    zLong[CONFIG_STR_MAX] = 0;
    assert_int_equal(config_set(&c, "root", zLong, zErr), -1);
    assert_true(has(zErr, "root: longer than 511 bytes"));
    assert_string_equal(c.zRoot, ".");
    zLong[CONFIG_STR_MAX - 1] = 0; /* exactly 511 bytes fits */
    assert_int_equal(config_set(&c, "root", zLong, zErr), 0);
    assert_int_equal(strlen(c.zRoot), CONFIG_STR_MAX - 1);
}

static void test_config_set_bool_spellings(void **state)
{
    (void)state;
    Config c;
    char zErr[200];
    config_defaults(&c);
    static const char *azTrue[] = {"on", "true", "yes", "1", "ON", "True"};
    static const char *azFalse[] = {"off", "false", "no", "0", "OFF", "No"};
    for (size_t i = 0; i < 6; i++) {
        c.bCache = false;
        assert_int_equal(config_set(&c, "cache", azTrue[i], zErr), 0);
        assert_true(c.bCache);
        assert_int_equal(config_set(&c, "cache", azFalse[i], zErr), 0);
        assert_false(c.bCache);
    }
    assert_int_equal(config_set(&c, "cache", "maybe", zErr), -1);
    assert_true(has(zErr, "cache: expected on or off"));
    assert_true(has(zErr, "'maybe'"));
    assert_int_equal(config_set(&c, "cache", "", zErr), -1);
    assert_int_equal(config_set(&c, "cache", "2", zErr), -1);
    assert_false(c.bCache);
}

static void test_config_base_url_trailing_slash_stripped(void **state)
{
    (void)state;
    Config c;
    char zErr[200];
    config_defaults(&c);
    assert_int_equal(config_set(&c, "base_url", "https://news.example/", zErr),
                     0);
    assert_string_equal(c.zBaseUrl, "https://news.example");
    assert_int_equal(
        config_set(&c, "base_url", "https://x.example/paper//", zErr), 0);
    assert_string_equal(c.zBaseUrl, "https://x.example/paper");
    assert_int_equal(config_set(&c, "base_url", "https://y.example", zErr), 0);
    assert_string_equal(c.zBaseUrl, "https://y.example");
    /* Other settings keep their slashes. */
    assert_int_equal(config_set(&c, "root", "/srv/sinmun/", zErr), 0);
    assert_string_equal(c.zRoot, "/srv/sinmun/");
}

static void test_config_load_file_with_server_section(void **state)
{
    (void)state;
    Config c;
    char zErr[200] = "";
    char zPath[64];
    config_defaults(&c);
    const char *zIni = "; sinmun settings\n"
                       "threads = 4\n"
                       "\n"
                       "[server]\n"
                       "listen = 0.0.0.0:9000\n"
                       "base_url = https://sinmun.example/\n"
                       "cache = off\n"
                       "# a comment\n"
                       "cache_bytes = 1048576\n"
                       "timezone = Asia/Seoul\n";
    assert_int_equal(load_ini(&c, zIni, zErr, zPath), 0);
    assert_int_equal(c.nThreads, 4);
    assert_string_equal(c.zListen, "0.0.0.0:9000");
    assert_string_equal(c.zBaseUrl, "https://sinmun.example");
    assert_false(c.bCache);
    assert_int_equal(c.nCacheBytes, 1048576);
    /* Keys not in the file keep their defaults. */
    assert_string_equal(c.zDb, "data/sinmun.db");
}

static void test_config_load_file_bad_value_names_file_and_line(void **state)
{
    (void)state;
    Config c;
    char zErr[200] = "";
    char zPath[64];
    char zWant[100];
    config_defaults(&c);
    assert_int_equal(
        load_ini(&c, "[server]\nlisten = :1\nthreads = 0\n", zErr, zPath), -1);
    snprintf(zWant, sizeof(zWant), "%s:3: ", zPath);
    assert_true(starts_with(zErr, zWant));
    assert_true(has(zErr, "threads: expected a whole number"));
}

static void test_config_load_file_syntax_error_names_line(void **state)
{
    (void)state;
    Config c;
    char zErr[200] = "";
    char zPath[64];
    char zWant[100];
    config_defaults(&c);
    assert_int_equal(
        load_ini(&c, "threads = 4\nthis line has no equals\n", zErr, zPath),
        -1);
    snprintf(zWant, sizeof(zWant), "%s:2: ", zPath);
    assert_true(starts_with(zErr, zWant));
    assert_true(has(zErr, "syntax"));
}

static void test_config_load_file_unknown_key_and_section(void **state)
{
    (void)state;
    Config c;
    char zErr[200] = "";
    char zPath[64];
    config_defaults(&c);
    assert_int_equal(load_ini(&c, "colour = blue\n", zErr, zPath), -1);
    assert_true(has(zErr, ":1: unknown setting 'colour'"));
    assert_int_equal(
        load_ini(&c, "threads = 3\n[database]\nthreads = 5\n", zErr, zPath),
        -1);
    assert_true(has(zErr, ":3: unknown section [database]"));
}

static void test_config_load_file_reports_first_error_line(void **state)
{
    (void)state;
    Config c;
    char zErr[200] = "";
    char zPath[64];
    config_defaults(&c);
    /* Two bad lines: the message and the line number are the first's. */
    assert_int_equal(
        load_ini(&c, "threads = 4\nthreads = 0\ncolour = x\n", zErr, zPath),
        -1);
    assert_true(has(zErr, ":2: threads: expected"));
    /* A syntax error before a bad value. */
    assert_int_equal(
        load_ini(&c, "oops\nthreads = 4\ncolour = x\n", zErr, zPath), -1);
    assert_true(has(zErr, ":1: syntax"));
}

static void test_config_load_file_refuses_long_line_not_cut(void **state)
{
    (void)state;
    Config c;
    char zErr[200] = "";
    char zPath[64];
    char zIni[700];
    config_defaults(&c);
    /* A 400-byte value, longer than inih's 200-byte line buffer. */
    char zValue[401];
    memset(zValue, 'd', 400);
    zValue[400] = 0;
    snprintf(zIni, sizeof(zIni), "db = %s\nthreads = 3\n", zValue);
    assert_int_equal(load_ini(&c, zIni, zErr, zPath), -1);
    assert_true(has(zErr, ":1: line longer than 199 bytes"));
    assert_string_equal(c.zDb, "data/sinmun.db");
}

static void test_config_load_file_line_of_199_bytes_fits(void **state)
{
    (void)state;
    Config c;
    char zErr[200] = "";
    char zPath[64];
    char zIni[300];
    char zValue[200];
    /* "db = " is 5 bytes: 194 more make a 199-byte line. */
    memset(zValue, 'd', 194);
    zValue[194] = 0;
    for (int bNewline = 0; bNewline < 2; bNewline++) {
        config_defaults(&c);
        snprintf(zIni, sizeof(zIni), "db = %s%s", zValue, bNewline ? "\n" : "");
        assert_int_equal(load_ini(&c, zIni, zErr, zPath), 0);
        assert_string_equal(c.zDb, zValue);
    }
    config_defaults(&c);
    snprintf(zIni, sizeof(zIni), "db = %sd\n", zValue);
    assert_int_equal(load_ini(&c, zIni, zErr, zPath), -1);
    assert_true(has(zErr, ":1: line longer than 199 bytes"));
}

static void test_config_load_file_missing(void **state)
{
    (void)state;
    Config c;
    char zErr[200] = "";
    config_defaults(&c);
    assert_int_equal(config_load_file(&c, "/nonexistent/sinmun.ini", zErr), -1);
    assert_string_equal(zErr, "/nonexistent/sinmun.ini: cannot open");
}

static void test_config_env_overrides(void **state)
{
    (void)state;
    Config c;
    char zErr[200] = "";
    config_defaults(&c);
    setenv("SINMUN_THREADS", "6", 1);
    setenv("SINMUN_BASE_URL", "https://env.example/", 1);
    setenv("SINMUN_CACHE", "no", 1);
    assert_int_equal(config_load_env(&c, zErr), 0);
    assert_int_equal(c.nThreads, 6);
    assert_string_equal(c.zBaseUrl, "https://env.example");
    assert_false(c.bCache);
    assert_int_equal(c.nDbConnections, 8);

    setenv("SINMUN_THREADS", "0", 1);
    assert_int_equal(config_load_env(&c, zErr), -1);
    assert_true(has(zErr, "threads"));
    unsetenv("SINMUN_THREADS");
    unsetenv("SINMUN_BASE_URL");
    unsetenv("SINMUN_CACHE");
    assert_int_equal(config_load_env(&c, zErr), 0);
}

static void test_config_later_layer_overrides_earlier(void **state)
{
    (void)state;
    Config c;
    char zErr[200] = "";
    char zPath[64];
    config_defaults(&c);
    assert_int_equal(load_ini(&c, "threads = 4\nlisten = :1\n", zErr, zPath),
                     0);
    setenv("SINMUN_THREADS", "8", 1);
    assert_int_equal(config_load_env(&c, zErr), 0);
    unsetenv("SINMUN_THREADS");
    assert_int_equal(c.nThreads, 8);
    assert_string_equal(c.zListen, ":1");
    assert_int_equal(config_set(&c, "threads", "12", zErr), 0);
    assert_int_equal(c.nThreads, 12);
}

/* One key with a value it must refuse and one it must take. */
typedef struct KeyCase {
    const char *zKey;  /* setting */
    const char *zBad;  /* refused: the program must stop */
    const char *zGood; /* accepted */
} KeyCase;

/*
 * Issue 8: "a bad value stops the program" held only for numbers and
 * switches.  A bad log_level was ignored, access_log=on wrote a file
 * named "on", a misspelt timezone showed every time in UTC.  Each key
 * has a bad value here, and the table must name every key there is.
 */
static const KeyCase aKeyCase[] = {
    {"listen", "127.0.0.1", "[::1]:8080"},
    {"listen_reuse_port", "sometimes", "on"},
    {"db", "", "/srv/sinmun/site.db"},
    {"base_url", "news.example", "https://news.example"},
    {"root", "", "/srv/sinmun"},
    {"timezone", "Asia/Seol", "Asia/Seoul"},
    {"access_log", "on", "/var/log/sinmun/access.log"},
    {"log_level", "verbose", "warn"},
    {"threads", "0", "4"},
    {"max_connections", "0", "100"},
    {"per_ip_connections", "-1", "0"},
    {"timeout_seconds", "0", "5"},
    {"header_timeout_seconds", "0", "10"},
    {"max_header_connections", "-1", "0"},
    {"max_header_bytes", "1023", "1024"},
    {"max_url_bytes", "63", "64"},
    {"max_body_bytes", "1023", "1024"},
    {"cache", "maybe", "off"},
    {"cache_bytes", "-1", "0"},
    {"cache_max_age", "86401", "0"},
    {"cache_stale_while_revalidate", "-1", "0"},
    {"cache_stale_if_error", "2592001", "604800"},
    {"db_connections", "0", "1"},
    {"db_timeout_ms", "99", "100"},
    {"db_replica", "/var/lib/sinmun/replica.db",
     "postgresql://sinmun@db2/sinmun"},
    {"workers", "0", "1"},
    {"password_cost", "cheap", "min"},
    {"trusted_proxies", "10.0.0.1/8", "10.0.0.0/8, 192.0.2.7 ::1"},
    {"proxy_header", "x-real-ip", "forwarded"},
    {"purge_urls", "http://127.0.0.1:6081/", "xkey+http://127.0.0.1:6081/"},
    {"purge_key", "two words", "AbC_123-xyz"},
    {"purge_retries", "11", "0"},
};

static void test_config_every_key_refuses_a_bad_value_issue8(void **state)
{
    (void)state;
    size_t nCase = sizeof(aKeyCase) / sizeof(aKeyCase[0]);
    /* Every key has a case, and every case names a key. */
    size_t nKey = 0;
    for (const char *zName; (zName = config_key_name(nKey)) != NULL; nKey++) {
        bool bFound = false;
        for (size_t i = 0; i < nCase; i++) {
            bFound = bFound || strcmp(aKeyCase[i].zKey, zName) == 0;
        }
        if (!bFound) {
            fail_msg("no test case for the key '%s'", zName);
        }
    }
    assert_int_equal(nKey, nCase);
    for (size_t i = 0; i < nCase; i++) {
        const KeyCase *k = &aKeyCase[i];
        Config c, cBefore;
        char zErr[200] = "";
        config_defaults(&c);
        cBefore = c;
        if (config_set(&c, k->zKey, k->zBad, zErr) != -1) {
            fail_msg("%s=%s was accepted", k->zKey, k->zBad);
        }
        /* The message names the key and what was given. */
        assert_true(starts_with(zErr, k->zKey));
        assert_true(has(zErr, ": expected "));
        char zGot[80];
        snprintf(zGot, sizeof(zGot), "'%s'", k->zBad);
        assert_true(has(zErr, zGot));
        assert_memory_equal(&c, &cBefore, sizeof(c));
        if (config_set(&c, k->zKey, k->zGood, zErr) != 0) {
            fail_msg("%s=%s was refused: %s", k->zKey, k->zGood, zErr);
        }
    }
}

static void test_config_access_log_refuses_switch_words_issue8(void **state)
{
    (void)state;
    Config c;
    char zErr[200];
    config_defaults(&c);
    static const char *azBad[] = {"on", "ON",    "yes", "true", "1", "0",
                                  "no", "false", "Off", "none", ""};
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        assert_int_equal(config_set(&c, "access_log", azBad[i], zErr), -1);
        assert_true(has(zErr, "access_log: expected a file path, - "
                              "(standard error) or off"));
    }
    assert_string_equal(c.zAccessLog, "-");
    static const char *azGood[] = {"off", "-", "/var/log/sinmun/access.log",
                                   "./on", "access.log"};
    for (size_t i = 0; i < sizeof(azGood) / sizeof(azGood[0]); i++) {
        assert_int_equal(config_set(&c, "access_log", azGood[i], zErr), 0);
        assert_string_equal(c.zAccessLog, azGood[i]);
    }
}

static void test_config_log_level_and_password_cost_words_issue8(void **state)
{
    (void)state;
    Config c;
    char zErr[200];
    config_defaults(&c);
    static const char *azLevel[] = {"debug", "info", "warn", "error"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(config_set(&c, "log_level", azLevel[i], zErr), 0);
        assert_string_equal(c.zLogLevel, azLevel[i]);
    }
    static const char *azBad[] = {"INFO", "warning", "", "trace", "info "};
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        assert_int_equal(config_set(&c, "log_level", azBad[i], zErr), -1);
        assert_true(has(zErr, "log_level: expected debug, info, warn or "
                              "error"));
    }
    assert_string_equal(c.zLogLevel, "error");
    assert_int_equal(config_set(&c, "password_cost", "min", zErr), 0);
    assert_int_equal(config_set(&c, "password_cost", "interactive", zErr), 0);
    assert_int_equal(config_set(&c, "password_cost", "fast", zErr), -1);
    assert_true(has(zErr, "password_cost: expected interactive"));
    assert_string_equal(c.zPasswordCost, "interactive");
}

static void test_config_listen_addresses(void **state)
{
    (void)state;
    struct sockaddr_storage ss;
    static const char *azGood[] = {"127.0.0.1:8080", "[::1]:8080",
                                   "*:80",           ":1",
                                   "localhost:0",    "0.0.0.0:65535"};
    for (size_t i = 0; i < sizeof(azGood) / sizeof(azGood[0]); i++) {
        if (config_parse_listen(azGood[i], &ss) != 0) {
            fail_msg("'%s' refused", azGood[i]);
        }
    }
    assert_int_equal(config_parse_listen("[::1]:8080", &ss), 0);
    assert_int_equal(ss.ss_family, AF_INET6);
    static const char *azBad[] = {
        "127.0.0.1",   "127.0.0.1:",         "127.0.0.1:8o", "127.0.0.1:65536",
        "1.2.3.4:-1",  "news.example:80",    "[::1:80",      "[zz]:80",
        "1.2.3.4: 80", "1.2.3.4:99999999999"};
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        if (config_parse_listen(azBad[i], &ss) != -1) {
            fail_msg("'%s' accepted", azBad[i]);
        }
    }
}

static void test_config_base_url_and_timezone_checked(void **state)
{
    (void)state;
    Config c;
    char zErr[200];
    config_defaults(&c);
    static const char *azBadUrl[] = {
        "news.example", "ftp://news.example",        "https://",
        "https:///x",   "https://news.example/?a=1", "https://news example",
        "http://a\nb"};
    for (size_t i = 0; i < sizeof(azBadUrl) / sizeof(azBadUrl[0]); i++) {
        assert_int_equal(config_set(&c, "base_url", azBadUrl[i], zErr), -1);
        assert_true(has(zErr, "base_url: expected an absolute http://"));
    }
    assert_string_equal(c.zBaseUrl, "http://127.0.0.1:8080");
    assert_int_equal(config_set(&c, "base_url", "http://[::1]:8080/", zErr), 0);
    assert_string_equal(c.zBaseUrl, "http://[::1]:8080");

    static const char *azBadZone[] = {"Asia/Seol",        "",     "/etc/passwd",
                                      "../../etc/passwd", "Asia", "KST 9"};
    for (size_t i = 0; i < sizeof(azBadZone) / sizeof(azBadZone[0]); i++) {
        assert_int_equal(config_set(&c, "timezone", azBadZone[i], zErr), -1);
        assert_true(has(zErr, "timezone: expected an IANA time zone"));
    }
    assert_string_equal(c.zTimezone, "Asia/Seoul");
    assert_int_equal(config_set(&c, "timezone", "UTC", zErr), 0);
    assert_int_equal(config_set(&c, "timezone", "America/New_York", zErr), 0);
    assert_string_equal(c.zTimezone, "America/New_York");
}

static void test_config_load_file_bad_word_names_line_issue8(void **state)
{
    (void)state;
    Config c;
    char zErr[200] = "";
    char zPath[64];
    config_defaults(&c);
    assert_int_equal(load_ini(&c,
                              "[server]\nthreads = 4\naccess_log = on\n"
                              "log_level = info\n",
                              zErr, zPath),
                     -1);
    assert_true(has(zErr, ":3: access_log: expected"));
    setenv("SINMUN_LOG_LEVEL", "chatty", 1);
    assert_int_equal(config_load_env(&c, zErr), -1);
    unsetenv("SINMUN_LOG_LEVEL");
    assert_true(has(zErr, "log_level: expected"));
}

/* purge_urls: each endpoint's style and URL, and what is refused. */
static void test_config_purge_urls(void **state)
{
    (void)state;
    ConfigPurgeUrl aUrl[CONFIG_PURGE_MAX];
    int n = -1;
    assert_int_equal(config_parse_purge_urls("", aUrl, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(
        config_parse_purge_urls(
            " xkey+http://10.0.0.5:6081/, xkey+http://[::1]:6081/purge "
            "fastly+https://api.fastly.com/service/AbC123//",
            aUrl, &n),
        0);
    assert_int_equal(n, 3);
    assert_int_equal(aUrl[0].style, CONFIG_PURGE_XKEY);
    assert_string_equal(aUrl[0].zUrl, "http://10.0.0.5:6081/");
    assert_string_equal(aUrl[1].zUrl, "http://[::1]:6081/purge");
    assert_int_equal(aUrl[2].style, CONFIG_PURGE_FASTLY);
    /* The trailing slashes go: sinmun appends /purge/{key}. */
    assert_string_equal(aUrl[2].zUrl, "https://api.fastly.com/service/AbC123");
    static const char *const azBad[] = {
        "http://10.0.0.5:6081/",         /* no style */
        "varnish+http://10.0.0.5:6081/", /* unknown style */
        "xkey+",                         /* no URL */
        "xkey+ftp://10.0.0.5/",          /* not http(s) */
        "xkey+http://",                  /* no host */
        "xkey+http://a/?x=1",            /* a query */
        "fastly+https://a/#top",         /* a fragment */
        "xkey+http://a/\"x\"",           /* a quote */
        "xkey+http://a/\tb",             /* a control byte */
        "xkey+http://a/ xkey+http://b/ xkey+http://c/ xkey+http://d/ "
        "xkey+http://e/ xkey+http://f/ xkey+http://g/ xkey+http://h/ "
        "xkey+http://i/", /* nine */
    };
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        if (config_parse_purge_urls(azBad[i], aUrl, &n) != -1) {
            fail_msg("purge_urls '%s' was accepted", azBad[i]);
        }
    }
    Config c;
    char zErr[200];
    config_defaults(&c);
    assert_string_equal(c.zPurgeUrls, "");
    assert_int_equal(c.nPurgeRetries, 5);
    assert_int_equal(config_set(&c, "purge_urls", "xkey+http://a/ b", zErr),
                     -1);
    assert_true(starts_with(zErr, "purge_urls: expected xkey+URL or "
                                  "fastly+URL"));
    assert_string_equal(c.zPurgeUrls, "");
}

int main(void)
{
    const struct CMUnitTest aTest[] = {
        cmocka_unit_test(test_config_defaults),
        cmocka_unit_test(test_config_set_each_type),
        cmocka_unit_test(test_config_set_rejects_out_of_range_with_message),
        cmocka_unit_test(test_config_set_rejects_non_numbers),
        cmocka_unit_test(test_config_set_rejects_unknown_key),
        cmocka_unit_test(test_config_set_rejects_too_long_string),
        cmocka_unit_test(test_config_set_bool_spellings),
        cmocka_unit_test(test_config_base_url_trailing_slash_stripped),
        cmocka_unit_test(test_config_load_file_with_server_section),
        cmocka_unit_test(test_config_load_file_bad_value_names_file_and_line),
        cmocka_unit_test(test_config_load_file_syntax_error_names_line),
        cmocka_unit_test(test_config_load_file_unknown_key_and_section),
        cmocka_unit_test(test_config_load_file_reports_first_error_line),
        cmocka_unit_test(test_config_load_file_refuses_long_line_not_cut),
        cmocka_unit_test(test_config_load_file_line_of_199_bytes_fits),
        cmocka_unit_test(test_config_load_file_missing),
        cmocka_unit_test(test_config_env_overrides),
        cmocka_unit_test(test_config_later_layer_overrides_earlier),
        cmocka_unit_test(test_config_every_key_refuses_a_bad_value_issue8),
        cmocka_unit_test(test_config_access_log_refuses_switch_words_issue8),
        cmocka_unit_test(test_config_log_level_and_password_cost_words_issue8),
        cmocka_unit_test(test_config_listen_addresses),
        cmocka_unit_test(test_config_base_url_and_timezone_checked),
        cmocka_unit_test(test_config_load_file_bad_word_names_line_issue8),
        cmocka_unit_test(test_config_purge_urls),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
