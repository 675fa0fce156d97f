/*
 * articles.h — articles, sections' article lists, reporters.
 *
 * Tables: articles, people (reporters now; readers and staff later).  The
 * pages here are the reader's side: front, section, reporter and article
 * pages.  Only published articles are ever shown to readers.
 */
#ifndef SINMUN_ARTICLES_ARTICLES_H
#define SINMUN_ARTICLES_ARTICLES_H

#include <stdint.h>

#include "base/timeutil.h"
#include "store/store.h"
#include "view/view.h"
#include "web/http.h"
#include "web/keyset.h"

/* Articles per page on section and reporter pages. */
#define ARTICLES_PER_PAGE 20

/* Limits of a person's fields (the admin's form, import), in characters
   (e-mail: bytes). */
#define PERSON_NAME_MAX 60
#define PERSON_EMAIL_BYTES_MAX 254
#define PERSON_DESK_MAX 60
#define PERSON_BIO_MAX 1000

/* A reporter or other person. */
typedef struct Person {
    int64_t id;   /* people.id */
    char *zName;  /* "홍보영" */
    char *zEmail; /* "papersong@example.com", "" when none */
    char *zDesk;  /* "산업1부" */
    char *zBio;   /* one paragraph */
} Person;

/* A correction notice (articles/corrections.h). */
typedef struct Correction Correction;

/* An article; list queries leave the body fields empty. */
typedef struct Article {
    int64_t id;          /* articles.id */
    int64_t sectionId;   /* sections.id */
    int64_t authorId;    /* people.id */
    char *zStatus;       /* draft, review, scheduled, published, retracted */
    char *zTitle;        /* headline */
    char *zSubtitle;     /* sub-headline, "" when none */
    char *zDateline;     /* "[산업일보]" */
    char *zBodyMd;       /* Markdown source */
    char *zBodyHtml;     /* rendered at save time */
    UnixTime tPublished; /* 기사입력 */
    UnixTime tModified; /* 기사수정, 0 when never changed after publishing */
    Person author;      /* the byline */
    int64_t nComment;   /* visible comments (articles.comment_count) */
    Person *aAuthor;    /* every byline in order (article_authors; the
                           first is 'author'); set by article_db_bylines(),
                           which every read here calls */
    int nAuthor;        /* how many: 1 or more once set */
    UnixTime tCorrected; /* newest correction notice (articles.corrected_at),
                            0 when none; read by the lists and feeds */
    const Correction *aCorrection; /* its notices, oldest first, when a
                                      page read them (the article page:
                                      correction_db_list()); else NULL */
    int nCorrection;               /* how many */
} Article;

/*
 * Read the published article 'id' with its author and both bodies
 * (Markdown and HTML) into '*pOut' (OUT, strings in 'a').  Return OK,
 * ERR_NOTFOUND, or ERR_*.
 */
int article_db_get(StoreConn *c, Arena *a, int64_t id,
                   Article *pOut) WARN_UNUSED;

/*
 * article_db_get() in two halves, for a page that sends several reads
 * in one batch (store.h): add the statement reading article 'id' with
 * its bylines to 'b' and set '*pst' (OUT); after store_batch_send(),
 * read it into '*pOut' with article_db_get_read() (strings in 'a';
 * OK, ERR_NOTFOUND or ERR_*).  For the article page: the Markdown only
 * when the article has no subtitle (what article_summary() reads; ""
 * otherwise), and the author only through the byline rows: an article
 * without any (none is written so) comes back with nAuthor 0, to be read
 * with article_db_get().
 */
int article_db_get_send(StoreBatch *b, int64_t id, StoreStmt **pst) WARN_UNUSED;
int article_db_get_read(StoreStmt *st, Arena *a, Article *pOut) WARN_UNUSED;

/* Read an article row of the 17 columns article_db_get() selects (the
 * list columns, then dateline, body HTML, author bio, status, Markdown,
 * comment count and correction time) into '*art', strings in 'a'. */
void article_db_row_full(StoreStmt *st, Arena *a, Article *art);

/*
 * Add 'nDelta' to the visible-comment count of article 'id' (never below
 * 0).  comments/ calls it in the transaction of the comment's write.
 * Return OK or ERR_*.
 */
int article_db_add_comments(StoreConn *c, int64_t id, int nDelta) WARN_UNUSED;

/*
 * The newest published articles: of section 'sectionId' when it is not
 * 0, with person 'authorId' among the bylines when it is not 0, else of
 * the whole site; skipping the first 'nOffset' (a few: the front page's
 * blocks), at most 'nLimit', with their bylines (article_db_bylines()).
 * Pages of a list use article_db_page(), which costs the same at any
 * depth.  Set '*paOut', '*pnOut' (OUT, in 'a').  Return OK or ERR_*.
 */
