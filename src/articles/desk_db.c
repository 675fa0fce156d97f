/*
 * desk_db.c — every SQL statement of the newsroom home's lists
 * (desk_db.h).
 *
 * Tables: articles, people (bylines and the submitter's name, through
 * people.account_id: no query reads accounts/' tables), article_authors.
 * Each list is ordered by a time and the id and paged by keyset: four
 * literals per list (web/keyset.h), each a seek on the list's index —
 * articles_by_update (status, updated_at) for drafts,
 * articles_by_submission (status, coalesce(submitted_at, updated_at),
 * migration 13) for the desk queue, articles_by_schedule for scheduled,
 * articles_by_status for published and articles_by_correction for
 * corrected — so the first page is the same few rows at any size.  The
 * "mine" and title filters are tests on the rows the seek walks: a
 * search for a rare title walks until it has a page, which is the price
 * of searching titles without a text index (DESIGN.md's search feature
 * will bring one).
 */
#include "articles/desk_db.h"

#include <string.h>

/* Columns of a row, in desk_db_row() order. */
#define DESK_COLS                                                              \
    "SELECT a.id, a.section_id, a.author_id, a.title, a.subtitle,"             \
    " a.published_at, a.modified_at, p.name, p.email, p.desk,"                 \
    " a.comment_count, a.corrected_at, a.status, a.updated_at,"                \
    " a.submitted_at, a.scheduled_at, coalesce(s.name, '')"                    \
    " FROM articles a JOIN people p ON p.id = a.author_id"                     \
    " LEFT JOIN people s ON s.account_id = a.submitted_by"

/* Mine (three times the account, 0 for everyone's), then the title
   search ("" for every title, and the LIKE pattern). */
#define DESK_FILTERS                                                           \
    " AND (? = 0 OR a.created_by = ? OR EXISTS (SELECT 1"                      \
    " FROM article_authors w JOIN people q ON q.id = w.person_id"              \
    " WHERE w.article_id = a.id AND q.account_id = ?))"                        \
    " AND (? = '' OR a.title LIKE ? ESCAPE '!')"

/* Each list's rows ('W') and sort time ('T'). */
#define DESK_W_DRAFTS "a.status = 'draft'"
#define DESK_T_DRAFTS "a.updated_at"
#define DESK_W_REVIEW "a.status = 'review'"
#define DESK_T_REVIEW "coalesce(a.submitted_at, a.updated_at)"
#define DESK_W_SCHEDULED "a.status = 'scheduled'"
#define DESK_T_SCHEDULED "a.scheduled_at"
#define DESK_W_PUBLISHED "a.status = 'published'"
#define DESK_T_PUBLISHED "a.published_at"
#define DESK_W_CORRECTED "a.corrected_at IS NOT NULL"
#define DESK_T_CORRECTED "a.corrected_at"

/*
 * Each list's four steps (web/keyset.h) are written out below from these
 * pieces: tools/lint reads a statement only as literals and string
 * macros, so no macro takes arguments.  A newest-first list:
 *   ON_SAME    T = ? AND a.id < ?  ORDER BY a.id DESC
 *   ON         T < ?               ORDER BY T DESC, a.id DESC
 *   BACK_SAME  T = ? AND a.id > ?  ORDER BY a.id          (keys only)
 *   BACK       T > ?               ORDER BY T, a.id       (keys only)
 * and an oldest-first list the same with the comparisons and directions
 * turned round.
 */
#define DESK_KEYS "SELECT "
#define DESK_KEYS_FROM ", a.id FROM articles a WHERE "
#define DESK_LIMIT " LIMIT ?"

/* True for the lists read oldest first. */
static bool desk_ascending(DeskList list)
{
    return list == DESK_REVIEW || list == DESK_SCHEDULED;
}

