/*
 * corrections_db.c — every SQL statement of correction notices
 * (corrections.h): reading an article's notices and attaching one.
 *
 * Tables: article_corrections, articles.corrected_at.  Attaching is one
 * transaction with its change tags, so a reader never sees the notice
 * without the feeds and cached pages following.
 */
#include "articles/corrections.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/str.h"
#include "view/plaintext.h"

const char *correction_kind_label(const char *zKind)
{
    if (zKind == NULL) {
        return NULL;
    }
    if (strcmp(zKind, "correction") == 0) {
        return "정정";
    }
    if (strcmp(zKind, "rebuttal") == 0) {
        return "반론보도";
    }
    if (strcmp(zKind, "followup") == 0) {
        return "추후보도";
    }
    return NULL;
}

/* The kind as stored, as one of the three literals (NULL if unknown). */
static const char *correction_kind_code(const char *zKind)
{
    static const char *const azKind[] = {"correction", "rebuttal", "followup"};
    for (size_t i = 0; i < sizeof(azKind) / sizeof(azKind[0]); i++) {
        if (strcmp(zKind, azKind[i]) == 0) {
            return azKind[i];
        }
    }
    return NULL;
}

int correction_db_list(StoreConn *c, Arena *a, int64_t articleId,
                       Correction **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT id, kind, text, created_at"
                           " FROM article_corrections WHERE article_id = ?"
                           " ORDER BY created_at, id LIMIT ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, articleId);
    store_bind_int(st, 2, CORRECTIONS_MAX);
    Correction *aCorr = NULL;
    int n = 0;
    int nAlloc = 0;
    while ((rc = store_step(st)) == STORE_ROW) {
        aCorr = arena_grow(a, aCorr, n, &nAlloc, sizeof(*aCorr));
        Correction *p = &aCorr[n++];
        p->id = store_col_int(st, 0);
        p->articleId = articleId;
        char *zKind = store_col_text(st, 1, a);
        const char *zCode = correction_kind_code(zKind);
        p->zKind = zCode ? zCode : "correction";
        p->zText = store_col_text(st, 2, a);
        p->tCreated = store_col_int(st, 3);
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aCorr;
    *pnOut = n;
    return OK;
}

int correction_db_add(StoreConn *c, int64_t articleId, const char *zKind,
                      const char *zText, int64_t accountId, UnixTime tNow,
                      int64_t *pId)
{
    int rc = store_begin(c);
    if (rc != OK) {
        return rc;
    }
    StoreStmt *st = NULL;
    rc = store_prepare(c,
                       "UPDATE articles SET corrected_at = ?"
                       " WHERE id = ? AND status = 'published'",
                       &st);
    if (rc == OK) {
        store_bind_int(st, 1, tNow);
        store_bind_int(st, 2, articleId);
        rc = store_exec(st);
    }
    if (rc == OK && store_changes(c) == 0) {
        rc = ERR_NOTFOUND;
    }
    if (rc == OK) {
        rc = store_prepare(c,
                           "INSERT INTO article_corrections(article_id, kind,"
                           " text, created_at, created_by)"
                           " VALUES (?, ?, ?, ?, ?)",
                           &st);
    }
    if (rc == OK) {
        store_bind_int(st, 1, articleId);
        store_bind_z(st, 2, zKind);
        store_bind_z(st, 3, zText);
        store_bind_int(st, 4, tNow);
        if (accountId != 0) {
            store_bind_int(st, 5, accountId);
        } else {
            store_bind_null(st, 5);
        }
        rc = store_exec(st);
    }
    if (rc == OK) {
        *pId = store_last_id(c);
        char zTag[40];
        snprintf(zTag, sizeof(zTag), "article:%lld", (long long)articleId);
        rc = app_change(c, zTag);
    }
    if (rc == OK) {
        rc = app_change(c, "articles");
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
    }
    return rc;
}

void correction_view_list(Arena *a, View *v, const char *zList,
                          const Correction *aCorr, int n)
{
    view_list(v, zList);
    for (int i = 0; i < n; i++) {
        const Correction *p = &aCorr[i];
        View *item = view_list_add(v, zList);
        view_int(item, "id", p->id);
        view_str(item, "kind", correction_kind_label(p->zKind));
        view_str(item, "kind_code", p->zKind);
        view_safe(item, "text",
                  plaintext_render(a, p->zText, strlen(p->zText)));
        view_str(item, "text_plain", p->zText);
        view_str(item, "time", time_format_local(a, p->tCreated));
        view_str(item, "time_iso", time_format_iso(a, p->tCreated));
        view_bool(item, "sep", i > 0);
    }
}
