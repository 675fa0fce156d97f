/*
 * correction_page.c — 정정·반론보도·추후보도 (issue 9 §5): the desk
 * attaches a dated notice to a published article.  The page shows the
 * article, its notices so far and the form; a notice is stored with the
 * article's corrected_at and the change tags in one transaction
 * (correction_db_add()), so the article page (on top, and its JSON-LD
 * `correction`), its print view and the feeds (the entry's updated date)
 * change for every server process.  Editors and admins only: a reporter
 * or moderator who opens it is told so (403).
 */
#include "newsroom/newsroom.h"

#include <string.h>

#include "accounts/accounts.h"
#include "app/app.h"
#include "articles/article_workflow.h"
#include "articles/articles.h"
#include "articles/corrections.h"
#include "base/utf8.h"
#include "site/site.h"

/* What the form holds, as stored defaults or as typed. */
typedef struct CorrectionForm {
    const char *zKind; /* correction, rebuttal, followup (or junk typed) */
    const char *zText; /* the notice */
} CorrectionForm;

/* The kinds in the form's order. */
static const char *const azCorrectionKind[] = {"correction", "rebuttal",
                                               "followup"};

/*
 * The page for the published article 'art' with its notices, the form
 * 'f', a note (after a save) or an error, with 'status'.
 */
static int correction_render(Request *req, Response *res, StoreConn *c,
                             const Article *art, const CorrectionForm *f,
                             const char *zNote, const char *zError, int status)
{
    Correction *aCorr = NULL;
    int nCorr = 0;
    int rc = correction_db_list(c, req->a, art->id, &aCorr, &nCorr);
    if (rc != OK) {
        return rc;
    }
    View *v = view_new(req->a);
    View *a = view_obj(v, "article");
    view_int(a, "id", art->id);
    view_str(a, "title", art->zTitle);
    view_str(a, "reporter", article_byline_names(req->a, art));
    view_str(a, "published", time_format_local(req->a, art->tPublished));
    view_str(a, "published_iso", time_format_iso(req->a, art->tPublished));
    correction_view_list(req->a, v, "corrections", aCorr, nCorr);
    view_list(v, "kinds");
    for (size_t i = 0; i < sizeof(azCorrectionKind) / sizeof(char *); i++) {
        View *k = view_list_add(v, "kinds");
        view_str(k, "code", azCorrectionKind[i]);
        view_str(k, "label", correction_kind_label(azCorrectionKind[i]));
        view_bool(k, "selected", strcmp(f->zKind, azCorrectionKind[i]) == 0);
    }
    view_str(v, "text", f->zText);
    view_int(v, "text_max", CORRECTION_TEXT_MAX);
    view_str(v, "note", zNote);
    view_str(v, "error", zError);
    view_str(v, "csrf", csrf_token(req, res));
    res->status = status;
    res->bNoStore = true;
    return site_page_render(
        req, res, "newsroom/correction_page", v,
        arena_printf(req->a, "정정·반론보도: %s", art->zTitle), NULL);
}

/*
 * Who may, and which article: 403 for anyone but the desk, 404 for an
 * article that is not published; else OK with '*pc' and '*pArt' (OUT).
 */
static int correction_start(Request *req, Response *res, StoreConn **pc,
                            Article *pArt)
{
    if ((req->pViewer->roles & ARTICLE_ROLES_DESK) == 0) {
        res->zMessage = "정정·반론보도는 데스크(편집자)만 붙일 수 "
                        "있습니다.";
        return 403;
    }
    int rc = article_from_path(req, res, pc, pArt);
    if (rc == 404) {
        res->zMessage = "출고된 기사에만 정정·반론보도를 붙일 수 있습니다. "
                        "기사가 없거나 아직 출고되지 않았습니다.";
    }
    return rc;
}

/*
 * ROUTE: GET /newsroom/articles/{id}/corrections
 *   id     articles.id of a published article, a positive integer
 *   added  present after a notice was attached (shows a note)
 */
int correction_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    Article art;
    int rc = correction_start(req, res, &c, &art);
    if (rc != OK) {
        return rc;
    }
    CorrectionForm f = {"correction", ""};
    return correction_render(req, res, c, &art, &f,
                             req_query(req, "added")
                                 ? "정정·반론보도를 붙였습니다. 기사 "
                                   "페이지와 피드에 곧 반영됩니다."
                                 : NULL,
                             NULL, 200);
}

/*
 * ROUTE: POST /newsroom/articles/{id}/corrections
 *   id    articles.id of a published article, a positive integer
 *   kind  correction (정정), rebuttal (반론보도) or followup (추후보도)
 *   text  the notice, 1..2000 characters (CORRECTION_TEXT_MAX)
 */
int correction_post(Request *req, Response *res)
{
    StoreConn *c = NULL;
    Article art;
    int rc = correction_start(req, res, &c, &art);
    if (rc != OK) {
        return rc;
    }
    const char *zKind = req_form(req, "kind");
    const char *zText = req_form(req, "text");
    CorrectionForm f = {zKind ? zKind : "", zText ? zText : ""};
    size_t nText = strlen(f.zText);
    const char *zError = NULL;
    if (correction_kind_label(f.zKind) == NULL) {
        zError = "정정, 반론보도, 추후보도 가운데 하나를 골라 주십시오.";
    } else if (utf8_is_blank(f.zText, nText)) {
        zError = "알릴 내용을 적어 주십시오.";
    } else if (nText > (size_t)CORRECTION_TEXT_MAX * 16 ||
               utf8_graphemes(f.zText, nText) > CORRECTION_TEXT_MAX) {
        zError =
            arena_printf(req->a, "내용은 %d자까지입니다. 지금 %zu자입니다.",
                         CORRECTION_TEXT_MAX, utf8_graphemes(f.zText, nText));
    }
    if (zError != NULL) {
        return correction_render(req, res, c, &art, &f, NULL, zError, 422);
    }
    int64_t id = 0;
    rc = correction_db_add(c, art.id, f.zKind, f.zText, req->pViewer->accountId,
                           time_now(), &id);
    if (rc == ERR_NOTFOUND) {
        /* Retracted between the read and the write. */
        res->zMessage = "기사가 방금 출고 상태에서 바뀌어 정정·반론보도를 "
                        "붙이지 못했습니다.";
        return 409;
    }
    if (rc != OK) {
        return rc;
    }
    /* Other processes follow cache_events; this one drops at once, so
       the article opened next already shows the notice. */
    app_invalidate(req->app,
                   arena_printf(req->a, "article:%lld", (long long)art.id));
    app_invalidate(req->app, "articles");
    res_redirect(res,
                 arena_printf(req->a,
                              "/newsroom/articles/%lld/corrections"
                              "?added=%lld#correction-%lld",
                              (long long)art.id, (long long)id, (long long)id));
    return OK;
}
