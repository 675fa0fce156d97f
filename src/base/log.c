/*
 * log.c — line logging and the buffered access log; see log.h.
 *
 * Level lines are formatted into a stack buffer and written with one
 * write(2).  Access lines go into a buffer owned by the thread that logs
 * them (found through a thread-local pointer, registered in a list so
 * that log_access_flush() can reach every buffer).  A buffer has its own
 * mutex: its owner holds it while adding a line (never contended in the
 * common case, about 20 ns), a flusher while writing it out.  All writes
 * to the access file, and to standard error, are made under g_fileMutex,
 * one write(2) of whole lines each (looping on a short write), so
 * reopening swaps the descriptor between two writes and no line is torn,
 * even when both streams are standard error on a pipe.
 */
#include "log.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Longest level line written; longer ones are cut (logs only). */
#define LOG_LINE_MAX 2048
/* Longest access-log path kept for reopening. */
#define LOG_PATH_MAX 1024

/* One thread's access lines waiting to be written. */
typedef struct LogBuf {
    pthread_mutex_t mutex;        /* owner adding a line, or a flusher */
    size_t n;                     /* bytes waiting in a */
    struct LogBuf *pNext;         /* next in g_pBufList */
    char a[LOG_ACCESS_BUF_BYTES]; /* whole lines, oldest first */
} LogBuf;

static LogLevel g_level = LOG_INFO;

/* Guards g_accessFd changes, g_zAccessPath and every write to a log. */
static pthread_mutex_t g_fileMutex = PTHREAD_MUTEX_INITIALIZER;
/* Access file descriptor: 2 for standard error, -1 when off. */
static atomic_int g_accessFd = 2;
/* The file g_accessFd was opened from; "" for standard error or off. */
static char g_zAccessPath[LOG_PATH_MAX];

/* Guards g_pBufList. */
static pthread_mutex_t g_listMutex = PTHREAD_MUTEX_INITIALIZER;
/* Every thread's buffer, newest first. */
static LogBuf *g_pBufList;
/* Bumped by log_access_close(): thread pointers of older ones are stale. */
static atomic_uint g_generation;

/* The calling thread's buffer, valid while t_generation is current. */
static _Thread_local LogBuf *t_pBuf;
/* g_generation when t_pBuf was made. */
static _Thread_local unsigned t_generation;
/* The second t_zStamp shows, or -1. */
static _Thread_local time_t t_tStamp = -1;
/* "[10/Oct/2000:13:55:36 +0000]" for t_tStamp. */
static _Thread_local char t_zStamp[LOG_CLF_TIME_BYTES];

void log_set_level(LogLevel level)
{
    g_level = level;
}

/* Write all 'n' bytes of 'p' to 'fd'.  Return 0, or -1 with errno set. */
static int log_write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t m = write(fd, p, n);
        if (m < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        p += m;
        n -= (size_t)m;
    }
    return 0;
}

/*
 * Write out the lines of 'b' (whose mutex the caller holds) and empty
 * it.  A failed write drops them and says so on standard error.
 */
static void log_buf_write(LogBuf *b)
{
    if (b->n == 0) {
        return;
    }
    pthread_mutex_lock(&g_fileMutex);
    int fd = atomic_load(&g_accessFd);
    int rc = fd >= 0 ? log_write_all(fd, b->a, b->n) : 0;
    int nErr = errno;
    pthread_mutex_unlock(&g_fileMutex);
    size_t n = b->n;
    b->n = 0;
    if (rc != 0 && fd != 2) {
        log_error("access log: write failed (%s); %zu bytes of lines lost",
                  strerror(nErr), n);
    }
}

void log_access_flush(void)
{
    pthread_mutex_lock(&g_listMutex);
    for (LogBuf *b = g_pBufList; b != NULL; b = b->pNext) {
        pthread_mutex_lock(&b->mutex);
        log_buf_write(b);
        pthread_mutex_unlock(&b->mutex);
    }
    pthread_mutex_unlock(&g_listMutex);
}

