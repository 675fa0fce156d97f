/*
 * articles_db.c — every SQL statement of the articles feature.
 *
 * Tables: articles, people, article_authors (bylines).  Lists read only
 * the columns a list shows (no bodies).  Reader-facing queries filter on
 * status = 'published'.
 */
#include "articles/articles.h"

#include <stdint.h>
#include <string.h>

#include "base/str.h"
#include "view/markdown.h"

/* Fill the list columns shared by every list query. */
static void article_db_row(StoreStmt *st, Arena *a, Article *art)
{
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
}

void article_db_row_full(StoreStmt *st, Arena *a, Article *art)
{
    article_db_row(st, a, art);
    art->zDateline = store_col_text(st, 10, a);
    art->zBodyHtml = store_col_text(st, 11, a);
    art->author.zBio = store_col_text(st, 12, a);
    art->zStatus = store_col_text(st, 13, a);
    art->zBodyMd = store_col_text(st, 14, a);
    art->nComment = store_col_int(st, 15);
    art->tCorrected = store_col_int(st, 16);
}

/*
 * Place one byline row of 'st' (position in column 'iCol', then the
 * person's id, name, e-mail, desk and bio) among the '*pn' kept in
 * 'aPerson'/'aPos' (ARTICLE_AUTHORS_MAX places), ordered by position:
 * rows come in no particular order, and only the first
 * ARTICLE_AUTHORS_MAX positions are kept.
 */
static void article_db_byline_add(StoreStmt *st, int iCol, Arena *a,
                                  Person *aPerson, int64_t *aPos, int *pn)
{
    int n = *pn;
    int64_t pos = store_col_int(st, iCol);
    int i = n < ARTICLE_AUTHORS_MAX ? n : ARTICLE_AUTHORS_MAX - 1;
    if (n == ARTICLE_AUTHORS_MAX && pos >= aPos[i]) {
        return;
    }
    while (i > 0 && aPos[i - 1] > pos) {
        aPos[i] = aPos[i - 1];
        aPerson[i] = aPerson[i - 1];
        i--;
    }
    aPos[i] = pos;
    Person *p = &aPerson[i];
    p->id = store_col_int(st, iCol + 1);
    p->zName = store_col_text(st, iCol + 2, a);
    p->zEmail = store_col_text(st, iCol + 3, a);
    p->zDesk = store_col_text(st, iCol + 4, a);
    p->zBio = store_col_text(st, iCol + 5, a);
    if (n < ARTICLE_AUTHORS_MAX) {
        *pn = n + 1;
    }
}

/*
 * The article and its bylines in one statement (one round trip on
 * PostgreSQL instead of two): the article's row, whose columns 0–16 are
 * set, and one row per byline, whose columns 0–16 are NULL and 17–22
 * (position, person) set.  The two parts go by UNION ALL rather than a
 * join so the bodies come once, not once per byline.
 *
 * Two forms.  article_db_get() (ARTICLE_GET_COLS, ARTICLE_GET_FROM)
 * joins the author's person to the article's row, so an article without
 * byline rows still has its author.  The article page
 * (ARTICLE_SEND_COLS, ARTICLE_SEND_FROM) reads the article's row alone: every
 * writer gives an article its byline rows (position 0 is author_id), which
 * carry the same people, and the join cost PostgreSQL an index walk and a
 * nested loop on every uncached page for columns it then sent twice.  The rare
 * article without byline rows (a database edited by hand) is read again with
 * article_db_get().
 *
 * The Markdown's column: ARTICLE_MD_ALWAYS, or ARTICLE_MD_SUMMARY for the
 * article page, which needs it only when there is no subtitle (for the
 * summary, article_summary()); PostgreSQL would otherwise decompress and
 * send a second body for nothing.
 */
#define ARTICLE_GET_COLS                                                       \
    "SELECT a.id, a.section_id, a.author_id, a.title, a.subtitle,"             \
    " a.published_at, a.modified_at, p.name, p.email, p.desk,"                 \
    " a.dateline, a.body_html, p.bio, a.status, "
