/*
 * log.c — line logging; see log.h.
 *
 * Each line is formatted into a stack buffer and written with one write(2),
 * so lines from different threads never interleave and no lock is held.
 */
#include "log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Longest line written; longer ones are cut with "…" (logs only). */
#define LOG_LINE_MAX 2048

static LogLevel g_level = LOG_INFO;
static int g_accessFd = 2;

void log_set_level(LogLevel level)
{
    g_level = level;
}

int log_set_access(const char *zPath)
{
    if (strcmp(zPath, "-") == 0) {
        g_accessFd = 2;
        return 0;
    }
    if (strcmp(zPath, "off") == 0) {
        g_accessFd = -1;
        return 0;
    }
    int fd = open(zPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) {
        return -1;
    }
    g_accessFd = fd;
    return 0;
}

bool log_access_enabled(void)
{
    return g_accessFd >= 0;
}

static void log_write(int fd, const char *zPrefix, const char *zFmt, va_list ap)
{
    char aLine[LOG_LINE_MAX];
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    int n = snprintf(aLine, sizeof(aLine), "%04d-%02d-%02dT%02d:%02d:%02dZ %s",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec, zPrefix);
    int m = vsnprintf(aLine + n, sizeof(aLine) - (size_t)n - 1, zFmt, ap);
    size_t nLine = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (nLine > sizeof(aLine) - 2) {
        nLine = sizeof(aLine) - 2;
    }
    aLine[nLine++] = '\n';
    ssize_t rc = write(fd, aLine, nLine);
    (void)rc;
}

void log_msg(LogLevel level, const char *zFmt, ...)
{
    static const char *azPrefix[] = {"debug: ", "info: ", "warn: ", "error: "};
    if (level < g_level) {
        return;
    }
    va_list ap;
    va_start(ap, zFmt);
    log_write(2, azPrefix[level], zFmt, ap);
    va_end(ap);
}

void log_access(const char *zFmt, ...)
{
    if (g_accessFd < 0) {
        return;
    }
    va_list ap;
    va_start(ap, zFmt);
    log_write(g_accessFd, "", zFmt, ap);
    va_end(ap);
}