/* Open 'zPath' for appending.  Return the descriptor or -1. */
static int log_open(const char *zPath)
{
    return open(zPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
}

/*
 * Make 'fd' (opened from 'zPath', "" for none) the access file, closing
 * the one it replaces unless that is standard error.
 */
static void log_swap_access(int fd, const char *zPath)
{
    pthread_mutex_lock(&g_fileMutex);
    int fdOld = atomic_exchange(&g_accessFd, fd);
    snprintf(g_zAccessPath, sizeof(g_zAccessPath), "%s", zPath);
    pthread_mutex_unlock(&g_fileMutex);
    if (fdOld > 2) {
        close(fdOld);
    }
}

int log_set_access(const char *zPath)
{
    int fd = -1;
    const char *zKeep = "";
    if (strcmp(zPath, "-") == 0) {
        fd = 2;
    } else if (strcmp(zPath, "off") != 0) {
        if (strlen(zPath) >= LOG_PATH_MAX) {
            errno = ENAMETOOLONG;
            return -1;
        }
        fd = log_open(zPath);
        if (fd < 0) {
            return -1;
        }
        zKeep = zPath;
    }
    log_access_flush();
    log_swap_access(fd, zKeep);
    return 0;
}

int log_access_reopen(void)
{
    log_access_flush();
    char zPath[LOG_PATH_MAX];
    pthread_mutex_lock(&g_fileMutex);
    snprintf(zPath, sizeof(zPath), "%s", g_zAccessPath);
    pthread_mutex_unlock(&g_fileMutex);
    if (zPath[0] == 0) {
        return 0;
    }
    int fd = log_open(zPath);
    if (fd < 0) {
        log_error("access log: cannot reopen %s (%s); still writing to the "
                  "file it had open",
                  zPath, strerror(errno));
        return -1;
    }
    log_swap_access(fd, zPath);
    return 0;
}

void log_access_close(void)
{
    log_access_flush();
    pthread_mutex_lock(&g_listMutex);
    LogBuf *b = g_pBufList;
    g_pBufList = NULL;
    atomic_fetch_add(&g_generation, 1);
    pthread_mutex_unlock(&g_listMutex);
    while (b != NULL) {
        LogBuf *pNext = b->pNext;
        pthread_mutex_destroy(&b->mutex);
        free(b);
        b = pNext;
    }
    t_pBuf = NULL;
    log_swap_access(-1, "");
}

bool log_access_enabled(void)
{
    return atomic_load(&g_accessFd) >= 0;
}

/* The calling thread's buffer, made and registered on first use. */
static LogBuf *log_thread_buf(void)
{
    unsigned generation = atomic_load(&g_generation);
    if (t_pBuf != NULL && t_generation == generation) {
        return t_pBuf;
    }
    LogBuf *b = malloc(sizeof(*b));
    if (b == NULL) {
        log_error("access log: out of memory");
        abort();
    }
    pthread_mutex_init(&b->mutex, NULL);
    b->n = 0;
    pthread_mutex_lock(&g_listMutex);
    b->pNext = g_pBufList;
    g_pBufList = b;
    t_generation = atomic_load(&g_generation);
    pthread_mutex_unlock(&g_listMutex);
    t_pBuf = b;
    return b;
}

char *log_access_begin(size_t nMax)
{
    assert(nMax > 0 && nMax <= LOG_ACCESS_BUF_BYTES);
    if (atomic_load(&g_accessFd) < 0) {
        return NULL;
    }
    LogBuf *b = log_thread_buf();
    pthread_mutex_lock(&b->mutex);
    if (b->n + nMax > sizeof(b->a)) {
        log_buf_write(b);
    }
    return b->a + b->n;
}

void log_access_end(size_t nUsed)
{
    LogBuf *b = t_pBuf;
    assert(b != NULL && b->n + nUsed <= sizeof(b->a));
    b->n += nUsed;
    pthread_mutex_unlock(&b->mutex);
}

void log_access(const char *zFmt, ...)
{
    if (!log_access_enabled()) {
        return;
    }
    char aLine[LOG_LINE_MAX];
    va_list ap;
    va_start(ap, zFmt);
    int m = vsnprintf(aLine, sizeof(aLine) - 1, zFmt, ap);
    va_end(ap);
    size_t n = m < 0 ? 0 : (size_t)m;
    if (n > sizeof(aLine) - 2) {
        n = sizeof(aLine) - 2;
    }
    aLine[n++] = '\n';
    char *p = log_access_begin(n);
    if (p != NULL) {
        memcpy(p, aLine, n);
        log_access_end(n);
    }
}

void log_clf_time(time_t t, char zOut[LOG_CLF_TIME_BYTES])
{
    static const char *azMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (t != t_tStamp) {
        struct tm tm;
        char aBuf[64];
        gmtime_r(&t, &tm);
        snprintf(aBuf, sizeof(aBuf), "[%02d/%s/%04d:%02d:%02d:%02d +0000]",
                 tm.tm_mday, azMon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
        memcpy(t_zStamp, aBuf, LOG_CLF_TIME_BYTES);
        t_tStamp = t;
    }
    memcpy(zOut, t_zStamp, LOG_CLF_TIME_BYTES);
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
    pthread_mutex_lock(&g_fileMutex);
    int rc = log_write_all(fd, aLine, nLine);
    pthread_mutex_unlock(&g_fileMutex);
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
