/*
 * comments.h — readers' comments on articles: threads with one level of
 * replies, guest and signed-in authors, 공감/비공감 votes, editing and
 * deleting by the author, spam guards, bans; and the status changes that
 * moderation (reports/, newsroom/) makes through this header.
 *
 * Tables (comments_schema.h): comments, comment_votes, bans, and the
 * maintained column articles.comment_count.
 *
 * Routes (one file each):
 *   GET  /article/{id}/comments     comments_page.c   every page of threads
 *   POST /article/{id}/comments     comment_post.c    a comment or a reply
 *   GET  /comment/{id}/reply        comment_reply.c   reply form (no script)
 *   GET  /comment/{id}/edit         comment_edit.c    edit form
 *   POST /comment/{id}/edit         comment_edit.c
 *   GET  /comment/{id}/delete       comment_delete.c  delete confirmation
 *   POST /comment/{id}/delete       comment_delete.c
 *   POST /comment/{id}/vote         comment_vote.c    공감/비공감
 * The article page shows the first page of threads through
 * comments_view_article().
 *
 * Every write runs in one transaction with app_change() of
 * "comments:{article}" and "article:{article}" (and "articles" when the
 * visible count changed, for the counts on lists), so cached pages drop.
 */
#ifndef SINMUN_COMMENTS_COMMENTS_H
#define SINMUN_COMMENTS_COMMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "app/settings.h"
#include "base/rc.h"
#include "base/timeutil.h"
#include "store/store.h"
#include "view/view.h"
#include "web/http.h"

/* Longest comment, in user-perceived characters (after NFC, CRLF → LF). */
#define COMMENT_MAX_CHARS 1000
/* Longest guest nickname, in characters. */
#define COMMENT_NICKNAME_MAX 20
/* Guest password length, in characters. */
#define COMMENT_PASSWORD_MIN 4
#define COMMENT_PASSWORD_MAX 64
/* Threads (root comments with their replies) per page. */
#define COMMENTS_PER_PAGE 50
/* Replies shown under one thread on a list page; the rest on the thread's
   reply page (/comment/{id}/reply). */
#define COMMENT_REPLIES_SHOWN 100

/* What readers see of a comment. */
typedef enum CommentStatus {
    COMMENT_VISIBLE = 0, /* shown */
    COMMENT_HELD = 1,    /* waiting for a moderator: not shown at all */
    COMMENT_HIDDEN = 2,  /* hidden by a moderator: a notice in its place */
    COMMENT_REMOVED = 3, /* removed by a moderator: a notice in its place */
    COMMENT_BLINDED = 4, /* 임시조치 (blinded up to 30 days): a notice with
                            a link for the author to object */
    COMMENT_DELETED = 5, /* deleted by its author: "삭제된 댓글입니다." while
                            it has replies, else gone from the list */
} CommentStatus;

/* Number of CommentStatus values. */
#define COMMENT_STATUS_COUNT 6

/* Order of threads. */
typedef enum CommentOrder {
    COMMENT_NEWEST = 0, /* newest thread first (the default) */
    COMMENT_OLDEST = 1, /* oldest first */
} CommentOrder;

/* One comment or reply as stored. */
typedef struct Comment {
    int64_t id;           /* comments.id */
    int64_t articleId;    /* articles.id */
    int64_t parentId;     /* root of the thread, 0 for a root */
    int64_t accountId;    /* author's accounts.id, 0 for a guest */
    char *zAuthor;        /* shown name: nickname or account name */
    char *zBody;          /* the text, NFC, LF line breaks */
    CommentStatus status; /* what readers see */
    char *zStatusReason;  /* why the last status change, "" when none */
    UnixTime tStatus;     /* when the status last changed, 0: never */
    char *zNetwork;       /* poster's /24 or /48 */
    int nReply;           /* shown replies (roots only) */
    int nUp;              /* 공감 */
    int nDown;            /* 비공감 */
    UnixTime tCreated;    /* posted */
    UnixTime tEdited;     /* last edited by the author, 0: never */
} Comment;

