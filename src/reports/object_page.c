/*
 * object_page.c — the author of a blinded comment objects to its 임시조치
 * (정보통신망법 제44조의2: the poster may ask for it to be put back).  The
 * blinded notice in the thread links here.  A member must be signed in as
 * the author; a guest gives the comment's password (checked on POST).  The
 * objection goes to the moderators' queue; it can be made once, before the
 * period ends.
 *
 * While the comment is blinded its text, the takedown's reason and the
 * objection are shown only to its author and to moderators: a guest
 * author sees them after giving the password (the "show" button, or any
 * POST whose password is right), everyone else sees only the dates.
 *
 * POST runs on the worker pool (RUN_WORKER): a guest password costs an
 * Argon2id check.
 */
#include "reports/reports.h"

#include <string.h>

#include "accounts/accounts.h"
#include "app/app.h"
#include "articles/articles.h"
#include "base/utf8.h"
#include "reports/reports_internal.h"
#include "site/site.h"
#include "view/plaintext.h"

/* Most bytes of an objection (characters are checked too). */
#define OBJECTION_BYTES_MAX (REPORT_TEXT_MAX * 64)

/* The blinded comment of this request and its running takedown. */
typedef struct ObjectTarget {
    Comment cm;         /* the comment */
    Takedown td;        /* its latest takedown */
    const char *zTitle; /* its article's title */
} ObjectTarget;

/* Load it into '*t' (OUT).  Return OK, 404/409 with res->zMessage, or
   ERR_*. */
static int object_load(Request *req, Response *res, StoreConn *c,
                       ObjectTarget *t)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    if (id == 0) {
        return 404;
    }
    int rc = comment_get(c, req->a, id, &t->cm);
    if (rc == ERR_NOTFOUND) {
        return 404;
    }
    if (rc == OK) {
        rc = takedown_db_latest(c, req->a, id, &t->td);
    }
    if (rc == ERR_NOTFOUND || (rc == OK && t->td.state != TAKEDOWN_BLINDED &&
                               t->td.state != TAKEDOWN_OBJECTED)) {
        res->zMessage = "이 댓글은 임시조치 중이 아닙니다.";
        return 409;
    }
    if (rc != OK) {
        return rc;
    }
    Article art;
    rc = article_db_get(c, req->a, t->cm.articleId, &art);
    if (rc == ERR_NOTFOUND) {
        return 404;
    }
    t->zTitle = rc == OK ? art.zTitle : "";
    return rc;
}

/* Take the database and load the target: the start of both handlers. */
static int object_open(Request *req, Response *res, StoreConn **pc,
                       ObjectTarget *t)
{
    int rc = app_db(req, pc);
    if (rc != OK) {
        return rc;
    }
    return object_load(req, res, *pc, t);
}

/* What the asker may do on the page. */
typedef struct ObjectAccess {
    bool bSee;    /* may read the text, the reason and the objection */
    bool bObject; /* is (or may prove to be) the author: gets the form */
} ObjectAccess;

/* Render the page for 't' with what was typed, 'zError' and 'status'. */
static int object_render(Request *req, Response *res, const ObjectTarget *t,
                         ObjectAccess access, const char *zText,
                         const char *zPassword, const char *zError, int status)
{
    Arena *a = req->a;
    View *v = view_new(a);
    view_str(v, "title", t->zTitle);
    view_str(v, "back", comment_url(a, &t->cm));
    view_str(v, "started", time_format_local(a, t->td.tStarted));
    view_str(v, "ends", time_format_local(a, t->td.tEnds));
    view_bool(v, "objected", t->td.state == TAKEDOWN_OBJECTED);
    view_bool(v, "may_see", access.bSee);
    view_bool(v, "may_object", access.bObject);
    if (access.bSee) {
        view_str(v, "reason", t->td.zReason);
        view_str(v, "objection", t->td.zObjection);
        view_safe(v, "body",
                  plaintext_render(a, t->cm.zBody, strlen(t->cm.zBody)));
    }
    view_str(v, "action",
             arena_printf(a, "/comment/%lld/object", (long long)t->cm.id));
    view_str(v, "csrf", csrf_token(req, res));
    view_bool(v, "guest", t->cm.accountId == 0);
    view_str(v, "text", zText);
    /* Never sent back (issue 8): the password is typed again. */
    view_bool(v, "password_again", zPassword != NULL && zPassword[0] != 0);
    view_str(v, "error", zError);
    view_int(v, "text_max", REPORT_TEXT_MAX);
    res->status = status;
    res->bNoStore = true;
    return site_page_render(req, res, "reports/object_page", v,
                            "임시조치 이의 제기", NULL);
}

