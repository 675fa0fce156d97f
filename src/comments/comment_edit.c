/*
 * comment_edit.c — the author changes a comment's text: GET shows the
 * form, POST stores it.  Allowed within comment_edit_minutes of posting
 * (30 by default); a member must be signed in as the author, a guest
 * gives the comment's password.  The new text passes the same checks as
 * a new comment: too many links or a word to review holds it again.
 *
 * POST runs on the worker pool (RUN_WORKER): checking a guest password
 * costs an Argon2id hash.
 */
#include "comments/comments.h"

#include <string.h>

#include "app/app.h"
#include "base/utf8.h"
#include "comments/comments_db.h"
#include "comments/comments_internal.h"
#include "site/site.h"
#include "web/static.h"

/* Render the edit form for 'cm' with the text 'zBody'. */
static int comment_edit_render(Request *req, Response *res, const Comment *cm,
                               const CommentArticle *art, const char *zBody,
                               const char *zPassword, const char *zError,
                               int status)
{
    size_t nChars = utf8_graphemes(zBody, strlen(zBody));
    View *v = view_new(req->a);
    view_str(v, "article_url",
             arena_printf(req->a, "/article/%lld#comment-%lld",
                          (long long)art->id, (long long)cm->id));
    view_str(v, "article_title", art->zTitle);
    view_str(v, "error", zError);
    view_str(v, "action",
             arena_printf(req->a, "/comment/%lld/edit", (long long)cm->id));
    view_str(v, "csrf", csrf_token(req, res));
    view_bool(v, "guest", cm->accountId == 0);
    /* Never sent back (issue 8): the password is typed again. */
    view_bool(v, "password_again", zPassword != NULL && zPassword[0] != 0);
    view_str(v, "body", zBody);
    view_int(v, "count", (int64_t)nChars);
    view_int(v, "max", COMMENT_MAX_CHARS);
    view_bool(v, "over", nChars > COMMENT_MAX_CHARS);
    view_str(v, "js_version", static_version("comments.js"));
    res->status = status;
    res->bNoStore = true;
    return site_page_render(req, res, "comments/comment_edit_page", v,
                            "댓글 고치기", NULL);
}

/*
 * ROUTE: GET /comment/{id}/edit
 *   id  comments.id of the asker's own comment, within the edit window
 */
int comment_edit_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    Comment cm;
    CommentArticle art;
    CommentSettings s;
    int rc = comment_manage_load(req, res, &c, &cm, &art, &s);
    if (rc != OK) {
        return rc;
    }
    return comment_edit_render(req, res, &cm, &art, cm.zBody, "", NULL, 200);
}

/*
 * ROUTE: POST /comment/{id}/edit
 *   id        comments.id of the asker's own comment, within the window
 *   body      the new text: 1–1000 characters, not only white space
 *   password  guest comments: the comment's password (10 wrong tries a
 *             minute per network)
 */
int comment_edit_post(Request *req, Response *res)
{
    StoreConn *c = NULL;
    Comment cm;
    CommentArticle art;
    CommentSettings s;
    int rc = comment_manage_load(req, res, &c, &cm, &art, &s);
    if (rc != OK) {
        return rc;
    }
    const char *zBody = req_form(req, "body");
    const char *zPassword = req_form(req, "password");
    zBody = zBody ? zBody : "";
    zPassword = zPassword ? zPassword : "";
    const char *zWhy = comment_check_body(req->a, zBody);
    if (zWhy != NULL) {
        return comment_edit_render(req, res, &cm, &art, zBody, zPassword, zWhy,
                                   422);
    }
    int status = 0;
    zWhy = comment_check_password(req, c, &cm, zPassword, &status, &rc);
    if (rc != OK) {
        return rc;
    }
    if (zWhy != NULL) {
        return comment_edit_render(req, res, &cm, &art, zBody, zPassword, zWhy,
                                   status);
    }
    const char *zHeld = NULL;
    CommentVerdict verdict = comment_screen(req->a, &s, zBody, &zHeld);
    if (verdict == COMMENT_REFUSE) {
        return comment_edit_render(req, res, &cm, &art, zBody, zPassword, zHeld,
                                   422);
    }
    bool bHold = verdict == COMMENT_HOLD && cm.status == COMMENT_VISIBLE;
    rc = store_begin(c);
    if (rc != OK) {
        return rc;
    }
    UnixTime tNow = time_now();
    rc = comment_db_set_body(c, cm.id, zBody, tNow);
    if (rc == OK && bHold) {
        /* Records the cache changes and fixes the counts. */
        rc = comment_set_status(c, cm.id, COMMENT_HELD,
                                "고친 글이 자동 검토에 걸림", tNow, NULL);
    } else if (rc == OK) {
        rc = comment_record_change(c, cm.articleId, false);
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
        return rc;
    }
    comment_drop_cached(req, cm.articleId, bHold);
    if (bHold || cm.status == COMMENT_HELD) {
        return comment_render_notice(
            req, res, 202, "검토 후 게시됩니다",
            zHeld ? zHeld : "고친 댓글은 검토 후 게시됩니다.",
            arena_printf(req->a, "/article/%lld#comments",
                         (long long)cm.articleId));
    }
    const char *zUrl = NULL;
    rc = comment_landing_url(req, c, &cm, &zUrl);
    if (rc != OK) {
        return rc;
    }
    res_redirect(res, zUrl);
    return OK;
}
