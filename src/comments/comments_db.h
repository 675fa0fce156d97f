/*
 * comments_db.h — every SQL statement of the comments feature, as named
 * functions (comments_db.c).  Only src/comments/ calls these; other
 * features use comments.h.
 *
 * "Shown" below means what a list of threads shows: a root is shown when
 * it is visible, hidden, removed or blinded (the last three as notices),
 * or deleted while it still has shown replies; a reply is shown when it
 * is visible, hidden, removed or blinded.
 */
#ifndef SINMUN_COMMENTS_COMMENTS_DB_H
#define SINMUN_COMMENTS_COMMENTS_DB_H

#include "comments/comments.h"

/* Read comment 'id' into '*pOut' (OUT, in 'a').  OK, ERR_NOTFOUND, ERR_*. */
int comment_db_get(StoreConn *c, Arena *a, int64_t id,
                   Comment *pOut) WARN_UNUSED;

/*
 * The guest password hash of comment 'id' into '*pzHash' (OUT, in 'a';
 * "" for an account's comment).  OK, ERR_NOTFOUND or ERR_*.
 */
int comment_db_password(StoreConn *c, Arena *a, int64_t id,
                        char **pzHash) WARN_UNUSED;

/*
 * Insert 'cm' (id, counts and status times ignored) with the guest
 * password hash 'zHash' (NULL for an account).  Set '*pId' (OUT).
 * Return OK or ERR_*.
 */
int comment_db_insert(StoreConn *c, const Comment *cm, const char *zHash,
                      int64_t *pId) WARN_UNUSED;

/* Count the shown threads of 'articleId' into '*pnOut' (OUT). */
int comment_db_count_threads(StoreConn *c, int64_t articleId,
                             int64_t *pnOut) WARN_UNUSED;

/*
 * The shown roots of 'articleId' in 'order', skipping 'nOffset', at most
 * 'nLimit'.  Set '*paOut', '*pnOut' (OUT, in 'a').  Return OK or ERR_*.
 */
int comment_db_threads(StoreConn *c, Arena *a, int64_t articleId,
                       CommentOrder order, int nOffset, int nLimit,
                       Comment **paOut, int *pnOut) WARN_UNUSED;

/*
 * The first page of comment_db_threads() (at most COMMENTS_PER_PAGE
 * shown roots of 'articleId' in 'order'), for a batch (store.h): add it
 * to 'b' and set '*pst' (OUT); after store_batch_send(),
 * comment_db_threads_first_read() sets '*paOut', '*pnOut' (in 'a') and
 * '*pnThreads' (OUT): the rows' count when the page is not full, else
 * comment_db_count_threads() on 'c'.  Return OK or ERR_*.
 */
int comment_db_threads_first_send(StoreBatch *b, int64_t articleId,
                                  CommentOrder order,
                                  StoreStmt **pst) WARN_UNUSED;
int comment_db_threads_first_read(StoreConn *c, StoreStmt *st, Arena *a,
                                  int64_t articleId, Comment **paOut,
                                  int *pnOut, int64_t *pnThreads) WARN_UNUSED;

/*
 * The shown replies of root 'rootId', oldest first, at most 'nLimit'.
 * Set '*paOut', '*pnOut' (OUT, in 'a').  Return OK or ERR_*.
 */
int comment_db_replies(StoreConn *c, Arena *a, int64_t rootId, int nLimit,
                       Comment **paOut, int *pnOut) WARN_UNUSED;

/*
 * How many shown threads of 'articleId' come before root 'rootId' in
 * 'order', into '*pnOut' (OUT): which page the thread is on.
 */
int comment_db_threads_before(StoreConn *c, int64_t articleId, int64_t rootId,
                              CommentOrder order, int64_t *pnOut) WARN_UNUSED;

/* Replace the text of comment 'id', marking it edited at 'tNow'. */
int comment_db_set_body(StoreConn *c, int64_t id, const char *zBody,
                        UnixTime tNow) WARN_UNUSED;

/* Set the status columns of comment 'id'.  OK, ERR_NOTFOUND or ERR_*. */
int comment_db_set_status(StoreConn *c, int64_t id, CommentStatus status,
                          const char *zReason, UnixTime tNow) WARN_UNUSED;

/* Add 'nDelta' to the reply_count of root 'rootId'. */
int comment_db_add_replies(StoreConn *c, int64_t rootId,
                           int nDelta) WARN_UNUSED;

/*
 * Record the vote 'value' (1 or -1) of 'zVoter' on comment 'id' and bump
 * its count.  Return OK, ERR_CONSTRAINT when this voter already voted on
 * it, or ERR_*.  Call inside a transaction.
 */
int comment_db_vote(StoreConn *c, int64_t id, const char *zVoter, int value,
                    UnixTime tNow) WARN_UNUSED;

/* As comment_list_by_status() and comment_count_by_status(). */
int comment_db_by_status(StoreConn *c, Arena *a, CommentStatus status,
                         int nOffset, int nLimit, Comment **paOut,
                         int *pnOut) WARN_UNUSED;
int comment_db_count_by_status(StoreConn *c, CommentStatus status,
                               int64_t *pnOut) WARN_UNUSED;

/* Ban rows: as comment_ban_add(), _find(), _lift() and _list(). */
int comment_db_ban_insert(StoreConn *c, const char *zActor, const char *zReason,
                          UnixTime tExpires, int64_t byAccountId, UnixTime tNow,
                          int64_t *pId) WARN_UNUSED;
int comment_db_ban_find(StoreConn *c, Arena *a, const char *zActor,
                        UnixTime tNow, CommentBan *pOut) WARN_UNUSED;
int comment_db_ban_lift(StoreConn *c, int64_t id, int64_t byAccountId,
                        UnixTime tNow) WARN_UNUSED;
int comment_db_ban_list(StoreConn *c, Arena *a, UnixTime tNow, int nLimit,
                        CommentBan **paOut, int *pnOut) WARN_UNUSED;

#endif
