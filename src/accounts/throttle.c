/*
 * throttle.c — how often a password may be tried, how often a network
 * may sign up, and the windowed limits other features keep through
 * throttle_take() (comments: per writer, per network, guest-password
 * guesses).  All count in the database (signin_attempts,
 * throttle_events), so every server process sees the same numbers, and
 * each decides and records in one write transaction (BEGIN IMMEDIATE on
 * SQLite, the advisory lock on PostgreSQL), so parallel requests on any
 * number of nodes cannot all pass one check.
 *
 * throttle_events: "at most N events of a key in the last W ms".  A take
 * counts the key's rows still inside their window and, when every rule
 * has room, inserts one row per rule; rows whose window ended are pruned
 * by throttle_expire(), a job.  Times are time_now_ms(): the wall clock,
 * which every node must agree on (NTP), as they must for sessions.
 *
 * Sign-in: a check is reserved (a 'pending' row) before the Argon2id
 * verification and marked 'failed' after a wrong one, so checks in flight
 * count at once; a request that could only pass if some pending check
 * succeeds waits for it (a few seconds at most).  The limits are
 *   - per (login, network): SIGNIN_MAX_PER_PAIR failures in the window,
 *     so guesses from one place stop there without locking the owner out
 *     of the account from anywhere else;
 *   - per network: SIGNIN_MAX_PER_NET failures for any logins;
 *   - per login from anywhere: after SIGNIN_FREE_PER_LOGIN failures each
 *     try must wait signin_delay_ms() after the last failure (1 s, 2 s,
 *     4 s … up to a minute), and only one check runs at a time: guesses
 *     spread over many networks stay slow, and the owner waits seconds,
 *     not a quarter of an hour.
 */
#include "accounts/accounts_internal.h"

#include <time.h>

#include "accounts/accounts_db.h"
#include "base/log.h"

/* The window failures are counted in. */
#define SIGNIN_WINDOW_MS (15 * 60 * 1000LL)
/* Failures per (login, network), and per network, in the window. */
#define SIGNIN_MAX_PER_PAIR 5
#define SIGNIN_MAX_PER_NET 30
/* Failures per login (from anywhere) before each try has to wait. */
#define SIGNIN_FREE_PER_LOGIN 5
/* The longest wait between tries of one login. */
#define SIGNIN_DELAY_MAX_MS (60 * 1000LL)
/* A check pending this long died with its process: it counts as failed. */
#define SIGNIN_STALE_MS (60 * 1000LL)
/* How long a request waits for pending checks, and how often it looks. */
#define SIGNIN_WAIT_MS 15000
#define SIGNIN_POLL_MS 20

/* Sign-ups let through per network, and the window they count in. */
#define SIGNUP_MAX_PER_NET 10
#define SIGNUP_WINDOW_S 3600

/* Milliseconds since the epoch (wall clock: stored and shared by every
   process, unlike time_now_us(), which is monotonic). */
static int64_t throttle_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep 'ms' milliseconds. */
static void throttle_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Whole seconds (at least 1) until 'tMs', from 'tNowMs'. */
static int throttle_seconds_until(int64_t tMs, int64_t tNowMs)
{
    int64_t n = (tMs - tNowMs + 999) / 1000;
    return n < 1 ? 1 : (int)n;
}

int64_t signin_delay_ms(int64_t nFailed)
{
    if (nFailed <= SIGNIN_FREE_PER_LOGIN) {
        return 0;
    }
    int64_t nOver = nFailed - SIGNIN_FREE_PER_LOGIN - 1;
    if (nOver >= 16) {
        return SIGNIN_DELAY_MAX_MS;
    }
    int64_t ms = 1000LL << nOver;
    return ms < SIGNIN_DELAY_MAX_MS ? ms : SIGNIN_DELAY_MAX_MS;
}

