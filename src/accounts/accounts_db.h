/*
 * accounts_db.h — the accounts feature's queries; only accounts/ calls
 * these.  Strings come back in the given arena.  Each returns OK,
 * ERR_NOTFOUND where a row is looked up, or ERR_*.
 */
#ifndef SINMUN_ACCOUNTS_ACCOUNTS_DB_H
#define SINMUN_ACCOUNTS_ACCOUNTS_DB_H

#include "accounts/accounts.h"
#include "base/timeutil.h"

/* The enabled account with login 'zLogin' and its password hash. */
int account_db_by_login(StoreConn *c, Arena *a, const char *zLogin,
                        Account *pOut, char **pzHash) WARN_UNUSED;
/* The account of the unexpired session whose hashed id is 'zSessionId'. */
int account_db_by_session(StoreConn *c, Arena *a, const char *zSessionId,
                          UnixTime tNow, Account *pOut) WARN_UNUSED;
/* Insert an account shown as 'zName'; set '*pId'. */
int account_db_insert(StoreConn *c, const char *zName, const char *zLogin,
                      const char *zHash, unsigned roles, UnixTime tNow,
                      int64_t *pId) WARN_UNUSED;
/* Replace the password hash of 'zLogin' (ERR_NOTFOUND: no such login). */
int account_db_set_password(StoreConn *c, const char *zLogin,
                            const char *zHash) WARN_UNUSED;
/* End every session of 'zLogin'. */
int account_db_end_sessions(StoreConn *c, const char *zLogin) WARN_UNUSED;
/* Store a session (hashed id). */
int session_db_insert(StoreConn *c, const char *zSessionId, int64_t accountId,
                      UnixTime tNow, UnixTime tExpires,
                      const char *zIp) WARN_UNUSED;
/* Delete a session (hashed id). */
int session_db_delete(StoreConn *c, const char *zSessionId) WARN_UNUSED;
/* Delete sessions that expired at or before 'tNow'. */
int session_db_prune(StoreConn *c, UnixTime tNow) WARN_UNUSED;

/* Sign-in attempts of one key in a window (signin_attempts). */
typedef struct SigninTally {
    int64_t nFailed;  /* failed checks, with pending ones gone stale */
    int64_t nPending; /* checks still running */
    int64_t tFirstMs; /* at_ms of the oldest counted failure, 0: none */
    int64_t tLastMs;  /* at_ms of the newest counted failure, 0: none */
} SigninTally;
/*
 * Tally the attempts after 'tSinceMs' of the pair ('zLogin', 'zNet'), of
 * 'zLogin' from anywhere, or of 'zNet' for any login.  A pending attempt
 * at or before 'tStaleMs' counts as failed (its process died).
 */
int signin_db_tally_pair(StoreConn *c, const char *zLogin, const char *zNet,
                         int64_t tSinceMs, int64_t tStaleMs,
                         SigninTally *pOut) WARN_UNUSED;
int signin_db_tally_login(StoreConn *c, const char *zLogin, int64_t tSinceMs,
                          int64_t tStaleMs, SigninTally *pOut) WARN_UNUSED;
int signin_db_tally_network(StoreConn *c, const char *zNet, int64_t tSinceMs,
                            int64_t tStaleMs, SigninTally *pOut) WARN_UNUSED;
/* Insert a pending attempt; set '*pId'. */
int signin_db_reserve(StoreConn *c, const char *zLogin, const char *zNet,
                      int64_t tMs, int64_t *pId) WARN_UNUSED;
/* Mark attempt 'id' failed at 'tMs'. */
int signin_db_failed(StoreConn *c, int64_t id, int64_t tMs) WARN_UNUSED;
/* Delete attempt 'id' and the failures of the pair (after a success). */
int signin_db_forget(StoreConn *c, int64_t id, const char *zLogin,
                     const char *zNet) WARN_UNUSED;
/* Delete attempts older than 'tBeforeMs'. */
int signin_db_prune(StoreConn *c, int64_t tBeforeMs) WARN_UNUSED;
/* Count the events of 'zKey' still in their window at 'tNowMs'; the
   soonest to leave it in '*ptFreeMs' (0: none). */
int throttle_db_count(StoreConn *c, const char *zKey, int64_t tNowMs,
                      int64_t *pn, int64_t *ptFreeMs) WARN_UNUSED;
/* Record an event of 'zKey' at 'tNowMs', counted until 'tUntilMs'. */
int throttle_db_record(StoreConn *c, const char *zKey, int64_t tNowMs,
                       int64_t tUntilMs) WARN_UNUSED;
/* Delete events that left their window before 'tBeforeMs'. */
int throttle_db_prune(StoreConn *c, int64_t tBeforeMs) WARN_UNUSED;
/* Account 'id', enabled or not. */
int account_db_by_id(StoreConn *c, Arena *a, int64_t id,
                     Account *pOut) WARN_UNUSED;
/* When account 'id' was created (ERR_NOTFOUND: no such account). */
int account_db_created(StoreConn *c, int64_t id, UnixTime *ptOut) WARN_UNUSED;

#endif
