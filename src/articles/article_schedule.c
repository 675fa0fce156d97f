/*
 * article_schedule.c — 예약 출고: scheduled articles go live at their
 * minute, even when nobody is signed in.  `sinmun serve` runs
 * article_schedule_job() on its change-feed thread (an AppJob registered
 * in src/wiring.c) every few seconds.
 *
 * Several server processes may share the database, and each runs the job.
 * Each article is published in a transaction of its own that begins with
 * BEGIN IMMEDIATE (store_begin()), reads the row, asks
 * article_transition(ARTICLE_GO_LIVE) and writes conditional on the
 * version it read: the process that comes second waits for the first's
 * commit, then reads a published article and leaves it.  The revision and
 * the cache changes (front, section, reporters, feeds and sitemaps through
 * "articles") commit with the publication, so every process drops the
 * pages that list it.
 */
#include "articles/article_edit.h"

#include "base/log.h"

/* Most articles one run publishes; the rest wait for the next run. */
#define SCHEDULE_BATCH 100

/* Publish article 'id' if it is still due; set '*pbDone' (OUT). */
static int schedule_publish_one(StoreConn *c, int64_t id, UnixTime tNow,
                                bool *pbDone)
{
    *pbDone = false;
    Arena a;
    arena_init(&a);
    int rc = store_begin(c);
    if (rc != OK) {
        arena_close(&a);
        return rc;
    }
    ArticleEdit cur;
    rc = article_edit_get(c, &a, id, &cur);
    ArticleState to = ARTICLE_DRAFT;
    const char *zWhy = NULL;
    if (rc == OK && (cur.tScheduled == 0 || cur.tScheduled > tNow ||
                     article_transition(cur.state, ARTICLE_GO_LIVE, 0, false,
                                        &to, &zWhy) != ARTICLE_ALLOWED)) {
        /* Another process was first, or the desk changed it meanwhile. */
        store_rollback(c);
        arena_close(&a);
        return OK;
    }
    ArticleEdit next;
    const char **azTag = NULL;
    int nTag = 0;
    if (rc == OK) {
        article_edit_next(&cur, ARTICLE_GO_LIVE, NULL, 0, tNow, 0, NULL, &next);
        rc = article_edit_write(c, &a, &cur, &next, 0, tNow, "status",
                                article_action_label(ARTICLE_GO_LIVE));
    }
    if (rc == OK) {
        rc = article_edit_changes(c, &a, &cur, &next, &azTag, &nTag);
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
    } else {
        *pbDone = true;
    }
    arena_close(&a);
    return rc;
}

int article_publish_due(StoreConn *c, UnixTime tNow, int *pnDone)
{
    int64_t aId[SCHEDULE_BATCH];
    int nId = 0;
    int nDone = 0;
    int rc = article_edit_due(c, tNow, SCHEDULE_BATCH, aId, &nId);
    for (int i = 0; rc == OK && i < nId; i++) {
        bool bDone = false;
        rc = schedule_publish_one(c, aId[i], tNow, &bDone);
        if (bDone) {
            log_info("scheduled publishing: article %lld published",
                     (long long)aId[i]);
            nDone++;
        }
    }
    if (pnDone != NULL) {
        *pnDone = nDone;
    }
    return rc;
}

int article_schedule_job(StoreConn *c, UnixTime tNow)
{
    return article_publish_due(c, tNow, NULL);
}
