/*
 * accounts_db.c — every SQL statement of the accounts feature.
 *
 * Tables: accounts, sessions, signin_failures (and people for names,
 * settings for the site secret).  Session ids are stored hashed, so a
 * copy of the database does not hand out live sessions.
 */
#include "accounts/accounts_db.h"

#include <string.h>

int account_db_by_login(StoreConn *c, Arena *a, const char *zLogin,
                        Account *pOut, char **pzHash)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT a.id, a.login, a.name, a.roles,"
                           " a.password_hash FROM accounts a"
                           " WHERE a.login = ? AND a.disabled_at IS NULL",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zLogin);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    pOut->id = store_col_int(st, 0);
    pOut->zLogin = store_col_text(st, 1, a);
    pOut->zName = store_col_text(st, 2, a);
    pOut->roles = (unsigned)store_col_int(st, 3);
    *pzHash = store_col_text(st, 4, a);
    return OK;
}

int account_db_by_session(StoreConn *c, Arena *a, const char *zSessionId,
                          UnixTime tNow, Account *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT a.id, a.login, a.name, a.roles"
                           " FROM sessions s"
                           " JOIN accounts a ON a.id = s.account_id"
                           " WHERE s.id = ? AND s.expires_at > ?"
                           " AND a.disabled_at IS NULL",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zSessionId);
    store_bind_int(st, 2, tNow);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    pOut->id = store_col_int(st, 0);
    pOut->zLogin = store_col_text(st, 1, a);
    pOut->zName = store_col_text(st, 2, a);
    pOut->roles = (unsigned)store_col_int(st, 3);
    return OK;
}

int account_db_insert(StoreConn *c, const char *zName, const char *zLogin,
                      const char *zHash, unsigned roles, UnixTime tNow,
                      int64_t *pId)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO accounts(name, login,"
                           " password_hash, roles, created_at)"
                           " VALUES (?, ?, ?, ?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zName);
    store_bind_z(st, 2, zLogin);
    store_bind_z(st, 3, zHash);
    store_bind_int(st, 4, roles);
    store_bind_int(st, 5, tNow);
    rc = store_exec(st);
    if (rc == OK) {
        *pId = store_last_id(c);
    }
    return rc;
}

int account_db_set_password(StoreConn *c, const char *zLogin, const char *zHash)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "UPDATE accounts SET password_hash = ?"
                           " WHERE login = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zHash);
    store_bind_z(st, 2, zLogin);
    rc = store_exec(st);
    if (rc == OK && store_changes(c) == 0) {
        return ERR_NOTFOUND;
    }
    return rc;
}

int account_db_end_sessions(StoreConn *c, const char *zLogin)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "DELETE FROM sessions WHERE account_id ="
                           " (SELECT id FROM accounts WHERE login = ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zLogin);
    return store_exec(st);
}

int session_db_insert(StoreConn *c, const char *zSessionId, int64_t accountId,
                      UnixTime tNow, UnixTime tExpires, const char *zIp)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO sessions(id, account_id, created_at,"
                           " expires_at, ip) VALUES (?, ?, ?, ?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zSessionId);
    store_bind_int(st, 2, accountId);
    store_bind_int(st, 3, tNow);
    store_bind_int(st, 4, tExpires);
    store_bind_z(st, 5, zIp);
    return store_exec(st);
}

int session_db_delete(StoreConn *c, const char *zSessionId)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "DELETE FROM sessions WHERE id = ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zSessionId);
    return store_exec(st);
}

int session_db_prune(StoreConn *c, UnixTime tNow)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c, "DELETE FROM sessions WHERE expires_at <= ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tNow);
    return store_exec(st);
}

int signin_db_failures(StoreConn *c, const char *zKey, UnixTime tSince,
                       int64_t *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT count(*) FROM signin_failures"
                           " WHERE key = ? AND at > ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zKey);
    store_bind_int(st, 2, tSince);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc < 0 ? rc : ERR_DB;
    }
    *pnOut = store_col_int(st, 0);
    return OK;
}

int signin_db_fail(StoreConn *c, const char *zKey, UnixTime tNow)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO signin_failures(key, at)"
                           " VALUES (?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zKey);
    store_bind_int(st, 2, tNow);
    return store_exec(st);
}

int signin_db_clear(StoreConn *c, const char *zKey)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "DELETE FROM signin_failures WHERE key = ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zKey);
    return store_exec(st);
}

int signin_db_prune(StoreConn *c, UnixTime tBefore)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "DELETE FROM signin_failures WHERE at < ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tBefore);
    return store_exec(st);
}
