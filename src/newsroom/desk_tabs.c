/*
 * desk_tabs.c — the newsroom's tabs and list rows (desk_tabs.h): the
 * home page and the list pages show the same tabs with the same counts.
 */
#include "newsroom/desk_tabs.h"

#include <string.h>

#include "articles/article_workflow.h"
#include "site/site.h"
#include "web/router.h"

/* Every tab, by list. */
static const DeskTab aDeskTab[DESK_LIST_COUNT] = {
    [DESK_DRAFTS] = {"drafts", "my-drafts", DESK_DRAFTS, "내 기사", NULL,
                     "작성중인 기사가 없습니다.", false},
    [DESK_REVIEW] = {"desk", "desk-review", DESK_REVIEW, "데스크 대기",
                     "송고한 기사", "데스크 대기 중인 기사가 없습니다.", false},
    [DESK_SCHEDULED] = {"scheduled", "desk-scheduled", DESK_SCHEDULED, "예약",
                        "예약된 내 기사", "예약된 기사가 없습니다.", false},
    [DESK_PUBLISHED] = {"published", "desk-published", DESK_PUBLISHED, "출고",
                        NULL, "출고된 기사가 없습니다.", true},
    [DESK_CORRECTED] = {"corrected", "desk-corrected", DESK_CORRECTED, "정정",
                        NULL, "정정·반론보도를 붙인 기사가 없습니다.", true},
};

/* The order of the desk's tabs, and of a reporter's. */
static const DeskList aDeskOrder[] = {DESK_REVIEW, DESK_SCHEDULED, DESK_DRAFTS,
                                      DESK_PUBLISHED, DESK_CORRECTED};
static const DeskList aReporterOrder[] = {
    DESK_DRAFTS, DESK_REVIEW, DESK_SCHEDULED, DESK_PUBLISHED, DESK_CORRECTED};

/* True when 'roles' are the desk's. */
static bool desk_is_desk(unsigned roles)
{
    return (roles & ARTICLE_ROLES_DESK) != 0;
}

int desk_tabs_for(unsigned roles, const DeskTab **apTab)
{
    if ((roles & ARTICLE_ROLES_WRITE) == 0) {
        return 0;
    }
    const DeskList *aOrder = desk_is_desk(roles) ? aDeskOrder : aReporterOrder;
    for (int i = 0; i < DESK_LIST_COUNT; i++) {
        apTab[i] = &aDeskTab[aOrder[i]];
    }
    return DESK_LIST_COUNT;
}

const DeskTab *desk_tab_by_slug(const char *zSlug)
{
    for (int i = 0; zSlug != NULL && i < DESK_LIST_COUNT; i++) {
        if (strcmp(aDeskTab[i].zSlug, zSlug) == 0) {
            return &aDeskTab[i];
        }
    }
    return NULL;
}

void desk_tab_filter(const Request *req, const DeskTab *pTab,
                     const char *zQuery, DeskFilter *pf)
{
    bool bDesk = desk_is_desk(req->pViewer->roles);
    bool bMine =
        pTab->list == DESK_DRAFTS ||
        (!bDesk && (pTab->list == DESK_REVIEW || pTab->list == DESK_SCHEDULED));
    pf->mineId = bMine ? req->pViewer->accountId : 0;
    pf->zQuery = zQuery ? zQuery : "";
}

const char *desk_tab_label(const Request *req, const DeskTab *pTab)
{
    if (pTab->zMine != NULL && !desk_is_desk(req->pViewer->roles)) {
        return pTab->zMine;
    }
    return pTab->zLabel;
}

