/*
 * comment_view.c — the views of comments, threads and comment forms, and
 * the two small pages every action may answer with: the form page that
 * brings a refused comment back, and the notice page (held for review,
 * already voted, wrong password …).
 *
 * A list item sets every field it uses, even empty ones: #each looks a
 * missing name up in the enclosing item, and a reply must never show its
 * thread's notice or links.
 */
#include "comments/comments_internal.h"

#include <string.h>

#include "app/app.h"
#include "base/utf8.h"
#include "comments/comments_db.h"
#include "site/site.h"
#include "view/plaintext.h"
#include "web/static.h"

/* What stands in place of a comment readers may not see. */
static const char *comment_notice(CommentStatus status)
{
    switch (status) {
    case COMMENT_DELETED:
        return "삭제된 댓글입니다.";
    case COMMENT_HIDDEN:
        return "관리자가 숨긴 댓글입니다.";
    case COMMENT_REMOVED:
        return "운영 원칙에 따라 삭제된 댓글입니다.";
    case COMMENT_BLINDED:
        return "임시조치된 댓글입니다. 권리 침해 신고에 따라 게시가 잠시 "
               "중단되었습니다.";
    case COMMENT_HELD:
        return "검토 중인 댓글입니다.";
    case COMMENT_VISIBLE:
        break;
    }
    return "";
}

void comment_view_item(Request *req, View *item, const Comment *cm,
                       const CommentSettings *s, const char *zBack,
                       UnixTime tNow)
{
    Arena *a = req->a;
    bool bVisible = cm->status == COMMENT_VISIBLE;
    view_int(item, "id", cm->id);
    view_bool(item, "visible", bVisible);
    view_str(item, "notice", comment_notice(cm->status));
    view_bool(item, "blinded", cm->status == COMMENT_BLINDED);
    view_str(item, "object_url",
             arena_printf(a, "/comment/%lld/object", (long long)cm->id));
    view_str(item, "author", bVisible ? cm->zAuthor : "");
    view_bool(item, "member", cm->accountId != 0);
    view_str(item, "time", time_format_local(a, cm->tCreated));
    view_str(item, "time_iso", time_format_iso(a, cm->tCreated));
    view_bool(item, "edited", cm->tEdited != 0);
    view_str(item, "edited_time",
             cm->tEdited ? time_format_local(a, cm->tEdited) : "");
    if (bVisible) {
        view_safe(item, "body",
                  plaintext_render(a, cm->zBody, strlen(cm->zBody)));
    } else {
        view_str(item, "body", "");
    }
    view_int(item, "up", cm->nUp);
    view_int(item, "down", cm->nDown);
    view_str(item, "vote_url",
             arena_printf(a, "/comment/%lld/vote", (long long)cm->id));
    view_str(item, "reply_url",
             arena_printf(a, "/comment/%lld/reply", (long long)cm->id));
    view_str(item, "edit_url",
             arena_printf(a, "/comment/%lld/edit", (long long)cm->id));
    view_str(item, "delete_url",
             arena_printf(a, "/comment/%lld/delete", (long long)cm->id));
    view_str(item, "report_url",
             arena_printf(a, "/comment/%lld/report", (long long)cm->id));
    view_str(item, "back", zBack);
    view_bool(item, "manage",
              bVisible && comment_may_manage(req, cm) &&
                  comment_check_window(a, s, cm, tNow) == NULL);
    view_list(item, "replies");
    view_int(item, "more_replies", 0);
    view_str(item, "thread_url", "");
}

void comment_view_form(Request *req, View *v, const char *zName,
                       const CommentForm *f)
{
    View *item = view_list_add(v, zName);
    const char *zBody = f->zBody ? f->zBody : "";
    size_t nChars = utf8_graphemes(zBody, strlen(zBody));
    view_str(item, "form_action", f->zAction);
    view_int(item, "form_parent", f->parentId);
    view_str(item, "form_body", zBody);
    view_str(item, "form_nickname", f->zNickname ? f->zNickname : "");
    /* Never sent back (issue 8): the password is typed again. */
    view_bool(item, "form_password_again",
              f->zPassword != NULL && f->zPassword[0] != 0);
    view_str(item, "form_error", f->zError ? f->zError : "");
    view_bool(item, "form_guest", f->bGuest);
    view_str(item, "form_user", f->zUserName ? f->zUserName : "");
    view_str(item, "form_csrf", f->zCsrf ? f->zCsrf : "");
    view_str(item, "form_submit", f->zSubmit ? f->zSubmit : "등록");
    view_str(item, "form_prefix", f->zPrefix ? f->zPrefix : "comment");
    view_int(item, "form_count", (int64_t)nChars);
    view_int(item, "form_max", COMMENT_MAX_CHARS);
    view_bool(item, "form_over", nChars > COMMENT_MAX_CHARS);
    (void)req;
}

