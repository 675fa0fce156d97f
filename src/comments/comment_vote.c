/*
 * comment_vote.c — POST /comment/{id}/vote: 공감 or 비공감, once per
 * comment for a member, and once per comment a day for a guest's network
 * (comment_votes' primary key enforces it).  Answers with a redirect back
 * to the page the vote was cast on; a second vote gets a page that says
 * so.
 */
#include "comments/comments.h"

#include <string.h>

#include "app/app.h"
#include "comments/comments_db.h"
#include "comments/comments_internal.h"

/*
 * ROUTE: POST /comment/{id}/vote
 *   id     comments.id of a visible comment
 *   value  up (공감) or down (비공감)
 *   back   optional local path to return to (http_local_path(); a
 *          fragment is dropped), else the article
 */
int comment_vote_post(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    const char *zValue = req_form(req, "value");
    int value = 0;
    if (zValue != NULL && strcmp(zValue, "up") == 0) {
        value = 1;
    } else if (zValue != NULL && strcmp(zValue, "down") == 0) {
        value = -1;
    } else {
        res->zMessage = "공감 또는 비공감을 골라 주십시오.";
        return 400;
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    Comment cm;
    rc = id ? comment_get(c, req->a, id, &cm) : ERR_NOTFOUND;
    if (rc == ERR_NOTFOUND || (rc == OK && cm.status != COMMENT_VISIBLE)) {
        res->zMessage = "댓글이 없거나 더 이상 보이지 않습니다.";
        return 404;
    }
    if (rc != OK) {
        return rc;
    }
    const char *zBack = http_local_path(req->a, req_form(req, "back"));
    if (zBack == NULL) {
        zBack = arena_printf(req->a, "/article/%lld", (long long)cm.articleId);
    }
    /* The answer adds its own "#comment-N". */
    zBack = arena_strndup(req->a, zBack, strcspn(zBack, "#"));
    /* A member votes once; a guest network once a day. */
    const char *zVoter = account_actor_key(req);
    if (zVoter[0] == 'n') {
        zVoter = arena_printf(req->a, "%s@%s", zVoter,
                              time_format_date(req->a, time_now()));
    }
    rc = store_begin(c);
    if (rc != OK) {
        return rc;
    }
    rc = comment_db_vote(c, cm.id, zVoter, value, time_now());
    if (rc == OK) {
        rc = comment_record_change(c, cm.articleId, false);
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
    }
    if (rc == ERR_CONSTRAINT) {
        return comment_render_notice(
            req, res, 409, "이미 참여했습니다",
            "이 댓글에는 이미 공감 또는 비공감을 눌렀습니다. 한 댓글에 "
            "한 번만 누를 수 있습니다.",
            arena_printf(req->a, "%s#comment-%lld", zBack, (long long)cm.id));
    }
    if (rc != OK) {
        return rc;
    }
    comment_drop_cached(req, cm.articleId, false);
    res_redirect(
        res, arena_printf(req->a, "%s#comment-%lld", zBack, (long long)cm.id));
    return OK;
}
