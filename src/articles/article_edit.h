/*
 * article_edit.h — articles as the newsroom edits them: any state, every
 * field an editor changes, revisions, autosaves, the bylines' people, and
 * the scheduler that publishes at the minute.
 *
 * Tables (owned by articles/): articles, article_authors,
 * article_keywords, article_revisions, article_autosaves, people.  SQL
 * lives in article_edit_db.c; article_edit.c holds the pure part
 * (comparing texts, computing the row after an action); the scheduler is
 * article_schedule.c.
 *
 * Every write follows one pattern, inside the caller's store_begin()
 * transaction: read the article (article_edit_get()), ask
 * article_transition(), compute the next row (article_edit_next()), write
 * it (article_edit_write(): the update is conditional on the version read,
 * bumps it, replaces bylines and keywords and adds the revision), record
 * the cache changes (article_edit_changes()), commit.  So a save, a state
 * change and a restore are each one revision, and nothing is overwritten
 * that the writer did not see.
 */
#ifndef SINMUN_ARTICLES_ARTICLE_EDIT_H
#define SINMUN_ARTICLES_ARTICLE_EDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "articles/article_workflow.h"
#include "articles/articles.h"
#include "base/timeutil.h"
#include "store/store.h"

/* Most keywords of one article (bylines: ARTICLE_AUTHORS_MAX). */
#define ARTICLE_KEYWORDS_MAX 20

/* What an editor edits: the fields every revision copies. */
typedef struct ArticleText {
    int64_t sectionId;     /* sections.id */
    const char *zTitle;    /* 제목, one line */
    const char *zSubtitle; /* 부제, lines separated by LF, "" when none */
    const char *zDateline; /* "[산업일보]", "" when none */
    const char *zSummary;  /* 요약/lead for lists and share cards */
    const char *zBodyMd;   /* Markdown source */
    int64_t aAuthor[ARTICLE_AUTHORS_MAX];        /* people.id, byline order */
    int nAuthor;                                 /* how many, at least 1 */
    const char *azKeyword[ARTICLE_KEYWORDS_MAX]; /* tags, in order */
    int nKeyword;                                /* how many */
} ArticleText;

/* An article in any state, with what the workflow needs. */
typedef struct ArticleEdit {
    int64_t id;            /* articles.id */
    int64_t version;       /* bumped by every write */
    ArticleState state;    /* articles.status */
    ArticleText text;      /* the edited fields */
    UnixTime tCreated;     /* created_at */
    UnixTime tUpdated;     /* updated_at: the last write */
    UnixTime tPublished;   /* 기사입력, 0 before the first publishing */
    UnixTime tModified;    /* 기사수정, 0 when never changed after it */
    UnixTime tScheduled;   /* 예약 time while scheduled, else 0 */
    UnixTime tSubmitted;   /* when it last entered 데스크 대기, 0 never */
    UnixTime tRetracted;   /* when it was retracted, 0 unless it is */
    int64_t createdBy;     /* accounts.id, 0 for demo and import */
    int64_t updatedBy;     /* accounts.id of the last writer, 0 none */
    int64_t submittedBy;   /* accounts.id that submitted it, 0 none */
    const char *zDeskNote; /* the desk's note when sent back, "" none */
    const char *zUpdatedByName; /* accounts.name of updatedBy, "" none */
} ArticleEdit;

/* One row of article_revisions. */
typedef struct ArticleRevision {
    int64_t version;          /* the article's version after this write */
    int64_t accountId;        /* who, 0 for the system (scheduler) */
    const char *zAccountName; /* their shown name, "" for the system */
    UnixTime tCreated;        /* when */
    const char *zKind;        /* save, restore, status, import */
    const char *zNote;        /* what changed, in Korean */
    ArticleState state;       /* the state after it */
    ArticleText text;         /* the whole text (revision lists: empty) */
} ArticleRevision;

/* A person's autosave of an article. */
typedef struct ArticleAutosave {
    int64_t baseVersion; /* the version the editor started from */
    UnixTime tSaved;     /* when */
    ArticleText text;    /* what was in the form */
} ArticleAutosave;

/* A row of a newsroom list (desk queue, drafts, scheduled). */
typedef struct ArticleEditRow {
    int64_t id;                 /* articles.id */
    ArticleState state;         /* status */
    const char *zTitle;         /* 제목 */
    int64_t sectionId;          /* sections.id */
    const char *zAuthorName;    /* the first byline's name */
    const char *zSubmitterName; /* who submitted it, "" none */
    UnixTime tUpdated;          /* last write */
    UnixTime tSubmitted;        /* entered 데스크 대기, 0 none */
    UnixTime tScheduled;        /* 예약, 0 none */
    UnixTime tPublished;        /* 기사입력, 0 none */
} ArticleEditRow;

