/*
 * desk_queue.c — the article part of /newsroom (newsroom_page.c places
 * templates/newsroom/desk_queue.html): the viewer's drafts with a link
 * to write a new article, and for the desk the queue of articles waiting
 * for review (oldest submission first, with who submitted it) and the
 * scheduled ones with their times.  Plain lists; the full newsroom home
 * with tabs and search is built on top of them.
 */
#include "newsroom/newsroom_internal.h"

#include "app/app.h"
#include "web/router.h"

/* Rows a list of this part shows. */
#define DESK_QUEUE_MAX 50

/* Add the rows 'aRow' to list 'zList' of 'v'. */
static void desk_rows(Arena *a, View *v, const char *zList,
                      const ArticleEditRow *aRow, int nRow)
{
    view_list(v, zList);
    for (int i = 0; i < nRow; i++) {
        const ArticleEditRow *r = &aRow[i];
        View *item = view_list_add(v, zList);
        view_int(item, "id", r->id);
        view_str(item, "title", r->zTitle[0] ? r->zTitle : "(제목 없음)");
        view_str(
            item, "edit_url",
            arena_printf(a, "/newsroom/articles/%lld/edit", (long long)r->id));
        view_str(item, "section", newsroom_section_name(r->sectionId));
        view_str(item, "author", r->zAuthorName);
        view_str(item, "submitter", r->zSubmitterName);
        view_str(item, "updated", time_format_local(a, r->tUpdated));
        if (r->tSubmitted != 0) {
            view_str(item, "submitted", time_format_local(a, r->tSubmitted));
            view_str(item, "submitted_iso", time_format_iso(a, r->tSubmitted));
        }
        if (r->tScheduled != 0) {
            view_str(item, "scheduled", time_format_local(a, r->tScheduled));
            view_str(item, "scheduled_iso", time_format_iso(a, r->tScheduled));
        }
    }
}

int newsroom_desk_queue_view(Request *req, View *v)
{
    unsigned roles = req->pViewer->roles;
    View *q = view_obj(v, "desk_queue");
    bool bWriter = (roles & ARTICLE_ROLES_WRITE) != 0;
    bool bDesk = (roles & ARTICLE_ROLES_DESK) != 0;
    view_bool(q, "writer", bWriter);
    view_bool(q, "desk", bDesk);
    if (!bWriter) {
        return OK;
    }
    StoreConn *c = NULL;
    ArticleEditRow *aRow = NULL;
    int nRow = 0;
    int rc = app_db(req, &c);
    if (rc == OK) {
        rc = article_edit_list(c, req->a, ARTICLE_LIST_MY_DRAFTS,
                               req->pViewer->accountId, DESK_QUEUE_MAX, &aRow,
                               &nRow);
    }
    if (rc != OK) {
        return rc;
    }
    desk_rows(req->a, q, "drafts", aRow, nRow);
    if (!bDesk) {
        return OK;
    }
    rc = article_edit_list(c, req->a, ARTICLE_LIST_REVIEW, 0, DESK_QUEUE_MAX,
                           &aRow, &nRow);
    if (rc != OK) {
        return rc;
    }
    desk_rows(req->a, q, "review", aRow, nRow);
    rc = article_edit_list(c, req->a, ARTICLE_LIST_SCHEDULED, 0, DESK_QUEUE_MAX,
                           &aRow, &nRow);
    if (rc != OK) {
        return rc;
    }
    desk_rows(req->a, q, "scheduled", aRow, nRow);
    return OK;
}
