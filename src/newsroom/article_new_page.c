/*
 * article_new_page.c — a new article: GET /newsroom/articles/new shows an
 * empty editor with the viewer's own byline (the person linked to their
 * account); POST creates the draft through newsroom_save() (version 1
 * and its first revision), then applies the button pressed (submit,
 * publish …) as the article's second revision.  static/editor.js calls
 * the POST with autosave=1 for a new article's first autosave and gets
 * JSON back with the new article's addresses.
 */
#include "newsroom/newsroom.h"

#include <string.h>

#include "app/app.h"
#include "newsroom/newsroom_internal.h"
#include "site/site.h"
#include "view/template.h"

/*
 * ROUTE: GET /newsroom/articles/new
 *   (no parameters) an empty editor; reporters, editors, admins
 */
int article_new_page(Request *req, Response *res)
{
    const char *zWhy = NULL;
    if (newsroom_may(req, NULL, true, ARTICLE_SAVE, &zWhy) != ARTICLE_ALLOWED) {
        res->zMessage = zWhy;
        return 403;
    }
    StoreConn *c = NULL;
    Person *aPerson = NULL;
    int nPerson = 0;
    int rc = app_db(req, &c);
    if (rc == OK) {
        rc = person_db_list(c, req->a, &aPerson, &nPerson);
    }
    ArticleText t;
    memset(&t, 0, sizeof(t));
    t.zTitle = t.zSubtitle = t.zDateline = t.zSummary = t.zBodyMd = "";
    int64_t me = 0;
    if (rc == OK) {
        rc = person_db_by_account(c, req->pViewer->accountId, &me);
        if (rc == OK) {
            t.aAuthor[t.nAuthor++] = me;
        } else if (rc == ERR_NOTFOUND) {
            rc = OK;
        }
    }
    if (rc != OK) {
        return rc;
    }
    EditorPage pg = {0};
    pg.bAuthor = true;
    pg.pText = &t;
    pg.aPerson = aPerson;
    pg.nPerson = nPerson;
    if (me == 0) {
        pg.zNote = "이 계정에 연결된 기자가 없습니다. 기자란에서 골라 "
                   "주십시오.";
    }
    return article_editor_render(req, res, &pg);
}

/* The JSON answer of a new article's first autosave. */
static int new_autosave_answer(Request *req, Response *res, int status,
                               const SaveResult *sr, const char *zError)
{
    View *v = view_new(req->a);
    bool bOk = status == 200;
    view_bool(v, "ok", bOk);
    view_int(v, "id", bOk ? sr->art.id : 0);
    view_int(v, "version", bOk ? sr->art.version : 0);
    view_str(v, "saved_at",
             bOk ? time_format_local(req->a, sr->art.tUpdated) : "");
    view_bool(v, "stale", false);
    view_str(v, "by", "");
    view_str(v, "error", zError ? zError : "");
    view_str(v, "edit_url",
             bOk ? arena_printf(req->a, "/newsroom/articles/%lld/edit",
                                (long long)sr->art.id)
                 : "");
    view_str(v, "autosave_url",
             bOk ? arena_printf(req->a, "/newsroom/articles/%lld/autosave",
                                (long long)sr->art.id)
                 : "");
    res->status = status;
    res->bNoStore = true;
    res->zContentType = "application/json";
    return template_render(req->app->pTpl, "newsroom/autosave", v, &res->body);
}

/*
 * ROUTE: POST /newsroom/articles/new
 *   title       제목, 1..100 characters, one line
 *   subtitle    부제, ≤ 300 characters, ≤ 5 lines
 *   section     sections.id
 *   author1…8   people.id of each byline, in order (empty: none), 1..8
 *   dateline    ≤ 50 characters, one line
 *   summary     요약, ≤ 300 characters
 *   keywords    comma-separated, ≤ 20, each ≤ 30 characters
 *   body        Markdown, ≤ 100,000 characters
 *   action      save (default), preview, submit, publish, schedule
 *   publish_at  for schedule: "YYYY-MM-DDTHH:MM" in the site's zone
 *   autosave    1: editor.js's first autosave (answers JSON)
 */
int article_new_post(Request *req, Response *res)
{
    StoreConn *c = NULL;
    Person *aPerson = NULL;
    int nPerson = 0;
    int rc = app_db(req, &c);
    if (rc == OK) {
        rc = person_db_list(c, req->a, &aPerson, &nPerson);
    }
    if (rc != OK) {
        return rc;
    }
    bool bAutosave = req_form(req, "autosave") != NULL;
    ArticleForm f;
    article_form_read(req, aPerson, nPerson, false, &f);
    if (bAutosave && (f.action != ARTICLE_SAVE || f.bPreview)) {
        f.zError = "자동 저장은 저장만 합니다.";
    }
    SaveResult sr = {0};
    if (f.zError == NULL) {
        rc = newsroom_save(req, c, 0, &f, "save", NULL, &sr);
        if (rc != OK) {
            return rc;
        }
    }
    if (bAutosave) {
        const char *zError = f.zError ? f.zError : sr.zWhy;
        int status = zError == NULL ? 200 : sr.status ? sr.status : 422;
        return new_autosave_answer(req, res, status, &sr, zError);
    }
    if (f.zError != NULL || sr.status != 0) {
        EditorPage pg = {0};
        pg.bAuthor = true;
        pg.pText = &f.text;
        pg.zKeywords = f.zKeywords;
        pg.zPublishAt = f.zPublishAt;
        pg.zDeskNote = f.zDeskNote;
        pg.aPerson = aPerson;
        pg.nPerson = nPerson;
        pg.zError = f.zError ? f.zError : sr.zWhy;
        pg.zErrorField = f.zError ? f.zErrorField : sr.zField;
        pg.status = f.zError ? 422 : sr.status;
        return article_editor_render(req, res, &pg);
    }
    res_redirect(
        res, f.bPreview
                 ? arena_printf(req->a, "/newsroom/articles/%lld/preview",
                                (long long)sr.art.id)
                 : arena_printf(req->a, "/newsroom/articles/%lld/edit?done=%s",
                                (long long)sr.art.id,
                                article_action_name(f.action)));
    return OK;
}
