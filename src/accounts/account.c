/*
 * account.c — who is asking: the session cookie, roles, the actor key for
 * limits, the site secret, sessions, and account creation.
 */
#include "accounts/accounts.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "accounts/accounts_db.h"
#include "accounts/accounts_internal.h"
#include "app/app.h"
#include "base/log.h"
#include "base/utf8.h"

/* Session life, sliding from sign-in. */
#define SESSION_SECONDS (30 * 86400)

/* The site secret, hex; read once by accounts_open(). */
static char g_zSecret[2 * crypto_auth_hmacsha256_KEYBYTES + 1];
/* See account_dummy_hash(); made on first use (an Argon2id hash costs
   64 MiB of peak memory, which an idle server need not pay). */
static char g_zDummyHash[crypto_pwhash_STRBYTES];
static pthread_once_t g_dummyOnce = PTHREAD_ONCE_INIT;

static void account_make_dummy(void)
{
    unsigned char aRand[32];
    char zPassword[65];
    randombytes_buf(aRand, sizeof(aRand));
    sodium_bin2hex(zPassword, sizeof(zPassword), aRand, sizeof(aRand));
    if (password_hash(zPassword, g_zDummyHash) != OK) {
        g_zDummyHash[0] = 0;
    }
}

const char *account_dummy_hash(void)
{
    pthread_once(&g_dummyOnce, account_make_dummy);
    return g_zDummyHash;
}

int accounts_open(Store *pStore)
{
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    char *zSecret = NULL;
    int rc = store_conn(pStore, &a, &c);
    if (rc == OK) {
        rc = app_setting_get(c, &a, "secret", &zSecret);
        if (rc == OK && zSecret == NULL) {
            unsigned char aKey[crypto_auth_hmacsha256_KEYBYTES];
            char zHex[sizeof(g_zSecret)];
            randombytes_buf(aKey, sizeof(aKey));
            sodium_bin2hex(zHex, sizeof(zHex), aKey, sizeof(aKey));
            /* Another process may be first: then its secret is read. */
            rc = app_setting_init(c, "secret", zHex);
            if (rc == OK) {
                rc = app_setting_get(c, &a, "secret", &zSecret);
            }
            if (rc == OK && zSecret == NULL) {
                rc = ERR_DB;
            }
        }
    }
    if (rc == OK) {
        snprintf(g_zSecret, sizeof(g_zSecret), "%s", zSecret);
    }
    arena_close(&a);
    return rc;
}

/* Hex of the keyed hash of 'zText' under the site secret, 32 chars. */
static char *account_mac(Arena *a, const char *zText)
{
    unsigned char aMac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)g_zSecret,
                                strlen(g_zSecret));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)zText,
                                  strlen(zText));
    crypto_auth_hmacsha256_final(&st, aMac);
    char *z = arena_alloc(a, 2 * 16 + 1);
    sodium_bin2hex(z, 2 * 16 + 1, aMac, 16);
    return z;
}

char *account_token_mac(Arena *a, const char *zText)
{
    return account_mac(a, zText);
}

/* The stored form of a session token: a hash, so the table is no key. */
static char *account_session_id(Arena *a, const char *zToken)
{
    unsigned char aHash[32];
    crypto_generichash(aHash, sizeof(aHash), (const unsigned char *)zToken,
                       strlen(zToken), NULL, 0);
    char *z = arena_alloc(a, 65);
    sodium_bin2hex(z, 65, aHash, sizeof(aHash));
    return z;
}

char *account_random_token(Arena *a)
{
    unsigned char aRand[32];
    randombytes_buf(aRand, sizeof(aRand));
    size_t n = sodium_base64_encoded_len(
        sizeof(aRand), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *z = arena_alloc(a, n);
    sodium_bin2base64(z, n, aRand, sizeof(aRand),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return z;
}

/* True when 'z' looks like one of our tokens (so junk is not queried). */
static bool account_token_ok(const char *z)
{
    size_t n = strlen(z);
    if (n < 20 || n > 64) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isalnum((unsigned char)z[i]) && z[i] != '-' && z[i] != '_') {
            return false;
        }
    }
    return true;
}

