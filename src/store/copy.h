/*
 * copy.h — moving a whole site from one database to another, any pair of
 * SQLite and PostgreSQL (`sinmun copy`), and the per-table checksum that
 * proves both hold the same rows.
 *
 * The tables, their columns, keys and references come from each
 * database's own catalog (store_internal.h: StoreBackend.tables), so a
 * table a later migration adds is copied without a change here.  The
 * checksum of a table is XXH3-64 over its rows in primary-key order
 * (every column when it has no key), text ordered by bytes and NULLs
 * first on both backends; each value is read as text and fed as one
 * byte 0 for NULL, or byte 1, its length as 8 bytes little-endian and
 * its bytes, column after column in the order of their names (bytes),
 * so a table whose columns two backends list in different orders sums
 * the same.  The same C code computes it on both sides.
 */
#ifndef SINMUN_STORE_COPY_H
#define SINMUN_STORE_COPY_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "store/store.h"

/* What the copy did to one table, and what the check found. */
typedef struct StoreCopyTable {
    const char *zName; /* the table */
    int64_t nSource;   /* rows read from the source (its snapshot) */
    int64_t nTarget;   /* rows the target holds afterwards */
    uint64_t hSource;  /* checksum of the rows read */
    uint64_t hTarget;  /* checksum of the target's rows, read back */
} StoreCopyTable;

/* The whole copy, table by table in the order they were written. */
typedef struct StoreCopyReport {
    StoreCopyTable *aTable; /* parents before the tables that refer to them */
    int nTable;             /* how many */
} StoreCopyReport;

/*
 * Told after each batch: 'zTable' has 'nDone' of its 'nTotal' rows
 * written ('bVerify' false) or read back for the check ('bVerify' true).
 */
typedef void (*StoreCopyProgress)(void *pArg, const char *zTable, int64_t nDone,
                                  int64_t nTotal, bool bVerify);

/*
 * Set '*pbEmpty' (OUT) to whether 'pStore' holds no table at all (a new
 * SQLite file, an empty PostgreSQL schema).  Return OK or ERR_*.
 */
int store_is_empty(Store *pStore, bool *pbEmpty) WARN_UNUSED;

/*
 * Copy every table of 'pFrom' into 'pTo' and check the result.
 *
 * 'pTo' must hold exactly the schema its migrations make (check it with
 * store_is_empty() before store_migrate()): rows the migrations wrote
 * are deleted first, children before parents.  'pFrom' must be at the
 * same schema version and have the same tables and columns; otherwise
 * nothing is written (ERR_INVALID, logged).  The source is read in one
 * read-only snapshot, so a server may keep running on it: what is
 * copied is the paper as of the moment the copy started.
 *
 * Tables are written parents first (by their foreign keys), each in
 * primary-key order in batches of 'nBatch' rows, one transaction per
 * batch; on SQLite the references are checked once at the end instead.
 * On PostgreSQL every identity column's sequence is then set past the
 * largest id copied.  Last, each target table is read back: its row
 * count and checksum must equal the source's (ERR_CONSTRAINT, logged,
 * when not).  'fnProgress' (may be NULL) hears of each batch.
 *
 * Fills '*pReport' (OUT) from arena 'a'.  Return OK or ERR_*; after a
 * failure the target holds part of the copy (start again on an empty
 * database).
 */
int store_copy(Store *pFrom, Store *pTo, int nBatch,
               StoreCopyProgress fnProgress, void *pArg, Arena *a,
               StoreCopyReport *pReport) WARN_UNUSED;

/*
 * Read table 'zTable' of 'pStore' whole: set '*pnRows' and '*pHash'
 * (OUT) to its row count and checksum as store_copy() computes them.
 * Return OK, ERR_NOTFOUND for no such table, or ERR_*.
 */
int store_checksum(Store *pStore, const char *zTable, int64_t *pnRows,
                   uint64_t *pHash) WARN_UNUSED;

#endif