#define ARTICLE_SEND_COLS                                                      \
    "SELECT a.id, a.section_id, a.author_id, a.title, a.subtitle,"             \
    " a.published_at, a.modified_at, NULL, NULL, NULL,"                        \
    " a.dateline, a.body_html, NULL, a.status, "
/* After the Markdown: the rest of the article's row. */
#define ARTICLE_ROW_END                                                        \
    ", a.comment_count, a.corrected_at,"                                       \
    " NULL, NULL, NULL, NULL, NULL, NULL"
/* The byline rows. */
#define ARTICLE_BYLINE_ROWS                                                    \
    " UNION ALL"                                                               \
    " SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"      \
    " NULL, NULL, NULL, NULL, NULL, NULL, NULL,"                               \
    " aa.position, p.id, p.name, p.email, p.desk, p.bio"                       \
    " FROM article_authors aa JOIN people p ON p.id = aa.person_id"            \
    " WHERE aa.article_id = ?"
/* The article's row with its author, or alone. */
#define ARTICLE_GET_FROM                                                       \
    " FROM articles a JOIN people p ON p.id = a.author_id"                     \
    " WHERE a.id = ? AND a.status = 'published'"
#define ARTICLE_SEND_FROM                                                      \
    " FROM articles a WHERE a.id = ? AND a.status = 'published'"
#define ARTICLE_MD_ALWAYS "a.body_md"
#define ARTICLE_MD_SUMMARY "CASE WHEN a.subtitle = '' THEN a.body_md END"

/* Bind article 'id' to a statement of either form. */
static void article_db_get_bind(StoreStmt *st, int64_t id)
{
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, id);
}

int article_db_get_send(StoreBatch *b, int64_t id, StoreStmt **pst)
{
    int rc = store_prepare(b->c,
                           ARTICLE_SEND_COLS ARTICLE_MD_SUMMARY ARTICLE_ROW_END
                               ARTICLE_SEND_FROM ARTICLE_BYLINE_ROWS,
                           pst);
    if (rc == OK) {
        article_db_get_bind(*pst, id);
        store_batch_add(b, *pst);
    }
    return rc;
}

int article_db_get_read(StoreStmt *st, Arena *a, Article *pOut)
{
    memset(pOut, 0, sizeof(*pOut));
    bool bFound = false;
    bool bAuthor = false; /* the row holds the author's person */
    Person *aPerson = NULL;
    int64_t aPos[ARTICLE_AUTHORS_MAX];
    int nPerson = 0;
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (store_col_null(st, 0)) {
            if (aPerson == NULL) {
                aPerson = arena_alloc(a, sizeof(Person) * ARTICLE_AUTHORS_MAX);
            }
            article_db_byline_add(st, 17, a, aPerson, aPos, &nPerson);
            continue;
        }
        bFound = true;
        bAuthor = !store_col_null(st, 7);
        article_db_row_full(st, a, pOut);
    }
    if (rc < 0) {
        return rc;
    }
    if (!bFound) {
        return ERR_NOTFOUND;
    }
    /* An article without byline rows has its author as its one byline;
       from article_db_get_send()'s statement, which does not read the
       author, it has none yet. */
    if (nPerson > 0) {
        pOut->aAuthor = aPerson;
        pOut->nAuthor = nPerson;
    } else if (bAuthor) {
        pOut->aAuthor = &pOut->author;
        pOut->nAuthor = 1;
    }
    return OK;
}

int article_db_get(StoreConn *c, Arena *a, int64_t id, Article *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           ARTICLE_GET_COLS ARTICLE_MD_ALWAYS ARTICLE_ROW_END
                               ARTICLE_GET_FROM ARTICLE_BYLINE_ROWS,
                           &st);
    if (rc != OK) {
        return rc;
    }
    article_db_get_bind(st, id);
    return article_db_get_read(st, a, pOut);
}

/* Articles whose bylines one query reads (the literal's placeholders). */
#define ARTICLE_BYLINE_CHUNK 16

