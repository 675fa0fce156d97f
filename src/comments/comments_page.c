/*
 * comments_page.c — the list of an article's comments: every page of
 * threads at /article/{id}/comments, and the first page that the article
 * page shows inline (comments_view_article()).  50 threads a page, each
 * with up to 100 replies, newest or oldest thread first.
 *
 * Both pages are cached for guests and carry the tags "comments:{id}" and
 * "article:{id}", which every comment write records.
 */
#include "comments/comments.h"

#include "app/app.h"
#include "comments/comments_db.h"
#include "comments/comments_internal.h"
#include "site/site.h"

/* Pages of threads for 'nThreads', at least one. */
static int comments_pages(int64_t nThreads)
{
    int64_t n = (nThreads + COMMENTS_PER_PAGE - 1) / COMMENTS_PER_PAGE;
    return n < 1 ? 1 : (int)n;
}

/* Declare the tags of a page that lists comments of 'articleId'. */
static void comments_tag(Request *req, Response *res, int64_t articleId)
{
    res_tag(res, req->a,
            arena_printf(req->a, "comments:%lld", (long long)articleId));
    res_tag(res, req->a,
            arena_printf(req->a, "article:%lld", (long long)articleId));
}

/* The order the article page shows its threads in (?order=). */
static CommentOrder comments_article_order(Request *req)
{
    CommentOrder order = COMMENT_NEWEST;
    if (!comment_order_parse(req_query(req, "order"), &order)) {
        order = COMMENT_NEWEST;
    }
    return order;
}

int comments_send_article(Request *req, StoreBatch *b, int64_t articleId,
                          void **ppSent)
{
    StoreStmt *st = NULL;
    int rc = comment_db_threads_first_send(b, articleId,
                                           comments_article_order(req), &st);
    if (rc == OK) {
        *ppSent = st;
    }
    return rc;
}

int comments_view_article(Request *req, Response *res, View *v,
                          int64_t articleId, int64_t nComment, void *pSent)
{
    CommentOrder order = comments_article_order(req);
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    Comment *aRoot = NULL;
    int nRoot = 0;
    int64_t nThreads = 0;
    if (pSent != NULL) {
        rc = comment_db_threads_first_read(c, pSent, req->a, articleId, &aRoot,
                                           &nRoot, &nThreads);
    } else {
        rc = comment_db_count_threads(c, articleId, &nThreads);
        if (rc == OK) {
            rc = comment_db_threads(c, req->a, articleId, order, 0,
                                    COMMENTS_PER_PAGE, &aRoot, &nRoot);
        }
    }
    if (rc != OK) {
        return rc;
    }
    const CommentSettings *s = NULL;
    rc = comment_settings_shared(req, &s);
    if (rc != OK) {
        return rc;
    }
    CommentArticle art = {articleId, "", nComment};
    CommentForm f;
    rc = comment_form_init(req, &art, &f);
    if (rc != OK) {
        return rc;
    }
    comments_tag(req, res, articleId);
    return comment_view_threads_rows(req, c, v, &art, order, 1,
                                     comments_pages(nThreads), &f, s, true,
                                     aRoot, nRoot);
}

/*
 * ROUTE: GET /article/{id}/comments
 *   id     articles.id of a published article
 *   page   ?page=N, 1 … last page of 50 threads; anything else is a 404
 *   order  ?order=newest (default) or oldest; anything else is a 400
 */
int comments_page(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    int iPage = http_parse_page(req_query(req, "page"));
    if (id == 0 || iPage == 0) {
        return 404;
    }
    CommentOrder order;
    if (!comment_order_parse(req_query(req, "order"), &order)) {
        res->zMessage = "정렬은 newest(최신순) 또는 oldest(등록순)만 "
                        "됩니다.";
        return 400;
    }
    StoreConn *c = NULL;
    CommentArticle art;
    int rc = comment_article_from_path(req, res, &c, &art);
    if (rc != OK) {
        return rc;
    }
    const CommentSettings *s = NULL;
    rc = comment_settings_shared(req, &s);
    if (rc != OK) {
        return rc;
    }
    int64_t nThreads = 0;
    rc = comment_db_count_threads(c, id, &nThreads);
    if (rc != OK) {
        return rc;
    }
    int nPages = comments_pages(nThreads);
    if (iPage > nPages) {
        res->zMessage = "댓글이 그만큼 많은 쪽까지 있지 않습니다.";
        return 404;
    }
    CommentForm f;
    rc = comment_form_init(req, &art, &f);
    if (rc != OK) {
        return rc;
    }
    View *v = view_new(req->a);
    View *av = view_obj(v, "article");
    view_int(av, "id", art.id);
    view_str(av, "title", art.zTitle);
    view_str(av, "url",
             arena_printf(req->a, "/article/%lld", (long long)art.id));
    rc = comment_view_threads(req, c, v, &art, order, iPage, nPages, &f, s,
                              false);
    if (rc != OK) {
        return rc;
    }
    comments_tag(req, res, id);
    const char *zTitle =
        iPage > 1 ? arena_printf(req->a, "댓글 %d쪽 - %s", iPage, art.zTitle)
                  : arena_printf(req->a, "댓글 - %s", art.zTitle);
    return site_page_render(req, res, "comments/comments_page", v, zTitle,
                            NULL);
}
