/*
 * comments_internal.h — helpers shared by the files of comments/ only:
 * checking what a reader sent (comment_guard.c), building the views of
 * comments and forms (comment_view.c), and the bookkeeping every write
 * repeats (comments.c).
 */
#ifndef SINMUN_COMMENTS_COMMENTS_INTERNAL_H
#define SINMUN_COMMENTS_COMMENTS_INTERNAL_H

#include "accounts/accounts.h"
#include "articles/articles.h"
#include "comments/comments.h"

/* Most bytes of a comment: 64 a character on average leaves room for
   1000 emoji ZWJ sequences (a family is 25 bytes) but not for a wall of
   stacked combining marks. */
#define COMMENT_BODY_BYTES_MAX (COMMENT_MAX_CHARS * 64)
/* Most bytes of a nickname and a guest password. */
#define COMMENT_NICKNAME_BYTES_MAX 200
#define COMMENT_PASSWORD_BYTES_MAX 400
/* Wrong guest passwords allowed per network and minute. */
#define COMMENT_PASSWORD_TRIES 10

/* A comment or reply form as the reader filled it in (or will). */
typedef struct CommentForm {
    const char *zAction;   /* where it posts */
    int64_t parentId;      /* comment replied to, 0 for a new thread */
    const char *zBody;     /* text typed, "" when none */
    const char *zNickname; /* guest nickname */
    const char *zPassword; /* guest password */
    const char *zError;    /* what to fix, NULL when nothing */
    bool bGuest;           /* ask for nickname and password */
    const char *zUserName; /* signed-in author's name, NULL for a guest */
    const char *zCsrf;     /* token; "" on pages cached for everyone */
    const char *zSubmit;   /* button text */
    const char *zPrefix;   /* id prefix for labels: "comment", "reply" */
} CommentForm;

/* The article a comment page is about. */
typedef struct CommentArticle {
    int64_t id;         /* articles.id */
    const char *zTitle; /* headline */
    int64_t nComment;   /* articles.comment_count */
} CommentArticle;

/* What the content screen decided about a text. */
typedef enum CommentVerdict {
    COMMENT_PASS = 0,   /* publish */
    COMMENT_HOLD = 1,   /* keep for a moderator (status held) */
    COMMENT_REFUSE = 2, /* send back to the writer */
} CommentVerdict;

/* ---- comments.c ---- */

/* True when a reply with 'status' counts in its root's reply_count. */
bool comment_reply_shown(CommentStatus status);

/*
 * Record on 'c' the cache changes of a write to comments of 'articleId':
 * "comments:{id}", "article:{id}", and "articles" when 'bCount' (the
 * visible count changed, which lists show).  Return OK or ERR_*.
 */
int comment_record_change(StoreConn *c, int64_t articleId,
                          bool bCount) WARN_UNUSED;

/* The order named by 'z' ("newest", "oldest"; NULL: newest); false for
   anything else. */
bool comment_order_parse(const char *z, CommentOrder *pOrder);

/* "newest" or "oldest". */
const char *comment_order_name(CommentOrder order);

/*
 * The published article of the route's {id} into '*pOut' and the
 * request's database connection into '*pc' (both OUT): as
 * article_from_path(), for the comment pages.
 */
int comment_article_from_path(Request *req, Response *res, StoreConn **pc,
                              CommentArticle *pOut) WARN_UNUSED;

/*
 * The published article 'id' into '*pOut' (OUT, in req->a).  Return OK,
 * ERR_NOTFOUND or ERR_*.
 */
int comment_article_get(Request *req, StoreConn *c, int64_t id,
                        CommentArticle *pOut) WARN_UNUSED;

/*
 * Where a reader lands to see comment 'cm' (id set): the article page
 * when its thread is on the first page of the default order, else that
 * page of /article/{id}/comments; with "#comment-{id}".  Set '*pzUrl'
 * (OUT, in req->a).  Return OK or ERR_*.
 */
int comment_landing_url(Request *req, StoreConn *c, const Comment *cm,
                        const char **pzUrl) WARN_UNUSED;

/* ---- comment_guard.c ---- */

/*
 * Check the text of a comment: not blank, at most COMMENT_MAX_CHARS
 * characters.  Return NULL, or the Korean message (static or in 'a').
 */
const char *comment_check_body(Arena *a, const char *zBody);

/* Check a guest's nickname and password; NULL or the message. */
const char *comment_check_guest(Arena *a, const char *zNickname,
                                const char *zPassword);

/*
 * Screen 'zBody' against the links and banned-words settings 's'.
 * Return the verdict; '*pzWhy' (OUT) gets the message for the writer
 * (NULL for a pass).  Strings in 'a'.
 */
CommentVerdict comment_screen(Arena *a, const CommentSettings *s,
                              const char *zBody, const char **pzWhy);

/*
 * Look for a ban on the asking account and on its network.  Set '*pzMsg'
 * (OUT) to the message for a banned writer, NULL when free.  Return OK or
 * ERR_*.
 */
int comment_check_ban(Request *req, StoreConn *c,
                      const char **pzMsg) WARN_UNUSED;