int desk_tabs_view(Request *req, StoreConn *c, View *v, const char *zCurrent)
{
    const DeskTab *apTab[DESK_LIST_COUNT];
    int nTab = desk_tabs_for(req->pViewer->roles, apTab);
    UnixTime tToday = time_day_start(time_now());
    view_list(v, "tabs");
    for (int i = 0; i < nTab; i++) {
        const DeskTab *pTab = apTab[i];
        DeskFilter f;
        desk_tab_filter(req, pTab, "", &f);
        int64_t n = 0;
        int rc = desk_db_count(c, pTab->list, f.mineId, tToday, &n);
        if (rc != OK) {
            return rc;
        }
        View *t = view_list_add(v, "tabs");
        view_str(t, "slug", pTab->zSlug);
        view_str(t, "label", desk_tab_label(req, pTab));
        view_str(t, "url", arena_printf(req->a, "/newsroom/%s", pTab->zSlug));
        view_int(t, "count", n);
        view_bool(t, "today", pTab->bToday);
        view_bool(t, "current",
                  zCurrent != NULL && strcmp(zCurrent, pTab->zSlug) == 0);
    }
    view_bool(v, "writer", nTab > 0);
    return OK;
}

void desk_block_view(Request *req, View *block, const DeskTab *pTab,
                     const DeskRow *aRow, int nRow)
{
    view_str(block, "slug", pTab->zSlug);
    view_str(block, "list_id", pTab->zListId);
    view_str(block, "label", desk_tab_label(req, pTab));
    view_str(block, "empty", pTab->zEmpty);
    view_bool(block, "draft_list", pTab->list == DESK_DRAFTS);
    view_str(block, "more_url",
             arena_printf(req->a, "/newsroom/%s", pTab->zSlug));
    desk_rows_view(req, block, "rows", pTab, aRow, nRow);
}

/*
 * Set 'zName' and 'zName'_iso of 'item' to 't', or to "" when 't' is 0
 * (set all the same, so a template never finds a value of an enclosing
 * view under that name).
 */
static void desk_time(Arena *a, View *item, const char *zName, UnixTime t)
{
    view_str(item, zName, t ? time_format_local(a, t) : "");
    view_str(item, arena_printf(a, "%s_iso", zName),
             t ? time_format_iso(a, t) : "");
}

void desk_rows_view(Request *req, View *v, const char *zList,
                    const DeskTab *pTab, const DeskRow *aRow, int nRow)
{
    Arena *a = req->a;
    bool bDesk = desk_is_desk(req->pViewer->roles);
    const Site *site = site_current();
    view_list(v, zList);
    for (int i = 0; i < nRow; i++) {
        const DeskRow *r = &aRow[i];
        const Article *art = &r->art;
        View *item = view_list_add(v, zList);
        view_int(item, "id", art->id);
        view_str(item, "title", art->zTitle[0] ? art->zTitle : "(제목 없음)");
        view_str(item, "edit_url",
                 arena_printf(a, "/newsroom/articles/%lld/edit",
                              (long long)art->id));
        bool bPublished = strcmp(art->zStatus, "published") == 0;
        view_str(item, "url",
                 bPublished
                     ? arena_printf(a, "/article/%lld", (long long)art->id)
                     : "");
        const SiteSection *sec = site_section_by_id(site, art->sectionId);
        view_str(item, "section", sec ? sec->zName : "");
        view_str(item, "reporter", article_byline_names(a, art));
        ArticleState state;
        view_str(item, "status",
                 article_state_parse(art->zStatus, &state)
                     ? article_state_label(state)
                     : art->zStatus);
        view_bool(item, "not_published",
                  pTab->list == DESK_CORRECTED && !bPublished);
        /* Each list shows its own time first; the others as they help. */
        desk_time(a, item, "updated", r->tUpdated);
        bool bReview = pTab->list == DESK_REVIEW;
        desk_time(a, item, "submitted",
                  !bReview        ? 0
                  : r->tSubmitted ? r->tSubmitted
                                  : r->tUpdated);
        view_str(item, "submitter", bReview ? r->zSubmitter : "");
        desk_time(a, item, "scheduled", r->tScheduled);
        bool bShowPublished =
            pTab->list == DESK_PUBLISHED || pTab->list == DESK_CORRECTED;
        desk_time(a, item, "published", bShowPublished ? art->tPublished : 0);
        desk_time(a, item, "corrected", art->tCorrected);
        view_str(item, "corrections_url",
                 bDesk && bPublished
                     ? arena_printf(a, "/newsroom/articles/%lld/corrections",
                                    (long long)art->id)
                     : "");
    }
}
