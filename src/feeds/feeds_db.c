/*
 * feeds_db.c — every SQL statement of the feeds: the newest articles with
 * their bodies (RSS, Atom), months with articles (sitemap index), the
 * articles of a month (monthly sitemaps), of the last two days (news
 * sitemap), and the newest change of each list's first page (list-page
 * sitemap: a window of 20 by index, not a GROUP BY over every article).
 *
 * Tables: articles, people, article_authors (read only; the bylines
 * through articles.h's article_db_bylines()).  Like articles_db.c, only
 * published articles, and a separate literal per filter so each query
 * walks its own index (articles_by_status, _by_section, _by_author).
 * "Newest change" is the later of published_at and modified_at, written
 * as a CASE so it reads the same in SQLite and PostgreSQL.
 */
#include "feeds/feeds_internal.h"

#include <string.h>

/* Columns of feeds_db_latest(), in feeds_db_latest_row() order. */
#define FEEDS_LATEST_COLS                                                      \
    "SELECT a.id, a.section_id, a.author_id, a.title, a.subtitle,"             \
    " a.published_at, a.modified_at, p.name, a.body_md, a.body_html,"          \
    " a.corrected_at"                                                          \
    " FROM articles a JOIN people p ON p.id = a.author_id"                     \
    " WHERE a.status = 'published'"

/* The same columns for articles where the person is a later byline
   (CROSS JOIN: see articles_db.c). */
#define FEEDS_COBYLINE_COLS                                                    \
    "SELECT a.id, a.section_id, a.author_id, a.title, a.subtitle,"             \
    " a.published_at, a.modified_at, p.name, a.body_md, a.body_html,"          \
    " a.corrected_at"                                                          \
    " FROM article_authors aa CROSS JOIN articles a"                           \
    " JOIN people p ON p.id = a.author_id"

/* The newest change of an article, as an SQL expression. */
#define FEEDS_CHANGED_SQL                                                      \
    "CASE WHEN modified_at > published_at THEN modified_at"                    \
    " ELSE published_at END"

static void feeds_db_latest_row(StoreStmt *st, Arena *a, Article *art)
{
    memset(art, 0, sizeof(*art));
    art->id = store_col_int(st, 0);
    art->sectionId = store_col_int(st, 1);
    art->authorId = store_col_int(st, 2);
    art->zTitle = store_col_text(st, 3, a);
    art->zSubtitle = store_col_text(st, 4, a);
    art->tPublished = store_col_int(st, 5);
    art->tModified = store_col_int(st, 6);
    art->author.id = art->authorId;
    art->author.zName = store_col_text(st, 7, a);
    art->author.zEmail = "";
    art->author.zDesk = "";
    art->author.zBio = "";
    art->zBodyMd = store_col_text(st, 8, a);
    art->zBodyHtml = store_col_text(st, 9, a);
    art->tCorrected = store_col_int(st, 10);
    art->zStatus = "published";
    art->zDateline = "";
}

int feeds_db_latest(StoreConn *c, Arena *a, int64_t sectionId, int64_t authorId,
                    int nLimit, Article **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc;
    int iLimit = 2;
    if (sectionId != 0) {
        rc = store_prepare(c,
                           FEEDS_LATEST_COLS
                           " AND a.section_id = ?"
                           " ORDER BY a.published_at DESC, a.id DESC"
                           " LIMIT ?",
                           &st);
        if (rc == OK) {
            store_bind_int(st, 1, sectionId);
        }
    } else if (authorId != 0) {
        /* Any byline (see article_db_list()). */
        iLimit = 4;
        rc = store_prepare(c,
                           FEEDS_LATEST_COLS
                           " AND a.author_id = ?"
                           " UNION ALL " FEEDS_COBYLINE_COLS
                           " WHERE a.id = aa.article_id AND aa.person_id = ?"
                           " AND aa.position > 0"
                           " AND a.status = 'published'"
                           " AND a.author_id <> ?"
                           " ORDER BY 6 DESC, 1 DESC" /* published_at, id */
                           " LIMIT ?",
                           &st);
        if (rc == OK) {
            store_bind_int(st, 1, authorId);
            store_bind_int(st, 2, authorId);
            store_bind_int(st, 3, authorId);
        }
    } else {
        iLimit = 1;
        rc = store_prepare(c,
                           FEEDS_LATEST_COLS
                           " ORDER BY a.published_at DESC, a.id DESC"
                           " LIMIT ?",
                           &st);
    }
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, iLimit, nLimit);
    Article *aArt = arena_alloc(a, sizeof(Article) * (size_t)(nLimit + 1));
    int n = 0;
    while (n < nLimit && (rc = store_step(st)) == STORE_ROW) {
        feeds_db_latest_row(st, a, &aArt[n++]);
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aArt;
    *pnOut = n;
    return article_db_bylines(c, a, aArt, n);
}

int feeds_db_next(StoreConn *c, UnixTime tFrom, UnixTime *ptNext, bool *pbAny)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT min(published_at) FROM articles"
                           " WHERE status = 'published'"
                           " AND published_at >= ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tFrom);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc < 0 ? rc : ERR_DB;
    }
    *pbAny = !store_col_null(st, 0);
    *ptNext = store_col_int(st, 0);
    return OK;
}

