/*
 * comment_delete.c — the author deletes a comment: GET asks to confirm,
 * POST does it.  Allowed within comment_edit_minutes of posting; a member
 * must be signed in as the author, a guest gives the comment's password.
 *
 * Nothing is removed from the database: the status becomes "deleted".  A
 * thread whose root was deleted keeps "삭제된 댓글입니다." in its place
 * while it has replies; a deleted comment without replies leaves the
 * list.
 *
 * POST runs on the worker pool (RUN_WORKER): checking a guest password
 * costs an Argon2id hash.
 */
#include "comments/comments.h"

#include <string.h>

#include "app/app.h"
#include "comments/comments_internal.h"
#include "site/site.h"
#include "view/plaintext.h"

/* Render the confirmation for 'cm'. */
static int comment_delete_render(Request *req, Response *res, const Comment *cm,
                                 const CommentArticle *art,
                                 const char *zPassword, const char *zError,
                                 int status)
{
    View *v = view_new(req->a);
    view_str(v, "article_url",
             arena_printf(req->a, "/article/%lld#comment-%lld",
                          (long long)art->id, (long long)cm->id));
    view_str(v, "article_title", art->zTitle);
    view_str(v, "error", zError);
    view_str(v, "action",
             arena_printf(req->a, "/comment/%lld/delete", (long long)cm->id));
    view_str(v, "csrf", csrf_token(req, res));
    view_bool(v, "guest", cm->accountId == 0);
    /* Never sent back (issue 8): the password is typed again. */
    view_bool(v, "password_again", zPassword != NULL && zPassword[0] != 0);
    view_safe(v, "body",
              plaintext_render(req->a, cm->zBody, strlen(cm->zBody)));
    res->status = status;
    res->bNoStore = true;
    return site_page_render(req, res, "comments/comment_delete_page", v,
                            "댓글 지우기", NULL);
}

/*
 * ROUTE: GET /comment/{id}/delete
 *   id  comments.id of the asker's own comment, within the edit window
 */
int comment_delete_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    Comment cm;
    CommentArticle art;
    CommentSettings s;
    int rc = comment_manage_load(req, res, &c, &cm, &art, &s);
    if (rc != OK) {
        return rc;
    }
    return comment_delete_render(req, res, &cm, &art, "", NULL, 200);
}

/*
 * ROUTE: POST /comment/{id}/delete
 *   id        comments.id of the asker's own comment, within the window
 *   password  guest comments: the comment's password (10 wrong tries a
 *             minute per network)
 */
int comment_delete_post(Request *req, Response *res)
{
    StoreConn *c = NULL;
    Comment cm;
    CommentArticle art;
    CommentSettings s;
    int rc = comment_manage_load(req, res, &c, &cm, &art, &s);
    if (rc != OK) {
        return rc;
    }
    const char *zPassword = req_form(req, "password");
    zPassword = zPassword ? zPassword : "";
    int status = 0;
    const char *zWhy =
        comment_check_password(req, c, &cm, zPassword, &status, &rc);
    if (rc != OK) {
        return rc;
    }
    if (zWhy != NULL) {
        return comment_delete_render(req, res, &cm, &art, zPassword, zWhy,
                                     status);
    }
    rc = store_begin(c);
    if (rc != OK) {
        return rc;
    }
    rc = comment_set_status(c, cm.id, COMMENT_DELETED, "작성자 삭제",
                            time_now(), NULL);
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
        return rc;
    }
    comment_drop_cached(req, cm.articleId, cm.status == COMMENT_VISIBLE);
    res_redirect(res, cm.parentId
                          ? arena_printf(req->a, "/article/%lld#comment-%lld",
                                         (long long)cm.articleId,
                                         (long long)cm.parentId)
                          : arena_printf(req->a, "/article/%lld#comments",
                                         (long long)cm.articleId));
    return OK;
}