/*
 * The bylines of one article (the article page, the editor): an index
 * seek on article_authors' key, ordered here.  The IN list of the chunk
 * query below costs SQLite an ephemeral table for the list and a sorter
 * for ORDER BY, about 15 % of an uncached article page.
 */
static int article_db_bylines_one(StoreConn *c, Arena *a, Article *art)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT aa.position, p.id, p.name, p.email, p.desk,"
                           " p.bio"
                           " FROM article_authors aa"
                           " JOIN people p ON p.id = aa.person_id"
                           " WHERE aa.article_id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, art->id);
    Person *aPerson = NULL;
    int64_t aPos[ARTICLE_AUTHORS_MAX];
    int n = 0;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (aPerson == NULL) {
            aPerson = arena_alloc(a, sizeof(Person) * ARTICLE_AUTHORS_MAX);
        }
        /* Rows come in key order (person id), not by position. */
        article_db_byline_add(st, 0, a, aPerson, aPos, &n);
    }
    if (rc < 0) {
        return rc;
    }
    if (n > 0) {
        art->aAuthor = aPerson;
        art->nAuthor = n;
    }
    return OK;
}

int article_db_bylines(StoreConn *c, Arena *a, Article *aArt, int nArt)
{
    for (int i = 0; i < nArt; i++) {
        aArt[i].aAuthor = &aArt[i].author;
        aArt[i].nAuthor = 1;
    }
    if (nArt == 1) {
        return article_db_bylines_one(c, a, &aArt[0]);
    }
    for (int iFirst = 0; iFirst < nArt; iFirst += ARTICLE_BYLINE_CHUNK) {
        int nChunk = nArt - iFirst < ARTICLE_BYLINE_CHUNK
                         ? nArt - iFirst
                         : ARTICLE_BYLINE_CHUNK;
        StoreStmt *st = NULL;
        int rc = store_prepare(
            c,
            "SELECT aa.article_id, p.id, p.name, p.email, p.desk, p.bio"
            " FROM article_authors aa JOIN people p ON p.id = aa.person_id"
            " WHERE aa.article_id IN (?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?, ?, ?, ?, ?, ?, ?)"
            " ORDER BY aa.article_id, aa.position",
            &st);
        if (rc != OK) {
            return rc;
        }
        /* Unused places repeat the chunk's first id: no extra rows. */
        for (int k = 0; k < ARTICLE_BYLINE_CHUNK; k++) {
            store_bind_int(st, k + 1, aArt[iFirst + (k < nChunk ? k : 0)].id);
        }
        Article *pCur = NULL;
        while ((rc = store_step(st)) == STORE_ROW) {
            int64_t id = store_col_int(st, 0);
            if (pCur == NULL || pCur->id != id) {
                pCur = NULL;
                for (int k = iFirst; k < iFirst + nChunk; k++) {
                    if (aArt[k].id == id) {
                        pCur = &aArt[k];
                        break;
                    }
                }
                if (pCur == NULL) {
                    continue;
                }
                pCur->aAuthor =
                    arena_alloc(a, sizeof(Person) * ARTICLE_AUTHORS_MAX);
                pCur->nAuthor = 0;
            }
            if (pCur->nAuthor == ARTICLE_AUTHORS_MAX) {
                continue;
            }
            Person *p = &pCur->aAuthor[pCur->nAuthor++];
            p->id = store_col_int(st, 1);
            p->zName = store_col_text(st, 2, a);
            p->zEmail = store_col_text(st, 3, a);
            p->zDesk = store_col_text(st, 4, a);
            p->zBio = store_col_text(st, 5, a);
        }
        if (rc < 0) {
            return rc;
        }
        /* The same article twice in one list (a front page never does,
           but a caller may): later copies share the first's bylines. */
        for (int k = iFirst; k < iFirst + nChunk; k++) {
            for (int j = iFirst; j < k; j++) {
                if (aArt[j].id == aArt[k].id) {
                    aArt[k].aAuthor = aArt[j].aAuthor;
                    aArt[k].nAuthor = aArt[j].nAuthor;
                    break;
                }
            }
        }
    }
    return OK;
}

