/*
 * site_db.c — SQL for sections (the settings table is app/settings.c's):
 * the snapshot's load, and the admin's and the importer's changes (each
 * caller records the "site" change in the same transaction).
 */
#include "site/site_db.h"

#include <stdlib.h>
#include <string.h>

int site_db_sections(StoreConn *c, Arena *a,
                     void (*fn)(void *, int64_t, const char *, const char *),
                     void *pArg)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT id, slug, name FROM sections"
                           " ORDER BY position, id",
                           &st);
    if (rc != OK) {
        return rc;
    }
    while ((rc = store_step(st)) == STORE_ROW) {
        fn(pArg, store_col_int(st, 0), store_col_text(st, 1, a),
           store_col_text(st, 2, a));
    }
    return rc;
}

int site_db_add_section(StoreConn *c, const char *zSlug, const char *zName,
                        int nPosition, int64_t *pId)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO sections(slug, name, position)"
                           " VALUES (?, ?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zSlug);
    store_bind_z(st, 2, zName);
    store_bind_int(st, 3, nPosition);
    rc = store_exec(st);
    if (rc == OK && pId != NULL) {
        *pId = store_last_id(c);
    }
    return rc;
}

int site_db_next_position(StoreConn *c, int *pn)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT coalesce(max(position), -1) + 1"
                           " FROM sections",
                           &st);
    if (rc != OK) {
        return rc;
    }
    int64_t n = 0;
    rc = store_step_int(st, &n);
    *pn = (int)n;
    return rc;
}

int site_db_section_list(StoreConn *c, Arena *a, SiteSection **paOut,
                         int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT id, slug, name FROM sections"
                           " ORDER BY position, id",
                           &st);
    if (rc != OK) {
        return rc;
    }
    int n = 0, nAlloc = 16;
    SiteSection *aSec = arena_alloc(a, sizeof(SiteSection) * (size_t)nAlloc);
    while ((rc = store_step(st)) == STORE_ROW) {
        aSec = arena_grow(a, aSec, n, &nAlloc, sizeof(*aSec));
        aSec[n].id = store_col_int(st, 0);
        aSec[n].zSlug = store_col_text(st, 1, a);
        aSec[n].zName = store_col_text(st, 2, a);
        n++;
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aSec;
    *pnOut = n;
    return OK;
}

int site_db_rename_section(StoreConn *c, int64_t id, const char *zName)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "UPDATE sections SET name = ? WHERE id = ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zName);
    store_bind_int(st, 2, id);
    rc = store_exec(st);
    if (rc == OK && store_changes(c) == 0) {
        return ERR_NOTFOUND;
    }
    return rc;
}

int site_db_set_position(StoreConn *c, int64_t id, int nPosition)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c, "UPDATE sections SET position = ? WHERE id = ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, nPosition);
    store_bind_int(st, 2, id);
    rc = store_exec(st);
    if (rc == OK && store_changes(c) == 0) {
        return ERR_NOTFOUND;
    }
    return rc;
}
