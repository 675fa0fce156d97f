/*
 * log.c — line logging and the buffered access log; see log.h.
 *
 * Level lines are formatted into a stack buffer and written with one
 * write(2).
 *
 * Access lines go into a chunk owned by the thread that logs them (found
 * through a thread-local pointer; every thread's LogBuf is on a list so
 * that the writer can reach it).  A full chunk is handed to the writer
 * thread's queue and the thread takes an empty one, so a server thread
 * never waits for the disk: a write that stalls (ext4 committing its
 * journal, dirty-page throttling) stalled every connection of an event
 * loop for up to 250 ms when the event loop wrote itself.  The writer
 * writes queued chunks in order, and once a second takes the partly
 * filled chunks too.  Only when LOG_QUEUE_MAX chunks wait (the disk is
 * far behind) does a server thread wait for the writer, so memory stays
 * bounded.
 *
 * Locks, always taken in this order: g_listMutex (the list of LogBufs),
 * a LogBuf's mutex (its owner adding a line, or someone taking its
 * chunk), g_queueMutex (the queue, the free chunks and the writer's
 * state), g_fileMutex (the descriptor and every write to either log).
 * The writer never blocks on a LogBuf's mutex (it only tries it), so a
 * server thread waiting for room in the queue while holding its own can
 * always be released.  All writes are one write(2) of whole lines (looped
 * on a short write) under g_fileMutex: reopening swaps the descriptor
 * between two writes and no line is torn, even when both streams are
 * standard error on a pipe.
 */
#include "log.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Longest level line written; longer ones are cut (logs only). */
#define LOG_LINE_MAX 2048
/* Longest access-log path kept for reopening. */
#define LOG_PATH_MAX 1024
/* Full chunks waiting for the writer before server threads wait too. */
#define LOG_QUEUE_MAX 64
/* Empty chunks kept for reuse; more are freed. */
#define LOG_FREE_MAX 16
/* Nanoseconds between the writer's sweeps of partly filled chunks. */
#define LOG_SWEEP_NS 1000000000LL

/* Access lines on their way to the file. */
typedef struct LogChunk {
    struct LogChunk *pNext;       /* next in the queue or the free list */
    size_t n;                     /* bytes of whole lines in a */
    char a[LOG_ACCESS_BUF_BYTES]; /* the lines, oldest first */
} LogChunk;

