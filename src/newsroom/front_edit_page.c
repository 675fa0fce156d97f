/*
 * front_edit_page.c — /newsroom/front, 메인 편집 (issue 9 §10): the desk
 * picks the front page's 헤드라인 and 주요 기사 (searching published
 * articles by title) and orders the row and the section blocks.
 *
 * One form holds every button; each button's value names its edit
 * ("top-up-2", "pin-headline-131", "section-down-3"), so the page works
 * without script.  static/front_edit.js adds dragging: it posts the new
 * order of the row or of the sections ("top-order", "section-order" with
 * the ids in order).  Every edit reads the layout, changes it
 * (front_layout.c) and writes it back in one BEGIN IMMEDIATE transaction
 * with the "front" change, so concurrent edits apply in turn, and a drag
 * based on a stale page is refused instead of undoing someone's pin.
 * Editors and admins only (ARTICLE_ROLES_DESK); others get 403.
 */
#include "newsroom/newsroom.h"

#include <string.h>

#include "accounts/accounts.h"
#include "app/app.h"
#include "articles/article_view.h"
#include "articles/article_workflow.h"
#include "articles/desk_db.h"
#include "articles/articles.h"
#include "articles/front_db.h"
#include "articles/front_layout.h"
#include "base/str.h"
#include "base/utf8.h"
#include "site/site.h"
#include "web/static.h"

/* Longest title search, in bytes, and the results it shows. */
#define FRONT_QUERY_MAX 200
#define FRONT_RESULTS 20

/* What a button asks (the form's "do" value). */
typedef enum FrontEditOp {
    FRONT_OP_PIN_HEADLINE,   /* pin-headline-{article} */
    FRONT_OP_PIN_TOP,        /* pin-top-{article}: the first free slot */
    FRONT_OP_CLEAR_HEADLINE, /* headline-clear */
    FRONT_OP_CLEAR_TOP,      /* top-clear-{position} */
    FRONT_OP_TOP_UP,         /* top-up-{position} */
    FRONT_OP_TOP_DOWN,       /* top-down-{position} */
    FRONT_OP_TOP_ORDER,      /* top-order, with order=ids */
    FRONT_OP_SECTION_UP,     /* section-up-{section} */
    FRONT_OP_SECTION_DOWN,   /* section-down-{section} */
    FRONT_OP_SECTION_ORDER,  /* section-order, with order=ids */
} FrontEditOp;

/* The "do" prefixes and what they ask; a number follows where 'bArg'. */
static const struct {
    const char *zPrefix; /* the value, or its start before the number */
    FrontEditOp op;      /* the edit */
    bool bArg;           /* a number follows */
} aFrontOp[] = {
    {"pin-headline-", FRONT_OP_PIN_HEADLINE, true},
    {"pin-top-", FRONT_OP_PIN_TOP, true},
    {"headline-clear", FRONT_OP_CLEAR_HEADLINE, false},
    {"top-clear-", FRONT_OP_CLEAR_TOP, true},
    {"top-up-", FRONT_OP_TOP_UP, true},
    {"top-down-", FRONT_OP_TOP_DOWN, true},
    {"top-order", FRONT_OP_TOP_ORDER, false},
    {"section-up-", FRONT_OP_SECTION_UP, true},
    {"section-down-", FRONT_OP_SECTION_DOWN, true},
    {"section-order", FRONT_OP_SECTION_ORDER, false},
};

/*
 * Parse the "do" value 'z' into '*pOp' and '*pArg' (OUT: the article,
 * position or section it names, 0 when none).  Return false for anything
 * else.
 */
static bool front_edit_parse(const char *z, FrontEditOp *pOp, int64_t *pArg)
{
    if (z == NULL) {
        return false;
    }
    for (size_t i = 0; i < sizeof(aFrontOp) / sizeof(aFrontOp[0]); i++) {
        const char *zPrefix = aFrontOp[i].zPrefix;
        if (!aFrontOp[i].bArg) {
            if (strcmp(z, zPrefix) == 0) {
                *pOp = aFrontOp[i].op;
                *pArg = 0;
                return true;
            }
            continue;
        }
        if (str_starts_with(z, zPrefix)) {
            const char *zNum = z + strlen(zPrefix);
            /* A row position may be 0; ids may not. */
            int64_t v = strcmp(zNum, "0") == 0 ? 0 : http_parse_id(zNum);
            if (v == 0 && strcmp(zNum, "0") != 0) {
                return false;
            }
            *pOp = aFrontOp[i].op;
            *pArg = v;
            return true;
        }
    }
    return false;
}

