/*
 * migrations.h — numbered schema changes, applied in order at start.
 *
 * Each migration is a literal script; src/schema.c lists them, and the
 * table schema_migrations records which ran.  A database newer than this binary
 * (a version it does not know) is refused rather than guessed at.
 */
#ifndef SINMUN_STORE_MIGRATIONS_H
#define SINMUN_STORE_MIGRATIONS_H

#include "store/store.h"

/*
 * Apply every migration of 'pSchema' not yet recorded on 'c', each in its
 * own transaction.  Return OK or ERR_*; a failure leaves the database at
 * the last complete migration.
 */
int migrations_apply(StoreConn *c, const StoreSchema *pSchema) WARN_UNUSED;

/*
 * Run a multi-statement script of literal DDL on 'c' (backend-specific;
 * only migrations use it).  Return OK or ERR_*.
 */
int store_exec_script(StoreConn *c, const char *zSql) WARN_UNUSED;

/*
 * Turn foreign-key enforcement on 'c' on or off ('bOn'), outside a
 * transaction (backend-specific; SQLite checks references per statement,
 * so a table rebuild needs them off).  Return OK or ERR_*.
 */
int store_migration_fk(StoreConn *c, bool bOn) WARN_UNUSED;

/*
 * Inside a migration's transaction: return OK when every reference on 'c'
 * resolves, else ERR_CONSTRAINT (logged) so the migration rolls back.
 */
int store_migration_fk_check(StoreConn *c) WARN_UNUSED;

#endif
