/*
 * accounts_db.c — every SQL statement of the accounts feature.
 *
 * Tables: accounts, sessions, signin_attempts, throttle_events.
 * Session ids are stored hashed, so a copy of the database does not hand
 * out live sessions.
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

/*
 * Read the tally of statement 'st', whose first four parameters are the
 * stale threshold and whose columns are failed, pending, first, last.
 */
static int signin_db_tally_read(StoreStmt *st, SigninTally *pOut)
{
    int rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc < 0 ? rc : ERR_DB;
    }
    pOut->nFailed = store_col_int(st, 0);
    pOut->nPending = store_col_int(st, 1);
    pOut->tFirstMs = store_col_int(st, 2);
    pOut->tLastMs = store_col_int(st, 3);
    return OK;
}

/* Bind the stale threshold to the first four parameters of 'st'. */
static void signin_db_bind_stale(StoreStmt *st, int64_t tStaleMs)
{
    for (int i = 1; i <= 4; i++) {
        store_bind_int(st, i, tStaleMs);
    }
}

int signin_db_tally_pair(StoreConn *c, const char *zLogin, const char *zNet,
                         int64_t tSinceMs, int64_t tStaleMs, SigninTally *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "SELECT"
        " coalesce(sum(CASE WHEN state = 'failed' OR at_ms <= ? THEN 1"
        "  ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN state = 'pending' AND at_ms > ? THEN 1"
        "  ELSE 0 END), 0),"
        " coalesce(min(CASE WHEN state = 'failed' OR at_ms <= ? THEN at_ms"
        "  END), 0),"
        " coalesce(max(CASE WHEN state = 'failed' OR at_ms <= ? THEN at_ms"
        "  END), 0)"
        " FROM signin_attempts WHERE login = ? AND network = ? AND at_ms > ?",
        &st);
    if (rc != OK) {
        return rc;
    }
    signin_db_bind_stale(st, tStaleMs);
    store_bind_z(st, 5, zLogin);
    store_bind_z(st, 6, zNet);
    store_bind_int(st, 7, tSinceMs);
    return signin_db_tally_read(st, pOut);
}

int signin_db_tally_login(StoreConn *c, const char *zLogin, int64_t tSinceMs,
                          int64_t tStaleMs, SigninTally *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "SELECT"
        " coalesce(sum(CASE WHEN state = 'failed' OR at_ms <= ? THEN 1"
        "  ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN state = 'pending' AND at_ms > ? THEN 1"
        "  ELSE 0 END), 0),"
        " coalesce(min(CASE WHEN state = 'failed' OR at_ms <= ? THEN at_ms"
        "  END), 0),"
        " coalesce(max(CASE WHEN state = 'failed' OR at_ms <= ? THEN at_ms"
        "  END), 0)"
        " FROM signin_attempts WHERE login = ? AND at_ms > ?",
        &st);
    if (rc != OK) {
        return rc;
    }
    signin_db_bind_stale(st, tStaleMs);
    store_bind_z(st, 5, zLogin);
    store_bind_int(st, 6, tSinceMs);
    return signin_db_tally_read(st, pOut);
}

int signin_db_tally_network(StoreConn *c, const char *zNet, int64_t tSinceMs,
                            int64_t tStaleMs, SigninTally *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "SELECT"
        " coalesce(sum(CASE WHEN state = 'failed' OR at_ms <= ? THEN 1"
        "  ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN state = 'pending' AND at_ms > ? THEN 1"
        "  ELSE 0 END), 0),"
        " coalesce(min(CASE WHEN state = 'failed' OR at_ms <= ? THEN at_ms"
        "  END), 0),"
        " coalesce(max(CASE WHEN state = 'failed' OR at_ms <= ? THEN at_ms"
        "  END), 0)"
        " FROM signin_attempts WHERE network = ? AND at_ms > ?",
        &st);
    if (rc != OK) {
        return rc;
    }
    signin_db_bind_stale(st, tStaleMs);
    store_bind_z(st, 5, zNet);
    store_bind_int(st, 6, tSinceMs);
    return signin_db_tally_read(st, pOut);
}

int signin_db_reserve(StoreConn *c, const char *zLogin, const char *zNet,
                      int64_t tMs, int64_t *pId)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO signin_attempts(login, network,"
                           " state, at_ms) VALUES (?, ?, 'pending', ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zLogin);
    store_bind_z(st, 2, zNet);
    store_bind_int(st, 3, tMs);
    rc = store_exec(st);
    if (rc == OK) {
        *pId = store_last_id(c);
    }
    return rc;
}

int signin_db_failed(StoreConn *c, int64_t id, int64_t tMs)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "UPDATE signin_attempts SET state = 'failed',"
                           " at_ms = ? WHERE id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tMs);
    store_bind_int(st, 2, id);
    return store_exec(st);
}

int signin_db_forget(StoreConn *c, int64_t id, const char *zLogin,
                     const char *zNet)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "DELETE FROM signin_attempts WHERE id = ?"
                           " OR (login = ? AND network = ?"
                           " AND state = 'failed')",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    store_bind_z(st, 2, zLogin);
    store_bind_z(st, 3, zNet);
    return store_exec(st);
}

int signin_db_prune(StoreConn *c, int64_t tBeforeMs)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c, "DELETE FROM signin_attempts WHERE at_ms < ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tBeforeMs);
    return store_exec(st);
}

int throttle_db_count(StoreConn *c, const char *zKey, int64_t tNowMs,
                      int64_t *pn, int64_t *ptFreeMs)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c,
                      "SELECT count(*), coalesce(min(until_ms), 0)"
                      " FROM throttle_events WHERE key = ? AND until_ms > ?",
                      &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zKey);
    store_bind_int(st, 2, tNowMs);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc < 0 ? rc : ERR_DB;
    }
    *pn = store_col_int(st, 0);
    *ptFreeMs = store_col_int(st, 1);
    return OK;
}

int throttle_db_record(StoreConn *c, const char *zKey, int64_t tNowMs,
                       int64_t tUntilMs)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO throttle_events(key, at_ms, until_ms)"
                           " VALUES (?, ?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zKey);
    store_bind_int(st, 2, tNowMs);
    store_bind_int(st, 3, tUntilMs);
    return store_exec(st);
}

int throttle_db_prune(StoreConn *c, int64_t tBeforeMs)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c, "DELETE FROM throttle_events WHERE until_ms < ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tBeforeMs);
    return store_exec(st);
}

int account_db_created(StoreConn *c, int64_t id, UnixTime *ptOut)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c, "SELECT created_at FROM accounts WHERE id = ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    *ptOut = store_col_int(st, 0);
    return OK;
}

int account_db_by_id(StoreConn *c, Arena *a, int64_t id, Account *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT id, login, name, roles FROM accounts"
                           " WHERE id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
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
