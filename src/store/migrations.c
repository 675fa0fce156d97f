/*
 * migrations.c — the migration runner; see migrations.h.  The scripts
 * themselves are listed in src/schema.c (table schema_migrations here
 * records which ran).
 */
#include "store/migrations.h"

#include <assert.h>

#include "base/log.h"
#include "base/timeutil.h"

int store_schema_version(StoreConn *c)
{
    StoreStmt *st = NULL;
    int v = 0;
    if (store_prepare(c, "SELECT max(version) FROM schema_migrations", &st) ==
            OK &&
        store_step(st) == STORE_ROW) {
        v = (int)store_col_int(st, 0);
        /* Read to the end: a statement left on its row would keep SQLite
           from dropping a table in the migration that follows. */
        while (store_step(st) == STORE_ROW) {
        }
    }
    return v;
}

int migrations_apply(StoreConn *c, const StoreSchema *pSchema)
{
    /* In a write transaction: several processes may start at once. */
    int rc = store_begin(c);
    if (rc == OK) {
        rc = store_exec_script(c, "CREATE TABLE IF NOT EXISTS "
                                  "schema_migrations ("
                                  "  version INTEGER PRIMARY KEY,"
                                  "  applied_at INTEGER NOT NULL);"
                                  "CREATE TABLE IF NOT EXISTS store_health ("
                                  "  node TEXT PRIMARY KEY,"
                                  "  checked_at INTEGER NOT NULL)");
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
        return rc;
    }
    int nHave = store_schema_version(c);
    if (nHave > pSchema->nMigration) {
        log_error("store: database schema %d is newer than this program "
                  "(%d); upgrade sinmun",
                  nHave, pSchema->nMigration);
        return ERR_INVALID;
    }
    for (int i = nHave; i < pSchema->nMigration; i++) {
        const StoreMigration *m = &pSchema->aMigration[i];
        assert(m->version == i + 1);
        /* A table rebuild drops and renames tables others refer to: the
           references are checked once, at the end, instead of per
           statement. */
        rc = store_migration_fk(c, false);
        if (rc == OK) {
            rc = store_begin(c);
        }
        if (rc != OK) {
            return rc;
        }
        /* Another process may have applied it since the count above. */
        if (store_schema_version(c) >= m->version) {
            store_rollback(c);
            if (store_migration_fk(c, true) != OK) {
                return ERR_DB;
            }
            continue;
        }
        rc = store_exec_script(
            c, store_conn_is_pg(c) && m->zSqlPg != NULL ? m->zSqlPg : m->zSql);
        if (rc == OK) {
            rc = store_migration_fk_check(c);
        }
        StoreStmt *st = NULL;
        if (rc == OK) {
            rc = store_prepare(c,
                               "INSERT INTO schema_migrations"
                               "(version, applied_at)"
                               " VALUES (?, ?)",
                               &st);
        }
        if (rc == OK) {
            store_bind_int(st, 1, m->version);
            store_bind_int(st, 2, time_now());
            rc = store_exec(st);
        }
        if (rc == OK) {
            rc = store_commit(c);
        }
        if (rc != OK) {
            store_rollback(c);
            if (store_migration_fk(c, true) != OK) {
                log_error("store: foreign keys could not be turned back on");
            }
            log_error("store: migration %d failed", m->version);
            return rc;
        }
        rc = store_migration_fk(c, true);
        if (rc != OK) {
            return rc;
        }
        log_info("store: applied migration %d", m->version);
    }
    return OK;
}
