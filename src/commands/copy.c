/*
 * copy.c — `sinmun copy --from SRC --to DST`: moving a paper between
 * databases, SQLite to PostgreSQL, back, or any pair (issue 10 §5).
 *
 * The work is store_copy() (store/copy.h); this file checks the two ends
 * first (the source exists and is at this program's schema; the target
 * holds no rows), gives the target its schema by the usual migrations,
 * prints progress on standard error and the per-table report on standard
 * output.  docs/operations.md has the whole procedure.
 */
#include "commands/commands.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "schema.h"
#include "store/copy.h"
#include "store/store.h"

/* Seconds between two progress lines of one table. */
#define COPY_PROGRESS_S 1

/* What the progress callback remembers between calls. */
typedef struct CopyProgress {
    const char *zTable; /* table of the last line */
    bool bVerify;       /* whether it was being read back */
    int64_t tLast;      /* monotonic µs of the last line */
} CopyProgress;

static void copy_progress(void *pArg, const char *zTable, int64_t nDone,
                          int64_t nTotal, bool bVerify)
{
    CopyProgress *p = pArg;
    int64_t tNow = time_now_us();
    bool bNew = p->zTable != zTable || p->bVerify != bVerify;
    bool bLast = nDone >= nTotal;
    if (!bNew && !bLast && tNow - p->tLast < COPY_PROGRESS_S * 1000000) {
        return;
    }
    fprintf(stderr, "copy: %-22s %s %lld of %lld rows (%d%%)\n", zTable,
            bVerify ? "checked" : "written", (long long)nDone,
            (long long)nTotal, nTotal > 0 ? (int)(nDone * 100 / nTotal) : 100);
    p->zTable = zTable;
    p->bVerify = bVerify;
    p->tLast = tNow;
}

/* The database a --from/--to value names: "sqlite:PATH" is PATH. */
static const char *copy_url(const char *z)
{
    if (strncmp(z, "sqlite:", 7) == 0) {
        return z + 7;
    }
    return z;
}

int command_copy(const char *zFromArg, const char *zToArg, int nBatch)
{
    const char *zFrom = copy_url(zFromArg);
    const char *zTo = copy_url(zToArg);
    if (zFrom[0] == 0 || zTo[0] == 0 || strcmp(zFrom, zTo) == 0) {
        fprintf(stderr, "sinmun: copy needs two different databases\n");
        return 2;
    }
    if (!store_url_is_pg(zFrom) && access(zFrom, F_OK) != 0) {
        fprintf(stderr, "sinmun: copy: no database at %s\n", zFrom);
        return 2;
    }
    int64_t tStart = time_now_us();
    Store *pFrom = NULL;
    Store *pTo = NULL;
    int rc = 1;
    /* Neither end is migrated on open: the source is read as it is, the
       target is checked for rows first. */
    if (store_open(zFrom, 1, NULL, &pFrom) != OK) {
        fprintf(stderr, "sinmun: copy: cannot open the source %s\n", zFrom);
        goto done;
    }
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    int nVersion = 0;
    if (store_conn(pFrom, &a, &c) == OK) {
        nVersion = store_schema_version(c);
    }
    arena_close(&a);
    if (nVersion != g_schema.nMigration) {
        fprintf(stderr,
                "sinmun: copy: the source is at schema %d, this program at "
                "%d;%s\n",
                nVersion, g_schema.nMigration,
                nVersion < g_schema.nMigration
                    ? " bring it up to date first with: sinmun init --db "
                      "SOURCE"
                    : " use the sinmun that wrote it");
        rc = 2;
        goto done;
    }
    if (store_open(zTo, 1, NULL, &pTo) != OK) {
        fprintf(stderr, "sinmun: copy: cannot open the target %s\n", zTo);
        goto done;
    }
    bool bEmpty = false;
    if (store_is_empty(pTo, &bEmpty) != OK) {
        goto done;
    }
    if (!bEmpty) {
        fprintf(stderr,
                "sinmun: copy: the target %s already holds rows; copy "
                "into a new database (or an empty one)\n",
                zTo);
        rc = 2;
        goto done;
    }
    if (store_migrate(pTo, &g_schema) != OK) {
        fprintf(stderr, "sinmun: copy: the target's schema failed\n");
        goto done;
    }
    arena_init(&a);
    CopyProgress progress = {NULL, false, 0};
    StoreCopyReport report = {NULL, 0};
    int rcCopy =
        store_copy(pFrom, pTo, nBatch, copy_progress, &progress, &a, &report);
    int64_t nRows = 0;
    if (report.nTable > 0) {
        printf("%-24s %10s  %-16s  %s\n", "table", "rows", "checksum",
               "target");
    }
    for (int i = 0; i < report.nTable; i++) {
        const StoreCopyTable *t = &report.aTable[i];
        bool bSame = t->nSource == t->nTarget && t->hSource == t->hTarget;
        printf("%-24s %10lld  %016llx  %s\n", t->zName, (long long)t->nSource,
               (unsigned long long)t->hSource,
               rcCopy != OK && !bSame ? "DIFFERS" : "same");
        nRows += t->nSource;
    }
    arena_close(&a);
    double dSeconds = (double)(time_now_us() - tStart) / 1e6;
    if (rcCopy != OK) {
        fprintf(stderr,
                "sinmun: copy failed (%d) after %.1f s; the target holds "
                "part of it: drop it and copy again\n",
                rcCopy, dSeconds);
        rc = rcCopy == ERR_INVALID ? 2 : 1;
        goto done;
    }
    printf("copied %d tables, %lld rows from %s to %s in %.1f s: every "
           "table's row count and checksum match\n",
           report.nTable, (long long)nRows, zFrom, zTo, dSeconds);
    rc = 0;
done:
    store_close(pTo);
    store_close(pFrom);
    return rc;
}