/* The site's section ids in the front page's order into 'aOrder' (OUT). */
static int front_edit_order(StoreConn *c, int64_t *aOrder, int *pn)
{
    int64_t aStored[FRONT_SECTIONS_MAX];
    int nStored = 0;
    int rc = front_db_sections(c, aStored, &nStored);
    if (rc != OK) {
        return rc;
    }
    const Site *site = site_current();
    int nSite = site->nSection < FRONT_SECTIONS_MAX ? site->nSection
                                                    : FRONT_SECTIONS_MAX;
    int64_t aSite[FRONT_SECTIONS_MAX];
    for (int i = 0; i < nSite; i++) {
        aSite[i] = site->aSection[i].id;
    }
    *pn = front_order_sections(aStored, nStored, aSite, nSite, aOrder);
    return OK;
}

/* "12,0,7": the ids of 'aId' for the script's order forms (in 'a'). */
static const char *front_edit_ids(Arena *a, const int64_t *aId, int n)
{
    Str s;
    str_init(&s, a);
    for (int i = 0; i < n; i++) {
        str_appendf(&s, i ? ",%lld" : "%lld", (long long)aId[i]);
    }
    return s.z;
}

/* The pin of 'id' among 'aPin', or NULL. */
static const FrontPin *front_edit_pin(const FrontPin *aPin, int nPin,
                                      int64_t id)
{
    for (int i = 0; i < nPin; i++) {
        if (aPin[i].art.id == id) {
            return &aPin[i];
        }
    }
    return NULL;
}

/* The article 'id' among the pins and 'aLatest', or NULL. */
static const Article *front_edit_find(const FrontPin *aPin, int nPin,
                                      const Article *aLatest, int nLatest,
                                      int64_t id)
{
    const FrontPin *pin = front_edit_pin(aPin, nPin, id);
    if (pin != NULL) {
        return &pin->art;
    }
    for (int i = 0; i < nLatest; i++) {
        if (aLatest[i].id == id) {
            return &aLatest[i];
        }
    }
    return NULL;
}

/*
 * Fill slot view 's': what the editor pinned ('pinnedId', 0 for none)
 * and what the front page shows there now ('shownId').
 */
static void front_edit_slot(Arena *a, View *s, const FrontPin *aPin, int nPin,
                            const Article *aLatest, int nLatest,
                            int64_t pinnedId, int64_t shownId)
{
    view_int(s, "pinned_id", pinnedId);
    if (pinnedId != 0) {
        const FrontPin *pin = front_edit_pin(aPin, nPin, pinnedId);
        View *p = view_obj(s, "pinned");
        article_view_item(a, p, &pin->art);
        bool bLive = strcmp(pin->art.zStatus, "published") == 0;
        view_bool(s, "fell_out", !bLive);
        ArticleState state;
        view_str(p, "status",
                 article_state_parse(pin->art.zStatus, &state)
                     ? article_state_label(state)
                     : pin->art.zStatus);
    } else {
        view_bool(s, "fell_out", false);
    }
    const Article *shown =
        front_edit_find(aPin, nPin, aLatest, nLatest, shownId);
    if (shown != NULL && shownId != pinnedId) {
        article_view_item(a, view_obj(s, "auto"), shown);
    }
}

/*
 * The page: the layout now (pins, what fills the rest, section order),
 * the search 'zQuery' (going on after 'pFrom' when not NULL) or the
 * latest articles to pick from, and a note or an error, with 'status'.
 */