/* "?order=oldest&page=3" style links to the comments of 'art'. */
static const char *comment_list_url(Arena *a, const CommentArticle *art,
                                    CommentOrder order, int iPage)
{
    Str s;
    str_init(&s, a);
    str_appendf(&s, "/article/%lld/comments", (long long)art->id);
    const char *zSep = "?";
    if (order != COMMENT_NEWEST) {
        str_appendf(&s, "%sorder=%s", zSep, comment_order_name(order));
        zSep = "&";
    }
    if (iPage > 1) {
        str_appendf(&s, "%spage=%d", zSep, iPage);
    }
    return s.z;
}

/* Fill a "pagination" view as templates/partials/pagination.html reads. */
static void comment_view_pages(Arena *a, View *p, const CommentArticle *art,
                               CommentOrder order, int iPage, int nPages)
{
    view_int(p, "page", iPage);
    view_int(p, "pages", nPages);
    view_bool(p, "many", nPages > 1);
    if (iPage > 1) {
        view_str(p, "prev_url", comment_list_url(a, art, order, iPage - 1));
    }
    if (iPage < nPages) {
        view_str(p, "next_url", comment_list_url(a, art, order, iPage + 1));
    }
    int iFirst = iPage - 4 < 1 ? 1 : iPage - 4;
    int iLast = iFirst + 9 > nPages ? nPages : iFirst + 9;
    view_list(p, "numbers");
    for (int i = iFirst; i <= iLast; i++) {
        View *n = view_list_add(p, "numbers");
        view_int(n, "number", i);
        view_str(n, "url", comment_list_url(a, art, order, i));
        view_bool(n, "current", i == iPage);
    }
}

int comment_view_threads(Request *req, StoreConn *c, View *v,
                         const CommentArticle *art, CommentOrder order,
                         int iPage, int nPages, const CommentForm *f,
                         const CommentSettings *s, bool bInline)
{
    Comment *aRoot = NULL;
    int nRoot = 0;
    int rc = comment_db_threads(c, req->a, art->id, order,
                                (iPage - 1) * COMMENTS_PER_PAGE,
                                COMMENTS_PER_PAGE, &aRoot, &nRoot);
    if (rc != OK) {
        return rc;
    }
    return comment_view_threads_rows(req, c, v, art, order, iPage, nPages, f, s,
                                     bInline, aRoot, nRoot);
}

