/*
 * accounts.h — people who sign in: accounts, roles, sessions, passwords,
 * and the CSRF token every form carries.
 *
 * Tables: accounts (login, password hash, roles; each linked to a people
 * row for the shown name), sessions (hashed tokens, expiry).  A request's
 * account is read once from its "sid" cookie.  A guest (no session) gets
 * a "vid" visitor cookie when a form needs a token; tokens are an HMAC of
 * the session or visitor id under the site secret (settings key
 * "secret"), so every server process can check them.
 *
 * Pages that show a form to guests are cached and shared: their token
 * field is left empty and static/forms.js fills it from GET /csrf when the
 * reader starts typing.  A POST without a valid token is refused with a
 * 403 page that carries what was typed and a fresh token, so nothing is
 * lost (csrf.c).
 */
#ifndef SINMUN_ACCOUNTS_ACCOUNTS_H
#define SINMUN_ACCOUNTS_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "app/settings.h"
#include "base/rc.h"
#include "base/timeutil.h"
#include "store/store.h"
#include "web/http.h"
#include "web/router.h"

/* Longest login, display name and password, in bytes. */
#define ACCOUNT_LOGIN_MAX 100
#define ACCOUNT_NAME_MAX 60
#define ACCOUNT_PASSWORD_MAX 200
/* Shortest password, in characters. */
#define ACCOUNT_PASSWORD_MIN 8

/* A signed-in person. */
typedef struct Account {
    int64_t id;     /* accounts.id */
    char *zLogin;   /* login name (lower-case e-mail or handle) */
    char *zName;    /* shown name */
    unsigned roles; /* RouteRole bits */
} Account;

/*
 * The signed-in account of 'req', or NULL for a guest, set in '*ppAcct'
 * (OUT).  Read once per request from the "sid" cookie; an expired or
 * unknown session is a guest.  Return OK or ERR_*.
 */
int account_current(Request *req, const Account **ppAcct) WARN_UNUSED;

/*
 * When account 'id' was created, in '*ptOut' (OUT): for features that
 * weigh new accounts less (report thresholds).  Return OK, ERR_NOTFOUND
 * or ERR_*.
 */
int account_created_at(StoreConn *c, int64_t id, UnixTime *ptOut) WARN_UNUSED;

/* True when 'acct' (may be NULL) holds any role in the bit set 'roles'. */
bool account_has(const Account *acct, unsigned roles);

/*
 * The CSRF token for forms of 'req'.  For a guest without a visitor
 * cookie one is made and set on 'res' (which then is not cached); with
 * 'res' NULL the answer is then "".  Allocated in req->a.
 */
const char *csrf_token(Request *req, Response *res);

/*
 * Who is acting, for rate limits, votes and reports: "a:<account id>" for
 * a signed-in account, else "n:<network>" (the client's /24 for IPv4,
 * /48 for IPv6).  Allocated in req->a.
 */
const char *account_actor_key(Request *req);

/* The client's network ("203.0.113.0/24", "2001:db8:1::/48"), from 'a'. */
const char *account_network(Arena *a, const char *zIp);

/*
 * Hash 'zPassword' with Argon2id into 'zOut' (crypto_pwhash_STRBYTES).
 * At most a few hashes run at once (each costs ~64 MiB); callers wait.
 * Call from a RUN_WORKER route.  Return OK or ERR_NOMEM.
 */
int password_hash(const char *zPassword, char *zOut) WARN_UNUSED;

/* True when 'zPassword' matches the stored 'zHash' (constant time). */
bool password_verify(const char *zHash, const char *zPassword);

/*
 * Use the cheapest Argon2id limits (tests and benchmarks only; the
 * setting password_cost=min).
 */
void password_use_min_cost(void);

/*
 * Read (or create, on first start) the site secret that signs CSRF
 * tokens.  Call once at start-up.  Return OK or ERR_*.
 */
int accounts_open(Store *pStore) WARN_UNUSED;

/*
 * Delete expired sessions, and sign-in records older than a day, on
 * 'c'.  An AppJob (src/wiring.c registers it).  Return OK or
 * ERR_*.
 */
int accounts_prune(StoreConn *c, UnixTime tNow) WARN_UNUSED;