static int front_edit_render(Request *req, Response *res, StoreConn *c,
                             const char *zQuery, const KeysetCursor *pFrom,
                             const char *zNote, const char *zError, int status)
{
    FrontPin *aPin = NULL;
    int nPin = 0;
    int rc = front_db_pins(c, req->a, false, &aPin, &nPin);
    if (rc != OK) {
        return rc;
    }
    FrontPins pins;
    front_pins_from(aPin, nPin, &pins);
    /* What the front page shows: the pins still published, then the
       latest (as front_page.c decides it). */
    FrontPins live = pins;
    for (int i = 0; i < nPin; i++) {
        if (strcmp(aPin[i].art.zStatus, "published") != 0) {
            if (aPin[i].bHeadline) {
                live.headline = 0;
            } else {
                live.aTop[aPin[i].iPos] = 0;
            }
        }
    }
    Article *aLatest = NULL;
    int nLatest = 0;
    rc = article_db_list(c, req->a, 0, 0, 0, 2 * (1 + FRONT_TOP_SLOTS),
                         &aLatest, &nLatest);
    if (rc != OK) {
        return rc;
    }
    int64_t aLatestId[2 * (1 + FRONT_TOP_SLOTS)];
    for (int i = 0; i < nLatest; i++) {
        aLatestId[i] = aLatest[i].id;
    }
    FrontShown *pShown = arena_alloc(req->a, sizeof(FrontShown));
    pShown->n = 0;
    FrontPins shown;
    bool abPinned[1 + FRONT_TOP_SLOTS];
    front_fill_slots(&live, aLatestId, nLatest, &shown, abPinned, pShown);

    View *v = view_new(req->a);
    front_edit_slot(req->a, view_obj(v, "headline"), aPin, nPin, aLatest,
                    nLatest, pins.headline, shown.headline);
    view_list(v, "top");
    for (int i = 0; i < FRONT_TOP_SLOTS; i++) {
        View *s = view_list_add(v, "top");
        view_int(s, "pos", i);
        view_int(s, "number", i + 1);
        view_bool(s, "first", i == 0);
        view_bool(s, "last", i == FRONT_TOP_SLOTS - 1);
        front_edit_slot(req->a, s, aPin, nPin, aLatest, nLatest, pins.aTop[i],
                        shown.aTop[i]);
    }
    view_str(v, "top_order",
             front_edit_ids(req->a, pins.aTop, FRONT_TOP_SLOTS));

    int64_t aOrder[FRONT_SECTIONS_MAX];
    int nOrder = 0;
    rc = front_edit_order(c, aOrder, &nOrder);
    if (rc != OK) {
        return rc;
    }
    const Site *site = site_current();
    view_list(v, "sections");
    for (int i = 0; i < nOrder; i++) {
        const SiteSection *sec = site_section_by_id(site, aOrder[i]);
        View *s = view_list_add(v, "sections");
        view_int(s, "id", sec->id);
        view_str(s, "name", sec->zName);
        view_str(s, "slug", sec->zSlug);
        view_int(s, "number", i + 1);
        view_bool(s, "first", i == 0);
        view_bool(s, "last", i == nOrder - 1);
    }
    view_str(v, "section_order", front_edit_ids(req->a, aOrder, nOrder));

    /* Articles to pick: the search's (a window of the published list at
       a time, as the newsroom's lists search: desk_db_search()), or the
       latest. */
    Article *aPick = NULL;
    int nPick = 0;
    bool bSearch = zQuery != NULL && zQuery[0] != 0;
    if (bSearch) {
        DeskFilter f = {0, zQuery};
        DeskSearchPage sp;
        rc = desk_db_search(c, req->a, DESK_PUBLISHED, &f, pFrom, FRONT_RESULTS,
                            &sp);
        if (rc != OK) {
            return rc;
        }
        aPick = arena_alloc(req->a, sizeof(Article) * (size_t)(sp.nRow + 1));
        for (int i = 0; i < sp.nRow; i++) {
            aPick[i] = sp.aRow[i].art;
        }
        nPick = sp.nRow;
        if (sp.bNext) {
            Str u;
            str_init(&u, req->a);
            str_append_z(&u, "/newsroom/front?q=");
            url_encode(&u, zQuery, strlen(zQuery));
            str_appendf(&u, "&before=%s#fe-pick-title",
                        keyset_format(req->a, &sp.next));
            view_str(v, "more_url", u.z);
            view_bool(v, "more_window", sp.bWindowEnd);
        }
    } else {
        rc = article_db_list(c, req->a, 0, 0, 0, FRONT_RESULTS, &aPick, &nPick);
        if (rc != OK) {
            return rc;
        }
    }
    view_str(v, "q", zQuery ? zQuery : "");
    view_bool(v, "searched", bSearch);
    view_list(v, "picks");
    for (int i = 0; i < nPick; i++) {
        View *p = view_list_add(v, "picks");
        article_view_item(req->a, p, &aPick[i]);
        if (pins.headline == aPick[i].id) {
            view_str(p, "pinned_as", "헤드라인");
        }
        for (int k = 0; k < FRONT_TOP_SLOTS; k++) {
            if (pins.aTop[k] == aPick[i].id) {
                view_str(p, "pinned_as",
                         arena_printf(req->a, "주요 기사 %d", k + 1));
            }
        }
    }
    view_str(v, "note", zNote);
    view_str(v, "error", zError);
    view_str(v, "csrf", csrf_token(req, res));
    view_str(v, "js_version", static_version("front_edit.js"));
    res->status = status;
    res->bNoStore = true;
    return site_page_render(req, res, "newsroom/front_edit_page", v,
                            "메인 편집", NULL);
}