int article_db_list(StoreConn *c, Arena *a, int64_t sectionId, int64_t authorId,
                    int nOffset, int nLimit, Article **paOut,
                    int *pnOut) WARN_UNUSED;

/*
 * article_db_list() without the bylines (each article's 'author' is its
 * one byline): for lists that show titles and times only, such as the
 * article page's "최신 기사", where reading the bylines cost ~9 % of an
 * uncached article page.
 */
int article_db_list_rows(StoreConn *c, Arena *a, int64_t sectionId,
                         int64_t authorId, int nOffset, int nLimit,
                         Article **paOut, int *pnOut) WARN_UNUSED;

/*
 * One page of the published articles of section 'sectionId' (not 0),
 * with person 'authorId' among the bylines (not 0), or of the site,
 * newest first by (published_at, id), at the position 'pos' of the list
 * whose address is 'zPath' (web/keyset.h): 'nLimit' rows with their
 * bylines, fetched by index seeks whatever the depth, never counted.
 * Set '*paOut' (OUT, in 'a': the first pResult->nRow are the page) and
 * '*pResult' (OUT: links, or a redirect or not-found).  Return OK or
 * ERR_*.
 */
int article_db_page(StoreConn *c, Arena *a, int64_t sectionId, int64_t authorId,
                    const KeysetPos *pos, const char *zPath, int nLimit,
                    Article **paOut, KeysetResult *pResult) WARN_UNUSED;

/*
 * Count published articles of a section or author (as article_db_list):
 * reads every such row, so never on a reader's page (the demo loader
 * checks for an empty site with it).  Set '*pnOut' (OUT).  Return OK or
 * ERR_*.
 */
int article_db_count(StoreConn *c, int64_t sectionId, int64_t authorId,
                     int64_t *pnOut) WARN_UNUSED;

/* Most bylines one article may have. */
#define ARTICLE_AUTHORS_MAX 8

/*
 * Fill aAuthor/nAuthor of the 'nArt' articles 'aArt' (ids and 'author'
 * set) with their bylines in order, from article_authors, a chunk of
 * articles per query (in 'a').  An article without rows keeps its
 * 'author' as its one byline.  article_db_get() and article_db_list()
 * call it; other features' reads (feeds) call it on their rows.  Return
 * OK or ERR_*.
 */
int article_db_bylines(StoreConn *c, Arena *a, Article *aArt,
                       int nArt) WARN_UNUSED;

/*
 * The byline names of 'art' joined as Korean papers print them,
 * "홍보영·김민수" (in 'a'); just the author's name before
 * article_db_bylines().
 */
char *article_byline_names(Arena *a, const Article *art);

/*
 * A LIKE pattern (a bound value, with ESCAPE '!') matching text that
 * holds 'zText' anywhere: its own %, _ and ! escaped with '!' (in 'a';
 * front_db.c).
 */
char *article_like_pattern(Arena *a, const char *zText);

/*
 * Read person 'id' into '*pOut' (OUT, strings in 'a').  Return OK,
 * ERR_NOTFOUND or ERR_*.
 */
int person_db_get(StoreConn *c, Arena *a, int64_t id, Person *pOut) WARN_UNUSED;

/* Insert 'p' (id ignored); set '*pId' (OUT).  Return OK or ERR_*. */
int person_db_insert(StoreConn *c, const Person *p, UnixTime tNow,
                     int64_t *pId) WARN_UNUSED;

/* ---------------------------------------------------------------------
 * People, as the admin's pages edit them (people_db.c)
 */

/* A person as the admin's list shows them. */
typedef struct PersonRow {
    Person p;          /* id, name, e-mail, desk, bio */
    int64_t accountId; /* people.account_id, 0 when not linked */
    UnixTime tCreated; /* people.created_at */
} PersonRow;

/*
 * One page of people, newest first by (created_at, id), whose name
 * contains 'zQuery' ("" for everyone), at 'pos' of the list at 'zPath'
 * (web/keyset.h; 'zPath' may carry "?q=…").  Set '*paOut' (OUT, in 'a':
 * the first pResult->nRow) and '*pResult' (OUT).  Return OK or ERR_*.
 */
int person_db_page(StoreConn *c, Arena *a, const char *zQuery,
                   const KeysetPos *pos, const char *zPath, int nLimit,
                   PersonRow **paOut, KeysetResult *pResult) WARN_UNUSED;

/*
 * Person 'id' with its account link into '*pOut' (OUT, strings in 'a').
 * Return OK, ERR_NOTFOUND or ERR_*.
 */
int person_db_row(StoreConn *c, Arena *a, int64_t id,
                  PersonRow *pOut) WARN_UNUSED;