int feeds_db_count_between(StoreConn *c, UnixTime tStart, UnixTime tEnd,
                           int64_t *pnOut, UnixTime *ptNewest)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT count(*), max(" FEEDS_CHANGED_SQL ")"
                           " FROM articles WHERE status = 'published'"
                           " AND published_at >= ? AND published_at < ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tStart);
    store_bind_int(st, 2, tEnd);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc < 0 ? rc : ERR_DB;
    }
    *pnOut = store_col_int(st, 0);
    *ptNewest = store_col_int(st, 1);
    return OK;
}

int feeds_db_between(StoreConn *c, Arena *a, UnixTime tStart, UnixTime tEnd,
                     int nOffset, int nLimit, FeedsStamp **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT id, " FEEDS_CHANGED_SQL
                           " FROM articles WHERE status = 'published'"
                           " AND published_at >= ? AND published_at < ?"
                           " ORDER BY published_at, id LIMIT ? OFFSET ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tStart);
    store_bind_int(st, 2, tEnd);
    store_bind_int(st, 3, nLimit);
    store_bind_int(st, 4, nOffset);
    /* Grown as rows come: a month is usually far below the limit. */
    int nAlloc = 256;
    FeedsStamp *aStamp = arena_alloc(a, sizeof(FeedsStamp) * (size_t)nAlloc);
    int n = 0;
    while (n < nLimit && (rc = store_step(st)) == STORE_ROW) {
        aStamp = arena_grow(a, aStamp, n, &nAlloc, sizeof(*aStamp));
        aStamp[n].id = store_col_int(st, 0);
        aStamp[n].t = store_col_int(st, 1);
        n++;
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aStamp;
    *pnOut = n;
    return OK;
}

int feeds_db_since(StoreConn *c, Arena *a, UnixTime tSince, int nLimit,
                   Article **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT id, title, published_at, modified_at"
                           " FROM articles WHERE status = 'published'"
                           " AND published_at >= ?"
                           " ORDER BY published_at DESC, id DESC LIMIT ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tSince);
    store_bind_int(st, 2, nLimit);
    Article *aArt = arena_alloc(a, sizeof(Article) * (size_t)(nLimit + 1));
    int n = 0;
    while (n < nLimit && (rc = store_step(st)) == STORE_ROW) {
        Article *art = &aArt[n++];
        memset(art, 0, sizeof(*art));
        art->id = store_col_int(st, 0);
        art->zTitle = store_col_text(st, 1, a);
        art->tPublished = store_col_int(st, 2);
        art->tModified = store_col_int(st, 3);
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aArt;
    *pnOut = n;
    return OK;
}

int feeds_db_list_changed(StoreConn *c, int64_t sectionId, int64_t authorId,
                          int nWindow, UnixTime *ptOut, bool *pbAny)
{
    StoreStmt *st = NULL;
    int rc;
    int i = 1;
    if (sectionId != 0) {
        rc = store_prepare(c,
                           "SELECT count(*), max(" FEEDS_CHANGED_SQL ")"
                           " FROM (SELECT published_at, modified_at"
                           " FROM articles WHERE status = 'published'"
                           " AND section_id = ?"
                           " ORDER BY published_at DESC, id DESC LIMIT ?) w",
                           &st);
        if (rc == OK) {
            store_bind_int(st, i++, sectionId);
        }
    } else if (authorId != 0) {
        rc = store_prepare(c,
                           "SELECT count(*), max(" FEEDS_CHANGED_SQL ")"
                           " FROM (SELECT published_at, modified_at"
                           " FROM articles WHERE status = 'published'"
                           " AND author_id = ?"
                           " ORDER BY published_at DESC, id DESC LIMIT ?) w",
                           &st);
        if (rc == OK) {
            store_bind_int(st, i++, authorId);
        }
    } else {
        rc = store_prepare(c,
                           "SELECT count(*), max(" FEEDS_CHANGED_SQL ")"
                           " FROM (SELECT published_at, modified_at"
                           " FROM articles WHERE status = 'published'"
                           " ORDER BY published_at DESC, id DESC LIMIT ?) w",
                           &st);
    }
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, i, nWindow);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc < 0 ? rc : ERR_DB;
    }
    *pbAny = store_col_int(st, 0) > 0;
    *ptOut = store_col_int(st, 1);
    return OK;
}

int feeds_db_people(StoreConn *c, Arena *a, int64_t **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "SELECT id FROM people ORDER BY id", &st);
    if (rc != OK) {
        return rc;
    }
    int n = 0, nAlloc = 64;
    int64_t *aId = arena_alloc(a, sizeof(int64_t) * (size_t)nAlloc);
    while ((rc = store_step(st)) == STORE_ROW) {
        aId = arena_grow(a, aId, n, &nAlloc, sizeof(*aId));
        aId[n++] = store_col_int(st, 0);
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aId;
    *pnOut = n;
    return OK;
}
