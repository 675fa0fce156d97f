/*
 * ratelimit.c — sliding-window limiter; see ratelimit.h.
 *
 * A chained hash table of keys under one mutex.  Each key keeps the times
 * of its events in the window, oldest first, in a small growing array: a
 * limit is a handful of events a minute, so an exact log is cheaper and
 * simpler than approximate counters, and a refusal can say exactly how
 * long to wait.  Expired keys are swept when the operations since the
 * last sweep outnumber the buckets plus the keys, which keeps the cost
 * per call constant.
 */
#include "web/ratelimit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"

/* Buckets at start; the table doubles when keys outnumber them twice. */
#define RATELIMIT_BUCKETS_START 1024

typedef struct RateKey RateKey;

/* One key and its recent events. */
struct RateKey {
    RateKey *pNext; /* next key in the same bucket */
    uint64_t hash;  /* hash of zKey */
    int64_t *aTime; /* event times in ms, oldest first */
    int nTime;      /* how many */
    int nAlloc;     /* capacity of aTime */
    char zKey[];    /* the key, NUL-terminated */
};

struct RateLimit {
    pthread_mutex_t mutex; /* guards everything below */
    int64_t nWindowMs;     /* window length */
    RateClock fnClock;     /* time source, NULL: monotonic */
    void *pClockArg;       /* its argument */
    RateKey **aBucket;     /* hash table */
    size_t nBucket;        /* its size, a power of two */
    int nKey;              /* keys tracked */
    int nSinceSweep;       /* operations since the last sweep */
    bool bWarnedFull;      /* logged that the table is full */
};

static void *ratelimit_xalloc(void *p, size_t n)
{
    void *pNew = realloc(p, n);
    if (pNew == NULL) {
        log_error("ratelimit: out of memory (%zu bytes)", n);
        abort();
    }
    return pNew;
}

static int64_t ratelimit_now(RateLimit *r)
{
    if (r->fnClock != NULL) {
        return r->fnClock(r->pClockArg);
    }
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* FNV-1a of the NUL-terminated 'z'. */
static uint64_t ratelimit_hash(const char *z)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *z; z++) {
        h ^= (unsigned char)*z;
        h *= 1099511628211ULL;
    }
    return h;
}

RateLimit *ratelimit_open(int64_t nWindowMs, RateClock fnClock, void *pArg)
{
    RateLimit *r = ratelimit_xalloc(NULL, sizeof(*r));
    memset(r, 0, sizeof(*r));
    pthread_mutex_init(&r->mutex, NULL);
    r->nWindowMs = nWindowMs;
    r->fnClock = fnClock;
    r->pClockArg = pArg;
    r->nBucket = RATELIMIT_BUCKETS_START;
    r->aBucket = ratelimit_xalloc(NULL, r->nBucket * sizeof(RateKey *));
    memset(r->aBucket, 0, r->nBucket * sizeof(RateKey *));
    return r;
}

static void ratelimit_free_key(RateKey *k)
{
    free(k->aTime);
    free(k);
}

void ratelimit_close(RateLimit *r)
{
    if (r == NULL) {
        return;
    }
    for (size_t i = 0; i < r->nBucket; i++) {
        RateKey *k = r->aBucket[i];
        while (k != NULL) {
            RateKey *pNext = k->pNext;
            ratelimit_free_key(k);
            k = pNext;
        }
    }
    free(r->aBucket);
    pthread_mutex_destroy(&r->mutex);
    free(r);
}

/* Drop the events of 'k' at or before 'tCut'. */
static void ratelimit_expire(RateKey *k, int64_t tCut)
{
    int i = 0;
    while (i < k->nTime && k->aTime[i] <= tCut) {
        i++;
    }
    if (i > 0) {
        memmove(k->aTime, k->aTime + i,
                sizeof(int64_t) * (size_t)(k->nTime - i));
        k->nTime -= i;
    }
}

/* Remove every key with no event after 'tCut'. */
static void ratelimit_sweep(RateLimit *r, int64_t tCut)
{
    for (size_t i = 0; i < r->nBucket; i++) {
        RateKey **pp = &r->aBucket[i];
        while (*pp != NULL) {
            RateKey *k = *pp;
            if (k->nTime == 0 || k->aTime[k->nTime - 1] <= tCut) {
                *pp = k->pNext;
                ratelimit_free_key(k);
                r->nKey--;
            } else {
                pp = &k->pNext;
            }
        }
    }
    r->nSinceSweep = 0;
}

