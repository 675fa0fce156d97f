/*
 * site_db.c — SQL for sections (the settings table is app/settings.c's).
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
