/*
 * newsroom_page.c — /newsroom, the staff's start page: the tools their
 * roles open.  (The newsroom issue fills this folder: the editor, the
 * desk queue, revisions, the front-page layout and the admin pages.)
 */
#include "newsroom/newsroom.h"

#include "newsroom/newsroom_internal.h"
#include "site/site.h"
#include "web/router.h"

/*
 * ROUTE: GET /newsroom
 *   the staff's start page: the tools their roles open
 */
int newsroom_page(Request *req, Response *res)
{
    View *v = view_new(req->a);
    view_str(v, "name", req->pViewer->zName);
    view_bool(v, "moderator", (req->pViewer->roles & ROLE_MODERATION) != 0);
    /* Drafts, desk queue, scheduled (desk_queue.c). */
    int rc = newsroom_desk_queue_view(req, v);
    if (rc != OK) {
        return rc;
    }
    res->bNoStore = true;
    return site_page_render(req, res, "newsroom/newsroom_page", v, "편집국",
                            NULL);
}
