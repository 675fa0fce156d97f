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
/* Count failed sign-ins for 'zKey' after 'tSince'. */
int signin_db_failures(StoreConn *c, const char *zKey, UnixTime tSince,
                       int64_t *pnOut) WARN_UNUSED;
/* Record a failed sign-in for 'zKey'. */
int signin_db_fail(StoreConn *c, const char *zKey, UnixTime tNow) WARN_UNUSED;
/* Forget the failures of 'zKey' (after a success). */
int signin_db_clear(StoreConn *c, const char *zKey) WARN_UNUSED;
/* Delete sign-in failures older than 'tBefore'. */
int signin_db_prune(StoreConn *c, UnixTime tBefore) WARN_UNUSED;

#endif
