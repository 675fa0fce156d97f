/*
 * article_save.c — newsroom_save(), the one write path of the article
 * editor: create or load, check who may do what (article_transition()),
 * refuse a save that started from an older version than the stored one
 * (the conflict page shows both texts), write one revision, record the
 * cache changes, all in one transaction.  Also newsroom_article_from_path(),
 * the start of every page about one article in the newsroom.
 */
#include "newsroom/newsroom_internal.h"

#include <string.h>

#include "app/app.h"
#include "base/utf8.h"

int newsroom_article_from_path(Request *req, Response *res, StoreConn **pc,
                               ArticleEdit *pArt, bool *pbAuthor)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    if (id == 0) {
        return 404;
    }
    int rc = app_db(req, pc);
    if (rc == OK) {
        rc = article_edit_get(*pc, req->a, id, pArt);
    }
    if (rc == ERR_NOTFOUND) {
        res->zMessage = "그런 기사가 없습니다.";
        return 404;
    }
    if (rc == OK) {
        rc = article_edit_is_author(*pc, id, req->pViewer->accountId, pbAuthor);
    }
    if (rc != OK) {
        return rc;
    }
    const char *zWhy = NULL;
    if (newsroom_may(req, pArt, *pbAuthor, ARTICLE_OPEN, &zWhy) !=
        ARTICLE_ALLOWED) {
        res->zMessage = zWhy;
        return 403;
    }
    return OK;
}

/* Refuse with 'status' and 'zWhy' (about field 'zField'). */
static void save_refuse(SaveResult *pOut, int status, const char *zWhy,
                        const char *zField)
{
    pOut->status = status;
    pOut->zWhy = zWhy;
    pOut->zField = zField;
}

/* Roll back a refused write; a new article made in it is gone again. */
static int save_undo(StoreConn *c, bool bNew, SaveResult *pOut)
{
    store_rollback(c);
    if (bNew) {
        memset(&pOut->art, 0, sizeof(pOut->art));
        pOut->bWritten = false;
    }
    return OK;
}

/* Map a refusal of article_transition() to an HTTP status. */
static int save_status(ArticleVerdict v)
{
    return v == ARTICLE_FORBIDDEN ? 403 : 409;
}

/*
 * Check what the action itself needs beyond the state machine: a body to
 * publish, a time in the future to schedule, a reason to send back.
 */
static void save_check_action(Request *req, const ArticleForm *pf,
                              const ArticleText *t, UnixTime tNow,
                              SaveResult *pOut)
{
    switch (pf->action) {
    case ARTICLE_PUBLISH:
    case ARTICLE_SCHEDULE:
        if (utf8_is_blank(t->zBodyMd, strlen(t->zBodyMd))) {
            save_refuse(pOut, 422,
                        "본문이 비어 있는 기사는 출고할 수 없습니다.",
                        "f-body");
        } else if (pf->action == ARTICLE_SCHEDULE && pf->zPublishAt[0] == 0) {
            save_refuse(pOut, 422, "예약 출고할 날짜와 시각을 적어 주십시오.",
                        "f-publish-at");
        } else if (pf->action == ARTICLE_SCHEDULE && pf->tPublishAt == 0) {
            save_refuse(pOut, 422,
                        "예약 시각을 알아볼 수 없습니다. "
                        "2026-12-02 09:00처럼 적어 주십시오.",
                        "f-publish-at");
        } else if (pf->action == ARTICLE_SCHEDULE && pf->tPublishAt <= tNow) {
            save_refuse(pOut, 422,
                        arena_printf(req->a,
                                     "예약 시각은 지금(%s)보다 뒤여야 "
                                     "합니다.",
                                     time_format_local(req->a, tNow)),
                        "f-publish-at");
        } else if (pf->action == ARTICLE_SCHEDULE &&
                   pf->tPublishAt > tNow + NEWSROOM_SCHEDULE_AHEAD_MAX) {
            save_refuse(pOut, 422, "예약은 1년 안으로만 할 수 있습니다.",
                        "f-publish-at");
        }
        break;
    case ARTICLE_SEND_BACK:
        if (utf8_is_blank(pf->zDeskNote, strlen(pf->zDeskNote))) {
            save_refuse(pOut, 422,
                        "돌려보내는 이유를 적어 주십시오. 기자가 읽고 "
                        "고칩니다.",
                        "f-desk-note");
        }
        break;
    default:
        break;
    }
}

/* The revision's note: what changed, then the action. */
static const char *save_note(Request *req, const ArticleForm *pf,
                             const char *zChanges, const char *zNote)
{
    Str s;
    str_init(&s, req->a);
    if (zNote != NULL) {
        str_append_z(&s, zNote);
    }
    if (zChanges[0] != 0) {
        str_appendf(&s, "%s%s 고침", s.n ? " · " : "", zChanges);
    }
    if (pf->action != ARTICLE_SAVE) {
        str_appendf(&s, "%s%s", s.n ? " · " : "",
                    article_action_label(pf->action));
        if (pf->action == ARTICLE_SCHEDULE) {
            str_appendf(&s, " %s", time_format_local(req->a, pf->tPublishAt));
        } else if (pf->action == ARTICLE_SEND_BACK) {
            str_appendf(&s, ": %s", pf->zDeskNote);
        }
    }
    return s.z;
}

