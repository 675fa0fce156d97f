/*
 * newsroom_page.c — /newsroom, the staff's start page (issue 9 §6): the
 * tabs of the newsroom's lists with their counts, the first rows of each
 * list in the order the viewer needs them (a reporter's drafts first,
 * the desk's queue first: desk_tabs.c), and the tools their roles open:
 * writing, 메인 편집, moderation.  A moderator who writes no articles
 * sees only the moderation tools, as before.  Each list's whole, paged
 * and searchable page is newsroom_list_page.c.
 */
#include "newsroom/newsroom.h"

#include "app/app.h"
#include "articles/article_workflow.h"
#include "newsroom/desk_tabs.h"
#include "site/site.h"
#include "web/router.h"

/* Rows of each list the start page shows. */
#define NEWSROOM_HOME_ROWS 5

/*
 * ROUTE: GET /newsroom
 *   the staff's start page: their lists and the tools their roles open
 */
int newsroom_page(Request *req, Response *res)
{
    unsigned roles = req->pViewer->roles;
    View *v = view_new(req->a);
    view_str(v, "name", req->pViewer->zName);
    view_bool(v, "moderator", (roles & ROLE_MODERATION) != 0);
    view_bool(v, "admin", (roles & ROLE_ADMIN) != 0);
    view_bool(v, "desk", (roles & ARTICLE_ROLES_DESK) != 0);
    view_bool(v, "home", true);
    const DeskTab *apTab[DESK_LIST_COUNT];
    int nTab = desk_tabs_for(roles, apTab);
    if (nTab > 0) {
        StoreConn *c = NULL;
        int rc = app_db(req, &c);
        if (rc == OK) {
            rc = desk_tabs_view(req, c, v, NULL);
        }
        if (rc != OK) {
            return rc;
        }
        KeysetPos first = {.mode = KEYSET_FIRST};
        view_list(v, "lists");
        for (int i = 0; i < nTab; i++) {
            DeskFilter f;
            desk_tab_filter(req, apTab[i], "", &f);
            DeskRow *aRow = NULL;
            KeysetResult kr;
            const char *zPath =
                arena_printf(req->a, "/newsroom/%s", apTab[i]->zSlug);
            rc = desk_db_page(c, req->a, apTab[i]->list, &f, &first, zPath,
                              NEWSROOM_HOME_ROWS, &aRow, &kr);
            if (rc != OK) {
                return rc;
            }
            View *block = view_list_add(v, "lists");
            desk_block_view(req, block, apTab[i], aRow, kr.nRow);
            view_bool(block, "more", kr.zNextUrl != NULL);
        }
    } else {
        view_bool(v, "writer", false);
    }
    res->bNoStore = true;
    return site_page_render(req, res, "newsroom/newsroom_page", v, "편집국",
                            NULL);
}
