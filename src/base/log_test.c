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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* Read the whole file 'zPath' (any size) into a malloc'ed string. */
static char *read_file(const char *zPath, size_t *pnOut)
{
    struct stat st;
    assert_int_equal(stat(zPath, &st), 0);
    char *z = malloc((size_t)st.st_size + 1);
    FILE *fp = fopen(zPath, "rb");
    assert_non_null(fp);
    size_t n = fread(z, 1, (size_t)st.st_size, fp);
    fclose(fp);
    z[n] = 0;
    *pnOut = n;
    return z;
}

/* A new empty temporary file; its path goes to 'zPath' (OUT). */
static void temp_file(char zPath[64])
{
    snprintf(zPath, 64, "/tmp/sinmun-access-test-XXXXXX");
    int fd = mkstemp(zPath);
    assert_true(fd >= 0);
    close(fd);
}

/* Lines each writer thread logs in the tearing test. */
#define LOG_TEST_LINES 4000
/* Writer threads in the tearing test. */
#define LOG_TEST_THREADS 4

/* Log LOG_TEST_LINES lines "T<id> L<n> <len> xxx…" of varied lengths. */
static void *log_test_writer(void *pArg)
{
    int id = (int)(intptr_t)pArg;
    char zFill[2001];
    memset(zFill, 'a' + id, sizeof(zFill) - 1);
    zFill[sizeof(zFill) - 1] = 0;
    for (int i = 0; i < LOG_TEST_LINES; i++) {
        /* Up to 2000 bytes: log_access() cuts lines at 2 KiB. */
        int nFill = (i * 7919 + id * 131) % 2000;
        log_access("T%d L%d %d %.*s", id, i, nFill, nFill, zFill);
    }
    return NULL;
}

/*
 * Issue 11: with each thread's lines buffered, a line must still reach
 * the file whole, never cut by or mixed with another thread's, and each
 * thread's lines in order, while a flusher writes out buffers meanwhile.
 */
static void test_log_access_threads_never_tear_lines(void **state)
{
    (void)state;
    char zPath[64];
    temp_file(zPath);
    assert_int_equal(log_set_access(zPath), 0);
    pthread_t aThread[LOG_TEST_THREADS];
    for (int t = 0; t < LOG_TEST_THREADS; t++) {
        assert_int_equal(pthread_create(&aThread[t], NULL, log_test_writer,
                                        (void *)(intptr_t)t),
                         0);
    }
    for (int i = 0; i < 200; i++) {
        log_access_flush();
        usleep(500);
    }
    for (int t = 0; t < LOG_TEST_THREADS; t++) {
        pthread_join(aThread[t], NULL);
    }
    log_access_close();
    size_t n = 0;
    char *z = read_file(zPath, &n);
    int aNext[LOG_TEST_THREADS] = {0};
    int nLine = 0;
    char *zLine = z;
    while (zLine < z + n) {
        /* memchr, not strchr: under ASan's strict_string_checks strchr
           measures the whole rest of the 16 MB file for every line. */
        char *zEnd = memchr(zLine, '\n', (size_t)(z + n - zLine));
        assert_non_null(zEnd);
        *zEnd = 0;
        int id = -1, i = -1, nFill = -1, nPrefix = 0;
        assert_int_equal(
            sscanf(zLine, "T%d L%d %d %n", &id, &i, &nFill, &nPrefix), 3);
        assert_true(id >= 0 && id < LOG_TEST_THREADS);
        assert_int_equal(i, aNext[id]);
        aNext[id]++;
        assert_int_equal((int)strlen(zLine + nPrefix), nFill);
        for (int k = 0; k < nFill; k++) {
            if (zLine[nPrefix + k] != 'a' + id) {
                fail_msg("line %d torn at byte %d", nLine, nPrefix + k);
            }
        }
        nLine++;
        zLine = zEnd + 1;
    }
    assert_int_equal(nLine, LOG_TEST_THREADS * LOG_TEST_LINES);
    free(z);
    unlink(zPath);
    assert_int_equal(log_set_access("-"), 0);
}

/*
 * A thread's lines are handed to the writer a whole chunk at a time when
 * the next line would not fit, so only whole lines reach the file; a
 * flush writes the rest before it returns.
 */
static void test_log_access_writes_whole_lines_and_flush_waits(void **state)
{
    (void)state;
    char zPath[64];
    temp_file(zPath);
    assert_int_equal(log_set_access(zPath), 0);
    log_access("GET /first 200");
    log_access_flush();
    size_t n = 0;
    char *z = read_file(zPath, &n);
    assert_string_equal(z, "GET /first 200\n");
    free(z);
    /* 100 lines of 1000 bytes overflow the 64 KiB chunk once. */
    char zFill[1000]; /* 999 bytes and the newline: 1000 a line */
    memset(zFill, 'x', sizeof(zFill) - 1);
    zFill[sizeof(zFill) - 1] = 0;
    for (int i = 0; i < 100; i++) {
        log_access("%s", zFill);
    }
    /* The writer thread writes the full chunk soon (polled, up to 10 s). */
    for (int i = 0; i < 1000; i++) {
        free(read_file(zPath, &n));
        if (n > 15) {
            break;
        }
        usleep(10000);
    }
    z = read_file(zPath, &n);
    assert_true(n >= 15 + 60 * 1000);
    assert_int_equal((n - 15) % 1000, 0);
    assert_int_equal(z[n - 1], '\n');
    free(z);
    log_access_close();
    z = read_file(zPath, &n);
    assert_int_equal(n, 15 + 100 * 1000);
    free(z);
    unlink(zPath);
    assert_int_equal(log_set_access("-"), 0);
}

/*
 * Issue 8: logrotate renames the file and sends SIGHUP; lines before go
 * to the renamed file, lines after to a new one under the old name.
 */
static void test_log_access_reopen_after_rename(void **state)
{
    (void)state;
    char zPath[64], zOld[80];
    temp_file(zPath);
    snprintf(zOld, sizeof(zOld), "%s.1", zPath);
    assert_int_equal(log_set_access(zPath), 0);
    log_access("GET /before-rotation 200");
    assert_int_equal(rename(zPath, zOld), 0);
    assert_int_equal(log_access_reopen(), 0);
    log_access("GET /after-rotation 200");
    log_access_flush();
    size_t n = 0;
    char *z = read_file(zOld, &n);
    assert_string_equal(z, "GET /before-rotation 200\n");
    free(z);
    z = read_file(zPath, &n);
    assert_string_equal(z, "GET /after-rotation 200\n");
    free(z);
    log_access_close();
    unlink(zPath);
    unlink(zOld);
    assert_int_equal(log_set_access("-"), 0);
}

static void test_log_clf_time_format(void **state)
{
    (void)state;
    char z[LOG_CLF_TIME_BYTES + 1];
    log_clf_time(0, z);
    z[LOG_CLF_TIME_BYTES] = 0;
    assert_string_equal(z, "[01/Jan/1970:00:00:00 +0000]");
    log_clf_time(971186136, z);
    assert_string_equal(z, "[10/Oct/2000:13:55:36 +0000]");
    log_clf_time(971186136, z); /* from the thread's cache */
    assert_string_equal(z, "[10/Oct/2000:13:55:36 +0000]");
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
        cmocka_unit_test(test_log_access_threads_never_tear_lines),
        cmocka_unit_test(test_log_access_writes_whole_lines_and_flush_waits),
        cmocka_unit_test(test_log_access_reopen_after_rename),
        cmocka_unit_test(test_log_clf_time_format),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
