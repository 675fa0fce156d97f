/*
 * article_preview_page.c — GET /newsroom/articles/{id}/preview: the
 * article as its public page will show it, in any state, through the same
 * code and template (article_page_render(), articles/article_page inside
 * templates/newsroom/article_preview.html) under a "미리보기" banner.
 * Never cached (it is a staff page: no-store) and never indexed (a
 * robots meta tag and X-Robots-Tag).  An article not yet published shows
 * its 예약 time, or now, as its 기사입력.
 */
#include "newsroom/newsroom.h"

#include "newsroom/newsroom_internal.h"

/*
 * ROUTE: GET /newsroom/articles/{id}/preview
 *   id  articles.id, any state; the author or an editor
 */
int article_preview_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    ArticleEdit art;
    bool bAuthor = false;
    int rc = newsroom_article_from_path(req, res, &c, &art, &bAuthor);
    if (rc != OK) {
        return rc;
    }
    Article pub;
    rc = article_edit_preview_get(c, req->a, art.id, &pub);
    if (rc != OK) {
        return rc;
    }
    if (pub.tPublished == 0) {
        pub.tPublished = art.tScheduled ? art.tScheduled : time_now();
    }
    View *v = view_new(req->a);
    View *p = view_obj(v, "preview");
    view_str(p, "state_label", article_state_label(art.state));
    view_bool(p, "published", art.state == ARTICLE_PUBLISHED);
    view_int(p, "version", art.version);
    if (art.tScheduled != 0) {
        view_str(p, "scheduled", time_format_local(req->a, art.tScheduled));
    }
    view_str(p, "edit_url",
             arena_printf(req->a, "/newsroom/articles/%lld/edit",
                          (long long)art.id));
    view_bool(v, "noindex", true);
    res->bNoStore = true;
    res_header(res, "X-Robots-Tag", "noindex, nofollow");
    return article_page_render(req, res, c, &pub, v,
                               "newsroom/article_preview");
}
