/*
 * comment_reply.c — the reply page: a whole thread and the form that
 * answers one comment in it.  It is where "답글" leads without script
 * (with script, comments.js opens the same form under the comment), where
 * "답글 N개 더 보기" leads, and how a refused reply comes back.
 */
#include "comments/comments.h"

#include "app/app.h"
#include "comments/comments_db.h"
#include "comments/comments_internal.h"
#include "site/site.h"
#include "web/static.h"

/* Replies shown on the thread page (the list pages show fewer). */
#define COMMENT_REPLY_PAGE_MAX 2000

int comment_render_reply(Request *req, Response *res, StoreConn *c,
                         const Comment *target, const CommentForm *f,
                         int status)
{
    CommentArticle art;
    int rc = comment_article_get(req, c, target->articleId, &art);
    if (rc != OK) {
        return rc;
    }
    CommentSettings s;
    rc = comment_settings_load(c, req->a, &s);
    if (rc != OK) {
        return rc;
    }
    Comment root = *target;
    if (target->parentId != 0) {
        rc = comment_get(c, req->a, target->parentId, &root);
        if (rc != OK) {
            return rc;
        }
    }
    Comment *aReply = NULL;
    int nReply = 0;
    rc = comment_db_replies(c, req->a, root.id, COMMENT_REPLY_PAGE_MAX, &aReply,
                            &nReply);
    if (rc != OK) {
        return rc;
    }
    UnixTime tNow = time_now();
    const char *zBack =
        arena_printf(req->a, "/comment/%lld/reply", (long long)target->id);
    View *v = view_new(req->a);
    View *av = view_obj(v, "article");
    view_int(av, "id", art.id);
    view_str(av, "title", art.zTitle);
    view_str(av, "url",
             arena_printf(req->a, "/article/%lld", (long long)art.id));
    view_str(v, "reply_to",
             target->status == COMMENT_VISIBLE ? target->zAuthor : "");
    View *cv = view_obj(v, "comments");
    view_str(cv, "csrf", f->zCsrf ? f->zCsrf : "");
    view_str(cv, "policy", s.zPolicy);
    view_str(cv, "js_version", static_version("comments.js"));
    View *t = view_list_add(cv, "threads");
    comment_view_item(req, t, &root, &s, zBack, tNow);
    for (int i = 0; i < nReply; i++) {
        comment_view_item(req, view_list_add(t, "replies"), &aReply[i], &s,
                          zBack, tNow);
    }
    comment_view_form(req, cv, "form", f);
    res->status = status;
    res->bNoStore = true;
    res_tag(res, req->a,
            arena_printf(req->a, "comments:%lld", (long long)art.id));
    return site_page_render(req, res, "comments/comment_reply_page", v,
                            arena_printf(req->a, "답글 - %s", art.zTitle),
                            NULL);
}

/*
 * ROUTE: GET /comment/{id}/reply
 *   id  comments.id of a comment readers can see (a root or a reply; a
 *       reply to a reply joins the same thread)
 */
int comment_reply_page(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    if (id == 0) {
        return 404;
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    Comment cm;
    rc = comment_get(c, req->a, id, &cm);
    if (rc == ERR_NOTFOUND || (rc == OK && cm.status != COMMENT_VISIBLE)) {
        res->zMessage = "답글을 달 댓글이 없거나 더 이상 보이지 않습니다.";
        return 404;
    }
    if (rc != OK) {
        return rc;
    }
    CommentArticle art;
    rc = comment_article_get(req, c, cm.articleId, &art);
    if (rc == ERR_NOTFOUND) {
        return 404;
    }
    if (rc != OK) {
        return rc;
    }
    CommentForm f;
    rc = comment_form_init(req, &art, &f);
    if (rc != OK) {
        return rc;
    }
    f.parentId = cm.id;
    f.zSubmit = "답글 등록";
    f.zPrefix = "reply";
    rc = comment_render_reply(req, res, c, &cm, &f, 200);
    /* Personal only for a signed-in reader, whose requests skip the
       cache anyway; a guest's copy carries no token and may be shared. */
    res->bNoStore = false;
    return rc;
}