/* Which newsroom list article_edit_list() reads. */
typedef enum ArticleEditListKind {
    ARTICLE_LIST_MY_DRAFTS = 0, /* drafts the account wrote, newest first */
    ARTICLE_LIST_REVIEW = 1,    /* the desk queue, oldest submission first */
    ARTICLE_LIST_SCHEDULED = 2, /* scheduled, soonest first */
} ArticleEditListKind;

/* ------------------------------------------------------------------
 * Pure helpers (article_edit.c)
 */

/* True when 'x' and 'y' hold the same text in every field. */
bool article_text_equal(const ArticleText *x, const ArticleText *y);

/*
 * The names of the fields that differ between 'x' and 'y', joined by
 * "·" ("제목·본문"), in 'a'; "" when none.
 */
const char *article_text_changes(Arena *a, const ArticleText *x,
                                 const ArticleText *y);

/*
 * The row after 'action' by account 'accountId' at 'tNow', from 'cur'
 * (whose transition article_transition() allowed) into '*pNext' (OUT;
 * shares strings with 'cur' and 'pText').  'pText' is the new text, or
 * NULL to keep it.  'tScheduled' is the time for ARTICLE_SCHEDULE,
 * 'zDeskNote' the note for ARTICLE_SEND_BACK.  Sets the version to the
 * next one, the times the workflow keeps: 기사입력 at the first
 * publishing (the scheduled minute when the scheduler publishes);
 * 기사수정 when a published article's title or body changes, or an
 * article published before is published again; scheduled_at only while
 * scheduled; retracted_at while retracted; submitted_* on submit; the
 * desk note from a send-back until the next submit.
 */
void article_edit_next(const ArticleEdit *cur, ArticleAction action,
                       const ArticleText *pText, int64_t accountId,
                       UnixTime tNow, UnixTime tScheduled,
                       const char *zDeskNote, ArticleEdit *pNext);

/* ------------------------------------------------------------------
 * Reading (article_edit_db.c)
 */

/*
 * Read article 'id' in any state, with its bylines and keywords, into
 * '*pOut' (OUT, strings in 'a').  Return OK, ERR_NOTFOUND or ERR_*.
 */
int article_edit_get(StoreConn *c, Arena *a, int64_t id,
                     ArticleEdit *pOut) WARN_UNUSED;

/*
 * Read article 'id' in any state as readers' pages read a published one
 * (article_db_get(): author, bylines, both bodies) into '*pOut' (OUT, in
 * 'a'), for the newsroom's preview.  Times never set are 0.  Return OK,
 * ERR_NOTFOUND or ERR_*.
 */
int article_edit_preview_get(StoreConn *c, Arena *a, int64_t id,
                             Article *pOut) WARN_UNUSED;

/*
 * Whether account 'accountId' is the author of article 'id': it created
 * it, or a person of its byline is linked to it.  Set '*pbAuthor' (OUT).
 * Return OK or ERR_*.
 */
int article_edit_is_author(StoreConn *c, int64_t id, int64_t accountId,
                           bool *pbAuthor) WARN_UNUSED;

/*
 * Read revision 'version' of article 'id' (with its text) into '*pOut'
 * (OUT, in 'a').  Return OK, ERR_NOTFOUND or ERR_*.
 */
int article_revision_get(StoreConn *c, Arena *a, int64_t id, int64_t version,
                         ArticleRevision *pOut) WARN_UNUSED;

/*
 * List the revisions of article 'id', newest first, without their texts,
 * at most 'nMax'.  Set '*paOut', '*pnOut' (OUT, in 'a').  Return OK or
 * ERR_*.
 */
int article_revision_list(StoreConn *c, Arena *a, int64_t id, int nMax,
                          ArticleRevision **paOut, int *pnOut) WARN_UNUSED;

/*
 * Read the autosave of article 'id' by account 'accountId' into '*pOut'
 * (OUT, in 'a').  Return OK, ERR_NOTFOUND or ERR_*.
 */
int article_autosave_get(StoreConn *c, Arena *a, int64_t id, int64_t accountId,
                         ArticleAutosave *pOut) WARN_UNUSED;

/*
 * Read list 'kind' (for ARTICLE_LIST_MY_DRAFTS, of account 'accountId'),
 * at most 'nMax' rows.  Set '*paOut', '*pnOut' (OUT, in 'a').  Return OK
 * or ERR_*.
 */
int article_edit_list(StoreConn *c, Arena *a, ArticleEditListKind kind,
                      int64_t accountId, int nMax, ArticleEditRow **paOut,
                      int *pnOut) WARN_UNUSED;

/*
 * The ids of scheduled articles whose time is at or before 'tNow', at
 * most 'nMax', soonest first, into 'aId' (OUT, 'nMax' slots) and
 * '*pnOut' (OUT).  Return OK or ERR_*.
 */
int article_edit_due(StoreConn *c, UnixTime tNow, int nMax, int64_t *aId,
                     int *pnOut) WARN_UNUSED;