/* Prepare the statement of 'step' of 'list' (unbound). */
static int desk_db_prepare(StoreConn *c, DeskList list, KeysetStep step,
                           StoreStmt **pst)
{
    switch (list) {
    case DESK_DRAFTS:
        switch (step) {
        case KEYSET_STEP_ON_SAME:
            return store_prepare(
                c,
                DESK_COLS " WHERE " DESK_W_DRAFTS DESK_FILTERS
                          " AND " DESK_T_DRAFTS
                          " = ? AND a.id < ? ORDER BY a.id DESC" DESK_LIMIT,
                pst);
        case KEYSET_STEP_ON:
            return store_prepare(c,
                                 DESK_COLS " WHERE " DESK_W_DRAFTS DESK_FILTERS
                                           " AND " DESK_T_DRAFTS
                                           " < ? ORDER BY " DESK_T_DRAFTS
                                           " DESC, a.id DESC" DESK_LIMIT,
                                 pst);
        case KEYSET_STEP_BACK_SAME:
            return store_prepare(c,
                                 DESK_KEYS DESK_T_DRAFTS DESK_KEYS_FROM
                                     DESK_W_DRAFTS DESK_FILTERS
                                 " AND " DESK_T_DRAFTS
                                 " = ? AND a.id > ? ORDER BY a.id" DESK_LIMIT,
                                 pst);
        case KEYSET_STEP_BACK:
            return store_prepare(c,
                                 DESK_KEYS DESK_T_DRAFTS DESK_KEYS_FROM
                                     DESK_W_DRAFTS DESK_FILTERS
                                 " AND " DESK_T_DRAFTS
                                 " > ? ORDER BY " DESK_T_DRAFTS
                                 ", a.id" DESK_LIMIT,
                                 pst);
        }
        break;
    case DESK_REVIEW:
        switch (step) {
        case KEYSET_STEP_ON_SAME:
            return store_prepare(c,
                                 DESK_COLS
                                 " WHERE " DESK_W_REVIEW DESK_FILTERS
                                 " AND " DESK_T_REVIEW
                                 " = ? AND a.id > ? ORDER BY a.id" DESK_LIMIT,
                                 pst);
        case KEYSET_STEP_ON:
            return store_prepare(c,
                                 DESK_COLS " WHERE " DESK_W_REVIEW DESK_FILTERS
                                           " AND " DESK_T_REVIEW
                                           " > ? ORDER BY " DESK_T_REVIEW
                                           ", a.id" DESK_LIMIT,
                                 pst);
        case KEYSET_STEP_BACK_SAME:
            return store_prepare(
                c,
                DESK_KEYS DESK_T_REVIEW DESK_KEYS_FROM DESK_W_REVIEW
                    DESK_FILTERS
                " AND " DESK_T_REVIEW
                " = ? AND a.id < ? ORDER BY a.id DESC" DESK_LIMIT,
                pst);
        case KEYSET_STEP_BACK:
            return store_prepare(c,
                                 DESK_KEYS DESK_T_REVIEW DESK_KEYS_FROM
                                     DESK_W_REVIEW DESK_FILTERS
                                 " AND " DESK_T_REVIEW
                                 " < ? ORDER BY " DESK_T_REVIEW
                                 " DESC, a.id DESC" DESK_LIMIT,
                                 pst);
        }
        break;
    case DESK_SCHEDULED:
        switch (step) {
        case KEYSET_STEP_ON_SAME:
            return store_prepare(c,
                                 DESK_COLS
                                 " WHERE " DESK_W_SCHEDULED DESK_FILTERS
                                 " AND " DESK_T_SCHEDULED
                                 " = ? AND a.id > ? ORDER BY a.id" DESK_LIMIT,
                                 pst);
        case KEYSET_STEP_ON:
            return store_prepare(
                c,
                DESK_COLS " WHERE " DESK_W_SCHEDULED DESK_FILTERS
                          " AND " DESK_T_SCHEDULED
                          " > ? ORDER BY " DESK_T_SCHEDULED ", a.id" DESK_LIMIT,
                pst);
        case KEYSET_STEP_BACK_SAME:
            return store_prepare(
                c,
                DESK_KEYS DESK_T_SCHEDULED DESK_KEYS_FROM DESK_W_SCHEDULED
                    DESK_FILTERS
                " AND " DESK_T_SCHEDULED
                " = ? AND a.id < ? ORDER BY a.id DESC" DESK_LIMIT,
                pst);
        case KEYSET_STEP_BACK:
            return store_prepare(c,
                                 DESK_KEYS DESK_T_SCHEDULED DESK_KEYS_FROM
                                     DESK_W_SCHEDULED DESK_FILTERS
                                 " AND " DESK_T_SCHEDULED
                                 " < ? ORDER BY " DESK_T_SCHEDULED
                                 " DESC, a.id DESC" DESK_LIMIT,
                                 pst);
        }
        break;
    case DESK_PUBLISHED:
        switch (step) {
        case KEYSET_STEP_ON_SAME:
            return store_prepare(
                c,
                DESK_COLS " WHERE " DESK_W_PUBLISHED DESK_FILTERS
                          " AND " DESK_T_PUBLISHED
                          " = ? AND a.id < ? ORDER BY a.id DESC" DESK_LIMIT,
                pst);
        case KEYSET_STEP_ON:
            return store_prepare(
                c,
                DESK_COLS
                " WHERE " DESK_W_PUBLISHED DESK_FILTERS " AND " DESK_T_PUBLISHED
                " < ? ORDER BY " DESK_T_PUBLISHED " DESC, a.id DESC" DESK_LIMIT,
                pst);
        case KEYSET_STEP_BACK_SAME:
            return store_prepare(c,
                                 DESK_KEYS DESK_T_PUBLISHED DESK_KEYS_FROM
                                     DESK_W_PUBLISHED DESK_FILTERS
                                 " AND " DESK_T_PUBLISHED
                                 " = ? AND a.id > ? ORDER BY a.id" DESK_LIMIT,
                                 pst);
        case KEYSET_STEP_BACK:
            return store_prepare(c,
                                 DESK_KEYS DESK_T_PUBLISHED DESK_KEYS_FROM
                                     DESK_W_PUBLISHED DESK_FILTERS
                                 " AND " DESK_T_PUBLISHED
                                 " > ? ORDER BY " DESK_T_PUBLISHED
                                 ", a.id" DESK_LIMIT,
                                 pst);
        }
        break;
    case DESK_CORRECTED:
        switch (step) {
        case KEYSET_STEP_ON_SAME:
            return store_prepare(
                c,
                DESK_COLS " WHERE " DESK_W_CORRECTED DESK_FILTERS
                          " AND " DESK_T_CORRECTED
                          " = ? AND a.id < ? ORDER BY a.id DESC" DESK_LIMIT,
                pst);
        case KEYSET_STEP_ON:
            return store_prepare(
                c,
                DESK_COLS
                " WHERE " DESK_W_CORRECTED DESK_FILTERS " AND " DESK_T_CORRECTED
                " < ? ORDER BY " DESK_T_CORRECTED " DESC, a.id DESC" DESK_LIMIT,
                pst);
        case KEYSET_STEP_BACK_SAME:
            return store_prepare(c,
                                 DESK_KEYS DESK_T_CORRECTED DESK_KEYS_FROM
                                     DESK_W_CORRECTED DESK_FILTERS
                                 " AND " DESK_T_CORRECTED
                                 " = ? AND a.id > ? ORDER BY a.id" DESK_LIMIT,
                                 pst);
        case KEYSET_STEP_BACK:
            return store_prepare(c,
                                 DESK_KEYS DESK_T_CORRECTED DESK_KEYS_FROM
                                     DESK_W_CORRECTED DESK_FILTERS
                                 " AND " DESK_T_CORRECTED
                                 " > ? ORDER BY " DESK_T_CORRECTED
                                 ", a.id" DESK_LIMIT,
                                 pst);
        }
        break;
    case DESK_LIST_COUNT:
        break;
    }
    return ERR_INVALID;
}

