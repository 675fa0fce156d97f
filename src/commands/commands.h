/*
 * commands.h — the operator's commands that move and keep a paper's
 * database: `sinmun copy` (copy.c), `sinmun backup` and `sinmun restore`
 * (backup.c).  main.c parses the shared options into a Config and calls
 * one of these; each prints what it did and returns the exit status.
 */
#ifndef SINMUN_COMMANDS_COMMANDS_H
#define SINMUN_COMMANDS_COMMANDS_H

#include <stdbool.h>

#include "base/config.h"

/* Rows per transaction in `sinmun copy` unless --batch says otherwise. */
#define COMMAND_COPY_BATCH 1000
/* Most rows --batch accepts. */
#define COMMAND_COPY_BATCH_MAX 100000

/*
 * `sinmun copy --from SRC --to DST`: every table of SRC (sqlite:PATH, a
 * file path or a postgresql:// URL) into DST, which must hold no rows;
 * DST gets the schema by the migrations first, SRC must be at this
 * program's schema.  Progress goes to standard error, the per-table
 * report (rows and checksums) to standard output.  'nBatch' rows per
 * transaction.  Return 0, 1 (failed; the target may hold part of the
 * copy) or 2 (refused: bad arguments, a non-empty target, an old source).
 */
int command_copy(const char *zFrom, const char *zTo, int nBatch);

/*
 * `sinmun backup --db DB FILE`: a consistent snapshot of the SQLite
 * database of 'cfg' into the new file 'zFile' (written beside it under
 * a temporary name, checked, then renamed), while a server may keep
 * serving.  On PostgreSQL it explains pg_dump and returns 2.  Return 0,
 * 1 or 2.
 */
int command_backup(const Config *cfg, const char *zFile);

/*
 * `sinmun restore FILE --db DB [--force]`: check the backup 'zFile'
 * (quick_check, schema version), then write it over the SQLite database
 * of 'cfg'.  Without 'bForce' a database in use or holding tables is
 * refused.  Migrations then bring it to this program's schema.  Return
 * 0, 1 or 2 (refused).
 */
int command_restore(const Config *cfg, const char *zFile, bool bForce);

#endif
