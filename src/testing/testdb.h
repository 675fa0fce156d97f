/*
 * testdb.h — what the unit tests on a database share: a fresh temporary
 * database, its removal, and one published article to hang comments and
 * reports on.  For *_test.c only: include it after <cmocka.h> (its checks
 * are cmocka assertions).
 *
 * With SINMUN_TEST_PG set (tests/run-all does, for its PostgreSQL pass,
 * to "postgresql:///?host=DIR&port=N&user=postgres"), testdb_path()
 * creates a new database on that server and names it by URL, so every
 * test of a feature's _db.c runs unchanged on both backends.
 */
#ifndef SINMUN_TESTING_TESTDB_H
#define SINMUN_TESTING_TESTDB_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "articles/articles.h"
#include "site/site.h"
#include "store/store.h"

/* Longest name testdb_path() writes. */
#define TESTDB_PATH_MAX 256

/* True when the tests run on PostgreSQL. */
static inline bool testdb_is_pg(void)
{
    const char *z = getenv("SINMUN_TEST_PG");
    return z != NULL && z[0] != 0;
}

/* Run 'zSql' on the test server's "postgres" database. */
static inline void testdb_pg_admin(const char *zSql)
{
    char zUrl[TESTDB_PATH_MAX];
    const char *zBase = getenv("SINMUN_TEST_PG");
    const char *zQ = strstr(zBase, ":///?");
    assert_non_null(zQ);
    snprintf(zUrl, sizeof(zUrl), "%.*s:///postgres?%s", (int)(zQ - zBase),
             zBase, zQ + 5);
    PGconn *pg = PQconnectdb(zUrl);
    assert_int_equal(PQstatus(pg), CONNECTION_OK);
    PGresult *res = PQexec(pg, zSql);
    assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    PQfinish(pg);
}

/* Set 'zPath' (TESTDB_PATH_MAX bytes) to a new, absent database named
   after 'zTag': a /tmp file, or a fresh PostgreSQL database's URL. */
static inline void testdb_path(char zPath[TESTDB_PATH_MAX], const char *zTag)
{
    if (testdb_is_pg()) {
        static int nMade;
        char zName[64];
        char zSql[128];
        snprintf(zName, sizeof(zName), "unit_%s_%d_%d", zTag, (int)getpid(),
                 ++nMade);
        /* A database name is an identifier: letters, digits and _. */
        for (char *p = zName; *p; p++) {
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))) {
                *p = '_';
            }
        }
        snprintf(zSql, sizeof(zSql), "CREATE DATABASE %s", zName);
        testdb_pg_admin(zSql);
        const char *zBase = getenv("SINMUN_TEST_PG");
        const char *zQ = strstr(zBase, ":///?");
        snprintf(zPath, TESTDB_PATH_MAX, "%.*s:///%s?%s", (int)(zQ - zBase),
                 zBase, zName, zQ + 5);
        return;
    }
    snprintf(zPath, TESTDB_PATH_MAX, "/tmp/sinmun-%s-XXXXXX", zTag);
    int fd = mkstemp(zPath);
    assert_true(fd >= 0);
    close(fd);
    unlink(zPath);
}

/* Remove the database 'zPath': the file and its -wal and -shm files, or
   the PostgreSQL database (every connection to it must be closed). */
static inline void testdb_remove(const char *zPath)
{
    char z[TESTDB_PATH_MAX + 8];
    if (strncmp(zPath, "postgresql:", 11) == 0) {
        const char *zName = zPath + strlen("postgresql:///");
        char zSql[128];
        snprintf(zSql, sizeof(zSql), "DROP DATABASE IF EXISTS %.*s",
                 (int)strcspn(zName, "?"), zName);
        testdb_pg_admin(zSql);
        return;
    }
    unlink(zPath);
    snprintf(z, sizeof(z), "%.*s-wal", TESTDB_PATH_MAX - 1, zPath);
    unlink(z);
    snprintf(z, sizeof(z), "%.*s-shm", TESTDB_PATH_MAX - 1, zPath);
    unlink(z);
}

/* Add a section, a reporter and one published article on 'c'; return
   the article's id. */
static inline int64_t testdb_add_article(StoreConn *c, Arena *a)
{
    int64_t sectionId = 0;
    int64_t personId = 0;
    int64_t id = 0;
    assert_int_equal(site_db_add_section(c, "s", "분류", 1, &sectionId), OK);
    Person p = {0, "기자", "", "", ""};
    assert_int_equal(person_db_insert(c, &p, 1, &personId), OK);
    Article art;
    memset(&art, 0, sizeof(art));
    art.sectionId = sectionId;
    art.authorId = personId;
    art.zStatus = "published";
    art.zTitle = "제목";
    art.zBodyMd = "본문";
    art.tPublished = 1;
    assert_int_equal(article_db_insert(c, a, &art, 1, &id), OK);
    return id;
}

#endif