char *article_byline_names(Arena *a, const Article *art)
{
    if (art->nAuthor <= 0) {
        return art->author.zName;
    }
    Str s;
    str_init(&s, a);
    for (int i = 0; i < art->nAuthor; i++) {
        if (i > 0) {
            str_append_z(&s, "·");
        }
        str_append_z(&s, art->aAuthor[i].zName);
    }
    return s.z;
}

int article_db_add_comments(StoreConn *c, int64_t id, int nDelta)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           /* No two-argument max() in PostgreSQL. */
                           "UPDATE articles SET comment_count = CASE"
                           " WHEN comment_count + ? < 0 THEN 0"
                           " ELSE comment_count + ? END WHERE id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, nDelta);
    store_bind_int(st, 2, nDelta);
    store_bind_int(st, 3, id);
    return store_exec(st);
}

/* Columns every list query selects, in article_db_row() order. */
#define ARTICLE_LIST_COLS                                                      \
    "SELECT a.id, a.section_id, a.author_id, a.title, a.subtitle,"             \
    " a.published_at, a.modified_at, p.name, p.email, p.desk,"                 \
    " a.comment_count, a.corrected_at"                                         \
    " FROM articles a JOIN people p ON p.id = a.author_id"                     \
    " WHERE a.status = 'published'"

/*
 * The same columns for an article where the person is a later byline.
 * CROSS JOIN keeps SQLite's planner on the co-byline index: left to
 * itself it walks every published article in date order to skip a sort.
 */
#define ARTICLE_COBYLINE_COLS                                                  \
    "SELECT a.id, a.section_id, a.author_id, a.title, a.subtitle,"             \
    " a.published_at, a.modified_at, p.name, p.email, p.desk,"                 \
    " a.comment_count, a.corrected_at"                                         \
    " FROM article_authors aa CROSS JOIN articles a"                           \
    " JOIN people p ON p.id = a.author_id"

/* The keys of the articles where the person is a later byline. */
#define ARTICLE_COBYLINE_KEYS                                                  \
    "SELECT a.published_at, a.id"                                              \
    " FROM article_authors aa CROSS JOIN articles a"                           \
    " WHERE a.id = aa.article_id AND aa.person_id = ?"                         \
    " AND aa.position > 0 AND a.status = 'published'"                          \
    " AND a.author_id <> ?"

/* ---------------------------------------------------------------------
 * Lists, by keyset (web/keyset.h): newest first, ordered by
 * (published_at, id).  Each filter (site, section, author) has its own
 * literals so each walks its own index (articles_by_status,
 * _by_section, _by_author: all end in published_at and then the rowid,
 * so every step below is one seek plus as many rows as it returns;
 * EXPLAIN QUERY PLAN shows "published_at=? AND rowid<?" for the _SAME
 * steps).  Nothing here counts or skips rows, except article_db_nth()
 * for old ?page=N links, which reads the index only.
 *
 * A reporter's list holds every article with them as any byline: a
 * UNION ALL of their first bylines (articles_by_author, in date order)
 * and their later ones (the partial index article_authors_cobyline of
 * migration 12: only the rows that are not first bylines, few), each
 * part with the same cursor condition, merged by SQLite.
 */

/* Which articles a list holds. */
typedef enum ArticleListKind {
    ARTICLE_LIST_SITE = 0, /* every published article */
    ARTICLE_LIST_SECTION,  /* of one section */
    ARTICLE_LIST_AUTHOR,   /* with one person among the bylines */
} ArticleListKind;

/* A list being read, as the keyset driver's fnFetch argument. */
typedef struct ArticleListRead {
    StoreConn *c;         /* the connection */
    Arena *a;             /* where rows go */
    ArticleListKind kind; /* which list */
    int64_t filterId;     /* the section or author id (0 for the site) */
    Article *aArt;        /* rows kept, in list order */
    int nArt;             /* how many */
    int nAlloc;           /* room in aArt */
} ArticleListRead;

