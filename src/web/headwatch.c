/*
 * headwatch.c — deadline and cap for request heads; see headwatch.h.
 *
 * One list under one mutex, oldest first: every entry goes in at the tail
 * with the current time, so the list is sorted by start and both the
 * deadline (look at the head) and the cap (drop the head) cost O(1).
 * The thread sleeps until the oldest entry's deadline.  A socket is only
 * ever shut down while its entry is listed, under the mutex, and the
 * server takes the entry off (headwatch_leave) before libmicrohttpd
 * closes the socket, so a descriptor number reused by a newer connection
 * is never touched.
 */
#include "web/headwatch.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "base/xmalloc.h"

/* Longest sleep with nothing to do; also how often a summary may be
   logged. */
#define HEADWATCH_IDLE_US (1000 * 1000)
/* Least time between two summary lines in the log. */
#define HEADWATCH_LOG_US (10 * 1000 * 1000)

struct HeadWatch {
    pthread_mutex_t mutex; /* guards everything below */
    pthread_cond_t cond;   /* wakes the thread: new oldest entry, stop */
    pthread_t thread;      /* enforces the deadline */
    int64_t nTimeoutUs;    /* deadline for a whole head */
    int nMax;              /* most entries at once */
    HeadEntry *pFirst;     /* oldest entry */
    HeadEntry *pLast;      /* newest entry */
    int nListed;           /* entries listed */
    uint64_t nLate;        /* shut down past the deadline */
    uint64_t nOver;        /* shut down to stay under the cap */
    uint64_t nLogged;      /* nLate + nOver at the last summary */
    int64_t tLogged;       /* when the last summary was written */
    bool bStop;            /* the thread should end */
};

/* Take 'e' off the list; the caller holds the mutex. */
static void headwatch_unlink(HeadWatch *w, HeadEntry *e)
{
    if (e->pPrev != NULL) {
        e->pPrev->pNext = e->pNext;
    } else {
        w->pFirst = e->pNext;
    }
    if (e->pNext != NULL) {
        e->pNext->pPrev = e->pPrev;
    } else {
        w->pLast = e->pPrev;
    }
    e->pPrev = e->pNext = NULL;
    e->bListed = false;
    w->nListed--;
}

/* Close the connection of the listed 'e'; the caller holds the mutex. */
static void headwatch_drop(HeadWatch *w, HeadEntry *e)
{
    headwatch_unlink(w, e);
    /* shutdown(), not close(): the descriptor stays libmicrohttpd's, which
       sees the end of the stream and closes the connection itself. */
    shutdown(e->fd, SHUT_RDWR);
}

/* One line now and then while connections are being closed. */
static void headwatch_log(HeadWatch *w, int64_t tNow)
{
    uint64_t nAll = w->nLate + w->nOver;
    if (nAll == w->nLogged || tNow - w->tLogged < HEADWATCH_LOG_US) {
        return;
    }
    log_warn("http: closed %llu connections still sending their request "
             "head: %llu after %lld s (header_timeout_seconds), %llu to stay "
             "under %d at once (max_header_connections); since start",
             (unsigned long long)nAll, (unsigned long long)w->nLate,
             (long long)(w->nTimeoutUs / 1000000), (unsigned long long)w->nOver,
             w->nMax);
    w->nLogged = nAll;
    w->tLogged = tNow;
}

static void *headwatch_main(void *pArg)
{
    HeadWatch *w = pArg;
    pthread_mutex_lock(&w->mutex);
    while (!w->bStop) {
        int64_t tNow = time_now_us();
        while (w->pFirst != NULL && w->pFirst->tStart + w->nTimeoutUs <= tNow) {
            headwatch_drop(w, w->pFirst);
            w->nLate++;
        }
        headwatch_log(w, tNow);
        int64_t tWake = tNow + HEADWATCH_IDLE_US;
        if (w->pFirst != NULL && w->pFirst->tStart + w->nTimeoutUs < tWake) {
            tWake = w->pFirst->tStart + w->nTimeoutUs;
        }
        struct timespec ts = {(time_t)(tWake / 1000000),
                              (long)(tWake % 1000000) * 1000};
        pthread_cond_timedwait(&w->cond, &w->mutex, &ts);
    }
    pthread_mutex_unlock(&w->mutex);
    return NULL;
}

HeadWatch *headwatch_open(int64_t nTimeoutMs, int nMax)
{
    HeadWatch *w = xcalloc(1, sizeof(*w));
    w->nTimeoutUs = nTimeoutMs * 1000;
    w->nMax = nMax > 0 ? nMax : 1;
    w->tLogged = time_now_us();
    pthread_mutex_init(&w->mutex, NULL);
    /* The thread sleeps on the clock time_now_us() reads. */
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&w->cond, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&w->thread, NULL, headwatch_main, w) != 0) {
        log_error("http: cannot start the request-head watch thread");
        abort();
    }
    return w;
}

void headwatch_close(HeadWatch *w)
{
    if (w == NULL) {
        return;
    }
    pthread_mutex_lock(&w->mutex);
    w->bStop = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->mutex);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->cond);
    pthread_mutex_destroy(&w->mutex);
    free(w);
}

void headwatch_enter(HeadWatch *w, HeadEntry *e, int fd)
{
    pthread_mutex_lock(&w->mutex);
    if (e->bListed) {
        headwatch_unlink(w, e);
    }
    /* Over the cap: the one that has waited longest goes, so a client
       whose request comes at once is never the one dropped. */
    while (w->nListed >= w->nMax && w->pFirst != NULL) {
        headwatch_drop(w, w->pFirst);
        w->nOver++;
    }
    e->fd = fd;
    e->tStart = time_now_us();
    e->pPrev = w->pLast;
    e->pNext = NULL;
    if (w->pLast != NULL) {
        w->pLast->pNext = e;
    } else {
        w->pFirst = e;
        pthread_cond_signal(&w->cond); /* a new oldest: a new deadline */
    }
    w->pLast = e;
    e->bListed = true;
    w->nListed++;
    pthread_mutex_unlock(&w->mutex);
}

void headwatch_leave(HeadWatch *w, HeadEntry *e)
{
    pthread_mutex_lock(&w->mutex);
    if (e->bListed) {
        headwatch_unlink(w, e);
    }
    pthread_mutex_unlock(&w->mutex);
}

int headwatch_waiting(HeadWatch *w)
{
    pthread_mutex_lock(&w->mutex);
    int n = w->nListed;
    pthread_mutex_unlock(&w->mutex);
    return n;
}

void headwatch_closed(HeadWatch *w, uint64_t *pnLate, uint64_t *pnOver)
{
    pthread_mutex_lock(&w->mutex);
    if (pnLate != NULL) {
        *pnLate = w->nLate;
    }
    if (pnOver != NULL) {
        *pnOver = w->nOver;
    }
    pthread_mutex_unlock(&w->mutex);
}
