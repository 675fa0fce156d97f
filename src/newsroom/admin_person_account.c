/*
 * admin_person_account.c — linking a person (a byline) to the account
 * they sign in with, or undoing it (people.account_id: an account is one
 * person at most).  The newsroom knows a reporter's own articles by that
 * link.  Each change writes its audit row in the same transaction; an
 * error comes back on the person's page with the login as typed.
 */
#include "newsroom/newsroom.h"

#include <string.h>

#include "accounts/accounts.h"
#include "app/app.h"
#include "articles/articles.h"
#include "base/utf8.h"
#include "newsroom/admin.h"

/* Write the link of person 'id' to 'accountId' (0: none) with its audit
   row 'zAction'/'zDetail' in one transaction. */
static int admin_link_write(Request *req, StoreConn *c, int64_t id,
                            int64_t accountId, const char *zAction,
                            const char *zDetail)
{
    int rc = store_begin(c);
    if (rc == OK) {
        rc = person_db_link(c, id, accountId);
    }
    if (rc == OK) {
        rc = audit_db_add(c, req->pViewer->accountId, time_now(), zAction,
                          arena_printf(req->a, "person:%lld", (long long)id),
                          zDetail);
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
    }
    return rc;
}

/*
 * ROUTE: POST /newsroom/admin/people/{id}/account
 *   id      people.id, a positive integer
 *   action  link or unlink
 *   login   link: the login of an enabled account, 1..100 bytes
 *           (ACCOUNT_LOGIN_MAX), not linked to another person
 */
int admin_person_account_post(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    int64_t id = http_parse_id(req_path(req, "id"));
    PersonRow row;
    rc = id ? person_db_row(c, req->a, id, &row) : ERR_NOTFOUND;
    if (rc == ERR_NOTFOUND) {
        res->zMessage = "그런 기자가 없습니다.";
        return 404;
    }
    if (rc != OK) {
        return rc;
    }
    const char *zAction = admin_field(req, "action");
    AdminPersonForm f = {row.p.zName, row.p.zEmail, row.p.zDesk,
                         row.p.zBio,  NULL,         NULL,
                         NULL,        NULL,         admin_field(req, "login"),
                         NULL};
    Account old;
    bool bOld = false;
    if (row.accountId != 0) {
        rc = account_get(c, req->a, row.accountId, &old);
        if (rc != OK && rc != ERR_NOTFOUND) {
            return rc;
        }
        bOld = rc == OK;
    }
    if (strcmp(zAction, "unlink") == 0) {
        if (row.accountId == 0) {
            return admin_person_render(req, res, c, id, &f,
                                       "연결된 계정이 없습니다.", 200);
        }
        rc = admin_link_write(
            req, c, id, 0, "person.unlink",
            arena_printf(req->a, "계정 %s 연결 해제",
                         admin_audit_value(req->a, bOld ? old.zLogin : "?")));
        if (rc != OK) {
            return rc;
        }
        res_redirect(res,
                     arena_printf(req->a, "/newsroom/admin/people/%lld?saved=1",
                                  (long long)id));
        return OK;
    }
    if (strcmp(zAction, "link") != 0) {
        f.zLoginError = "계정을 연결할지 연결을 풀지 골라 주십시오.";
        return admin_person_render(req, res, c, id, &f, NULL, 422);
    }
    size_t nLogin = strlen(f.zLogin);
    if (utf8_is_blank(f.zLogin, nLogin)) {
        f.zLoginError = "연결할 계정의 로그인을 적어 주십시오.";
    } else if (nLogin > ACCOUNT_LOGIN_MAX) {
        f.zLoginError = arena_printf(req->a, "로그인은 %d바이트까지입니다.",
                                     ACCOUNT_LOGIN_MAX);
    }
    Account acct;
    if (f.zLoginError == NULL) {
        rc = account_find(c, req->a, f.zLogin, &acct);
        if (rc == ERR_NOTFOUND) {
            f.zLoginError = "그런 로그인의 계정이 없습니다. 쓰고 있는 "
                            "계정만 연결할 수 있습니다 (sinmun user add로 "
                            "만듭니다).";
        } else if (rc != OK) {
            return rc;
        }
    }
    if (f.zLoginError == NULL && acct.id == row.accountId) {
        return admin_person_render(req, res, c, id, &f,
                                   "이미 그 계정과 연결되어 있습니다.", 200);
    }
    if (f.zLoginError == NULL) {
        Person other;
        rc = person_db_of_account(c, req->a, acct.id, &other);
        if (rc == OK) {
            f.zLoginError = arena_printf(
                req->a,
                "이 계정은 이미 %s 기자(%lld번)와 연결되어 있습니다. "
                "그쪽 연결을 먼저 푸십시오.",
                other.zName, (long long)other.id);
        } else if (rc != ERR_NOTFOUND) {
            return rc;
        }
    }
    if (f.zLoginError != NULL) {
        return admin_person_render(req, res, c, id, &f, NULL, 422);
    }
    const char *zDetail =
        bOld ? arena_printf(req->a, "계정 %s → %s",
                            admin_audit_value(req->a, old.zLogin),
                            admin_audit_value(req->a, acct.zLogin))
             : arena_printf(req->a, "계정 %s 연결",
                            admin_audit_value(req->a, acct.zLogin));
    rc = admin_link_write(req, c, id, acct.id, "person.link", zDetail);
    if (rc == ERR_CONSTRAINT) {
        /* Linked elsewhere between the check and the write. */
        f.zLoginError = "이 계정은 방금 다른 기자와 연결되었습니다.";
        return admin_person_render(req, res, c, id, &f, NULL, 409);
    }
    if (rc != OK) {
        return rc;
    }
    res_redirect(res,
                 arena_printf(req->a, "/newsroom/admin/people/%lld?saved=1",
                              (long long)id));
    return OK;
}