/* A list being read, as the keyset driver's fnFetch argument. */
typedef struct DeskRead {
    StoreConn *c;       /* the connection */
    Arena *a;           /* where rows go */
    DeskList list;      /* which list */
    int64_t mineId;     /* DeskFilter.mineId */
    const char *zQuery; /* DeskFilter.zQuery, never NULL */
    const char *zLike;  /* its LIKE pattern */
    DeskRow *aRow;      /* rows kept, in list order */
    int nRow;           /* how many */
    int nAlloc;         /* room in aRow */
} DeskRead;

/* Fill 'pRow' from the current row of a DESK_COLS query. */
static void desk_db_row(StoreStmt *st, Arena *a, DeskRow *pRow)
{
    memset(pRow, 0, sizeof(*pRow));
    Article *art = &pRow->art;
    art->id = store_col_int(st, 0);
    art->sectionId = store_col_int(st, 1);
    art->authorId = store_col_int(st, 2);
    art->zTitle = store_col_text(st, 3, a);
    art->zSubtitle = store_col_text(st, 4, a);
    art->tPublished = store_col_int(st, 5);
    art->tModified = store_col_int(st, 6);
    art->author.id = art->authorId;
    art->author.zName = store_col_text(st, 7, a);
    art->author.zEmail = store_col_text(st, 8, a);
    art->author.zDesk = store_col_text(st, 9, a);
    art->author.zBio = "";
    art->nComment = store_col_int(st, 10);
    art->tCorrected = store_col_int(st, 11);
    art->zStatus = store_col_text(st, 12, a);
    pRow->tUpdated = store_col_int(st, 13);
    pRow->tSubmitted = store_col_int(st, 14);
    pRow->tScheduled = store_col_int(st, 15);
    pRow->zSubmitter = store_col_text(st, 16, a);
}

