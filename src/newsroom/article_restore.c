/*
 * article_restore.c — POST /newsroom/articles/{id}/revisions/{version}/
 * restore: an older revision's text becomes the article's text again, as
 * a new revision (kind "restore"); nothing is deleted.  It goes through
 * newsroom_save() like any save: who may save, and a restore started
 * from an older version than the stored one is refused with the conflict
 * page, the restored text in the form.
 */
#include "newsroom/newsroom.h"

#include <string.h>

#include "app/app.h"
#include "newsroom/newsroom_internal.h"

/*
 * ROUTE: POST /newsroom/articles/{id}/revisions/{version}/restore
 *   id            articles.id; the viewer may save it
 *   version       the revision to bring back
 *   base_version  the article's version the revision page showed
 */
int article_restore_post(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    int64_t version = http_parse_id(req_path(req, "version"));
    if (id == 0 || version == 0) {
        return 404;
    }
    StoreConn *c = NULL;
    ArticleRevision rev;
    int rc = app_db(req, &c);
    if (rc == OK) {
        rc = article_revision_get(c, req->a, id, version, &rev);
    }
    if (rc == ERR_NOTFOUND) {
        res->zMessage = "그런 기사나 판이 없습니다.";
        return 404;
    }
    if (rc != OK) {
        return rc;
    }
    ArticleForm f;
    memset(&f, 0, sizeof(f));
    f.text = rev.text;
    f.action = ARTICLE_SAVE;
    f.baseVersion = http_parse_id(req_form(req, "base_version"));
    f.zPublishAt = "";
    f.zDeskNote = "";
    SaveResult sr = {0};
    rc = newsroom_save(
        req, c, id, &f, "restore",
        arena_printf(req->a, "%lld판으로 되돌림", (long long)version), &sr);
    if (rc != OK) {
        return rc;
    }
    if (sr.status == 0) {
        res_redirect(
            res, arena_printf(req->a, "/newsroom/articles/%lld/edit?done=%s",
                              (long long)id, sr.bWritten ? "restore" : "same"));
        return OK;
    }
    if (!sr.bConflict) {
        res->zMessage = sr.zWhy;
        return sr.status;
    }
    /* Someone saved since the list was shown: the editor with both. */
    Person *aPerson = NULL;
    int nPerson = 0;
    bool bAuthor = false;
    rc = person_db_list(c, req->a, &aPerson, &nPerson);
    if (rc == OK) {
        rc = article_edit_is_author(c, id, req->pViewer->accountId, &bAuthor);
    }
    if (rc != OK) {
        return rc;
    }
    EditorPage pg = {0};
    pg.pCur = &sr.art;
    pg.bAuthor = bAuthor;
    pg.pText = &rev.text;
    pg.aPerson = aPerson;
    pg.nPerson = nPerson;
    pg.pTheirs = &sr.art;
    pg.baseVersion = sr.art.version;
    pg.zError = sr.zWhy;
    pg.status = 409;
    return article_editor_render(req, res, &pg);
}
