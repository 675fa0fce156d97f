/*
 * comments_db.c — every SQL statement of the comments feature; see
 * comments_db.h.
 *
 * Tables: comments, comment_votes, bans (comments_schema.h), and reads of
 * the settings table's comment_* keys.  Thread lists walk the index
 * comments_by_thread (article_id, parent_id, id), so a page of 50 threads
 * costs the same on an article with ten comments or ten thousand.
 */
#include "comments/comments_db.h"

#include <string.h>

/* Columns of a comment row, in comment_db_row() order. */
#define COMMENT_COLS                                                           \
    "SELECT id, article_id, parent_id, account_id, author_name, body,"         \
    " status, status_reason, status_at, network, reply_count, up_count,"       \
    " down_count, created_at, edited_at FROM comments"

/* A root that a list of threads shows (see comments_db.h). */
#define COMMENT_SHOWN_ROOT                                                     \
    " AND parent_id IS NULL AND (status IN"                                    \
    " ('visible', 'hidden', 'removed', 'blinded')"                             \
    " OR (status = 'deleted' AND reply_count > 0))"

static void comment_db_row(StoreStmt *st, Arena *a, Comment *cm)
{
    memset(cm, 0, sizeof(*cm));
    cm->id = store_col_int(st, 0);
    cm->articleId = store_col_int(st, 1);
    cm->parentId = store_col_int(st, 2);
    cm->accountId = store_col_int(st, 3);
    cm->zAuthor = store_col_text(st, 4, a);
    cm->zBody = store_col_text(st, 5, a);
    char *zStatus = store_col_text(st, 6, a);
    if (!comment_status_parse(zStatus, &cm->status)) {
        cm->status = COMMENT_HELD; /* unknown: show nothing */
    }
    cm->zStatusReason = store_col_text(st, 7, a);
    cm->tStatus = store_col_int(st, 8);
    cm->zNetwork = store_col_text(st, 9, a);
    cm->nReply = (int)store_col_int(st, 10);
    cm->nUp = (int)store_col_int(st, 11);
    cm->nDown = (int)store_col_int(st, 12);
    cm->tCreated = store_col_int(st, 13);
    cm->tEdited = store_col_int(st, 14);
}

/* Step 'st' into a new array of at most 'nLimit' comments. */
static int comment_db_rows(StoreStmt *st, Arena *a, int nLimit, Comment **paOut,
                           int *pnOut)
{
    Comment *aCm = arena_alloc(a, sizeof(Comment) * (size_t)(nLimit + 1));
    int n = 0;
    int rc = STORE_DONE;
    while (n < nLimit && (rc = store_step(st)) == STORE_ROW) {
        comment_db_row(st, a, &aCm[n++]);
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aCm;
    *pnOut = n;
    return OK;
}

int comment_db_get(StoreConn *c, Arena *a, int64_t id, Comment *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, COMMENT_COLS " WHERE id = ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    comment_db_row(st, a, pOut);
    return OK;
}

int comment_db_password(StoreConn *c, Arena *a, int64_t id, char **pzHash)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT coalesce(password_hash, '') FROM comments"
                           " WHERE id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    *pzHash = store_col_text(st, 0, a);
    return OK;
}

int comment_db_insert(StoreConn *c, const Comment *cm, const char *zHash,
                      int64_t *pId)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO comments(article_id, parent_id,"
                           " account_id, author_name, password_hash, body,"
                           " status, network, created_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, cm->articleId);
    if (cm->parentId != 0) {
        store_bind_int(st, 2, cm->parentId);
    } else {
        store_bind_null(st, 2);
    }
    if (cm->accountId != 0) {
        store_bind_int(st, 3, cm->accountId);
    } else {
        store_bind_null(st, 3);
    }
    store_bind_z(st, 4, cm->zAuthor);
    store_bind_z(st, 5, zHash);
    store_bind_z(st, 6, cm->zBody);
    store_bind_z(st, 7, comment_status_name(cm->status));
    store_bind_z(st, 8, cm->zNetwork);
    store_bind_int(st, 9, cm->tCreated);
    rc = store_exec(st);
    if (rc == OK) {
        *pId = store_last_id(c);
    }
    return rc;
}

int comment_db_count_threads(StoreConn *c, int64_t articleId, int64_t *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "SELECT count(*) FROM comments WHERE article_id = ?" COMMENT_SHOWN_ROOT,
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, articleId);
    return store_step_int(st, pnOut);
}

int comment_db_threads(StoreConn *c, Arena *a, int64_t articleId,
                       CommentOrder order, int nOffset, int nLimit,
                       Comment **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = order == COMMENT_OLDEST
                 ? store_prepare(c,
                                 COMMENT_COLS
                                 " WHERE article_id = ?" COMMENT_SHOWN_ROOT
                                 " ORDER BY parent_id, id LIMIT ? OFFSET ?",
                                 &st)
                 : store_prepare(c,
                                 COMMENT_COLS
                                 " WHERE article_id = ?" COMMENT_SHOWN_ROOT
                                 " ORDER BY parent_id DESC, id DESC"
                                 " LIMIT ? OFFSET ?",
                                 &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, articleId);
    store_bind_int(st, 2, nLimit);
    store_bind_int(st, 3, nOffset);
    return comment_db_rows(st, a, nLimit, paOut, pnOut);
}