int comment_view_threads_rows(Request *req, StoreConn *c, View *v,
                              const CommentArticle *art, CommentOrder order,
                              int iPage, int nPages, const CommentForm *f,
                              const CommentSettings *s, bool bInline,
                              const Comment *aRoot, int nRoot)
{
    Arena *a = req->a;
    UnixTime tNow = time_now();
    int rc = OK;
    View *cv = view_obj(v, "comments");
    view_int(cv, "article_id", art->id);
    view_int(cv, "count", art->nComment);
    view_str(cv, "policy", s->zPolicy);
    view_str(cv, "csrf", f->zCsrf ? f->zCsrf : "");
    view_str(cv, "js_version", static_version("comments.js"));
    view_bool(cv, "inline", bInline);
    view_bool(cv, "order_newest", order == COMMENT_NEWEST);
    view_bool(cv, "order_oldest", order == COMMENT_OLDEST);
    const char *zArticle = arena_printf(a, "/article/%lld", (long long)art->id);
    if (bInline) {
        view_str(cv, "newest_url", arena_printf(a, "%s#comments", zArticle));
        view_str(cv, "oldest_url",
                 arena_printf(a, "%s?order=oldest#comments", zArticle));
    } else {
        view_str(cv, "newest_url", comment_list_url(a, art, COMMENT_NEWEST, 1));
        view_str(cv, "oldest_url", comment_list_url(a, art, COMMENT_OLDEST, 1));
    }
    view_str(cv, "all_url", comment_list_url(a, art, order, 1));
    view_str(cv, "article_url", zArticle);
    view_bool(cv, "more_pages", bInline && nPages > 1);
    /* Votes come back to the page they were cast on. */
    const char *zBack = req->zTarget;
    view_str(cv, "back", zBack);

    view_list(cv, "threads");
    for (int i = 0; i < nRoot; i++) {
        View *t = view_list_add(cv, "threads");
        comment_view_item(req, t, &aRoot[i], s, zBack, tNow);
        if (aRoot[i].nReply == 0) {
            continue;
        }
        Comment *aReply = NULL;
        int nReply = 0;
        rc = comment_db_replies(c, a, aRoot[i].id, COMMENT_REPLIES_SHOWN,
                                &aReply, &nReply);
        if (rc != OK) {
            return rc;
        }
        for (int k = 0; k < nReply; k++) {
            comment_view_item(req, view_list_add(t, "replies"), &aReply[k], s,
                              zBack, tNow);
        }
        if (aRoot[i].nReply > nReply) {
            view_int(t, "more_replies", aRoot[i].nReply - nReply);
            view_str(t, "thread_url",
                     arena_printf(a, "/comment/%lld/reply#replies",
                                  (long long)aRoot[i].id));
        }
    }
    View *pager = view_list_add(cv, "pager");
    comment_view_pages(a, view_obj(pager, "pagination"), art, order, iPage,
                       nPages);
    view_list(cv, "form");
    comment_view_form(req, cv, "form", f);
    /* The reply form that comments.js places under a comment. */
    CommentForm reply = *f;
    reply.parentId = 0;
    reply.zBody = "";
    reply.zError = NULL;
    reply.zSubmit = "답글 등록";
    reply.zPrefix = "reply";
    comment_view_form(req, cv, "reply_form", &reply);
    return OK;
}

int comment_form_init(Request *req, const CommentArticle *art, CommentForm *f)
{
    memset(f, 0, sizeof(*f));
    const Account *acct = NULL;
    int rc = account_current(req, &acct);
    if (rc != OK) {
        return rc;
    }
    f->zAction =
        arena_printf(req->a, "/article/%lld/comments", (long long)art->id);
    f->zBody = "";
    f->zNickname = "";
    f->zPassword = "";
    f->bGuest = acct == NULL;
    f->zUserName = acct ? acct->zName : NULL;
    /* Never a guest's token in a page the cache may share. */
    f->zCsrf = acct ? csrf_token(req, NULL) : "";
    f->zSubmit = "등록";
    f->zPrefix = "comment";
    return OK;
}

int comment_render_form_page(Request *req, Response *res, StoreConn *c,
                             const CommentArticle *art, const CommentForm *f,
                             int status)
{
    CommentSettings s;
    int rc = comment_settings_load(c, req->a, &s);
    if (rc != OK) {
        return rc;
    }
    int64_t nThreads = 0;
    rc = comment_db_count_threads(c, art->id, &nThreads);
    if (rc != OK) {
        return rc;
    }
    int nPages = (int)((nThreads + COMMENTS_PER_PAGE - 1) / COMMENTS_PER_PAGE);
    View *v = view_new(req->a);
    View *av = view_obj(v, "article");
    view_int(av, "id", art->id);
    view_str(av, "title", art->zTitle);
    view_str(av, "url",
             arena_printf(req->a, "/article/%lld", (long long)art->id));
    rc = comment_view_threads(req, c, v, art, COMMENT_NEWEST, 1,
                              nPages < 1 ? 1 : nPages, f, &s, false);
    if (rc != OK) {
        return rc;
    }
    res->status = status;
    res->bNoStore = true;
    return site_page_render(req, res, "comments/comments_page", v,
                            arena_printf(req->a, "댓글 - %s", art->zTitle),
                            NULL);
}

int comment_render_notice(Request *req, Response *res, int status,
                          const char *zTitle, const char *zMessage,
                          const char *zBack)
{
    View *v = view_new(req->a);
    view_str(v, "title", zTitle);
    view_str(v, "message", zMessage);
    view_str(v, "back", zBack);
    res->status = status;
    res->bNoStore = true;
    return site_page_render(req, res, "comments/comment_notice", v, zTitle,
                            NULL);
}
