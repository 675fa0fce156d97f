/*
 * import_db.c — the importer's SQL (import.h): people to resolve bylines,
 * an article by its original address (articles.source_url, unique), and
 * writing an article with its bylines, keywords and an 'import' revision.
 *
 * Tables: articles, article_authors, article_keywords, article_revisions,
 * people.  Revisions keep bylines as people ids joined by "," and
 * keywords joined by LF, as the editor's revisions do.  Every function
 * runs inside the caller's transaction (one per batch).
 */
#include "articles/import.h"

#include <string.h>

#include "articles/article_edit.h"
#include "base/str.h"
#include "view/markdown.h"

int import_db_people(StoreConn *c, Arena *a,
                     void (*fn)(void *, int64_t, const char *, const char *),
                     void *pArg)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c, "SELECT id, name, email FROM people ORDER BY id", &st);
    if (rc != OK) {
        return rc;
    }
    while ((rc = store_step(st)) == STORE_ROW) {
        fn(pArg, store_col_int(st, 0), store_col_text(st, 1, a),
           store_col_text(st, 2, a));
    }
    return rc;
}

int import_db_find(StoreConn *c, Arena *a, const char *zUrl, ImportStored *pOut,
                   bool *pbFound)
{
    StoreStmt *st = NULL;
    *pbFound = false;
    int rc = store_prepare(c,
                           "SELECT id, version, section_id, status, title,"
                           " subtitle, dateline, summary, body_md,"
                           " published_at, modified_at"
                           " FROM articles WHERE source_url = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zUrl);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc;
    }
    memset(pOut, 0, sizeof(*pOut));
    pOut->id = store_col_int(st, 0);
    pOut->version = store_col_int(st, 1);
    pOut->sectionId = store_col_int(st, 2);
    pOut->zStatus = store_col_text(st, 3, a);
    pOut->zTitle = store_col_text(st, 4, a);
    pOut->zSubtitle = store_col_text(st, 5, a);
    pOut->zDateline = store_col_text(st, 6, a);
    pOut->zSummary = store_col_text(st, 7, a);
    pOut->zBodyMd = store_col_text(st, 8, a);
    pOut->tPublished = store_col_int(st, 9);
    pOut->tModified = store_col_int(st, 10);
    /* Bylines and keywords, in order, as revisions write them. */
    rc = store_prepare(c,
                       "SELECT person_id FROM article_authors"
                       " WHERE article_id = ? ORDER BY position",
                       &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, pOut->id);
    Str s;
    str_init(&s, a);
    while ((rc = store_step(st)) == STORE_ROW) {
        str_appendf(&s, "%s%lld", s.n ? "," : "",
                    (long long)store_col_int(st, 0));
    }
    if (rc < 0) {
        return rc;
    }
    pOut->zAuthors = s.z;
    rc = store_prepare(c,
                       "SELECT keyword FROM article_keywords"
                       " WHERE article_id = ? ORDER BY position",
                       &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, pOut->id);
    str_init(&s, a);
    bool bFirst = true;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (!bFirst) {
            str_append_char(&s, '\n');
        }
        str_append_z(&s, store_col_text(st, 0, a));
        bFirst = false;
    }
    if (rc < 0) {
        return rc;
    }
    pOut->zKeywords = s.z;
    rc = store_prepare(c,
                       "SELECT kind FROM article_revisions"
                       " WHERE article_id = ? ORDER BY version DESC LIMIT 1",
                       &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, pOut->id);
    rc = store_step(st);
    if (rc < 0) {
        return rc;
    }
    pOut->zLastKind = rc == STORE_ROW ? store_col_text(st, 0, a) : "";
    *pbFound = true;
    return OK;
}

/* Bind 't' to parameter 'i', or NULL when it is 0. */
static void import_db_bind_time(StoreStmt *st, int i, UnixTime t)
{
    if (t != 0) {
        store_bind_int(st, i, t);
    } else {
        store_bind_null(st, i);
    }
}

/* Replace the bylines and keywords of article 'id' with those of 'row'. */
static int import_db_lists(StoreConn *c, int64_t id, const ImportRow *row)
{
    return article_db_set_lists(c, id, row->aPerson, row->nPerson,
                                (const char *const *)row->art->azKeyword,
                                row->art->nKeyword);
}

