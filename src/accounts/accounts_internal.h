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

#endif
