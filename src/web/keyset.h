/*
 * keyset.h — keyset ("seek") paging for every list a page shows: a page
 * starts after the last row of the one before, named by that row's
 * sort key, instead of skipping N rows with OFFSET and counting them all.
 *
 * A list is ordered by (t, id): a time column then the row id, both
 * descending or both ascending; the pair is unique, so rows that share a
 * time are neither repeated nor lost between pages.  Its address names a
 * position in that order:
 *
 *   /section/economy                      the first page
 *   /section/economy?before=1418979610.42 the rows after (t, id) =
 *                                         (1418979610, 42) in list order
 *   /section/economy?after=1418979610.42  the page whose last row comes
 *                                         just before (t, id) (the "이전"
 *                                         link of a later page)
 *   /section/economy?page=4               old numbered links: the driver
 *                                         finds the key (one index-only
 *                                         query) and the page redirects
 *
 * Whatever the depth, a page costs a few index seeks: the feature's
 * *_db.c answers the four steps of KeysetStep (each one SQL literal per
 * list, see docs/newsroom.md "Lists") and keyset_run() decides what to
 * show and which links to give.  Nothing counts the whole list.
 *
 * (Names say "before" and "after" as on a newest-first list; on a list
 * ordered oldest first the same parameters mean "next" and "previous".)
 */
#ifndef SINMUN_WEB_KEYSET_H
#define SINMUN_WEB_KEYSET_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/rc.h"
#include "web/http.h"

/* Largest ?page=N answered (as http_parse_page()). */
#define KEYSET_PAGE_MAX 100000

/* A row's place in a list: its sort time and id. */
typedef struct KeysetCursor {
    int64_t t;  /* the sort column (published_at, updated_at …) */
    int64_t id; /* the row id, breaking ties between equal times */
} KeysetCursor;

/* Which page an address asks for. */
typedef enum KeysetMode {
    KEYSET_FIRST = 0, /* no parameter: the start of the list */
    KEYSET_BEFORE,    /* ?before=t.id: the rows after that key */
    KEYSET_AFTER,     /* ?after=t.id: the page ending just before it */
    KEYSET_PAGE,      /* ?page=N: an old numbered link */
} KeysetMode;

/* A parsed page address. */
typedef struct KeysetPos {
    KeysetMode mode;  /* which parameter was given */
    KeysetCursor cur; /* its key (KEYSET_BEFORE, KEYSET_AFTER) */
    int iPage;        /* its number (KEYSET_PAGE), 1 … KEYSET_PAGE_MAX */
} KeysetPos;

/*
 * Read the page address of 'req': ?before=, ?after= or ?page= (at most
 * one of them) into '*pPos' (OUT).  Return false when a value is not in
 * its one canonical form ("t.id": optional '-', digits without a leading
 * zero, '.', a positive id; a page 1 … KEYSET_PAGE_MAX) or two are
 * given: the page is a 404.
 */
bool keyset_from_query(const Request *req, KeysetPos *pPos);

/*
 * Parse "t.id" in its one canonical form into '*pCur' (OUT).  Return
 * false for anything else (see keyset_from_query()).
 */
bool keyset_parse(const char *z, KeysetCursor *pCur);

/* "t.id" for 'cur', in 'a'. */
char *keyset_format(Arena *a, const KeysetCursor *pCur);

/*
 * The address of the list at 'zPath' at 'cur' with the parameter
 * 'zParam' ("before" or "after"): "/section/x?before=t.id", in 'a'.
 * 'zPath' may carry a query of its own ("/newsroom/admin/people?q=%EA%B9%80",
 * its values percent-encoded): the parameter is then added with '&'.
 */
char *keyset_url(Arena *a, const char *zPath, const char *zParam,
                 const KeysetCursor *pCur);