/* The sort time of 'pRow' in 'list' (as DESK_T_* computes it). */
static UnixTime desk_row_time(DeskList list, const DeskRow *pRow)
{
    switch (list) {
    case DESK_DRAFTS:
        return pRow->tUpdated;
    case DESK_REVIEW:
        return pRow->tSubmitted ? pRow->tSubmitted : pRow->tUpdated;
    case DESK_SCHEDULED:
        return pRow->tScheduled;
    case DESK_PUBLISHED:
        return pRow->art.tPublished;
    case DESK_CORRECTED:
    case DESK_LIST_COUNT:
        break;
    }
    return pRow->art.tCorrected;
}

/* KeysetList.fnFetch for the newsroom lists. */
static int desk_db_fetch(void *pArg, KeysetStep step, const KeysetCursor *pCur,
                         int nLimit, KeysetCursor *aKey, int *pnGot)
{
    DeskRead *r = pArg;
    StoreStmt *st = NULL;
    int rc = desk_db_prepare(r->c, r->list, step, &st);
    if (rc != OK) {
        return rc;
    }
    int i = 1;
    store_bind_int(st, i++, r->mineId);
    store_bind_int(st, i++, r->mineId);
    store_bind_int(st, i++, r->mineId);
    store_bind_z(st, i++, r->zQuery);
    store_bind_z(st, i++, r->zLike);
    /* No cursor: from the start, i.e. past any time there is. */
    int64_t tStart = desk_ascending(r->list) ? INT64_MIN : INT64_MAX;
    store_bind_int(st, i++, pCur ? pCur->t : tStart);
    if (step == KEYSET_STEP_ON_SAME || step == KEYSET_STEP_BACK_SAME) {
        store_bind_int(st, i++, pCur->id);
    }
    store_bind_int(st, i, nLimit);
    bool bKeep = step == KEYSET_STEP_ON_SAME || step == KEYSET_STEP_ON;
    int n = 0;
    while (n < nLimit && (rc = store_step(st)) == STORE_ROW) {
        if (!bKeep) {
            aKey[n].t = store_col_int(st, 0);
            aKey[n++].id = store_col_int(st, 1);
            continue;
        }
        r->aRow =
            arena_grow(r->a, r->aRow, r->nRow, &r->nAlloc, sizeof(*r->aRow));
        DeskRow *pRow = &r->aRow[r->nRow++];
        desk_db_row(st, r->a, pRow);
        aKey[n].t = desk_row_time(r->list, pRow);
        aKey[n++].id = pRow->art.id;
    }
    if (rc < 0) {
        return rc;
    }
    *pnGot = n;
    return OK;
}

/* ---------------------------------------------------------------------
 * Title search, a window at a time.  Without a text index a search tests
 * rows as it walks the list, so a word few titles hold would walk the
 * whole archive.  Instead each request walks at most DESK_SEARCH_WINDOW
 * rows past its cursor: the window's far end ("floor") is the time of
 * the last of those rows, found from the index alone; the matches are
 * read between the cursor and the floor (every row of the floor's time
 * included); when they do not fill a page, the next page goes on from
 * the floor.  Forward only: a search page has "처음" and "다음".
 */