/* Prepare the statement of 'step' for the list of 'r' (unbound). */
static int article_db_prepare_step(ArticleListRead *r, KeysetStep step,
                                   StoreStmt **pst)
{
    StoreConn *c = r->c;
    int rc = ERR_INVALID;
    switch (r->kind) {
    case ARTICLE_LIST_SITE:
        switch (step) {
        case KEYSET_STEP_ON_SAME:
            rc = store_prepare(c,
                               ARTICLE_LIST_COLS
                               " AND a.published_at = ? AND a.id < ?"
                               " ORDER BY a.published_at DESC, a.id DESC"
                               " LIMIT ?",
                               pst);
            break;
        case KEYSET_STEP_ON:
            rc = store_prepare(c,
                               ARTICLE_LIST_COLS " AND a.published_at < ?"
                                                 " ORDER BY a.published_at"
                                                 " DESC, a.id DESC LIMIT ?",
                               pst);
            break;
        case KEYSET_STEP_BACK_SAME:
            rc = store_prepare(c,
                               "SELECT published_at, id FROM articles"
                               " WHERE status = 'published'"
                               " AND published_at = ? AND id > ?"
                               " ORDER BY published_at, id LIMIT ?",
                               pst);
            break;
        case KEYSET_STEP_BACK:
            rc = store_prepare(c,
                               "SELECT published_at, id FROM articles"
                               " WHERE status = 'published'"
                               " AND published_at > ?"
                               " ORDER BY published_at, id LIMIT ?",
                               pst);
            break;
        }
        break;
    case ARTICLE_LIST_SECTION:
        switch (step) {
        case KEYSET_STEP_ON_SAME:
            rc = store_prepare(c,
                               ARTICLE_LIST_COLS
                               " AND a.section_id = ?"
                               " AND a.published_at = ? AND a.id < ?"
                               " ORDER BY a.published_at DESC, a.id DESC"
                               " LIMIT ?",
                               pst);
            break;
        case KEYSET_STEP_ON:
            rc = store_prepare(c,
                               ARTICLE_LIST_COLS
                               " AND a.section_id = ? AND a.published_at < ?"
                               " ORDER BY a.published_at DESC, a.id DESC"
                               " LIMIT ?",
                               pst);
            break;
        case KEYSET_STEP_BACK_SAME:
            rc = store_prepare(c,
                               "SELECT published_at, id FROM articles"
                               " WHERE status = 'published' AND section_id = ?"
                               " AND published_at = ? AND id > ?"
                               " ORDER BY published_at, id LIMIT ?",
                               pst);
            break;
        case KEYSET_STEP_BACK:
            rc = store_prepare(c,
                               "SELECT published_at, id FROM articles"
                               " WHERE status = 'published' AND section_id = ?"
                               " AND published_at > ?"
                               " ORDER BY published_at, id LIMIT ?",
                               pst);
            break;
        }
        break;
    case ARTICLE_LIST_AUTHOR:
        switch (step) {
        case KEYSET_STEP_ON_SAME:
            rc = store_prepare(c,
                               ARTICLE_LIST_COLS
                               " AND a.author_id = ?"
                               " AND a.published_at = ? AND a.id < ?"
                               " UNION ALL " ARTICLE_COBYLINE_COLS
                               " WHERE a.id = aa.article_id"
                               " AND aa.person_id = ? AND aa.position > 0"
                               " AND a.status = 'published'"
                               " AND a.author_id <> ?"
                               " AND a.published_at = ? AND a.id < ?"
                               " ORDER BY 6 DESC, 1 DESC" /* time, id */
                               " LIMIT ?",
                               pst);
            break;
        case KEYSET_STEP_ON:
            rc = store_prepare(c,
                               ARTICLE_LIST_COLS
                               " AND a.author_id = ? AND a.published_at < ?"
                               " UNION ALL " ARTICLE_COBYLINE_COLS
                               " WHERE a.id = aa.article_id"
                               " AND aa.person_id = ? AND aa.position > 0"
                               " AND a.status = 'published'"
                               " AND a.author_id <> ? AND a.published_at < ?"
                               " ORDER BY 6 DESC, 1 DESC" /* time, id */
                               " LIMIT ?",
                               pst);
            break;
        case KEYSET_STEP_BACK_SAME:
            rc = store_prepare(c,
                               "SELECT published_at, id FROM articles"
                               " WHERE status = 'published' AND author_id = ?"
                               " AND published_at = ? AND id > ?"
                               " UNION ALL " ARTICLE_COBYLINE_KEYS
                               " AND a.published_at = ? AND a.id > ?"
                               " ORDER BY 1, 2 LIMIT ?",
                               pst);
            break;
        case KEYSET_STEP_BACK:
            rc = store_prepare(c,
                               "SELECT published_at, id FROM articles"
                               " WHERE status = 'published' AND author_id = ?"
                               " AND published_at > ?"
                               " UNION ALL " ARTICLE_COBYLINE_KEYS
                               " AND a.published_at > ?"
                               " ORDER BY 1, 2 LIMIT ?",
                               pst);
            break;
        }
        break;
    }
    return rc;
}