int newsroom_save(Request *req, StoreConn *c, int64_t id, const ArticleForm *pf,
                  const char *zKind, const char *zNote, SaveResult *pOut)
{
    memset(pOut, 0, sizeof(*pOut));
    int64_t me = req->pViewer->accountId;
    UnixTime tNow = time_now();
    const char *zWhy = NULL;
    int rc = store_begin(c);
    if (rc != OK) {
        return rc;
    }
    ArticleEdit cur;
    bool bAuthor = true;
    bool bChanged = false;
    bool bNew = id == 0;
    if (bNew) {
        ArticleVerdict v = newsroom_may(req, NULL, true, ARTICLE_SAVE, &zWhy);
        if (v != ARTICLE_ALLOWED) {
            save_refuse(pOut, save_status(v), zWhy, NULL);
            store_rollback(c);
            return OK;
        }
        rc = article_edit_insert(c, req->a, &pf->text, me, tNow,
                                 zNote ? zNote : "새 기사", &id);
        if (rc == OK) {
            rc = article_edit_get(c, req->a, id, &cur);
        }
        pOut->bWritten = true;
    } else {
        rc = article_edit_get(c, req->a, id, &cur);
        if (rc == ERR_NOTFOUND) {
            store_rollback(c);
            save_refuse(pOut, 404, "그런 기사가 없습니다.", NULL);
            return OK;
        }
        if (rc == OK) {
            rc = article_edit_is_author(c, id, me, &bAuthor);
        }
        if (rc == OK) {
            bChanged = !article_text_equal(&cur.text, &pf->text);
        }
    }
    if (rc != OK) {
        store_rollback(c);
        return rc;
    }
    pOut->art = cur;
    ArticleVerdict v = newsroom_may(req, &cur, bAuthor, ARTICLE_OPEN, &zWhy);
    if (v == ARTICLE_ALLOWED && bChanged) {
        v = newsroom_may(req, &cur, bAuthor, ARTICLE_SAVE, &zWhy);
    }
    if (v != ARTICLE_ALLOWED) {
        save_refuse(pOut, save_status(v), zWhy, NULL);
        return save_undo(c, bNew, pOut);
    }
    if (bChanged && pf->baseVersion != cur.version) {
        /* Someone wrote since this editor opened.  Only a text they
           changed is a conflict: a state change keeps the text. */
        ArticleRevision base;
        rc = article_revision_get(c, req->a, id, pf->baseVersion, &base);
        if (rc != OK && rc != ERR_NOTFOUND) {
            store_rollback(c);
            return rc;
        }
        if (rc == ERR_NOTFOUND || !article_text_equal(&base.text, &cur.text)) {
            store_rollback(c);
            pOut->bConflict = true;
            save_refuse(pOut, 409,
                        "다른 사람이 먼저 저장했습니다. 아래에서 두 글을 "
                        "비교하고, 내 글을 고친 뒤 다시 저장하십시오.",
                        NULL);
            return OK;
        }
    }
    if (pf->action != ARTICLE_SAVE) {
        v = newsroom_may(req, &cur, bAuthor, pf->action, &zWhy);
        if (v != ARTICLE_ALLOWED) {
            save_refuse(pOut, save_status(v), zWhy, NULL);
        } else {
            save_check_action(req, pf, &pf->text, tNow, pOut);
        }
        if (pOut->status != 0) {
            return save_undo(c, bNew, pOut);
        }
    }
    const char **azTag = NULL;
    int nTag = 0;
    if (bChanged || pf->action != ARTICLE_SAVE) {
        ArticleEdit next;
        article_edit_next(&cur, pf->action, bChanged ? &pf->text : NULL, me,
                          tNow, pf->tPublishAt, pf->zDeskNote, &next);
        const char *zChanges =
            article_text_changes(req->a, &cur.text, &pf->text);
        rc = article_edit_write(c, req->a, &cur, &next, me, tNow,
                                bChanged ? zKind : "status",
                                save_note(req, pf, zChanges, zNote));
        if (rc == ERR_NOTFOUND) {
            /* Read in this transaction, so nobody can have written. */
            rc = ERR_DB;
        }
        if (rc == OK) {
            rc = article_edit_changes(c, req->a, &cur, &next, &azTag, &nTag);
        }
        if (rc == OK) {
            rc = article_edit_get(c, req->a, id, &pOut->art);
            pOut->bWritten = true;
        }
    }
    if (rc == OK) {
        /* The saved text replaces the viewer's autosave. */
        rc = article_autosave_delete(c, id, me);
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
        return rc;
    }
    for (int i = 0; i < nTag; i++) {
        app_invalidate(req->app, azTag[i]);
    }
    return OK;
}