/* COMMENTS_PER_PAGE as text, for the first page's literal LIMIT. */
#define COMMENT_TEXT_(n) #n
#define COMMENT_TEXT(n) COMMENT_TEXT_(n)

/*
 * The first page of threads, for the article page's batch.  Written so
 * that PostgreSQL keeps one generic plan for it whatever the comments'
 * spread: the LIMIT is a literal, and the ORDER BY names parent_id, which
 * the WHERE fixes, so the plan walks comments_by_thread in its order
 * (PostgreSQL does not see that "parent_id IS NULL" pins the column, and
 * with most comments under one article it otherwise picked a backward
 * walk of the whole primary key, or planned each execution anew; a
 * comment flood on one article made every other article page slower).
 * comments_by_parent, which gives the same order, holds no roots
 * (migration 16), or the plan walked it through every article's roots.
 * No count in it: a page that is not full counts itself.
 */
int comment_db_threads_first_send(StoreBatch *b, int64_t articleId,
                                  CommentOrder order, StoreStmt **pst)
{
    int rc = order == COMMENT_OLDEST
                 ? store_prepare(b->c,
                                 COMMENT_COLS
                                 " WHERE article_id = ?" COMMENT_SHOWN_ROOT
                                 " ORDER BY parent_id, id LIMIT " COMMENT_TEXT(
                                     COMMENTS_PER_PAGE),
                                 pst)
                 : store_prepare(b->c,
                                 COMMENT_COLS
                                 " WHERE article_id = ?" COMMENT_SHOWN_ROOT
                                 " ORDER BY parent_id DESC, id DESC"
                                 " LIMIT " COMMENT_TEXT(COMMENTS_PER_PAGE),
                                 pst);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(*pst, 1, articleId);
    store_batch_add(b, *pst);
    return OK;
}

int comment_db_threads_first_read(StoreConn *c, StoreStmt *st, Arena *a,
                                  int64_t articleId, Comment **paOut,
                                  int *pnOut, int64_t *pnThreads)
{
    int rc = comment_db_rows(st, a, COMMENTS_PER_PAGE, paOut, pnOut);
    if (rc != OK) {
        return rc;
    }
    /* A page that is not full holds every thread there is. */
    if (*pnOut < COMMENTS_PER_PAGE) {
        *pnThreads = *pnOut;
        return OK;
    }
    return comment_db_count_threads(c, articleId, pnThreads);
}

int comment_db_replies(StoreConn *c, Arena *a, int64_t rootId, int nLimit,
                       Comment **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           COMMENT_COLS
                           " WHERE parent_id = ?"
                           " AND status IN"
                           " ('visible', 'hidden', 'removed', 'blinded')"
                           " ORDER BY id LIMIT ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, rootId);
    store_bind_int(st, 2, nLimit);
    return comment_db_rows(st, a, nLimit, paOut, pnOut);
}

int comment_db_threads_before(StoreConn *c, int64_t articleId, int64_t rootId,
                              CommentOrder order, int64_t *pnOut)
{
    StoreStmt *st = NULL;
    int rc = order == COMMENT_OLDEST
                 ? store_prepare(
                       c,
                       "SELECT count(*) FROM comments"
                       " WHERE article_id = ? AND id < ?" COMMENT_SHOWN_ROOT,
                       &st)
                 : store_prepare(
                       c,
                       "SELECT count(*) FROM comments"
                       " WHERE article_id = ? AND id > ?" COMMENT_SHOWN_ROOT,
                       &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, articleId);
    store_bind_int(st, 2, rootId);
    return store_step_int(st, pnOut);
}

int comment_db_set_body(StoreConn *c, int64_t id, const char *zBody,
                        UnixTime tNow)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "UPDATE comments SET body = ?, edited_at = ?"
                           " WHERE id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zBody);
    store_bind_int(st, 2, tNow);
    store_bind_int(st, 3, id);
    rc = store_exec(st);
    if (rc == OK && store_changes(c) == 0) {
        rc = ERR_NOTFOUND;
    }
    return rc;
}

int comment_db_set_status(StoreConn *c, int64_t id, CommentStatus status,
                          const char *zReason, UnixTime tNow)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "UPDATE comments SET status = ?,"
                           " status_reason = ?, status_at = ? WHERE id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, comment_status_name(status));
    store_bind_z(st, 2, zReason ? zReason : "");
    store_bind_int(st, 3, tNow);
    store_bind_int(st, 4, id);
    rc = store_exec(st);
    if (rc == OK && store_changes(c) == 0) {
        rc = ERR_NOTFOUND;
    }
    return rc;
}

int comment_db_add_replies(StoreConn *c, int64_t rootId, int nDelta)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           /* No two-argument max() in PostgreSQL. */
                           "UPDATE comments SET reply_count = CASE"
                           " WHEN reply_count + ? < 0 THEN 0"
                           " ELSE reply_count + ? END WHERE id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, nDelta);
    store_bind_int(st, 2, nDelta);
    store_bind_int(st, 3, rootId);
    return store_exec(st);
}

