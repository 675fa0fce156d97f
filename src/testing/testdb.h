/*
 * testdb.h — what the unit tests on a database share: a fresh temporary
 * file name, its removal with the WAL files, and one published article to
 * hang comments and reports on.  For *_test.c only: include it after
 * <cmocka.h> (its checks are cmocka assertions).
 */
#ifndef SINMUN_TESTING_TESTDB_H
#define SINMUN_TESTING_TESTDB_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "articles/articles.h"
#include "site/site.h"
#include "store/store.h"

/* Set 'zPath' (64 bytes) to a new, absent /tmp file named after 'zTag'. */
static inline void testdb_path(char zPath[64], const char *zTag)
{
    snprintf(zPath, 64, "/tmp/sinmun-%s-XXXXXX", zTag);
    int fd = mkstemp(zPath);
    assert_true(fd >= 0);
    close(fd);
    unlink(zPath);
}

/* Remove the database 'zPath' and its -wal and -shm files. */
static inline void testdb_remove(const char *zPath)
{
    char z[256];
    unlink(zPath);
    snprintf(z, sizeof(z), "%s-wal", zPath);
    unlink(z);
    snprintf(z, sizeof(z), "%s-shm", zPath);
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
