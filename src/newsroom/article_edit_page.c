/*
 * article_edit_page.c — GET and POST /newsroom/articles/{id}/edit: the
 * editor of one article.  GET shows it as stored (or, with ?autosave=1,
 * the viewer's autosave in the form, so a save goes on from where the
 * autosave started) and offers an autosave newer than the stored text.
 * POST saves through newsroom_save() and applies the button pressed; a
 * save that started from an older version than the stored one is refused
 * with 409 and the conflict page: both texts as a word diff, the
 * viewer's text kept in the form, based on the stored version so the
 * next save goes on top of it.
 */
#include "newsroom/newsroom.h"

#include <string.h>

#include "app/app.h"
#include "newsroom/newsroom_internal.h"

/* The confirmation after a write, by the button's name (?done=). */
static const char *edit_done_note(const char *zDone)
{
    static const struct {
        const char *zName; /* article_action_name() */
        const char *zNote; /* shown */
    } aNote[] = {
        {"save", "저장했습니다."},
        {"submit", "데스크로 넘겼습니다. 데스크가 검토합니다."},
        {"send_back", "기자에게 돌려보냈습니다."},
        {"publish", "출고했습니다. 독자에게 보입니다."},
        {"schedule", "예약했습니다. 예약 시각에 출고됩니다."},
        {"unschedule", "예약을 취소했습니다. 데스크 대기로 돌아갔습니다."},
        {"retract", "기사를 삭제했습니다. 독자에게 더 이상 보이지 않습니다."},
        {"reopen", "다시 작성중으로 돌렸습니다."},
        {"restore", "예전 판으로 되돌렸습니다 (새 판으로 저장)."},
        {"same", "바뀐 내용이 없어 새 판을 만들지 않았습니다."},
    };
    for (size_t i = 0; zDone != NULL && i < sizeof(aNote) / sizeof(aNote[0]);
         i++) {
        if (strcmp(zDone, aNote[i].zName) == 0) {
            return aNote[i].zNote;
        }
    }
    return NULL;
}

/*
 * ROUTE: GET /newsroom/articles/{id}/edit
 *   id        articles.id, any state; the author or an editor
 *   done      the action just done (a confirmation is shown)
 *   autosave  1: fill the form with the viewer's autosave
 */
int article_edit_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    ArticleEdit art;
    bool bAuthor = false;
    int rc = newsroom_article_from_path(req, res, &c, &art, &bAuthor);
    if (rc != OK) {
        return rc;
    }
    Person *aPerson = NULL;
    int nPerson = 0;
    rc = person_db_list(c, req->a, &aPerson, &nPerson);
    ArticleAutosave as;
    bool bAutosave = false;
    if (rc == OK) {
        rc = article_autosave_get(c, req->a, art.id, req->pViewer->accountId,
                                  &as);
        bAutosave = rc == OK && !article_text_equal(&as.text, &art.text);
        if (rc == ERR_NOTFOUND) {
            rc = OK;
        }
    }
    if (rc != OK) {
        return rc;
    }
    EditorPage pg = {0};
    pg.pCur = &art;
    pg.bAuthor = bAuthor;
    pg.pText = &art.text;
    pg.baseVersion = art.version;
    pg.aPerson = aPerson;
    pg.nPerson = nPerson;
    pg.zNote = edit_done_note(req_query(req, "done"));
    if (bAutosave && req_query(req, "autosave") != NULL) {
        pg.pText = &as.text;
        pg.baseVersion = as.baseVersion;
        pg.bFromAutosave = true;
        pg.zNote = "자동 저장된 글을 불러왔습니다. 저장해야 기사에 "
                   "들어갑니다.";
    } else if (bAutosave && as.tSaved >= art.tUpdated) {
        /* Typed after the last save and never saved: offer it. */
        pg.pAutosave = &as;
    }
    return article_editor_render(req, res, &pg);
}

/*
 * ROUTE: POST /newsroom/articles/{id}/edit
 *   id            articles.id
 *   base_version  the version the editor started from
 *   title … body  as POST /newsroom/articles/new
 *   action        save (default), preview, submit, send_back, publish,
 *                 schedule, unschedule, retract, reopen
 *   publish_at    for schedule: "YYYY-MM-DDTHH:MM" in the site's zone
 *   desk_note     for send_back: why, 1..1000 characters
 */
int article_edit_post(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    if (id == 0) {
        return 404;
    }
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
    ArticleForm f;
    article_form_read(req, aPerson, nPerson, false, &f);
    SaveResult sr = {0};
    if (f.zError == NULL) {
        rc = newsroom_save(req, c, id, &f, "save", NULL, &sr);
    } else {
        /* Shown again with the stored article's facts. */
        rc = article_edit_get(c, req->a, id, &sr.art);
        if (rc == ERR_NOTFOUND) {
            sr.status = 404;
            rc = OK;
        }
    }
    if (rc != OK) {
        return rc;
    }
    if (sr.status == 404) {
        res->zMessage = "그런 기사가 없습니다.";
        return 404;
    }
    if (f.zError == NULL && sr.status == 0) {
        const char *zDone =
            sr.bWritten ? article_action_name(f.action) : "same";
        res_redirect(res, f.bPreview
                              ? arena_printf(req->a,
                                             "/newsroom/articles/%lld/preview",
                                             (long long)id)
                              : arena_printf(req->a,
                                             "/newsroom/articles/%lld/"
                                             "edit?done=%s",
                                             (long long)id, zDone));
        return OK;
    }
    bool bAuthor = false;
    rc = article_edit_is_author(c, id, req->pViewer->accountId, &bAuthor);
    if (rc != OK) {
        return rc;
    }
    /* Someone else's article: no editor, not even its title. */
    const char *zWhy = NULL;
    if (newsroom_may(req, &sr.art, bAuthor, ARTICLE_OPEN, &zWhy) !=
        ARTICLE_ALLOWED) {
        res->zMessage = zWhy;
        return 403;
    }
    EditorPage pg = {0};
    pg.pCur = &sr.art;
    pg.bAuthor = bAuthor;
    pg.pText = &f.text;
    pg.zKeywords = f.zKeywords;
    pg.zPublishAt = f.zPublishAt;
    pg.zDeskNote = f.zDeskNote;
    pg.aPerson = aPerson;
    pg.nPerson = nPerson;
    pg.baseVersion = f.baseVersion;
    pg.zError = f.zError ? f.zError : sr.zWhy;
    pg.zErrorField = f.zError ? f.zErrorField : sr.zField;
    pg.status = f.zError ? 422 : sr.status;
    if (sr.bConflict) {
        /* The next save goes on top of what is stored now. */
        pg.pTheirs = &sr.art;
        pg.baseVersion = sr.art.version;
    }
    return article_editor_render(req, res, &pg);
}