/* What one look at the tallies decided. */
typedef enum SigninStep {
    SIGNIN_STEP_GO,     /* reserve a check now */
    SIGNIN_STEP_REFUSE, /* refuse: a limit or the slow-down */
    SIGNIN_STEP_WAIT,   /* pending checks decide: look again soon */
} SigninStep;

/* Decide from the tallies (in the caller's transaction). */
static int signin_decide(StoreConn *c, const char *zLogin, const char *zNet,
                         int64_t tNowMs, SigninTicket *pOut, SigninStep *pStep)
{
    int64_t tSince = tNowMs - SIGNIN_WINDOW_MS;
    int64_t tStale = tNowMs - SIGNIN_STALE_MS;
    SigninTally pair, net, login;
    int rc = signin_db_tally_pair(c, zLogin, zNet, tSince, tStale, &pair);
    if (rc == OK) {
        rc = signin_db_tally_network(c, zNet, tSince, tStale, &net);
    }
    if (rc == OK) {
        rc = signin_db_tally_login(c, zLogin, tSince, tStale, &login);
    }
    if (rc != OK) {
        return rc;
    }
    *pStep = SIGNIN_STEP_REFUSE;
    if (pair.nFailed >= SIGNIN_MAX_PER_PAIR) {
        pOut->nRetryAfter =
            throttle_seconds_until(pair.tFirstMs + SIGNIN_WINDOW_MS, tNowMs);
        return OK;
    }
    if (net.nFailed >= SIGNIN_MAX_PER_NET) {
        pOut->nRetryAfter =
            throttle_seconds_until(net.tFirstMs + SIGNIN_WINDOW_MS, tNowMs);
        return OK;
    }
    int64_t delay = signin_delay_ms(login.nFailed);
    if (delay > 0 && tNowMs < login.tLastMs + delay) {
        pOut->bSlowDown = true;
        pOut->nRetryAfter =
            throttle_seconds_until(login.tLastMs + delay, tNowMs);
        return OK;
    }
    if (pair.nFailed + pair.nPending >= SIGNIN_MAX_PER_PAIR ||
        net.nFailed + net.nPending >= SIGNIN_MAX_PER_NET ||
        (delay > 0 && login.nPending > 0)) {
        *pStep = SIGNIN_STEP_WAIT;
        return OK;
    }
    *pStep = SIGNIN_STEP_GO;
    return OK;
}

int signin_reserve(StoreConn *c, const char *zLogin, const char *zNet,
                   SigninTicket *pOut)
{
    pOut->id = 0;
    pOut->nRetryAfter = 0;
    pOut->bSlowDown = false;
    int64_t tDeadline = throttle_now_ms() + SIGNIN_WAIT_MS;
    for (;;) {
        int64_t tNowMs = throttle_now_ms();
        int rc = store_begin(c);
        if (rc != OK) {
            return rc;
        }
        SigninStep step = SIGNIN_STEP_REFUSE;
        rc = signin_decide(c, zLogin, zNet, tNowMs, pOut, &step);
        if (rc == OK && step == SIGNIN_STEP_GO) {
            rc = signin_db_reserve(c, zLogin, zNet, tNowMs, &pOut->id);
            if (rc == OK) {
                rc = store_commit(c);
            }
        }
        if (rc != OK || step != SIGNIN_STEP_GO) {
            store_rollback(c);
        }
        if (rc != OK) {
            pOut->id = 0;
            return rc;
        }
        if (step != SIGNIN_STEP_WAIT) {
            return OK;
        }
        if (throttle_now_ms() >= tDeadline) {
            log_info("sign-in of '%.100s': pending checks did not finish",
                     zLogin);
            return ERR_BUSY;
        }
        throttle_sleep_ms(SIGNIN_POLL_MS);
    }
}

int signin_record_failure(StoreConn *c, int64_t id)
{
    int rc = store_begin(c);
    if (rc == OK) {
        rc = signin_db_failed(c, id, throttle_now_ms());
    }
    if (rc == OK) {
        rc = store_commit(c);
    } else {
        store_rollback(c);
    }
    return rc;
}