/* What a list's fetch function is asked for (see KeysetList). */
typedef enum KeysetStep {
    /* Rows with the same t as the cursor and an id after it, in list
       order (id descending on a newest-first list).  Kept. */
    KEYSET_STEP_ON_SAME = 0,
    /* Rows whose t comes after the cursor's in list order, in list order;
       with no cursor, from the start of the list.  Kept. */
    KEYSET_STEP_ON,
    /* Keys with the same t as the cursor and an id before it, nearest
       first (id ascending on a newest-first list).  Keys only. */
    KEYSET_STEP_BACK_SAME,
    /* Keys whose t comes before the cursor's in list order, nearest
       first.  Keys only. */
    KEYSET_STEP_BACK,
} KeysetStep;

/*
 * A list as keyset_run() drives it.  The feature writes one SQL literal
 * per step, each an index seek: "t = ? AND id < ? ORDER BY id DESC"
 * (ON_SAME), "t < ? ORDER BY t DESC, id DESC" (ON), "t = ? AND id > ?
 * ORDER BY id" (BACK_SAME), "t > ? ORDER BY t, id" (BACK) for a
 * newest-first list, each with LIMIT ?.  Two literals per direction,
 * not one "(t, id) < (?, ?)": SQLite seeks only on t for that and then
 * reads every row of an equal t.
 */
typedef struct KeysetList {
    /*
     * Fetch at most 'nLimit' rows of 'step' from 'pCur' (NULL only with
     * KEYSET_STEP_ON: the start of the list).  For the two ON steps keep
     * each row (append it to the caller's own array, in the order
     * fetched); for the BACK steps read keys only.  Write each row's key
     * to 'aKey' (room for 'nLimit') and their number to '*pnGot' (OUT).
     * Return OK or ERR_*.
     */
    int (*fnFetch)(void *pArg, KeysetStep step, const KeysetCursor *pCur,
                   int nLimit, KeysetCursor *aKey, int *pnGot);
    /*
     * The key of the row at 'nOffset' (0-based) from the start of the
     * list into '*pKey' (OUT); '*pbFound' (OUT) false when the list is
     * shorter, '*pbFollowed' (OUT) whether another row comes after it:
     * one index-only query "LIMIT 2 OFFSET ?", for old ?page=N links.
     * NULL: the list never had numbered pages (?page=N is a 404).
     * Return OK or ERR_*.
     */
    int (*fnNth)(void *pArg, int64_t nOffset, KeysetCursor *pKey, bool *pbFound,
                 bool *pbFollowed);
    void *pArg; /* passed to both */
} KeysetList;

/* What keyset_run() decided. */
typedef struct KeysetResult {
    int nRow;              /* rows to show: the first nRow the caller kept
                              (it may have kept one more) */
    const char *zRedirect; /* not NULL: answer with a redirect here
                              (?page=N, ?after= reaching the start,
                              ?before= with nothing before it);
                              nothing else is set */
    bool bPermanent;       /* the redirect never changes (301, not 302) */
    bool bNotFound;        /* the position is past the end: a 404 */
    const char *zPrevUrl;  /* "이전" (towards the start), or NULL */
    const char *zNextUrl;  /* "다음" (further on), or NULL */
    const char *zFirstUrl; /* the first page, when more than one page
                              back; else NULL */
    const char *zSelfUrl;  /* this page's own address (canonical) */
} KeysetResult;

/*
 * Show the page 'pos' of the list 'l' at 'zPath' (see keyset_url()), 'nLimit'
 * rows a page (≥ 1): fetch its rows through 'l' (the caller keeps them)
 * and fill '*pOut' (OUT, strings in 'a') with how many to show, the
 * links, or a redirect or not-found.  A page costs at most six fetches
 * of at most nLimit + 1 rows each, at any depth (?page=N one OFFSET
 * query more, index only).  Return OK or ERR_*.
 */
int keyset_run(Arena *a, const KeysetList *l, const KeysetPos *pos,
               const char *zPath, int nLimit, KeysetResult *pOut) WARN_UNUSED;

#endif