/* Prepare the floor query ('bFloor') or the windowed ON step of 'list'. */
static int desk_db_prepare_search(StoreConn *c, DeskList list, bool bFloor,
                                  StoreStmt **pst)
{
    switch (list) {
    case DESK_DRAFTS:
        return bFloor
                   ? store_prepare(
                         c,
                         "SELECT min(t), count(*) FROM (SELECT " DESK_T_DRAFTS
                         " AS t FROM articles a WHERE " DESK_W_DRAFTS
                             DESK_FILTERS " AND " DESK_T_DRAFTS
                         " < ? ORDER BY " DESK_T_DRAFTS
                         " DESC, a.id DESC LIMIT ?) w",
                         pst)
                   : store_prepare(c,
                                   DESK_COLS
                                   " WHERE " DESK_W_DRAFTS DESK_FILTERS
                                   " AND " DESK_T_DRAFTS
                                   " < ? AND " DESK_T_DRAFTS
                                   " >= ? ORDER BY " DESK_T_DRAFTS
                                   " DESC, a.id DESC" DESK_LIMIT,
                                   pst);
    case DESK_REVIEW:
        return bFloor
                   ? store_prepare(
                         c,
                         "SELECT max(t), count(*) FROM (SELECT " DESK_T_REVIEW
                         " AS t FROM articles a WHERE " DESK_W_REVIEW
                             DESK_FILTERS " AND " DESK_T_REVIEW
                         " > ? ORDER BY " DESK_T_REVIEW ", a.id LIMIT ?) w",
                         pst)
                   : store_prepare(
                         c,
                         DESK_COLS
                         " WHERE " DESK_W_REVIEW DESK_FILTERS
                         " AND " DESK_T_REVIEW " > ? AND " DESK_T_REVIEW
                         " <= ? ORDER BY " DESK_T_REVIEW ", a.id" DESK_LIMIT,
                         pst);
    case DESK_SCHEDULED:
        return bFloor
                   ? store_prepare(
                         c,
                         "SELECT max(t), count(*) FROM "
                         "(SELECT " DESK_T_SCHEDULED
                         " AS t FROM articles a WHERE " DESK_W_SCHEDULED
                             DESK_FILTERS " AND " DESK_T_SCHEDULED
                         " > ? ORDER BY " DESK_T_SCHEDULED ", a.id LIMIT ?) w",
                         pst)
                   : store_prepare(
                         c,
                         DESK_COLS
                         " WHERE " DESK_W_SCHEDULED DESK_FILTERS
                         " AND " DESK_T_SCHEDULED " > ? AND " DESK_T_SCHEDULED
                         " <= ? ORDER BY " DESK_T_SCHEDULED ", a.id" DESK_LIMIT,
                         pst);
    case DESK_PUBLISHED:
        return bFloor ? store_prepare(
                            c,
                            "SELECT min(t), count(*) FROM "
                            "(SELECT " DESK_T_PUBLISHED
                            " AS t FROM articles a WHERE " DESK_W_PUBLISHED
                                DESK_FILTERS " AND " DESK_T_PUBLISHED
                            " < ? ORDER BY " DESK_T_PUBLISHED
                            " DESC, a.id DESC LIMIT ?) w",
                            pst)
                      : store_prepare(c,
                                      DESK_COLS
                                      " WHERE " DESK_W_PUBLISHED DESK_FILTERS
                                      " AND " DESK_T_PUBLISHED
                                      " < ? AND " DESK_T_PUBLISHED
                                      " >= ? ORDER BY " DESK_T_PUBLISHED
                                      " DESC, a.id DESC" DESK_LIMIT,
                                      pst);
    case DESK_CORRECTED:
        return bFloor ? store_prepare(
                            c,
                            "SELECT min(t), count(*) FROM "
                            "(SELECT " DESK_T_CORRECTED
                            " AS t FROM articles a WHERE " DESK_W_CORRECTED
                                DESK_FILTERS " AND " DESK_T_CORRECTED
                            " < ? ORDER BY " DESK_T_CORRECTED
                            " DESC, a.id DESC LIMIT ?) w",
                            pst)
                      : store_prepare(c,
                                      DESK_COLS
                                      " WHERE " DESK_W_CORRECTED DESK_FILTERS
                                      " AND " DESK_T_CORRECTED
                                      " < ? AND " DESK_T_CORRECTED
                                      " >= ? ORDER BY " DESK_T_CORRECTED
                                      " DESC, a.id DESC" DESK_LIMIT,
                                      pst);
    case DESK_LIST_COUNT:
        break;
    }
    return ERR_INVALID;
}