/*
 * Write name, e-mail, desk and bio of person p->id.  Return OK,
 * ERR_NOTFOUND or ERR_*.
 */
int person_db_update(StoreConn *c, const Person *p) WARN_UNUSED;

/*
 * The id of a person other than 'exceptId' whose e-mail is 'zEmail'
 * (stored lower-case) into '*pId' (OUT), 0 when none.  Return OK or
 * ERR_*.
 */
int person_db_email_owner(StoreConn *c, const char *zEmail, int64_t exceptId,
                          int64_t *pId) WARN_UNUSED;

/*
 * The person linked to account 'accountId' into '*pOut' (OUT, strings in
 * 'a').  Return OK, ERR_NOTFOUND (none) or ERR_*.
 */
int person_db_of_account(StoreConn *c, Arena *a, int64_t accountId,
                         Person *pOut) WARN_UNUSED;

/*
 * Link person 'id' to account 'accountId', or unlink it (0).  An account
 * signs in as one person at most (a unique index): ERR_CONSTRAINT when
 * another person holds it.  Return OK, ERR_NOTFOUND, ERR_CONSTRAINT or
 * ERR_*.
 */
int person_db_link(StoreConn *c, int64_t id, int64_t accountId) WARN_UNUSED;

/*
 * Insert article 'art' (id ignored), rendering its Markdown body into
 * body_html with 'a' as scratch.  Set '*pId' (OUT).  Return OK or ERR_*.
 */
int article_db_insert(StoreConn *c, Arena *a, const Article *art, UnixTime tNow,
                      int64_t *pId) WARN_UNUSED;

/* Most characters of an article summary (og:description, feeds). */
#define ARTICLE_SUMMARY_CHARS 150

/*
 * The summary of 'art' into '*pzOut' (OUT, in 'a'): its subtitle when it
 * has one, else the start of its Markdown body as plain text; either cut
 * by article_clip_text() to ARTICLE_SUMMARY_CHARS.  "" when 'art' has
 * neither (a list row: no body).  Return OK or ERR_NOMEM
 * (article_summary.c).
 */
int article_summary(Arena *a, const Article *art, char **pzOut) WARN_UNUSED;

/*
 * 'zText' with every run of white space made one space and none at either
 * end; when it is longer than 'nMaxChars' characters (code points), cut
 * to at most that many, at the last space when that keeps two thirds of
 * them, with "…" appended.  Allocated in 'a'.
 */
char *article_clip_text(Arena *a, const char *zText, int nMaxChars);

/*
 * For a route with {id}: the published article it names into '*pArt'
 * (OUT, strings in req->a) and the request's database connection into
 * '*pc' (OUT).  Return OK; 404 (with res->zMessage once the id is a
 * number); or ERR_*.  The start of every page about one article.
 */
int article_from_path(Request *req, Response *res, StoreConn **pc,
                      Article *pArt) WARN_UNUSED;

/*
 * What the article page shows of another feature under the reporter box
 * (the comments), in two steps.  First the reads: add the statements
 * for article 'articleId' to the page's batch 'b' (sent with the
 * article's own, one round trip) and set '*ppSent' (OUT) to what the
 * second step needs.  Then fill 'v' for templates/articles/
 * article_page.html with 'nComment' visible comments, given 'pSent'
 * (the batch sent), or NULL when the first step did not run (the
 * newsroom's preview: read everything then).  Return OK, a status or
 * ERR_*.
 */
typedef int (*ArticleCommentsSendFn)(Request *req, StoreBatch *b,
                                     int64_t articleId, void **ppSent);
typedef int (*ArticleCommentsFn)(Request *req, Response *res, View *v,
                                 int64_t articleId, int64_t nComment,
                                 void *pSent);

/* Show the comments through 'fnSend' and 'fn' on every article page
   (src/wiring.c, at start-up). */
void article_page_set_comments(ArticleCommentsSendFn fnSend,
                               ArticleCommentsFn fn);

/*
 * Fill 'v' with article 'pArt' (read with its bylines and both bodies)
 * exactly as GET /article/{id} shows it, declare its cache tags, and
 * render the page template 'zTemplate' in the layout: the article page
 * itself ("articles/article_page"), or the newsroom's preview, whose
 * template wraps that one and reads what the caller put in 'v' first.
 * Return OK, a status or ERR_* (article_page.c).
 */
int article_page_render(Request *req, Response *res, StoreConn *c,
                        const Article *pArt, View *v,
                        const char *zTemplate) WARN_UNUSED;

/* ROUTE handlers (one file each). */

int front_page(Request *req, Response *res);
int section_page(Request *req, Response *res);
int reporter_page(Request *req, Response *res);
int article_page(Request *req, Response *res);
int article_print_page(Request *req, Response *res);

#endif
