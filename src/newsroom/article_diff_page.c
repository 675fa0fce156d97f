/*
 * article_diff_page.c — GET /newsroom/articles/{id}/revisions/diff?a=&b=:
 * two revisions of an article side by side, each field that differs as a
 * word diff that reads Korean at 어절 and punctuation (base/worddiff.c).
 * Without a and b it compares the newest revision with the one before.
 */
#include "newsroom/newsroom.h"

#include "newsroom/newsroom_internal.h"
#include "site/site.h"

/* What 'zName' (a or b) says of revision 'r' in 'v'. */
static void diff_revision_view(Arena *a, View *v, const char *zName,
                               const ArticleRevision *r)
{
    View *o = view_obj(v, zName);
    view_int(o, "version", r->version);
    view_str(o, "who", r->accountId == 0 ? "시스템" : r->zAccountName);
    view_str(o, "at", time_format_local(a, r->tCreated));
    view_str(o, "note", r->zNote);
    view_str(o, "state_label", article_state_label(r->state));
}

/*
 * ROUTE: GET /newsroom/articles/{id}/revisions/diff
 *   id  articles.id, any state; the author or an editor
 *   a   the version shown on the left (default: the one before b)
 *   b   the version shown on the right (default: the newest)
 */
int article_diff_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    ArticleEdit art;
    bool bAuthor = false;
    int rc = newsroom_article_from_path(req, res, &c, &art, &bAuthor);
    if (rc != OK) {
        return rc;
    }
    const char *zA = req_query(req, "a");
    const char *zB = req_query(req, "b");
    int64_t vB = zB ? http_parse_id(zB) : art.version;
    int64_t vA = zA ? http_parse_id(zA) : vB - 1;
    if (vA <= 0 || vB <= 0) {
        res->zMessage = zA || zB ? "비교할 판 번호가 잘못되었습니다."
                                 : "비교할 이전 판이 없습니다.";
        return zA || zB ? 400 : 404;
    }
    ArticleRevision ra, rb;
    rc = article_revision_get(c, req->a, art.id, vA, &ra);
    if (rc == OK) {
        rc = article_revision_get(c, req->a, art.id, vB, &rb);
    }
    if (rc == ERR_NOTFOUND) {
        res->zMessage = "그 판이 없습니다. 수정 기록에서 골라 주십시오.";
        return 404;
    }
    Person *aPerson = NULL;
    int nPerson = 0;
    if (rc == OK) {
        rc = person_db_list(c, req->a, &aPerson, &nPerson);
    }
    if (rc != OK) {
        return rc;
    }
    Arena *a = req->a;
    View *v = view_new(a);
    View *va = view_obj(v, "article");
    view_int(va, "id", art.id);
    view_str(va, "title", art.text.zTitle);
    view_str(va, "revisions_url",
             arena_printf(a, "/newsroom/articles/%lld/revisions",
                          (long long)art.id));
    view_str(
        va, "edit_url",
        arena_printf(a, "/newsroom/articles/%lld/edit", (long long)art.id));
    diff_revision_view(a, v, "a", &ra);
    diff_revision_view(a, v, "b", &rb);
    view_str(v, "old_label", arena_printf(a, "%lld판", (long long)vA));
    view_str(v, "new_label", arena_printf(a, "%lld판", (long long)vB));
    newsroom_diff_view(a, v, "fields", &ra.text, &rb.text, aPerson, nPerson);
    res->bNoStore = true;
    return site_page_render(req, res, "newsroom/article_diff", v,
                            arena_printf(a, "%lld판과 %lld판 비교: %s",
                                         (long long)vA, (long long)vB,
                                         art.text.zTitle),
                            NULL);
}
