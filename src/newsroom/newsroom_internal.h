/*
 * newsroom_internal.h — what the newsroom's article pages share: the
 * editor form (read, checked, shown again), the one save routine every
 * write goes through, and the side-by-side word diff of two texts.
 *
 * Files: article_form.c (reading and showing the form), article_save.c
 * (newsroom_save()), article_diff_view.c (diff views), and one file per
 * page: article_new_page.c, article_edit_page.c, article_autosave.c,
 * article_preview_page.c, article_revisions_page.c, article_diff_page.c,
 * article_restore.c.  (The desk queue's first version, desk_queue.c, is
 * now the newsroom home's lists: desk_tabs.h.)
 */
#ifndef SINMUN_NEWSROOM_NEWSROOM_INTERNAL_H
#define SINMUN_NEWSROOM_NEWSROOM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "articles/article_edit.h"
#include "store/store.h"
#include "view/view.h"
#include "web/http.h"

/* Limits of the editor's fields, in characters (grapheme clusters). */
#define NEWSROOM_TITLE_MAX 100
#define NEWSROOM_SUBTITLE_MAX 300
#define NEWSROOM_SUBTITLE_LINES 5
#define NEWSROOM_DATELINE_MAX 50
#define NEWSROOM_SUMMARY_MAX 300
#define NEWSROOM_KEYWORD_MAX 30
#define NEWSROOM_BODY_MAX 100000
#define NEWSROOM_NOTE_MAX 1000
/* How far ahead an article may be scheduled, in seconds (a year). */
#define NEWSROOM_SCHEDULE_AHEAD_MAX (366 * 86400)
/* Revisions a revision page lists. */
#define NEWSROOM_REVISIONS_MAX 500

/* The editor form as sent, and what it means. */
typedef struct ArticleForm {
    ArticleText text;        /* the fields, parsed */
    const char *zKeywords;   /* the keywords field as typed */
    int64_t baseVersion;     /* the version the editor started from */
    ArticleAction action;    /* the button pressed (save when none) */
    bool bPreview;           /* "미리보기": save, then show the preview */
    const char *zPublishAt;  /* 예약 time as typed ("2026-12-02T09:00") */
    UnixTime tPublishAt;     /* … parsed, 0 when empty or wrong */
    const char *zDeskNote;   /* the note sent back with the article */
    const char *zError;      /* the first problem, Korean; NULL when none */
    const char *zErrorField; /* the id of the field it is about */
} ArticleForm;

/*
 * Read the editor form of 'req' into '*pf' (OUT, strings in req->a) and
 * check every field's limit, the section (in the site snapshot) and the
 * bylines (among 'aPerson', 'nPerson').  With 'bLenient' (autosave) a
 * missing title, section or byline is no error; limits still are.  The
 * first problem goes to pf->zError with the field's id.
 */
void article_form_read(Request *req, const Person *aPerson, int nPerson,
                       bool bLenient, ArticleForm *pf);

/* What the editor page shows besides the form's fields. */
typedef struct EditorPage {
    const ArticleEdit *pCur;    /* the stored article; NULL for a new one */
    bool bAuthor;               /* the viewer is its author (new: yes) */
    const ArticleText *pText;   /* what the fields show */
    const char *zKeywords;      /* the keywords field; NULL: from pText */
    int64_t baseVersion;        /* the hidden base_version */
    const char *zPublishAt;     /* the 예약 field, NULL empty */
    const char *zDeskNote;      /* the send-back note field, NULL empty */
    const char *zNote;          /* a confirmation ("저장했습니다.") */
    const char *zError;         /* what went wrong, NULL none */
    const char *zErrorField;    /* the id of the field it is about */
    const ArticleEdit *pTheirs; /* 409: the version saved meanwhile */
    const ArticleAutosave *pAutosave; /* an autosave to offer, NULL */
    bool bFromAutosave;               /* the fields hold that autosave */
    const Person *aPerson;            /* people for the bylines */
    int nPerson;                      /* how many */
    int status;                       /* HTTP status */
} EditorPage;

/*
 * Render the editor (templates/newsroom/article_editor.html) for 'pg'
 * into 'res': never stored, with the buttons article_transition() allows
 * the viewer.  Return OK or ERR_*.
 */
int article_editor_render(Request *req, Response *res,
                          const EditorPage *pg) WARN_UNUSED;

/* What newsroom_save() decided. */
typedef struct SaveResult {
    int status;         /* 0 written (or nothing to write); else 403,
                           404, 409 (conflict or wrong state), 422 */
    const char *zWhy;   /* why not, in Korean */
    const char *zField; /* the field it is about, or NULL */
    bool bConflict;     /* 409 because someone saved first */
    bool bWritten;      /* a revision was written */
    ArticleEdit art;    /* after a write: the article as written; else
                           as stored (when it exists) */
} SaveResult;

/*
 * The one write path of the editor, the revision restore and autosave's
 * first save: in one transaction, create article 'id' (0: a new draft
 * with the viewer as author) or load it; check the viewer may open it;
 * when the text differs from the stored one, check they may save it and
 * that nobody saved since pf->baseVersion (a newer version whose text
 * equals the base's, e.g. after a state change, is no conflict); check
 * the action; write one revision of kind 'zKind' ("save", "restore"),
 * or "status" when only the state changes, with a note saying what
 * changed ('zNote' first when not NULL); record the cache changes;
 * commit; drop this process's pages at once; forget the viewer's
 * autosave.  Fill '*pOut' (OUT, in req->a).  Return OK (see
 * pOut->status) or ERR_*.
 */
int newsroom_save(Request *req, StoreConn *c, int64_t id, const ArticleForm *pf,
                  const char *zKind, const char *zNote,
                  SaveResult *pOut) WARN_UNUSED;

/*
 * Whether the viewer may do 'action' to 'art' (article_transition() with
 * their roles and authorship): set '*pzWhy' (OUT) when not.  'bAuthor'
 * says whether they are its author.
 */
ArticleVerdict newsroom_may(const Request *req, const ArticleEdit *art,
                            bool bAuthor, ArticleAction action,
                            const char **pzWhy);

/*
 * For a route with {id}: the article into '*pArt' (OUT, in req->a), the
 * connection into '*pc' (OUT), whether the viewer is its author into
 * '*pbAuthor' (OUT); refuse with 404 or 403 (res->zMessage) unless the
 * viewer may open it.  Return OK, a status or ERR_*.
 */
int newsroom_article_from_path(Request *req, Response *res, StoreConn **pc,
                               ArticleEdit *pArt, bool *pbAuthor) WARN_UNUSED;

/*
 * Fill list 'zList' of 'v' with the fields that differ between 'pOld'
 * and 'pNew', each a side-by-side word diff (article_diff_view.c):
 * label, and old and new as lists of {text, del/ins}.  Names of people
 * from 'aPerson'.  Set 'capped' on 'v' when a diff hit its cap.  Return
 * the number of fields that differ.
 */
int newsroom_diff_view(Arena *a, View *v, const char *zList,
                       const ArticleText *pOld, const ArticleText *pNew,
                       const Person *aPerson, int nPerson);

/* The bylines of 't' as names from 'aPerson' ("홍보영, 김기자"), in 'a'. */
const char *newsroom_byline_names(Arena *a, const ArticleText *t,
                                  const Person *aPerson, int nPerson);

/* 't''s keywords joined by ", ", in 'a'. */
const char *newsroom_keywords_text(Arena *a, const ArticleText *t);

/* The name of the section 'id' ("" when gone). */
const char *newsroom_section_name(int64_t id);

#endif
