/*
 * front_db.c — every SQL statement of the front page's layout
 * (front_db.h): pins (front_slots) and the section blocks' order
 * (front_sections); and article_like_pattern(), the bound LIKE pattern
 * of every title search (articles.h).
 *
 * Tables: front_slots, front_sections, read with articles and people.
 * Writes replace the whole layout inside the caller's transaction, which
 * reads the current layout first (BEGIN IMMEDIATE), so two editors'
 * edits apply one after the other and neither is lost.
 */
#include "articles/front_db.h"

#include <string.h>

#include "base/str.h"

/* Columns of a pinned article, in front_db_pin_row() order. */
#define FRONT_PIN_COLS                                                         \
    "SELECT f.slot, f.position, a.id, a.section_id, a.author_id, a.title,"     \
    " a.subtitle, a.published_at, a.modified_at, p.name, p.email, p.desk,"     \
    " a.comment_count, a.corrected_at, a.status"                               \
    " FROM front_slots f JOIN articles a ON a.id = f.article_id"               \
    " JOIN people p ON p.id = a.author_id"

/* Fill 'pPin' from the current row of a FRONT_PIN_COLS query. */
static void front_db_pin_row(StoreStmt *st, Arena *a, FrontPin *pPin)
{
    memset(pPin, 0, sizeof(*pPin));
    char *zSlot = store_col_text(st, 0, a);
    pPin->bHeadline = strcmp(zSlot, "headline") == 0;
    pPin->iPos = (int)store_col_int(st, 1);
    Article *art = &pPin->art;
    art->id = store_col_int(st, 2);
    art->sectionId = store_col_int(st, 3);
    art->authorId = store_col_int(st, 4);
    art->zTitle = store_col_text(st, 5, a);
    art->zSubtitle = store_col_text(st, 6, a);
    art->tPublished = store_col_int(st, 7);
    art->tModified = store_col_int(st, 8);
    art->author.id = art->authorId;
    art->author.zName = store_col_text(st, 9, a);
    art->author.zEmail = store_col_text(st, 10, a);
    art->author.zDesk = store_col_text(st, 11, a);
    art->author.zBio = "";
    art->nComment = store_col_int(st, 12);
    art->tCorrected = store_col_int(st, 13);
    art->zStatus = store_col_text(st, 14, a);
}

int front_db_pins(StoreConn *c, Arena *a, bool bPublished, FrontPin **paOut,
                  int *pnOut)
{
    StoreStmt *st = NULL;
    /* 'headline' sorts before 'top'. */
    int rc = bPublished
                 ? store_prepare(c,
                                 FRONT_PIN_COLS " WHERE a.status = 'published'"
                                                " ORDER BY f.slot, f.position",
                                 &st)
                 : store_prepare(
                       c, FRONT_PIN_COLS " ORDER BY f.slot, f.position", &st);
    if (rc != OK) {
        return rc;
    }
    FrontPin *aPin = arena_alloc(a, sizeof(FrontPin) * (1 + FRONT_TOP_SLOTS));
    int n = 0;
    while ((rc = store_step(st)) == STORE_ROW) {
        FrontPin pin;
        front_db_pin_row(st, a, &pin);
        /* Rows a hand edit put out of range are not slots. */
        bool bSlot = pin.bHeadline
                         ? pin.iPos == 0
                         : pin.iPos >= 0 && pin.iPos < FRONT_TOP_SLOTS;
        if (bSlot && n < 1 + FRONT_TOP_SLOTS) {
            aPin[n++] = pin;
        }
    }
    if (rc < 0) {
        return rc;
    }
    Article *aArt = arena_alloc(a, sizeof(Article) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        aArt[i] = aPin[i].art;
    }
    rc = article_db_bylines(c, a, aArt, n);
    if (rc != OK) {
        return rc;
    }
    for (int i = 0; i < n; i++) {
        aPin[i].art = aArt[i];
    }
    *paOut = aPin;
    *pnOut = n;
    return OK;
}

void front_pins_from(const FrontPin *aPin, int nPin, FrontPins *pPins)
{
    memset(pPins, 0, sizeof(*pPins));
    for (int i = 0; i < nPin; i++) {
        if (aPin[i].bHeadline) {
            pPins->headline = aPin[i].art.id;
        } else {
            pPins->aTop[aPin[i].iPos] = aPin[i].art.id;
        }
    }
}

/* Insert one pin. */
static int front_db_put_pin(StoreConn *c, const char *zSlot, int iPos,
                            int64_t articleId)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO front_slots(slot, position,"
                           " article_id) VALUES (?, ?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zSlot);
    store_bind_int(st, 2, iPos);
    store_bind_int(st, 3, articleId);
    return store_exec(st);
}

int front_db_save_pins(StoreConn *c, const FrontPins *pPins)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "DELETE FROM front_slots", &st);
    if (rc == OK) {
        rc = store_exec(st);
    }
    if (rc == OK && pPins->headline != 0) {
        rc = front_db_put_pin(c, "headline", 0, pPins->headline);
    }
    for (int i = 0; rc == OK && i < FRONT_TOP_SLOTS; i++) {
        if (pPins->aTop[i] != 0) {
            rc = front_db_put_pin(c, "top", i, pPins->aTop[i]);
        }
    }
    return rc;
}

int front_db_sections(StoreConn *c, int64_t *aOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT section_id FROM front_sections"
                           " ORDER BY position, section_id",
                           &st);
    if (rc != OK) {
        return rc;
    }
    int n = 0;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (n < FRONT_SECTIONS_MAX) {
            aOut[n++] = store_col_int(st, 0);
        }
    }
    if (rc < 0) {
        return rc;
    }
    *pnOut = n;
    return OK;
}

int front_db_save_sections(StoreConn *c, const int64_t *aId, int n)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "DELETE FROM front_sections", &st);
    if (rc == OK) {
        rc = store_exec(st);
    }
    for (int i = 0; rc == OK && i < n; i++) {
        rc = store_prepare(c,
                           "INSERT INTO front_sections(section_id, position)"
                           " VALUES (?, ?)",
                           &st);
        if (rc == OK) {
            store_bind_int(st, 1, aId[i]);
            store_bind_int(st, 2, i);
            rc = store_exec(st);
        }
    }
    return rc;
}

char *article_like_pattern(Arena *a, const char *zText)
{
    Str s;
    str_init(&s, a);
    str_append_char(&s, '%');
    for (const char *p = zText; *p != 0; p++) {
        if (*p == '%' || *p == '_' || *p == '!') {
            str_append_char(&s, '!');
        }
        str_append_char(&s, *p);
    }
    str_append_char(&s, '%');
    return s.z;
}