/* One thread's place for access lines. */
typedef struct LogBuf {
    pthread_mutex_t mutex; /* owner adding a line, or a taker */
    LogChunk *pChunk;      /* lines being gathered; never NULL */
    struct LogBuf *pNext;  /* next in g_pBufList */
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

/* Guards the queue, the free chunks and the writer's state below. */
static pthread_mutex_t g_queueMutex = PTHREAD_MUTEX_INITIALIZER;
/* Signalled when a chunk is queued, or a sweep or stop is asked for. */
static pthread_cond_t g_workCond;
/* Broadcast when the writer has written a chunk or swept. */
static pthread_cond_t g_doneCond;
static LogChunk *g_pQueueFirst; /* oldest full chunk */
static LogChunk *g_pQueueLast;  /* newest */
static unsigned g_nQueued;      /* chunks in the queue */
static LogChunk *g_pFree;       /* empty chunks for reuse */
static unsigned g_nFree;        /* how many */
static bool g_bWriting;         /* the writer is writing a chunk */
static bool g_bStop;            /* the writer ends once the queue is empty */
static bool g_bWriter;          /* the writer thread runs */
static pthread_t g_writer;      /* it */

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

/* abort() with a message: the log cannot go on without memory. */
static void log_out_of_memory(void)
{
    static const char zMsg[] = "access log: out of memory\n";
    ssize_t rc = write(2, zMsg, sizeof(zMsg) - 1);
    (void)rc;
    abort();
}

/* An empty chunk, reused or new (caller holds g_queueMutex). */
static LogChunk *log_chunk_take(void)
{
    LogChunk *k = g_pFree;
    if (k != NULL) {
        g_pFree = k->pNext;
        g_nFree--;
    } else {
        k = malloc(sizeof(*k));
        if (k == NULL) {
            log_out_of_memory();
        }
    }
    k->pNext = NULL;
    k->n = 0;
    return k;
}

/* Give back an emptied chunk (caller holds g_queueMutex). */
static void log_chunk_give(LogChunk *k)
{
    if (g_nFree >= LOG_FREE_MAX) {
        free(k);
        return;
    }
    k->pNext = g_pFree;
    g_pFree = k;
    g_nFree++;
}

/* Append 'k' to the queue and wake the writer (caller holds the lock). */
static void log_queue_push(LogChunk *k)
{
    k->pNext = NULL;
    if (g_pQueueLast != NULL) {
        g_pQueueLast->pNext = k;
    } else {
        g_pQueueFirst = k;
    }
    g_pQueueLast = k;
    g_nQueued++;
    pthread_cond_signal(&g_workCond);
}

/*
 * Queue the lines of 'b' (whose mutex the caller holds) and give it an
 * empty chunk.  'bWait': when the queue is full, wait for the writer
 * (server threads); otherwise queue anyway (flushes, which are rare).
 */
static void log_buf_hand_over(LogBuf *b, bool bWait)
{
    if (b->pChunk->n == 0) {
        return;
    }
    pthread_mutex_lock(&g_queueMutex);
    while (bWait && g_bWriter && g_nQueued >= LOG_QUEUE_MAX) {
        pthread_cond_wait(&g_doneCond, &g_queueMutex);
    }
    log_queue_push(b->pChunk);
    b->pChunk = log_chunk_take();
    pthread_mutex_unlock(&g_queueMutex);
}

/* Write 'k' to the access log; on failure say so on standard error. */
static void log_chunk_write(const LogChunk *k)
{
    pthread_mutex_lock(&g_fileMutex);
    int fd = atomic_load(&g_accessFd);
    int rc = fd >= 0 ? log_write_all(fd, k->a, k->n) : 0;
    int nErr = errno;
    pthread_mutex_unlock(&g_fileMutex);
    if (rc != 0 && fd != 2) {
        log_error("access log: write failed (%s); %zu bytes of lines lost",
                  strerror(nErr), k->n);
    }
}

/*
 * Queue every thread's partly filled chunk.  The writer passes
 * 'bTry' and skips a buffer whose owner is busy with it (that thread is
 * adding lines and will hand a full chunk over itself; the next sweep
 * takes the rest); anyone else waits for each buffer.
 */
static void log_sweep(bool bTry)
{
    pthread_mutex_lock(&g_listMutex);
    for (LogBuf *b = g_pBufList; b != NULL; b = b->pNext) {
        if (bTry) {
            if (pthread_mutex_trylock(&b->mutex) != 0) {
                continue;
            }
        } else {
            pthread_mutex_lock(&b->mutex);
        }
        log_buf_hand_over(b, false);
        pthread_mutex_unlock(&b->mutex);
    }
    pthread_mutex_unlock(&g_listMutex);
}

/* Monotonic nanoseconds. */
static int64_t log_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * The writer thread: write queued chunks in order; once a second queue
 * the partly filled ones first; end when asked to and nothing is left.
 */
static void *log_writer_main(void *pArg)
{
    (void)pArg;
    int64_t tSweep = log_now_ns() + LOG_SWEEP_NS;
    pthread_mutex_lock(&g_queueMutex);
    for (;;) {
        if (g_pQueueFirst == NULL) {
            if (g_bStop) {
                break;
            }
            if (log_now_ns() >= tSweep) {
                pthread_mutex_unlock(&g_queueMutex);
                log_sweep(true);
                pthread_mutex_lock(&g_queueMutex);
                tSweep = log_now_ns() + LOG_SWEEP_NS;
                continue;
            }
            struct timespec ts = {(time_t)(tSweep / 1000000000LL),
                                  (long)(tSweep % 1000000000LL)};
            pthread_cond_timedwait(&g_workCond, &g_queueMutex, &ts);
            continue;
        }
        LogChunk *k = g_pQueueFirst;
        g_pQueueFirst = k->pNext;
        if (g_pQueueFirst == NULL) {
            g_pQueueLast = NULL;
        }
        g_nQueued--;
        g_bWriting = true;
        pthread_mutex_unlock(&g_queueMutex);
        log_chunk_write(k);
        pthread_mutex_lock(&g_queueMutex);
        g_bWriting = false;
        log_chunk_give(k);
        pthread_cond_broadcast(&g_doneCond);
    }
    pthread_mutex_unlock(&g_queueMutex);
    return NULL;
}

/* Start the writer thread unless it runs.  Return 0 or -1. */
static int log_writer_start(void)
{
    int rc = 0;
    pthread_mutex_lock(&g_queueMutex);
    if (!g_bWriter) {
        pthread_condattr_t attr;
        pthread_condattr_init(&attr);
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
        pthread_cond_init(&g_workCond, &attr);
        pthread_condattr_destroy(&attr);
        pthread_cond_init(&g_doneCond, NULL);
        g_bStop = false;
        rc = pthread_create(&g_writer, NULL, log_writer_main, NULL);
        if (rc == 0) {
            g_bWriter = true;
        } else {
            pthread_cond_destroy(&g_workCond);
            pthread_cond_destroy(&g_doneCond);
        }
    }
    pthread_mutex_unlock(&g_queueMutex);
    return rc == 0 ? 0 : -1;
}

void log_access_flush(void)
{
    log_sweep(false);
    pthread_mutex_lock(&g_queueMutex);
    if (g_bWriter) {
        while (g_pQueueFirst != NULL || g_bWriting) {
            pthread_cond_wait(&g_doneCond, &g_queueMutex);
        }
    } else {
        /* No writer (never started): write here. */
        while (g_pQueueFirst != NULL) {
            LogChunk *k = g_pQueueFirst;
            g_pQueueFirst = k->pNext;
            g_nQueued--;
            log_chunk_write(k);
            log_chunk_give(k);
        }
        g_pQueueLast = NULL;
    }
    pthread_mutex_unlock(&g_queueMutex);
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
    if (fd >= 0 && log_writer_start() != 0) {
        if (fd > 2) {
            close(fd);
        }
        return -1;
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
    pthread_mutex_lock(&g_queueMutex);
    bool bJoin = g_bWriter;
    g_bStop = true;
    if (bJoin) {
        pthread_cond_signal(&g_workCond);
    }
    pthread_mutex_unlock(&g_queueMutex);
    if (bJoin) {
        pthread_join(g_writer, NULL);
        pthread_cond_destroy(&g_workCond);
        pthread_cond_destroy(&g_doneCond);
    }
    pthread_mutex_lock(&g_listMutex);
    LogBuf *b = g_pBufList;
    g_pBufList = NULL;
    atomic_fetch_add(&g_generation, 1);
    pthread_mutex_unlock(&g_listMutex);
    pthread_mutex_lock(&g_queueMutex);
    g_bWriter = false;
    while (b != NULL) {
        LogBuf *pNext = b->pNext;
        pthread_mutex_destroy(&b->mutex);
        log_chunk_give(b->pChunk);
        free(b);
        b = pNext;
    }
    while (g_pFree != NULL) {
        LogChunk *k = g_pFree;
        g_pFree = k->pNext;
        free(k);
    }
    g_nFree = 0;
    pthread_mutex_unlock(&g_queueMutex);
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
        log_out_of_memory();
    }
    pthread_mutex_init(&b->mutex, NULL);
    pthread_mutex_lock(&g_queueMutex);
    b->pChunk = log_chunk_take();
    pthread_mutex_unlock(&g_queueMutex);
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
    if (b->pChunk->n + nMax > sizeof(b->pChunk->a)) {
        log_buf_hand_over(b, true);
    }
    return b->pChunk->a + b->pChunk->n;
}

void log_access_end(size_t nUsed)
{
    LogBuf *b = t_pBuf;
    assert(b != NULL && b->pChunk->n + nUsed <= sizeof(b->pChunk->a));
    b->pChunk->n += nUsed;
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