/* A ban on commenting. */
typedef struct CommentBan {
    int64_t id;        /* bans.id */
    char *zActor;      /* "a:<account id>" or "n:<network>" */
    char *zReason;     /* shown to the banned person */
    int64_t createdBy; /* moderator's accounts.id, 0 for the operator */
    UnixTime tCreated; /* when */
    UnixTime tExpires; /* end of the ban, 0: until lifted */
    UnixTime tLifted;  /* lifted early, 0: not */
} CommentBan;

/* The comment settings (settings table), with their defaults applied. */
typedef struct CommentSettings {
    int nEditMinutes;         /* comment_edit_minutes (30): author may edit or
                                 delete this long after posting; 0: no limit */
    int nRatePerMinute;       /* comment_rate_per_minute (2): per account, and
                                 per network for guests; 0: no limit */
    int nNetworkRate;         /* comment_network_rate_per_minute (10): per
                                 network, signed in or not; 0: no limit */
    int nMaxLinks;            /* comment_max_links (2): more links → held;
                                 negative: no check */
    const char *zBannedWords; /* comment_banned_words: comma-separated */
    bool bBannedRefuse;       /* comment_banned_action: refuse (true) or
                                 hold (false, the default) */
    const char *zPolicy;      /* comment_policy: line shown above the form */
} CommentSettings;

/* The settings keys above, registered by src/wiring.c. */
extern const AppSetting g_aCommentSetting[];
extern const int g_nCommentSetting;

/* "visible", "held" … for 'status'. */
const char *comment_status_name(CommentStatus status);

/* Parse a status name; return false for anything else. */
bool comment_status_parse(const char *z, CommentStatus *pStatus);

/*
 * Read the comment settings on 'c' into '*pOut' (OUT; strings in 'a'),
 * defaults for missing or malformed values.  Return OK or ERR_*.
 */
int comment_settings_load(StoreConn *c, Arena *a,
                          CommentSettings *pOut) WARN_UNUSED;

/*
 * The comment settings for showing comments (the article page, the
 * comments pages): comment_settings_load() once, kept as a shared piece
 * (app/pieces.h) until a "site" change, so a page reads no settings rows.
 * Writes (posting, editing) read them fresh with comment_settings_load().
 * Set '*ppOut' (OUT, valid until 'req' ends).  Return OK or ERR_*.
 */
int comment_settings_shared(Request *req,
                            const CommentSettings **ppOut) WARN_UNUSED;

/*
 * Read comment 'id' into '*pOut' (OUT, strings in 'a'), whatever its
 * status.  Return OK, ERR_NOTFOUND or ERR_*.
 */
int comment_get(StoreConn *c, Arena *a, int64_t id, Comment *pOut) WARN_UNUSED;

/*
 * Set the status of comment 'id' to 'status' with 'zReason' (may be ""),
 * at 'tNow'; keep articles.comment_count and the root's reply_count right
 * and record the cache changes.  Call inside a transaction (store_begin)
 * so the caller's audit row commits with it.  '*pOld' (OUT, may be NULL)
 * gets the status before.  Setting the same status again only updates
 * the reason.  Return OK, ERR_NOTFOUND or ERR_*.
 */
int comment_set_status(StoreConn *c, int64_t id, CommentStatus status,
                       const char *zReason, UnixTime tNow,
                       CommentStatus *pOld) WARN_UNUSED;

/*
 * List comments with 'status', oldest first (a moderation queue),
 * skipping 'nOffset', at most 'nLimit'.  Set '*paOut', '*pnOut' (OUT, in
 * 'a').  Return OK or ERR_*.
 */
int comment_list_by_status(StoreConn *c, Arena *a, CommentStatus status,
                           int nOffset, int nLimit, Comment **paOut,
                           int *pnOut) WARN_UNUSED;

/* Count comments with 'status' into '*pnOut' (OUT).  Return OK or ERR_*. */
int comment_count_by_status(StoreConn *c, CommentStatus status,
                            int64_t *pnOut) WARN_UNUSED;

/* "/article/{article}#comment-{id}" for 'cm', from 'a'. */
const char *comment_url(Arena *a, const Comment *cm);

/* The ban key of an account: "a:<id>", from 'a'. */
const char *comment_actor_account(Arena *a, int64_t accountId);