/* KeysetList.fnFetch for the article lists. */
static int article_db_fetch(void *pArg, KeysetStep step,
                            const KeysetCursor *pCur, int nLimit,
                            KeysetCursor *aKey, int *pnGot)
{
    ArticleListRead *r = pArg;
    StoreStmt *st = NULL;
    int rc = article_db_prepare_step(r, step, &st);
    if (rc != OK) {
        return rc;
    }
    /* Each part of the query (a reporter's list has two) takes the
       filter, then (the second part) the person again, then the cursor. */
    bool bSame = step == KEYSET_STEP_ON_SAME || step == KEYSET_STEP_BACK_SAME;
    int nPart = r->kind == ARTICLE_LIST_AUTHOR ? 2 : 1;
    int i = 1;
    for (int iPart = 0; iPart < nPart; iPart++) {
        if (r->kind != ARTICLE_LIST_SITE) {
            store_bind_int(st, i++, r->filterId);
        }
        if (iPart == 1) {
            store_bind_int(st, i++, r->filterId);
        }
        /* No cursor: from the start, i.e. before any time there is. */
        store_bind_int(st, i++, pCur ? pCur->t : INT64_MAX);
        if (bSame) {
            store_bind_int(st, i++, pCur->id);
        }
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
        r->aArt =
            arena_grow(r->a, r->aArt, r->nArt, &r->nAlloc, sizeof(*r->aArt));
        Article *art = &r->aArt[r->nArt++];
        memset(art, 0, sizeof(*art));
        article_db_row(st, r->a, art);
        art->nComment = store_col_int(st, 10);
        art->tCorrected = store_col_int(st, 11);
        aKey[n].t = art->tPublished;
        aKey[n++].id = art->id;
    }
    if (rc < 0) {
        return rc;
    }
    *pnGot = n;
    return OK;
}

/* KeysetList.fnNth for the article lists (old ?page=N links). */
static int article_db_nth(void *pArg, int64_t nOffset, KeysetCursor *pKey,
                          bool *pbFound, bool *pbFollowed)
{
    ArticleListRead *r = pArg;
    StoreStmt *st = NULL;
    int rc;
    switch (r->kind) {
    case ARTICLE_LIST_SECTION:
        rc = store_prepare(r->c,
                           "SELECT published_at, id FROM articles"
                           " WHERE status = 'published' AND section_id = ?"
                           " ORDER BY published_at DESC, id DESC"
                           " LIMIT 2 OFFSET ?",
                           &st);
        break;
    case ARTICLE_LIST_AUTHOR:
        rc = store_prepare(r->c,
                           "SELECT published_at, id FROM articles"
                           " WHERE status = 'published' AND author_id = ?"
                           " UNION ALL " ARTICLE_COBYLINE_KEYS
                           " ORDER BY 1 DESC, 2 DESC LIMIT 2 OFFSET ?",
                           &st);
        break;
    default:
        rc = store_prepare(r->c,
                           "SELECT published_at, id FROM articles"
                           " WHERE status = 'published'"
                           " ORDER BY published_at DESC, id DESC"
                           " LIMIT 2 OFFSET ?",
                           &st);
        break;
    }
    if (rc != OK) {
        return rc;
    }
    int i = 1;
    if (r->kind != ARTICLE_LIST_SITE) {
        store_bind_int(st, i++, r->filterId);
    }
    if (r->kind == ARTICLE_LIST_AUTHOR) {
        store_bind_int(st, i++, r->filterId);
        store_bind_int(st, i++, r->filterId);
    }
    store_bind_int(st, i, nOffset);
    *pbFound = false;
    *pbFollowed = false;
    rc = store_step(st);
    if (rc == STORE_ROW) {
        *pbFound = true;
        pKey->t = store_col_int(st, 0);
        pKey->id = store_col_int(st, 1);
        rc = store_step(st);
        *pbFollowed = rc == STORE_ROW;
    }
    return rc < 0 ? rc : OK;
}

