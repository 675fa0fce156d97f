/*
 * backup.c — `sinmun backup --db DB FILE` and `sinmun restore FILE --db
 * DB [--force]` (issue 10 §5).
 *
 * A backup is SQLite's online backup API copying every page in one step
 * (store_backup()): one read transaction, so the file is the database as
 * of one moment, while the server goes on reading and writing (WAL).
 * It is written beside FILE under a temporary name, checked with
 * quick_check, flushed and renamed, so FILE is either absent or a whole,
 * checked backup.  PostgreSQL has its own tools (pg_dump, pg_restore):
 * both commands say how, in docs/operations.md's words.
 */
#include "commands/commands.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "schema.h"
#include "store/store.h"

/* What `sinmun backup` says on PostgreSQL. */
static const char zPgDump[] =
    "sinmun: on PostgreSQL, back up with PostgreSQL's own tools:\n"
    "  pg_dump --format=custom --file=FILE 'URL'\n"
    "      a consistent snapshot while sinmun serves (one transaction);\n"
    "  pg_restore --no-owner --dbname='NEW_URL' FILE\n"
    "      into a new, empty database (createdb first);\n"
    "  or continuous archiving (pg_basebackup and WAL) for point-in-time\n"
    "  recovery. docs/operations.md has the commands.\n";

/* fsync the file or folder 'zPath'.  Return 0 or -1. */
static int backup_sync(const char *zPath, bool bDir)
{
    int fd = open(zPath, bDir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0) {
        return -1;
    }
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int command_backup(const Config *cfg, const char *zFile)
{
    if (store_url_is_pg(cfg->zDb)) {
        fputs(zPgDump, stderr);
        return 2;
    }
    if (access(cfg->zDb, F_OK) != 0) {
        fprintf(stderr, "sinmun: backup: no database at %s\n", cfg->zDb);
        return 2;
    }
    if (access(zFile, F_OK) == 0) {
        fprintf(stderr,
                "sinmun: backup: %s already exists; a backup goes to a "
                "new file\n",
                zFile);
        return 2;
    }
    char zTmp[CONFIG_STR_MAX + 64];
    int nTmp =
        snprintf(zTmp, sizeof(zTmp), "%s.partial-%d", zFile, (int)getpid());
    if (nTmp < 0 || (size_t)nTmp >= sizeof(zTmp)) {
        fprintf(stderr, "sinmun: backup: the file name is too long\n");
        return 2;
    }
    int64_t tStart = time_now_us();
    Store *pStore = NULL;
    /* No migrations: a backup copies the database as the server has it. */
    if (store_open(cfg->zDb, 1, NULL, &pStore) != OK) {
        fprintf(stderr, "sinmun: backup: cannot open %s\n", cfg->zDb);
        return 1;
    }
    int rc = store_backup(pStore, zTmp);
    store_close(pStore);
    int64_t tCopied = time_now_us();
    int nVersion = 0;
    if (rc == OK) {
        rc = store_file_check(zTmp, &g_schema, &nVersion);
    }
    int64_t tChecked = time_now_us();
    if (rc == OK && backup_sync(zTmp, false) != 0) {
        rc = ERR_IO;
    }
    if (rc == OK && rename(zTmp, zFile) != 0) {
        fprintf(stderr, "sinmun: backup: cannot rename %s to %s: %s\n", zTmp,
                zFile, strerror(errno));
        rc = ERR_IO;
    }
    if (rc != OK) {
        unlink(zTmp);
        fprintf(stderr, "sinmun: backup of %s failed (%d); nothing written\n",
                cfg->zDb, rc);
        return 1;
    }
    /* The rename itself must survive a crash. */
    char zDir[CONFIG_STR_MAX + 64];
    snprintf(zDir, sizeof(zDir), "%s", zFile);
    if (backup_sync(dirname(zDir), true) != 0) {
        log_warn("backup: could not flush the folder of %s", zFile);
    }
    struct stat stFile;
    long long nBytes =
        stat(zFile, &stFile) == 0 ? (long long)stFile.st_size : -1;
    printf("backup of %s written to %s: schema %d, %lld bytes; copied in "
           "%.1f s, quick_check ok in %.1f s\n",
           cfg->zDb, zFile, nVersion, nBytes, (double)(tCopied - tStart) / 1e6,
           (double)(tChecked - tCopied) / 1e6);
    return 0;
}

int command_restore(const Config *cfg, const char *zFile, bool bForce)
{
    if (store_url_is_pg(cfg->zDb)) {
        fprintf(stderr,
                "sinmun: restore writes a SQLite backup over a SQLite "
                "database. On PostgreSQL:\n"
                "  pg_restore --no-owner --dbname='URL' FILE   (a pg_dump "
                "file, into an empty database)\n"
                "  sinmun copy --from sqlite:%s --to 'URL'   (this SQLite "
                "backup into PostgreSQL)\n"
                "docs/operations.md has the whole procedure.\n",
                zFile);
        return 2;
    }
    int nVersion = 0;
    int rc = store_file_check(zFile, &g_schema, &nVersion);
    if (rc != OK) {
        fprintf(stderr,
                "sinmun: restore: %s is not a usable backup (see above); "
                "nothing was changed\n",
                zFile);
        return 2;
    }
    rc = store_restore(cfg->zDb, zFile, bForce);
    if (rc == ERR_BUSY || rc == ERR_CONSTRAINT) {
        fprintf(stderr, "sinmun: restore refused: %s %s; nothing was changed\n",
                cfg->zDb,
                rc == ERR_BUSY
                    ? "is in use by another process (stop the server first; "
                      "--force writes over it anyway)"
                    : "already holds a database (--force writes over it)");
        return 2;
    }
    if (rc != OK) {
        fprintf(stderr, "sinmun: restore into %s failed (%d)\n", cfg->zDb, rc);
        return 1;
    }
    /* An older backup is brought up to this program's schema now, and
       the result must pass the check serve runs. */
    Store *pStore = NULL;
    if (store_open(cfg->zDb, 1, &g_schema, &pStore) != OK ||
        store_quick_check(pStore) != OK) {
        store_close(pStore);
        fprintf(stderr,
                "sinmun: restore: %s does not open after the "
                "restore\n",
                cfg->zDb);
        return 1;
    }
    store_close(pStore);
    printf("restored %s into %s (schema %d, now %d)%s\n", zFile, cfg->zDb,
           nVersion, g_schema.nMigration,
           bForce ? "; a server running on it keeps stale pages in its "
                    "cache until restarted"
                  : "");
    return 0;
}