int desk_db_page(StoreConn *c, Arena *a, DeskList list, const DeskFilter *f,
                 const KeysetPos *pos, const char *zPath, int nLimit,
                 DeskRow **paOut, KeysetResult *pResult)
{
    DeskRead r;
    memset(&r, 0, sizeof(r));
    r.c = c;
    r.a = a;
    r.list = list;
    r.mineId = f->mineId;
    r.zQuery = f->zQuery ? f->zQuery : "";
    r.zLike = article_like_pattern(a, r.zQuery);
    /* No numbered pages ever linked here: ?page=N is a 404. */
    KeysetList l = {desk_db_fetch, NULL, &r};
    int rc = keyset_run(a, &l, pos, zPath, nLimit, pResult);
    if (rc != OK) {
        return rc;
    }
    /* The bylines of the rows shown, a chunk of articles per query. */
    int n = pResult->nRow;
    Article *aArt = arena_alloc(a, sizeof(Article) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        aArt[i] = r.aRow[i].art;
    }
    rc = article_db_bylines(c, a, aArt, n);
    for (int i = 0; rc == OK && i < n; i++) {
        r.aRow[i].art = aArt[i];
    }
    *paOut = r.aRow;
    return rc;
}

/* The largest id a cursor may name (http_parse_id(): 2^53). */
#define DESK_ID_MAX ((int64_t)1 << 53)

/*
 * Bind the filters of 'r' to 'st' from parameter 1, the title search only
 * when 'bSearch'; return the next parameter number.
 */
static int desk_db_bind_filters(StoreStmt *st, const DeskRead *r, bool bSearch)
{
    int i = 1;
    store_bind_int(st, i++, r->mineId);
    store_bind_int(st, i++, r->mineId);
    store_bind_int(st, i++, r->mineId);
    store_bind_z(st, i++, bSearch ? r->zQuery : "");
    store_bind_z(st, i++, bSearch ? r->zLike : "");
    return i;
}