int signin_record_success(StoreConn *c, int64_t id, const char *zLogin,
                          const char *zNet)
{
    int rc = store_begin(c);
    if (rc == OK) {
        rc = signin_db_forget(c, id, zLogin, zNet);
    }
    if (rc == OK) {
        rc = store_commit(c);
    } else {
        store_rollback(c);
    }
    return rc;
}

int throttle_take(StoreConn *c, const ThrottleRule *aRule, int nRule,
                  int *piRefused, int64_t *pnWaitMs)
{
    *piRefused = -1;
    *pnWaitMs = 0;
    /* No rule limits anything (the limits are off): no write transaction,
       which would queue behind every other writer for nothing. */
    int nOn = 0;
    for (int i = 0; i < nRule; i++) {
        nOn += aRule[i].nMax > 0;
    }
    if (nOn == 0) {
        return OK;
    }
    int64_t tNowMs = time_now_ms();
    int rc = store_begin(c);
    for (int i = 0; rc == OK && i < nRule; i++) {
        if (aRule[i].nMax <= 0) {
            continue;
        }
        int64_t n = 0;
        int64_t tFreeMs = 0;
        rc = throttle_db_count(c, aRule[i].zKey, tNowMs, &n, &tFreeMs);
        if (rc == OK && n >= aRule[i].nMax) {
            *piRefused = i;
            *pnWaitMs = tFreeMs > tNowMs ? tFreeMs - tNowMs : 1;
            store_rollback(c);
            return OK;
        }
    }
    for (int i = 0; rc == OK && i < nRule; i++) {
        if (aRule[i].nMax > 0) {
            rc = throttle_db_record(c, aRule[i].zKey, tNowMs,
                                    tNowMs + aRule[i].nWindowMs);
        }
    }
    if (rc == OK) {
        rc = store_commit(c);
    } else {
        store_rollback(c);
    }
    return rc;
}

int throttle_wait(StoreConn *c, const ThrottleRule *pRule, int64_t *pnWaitMs)
{
    *pnWaitMs = 0;
    if (pRule->nMax <= 0) {
        return OK;
    }
    int64_t tNowMs = time_now_ms();
    int64_t n = 0;
    int64_t tFreeMs = 0;
    int rc = throttle_db_count(c, pRule->zKey, tNowMs, &n, &tFreeMs);
    if (rc == OK && n >= pRule->nMax) {
        *pnWaitMs = tFreeMs > tNowMs ? tFreeMs - tNowMs : 1;
    }
    return rc;
}

int throttle_record(StoreConn *c, const ThrottleRule *pRule)
{
    if (pRule->nMax <= 0) {
        return OK;
    }
    int64_t tNowMs = time_now_ms();
    return throttle_db_record(c, pRule->zKey, tNowMs,
                              tNowMs + pRule->nWindowMs);
}

int throttle_expire(StoreConn *c, UnixTime tNow)
{
    (void)tNow;
    return throttle_db_prune(c, time_now_ms());
}

int signup_reserve(StoreConn *c, Arena *a, const char *zNet, int *pnRetryAfter)
{
    *pnRetryAfter = 0;
    ThrottleRule rule = {arena_printf(a, "signup:%s", zNet), SIGNUP_MAX_PER_NET,
                         SIGNUP_WINDOW_S * 1000LL};
    int iRefused = -1;
    int64_t nWaitMs = 0;
    int rc = throttle_take(c, &rule, 1, &iRefused, &nWaitMs);
    if (rc == OK && iRefused >= 0) {
        *pnRetryAfter = (int)((nWaitMs + 999) / 1000);
    }
    return rc;
}

int throttle_prune(StoreConn *c, UnixTime tNow)
{
    int rc = store_begin(c);
    if (rc == OK) {
        rc = signin_db_prune(c, tNow * 1000 - 86400 * 1000LL);
    }
    if (rc == OK) {
        rc = store_commit(c);
    } else {
        store_rollback(c);
    }
    return rc;
}