int import_db_write(StoreConn *c, Arena *a, const ImportRow *row,
                    const ImportStored *pOld, const char *zNote, UnixTime tNow,
                    int64_t *pId)
{
    const ImportArticle *art = row->art;
    const SafeHtml *html = NULL;
    int rc = markdown_render(a, art->zBodyMd, strlen(art->zBodyMd), &html);
    if (rc != OK) {
        return rc;
    }
    size_t nHtml = 0;
    const char *zHtml = safe_html_bytes(html, &nHtml);
    bool bRetracted = strcmp(art->zStatus, "retracted") == 0;
    StoreStmt *st = NULL;
    int64_t version = pOld ? pOld->version + 1 : 1;
    if (pOld == NULL) {
        rc = store_prepare(c,
                           "INSERT INTO articles(section_id, author_id,"
                           " status, title, subtitle, dateline, body_md,"
                           " body_html, summary, published_at, modified_at,"
                           " retracted_at, source_url, version, created_at,"
                           " updated_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                           " 1, ?, ?)",
                           &st);
    } else {
        rc = store_prepare(c,
                           "UPDATE articles SET section_id = ?,"
                           " author_id = ?, status = ?, title = ?,"
                           " subtitle = ?, dateline = ?, body_md = ?,"
                           " body_html = ?, summary = ?, published_at = ?,"
                           " modified_at = ?,"
                           " retracted_at = coalesce(retracted_at, ?),"
                           " scheduled_at = NULL,"
                           " version = ?, updated_at = ?"
                           " WHERE id = ? AND version = ?",
                           &st);
    }
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, row->sectionId);
    store_bind_int(st, 2, row->aPerson[0]);
    store_bind_z(st, 3, art->zStatus);
    store_bind_z(st, 4, art->zTitle);
    store_bind_z(st, 5, art->zSubtitle);
    store_bind_z(st, 6, art->zDateline);
    store_bind_z(st, 7, art->zBodyMd);
    store_bind_text(st, 8, zHtml, nHtml);
    store_bind_z(st, 9, art->zSummary);
    import_db_bind_time(st, 10, art->tPublished);
    import_db_bind_time(st, 11, art->tModified);
    import_db_bind_time(st, 12, bRetracted ? tNow : 0);
    if (pOld == NULL) {
        store_bind_z(st, 13, art->zUrl);
        store_bind_int(st, 14, tNow);
        store_bind_int(st, 15, tNow);
    } else {
        store_bind_int(st, 13, version);
        store_bind_int(st, 14, tNow);
        store_bind_int(st, 15, pOld->id);
        store_bind_int(st, 16, pOld->version);
    }
    rc = store_exec(st);
    if (rc != OK) {
        return rc;
    }
    if (pOld != NULL && store_changes(c) != 1) {
        return ERR_CONSTRAINT; /* changed under us: not in one transaction */
    }
    int64_t id = pOld ? pOld->id : store_last_id(c);
    if (pOld != NULL && !bRetracted) {
        rc = store_prepare(c,
                           "UPDATE articles SET retracted_at = NULL"
                           " WHERE id = ?",
                           &st);
        if (rc == OK) {
            store_bind_int(st, 1, id);
            rc = store_exec(st);
        }
    }
    if (rc == OK) {
        rc = import_db_lists(c, id, row);
    }
    if (rc == OK) {
        rc = store_prepare(c,
                           "INSERT INTO article_revisions(article_id,"
                           " version, account_id, created_at, kind, note,"
                           " status, section_id, title, subtitle, dateline,"
                           " summary, body_md, authors, keywords)"
                           " VALUES (?, ?, NULL, ?, 'import', ?, ?, ?, ?, ?,"
                           " ?, ?, ?, ?, ?)",
                           &st);
    }
    if (rc == OK) {
        store_bind_int(st, 1, id);
        store_bind_int(st, 2, version);
        store_bind_int(st, 3, tNow);
        store_bind_z(st, 4, zNote);
        store_bind_z(st, 5, art->zStatus);
        store_bind_int(st, 6, row->sectionId);
        store_bind_z(st, 7, art->zTitle);
        store_bind_z(st, 8, art->zSubtitle);
        store_bind_z(st, 9, art->zDateline);
        store_bind_z(st, 10, art->zSummary);
        store_bind_z(st, 11, art->zBodyMd);
        store_bind_z(st, 12, row->zAuthors);
        store_bind_z(st, 13, row->zKeywords);
        rc = store_exec(st);
    }
    if (rc == OK) {
        *pId = id;
    }
    return rc;
}