/* 403 for anyone but the desk. */
static int front_edit_check(Request *req, Response *res)
{
    if ((req->pViewer->roles & ARTICLE_ROLES_DESK) == 0) {
        res->zMessage = "메인 편집은 데스크(편집자)만 할 수 있습니다.";
        return 403;
    }
    return OK;
}

/*
 * The search typed in 'zQuery': NULL when fine, else the reason (and
 * the page searches nothing).
 */
static const char *front_edit_query_error(const char *zQuery)
{
    if (zQuery != NULL && strlen(zQuery) > FRONT_QUERY_MAX) {
        return "검색어가 너무 깁니다.";
    }
    return NULL;
}

/*
 * ROUTE: GET /newsroom/front
 *   q      title search, at most 200 bytes ("" or none: the latest)
 *   before with q: go on searching after this <time>.<id> (the "이어서
 *          찾기" link); malformed: 404
 *   saved  present after an edit (shows a note)
 */
int front_edit_page(Request *req, Response *res)
{
    int rc = front_edit_check(req, res);
    if (rc != OK) {
        return rc;
    }
    StoreConn *c = NULL;
    rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    const char *zQuery = req_query(req, "q");
    const char *zError = front_edit_query_error(zQuery);
    KeysetCursor from;
    const char *zBefore = req_query(req, "before");
    if (zBefore != NULL && !keyset_parse(zBefore, &from)) {
        return 404;
    }
    return front_edit_render(
        req, res, c, zError ? NULL : zQuery, zBefore ? &from : NULL,
        req_query(req, "saved") ? "첫 화면에 반영했습니다." : NULL, zError,
        zError ? 400 : 200);
}

/*
 * Apply edit 'op' with 'arg' to the layout read inside the open
 * transaction on 'c': '*pPins' and the section order 'aOrder' ('n').
 * Set '*pbPins' / '*pbOrder' (OUT) for what changed, and '*pzWhy' (OUT)
 * to NULL, or to a Korean reason why nothing may be written with the
 * page's '*pStatus' (OUT).  Return OK or ERR_*.
 */
static int front_edit_apply(Request *req, StoreConn *c, FrontEditOp op,
                            int64_t arg, FrontPins *pPins, int64_t *aOrder,
                            int n, bool *pbPins, bool *pbOrder,
                            const char **pzWhy, int *pStatus)
{
    *pStatus = 422;
    *pbPins = false;
    *pbOrder = false;
    *pzWhy = NULL;
    switch (op) {
    case FRONT_OP_PIN_HEADLINE:
    case FRONT_OP_PIN_TOP: {
        Article art;
        int rc = article_db_get(c, req->a, arg, &art);
        if (rc == ERR_NOTFOUND) {
            *pStatus = 409;
            *pzWhy = "출고된 기사만 첫 화면에 올릴 수 있습니다.";
            return OK;
        }
        if (rc != OK) {
            return rc;
        }
        if (op == FRONT_OP_PIN_HEADLINE) {
            front_pins_set_headline(pPins, arg);
        } else {
            *pStatus = 409;
            *pzWhy = front_pins_set_top(pPins, arg, -1);
        }
        *pbPins = *pzWhy == NULL;
        return OK;
    }
    case FRONT_OP_CLEAR_HEADLINE:
        *pbPins = front_pins_clear(pPins, true, 0);
        return OK;
    case FRONT_OP_CLEAR_TOP:
    case FRONT_OP_TOP_UP:
    case FRONT_OP_TOP_DOWN: {
        int iPos = arg < FRONT_TOP_SLOTS ? (int)arg : -1;
        *pbPins =
            op == FRONT_OP_CLEAR_TOP
                ? front_pins_clear(pPins, false, iPos)
                : front_pins_move(pPins, iPos, op == FRONT_OP_TOP_UP ? -1 : 1);
        if (!*pbPins) {
            *pzWhy = "그 자리로는 옮길 수 없습니다.";
        }
        return OK;
    }
    case FRONT_OP_SECTION_UP:
    case FRONT_OP_SECTION_DOWN:
        for (int i = 0; i < n && !*pbOrder; i++) {
            if (aOrder[i] == arg) {
                *pbOrder = front_order_move(aOrder, n, i,
                                            op == FRONT_OP_SECTION_UP ? -1 : 1);
            }
        }
        if (!*pbOrder) {
            *pzWhy = "그 분류는 더 옮길 수 없습니다.";
        }
        return OK;
    case FRONT_OP_TOP_ORDER:
    case FRONT_OP_SECTION_ORDER: {
        int64_t aNew[FRONT_SECTIONS_MAX];
        int nNew = 0;
        if (!front_parse_ids(req_form(req, "order"), aNew, FRONT_SECTIONS_MAX,
                             &nNew)) {
            *pzWhy = "순서를 읽을 수 없습니다.";
            return OK;
        }
        *pStatus = 409;
        if (op == FRONT_OP_TOP_ORDER) {
            *pzWhy = front_pins_reorder(pPins, aNew, nNew);
            *pbPins = *pzWhy == NULL;
        } else {
            *pzWhy = front_order_reorder(aOrder, n, aNew, nNew);
            *pbOrder = *pzWhy == NULL;
        }
        return OK;
    }
    }
    return OK;
}