int account_current(Request *req, const Account **ppAcct)
{
    if (req->bUserKnown) {
        *ppAcct = req->pUser;
        return OK;
    }
    const char *zToken = req_cookie(req, "sid");
    const Account *pFound = NULL;
    if (zToken != NULL && account_token_ok(zToken)) {
        StoreConn *c = NULL;
        int rc = app_db(req, &c);
        if (rc != OK) {
            return rc;
        }
        Account *acct = arena_alloc(req->a, sizeof(*acct));
        rc = account_db_by_session(
            c, req->a, account_session_id(req->a, zToken), time_now(), acct);
        if (rc == OK) {
            pFound = acct;
        } else if (rc != ERR_NOTFOUND) {
            return rc;
        }
    }
    req->pUser = pFound;
    req->bUserKnown = true;
    *ppAcct = pFound;
    return OK;
}

int account_created_at(StoreConn *c, int64_t id, UnixTime *ptOut)
{
    return account_db_created(c, id, ptOut);
}

bool account_has(const Account *acct, unsigned roles)
{
    return acct != NULL && (acct->roles & roles) != 0;
}

const char *account_network(Arena *a, const char *zIp)
{
    struct in_addr a4;
    struct in6_addr a6;
    char zBuf[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET, zIp, &a4) == 1) {
        unsigned char *p = (unsigned char *)&a4;
        return arena_printf(a, "%u.%u.%u.0/24", p[0], p[1], p[2]);
    }
    if (inet_pton(AF_INET6, zIp, &a6) == 1) {
        /* An IPv4-mapped address counts as its IPv4 network. */
        if (IN6_IS_ADDR_V4MAPPED(&a6)) {
            unsigned char *p = a6.s6_addr + 12;
            return arena_printf(a, "%u.%u.%u.0/24", p[0], p[1], p[2]);
        }
        memset(a6.s6_addr + 6, 0, 10);
        inet_ntop(AF_INET6, &a6, zBuf, sizeof(zBuf));
        return arena_printf(a, "%s/48", zBuf);
    }
    return arena_strdup(a, zIp);
}

const char *account_actor_key(Request *req)
{
    const Account *acct = NULL;
    if (account_current(req, &acct) == OK && acct != NULL) {
        return arena_printf(req->a, "a:%lld", (long long)acct->id);
    }
    return arena_printf(req->a, "n:%s",
                        account_network(req->a, req->zClientIp));
}

int account_identify(Request *req)
{
    const Account *acct = NULL;
    int rc = account_current(req, &acct);
    if (rc != OK || acct == NULL) {
        return rc;
    }
    Viewer *who = arena_alloc(req->a, sizeof(*who));
    who->accountId = acct->id;
    who->zName = acct->zName;
    who->roles = acct->roles;
    who->zCsrf = csrf_token(req, NULL);
    req->pViewer = who;
    return OK;
}

bool account_parse_roles(const char *z, unsigned *pRoles)
{
    static const struct {
        const char *zName; /* role name */
        unsigned bit;      /* its bit */
    } aRole[] = {
        {"reader", ROLE_READER}, {"reporter", ROLE_REPORTER},
        {"editor", ROLE_EDITOR}, {"moderator", ROLE_MODERATOR},
        {"admin", ROLE_ADMIN},
    };
    unsigned roles = 0;
    if (*z == 0) {
        return false;
    }
    for (;;) {
        size_t n = strcspn(z, ",");
        bool bFound = false;
        for (size_t i = 0; i < sizeof(aRole) / sizeof(aRole[0]); i++) {
            if (strlen(aRole[i].zName) == n &&
                strncmp(aRole[i].zName, z, n) == 0) {
                roles |= aRole[i].bit;
                bFound = true;
            }
        }
        /* An empty name ("editor,", ",editor") is not a role either. */
        if (!bFound) {
            return false;
        }
        z += n;
        if (*z == 0) {
            break;
        }
        z++;
    }
    *pRoles = roles | ROLE_READER;
    return true;
}

