/*
 * front_page.c — the front page as the desk lays it out (메인 편집, issue
 * 9 §10): the 헤드라인, a row of 주요 기사, then a block per section in
 * the editor's order.  Pinned slots show the editor's articles while
 * they stay published (a retracted pin falls out silently); every other
 * slot, and every block, takes the latest published articles, never one
 * the page already shows (front_layout.c does the arithmetic, front_db.c
 * reads the layout).  /newsroom/front edits it and records the "front"
 * change, which drops this page.
 */
#include "articles/articles.h"

#include "app/app.h"
#include "articles/article_view.h"
#include "articles/front_db.h"
#include "articles/front_layout.h"
#include "site/site.h"

/* Latest articles read to fill the slots: enough when every slot skips
   one pinned article. */
#define FRONT_LATEST (2 * (1 + FRONT_TOP_SLOTS))

/* The article 'id' among the pins and the latest, or NULL. */
static const Article *front_find(int64_t id, const FrontPin *aPin, int nPin,
                                 const Article *aLatest, int nLatest)
{
    for (int i = 0; i < nPin; i++) {
        if (aPin[i].art.id == id) {
            return &aPin[i].art;
        }
    }
    for (int i = 0; i < nLatest; i++) {
        if (aLatest[i].id == id) {
            return &aLatest[i];
        }
    }
    return NULL;
}

/*
 * ROUTE: GET /
 *   (no parameters)
 */
int front_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    const Site *site = site_current();
    View *v = view_new(req->a);
    view_bool(v, "is_front", true);

    /* The headline and the row: pins of published articles, then the
       latest. */
    FrontPin *aPin = NULL;
    int nPin = 0;
    rc = front_db_pins(c, req->a, true, &aPin, &nPin);
    if (rc != OK) {
        return rc;
    }
    FrontPins pins;
    front_pins_from(aPin, nPin, &pins);
    Article *aLatest = NULL;
    int nLatest = 0;
    rc = article_db_list(c, req->a, 0, 0, 0, FRONT_LATEST, &aLatest, &nLatest);
    if (rc != OK) {
        return rc;
    }
    int64_t aLatestId[FRONT_LATEST];
    for (int i = 0; i < nLatest; i++) {
        aLatestId[i] = aLatest[i].id;
    }
    FrontShown *pShown = arena_alloc(req->a, sizeof(FrontShown));
    pShown->n = 0;
    FrontPins shown;
    bool abPinned[1 + FRONT_TOP_SLOTS];
    front_fill_slots(&pins, aLatestId, nLatest, &shown, abPinned, pShown);
    const Article *pHead =
        front_find(shown.headline, aPin, nPin, aLatest, nLatest);
    if (pHead != NULL) {
        /* The lead photo goes here once articles have photos ('photo':
           src, width, height, alt; templates/articles/front_page.html). */
        article_view_item(req->a, view_obj(v, "lead"), pHead);
    }
    view_list(v, "top");
    for (int i = 0; i < FRONT_TOP_SLOTS; i++) {
        const Article *art =
            front_find(shown.aTop[i], aPin, nPin, aLatest, nLatest);
        if (art != NULL) {
            article_view_item(req->a, view_list_add(v, "top"), art);
        }
    }

    /* The section blocks, in the editor's order, without repeats. */
    int64_t aStored[FRONT_SECTIONS_MAX];
    int nStored = 0;
    rc = front_db_sections(c, aStored, &nStored);
    if (rc != OK) {
        return rc;
    }
    int nSite = site->nSection < FRONT_SECTIONS_MAX ? site->nSection
                                                    : FRONT_SECTIONS_MAX;
    int64_t aSite[FRONT_SECTIONS_MAX];
    for (int i = 0; i < nSite; i++) {
        aSite[i] = site->aSection[i].id;
    }
    int64_t aOrder[FRONT_SECTIONS_MAX];
    int nOrder = front_order_sections(aStored, nStored, aSite, nSite, aOrder);
    view_list(v, "sections");
    for (int i = 0; i < nOrder; i++) {
        const SiteSection *sec = site_section_by_id(site, aOrder[i]);
        /* Enough candidates when every article above is of this
           section. */
        Article *aArt = NULL;
        int nArt = 0;
        rc = article_db_list(c, req->a, sec->id, 0, 0,
                             FRONT_PER_SECTION + 1 + FRONT_TOP_SLOTS, &aArt,
                             &nArt);
        if (rc != OK) {
            return rc;
        }
        int64_t aCand[FRONT_PER_SECTION + 1 + FRONT_TOP_SLOTS];
        for (int k = 0; k < nArt; k++) {
            aCand[k] = aArt[k].id;
        }
        int aiPick[FRONT_PER_SECTION];
        int nPick =
            front_fill_list(aCand, nArt, FRONT_PER_SECTION, pShown, aiPick);
        if (nPick == 0) {
            continue;
        }
        View *block = view_list_add(v, "sections");
        view_str(block, "name", sec->zName);
        view_str(block, "slug", sec->zSlug);
        view_list(block, "articles");
        for (int k = 0; k < nPick; k++) {
            article_view_item(req->a, view_list_add(block, "articles"),
                              &aArt[aiPick[k]]);
        }
    }
    site_meta(req, v, "website", NULL, NULL, "/");
    res_tag(res, req->a, "front");
    res_tag(res, req->a, "articles");
    return site_page_render(req, res, "articles/front_page", v, NULL, NULL);
}