/*
 * ROUTE: POST /newsroom/front
 *   do     the edit: pin-headline-{id}, pin-top-{id}, headline-clear,
 *          top-clear-{pos}, top-up-{pos}, top-down-{pos}, top-order,
 *          section-up-{id}, section-down-{id}, section-order
 *   order  top-order: the row's ids, 0 for a free slot (4 entries);
 *          section-order: every section id; comma-separated
 *   q      the search to show again, at most 200 bytes
 */
int front_edit_post(Request *req, Response *res)
{
    int rc = front_edit_check(req, res);
    if (rc != OK) {
        return rc;
    }
    StoreConn *c = NULL;
    rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    const char *zQuery = req_form(req, "q");
    if (front_edit_query_error(zQuery) != NULL) {
        zQuery = NULL;
    }
    FrontEditOp op;
    int64_t arg = 0;
    if (!front_edit_parse(req_form(req, "do"), &op, &arg)) {
        return front_edit_render(req, res, c, zQuery, NULL, NULL,
                                 "무엇을 바꿀지 알 수 없습니다.", 422);
    }
    rc = store_begin(c);
    if (rc != OK) {
        return rc;
    }
    FrontPin *aPin = NULL;
    int nPin = 0;
    FrontPins pins;
    int64_t aOrder[FRONT_SECTIONS_MAX];
    int nOrder = 0;
    rc = front_db_pins(c, req->a, false, &aPin, &nPin);
    if (rc == OK) {
        front_pins_from(aPin, nPin, &pins);
        rc = front_edit_order(c, aOrder, &nOrder);
    }
    bool bPins = false;
    bool bOrder = false;
    int status = 0;
    const char *zWhy = NULL;
    if (rc == OK) {
        rc = front_edit_apply(req, c, op, arg, &pins, aOrder, nOrder, &bPins,
                              &bOrder, &zWhy, &status);
    }
    if (rc == OK && zWhy == NULL && bPins) {
        rc = front_db_save_pins(c, &pins);
    }
    if (rc == OK && zWhy == NULL && bOrder) {
        rc = front_db_save_sections(c, aOrder, nOrder);
    }
    if (rc == OK && zWhy == NULL) {
        rc = app_change(c, "front");
    }
    if (rc == OK && zWhy == NULL) {
        rc = store_commit(c);
    }
    if (rc != OK || zWhy != NULL) {
        store_rollback(c);
    }
    if (rc != OK) {
        return rc;
    }
    if (zWhy != NULL) {
        return front_edit_render(req, res, c, zQuery, NULL, NULL, zWhy, status);
    }
    app_invalidate(req->app, "front");
    Str s;
    str_init(&s, req->a);
    str_append_z(&s, "/newsroom/front?saved=1");
    if (zQuery != NULL && zQuery[0] != 0) {
        str_append_z(&s, "&q=");
        url_encode(&s, zQuery, strlen(zQuery));
    }
    str_append_z(&s, "#layout");
    res_redirect(res, s.z);
    return OK;
}