/* Start reading the list of section 'sectionId' or author 'authorId'. */
static void article_db_read_init(ArticleListRead *r, StoreConn *c, Arena *a,
                                 int64_t sectionId, int64_t authorId)
{
    memset(r, 0, sizeof(*r));
    r->c = c;
    r->a = a;
    r->kind = sectionId  ? ARTICLE_LIST_SECTION
              : authorId ? ARTICLE_LIST_AUTHOR
                         : ARTICLE_LIST_SITE;
    r->filterId = sectionId ? sectionId : authorId;
}

int article_db_page(StoreConn *c, Arena *a, int64_t sectionId, int64_t authorId,
                    const KeysetPos *pos, const char *zPath, int nLimit,
                    Article **paOut, KeysetResult *pResult)
{
    ArticleListRead r;
    article_db_read_init(&r, c, a, sectionId, authorId);
    KeysetList l = {article_db_fetch, article_db_nth, &r};
    int rc = keyset_run(a, &l, pos, zPath, nLimit, pResult);
    if (rc != OK) {
        return rc;
    }
    *paOut = r.aArt;
    return article_db_bylines(c, a, r.aArt, pResult->nRow);
}

int article_db_list(StoreConn *c, Arena *a, int64_t sectionId, int64_t authorId,
                    int nOffset, int nLimit, Article **paOut, int *pnOut)
{
    int rc = article_db_list_rows(c, a, sectionId, authorId, nOffset, nLimit,
                                  paOut, pnOut);
    return rc != OK ? rc : article_db_bylines(c, a, *paOut, *pnOut);
}

int article_db_list_rows(StoreConn *c, Arena *a, int64_t sectionId,
                         int64_t authorId, int nOffset, int nLimit,
                         Article **paOut, int *pnOut)
{
    ArticleListRead r;
    article_db_read_init(&r, c, a, sectionId, authorId);
    KeysetCursor *aKey =
        arena_alloc(a, sizeof(KeysetCursor) * (size_t)(nOffset + nLimit));
    int n = 0;
    int rc =
        article_db_fetch(&r, KEYSET_STEP_ON, NULL, nOffset + nLimit, aKey, &n);
    if (rc != OK) {
        return rc;
    }
    *paOut = r.aArt + (n < nOffset ? n : nOffset);
    *pnOut = n < nOffset ? 0 : n - nOffset;
    for (int i = 0; i < *pnOut; i++) {
        (*paOut)[i].aAuthor = &(*paOut)[i].author;
        (*paOut)[i].nAuthor = 1;
    }
    return OK;
}