/* The ban key of a network ("203.0.113.0/24"): "n:<network>", from 'a'. */
const char *comment_actor_network(Arena *a, const char *zNetwork);

/*
 * Ban 'zActor' (comment_actor_account/_network) from commenting, with
 * 'zReason' shown to them, until 'tExpires' (0: until lifted), made by
 * account 'byAccountId' (0: the operator) at 'tNow'.  Set '*pId' (OUT,
 * may be NULL).  Return OK or ERR_*.
 */
int comment_ban_add(StoreConn *c, const char *zActor, const char *zReason,
                    UnixTime tExpires, int64_t byAccountId, UnixTime tNow,
                    int64_t *pId) WARN_UNUSED;

/*
 * The ban in force on 'zActor' at 'tNow' (the one ending last), into
 * '*pOut' (OUT, strings in 'a').  Return OK, ERR_NOTFOUND when none, or
 * ERR_*.
 */
int comment_ban_find(StoreConn *c, Arena *a, const char *zActor, UnixTime tNow,
                     CommentBan *pOut) WARN_UNUSED;

/*
 * Lift ban 'id' at 'tNow' by account 'byAccountId'.  Return OK,
 * ERR_NOTFOUND (no such ban in force) or ERR_*.
 */
int comment_ban_lift(StoreConn *c, int64_t id, int64_t byAccountId,
                     UnixTime tNow) WARN_UNUSED;

/*
 * Bans in force at 'tNow', newest first, at most 'nLimit'.  Set
 * '*paOut', '*pnOut' (OUT, in 'a').  Return OK or ERR_*.
 */
int comment_ban_list(StoreConn *c, Arena *a, UnixTime tNow, int nLimit,
                     CommentBan **paOut, int *pnOut) WARN_UNUSED;

/* ROUTE handlers of ban_page.c (moderators only). */
int comment_ban_post(Request *req, Response *res);
int comment_ban_lift_post(Request *req, Response *res);

/*
 * Add to 'b' (the article page's batch, store.h) the read of the first
 * page of threads of 'articleId' (in the ?order= of 'req') with their
 * count; '*ppSent' (OUT) is what comments_view_article() reads it from.
 * Return OK or ERR_*.
 */
int comments_send_article(Request *req, StoreBatch *b, int64_t articleId,
                          void **ppSent) WARN_UNUSED;

/*
 * Fill 'v' (the article page's view) with the article's first page of
 * threads, the comment form and the policy line under "comments" (see
 * templates/comments/comments_block.html), reading ?order= from 'req';
 * 'nComment' is articles.comment_count.  'pSent' is what
 * comments_send_article() set, its batch sent; NULL: read here.
 * Declares the "comments:{id}" tag on 'res'.  Return OK or ERR_*.
 */
int comments_view_article(Request *req, Response *res, View *v,
                          int64_t articleId, int64_t nComment,
                          void *pSent) WARN_UNUSED;

/*
 * May the asker act as the author of 'cm' (an objection to its takedown)?
 * A member's comment needs that account signed in; a guest's, its
 * password 'zPassword' (an Argon2id check, throttled per network: call
 * from RUN_WORKER handlers).  Return NULL when so, else the message with
 * '*pStatus' (OUT) 403 or 429; ERR_* comes back through '*pRc'.
 */
const char *comment_check_author(Request *req, StoreConn *c, const Comment *cm,
                                 const char *zPassword, int *pStatus, int *pRc);

/*
 * Drop this process's cached pages of 'articleId' ("comments:{id}",
 * "article:{id}", and "articles" when 'bCount': the visible count on
 * lists may have changed) right after a commit that changed its comments,
 * moderation included, so the redirect that follows already sees it
 * (other processes follow within a second through cache_events).
 */
void comment_drop_cached(Request *req, int64_t articleId, bool bCount);

/* ROUTE handlers. */
int comments_page(Request *req, Response *res);
int comment_post(Request *req, Response *res);
int comment_reply_page(Request *req, Response *res);
int comment_edit_page(Request *req, Response *res);
int comment_edit_post(Request *req, Response *res);
int comment_delete_page(Request *req, Response *res);
int comment_delete_post(Request *req, Response *res);
int comment_vote_post(Request *req, Response *res);

#endif
