/*
 * newsroom_list_page.c — one of the newsroom's lists, whole (issue 9 §6):
 * 내 기사 (my drafts), 데스크 대기 (the desk queue, oldest submission
 * first, with who submitted it and when), 예약 (scheduled, with their
 * times), 출고 (recently published) and 정정 (recently corrected), with
 * the tabs and their counts, a title search and keyset paging
 * (articles/desk_db.c: the first page is the same few index seeks at any
 * size).  Each row links to the article's editor.  A reporter sees their
 * own drafts, submissions and scheduled articles; the desk sees every
 * article in the queue.  Personal pages: never cached.
 */
#include "newsroom/newsroom.h"

#include <string.h>

#include "app/app.h"
#include "articles/article_workflow.h"
#include "base/str.h"
#include "newsroom/desk_tabs.h"
#include "site/site.h"

/* Rows a list page shows. */
#define DESK_PAGE_ROWS 30
/* Longest title search, in bytes. */
#define DESK_QUERY_MAX 200

/* 'zUrl' (a list address, maybe with ?before=/?after=) with q='zQuery'. */
static const char *desk_url_with_query(Arena *a, const char *zUrl,
                                       const char *zQuery)
{
    if (zUrl == NULL || zQuery[0] == 0) {
        return zUrl;
    }
    Str s;
    str_init(&s, a);
    str_append_z(&s, zUrl);
    str_append_z(&s, strchr(zUrl, '?') ? "&q=" : "?q=");
    url_encode(&s, zQuery, strlen(zQuery));
    return s.z;
}

/*
 * ROUTE: GET /newsroom/drafts
 * ROUTE: GET /newsroom/desk
 * ROUTE: GET /newsroom/scheduled
 * ROUTE: GET /newsroom/published
 * ROUTE: GET /newsroom/corrected
 *   q       title search, at most 200 bytes ("" or none: every article);
 *           searched DESK_SEARCH_WINDOW rows a page, forward only
 *   before  ?before=<time>.<id>: the rows after that one in list order
 *   after   ?after=<time>.<id>: the page ending just before that one (not
 *           with q)
 *   (anything malformed, or ?page=N, is a 404)
 */
int newsroom_list_page(Request *req, Response *res)
{
    const char *zSlug = strrchr(req->zPath, '/') + 1;
    const DeskTab *pTab = desk_tab_by_slug(zSlug);
    if (pTab == NULL) {
        return 404;
    }
    if ((req->pViewer->roles & ARTICLE_ROLES_WRITE) == 0) {
        res->zMessage = "기사 목록은 기자와 데스크가 봅니다.";
        return 403;
    }
    KeysetPos pos;
    if (!keyset_from_query(req, &pos) || pos.mode == KEYSET_PAGE) {
        return 404;
    }
    const char *zQuery = req_query(req, "q");
    if (zQuery == NULL) {
        zQuery = "";
    }
    const char *zError = NULL;
    if (strlen(zQuery) > DESK_QUERY_MAX) {
        zError = "검색어가 너무 깁니다.";
        res->status = 400;
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    View *v = view_new(req->a);
    rc = desk_tabs_view(req, c, v, pTab->zSlug);
    if (rc != OK) {
        return rc;
    }
    const char *zPath = arena_printf(req->a, "/newsroom/%s", pTab->zSlug);
    DeskFilter f;
    desk_tab_filter(req, pTab, zError ? "" : zQuery, &f);
    DeskRow *aRow = NULL;
    KeysetResult kr;
    memset(&kr, 0, sizeof(kr));
    bool bWindowEnd = false;
    if (zError == NULL && zQuery[0] != 0) {
        /* A search, a window at a time, forward only. */
        if (pos.mode == KEYSET_AFTER) {
            return 404;
        }
        DeskSearchPage sp;
        rc = desk_db_search(c, req->a, pTab->list, &f,
                            pos.mode == KEYSET_BEFORE ? &pos.cur : NULL,
                            DESK_PAGE_ROWS, &sp);
        if (rc != OK) {
            return rc;
        }
        aRow = sp.aRow;
        kr.nRow = sp.nRow;
        if (pos.mode == KEYSET_BEFORE) {
            kr.zFirstUrl = zPath;
        }
        if (sp.bNext) {
            kr.zNextUrl = keyset_url(req->a, zPath, "before", &sp.next);
        }
        bWindowEnd = sp.bWindowEnd;
    } else if (zError == NULL) {
        rc = desk_db_page(c, req->a, pTab->list, &f, &pos, zPath,
                          DESK_PAGE_ROWS, &aRow, &kr);
        if (rc != OK) {
            return rc;
        }
        if (kr.bNotFound) {
            res->zMessage = "목록에 그보다 지난 기사가 없습니다.";
            return 404;
        }
        if (kr.zRedirect != NULL) {
            kr.zRedirect = desk_url_with_query(req->a, kr.zRedirect, zQuery);
            site_pagination_redirect(res, &kr);
            return OK;
        }
    }
    kr.zPrevUrl = desk_url_with_query(req->a, kr.zPrevUrl, zQuery);
    kr.zNextUrl = desk_url_with_query(req->a, kr.zNextUrl, zQuery);
    kr.zFirstUrl = desk_url_with_query(req->a, kr.zFirstUrl, zQuery);
    if (bWindowEnd) {
        /* Said in words instead of a bare "다음": the page is not full
           because only part of the list was searched. */
        view_str(v, "search_more_url", kr.zNextUrl);
        view_int(v, "search_window", DESK_SEARCH_WINDOW);
        kr.zNextUrl = NULL;
    }
    site_pagination(v, &kr);
    View *list = view_obj(v, "list");
    view_str(list, "path", zPath);
    desk_block_view(req, view_list_add(v, "lists"), pTab, aRow, kr.nRow);
    view_str(v, "q", zQuery);
    view_bool(v, "searched", zQuery[0] != 0 && zError == NULL);
    view_str(v, "error", zError);
    view_str(v, "name", req->pViewer->zName);
    res->bNoStore = true;
    const char *zLabel = desk_tab_label(req, pTab);
    view_str(list, "label", zLabel);
    return site_page_render(req, res, "newsroom/newsroom_list_page", v,
                            arena_printf(req->a, "%s - 편집국", zLabel), NULL);
}