/* Double the bucket array and rehash every key. */
static void ratelimit_grow(RateLimit *r)
{
    size_t nNew = r->nBucket * 2;
    RateKey **aNew = ratelimit_xalloc(NULL, nNew * sizeof(RateKey *));
    memset(aNew, 0, nNew * sizeof(RateKey *));
    for (size_t i = 0; i < r->nBucket; i++) {
        RateKey *k = r->aBucket[i];
        while (k != NULL) {
            RateKey *pNext = k->pNext;
            size_t j = k->hash & (nNew - 1);
            k->pNext = aNew[j];
            aNew[j] = k;
            k = pNext;
        }
    }
    free(r->aBucket);
    r->aBucket = aNew;
    r->nBucket = nNew;
}

/* The entry of 'zKey', or NULL. */
static RateKey *ratelimit_find(RateLimit *r, const char *zKey, uint64_t h)
{
    for (RateKey *k = r->aBucket[h & (r->nBucket - 1)]; k != NULL;
         k = k->pNext) {
        if (k->hash == h && strcmp(k->zKey, zKey) == 0) {
            return k;
        }
    }
    return NULL;
}

/* Shared body of ratelimit_hit() and ratelimit_check(). */
static bool ratelimit_ask(RateLimit *r, const char *zKey, int nMax,
                          int64_t *pnWaitMs, bool bRecord)
{
    if (pnWaitMs != NULL) {
        *pnWaitMs = 0;
    }
    if (nMax <= 0) {
        return true;
    }
    if (nMax > RATELIMIT_EVENTS_MAX) {
        nMax = RATELIMIT_EVENTS_MAX;
    }
    pthread_mutex_lock(&r->mutex);
    int64_t tNow = ratelimit_now(r);
    int64_t tCut = tNow - r->nWindowMs;
    if ((size_t)++r->nSinceSweep > r->nBucket + (size_t)r->nKey) {
        ratelimit_sweep(r, tCut);
    }
    uint64_t h = ratelimit_hash(zKey);
    RateKey *k = ratelimit_find(r, zKey, h);
    if (k != NULL) {
        ratelimit_expire(k, tCut);
        if (k->nTime >= nMax) {
            if (pnWaitMs != NULL) {
                /* The oldest event that must leave before one more fits. */
                *pnWaitMs = k->aTime[k->nTime - nMax] - tCut;
            }
            pthread_mutex_unlock(&r->mutex);
            return false;
        }
    }
    if (!bRecord) {
        pthread_mutex_unlock(&r->mutex);
        return true;
    }
    if (k == NULL) {
        if (r->nKey >= RATELIMIT_KEYS_MAX) {
            ratelimit_sweep(r, tCut);
        }
        if (r->nKey >= RATELIMIT_KEYS_MAX) {
            /* Fail open: a flood of distinct keys must not lock out
               everyone; each key is still limited once room returns. */
            if (!r->bWarnedFull) {
                log_warn("ratelimit: %d keys tracked, new keys pass "
                         "unlimited until some expire",
                         r->nKey);
                r->bWarnedFull = true;
            }
            pthread_mutex_unlock(&r->mutex);
            return true;
        }
        size_t nKey = strlen(zKey);
        k = ratelimit_xalloc(NULL, sizeof(*k) + nKey + 1);
        memset(k, 0, sizeof(*k));
        memcpy(k->zKey, zKey, nKey + 1);
        k->hash = h;
        if ((size_t)r->nKey >= 2 * r->nBucket) {
            ratelimit_grow(r);
        }
        size_t j = h & (r->nBucket - 1);
        k->pNext = r->aBucket[j];
        r->aBucket[j] = k;
        r->nKey++;
        r->bWarnedFull = false;
    }
    if (k->nTime == k->nAlloc) {
        k->nAlloc = k->nAlloc ? 2 * k->nAlloc : 4;
        k->aTime =
            ratelimit_xalloc(k->aTime, sizeof(int64_t) * (size_t)k->nAlloc);
    }
    k->aTime[k->nTime++] = tNow;
    pthread_mutex_unlock(&r->mutex);
    return true;
}

bool ratelimit_hit(RateLimit *r, const char *zKey, int nMax, int64_t *pnWaitMs)
{
    return ratelimit_ask(r, zKey, nMax, pnWaitMs, true);
}

bool ratelimit_check(RateLimit *r, const char *zKey, int nMax,
                     int64_t *pnWaitMs)
{
    return ratelimit_ask(r, zKey, nMax, pnWaitMs, false);
}

int ratelimit_keys(RateLimit *r)
{
    pthread_mutex_lock(&r->mutex);
    int n = r->nKey;
    pthread_mutex_unlock(&r->mutex);
    return n;
}
