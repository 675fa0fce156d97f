/*
 * comments_schema.h — the comments feature's tables, as the literal
 * migration scripts that store/migrations.c applies (migrations 6, 16).
 *
 * comments       one row per comment or reply, never deleted: a status
 *                says what readers see (comments.h, CommentStatus).
 *                parent_id is the thread's root (NULL for a root): a reply
 *                to a reply is stored under the same root, one level.
 *                reply_count counts a root's replies that readers see as
 *                a comment or a notice; articles.comment_count counts an
 *                article's visible comments.  Both are kept in the same
 *                transaction as every write, so lists need no count(*).
 *                network is the poster's /24 or /48 (for bans and
 *                moderation; the full address is not kept).
 *                comments_by_thread covers the columns a thread list
 *                filters on, so counting and paging threads reads only
 *                the index.
 * comment_votes  공감/비공감, one row per voter and comment; voter is
 *                "a:<account id>" or, for guests, "n:<network>@<date>".
 * bans           an account ("a:<id>") or a network ("n:<network>") that
 *                may not comment until expires_at (NULL: until lifted).
 */
#ifndef SINMUN_COMMENTS_COMMENTS_SCHEMA_H
#define SINMUN_COMMENTS_COMMENTS_SCHEMA_H

/* Migration 6. */
#define COMMENTS_SCHEMA_SQL                                                    \
    "CREATE TABLE comments ("                                                  \
    "  id INTEGER PRIMARY KEY,"                                                \
    "  article_id INTEGER NOT NULL REFERENCES articles(id),"                   \
    "  parent_id INTEGER REFERENCES comments(id),"                             \
    "  account_id INTEGER REFERENCES accounts(id),"                            \
    "  author_name TEXT NOT NULL,"                                             \
    "  password_hash TEXT,"                                                    \
    "  body TEXT NOT NULL,"                                                    \
    "  status TEXT NOT NULL DEFAULT 'visible' CHECK (status IN"                \
    "    ('visible', 'held', 'hidden', 'removed', 'blinded', 'deleted')),"     \
    "  status_reason TEXT NOT NULL DEFAULT '',"                                \
    "  status_at INTEGER,"                                                     \
    "  network TEXT NOT NULL DEFAULT '',"                                      \
    "  reply_count INTEGER NOT NULL DEFAULT 0,"                                \
    "  up_count INTEGER NOT NULL DEFAULT 0,"                                   \
    "  down_count INTEGER NOT NULL DEFAULT 0,"                                 \
    "  created_at INTEGER NOT NULL,"                                           \
    "  edited_at INTEGER"                                                      \
    ");"                                                                       \
    "CREATE INDEX comments_by_thread"                                          \
    "  ON comments(article_id, parent_id, id, status, reply_count);"           \
    "CREATE INDEX comments_by_parent ON comments(parent_id, id);"              \
    "CREATE INDEX comments_by_status ON comments(status, created_at);"         \
    "CREATE INDEX comments_by_account ON comments(account_id, created_at);"    \
    "CREATE TABLE comment_votes ("                                             \
    "  comment_id INTEGER NOT NULL REFERENCES comments(id),"                   \
    "  voter TEXT NOT NULL,"                                                   \
    "  value INTEGER NOT NULL CHECK (value IN (1, -1)),"                       \
    "  created_at INTEGER NOT NULL,"                                           \
    "  PRIMARY KEY (comment_id, voter)"                                        \
    ");"                                                                       \
    "CREATE TABLE bans ("                                                      \
    "  id INTEGER PRIMARY KEY,"                                                \
    "  actor TEXT NOT NULL,"                                                   \
    "  reason TEXT NOT NULL,"                                                  \
    "  created_by INTEGER REFERENCES accounts(id),"                            \
    "  created_at INTEGER NOT NULL,"                                           \
    "  expires_at INTEGER,"                                                    \
    "  lifted_at INTEGER,"                                                     \
    "  lifted_by INTEGER REFERENCES accounts(id)"                              \
    ");"                                                                       \
    "CREATE INDEX bans_by_actor ON bans(actor, created_at);"                   \
    "ALTER TABLE articles"                                                     \
    "  ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;"

/*
 * Migration 16: comments_by_parent holds replies only.  It serves the
 * replies of a root (parent_id = ?), which never asks for NULL.  Holding
 * the roots too, it also served "parent_id IS NULL ORDER BY parent_id,
 * id", so when one article held nearly every comment (a flood on the
 * story that leads Naver) PostgreSQL's generic plan for an article's
 * first page of threads walked every root of every article through it
 * and filtered on article_id: 4 ms a page with 10,000 roots elsewhere,
 * and every other uncached article page five times slower (bench/pg.sh
 * found it).  Without the roots only comments_by_thread can serve those
 * statements.  The index is built again at start, under a lock that
 * holds comment writes for as long (not measured on a large table here;
 * migration 17's list indexes took about two seconds each at a million
 * articles).
 */
#define COMMENTS_PARENT_INDEX_SQL                                              \
    "DROP INDEX comments_by_parent;"                                           \
    "CREATE INDEX comments_by_parent ON comments(parent_id, id)"               \
    "  WHERE parent_id IS NOT NULL;"

#endif