int comment_db_vote(StoreConn *c, int64_t id, const char *zVoter, int value,
                    UnixTime tNow)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO comment_votes(comment_id, voter,"
                           " value, created_at) VALUES (?, ?, ?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    store_bind_z(st, 2, zVoter);
    store_bind_int(st, 3, value);
    store_bind_int(st, 4, tNow);
    rc = store_exec(st);
    if (rc != OK) {
        return rc;
    }
    rc = value > 0 ? store_prepare(c,
                                   "UPDATE comments SET up_count ="
                                   " up_count + 1 WHERE id = ?",
                                   &st)
                   : store_prepare(c,
                                   "UPDATE comments SET down_count ="
                                   " down_count + 1 WHERE id = ?",
                                   &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    return store_exec(st);
}

int comment_db_by_status(StoreConn *c, Arena *a, CommentStatus status,
                         int nOffset, int nLimit, Comment **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c,
                      COMMENT_COLS " WHERE status = ?"
                                   " ORDER BY created_at, id LIMIT ? OFFSET ?",
                      &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, comment_status_name(status));
    store_bind_int(st, 2, nLimit);
    store_bind_int(st, 3, nOffset);
    return comment_db_rows(st, a, nLimit, paOut, pnOut);
}

int comment_db_count_by_status(StoreConn *c, CommentStatus status,
                               int64_t *pnOut)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c, "SELECT count(*) FROM comments WHERE status = ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, comment_status_name(status));
    return store_step_int(st, pnOut);
}

/* ---------------------------------------------------------------------
 * Bans
 */

/* Columns of a ban row, in comment_db_ban_row() order. */
#define COMMENT_BAN_COLS                                                       \
    "SELECT id, actor, reason, coalesce(created_by, 0), created_at,"           \
    " coalesce(expires_at, 0), coalesce(lifted_at, 0) FROM bans"

static void comment_db_ban_row(StoreStmt *st, Arena *a, CommentBan *b)
{
    b->id = store_col_int(st, 0);
    b->zActor = store_col_text(st, 1, a);
    b->zReason = store_col_text(st, 2, a);
    b->createdBy = store_col_int(st, 3);
    b->tCreated = store_col_int(st, 4);
    b->tExpires = store_col_int(st, 5);
    b->tLifted = store_col_int(st, 6);
}

int comment_db_ban_insert(StoreConn *c, const char *zActor, const char *zReason,
                          UnixTime tExpires, int64_t byAccountId, UnixTime tNow,
                          int64_t *pId)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO bans(actor, reason, created_by,"
                           " created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zActor);
    store_bind_z(st, 2, zReason);
    if (byAccountId != 0) {
        store_bind_int(st, 3, byAccountId);
    } else {
        store_bind_null(st, 3);
    }
    store_bind_int(st, 4, tNow);
    if (tExpires != 0) {
        store_bind_int(st, 5, tExpires);
    } else {
        store_bind_null(st, 5);
    }
    rc = store_exec(st);
    if (rc == OK && pId != NULL) {
        *pId = store_last_id(c);
    }
    return rc;
}

int comment_db_ban_find(StoreConn *c, Arena *a, const char *zActor,
                        UnixTime tNow, CommentBan *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           COMMENT_BAN_COLS
                           " WHERE actor = ? AND lifted_at IS NULL"
                           " AND (expires_at IS NULL OR expires_at > ?)"
                           " ORDER BY expires_at IS NULL DESC,"
                           " expires_at DESC LIMIT 1",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zActor);
    store_bind_int(st, 2, tNow);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    comment_db_ban_row(st, a, pOut);
    return OK;
}

int comment_db_ban_lift(StoreConn *c, int64_t id, int64_t byAccountId,
                        UnixTime tNow)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "UPDATE bans SET lifted_at = ?, lifted_by = ?"
                           " WHERE id = ? AND lifted_at IS NULL",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tNow);
    if (byAccountId != 0) {
        store_bind_int(st, 2, byAccountId);
    } else {
        store_bind_null(st, 2);
    }
    store_bind_int(st, 3, id);
    rc = store_exec(st);
    if (rc == OK && store_changes(c) == 0) {
        rc = ERR_NOTFOUND;
    }
    return rc;
}

int comment_db_ban_list(StoreConn *c, Arena *a, UnixTime tNow, int nLimit,
                        CommentBan **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           COMMENT_BAN_COLS
                           " WHERE lifted_at IS NULL"
                           " AND (expires_at IS NULL OR expires_at > ?)"
                           " ORDER BY created_at DESC, id DESC LIMIT ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tNow);
    store_bind_int(st, 2, nLimit);
    CommentBan *aBan =
        arena_alloc(a, sizeof(CommentBan) * (size_t)(nLimit + 1));
    int n = 0;
    while (n < nLimit && (rc = store_step(st)) == STORE_ROW) {
        comment_db_ban_row(st, a, &aBan[n++]);
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aBan;
    *pnOut = n;
    return OK;
}