/* Lower-case ASCII in place: logins compare case-insensitively. */
static void account_lower(char *z)
{
    for (; *z; z++) {
        *z = (char)tolower((unsigned char)*z);
    }
}

char *account_normal_login(Arena *a, const char *zLogin)
{
    char *z = arena_strdup(a, zLogin);
    account_lower(z);
    return z;
}

int account_find(StoreConn *c, Arena *a, const char *zLogin, Account *pOut)
{
    char *zHash = NULL;
    return account_db_by_login(c, a, account_normal_login(a, zLogin), pOut,
                               &zHash);
}

int account_get(StoreConn *c, Arena *a, int64_t id, Account *pOut)
{
    return account_db_by_id(c, a, id, pOut);
}

int account_check_fields(const char *zLogin, const char *zName,
                         const char *zPassword, char zErr[200])
{
    size_t nLogin = strlen(zLogin);
    if (nLogin < 3 || nLogin > ACCOUNT_LOGIN_MAX ||
        strspn(zLogin, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                       "0123456789.@_+-") != nLogin) {
        snprintf(zErr, 200,
                 "아이디는 영문, 숫자와 . @ _ + - 로 3~%d자로 "
                 "정해 주십시오.",
                 ACCOUNT_LOGIN_MAX);
        return ERR_INVALID;
    }
    size_t nName = strlen(zName);
    if (nName == 0 || utf8_is_blank(zName, nName) ||
        utf8_graphemes(zName, nName) > 20 || nName > ACCOUNT_NAME_MAX) {
        snprintf(zErr, 200, "이름은 1~20자로 적어 주십시오.");
        return ERR_INVALID;
    }
    size_t nPw = strlen(zPassword);
    if (utf8_graphemes(zPassword, nPw) < ACCOUNT_PASSWORD_MIN ||
        nPw > ACCOUNT_PASSWORD_MAX) {
        snprintf(zErr, 200,
                 "비밀번호는 %d자 이상 %d바이트 이하로 정해 "
                 "주십시오.",
                 ACCOUNT_PASSWORD_MIN, ACCOUNT_PASSWORD_MAX);
        return ERR_INVALID;
    }
    return OK;
}

int account_create(StoreConn *c, const char *zLogin, const char *zName,
                   const char *zPassword, unsigned roles, int64_t *pId,
                   char zErr[200])
{
    int rc = account_check_fields(zLogin, zName, zPassword, zErr);
    if (rc != OK) {
        return rc;
    }
    char zHash[crypto_pwhash_STRBYTES];
    rc = password_hash(zPassword, zHash);
    if (rc != OK) {
        return rc;
    }
    Arena a;
    arena_init(&a);
    char *zNorm = account_normal_login(&a, zLogin);
    UnixTime tNow = time_now();
    /* store_begin() ends reads left open on 'c' (a write after them can
       fail at once with SQLITE_BUSY_SNAPSHOT). */
    rc = store_begin(c);
    if (rc == OK) {
        rc = account_db_insert(c, zName, zNorm, zHash, roles, tNow, pId);
        if (rc == OK) {
            rc = store_commit(c);
        } else {
            store_rollback(c);
        }
    }
    if (rc == ERR_CONSTRAINT) {
        snprintf(zErr, 200, "이미 쓰이는 아이디입니다.");
    }
    arena_close(&a);
    return rc;
}

