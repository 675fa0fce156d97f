/*
 * desk_db.h — the newsroom home's lists (/newsroom and its tabs, issue 9
 * §6): my drafts, the desk queue, scheduled, recently published and
 * recently corrected articles, each paged by keyset (web/keyset.h: the
 * first page costs the same at a million articles as at a thousand) and
 * searchable by title, with the counts the tabs show.
 *
 * The SQL is desk_db.c's; the pages are newsroom/'s.  "Mine" is what the
 * workflow calls the author: the account that created the article, or an
 * account linked to one of its bylines (people.account_id).
 */
#ifndef SINMUN_ARTICLES_DESK_DB_H
#define SINMUN_ARTICLES_DESK_DB_H

#include "articles/articles.h"
#include "web/keyset.h"

/* The lists, in no particular order (the page orders its tabs). */
typedef enum DeskList {
    DESK_DRAFTS = 0, /* 작성중: mine only, last saved first (updated_at) */
    DESK_REVIEW,    /* 데스크 대기: submitted first first (submitted_at) */
    DESK_SCHEDULED, /* 예약: the soonest first (scheduled_at) */
    DESK_PUBLISHED, /* 출고: newest first (published_at) */
    DESK_CORRECTED, /* 정정: newest notice first (corrected_at) */
    DESK_LIST_COUNT /* how many lists */
} DeskList;

/* Which rows of a list. */
typedef struct DeskFilter {
    int64_t mineId;     /* not 0: only the articles of this account (the
                           drafts list always sets it) */
    const char *zQuery; /* "": every title; else titles holding it */
} DeskFilter;

/* One row of a newsroom list. */
typedef struct DeskRow {
    Article art;         /* list columns, bylines, zStatus, tCorrected */
    UnixTime tUpdated;   /* last save */
    UnixTime tSubmitted; /* entered 데스크 대기, 0 when never */
    UnixTime tScheduled; /* 예약 time, 0 when none */
    char *zSubmitter;    /* the person linked to the submitting account,
                            "" when none */
} DeskRow;

/*
 * One page of 'list' with filter 'f' at the position 'pos' of the list
 * whose address is 'zPath' (web/keyset.h): at most 'nLimit' rows with
 * their bylines.  Set '*paOut' (OUT, in 'a': the first pResult->nRow
 * rows are the page) and '*pResult' (OUT: links, redirect, not-found).
 * Return OK or ERR_*.
 */
int desk_db_page(StoreConn *c, Arena *a, DeskList list, const DeskFilter *f,
                 const KeysetPos *pos, const char *zPath, int nLimit,
                 DeskRow **paOut, KeysetResult *pResult) WARN_UNUSED;

/* Rows a title search walks at most per request (desk_db_search()). */
#define DESK_SEARCH_WINDOW 10000

/* A page of a title search. */
typedef struct DeskSearchPage {
    DeskRow *aRow;     /* the matches shown, in list order (in 'a') */
    int nRow;          /* how many */
    bool bNext;        /* there is more to search: 'next' is set */
    KeysetCursor next; /* where the next page starts (?before=) */
    bool bWindowEnd;   /* this page stopped at the end of its window, not
                          because it was full */
} DeskSearchPage;

/*
 * One page of the title search 'f->zQuery' (not "") in 'list', going on
 * after 'pCur' (NULL: from the start of the list): the matches among at
 * most DESK_SEARCH_WINDOW rows of the list (plus the rest of the rows of
 * the cursor's and the window's last time), at most 'nLimit', with their
 * bylines, so a page costs the same whatever the archive's size; a word
 * no title holds is searched a window at a time.  Forward only.  Fill
 * '*pOut' (OUT, in 'a').  Return OK or ERR_*.
 */
int desk_db_search(StoreConn *c, Arena *a, DeskList list, const DeskFilter *f,
                   const KeysetCursor *pCur, int nLimit,
                   DeskSearchPage *pOut) WARN_UNUSED;

/*
 * What a tab counts into '*pn' (OUT), the search aside: every row of
 * DESK_DRAFTS, DESK_REVIEW and DESK_SCHEDULED under 'mineId' (0: all;
 * these stay small whatever the archive's size), and the rows of
 * DESK_PUBLISHED and DESK_CORRECTED since 'tSince' (today's, an index
 * range).  Return OK or ERR_*.
 */
int desk_db_count(StoreConn *c, DeskList list, int64_t mineId, UnixTime tSince,
                  int64_t *pn) WARN_UNUSED;

#endif