int article_db_count(StoreConn *c, int64_t sectionId, int64_t authorId,
                     int64_t *pnOut)
{
    StoreStmt *st = NULL;
    int rc;
    if (sectionId != 0) {
        rc = store_prepare(c,
                           "SELECT count(*) FROM articles"
                           " WHERE status = 'published' AND section_id = ?",
                           &st);
        if (rc == OK) {
            store_bind_int(st, 1, sectionId);
        }
    } else if (authorId != 0) {
        rc = store_prepare(c,
                           "SELECT (SELECT count(*) FROM articles"
                           " WHERE status = 'published'"
                           " AND author_id = ?)"
                           " + (SELECT count(*)"
                           " FROM article_authors aa CROSS JOIN articles a"
                           " WHERE a.id = aa.article_id AND aa.person_id = ?"
                           " AND aa.position > 0"
                           " AND a.status = 'published'"
                           " AND a.author_id <> ?)",
                           &st);
        if (rc == OK) {
            store_bind_int(st, 1, authorId);
            store_bind_int(st, 2, authorId);
            store_bind_int(st, 3, authorId);
        }
    } else {
        rc = store_prepare(c,
                           "SELECT count(*) FROM articles"
                           " WHERE status = 'published'",
                           &st);
    }
    if (rc != OK) {
        return rc;
    }
    return store_step_int(st, pnOut);
}

int person_db_get(StoreConn *c, Arena *a, int64_t id, Person *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT id, name, email, desk, bio FROM people"
                           " WHERE id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    pOut->id = store_col_int(st, 0);
    pOut->zName = store_col_text(st, 1, a);
    pOut->zEmail = store_col_text(st, 2, a);
    pOut->zDesk = store_col_text(st, 3, a);
    pOut->zBio = store_col_text(st, 4, a);
    return OK;
}

int person_db_insert(StoreConn *c, const Person *p, UnixTime tNow, int64_t *pId)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO people(name, email, desk, bio,"
                           " created_at) VALUES (?, ?, ?, ?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, p->zName);
    store_bind_z(st, 2, p->zEmail ? p->zEmail : "");
    store_bind_z(st, 3, p->zDesk ? p->zDesk : "");
    store_bind_z(st, 4, p->zBio ? p->zBio : "");
    store_bind_int(st, 5, tNow);
    rc = store_exec(st);
    if (rc == OK) {
        *pId = store_last_id(c);
    }
    return rc;
}

int article_db_insert(StoreConn *c, Arena *a, const Article *art, UnixTime tNow,
                      int64_t *pId)
{
    const SafeHtml *html = NULL;
    int rc = markdown_render(a, art->zBodyMd, strlen(art->zBodyMd), &html);
    if (rc != OK) {
        return rc;
    }
    StoreStmt *st = NULL;
    rc = store_prepare(c,
                       "INSERT INTO articles(section_id, author_id, status,"
                       " title, subtitle, dateline, body_md, body_html,"
                       " published_at, modified_at, created_at, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, art->sectionId);
    store_bind_int(st, 2, art->authorId);
    store_bind_z(st, 3, art->zStatus ? art->zStatus : "draft");
    store_bind_z(st, 4, art->zTitle);
    store_bind_z(st, 5, art->zSubtitle ? art->zSubtitle : "");
    store_bind_z(st, 6, art->zDateline ? art->zDateline : "");
    store_bind_z(st, 7, art->zBodyMd);
    size_t nHtml = 0;
    const char *zHtml = safe_html_bytes(html, &nHtml);
    store_bind_text(st, 8, zHtml, nHtml);
    if (art->tPublished) {
        store_bind_int(st, 9, art->tPublished);
    } else {
        store_bind_null(st, 9);
    }
    if (art->tModified) {
        store_bind_int(st, 10, art->tModified);
    } else {
        store_bind_null(st, 10);
    }
    store_bind_int(st, 11, tNow);
    store_bind_int(st, 12, tNow);
    rc = store_exec(st);
    if (rc != OK) {
        return rc;
    }
    *pId = store_last_id(c);
    /* The first byline (article_authors holds them all, in order). */
    rc = store_prepare(c,
                       "INSERT INTO article_authors(article_id, person_id,"
                       " position) VALUES (?, ?, 0)",
                       &st);
    if (rc == OK) {
        store_bind_int(st, 1, *pId);
        store_bind_int(st, 2, art->authorId);
        rc = store_exec(st);
    }
    return rc;
}