int account_session_start(Request *req, Response *res, int64_t accountId)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    /* One transaction: store_begin() also ends reads left open by earlier
       lookups, which would make this write fail at once with
       SQLITE_BUSY_SNAPSHOT when another sign-in committed meanwhile. */
    rc = store_begin(c);
    if (rc != OK) {
        return rc;
    }
    /* Rotate: a session the browser had before signing in ends here. */
    const char *zOld = req_cookie(req, "sid");
    if (zOld != NULL && account_token_ok(zOld)) {
        rc = session_db_delete(c, account_session_id(req->a, zOld));
    }
    char *zToken = account_random_token(req->a);
    UnixTime tNow = time_now();
    if (rc == OK) {
        rc = session_db_insert(c, account_session_id(req->a, zToken), accountId,
                               tNow, tNow + SESSION_SECONDS, req->zClientIp);
    }
    if (rc == OK) {
        rc = store_commit(c);
    } else {
        store_rollback(c);
    }
    if (rc != OK) {
        return rc;
    }
    bool bSecure = str_starts_with(req->app->pCfg->zBaseUrl, "https:");
    res_header(res, "Set-Cookie",
               arena_printf(req->a,
                            "sid=%s; Path=/; Max-Age=%d; HttpOnly; "
                            "SameSite=Lax%s",
                            zToken, SESSION_SECONDS,
                            bSecure ? "; Secure" : ""));
    return OK;
}

int account_session_end(Request *req, Response *res)
{
    const char *zToken = req_cookie(req, "sid");
    if (zToken != NULL && account_token_ok(zToken)) {
        StoreConn *c = NULL;
        int rc = app_db(req, &c);
        if (rc == OK) {
            rc = store_begin(c);
        }
        if (rc == OK) {
            rc = session_db_delete(c, account_session_id(req->a, zToken));
            if (rc == OK) {
                rc = store_commit(c);
            } else {
                store_rollback(c);
            }
        }
        if (rc != OK) {
            return rc;
        }
    }
    res_header(res, "Set-Cookie",
               "sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    return OK;
}

int account_set_password(StoreConn *c, const char *zLogin,
                         const char *zPassword, char zErr[200])
{
    int rc = account_check_fields("placeholder", "이름", zPassword, zErr);
    if (rc != OK) {
        return rc;
    }
    char zHash[crypto_pwhash_STRBYTES];
    rc = password_hash(zPassword, zHash);
    if (rc != OK) {
        return rc;
    }
    Arena a;
    arena_init(&a);
    char *zNorm = account_normal_login(&a, zLogin);
    rc = store_begin(c);
    if (rc == OK) {
        rc = account_db_set_password(c, zNorm, zHash);
    }
    if (rc == OK) {
        rc = account_db_end_sessions(c, zNorm);
    }
    if (rc == OK) {
        rc = store_commit(c);
    } else {
        store_rollback(c);
    }
    if (rc == ERR_NOTFOUND) {
        snprintf(zErr, 200, "no account with login '%.100s'", zLogin);
    }
    arena_close(&a);
    return rc;
}

/* The secret signs CSRF tokens: at least 32 hex digits. */
static const char *account_check_secret(const char *z)
{
    size_t n = strlen(z);
    return n >= 32 && n < sizeof(g_zSecret) &&
                   strspn(z, "0123456789abcdef") == n
               ? NULL
               : "32 to 64 lower-case hex digits (read at start-up: "
                 "restart every server after changing it)";
}

const AppSetting g_aAccountSetting[] = {
    {"secret", "signs CSRF tokens; made on first start", account_check_secret,
     true},
};
const int g_nAccountSetting =
    sizeof(g_aAccountSetting) / sizeof(g_aAccountSetting[0]);

int accounts_prune(StoreConn *c, UnixTime tNow)
{
    int rc = store_begin(c);
    if (rc == OK) {
        rc = session_db_prune(c, tNow);
    }
    if (rc == OK) {
        rc = store_commit(c);
    } else {
        store_rollback(c);
    }
    if (rc == OK) {
        rc = throttle_prune(c, tNow);
    }
    return rc;
}
