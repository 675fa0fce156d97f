/*
 * migrations.h — numbered schema changes, applied in order at start.
 *
 * Each migration is a literal script in migrations.c; the table
 * schema_migrations records which ran.  A database newer than this binary
 * (a version it does not know) is refused rather than guessed at.
 */
#ifndef SINMUN_STORE_MIGRATIONS_H
#define SINMUN_STORE_MIGRATIONS_H

#include "store/store.h"

/*
 * Apply every migration not yet recorded on 'c', each in its own
 * transaction.  Return OK or ERR_*; a failure leaves the database at the
 * last complete migration.
 */
int migrations_apply(StoreConn *c) WARN_UNUSED;

/* Number of the newest migration this binary knows. */
int migrations_latest(void);

/*
 * Run a multi-statement script of literal DDL on 'c' (backend-specific;
 * only migrations use it).  Return OK or ERR_*.
 */
int store_exec_script(StoreConn *c, const char *zSql) WARN_UNUSED;

#endif
