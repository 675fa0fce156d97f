/*
 * front_db.h — the front page's layout in the database (front_db.c):
 * the editor's pins (front_slots) and the order of the section blocks
 * (front_sections).  The arithmetic on them is front_layout.h; the
 * front editor searches titles with desk_db_search() (desk_db.h).
 */
#ifndef SINMUN_ARTICLES_FRONT_DB_H
#define SINMUN_ARTICLES_FRONT_DB_H

#include "articles/articles.h"
#include "articles/front_layout.h"

/* One pinned slot with its article. */
typedef struct FrontPin {
    bool bHeadline; /* the 헤드라인 slot, else a 주요 기사 position */
    int iPos;       /* the row position (0 for the headline) */
    Article art;    /* list columns, bylines and zStatus */
} FrontPin;

/*
 * The pins in slot order (the headline first), at most 1 +
 * FRONT_TOP_SLOTS: only of published articles when 'bPublished' (what
 * the front page shows: a retracted pin falls out), else every pin with
 * its article's status (the editor, who must see a pin that fell out).
 * Articles come with their bylines.  Set '*paOut', '*pnOut' (OUT, in
 * 'a').  Return OK or ERR_*.
 */
int front_db_pins(StoreConn *c, Arena *a, bool bPublished, FrontPin **paOut,
                  int *pnOut) WARN_UNUSED;

/* The ids of 'nPin' pins 'aPin' as FrontPins (OUT '*pPins'). */
void front_pins_from(const FrontPin *aPin, int nPin, FrontPins *pPins);

/*
 * Replace every pin by 'pPins' on 'c', inside the caller's transaction
 * (which also records the "front" change).  Return OK or ERR_*.
 */
int front_db_save_pins(StoreConn *c, const FrontPins *pPins) WARN_UNUSED;

/*
 * The section order the editor stored: section ids by position, at most
 * FRONT_SECTIONS_MAX.  Set '*pnOut' (OUT) and 'aOut' (OUT).  Sections
 * not listed come after them in the navigation's order
 * (front_order_sections()).  Return OK or ERR_*.
 */
int front_db_sections(StoreConn *c, int64_t *aOut, int *pnOut) WARN_UNUSED;

/*
 * Store the 'n' section ids 'aId' as the block order, inside the
 * caller's transaction.  Return OK or ERR_*.
 */
int front_db_save_sections(StoreConn *c, const int64_t *aId, int n) WARN_UNUSED;

#endif