/*
 * What the asker of 'req' may do with comment 'cm' before any password:
 * a moderator sees everything; the signed-in member who wrote it sees it
 * and may object; for a guest's comment anyone gets the form (the
 * password decides on POST).
 */
static int object_access(Request *req, const Comment *cm, ObjectAccess *pOut)
{
    const Account *acct = NULL;
    int rc = account_current(req, &acct);
    if (rc != OK) {
        return rc;
    }
    bool bAuthor =
        cm->accountId != 0 && acct != NULL && acct->id == cm->accountId;
    pOut->bSee = bAuthor || account_has(acct, ROLE_MODERATION);
    pOut->bObject = bAuthor || cm->accountId == 0;
    return OK;
}

/*
 * ROUTE: GET /comment/{id}/object
 *   id  comments.id of a comment under a running takedown
 */
int comment_object_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    ObjectTarget t;
    int rc = object_open(req, res, &c, &t);
    if (rc != OK) {
        return rc;
    }
    ObjectAccess access;
    rc = object_access(req, &t.cm, &access);
    if (rc != OK) {
        return rc;
    }
    if (!access.bSee && !access.bObject) {
        res->zMessage = "이 댓글을 쓴 회원으로 로그인한 뒤 이의를 제기할 수 "
                        "있습니다.";
        return 403;
    }
    return object_render(req, res, &t, access, "", "", NULL, 200);
}

/*
 * ROUTE: POST /comment/{id}/object
 *   text      why the comment should be put back, 1..REPORT_TEXT_MAX chars
 *   password  guest comments: the comment's password
 *   show      "1": only check the password and show the comment (a guest
 *             author reads what was blinded before writing)
 */
int comment_object_post(Request *req, Response *res)
{
    StoreConn *c = NULL;
    ObjectTarget t;
    int rc = object_open(req, res, &c, &t);
    if (rc != OK) {
        return rc;
    }
    ObjectAccess access;
    rc = object_access(req, &t.cm, &access);
    if (rc != OK) {
        return rc;
    }
    const char *zText = req_form(req, "text");
    const char *zPassword = req_form(req, "password");
    const char *zShow = req_form(req, "show");
    zText = zText ? zText : "";
    zPassword = zPassword ? zPassword : "";
    /* The author first: what is shown depends on it. */
    int status = 0;
    const char *zWhy =
        comment_check_author(req, c, &t.cm, zPassword, &status, &rc);
    if (rc != OK) {
        return rc;
    }
    if (zWhy != NULL) {
        return object_render(req, res, &t, access, zText, "", zWhy, status);
    }
    access.bSee = true;
    access.bObject = true;
    if (zShow != NULL && strcmp(zShow, "1") == 0) {
        return object_render(req, res, &t, access, zText, zPassword, NULL, 200);
    }
    size_t nText = strlen(zText);
    size_t nChars = nText <= OBJECTION_BYTES_MAX ? utf8_graphemes(zText, nText)
                                                 : (size_t)REPORT_TEXT_MAX + 1;
    if (utf8_is_blank(zText, nText)) {
        return object_render(req, res, &t, access, zText, zPassword,
                             "이의 제기 사유를 적어 주십시오.", 422);
    }
    if (nChars > REPORT_TEXT_MAX) {
        return object_render(
            req, res, &t, access, zText, zPassword,
            arena_printf(req->a, "사유는 %d자까지 쓸 수 있습니다 (지금 %zu자).",
                         REPORT_TEXT_MAX, nChars),
            422);
    }
    const Account *acct = NULL;
    rc = account_current(req, &acct);
    if (rc != OK) {
        return rc;
    }
    ModActor who = {acct ? acct->id : 0,
                    arena_printf(req->a, "작성자 %s", t.cm.zAuthor)};
    ReportSettings s;
    rc = report_settings_load(c, &s);
    if (rc != OK) {
        return rc;
    }
    rc = store_begin(c);
    if (rc != OK) {
        return rc;
    }
    const char *zRefusal = NULL;
    rc = moderate(c, req->a, &who, REPORT_COMMENT, t.cm.id, MOD_OBJECT, zText,
                  &s, time_now(), &zRefusal, NULL);
    if (rc == OK && zRefusal == NULL) {
        rc = store_commit(c);
    } else {
        store_rollback(c);
    }
    if (rc != OK) {
        return rc;
    }
    if (zRefusal != NULL) {
        return object_render(req, res, &t, access, zText, zPassword, zRefusal,
                             409);
    }
    View *v = view_new(req->a);
    view_str(v, "back", comment_url(req->a, &t.cm));
    view_str(v, "ends", time_format_local(req->a, t.td.tEnds));
    res->bNoStore = true;
    return site_page_render(req, res, "reports/object_done", v,
                            "이의 제기 접수", NULL);
}
