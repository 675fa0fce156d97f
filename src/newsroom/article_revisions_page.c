/*
 * article_revisions_page.c — GET /newsroom/articles/{id}/revisions: every
 * revision of an article, newest first (who, when, kind, what changed, the
 * state after it), with two columns of radio buttons to compare any two
 * (GET …/revisions/diff) and a button to restore each one as a new
 * revision (POST …/revisions/{version}/restore).  Nothing is deleted by
 * editing, so this list is the article's whole history.
 */
#include "newsroom/newsroom.h"

#include <string.h>

#include "accounts/accounts.h"
#include "newsroom/newsroom_internal.h"
#include "site/site.h"

/* What a revision's kind is called. */
static const char *revision_kind_label(const char *zKind)
{
    if (strcmp(zKind, "save") == 0) {
        return "저장";
    }
    if (strcmp(zKind, "restore") == 0) {
        return "되돌림";
    }
    if (strcmp(zKind, "status") == 0) {
        return "상태 변경";
    }
    return "처음 상태";
}

/*
 * ROUTE: GET /newsroom/articles/{id}/revisions
 *   id  articles.id, any state; the author or an editor
 */
int article_revisions_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    ArticleEdit art;
    bool bAuthor = false;
    int rc = newsroom_article_from_path(req, res, &c, &art, &bAuthor);
    if (rc != OK) {
        return rc;
    }
    ArticleRevision *aRev = NULL;
    int nRev = 0;
    rc = article_revision_list(c, req->a, art.id, NEWSROOM_REVISIONS_MAX, &aRev,
                               &nRev);
    if (rc != OK) {
        return rc;
    }
    const char *zWhy = NULL;
    bool bCanRestore = newsroom_may(req, &art, bAuthor, ARTICLE_SAVE, &zWhy) ==
                       ARTICLE_ALLOWED;
    Arena *a = req->a;
    View *v = view_new(a);
    View *va = view_obj(v, "article");
    view_int(va, "id", art.id);
    view_str(va, "title", art.text.zTitle);
    view_int(va, "version", art.version);
    view_str(va, "state_label", article_state_label(art.state));
    view_str(
        va, "edit_url",
        arena_printf(a, "/newsroom/articles/%lld/edit", (long long)art.id));
    view_str(va, "diff_url",
             arena_printf(a, "/newsroom/articles/%lld/revisions/diff",
                          (long long)art.id));
    view_str(v, "csrf", csrf_token(req, res));
    view_str(v, "read_only", bCanRestore ? NULL : zWhy);
    view_list(v, "revisions");
    for (int i = 0; i < nRev; i++) {
        const ArticleRevision *r = &aRev[i];
        View *item = view_list_add(v, "revisions");
        view_int(item, "version", r->version);
        view_str(item, "kind", revision_kind_label(r->zKind));
        view_str(item, "note", r->zNote);
        view_str(item, "who",
                 r->accountId == 0 ? "시스템"
                 : r->zAccountName[0]
                     ? r->zAccountName
                     : arena_printf(a, "계정 %lld", (long long)r->accountId));
        view_str(item, "at", time_format_local(a, r->tCreated));
        view_str(item, "at_iso", time_format_iso(a, r->tCreated));
        view_str(item, "state_label", article_state_label(r->state));
        view_bool(item, "current", r->version == art.version);
        /* Compare the newest with the one before by default. */
        view_bool(item, "a_checked", i == 1 || (nRev == 1 && i == 0));
        view_bool(item, "b_checked", i == 0);
        view_bool(item, "can_restore",
                  bCanRestore && r->version != art.version);
        view_str(item, "restore_url",
                 arena_printf(a,
                              "/newsroom/articles/%lld/revisions/%lld/restore",
                              (long long)art.id, (long long)r->version));
    }
    view_bool(v, "many", nRev > 1);
    res->bNoStore = true;
    return site_page_render(req, res, "newsroom/article_revisions", v,
                            arena_printf(a, "수정 기록: %s", art.text.zTitle),
                            NULL);
}
