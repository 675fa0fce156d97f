/*
 * accounts_internal.h — helpers shared by the files of accounts/ only.
 */
#ifndef SINMUN_ACCOUNTS_ACCOUNTS_INTERNAL_H
#define SINMUN_ACCOUNTS_ACCOUNTS_INTERNAL_H

#include "accounts/accounts.h"

/* 32 hex characters of HMAC-SHA256('zText') under the site secret. */
char *account_token_mac(Arena *a, const char *zText);

/*
 * A real hash of a password nobody has, made at start-up, to verify
 * against when a login does not exist (same cost, same time).
 */
const char *account_dummy_hash(void);

/* A new random URL-safe token (32 bytes of entropy), from 'a'. */
char *account_random_token(Arena *a);

/* 'zLogin' in lower case, from 'a'. */
char *account_normal_login(Arena *a, const char *zLogin);

/*
 * Check sign-up fields; return OK or ERR_INVALID with a Korean message in
 * 'zErr' (200 bytes).
 */
int account_check_fields(const char *zLogin, const char *zName,
                         const char *zPassword, char zErr[200]);

/* Start a session for 'accountId' (rotating any old one); sets sid. */
int account_session_start(Request *req, Response *res,
                          int64_t accountId) WARN_UNUSED;

/* End the request's session, if any, and clear the sid cookie. */
int account_session_end(Request *req, Response *res) WARN_UNUSED;

/* ---------------------------------------------------------------------
 * Throttles (throttle.c)
 */

/* What signin_reserve() decided. */
typedef struct SigninTicket {
    int64_t id;      /* signin_attempts.id of the reserved check; 0: refused */
    int nRetryAfter; /* refused: seconds before a try can be checked */
    bool bSlowDown;  /* refused by the per-login slow-down, not a limit */
} SigninTicket;

/*
 * Reserve one password check of 'zLogin' (normalised) from network 'zNet'
 * on 'c', or refuse it: set '*pOut' (OUT).  Decides and records in one
 * BEGIN IMMEDIATE transaction; waits (a few seconds at most) while only
 * pending checks stand between the request and a limit.  Return OK (see
 * pOut->id), ERR_BUSY when the pending checks did not finish, or ERR_*.
 */
int signin_reserve(StoreConn *c, const char *zLogin, const char *zNet,
                   SigninTicket *pOut) WARN_UNUSED;

/* The reserved check 'id' found a wrong password.  Return OK or ERR_*. */
int signin_record_failure(StoreConn *c, int64_t id) WARN_UNUSED;

/*
 * The reserved check 'id' succeeded: forget it and the failures of
 * ('zLogin', 'zNet').  Return OK or ERR_*.
 */
int signin_record_success(StoreConn *c, int64_t id, const char *zLogin,
                          const char *zNet) WARN_UNUSED;

/*
 * How long a try of a login must wait after its last failure, when it has
 * 'nFailed' failures in the window: 0 up to SIGNIN_FREE_PER_LOGIN, then
 * 1 s, doubling with each failure, at most a minute.
 */
int64_t signin_delay_ms(int64_t nFailed);

/*
 * Let one sign-up from network 'zNet' through and record it, or refuse:
 * '*pnRetryAfter' (OUT) is 0 when let through, else the seconds until the
 * network may sign up again (throttle_take(), key "signup:NET" in
 * 'a').  Return OK or ERR_*.
 */
int signup_reserve(StoreConn *c, Arena *a, const char *zNet,
                   int *pnRetryAfter) WARN_UNUSED;

/* Delete sign-in attempts older than a day, on 'c'.  Return OK or ERR_*. */
int throttle_prune(StoreConn *c, UnixTime tNow) WARN_UNUSED;

#endif