int desk_db_search(StoreConn *c, Arena *a, DeskList list, const DeskFilter *f,
                   const KeysetCursor *pCur, int nLimit, DeskSearchPage *pOut)
{
    DeskRead r;
    memset(&r, 0, sizeof(r));
    r.c = c;
    r.a = a;
    r.list = list;
    r.mineId = f->mineId;
    r.zQuery = f->zQuery ? f->zQuery : "";
    r.zLike = article_like_pattern(a, r.zQuery);
    memset(pOut, 0, sizeof(*pOut));
    bool bAsc = desk_ascending(list);
    int nWant = nLimit + 1;
    KeysetCursor *aKey = arena_alloc(a, sizeof(KeysetCursor) * (size_t)nWant);
    int nGot = 0;
    int rc = OK;
    /* The rest of the cursor's own time first (as keyset_run() does). */
    if (pCur != NULL) {
        rc = desk_db_fetch(&r, KEYSET_STEP_ON_SAME, pCur, nWant, aKey, &nGot);
    }
    int64_t tFrom = pCur ? pCur->t : bAsc ? INT64_MIN : INT64_MAX;
    bool bFloor = false;
    int64_t tFloor = 0;
    StoreStmt *st = NULL;
    if (rc == OK && r.nRow < nWant) {
        /* The window's far end, from the index alone. */
        rc = desk_db_prepare_search(c, list, true, &st);
        if (rc == OK) {
            int i = desk_db_bind_filters(st, &r, false);
            store_bind_int(st, i++, tFrom);
            store_bind_int(st, i, DESK_SEARCH_WINDOW);
            rc = store_step(st);
            if (rc == STORE_ROW) {
                tFloor = store_col_int(st, 0);
                bFloor = store_col_int(st, 1) == DESK_SEARCH_WINDOW;
                rc = OK;
            } else if (rc == STORE_DONE) {
                rc = ERR_DB;
            }
        }
        /* The matches between the cursor and the floor. */
        if (rc == OK) {
            rc = desk_db_prepare_search(c, list, false, &st);
        }
        if (rc == OK) {
            int i = desk_db_bind_filters(st, &r, true);
            store_bind_int(st, i++, tFrom);
            store_bind_int(st, i++,
                           bFloor ? tFloor
                           : bAsc ? INT64_MAX
                                  : INT64_MIN);
            store_bind_int(st, i, nWant - r.nRow);
            while ((rc = store_step(st)) == STORE_ROW) {
                r.aRow =
                    arena_grow(a, r.aRow, r.nRow, &r.nAlloc, sizeof(*r.aRow));
                desk_db_row(st, a, &r.aRow[r.nRow++]);
            }
            rc = rc < 0 ? rc : OK;
        }
    }
    if (rc != OK) {
        return rc;
    }
    pOut->aRow = r.aRow;
    pOut->nRow = r.nRow;
    if (r.nRow > nLimit) {
        /* A full page: the next starts after its last row. */
        pOut->nRow = nLimit;
        pOut->bNext = true;
        pOut->next.t = desk_row_time(list, &r.aRow[nLimit - 1]);
        pOut->next.id = r.aRow[nLimit - 1].art.id;
    } else if (bFloor) {
        /* The window ran out first: the next goes on past the floor's
           time (every row of it was in this window). */
        pOut->bNext = true;
        pOut->bWindowEnd = true;
        pOut->next.t = tFloor;
        pOut->next.id = bAsc ? DESK_ID_MAX : 1;
    }
    Article *aArt = arena_alloc(a, sizeof(Article) * (size_t)(pOut->nRow + 1));
    for (int i = 0; i < pOut->nRow; i++) {
        aArt[i] = r.aRow[i].art;
    }
    rc = article_db_bylines(c, a, aArt, pOut->nRow);
    for (int i = 0; rc == OK && i < pOut->nRow; i++) {
        r.aRow[i].art = aArt[i];
    }
    return rc;
}

int desk_db_count(StoreConn *c, DeskList list, int64_t mineId, UnixTime tSince,
                  int64_t *pn)
{
    StoreStmt *st = NULL;
    int rc = ERR_INVALID;
    bool bMine = true;
    switch (list) {
    case DESK_DRAFTS:
        rc = store_prepare(
            c,
            "SELECT count(*) FROM articles a WHERE " DESK_W_DRAFTS DESK_FILTERS,
            &st);
        break;
    case DESK_REVIEW:
        rc = store_prepare(
            c,
            "SELECT count(*) FROM articles a WHERE " DESK_W_REVIEW DESK_FILTERS,
            &st);
        break;
    case DESK_SCHEDULED:
        rc = store_prepare(c,
                           "SELECT count(*) FROM articles a"
                           " WHERE " DESK_W_SCHEDULED DESK_FILTERS,
                           &st);
        break;
    case DESK_PUBLISHED:
        bMine = false;
        rc = store_prepare(c,
                           "SELECT count(*) FROM articles a"
                           " WHERE " DESK_W_PUBLISHED " AND " DESK_T_PUBLISHED
                           " >= ?",
                           &st);
        break;
    case DESK_CORRECTED:
        bMine = false;
        rc = store_prepare(c,
                           "SELECT count(*) FROM articles a"
                           " WHERE " DESK_W_CORRECTED " AND " DESK_T_CORRECTED
                           " >= ?",
                           &st);
        break;
    case DESK_LIST_COUNT:
        break;
    }
    if (rc != OK) {
        return rc;
    }
    if (bMine) {
        store_bind_int(st, 1, mineId);
        store_bind_int(st, 2, mineId);
        store_bind_int(st, 3, mineId);
        store_bind_z(st, 4, "");
        store_bind_z(st, 5, "");
    } else {
        store_bind_int(st, 1, tSince);
    }
    return store_step_int(st, pn);
}