/*
 * Every person, by name, for the byline choice.  Set '*paOut', '*pnOut'
 * (OUT, in 'a').  Return OK or ERR_*.
 */
int person_db_list(StoreConn *c, Arena *a, Person **paOut,
                   int *pnOut) WARN_UNUSED;

/*
 * The person linked to account 'accountId' into '*pPersonId' (OUT).
 * Return OK, ERR_NOTFOUND or ERR_*.
 */
int person_db_by_account(StoreConn *c, int64_t accountId,
                         int64_t *pPersonId) WARN_UNUSED;

/* ------------------------------------------------------------------
 * Writing (article_edit_db.c), inside the caller's transaction
 */

/*
 * Insert a new draft with text 't' written by account 'accountId' at
 * 'tNow' (version 1, its Markdown rendered into body_html with 'a' as
 * scratch), its bylines, keywords and first revision (kind "save", note
 * 'zNote').  Set '*pId' (OUT).  Return OK or ERR_*.
 */
int article_edit_insert(StoreConn *c, Arena *a, const ArticleText *t,
                        int64_t accountId, UnixTime tNow, const char *zNote,
                        int64_t *pId) WARN_UNUSED;

/*
 * Write 'next' (from article_edit_next()) over the article read as
 * 'cur': update the row only if it is still at cur->version (rendering
 * the Markdown into body_html when the body changed), replace bylines
 * and keywords when they changed, and add the revision 'next->version'
 * (kind 'zKind': "save", "restore" or "status"; note 'zNote') by
 * 'accountId' (0: the system) at 'tNow'.  Return OK, ERR_NOTFOUND when
 * the article is no longer at cur->version (nothing written), or ERR_*.
 */
int article_edit_write(StoreConn *c, Arena *a, const ArticleEdit *cur,
                       const ArticleEdit *next, int64_t accountId,
                       UnixTime tNow, const char *zKind,
                       const char *zNote) WARN_UNUSED;

/*
 * Record the cache changes of going from 'cur' to 'next' (either may be
 * published; when neither is, there are none): article:{id}, articles,
 * front, section:{slug} of both sections, reporter:{id} of every byline
 * before and after.  Set '*pazTag', '*pnTag' (OUT, in 'a') to the tags,
 * for the caller to drop this process's pages at once after the commit.
 * Return OK or ERR_*.
 */
int article_edit_changes(StoreConn *c, Arena *a, const ArticleEdit *cur,
                         const ArticleEdit *next, const char ***pazTag,
                         int *pnTag) WARN_UNUSED;

/*
 * Keep 't' as account 'accountId''s autosave of article 'id' at 'tNow',
 * started from version 'baseVersion', replacing their earlier one (never
 * anyone else's, never the article).  Return OK or ERR_*.
 */
int article_autosave_put(StoreConn *c, int64_t id, int64_t accountId,
                         int64_t baseVersion, UnixTime tNow,
                         const ArticleText *t) WARN_UNUSED;

/*
 * Make the bylines of article 'id' the 'nPerson' people.ids 'aPerson' (in
 * order, the first being articles.author_id) and its keywords the
 * 'nKeyword' tags 'azKeyword' (in order), replacing what it had.  Inside
 * the caller's transaction (the editor's saves, the import).  Return OK
 * or ERR_*.
 */
int article_db_set_lists(StoreConn *c, int64_t id, const int64_t *aPerson,
                         int nPerson, const char *const *azKeyword,
                         int nKeyword) WARN_UNUSED;

/* Drop account 'accountId''s autosave of article 'id' (none is fine).
   Return OK or ERR_*. */
int article_autosave_delete(StoreConn *c, int64_t id,
                            int64_t accountId) WARN_UNUSED;

/*
 * Insert person 'p' linked to account 'accountId' (`sinmun user add
 * --role reporter`).  Set '*pId' (OUT).  Return OK, ERR_CONSTRAINT when
 * the account has a person already, or ERR_*.
 */
int person_db_insert_for_account(StoreConn *c, const Person *p,
                                 int64_t accountId, UnixTime tNow,
                                 int64_t *pId) WARN_UNUSED;

/* ------------------------------------------------------------------
 * The scheduler (article_schedule.c)
 */

/*
 * Publish every scheduled article whose time is at or before 'tNow', each
 * in its own transaction: read, article_transition(ARTICLE_GO_LIVE),
 * write conditional on the version read, revision (kind "status", by the
 * system), cache changes.  Several processes may run it at once: the
 * write transaction serialises them and the loser finds the article
 * published, so each is published once.  Set '*pnDone' (OUT, may be
 * NULL) to how many this call published.  Return OK or ERR_*.
 */
int article_publish_due(StoreConn *c, UnixTime tNow, int *pnDone) WARN_UNUSED;

/* AppJob (src/wiring.c): article_publish_due(), logging each article. */
int article_schedule_job(StoreConn *c, UnixTime tNow) WARN_UNUSED;

#endif
