/*
 * ratelimit.h — a small in-memory sliding-window limiter: "at most N
 * events per key in the last W milliseconds", safe from any thread.
 *
 * Each key ("comment:n:203.0.113.0/24") keeps the times of its recent
 * events; an event is allowed when fewer than N of them fall inside the
 * window ending now, and is then recorded.  Keys whose events have all
 * left the window are swept out, so memory follows the number of active
 * clients, bounded by RATELIMIT_KEYS_MAX.
 *
 * The limiter lives in one process: with several server processes each
 * counts its own requests (docs/architecture.md).  The clock is
 * injectable so tests can move time by hand.
 *
 * Owner: whoever calls ratelimit_open() calls ratelimit_close() once no
 * thread uses the limiter any more.
 */
#ifndef SINMUN_WEB_RATELIMIT_H
#define SINMUN_WEB_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

/* Most keys tracked at once; past it new keys are allowed untracked. */
#define RATELIMIT_KEYS_MAX 100000
/* Most events remembered per key (larger limits are clamped to it). */
#define RATELIMIT_EVENTS_MAX 1000

typedef struct RateLimit RateLimit;

/* A clock in milliseconds; 'pArg' is the pointer given to ratelimit_open. */
typedef int64_t (*RateClock)(void *pArg);

/*
 * A new limiter whose window is 'nWindowMs' milliseconds, reading time
 * from 'fnClock(pArg)' (NULL: the monotonic clock).  Never NULL; aborts
 * when out of memory.
 */
RateLimit *ratelimit_open(int64_t nWindowMs, RateClock fnClock, void *pArg);

/* Free 'r' and every key in it (NULL is fine). */
void ratelimit_close(RateLimit *r);

/*
 * Ask for one event of 'zKey' when at most 'nMax' are allowed per window.
 * Return true and record the event when fewer than 'nMax' happened in the
 * window; else return false, record nothing, and set '*pnWaitMs' (OUT,
 * may be NULL) to the milliseconds until the oldest one leaves the
 * window.  'nMax' <= 0 means no limit (always true, nothing recorded).
 */
bool ratelimit_hit(RateLimit *r, const char *zKey, int nMax, int64_t *pnWaitMs);

/*
 * Like ratelimit_hit() but records nothing: true when an event would be
 * allowed now.  For checking several limits before committing to any.
 */
bool ratelimit_check(RateLimit *r, const char *zKey, int nMax,
                     int64_t *pnWaitMs);

/* Keys tracked right now (for tests and metrics). */
int ratelimit_keys(RateLimit *r);

#endif