/*
 * Apply the comment rate limits of 's' to the asking person, counted in
 * the database on 'c' for every server process (throttle_take(), its own
 * transaction): when allowed the post is counted and '*pzMsg' (OUT) set
 * to NULL, else to the message (nothing counted).  Return OK or ERR_*.
 */
int comment_check_rate(Request *req, StoreConn *c, const CommentSettings *s,
                       const char **pzMsg) WARN_UNUSED;

/*
 * Before checking a guest password: '*pzMsg' (OUT) NULL when this
 * network may try one now, else the message.  comment_password_failed()
 * counts a wrong one.  Both on 'c', shared by every server process.
 * Return OK or ERR_*.
 */
int comment_password_gate(Request *req, StoreConn *c,
                          const char **pzMsg) WARN_UNUSED;
int comment_password_failed(Request *req, StoreConn *c) WARN_UNUSED;

/*
 * True when the asking person wrote 'cm': the same account, or for a
 * guest comment anyone (the password decides later).
 */
bool comment_may_manage(Request *req, const Comment *cm);

/*
 * Load the comment of the route's {id} for its author to edit or delete:
 * the request's database connection into '*pc', the comment into '*cm',
 * its article into '*art' and the settings into '*s' (all OUT, in
 * req->a).  Return OK; a status (404 gone, 403 not the author or too
 * late) with res->zMessage set; or ERR_*.
 */
int comment_manage_load(Request *req, Response *res, StoreConn **pc,
                        Comment *cm, CommentArticle *art, CommentSettings *s);

/*
 * Check the guest password 'zPassword' of comment 'cm' (RUN_WORKER: it
 * costs an Argon2id hash), throttled per network.  Return NULL when it
 * matches, else the message; '*pStatus' (OUT) gets 403 or 429.  A comment
 * of an account needs no password (NULL).  Return ERR_* through '*pRc'.
 */
const char *comment_check_password(Request *req, StoreConn *c,
                                   const Comment *cm, const char *zPassword,
                                   int *pStatus, int *pRc);

/*
 * NULL when 'cm' may still be edited or deleted by its author under 's'
 * at 'tNow', else the message.
 */
const char *comment_check_window(Arena *a, const CommentSettings *s,
                                 const Comment *cm, UnixTime tNow);

/* ---- comment_view.c ---- */

/*
 * Fill 'item' with what a list shows of 'cm': ids, author, times, body
 * (as SafeHtml), counts, notice for moderated or deleted ones, links.
 * 'zCsrf' goes into its vote form, 'zBack' is where votes return.
 */
void comment_view_item(Request *req, View *item, const Comment *cm,
                       const CommentSettings *s, const char *zBack,
                       UnixTime tNow);

/* Append the form 'f' as the one item of list 'zName' of 'v'. */
void comment_view_form(Request *req, View *v, const char *zName,
                       const CommentForm *f);

/*
 * Fill "comments" of 'v' for page 'iPage' ('nPages' in all) of the
 * threads of 'art' in 'order', with the form 'f' and the settings 's'.
 * 'zPath' is the page's own path for links back.  Return OK or ERR_*.
 */
int comment_view_threads(Request *req, StoreConn *c, View *v,
                         const CommentArticle *art, CommentOrder order,
                         int iPage, int nPages, const CommentForm *f,
                         const CommentSettings *s, bool bInline) WARN_UNUSED;

/* comment_view_threads() with the page's roots 'aRoot' ('nRoot') read
   already (the article page reads them in its batch). */
int comment_view_threads_rows(Request *req, StoreConn *c, View *v,
                              const CommentArticle *art, CommentOrder order,
                              int iPage, int nPages, const CommentForm *f,
                              const CommentSettings *s, bool bInline,
                              const Comment *aRoot, int nRoot) WARN_UNUSED;

/*
 * Render the comments page of 'art' (page 1, newest first) with the form
 * 'f' filled in and its error: how a refused post comes back.  Sets the
 * status 'status' and no-store.  Return OK or ERR_*.
 */
int comment_render_form_page(Request *req, Response *res, StoreConn *c,
                             const CommentArticle *art, const CommentForm *f,
                             int status) WARN_UNUSED;

/*
 * Render the reply page for the comment 'target' (its whole thread, then
 * the form 'f'), with 'status'.  For GET /comment/{id}/reply and for a
 * refused reply.  Return OK or ERR_*.
 */
int comment_render_reply(Request *req, Response *res, StoreConn *c,
                         const Comment *target, const CommentForm *f,
                         int status) WARN_UNUSED;

/*
 * Render the short notice page (held for review, already voted …) with
 * 'zTitle', 'zMessage' and a link back to 'zBack'.  Sets 'status' and
 * no-store.  Return OK or ERR_*.
 */
int comment_render_notice(Request *req, Response *res, int status,
                          const char *zTitle, const char *zMessage,
                          const char *zBack) WARN_UNUSED;

/*
 * Fill '*f' (OUT) with the empty comment form of 'art' for whoever asks:
 * a guest gets nickname and password fields and an empty CSRF token (the
 * page may be cached for everyone; forms.js fills it), a signed-in reader
 * their name and their token.  Return OK or ERR_*.
 */
int comment_form_init(Request *req, const CommentArticle *art,
                      CommentForm *f) WARN_UNUSED;

#endif
