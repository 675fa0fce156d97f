/*
 * log_test.c — unit tests for line logging (base/log.c).
 *
 * Standard error is pointed at a temporary file for each test so the
 * lines can be read back: one line per call with a UTC time stamp and the
 * level, levels below the configured one dropped, access lines to their
 * own file or nowhere, and long lines cut rather than overflowing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"

/* Where standard error went during a test. */
typedef struct Capture {
    char zPath[64]; /* temporary file */
    int fdSaved;    /* the real standard error */
} Capture;

static int setup_capture(void **state)
{
    Capture *c = calloc(1, sizeof(*c));
    snprintf(c->zPath, sizeof(c->zPath), "/tmp/sinmun-log-test-XXXXXX");
    int fd = mkstemp(c->zPath);
    assert_true(fd >= 0);
    c->fdSaved = dup(2);
    dup2(fd, 2);
    close(fd);
    log_set_level(LOG_INFO);
    assert_int_equal(log_set_access("-"), 0);
    *state = c;
    return 0;
}

static int teardown_capture(void **state)
{
    Capture *c = *state;
    dup2(c->fdSaved, 2);
    close(c->fdSaved);
    unlink(c->zPath);
    free(c);
    return 0;
}

/* Read the whole file 'zPath' into a malloc'ed string. */
static char *read_all(const char *zPath)
{
    FILE *fp = fopen(zPath, "rb");
    assert_non_null(fp);
    char *z = calloc(1, 65536);
    size_t n = fread(z, 1, 65535, fp);
    z[n] = 0;
    fclose(fp);
    return z;
}

static void test_log_writes_one_line_with_time_and_level(void **state)
{
    Capture *c = *state;
    log_info("hello %d", 42);
    log_warn("legal field %s is empty", "publisher");
    char *z = read_all(c->zPath);
    char *zSecond = strchr(z, '\n');
    assert_non_null(zSecond);
    assert_non_null(strstr(z, "Z info: hello 42\n"));
    assert_non_null(
        strstr(zSecond + 1, "Z warn: legal field publisher is empty\n"));
    assert_int_equal(z[4], '-');
    assert_int_equal(z[10], 'T');
    free(z);
}

static void test_log_drops_lines_below_the_level(void **state)
{
    Capture *c = *state;
    log_set_level(LOG_WARN);
    log_info("not shown");
    log_debug("not shown either");
    log_error("shown");
    char *z = read_all(c->zPath);
    assert_null(strstr(z, "not shown"));
    assert_non_null(strstr(z, "error: shown"));
    free(z);
}

static void test_log_access_goes_to_its_file_or_nowhere(void **state)
{
    Capture *c = *state;
    char zAccess[64];
    snprintf(zAccess, sizeof(zAccess), "/tmp/sinmun-access-test-XXXXXX");
    int fd = mkstemp(zAccess);
    close(fd);
    assert_int_equal(log_set_access(zAccess), 0);
    assert_true(log_access_enabled());
    log_access("GET /article/1 200 9937 %d", 120);
    assert_int_equal(log_set_access("off"), 0);
    assert_false(log_access_enabled());
    log_access("GET /dropped 200 1 1");
    char *zFile = read_all(zAccess);
    char *zErr = read_all(c->zPath);
    assert_non_null(strstr(zFile, "GET /article/1 200 9937 120\n"));
    assert_null(strstr(zFile, "dropped"));
    assert_null(strstr(zErr, "dropped"));
    free(zFile);
    free(zErr);
    unlink(zAccess);
    assert_int_equal(log_set_access("/nonexistent-dir/x.log"), -1);
}

static void test_log_cuts_an_overlong_line_and_still_ends_it(void **state)
{
    Capture *c = *state;
    char *zLong = malloc(10000);
    memset(zLong, 'x', 9999);
    zLong[9999] = 0;
    log_info("%s", zLong);
    log_info("next");
    char *z = read_all(c->zPath);
    char *zNl = strchr(z, '\n');
    assert_non_null(zNl);
    assert_true(zNl - z < 2048);
    assert_non_null(strstr(zNl + 1, "info: next\n"));
    free(z);
    free(zLong);
}

int main(void)
{
    const struct CMUnitTest aTest[] = {
        cmocka_unit_test_setup_teardown(
            test_log_writes_one_line_with_time_and_level, setup_capture,
            teardown_capture),
        cmocka_unit_test_setup_teardown(test_log_drops_lines_below_the_level,
                                        setup_capture, teardown_capture),
        cmocka_unit_test_setup_teardown(
            test_log_access_goes_to_its_file_or_nowhere, setup_capture,
            teardown_capture),
        cmocka_unit_test_setup_teardown(
            test_log_cuts_an_overlong_line_and_still_ends_it, setup_capture,
            teardown_capture),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
