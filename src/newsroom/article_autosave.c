/*
 * article_autosave.c — POST /newsroom/articles/{id}/autosave: what
 * static/editor.js sends every 30 seconds while someone types.  It is
 * kept in article_autosaves, one row per article and account, never in
 * the article and never as a revision, so an autosave cannot overwrite
 * anyone's save; the editor offers it back when it is newer than the
 * stored text (article_edit_page.c).  Answers JSON
 * (templates/newsroom/autosave.txt), saying whether someone saved a
 * newer version meanwhile.  With discard=1 (a plain form button) it
 * drops the viewer's autosave and goes back to the editor.
 */
#include "newsroom/newsroom.h"

#include "app/app.h"
#include "newsroom/newsroom_internal.h"
#include "view/template.h"

/* Answer JSON: 'zError' NULL for a kept autosave of 'art'. */
static int autosave_answer(Request *req, Response *res, int status,
                           const ArticleEdit *art, int64_t baseVersion,
                           UnixTime tSaved, const char *zError)
{
    View *v = view_new(req->a);
    view_bool(v, "ok", zError == NULL);
    view_int(v, "id", art ? art->id : 0);
    view_int(v, "version", art ? art->version : 0);
    view_str(v, "saved_at", tSaved ? time_format_local(req->a, tSaved) : "");
    /* Someone wrote a newer version: the next save will be refused. */
    bool bStale = art != NULL && baseVersion != art->version;
    view_bool(v, "stale", bStale);
    view_str(v, "by", bStale ? art->zUpdatedByName : "");
    view_str(v, "error", zError ? zError : "");
    view_str(v, "edit_url", "");
    view_str(v, "autosave_url", "");
    res->status = status;
    res->bNoStore = true;
    res->zContentType = "application/json";
    return template_render(req->app->pTpl, "newsroom/autosave", v, &res->body);
}

/*
 * ROUTE: POST /newsroom/articles/{id}/autosave
 *   id            articles.id; the viewer may save it
 *   base_version  the version the editor started from
 *   title … body  as the editor form (limits checked; none required)
 *   discard       1: drop the viewer's autosave, back to the editor
 */
int article_autosave_post(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    StoreConn *c = NULL;
    ArticleEdit art;
    bool bAuthor = false;
    int rc = app_db(req, &c);
    if (rc == OK && id != 0) {
        rc = article_edit_get(c, req->a, id, &art);
    }
    if (id == 0 || rc == ERR_NOTFOUND) {
        return autosave_answer(req, res, 404, NULL, 0, 0,
                               "그런 기사가 없습니다.");
    }
    int64_t me = req->pViewer->accountId;
    if (rc == OK) {
        rc = article_edit_is_author(c, id, me, &bAuthor);
    }
    if (rc != OK) {
        return rc;
    }
    if (req_form(req, "discard") != NULL) {
        const char *zWhy = NULL;
        if (newsroom_may(req, &art, bAuthor, ARTICLE_OPEN, &zWhy) !=
            ARTICLE_ALLOWED) {
            res->zMessage = zWhy;
            return 403;
        }
        rc = article_autosave_delete(c, id, me);
        if (rc != OK) {
            return rc;
        }
        res_redirect(res, arena_printf(req->a, "/newsroom/articles/%lld/edit",
                                       (long long)id));
        return OK;
    }
    const char *zWhy = NULL;
    ArticleVerdict v = newsroom_may(req, &art, bAuthor, ARTICLE_OPEN, &zWhy);
    if (v == ARTICLE_ALLOWED) {
        v = newsroom_may(req, &art, bAuthor, ARTICLE_SAVE, &zWhy);
    }
    if (v != ARTICLE_ALLOWED) {
        return autosave_answer(req, res, v == ARTICLE_FORBIDDEN ? 403 : 409,
                               NULL, 0, 0, zWhy);
    }
    Person *aPerson = NULL;
    int nPerson = 0;
    rc = person_db_list(c, req->a, &aPerson, &nPerson);
    if (rc != OK) {
        return rc;
    }
    ArticleForm f;
    article_form_read(req, aPerson, nPerson, true, &f);
    if (f.zError != NULL) {
        return autosave_answer(req, res, 422, &art, f.baseVersion, 0, f.zError);
    }
    UnixTime tNow = time_now();
    rc = article_autosave_put(c, id, me, f.baseVersion, tNow, &f.text);
    if (rc != OK) {
        return rc;
    }
    return autosave_answer(req, res, 200, &art, f.baseVersion, tNow, NULL);
}
