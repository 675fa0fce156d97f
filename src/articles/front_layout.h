/*
 * front_layout.h — 메인 편집, the front page's layout as data (issue 9
 * §10): the editor's pins (the 헤드라인 and a row of 주요 기사), how the
 * page fills what is not pinned with the latest articles without ever
 * showing one twice, and the edits /newsroom/front makes to the pins and
 * to the order of the section blocks.
 *
 * Everything here is pure (no database, no clock): front_page.c and the
 * newsroom's front editor read and write the tables through front_db.h
 * and do the arithmetic here, and front_layout_test.c walks every rule.
 */
#ifndef SINMUN_ARTICLES_FRONT_LAYOUT_H
#define SINMUN_ARTICLES_FRONT_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

/* Slots in the 주요 기사 row under the headline. */
#define FRONT_TOP_SLOTS 4
/* Articles in each section block. */
#define FRONT_PER_SECTION 5
/* Most section blocks (sections) the front page lays out. */
#define FRONT_SECTIONS_MAX 64
/* Most articles one front page shows: headline, row, every block. */
#define FRONT_SHOWN_MAX                                                        \
    (1 + FRONT_TOP_SLOTS + FRONT_SECTIONS_MAX * FRONT_PER_SECTION)

/* The editor's choices: an article id per slot, 0 where the slot fills
   itself with the latest article. */
typedef struct FrontPins {
    int64_t headline; /* 헤드라인 (front_slots 'headline', 0) */
    int64_t aTop[FRONT_TOP_SLOTS]; /* 주요 기사 by position ('top', i) */
} FrontPins;

/* The articles a front page has shown so far: none may come twice. */
typedef struct FrontShown {
    int64_t aId[FRONT_SHOWN_MAX]; /* articles.id, in the order shown */
    int n;                        /* how many */
} FrontShown;

/* True when 'id' is in 'pShown'. */
bool front_shown_has(const FrontShown *pShown, int64_t id);

/*
 * Decide the headline and the 주요 기사 row.  'pPins' holds the pins of
 * articles that are still published (the caller drops the others: a
 * retracted pin falls out silently); a pin that repeats an earlier slot's
 * article is ignored.  Each slot left empty takes the next of 'aLatest'
 * ('nLatest' published ids, newest first) that is not shown yet.  Set
 * '*pOut' (OUT: 0 where even the latest ran out) and 'abPinned' (OUT,
 * 1 + FRONT_TOP_SLOTS flags: the headline's first, true where the
 * editor's pin is shown), and add every shown id to 'pShown'.
 */
void front_fill_slots(const FrontPins *pPins, const int64_t *aLatest,
                      int nLatest, FrontPins *pOut, bool *abPinned,
                      FrontShown *pShown);

/*
 * Pick for a list (a section block) at most 'nWant' of the 'nCand'
 * candidates 'aCand' (newest first) that are not shown yet, in order;
 * set 'aiPick' (OUT, at least 'nWant' places) to their indexes in
 * 'aCand' and add them to 'pShown'.  Return how many were picked.
 */
int front_fill_list(const int64_t *aCand, int nCand, int nWant,
                    FrontShown *pShown, int *aiPick);

/*
 * Make 'id' the headline; if it was in the row, that slot fills itself
 * again (an article is never pinned twice).
 */
void front_pins_set_headline(FrontPins *pPins, int64_t id);

/*
 * Pin 'id' in the row at position 'iPos' (0 … FRONT_TOP_SLOTS - 1), or
 * at the first self-filling slot when 'iPos' is -1.  An article pinned
 * elsewhere (headline or another slot) moves here.  Return NULL, or a
 * Korean reason when there is no free slot or 'iPos' is out of range
 * (then nothing changed).
 */
const char *front_pins_set_top(FrontPins *pPins, int64_t id, int iPos);

/*
 * Unpin the headline ('bHeadline') or row position 'iPos': that slot
 * fills itself again.  Return false when 'iPos' is out of range.
 */
bool front_pins_clear(FrontPins *pPins, bool bHeadline, int iPos);

/*
 * Swap row position 'iPos' with its neighbour above ('iDir' -1) or below
 * (+1), pinned or not.  Return false (nothing changed) at either end or
 * when 'iPos' is out of range.
 */
bool front_pins_move(FrontPins *pPins, int iPos, int iDir);

/*
 * Put the row in the order 'aNew' ('nNew' ids, 0 for a self-filling
 * slot), as the front editor's script sends it after a drag: it must be
 * the same pins in another order (FRONT_TOP_SLOTS entries).  Return NULL,
 * or a Korean reason (nothing changed): wrong length, or not the same
 * pins — another editor changed the row meanwhile.
 */
const char *front_pins_reorder(FrontPins *pPins, const int64_t *aNew, int nNew);

/*
 * Move entry 'i' of the 'n' section ids 'aId' one place up ('iDir' -1) or
 * down (+1).  Return false (nothing changed) at either end or out of
 * range.
 */
bool front_order_move(int64_t *aId, int n, int i, int iDir);

/*
 * Replace the 'n' section ids 'aId' by 'aNew' ('nNew' ids) when it holds
 * exactly the same ids in another order.  Return NULL, or a Korean reason
 * (nothing changed).
 */
const char *front_order_reorder(int64_t *aId, int n, const int64_t *aNew,
                                int nNew);

/*
 * The order of the section blocks: the 'nStored' ids the editor stored
 * ('aStored', by position) that are still sections of the site ('aSite',
 * 'nSite' ids in the navigation's order), each once, then every other
 * section of 'aSite' in its order.  Write them to 'aOut' (OUT, 'nSite'
 * places) and return how many ('nSite').
 */
int front_order_sections(const int64_t *aStored, int nStored,
                         const int64_t *aSite, int nSite, int64_t *aOut);

/*
 * Parse 'z', decimal ids separated by commas ("12,0,7"; 0 allowed, no
 * spaces, no sign), into 'aOut' (OUT, at most 'nMax').  Set '*pn' (OUT).
 * Return false for anything else, or for more than 'nMax' ids.
 */
bool front_parse_ids(const char *z, int64_t *aOut, int nMax, int *pn);

#endif
