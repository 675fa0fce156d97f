/*
 * desk_tabs.h — what the newsroom home (/newsroom) and its list pages
 * (/newsroom/drafts, /desk, /scheduled, /published, /corrected) share:
 * which tabs a viewer has, in which order (a reporter's drafts first,
 * the desk's queue first), their counts, and the rows of a list as the
 * templates show them (desk_tabs.c).  The lists themselves are
 * articles/desk_db.h.
 */
#ifndef SINMUN_NEWSROOM_DESK_TABS_H
#define SINMUN_NEWSROOM_DESK_TABS_H

#include <stdbool.h>

#include "articles/desk_db.h"
#include "view/view.h"
#include "web/http.h"

/* One tab: a list and how it is called. */
typedef struct DeskTab {
    const char *zSlug;   /* its page: /newsroom/{zSlug} */
    const char *zListId; /* the HTML id of its list ("desk-review") */
    DeskList list;       /* its rows */
    const char *zLabel;  /* the tab's name for the desk */
    const char *zMine;   /* its name for a reporter (only their own
                            articles), NULL when the same */
    const char *zEmpty;  /* what an empty list says */
    bool bToday;         /* the count is today's rows (출고, 정정), not
                            all of them */
} DeskTab;

/*
 * The tabs of 'roles' (RouteRole bits) in their order into 'apTab' (OUT,
 * room for DESK_LIST_COUNT); return how many: none for a viewer who
 * writes no articles (a moderator).
 */
int desk_tabs_for(unsigned roles, const DeskTab **apTab);

/* The tab named 'zSlug', or NULL. */
const DeskTab *desk_tab_by_slug(const char *zSlug);

/*
 * The rows of 'pTab' that 'req->pViewer' sees, searching 'zQuery' ("" for
 * every title), into '*pf' (OUT): drafts are always their own, the desk
 * queue and scheduled are their own unless they are the desk.
 */
void desk_tab_filter(const Request *req, const DeskTab *pTab,
                     const char *zQuery, DeskFilter *pf);

/* The name of 'pTab' for the viewer of 'req' ("송고한 기사" …). */
const char *desk_tab_label(const Request *req, const DeskTab *pTab);

/*
 * Fill list "tabs" of 'v' with the viewer's tabs: slug, label, url, count
 * (and today, for the counts of today's rows), current (the one named
 * 'zCurrent'; NULL: none).  Return OK or ERR_*.
 */
int desk_tabs_view(Request *req, StoreConn *c, View *v,
                   const char *zCurrent) WARN_UNUSED;

/*
 * Fill 'block' (an item of the templates' "lists") for 'pTab': slug,
 * label, empty, draft_list, url, and its 'nRow' rows 'aRow' as "rows"
 * (desk_rows_view()).
 */
void desk_block_view(Request *req, View *block, const DeskTab *pTab,
                     const DeskRow *aRow, int nRow);

/*
 * Fill list 'zList' of 'v' with 'nRow' rows 'aRow' of 'pTab's list:
 * id, title, edit_url, url (the public page of a published article),
 * section, reporter (bylines), status, the list's times (updated,
 * submitted with submitter, scheduled, published, corrected, each with
 * an _iso twin) and corrections_url for the desk.  Strings in req->a.
 */
void desk_rows_view(Request *req, View *v, const char *zList,
                    const DeskTab *pTab, const DeskRow *aRow, int nRow);

#endif
