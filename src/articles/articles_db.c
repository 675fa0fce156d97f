/*
 * articles_db.c — every SQL statement of the articles feature.
 *
 * Tables: articles, people, article_authors (bylines).  Lists read only
 * the columns a list shows (no bodies).  Reader-facing queries filter on
 * status = 'published'.
 */
#include "articles/articles.h"

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

int article_db_get(StoreConn *c, Arena *a, int64_t id, Article *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "SELECT a.id, a.section_id, a.author_id, a.title, a.subtitle,"
        " a.published_at, a.modified_at, p.name, p.email, p.desk,"
        " a.dateline, a.body_html, p.bio, a.status, a.body_md,"
        " a.comment_count, a.corrected_at"
        " FROM articles a JOIN people p ON p.id = a.author_id"
        " WHERE a.id = ? AND a.status = 'published'",
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    memset(pOut, 0, sizeof(*pOut));
    article_db_row(st, a, pOut);
    pOut->zDateline = store_col_text(st, 10, a);
    pOut->zBodyHtml = store_col_text(st, 11, a);
    pOut->author.zBio = store_col_text(st, 12, a);
    pOut->zStatus = store_col_text(st, 13, a);
    pOut->zBodyMd = store_col_text(st, 14, a);
    pOut->nComment = store_col_int(st, 15);
    pOut->tCorrected = store_col_int(st, 16);
    return article_db_bylines(c, a, pOut, 1);
}

/* Articles whose bylines one query reads (the literal's placeholders). */
#define ARTICLE_BYLINE_CHUNK 16

int article_db_bylines(StoreConn *c, Arena *a, Article *aArt, int nArt)
{
    for (int i = 0; i < nArt; i++) {
        aArt[i].aAuthor = &aArt[i].author;
        aArt[i].nAuthor = 1;
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
                           "UPDATE articles SET comment_count ="
                           " max(comment_count + ?, 0) WHERE id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, nDelta);
    store_bind_int(st, 2, id);
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

/*
 * Prepare the list or count statement for a section, an author or the
 * whole site; each has its own literal so each uses its own index.  The
 * first parameter is the section or author id when there is one.  Set
 * '*pnNext' (OUT) to the next free parameter number.
 */
static int article_db_prepare(StoreConn *c, int64_t sectionId, int64_t authorId,
                              bool bCount, StoreStmt **pst, int *pnNext)
{
    int rc;
    *pnNext = 2;
    if (sectionId != 0) {
        rc = bCount ? store_prepare(c,
                                    "SELECT count(*) FROM articles"
                                    " WHERE status = 'published'"
                                    " AND section_id = ?",
                                    pst)
                    : store_prepare(c,
                                    ARTICLE_LIST_COLS
                                    " AND a.section_id = ?"
                                    " ORDER BY a.published_at DESC, a.id DESC"
                                    " LIMIT ? OFFSET ?",
                                    pst);
        if (rc == OK) {
            store_bind_int(*pst, 1, sectionId);
        }
    } else if (authorId != 0) {
        /* Any byline: the first one through articles_by_author, the
           others through the partial index of co-bylines (migration
           12); each part comes in order, so the merge stops at the
           limit. */
        *pnNext = 4;
        rc = bCount ? store_prepare(
                          c,
                          "SELECT (SELECT count(*) FROM articles"
                          " WHERE status = 'published'"
                          " AND author_id = ?)"
                          " + (SELECT count(*)"
                          " FROM article_authors aa CROSS JOIN articles a"
                          " WHERE a.id = aa.article_id AND aa.person_id = ?"
                          " AND aa.position > 0"
                          " AND a.status = 'published'"
                          " AND a.author_id <> ?)",
                          pst)
                    : store_prepare(
                          c,
                          ARTICLE_LIST_COLS
                          " AND a.author_id = ?"
                          " UNION ALL " ARTICLE_COBYLINE_COLS
                          " WHERE a.id = aa.article_id AND aa.person_id = ?"
                          " AND aa.position > 0"
                          " AND a.status = 'published'"
                          " AND a.author_id <> ?"
                          " ORDER BY 6 DESC, 1 DESC" /* published_at, id */
                          " LIMIT ? OFFSET ?",
                          pst);
        if (rc == OK) {
            store_bind_int(*pst, 1, authorId);
            store_bind_int(*pst, 2, authorId);
            store_bind_int(*pst, 3, authorId);
        }
    } else {
        *pnNext = 1;
        rc = bCount ? store_prepare(c,
                                    "SELECT count(*) FROM articles"
                                    " WHERE status = 'published'",
                                    pst)
                    : store_prepare(c,
                                    ARTICLE_LIST_COLS
                                    " ORDER BY a.published_at DESC, a.id DESC"
                                    " LIMIT ? OFFSET ?",
                                    pst);
    }
    return rc;
}

int article_db_list(StoreConn *c, Arena *a, int64_t sectionId, int64_t authorId,
                    int nOffset, int nLimit, Article **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int iNext = 0;
    int rc = article_db_prepare(c, sectionId, authorId, false, &st, &iNext);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, iNext, nLimit);
    store_bind_int(st, iNext + 1, nOffset);
    Article *aArt = arena_alloc(a, sizeof(Article) * (size_t)(nLimit + 1));
    int n = 0;
    while (n < nLimit && (rc = store_step(st)) == STORE_ROW) {
        article_db_row(st, a, &aArt[n]);
        aArt[n].nComment = store_col_int(st, 10);
        aArt[n++].tCorrected = store_col_int(st, 11);
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aArt;
    *pnOut = n;
    return article_db_bylines(c, a, aArt, n);
}

int article_db_count(StoreConn *c, int64_t sectionId, int64_t authorId,
                     int64_t *pnOut)
{
    StoreStmt *st = NULL;
    int iNext = 0;
    int rc = article_db_prepare(c, sectionId, authorId, true, &st, &iNext);
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