/*
 * Windowed limits shared by every server process on the database
 * (throttle.c, table throttle_events): at most 'nMax' events of 'zKey'
 * in the last 'nWindowMs' milliseconds.  'nMax' <= 0: no limit.
 */
typedef struct ThrottleRule {
    const char *zKey;  /* who and what: "comment:a:12", "pw:NET" */
    int nMax;          /* events allowed in the window, <= 0: no limit */
    int64_t nWindowMs; /* window length */
} ThrottleRule;

/*
 * Let one event through every rule of 'aRule' (all or none) on 'c', in
 * one write transaction of its own: when each has room, record one event
 * for each and set '*piRefused' (OUT) to -1; else record nothing, set
 * '*piRefused' to the index of the first full rule and '*pnWaitMs' (OUT)
 * to the milliseconds until it has room.  Return OK or ERR_*.
 */
int throttle_take(StoreConn *c, const ThrottleRule *aRule, int nRule,
                  int *piRefused, int64_t *pnWaitMs) WARN_UNUSED;

/*
 * Without recording anything: '*pnWaitMs' (OUT) is 0 when 'pRule' has
 * room now, else the milliseconds until it has.  For a limit counted
 * after the fact (a wrong password: throttle_record()).  Return OK or
 * ERR_*.
 */
int throttle_wait(StoreConn *c, const ThrottleRule *pRule,
                  int64_t *pnWaitMs) WARN_UNUSED;

/* Record one event of 'pRule' on 'c'.  Return OK or ERR_*. */
int throttle_record(StoreConn *c, const ThrottleRule *pRule) WARN_UNUSED;

/*
 * Delete the throttle events whose window has ended.  An AppJob
 * (src/wiring.c registers it, every minute).  Return OK or ERR_*.
 */
int throttle_expire(StoreConn *c, UnixTime tNow) WARN_UNUSED;

/* Settings keys of accounts ("secret"), registered by src/wiring.c. */
extern const AppSetting g_aAccountSetting[];
extern const int g_nAccountSetting;

/*
 * ServerSetup.fnIdentify: read the "sid" cookie and, for a live session,
 * set req->pViewer (name, roles, the CSRF token).  An unknown or expired
 * session leaves a guest.  Return OK or ERR_*.
 */
int account_identify(Request *req) WARN_UNUSED;

/* ServerSetup.fnCheckPost: the CSRF check (csrf.c). */
int csrf_check_post(Request *req, Response *res);

/*
 * Create an account for the operator (`sinmun user add`): login, shown
 * name, password, roles.  Return OK, ERR_CONSTRAINT (login taken),
 * ERR_INVALID (message in 'zErr', 200 bytes) or ERR_*.
 */
int account_create(StoreConn *c, const char *zLogin, const char *zName,
                   const char *zPassword, unsigned roles, int64_t *pId,
                   char zErr[200]) WARN_UNUSED;

/*
 * Replace the password of 'zLogin' and end its sessions (`sinmun user
 * passwd`).  Return OK, ERR_NOTFOUND, ERR_INVALID (message in 'zErr') or
 * ERR_*.
 */
int account_set_password(StoreConn *c, const char *zLogin,
                         const char *zPassword, char zErr[200]) WARN_UNUSED;

/*
 * The enabled account whose login is 'zLogin' (compared as sign-in
 * compares it, ASCII letters folded) into '*pOut' (OUT, strings in 'a'):
 * for the admin linking a reporter to an account.  Return OK,
 * ERR_NOTFOUND or ERR_*.
 */
int account_find(StoreConn *c, Arena *a, const char *zLogin,
                 Account *pOut) WARN_UNUSED;

/*
 * Account 'id', enabled or not, into '*pOut' (OUT, strings in 'a'): the
 * name and login an admin page shows for an id another table keeps.
 * Return OK, ERR_NOTFOUND or ERR_*.
 */
int account_get(StoreConn *c, Arena *a, int64_t id, Account *pOut) WARN_UNUSED;

/* Parse "reader,moderator" into role bits; return false on an unknown. */
bool account_parse_roles(const char *z, unsigned *pRoles);

/* ROUTE handlers. */
int signin_page(Request *req, Response *res);
int signin_post(Request *req, Response *res);
int signup_page(Request *req, Response *res);
int signup_post(Request *req, Response *res);
int signout_post(Request *req, Response *res);
int csrf_json(Request *req, Response *res);

#endif
