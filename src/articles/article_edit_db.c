/*
 * article_edit_db.c — the newsroom's SQL on the articles tables: any
 * state, bylines (article_authors), keywords (article_keywords),
 * revisions, autosaves, the newsroom's lists, the scheduler's due list,
 * and the people a byline chooses from; see article_edit.h.
 *
 * A revision or autosave keeps bylines as people ids joined by "," and
 * keywords joined by LF (a keyword never holds either).  Names of the
 * accounts that wrote come from the person linked to each account
 * (people.account_id, owned here), so no query reads accounts/' tables.
 */
#include "articles/article_edit.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "base/str.h"
#include "site/site.h"
#include "view/markdown.h"

/* ------------------------------------------------------------------
 * Bylines and keywords as one text (revisions, autosaves)
 */

static const char *edit_join_authors(Arena *a, const ArticleText *t)
{
    Str s;
    str_init(&s, a);
    for (int i = 0; i < t->nAuthor; i++) {
        str_appendf(&s, "%s%lld", i ? "," : "", (long long)t->aAuthor[i]);
    }
    return s.z;
}

static const char *edit_join_keywords(Arena *a, const ArticleText *t)
{
    Str s;
    str_init(&s, a);
    for (int i = 0; i < t->nKeyword; i++) {
        if (i > 0) {
            str_append_char(&s, '\n');
        }
        str_append_z(&s, t->azKeyword[i]);
    }
    return s.z;
}

static void edit_split_authors(const char *z, ArticleText *t)
{
    t->nAuthor = 0;
    while (z != NULL && *z != 0 && t->nAuthor < ARTICLE_AUTHORS_MAX) {
        char *zEnd = NULL;
        long long id = strtoll(z, &zEnd, 10);
        if (zEnd == z) {
            break;
        }
        if (id > 0) {
            t->aAuthor[t->nAuthor++] = id;
        }
        z = *zEnd == ',' ? zEnd + 1 : zEnd;
    }
}

/* Split 'z' (in 'a', changed in place) at LF into t->azKeyword. */
static void edit_split_keywords(char *z, ArticleText *t)
{
    t->nKeyword = 0;
    while (z != NULL && *z != 0 && t->nKeyword < ARTICLE_KEYWORDS_MAX) {
        char *zEnd = strchr(z, '\n');
        if (zEnd != NULL) {
            *zEnd = 0;
        }
        t->azKeyword[t->nKeyword++] = z;
        z = zEnd ? zEnd + 1 : NULL;
    }
}

/* ------------------------------------------------------------------
 * Reading
 */

/* Bylines and keywords of article 'id' into 't'. */
static int edit_read_lists(StoreConn *c, Arena *a, int64_t id, ArticleText *t)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT person_id FROM article_authors"
                           " WHERE article_id = ? ORDER BY position",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    t->nAuthor = 0;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (t->nAuthor < ARTICLE_AUTHORS_MAX) {
            t->aAuthor[t->nAuthor++] = store_col_int(st, 0);
        }
    }
    if (rc < 0) {
        return rc;
    }
    rc = store_prepare(c,
                       "SELECT keyword FROM article_keywords"
                       " WHERE article_id = ? ORDER BY position",
                       &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    t->nKeyword = 0;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (t->nKeyword < ARTICLE_KEYWORDS_MAX) {
            t->azKeyword[t->nKeyword++] = store_col_text(st, 0, a);
        }
    }
    return rc < 0 ? rc : OK;
}

int article_edit_get(StoreConn *c, Arena *a, int64_t id, ArticleEdit *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "SELECT a.id, a.version, a.status, a.section_id, a.title,"
        " a.subtitle, a.dateline, a.summary, a.body_md, a.created_at,"
        " a.updated_at, a.published_at, a.modified_at, a.scheduled_at,"
        " a.submitted_at, a.retracted_at, a.created_by, a.updated_by,"
        " a.submitted_by, a.desk_note, coalesce(p.name, '')"
        " FROM articles a LEFT JOIN people p ON p.account_id = a.updated_by"
        " WHERE a.id = ?",
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    memset(pOut, 0, sizeof(*pOut));
    pOut->id = store_col_int(st, 0);
    pOut->version = store_col_int(st, 1);
    const char *zStatus = store_col_text(st, 2, a);
    pOut->state = ARTICLE_DRAFT;
    (void)article_state_parse(zStatus, &pOut->state);
    pOut->text.sectionId = store_col_int(st, 3);
    pOut->text.zTitle = store_col_text(st, 4, a);
    pOut->text.zSubtitle = store_col_text(st, 5, a);
    pOut->text.zDateline = store_col_text(st, 6, a);
    pOut->text.zSummary = store_col_text(st, 7, a);
    pOut->text.zBodyMd = store_col_text(st, 8, a);
    pOut->tCreated = store_col_int(st, 9);
    pOut->tUpdated = store_col_int(st, 10);
    pOut->tPublished = store_col_int(st, 11);
    pOut->tModified = store_col_int(st, 12);
    pOut->tScheduled = store_col_int(st, 13);
    pOut->tSubmitted = store_col_int(st, 14);
    pOut->tRetracted = store_col_int(st, 15);
    pOut->createdBy = store_col_int(st, 16);
    pOut->updatedBy = store_col_int(st, 17);
    pOut->submittedBy = store_col_int(st, 18);
    pOut->zDeskNote = store_col_text(st, 19, a);
    pOut->zUpdatedByName = store_col_text(st, 20, a);
    return edit_read_lists(c, a, id, &pOut->text);
}

int article_edit_preview_get(StoreConn *c, Arena *a, int64_t id, Article *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "SELECT a.id, a.section_id, a.author_id, a.title, a.subtitle,"
        " coalesce(a.published_at, 0), coalesce(a.modified_at, 0), p.name,"
        " p.email, p.desk, a.dateline, a.body_html, p.bio, a.status,"
        " a.body_md, a.comment_count, coalesce(a.corrected_at, 0)"
        " FROM articles a JOIN people p ON p.id = a.author_id"
        " WHERE a.id = ?",
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    memset(pOut, 0, sizeof(*pOut));
    article_db_row_full(st, a, pOut);
    return article_db_bylines(c, a, pOut, 1);
}

int article_edit_is_author(StoreConn *c, int64_t id, int64_t accountId,
                           bool *pbAuthor)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "SELECT count(*) FROM articles a WHERE a.id = ? AND"
        " (a.created_by = ? OR EXISTS (SELECT 1 FROM article_authors w"
        " JOIN people p ON p.id = w.person_id"
        " WHERE w.article_id = a.id AND p.account_id = ?))",
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, accountId);
    store_bind_int(st, 3, accountId);
    int64_t n = 0;
    rc = store_step_int(st, &n);
    *pbAuthor = rc == OK && n > 0;
    return rc;
}

/* The columns every revision query reads first, in this order. */
#define EDIT_REVISION_COLS                                                     \
    "SELECT r.version, coalesce(r.account_id, 0), coalesce(p.name, ''),"       \
    " r.created_at, r.kind, r.note, r.status"
/* Where they come from. */
#define EDIT_REVISION_FROM                                                     \
    " FROM article_revisions r"                                                \
    " LEFT JOIN people p ON p.account_id = r.account_id"

static void edit_revision_row(StoreStmt *st, Arena *a, ArticleRevision *r)
{
    memset(r, 0, sizeof(*r));
    r->version = store_col_int(st, 0);
    r->accountId = store_col_int(st, 1);
    r->zAccountName = store_col_text(st, 2, a);
    r->tCreated = store_col_int(st, 3);
    r->zKind = store_col_text(st, 4, a);
    r->zNote = store_col_text(st, 5, a);
    r->state = ARTICLE_DRAFT;
    (void)article_state_parse(store_col_text(st, 6, a), &r->state);
}

int article_revision_get(StoreConn *c, Arena *a, int64_t id, int64_t version,
                         ArticleRevision *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        EDIT_REVISION_COLS
        ", r.section_id, r.title, r.subtitle, r.dateline,"
        " r.summary, r.body_md, r.authors, r.keywords" EDIT_REVISION_FROM
        " WHERE r.article_id = ? AND r.version = ?",
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, version);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    edit_revision_row(st, a, pOut);
    ArticleText *t = &pOut->text;
    t->sectionId = store_col_int(st, 7);
    t->zTitle = store_col_text(st, 8, a);
    t->zSubtitle = store_col_text(st, 9, a);
    t->zDateline = store_col_text(st, 10, a);
    t->zSummary = store_col_text(st, 11, a);
    t->zBodyMd = store_col_text(st, 12, a);
    edit_split_authors(store_col_text(st, 13, a), t);
    edit_split_keywords(store_col_text(st, 14, a), t);
    return OK;
}

int article_revision_list(StoreConn *c, Arena *a, int64_t id, int nMax,
                          ArticleRevision **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           EDIT_REVISION_COLS EDIT_REVISION_FROM
                           " WHERE r.article_id = ?"
                           " ORDER BY r.version DESC"
                           " LIMIT ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, nMax);
    ArticleRevision *aRev =
        arena_alloc(a, sizeof(ArticleRevision) * (size_t)(nMax + 1));
    int n = 0;
    while (n < nMax && (rc = store_step(st)) == STORE_ROW) {
        edit_revision_row(st, a, &aRev[n++]);
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aRev;
    *pnOut = n;
    return OK;
}

int article_autosave_get(StoreConn *c, Arena *a, int64_t id, int64_t accountId,
                         ArticleAutosave *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT base_version, saved_at, section_id, title,"
                           " subtitle, dateline, summary, body_md, authors,"
                           " keywords FROM article_autosaves"
                           " WHERE article_id = ? AND account_id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, accountId);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    memset(pOut, 0, sizeof(*pOut));
    pOut->baseVersion = store_col_int(st, 0);
    pOut->tSaved = store_col_int(st, 1);
    ArticleText *t = &pOut->text;
    t->sectionId = store_col_int(st, 2);
    t->zTitle = store_col_text(st, 3, a);
    t->zSubtitle = store_col_text(st, 4, a);
    t->zDateline = store_col_text(st, 5, a);
    t->zSummary = store_col_text(st, 6, a);
    t->zBodyMd = store_col_text(st, 7, a);
    edit_split_authors(store_col_text(st, 8, a), t);
    edit_split_keywords(store_col_text(st, 9, a), t);
    return OK;
}

/* The columns of every newsroom list, in edit_list_row() order. */
#define EDIT_LIST_COLS                                                         \
    "SELECT a.id, a.status, a.title, a.section_id, coalesce(p.name, ''),"      \
    " coalesce(s.name, ''), a.updated_at, coalesce(a.submitted_at, 0),"        \
    " coalesce(a.scheduled_at, 0), coalesce(a.published_at, 0)"                \
    " FROM articles a LEFT JOIN people p ON p.id = a.author_id"                \
    " LEFT JOIN people s ON s.account_id = a.submitted_by"

int article_edit_list(StoreConn *c, Arena *a, ArticleEditListKind kind,
                      int64_t accountId, int nMax, ArticleEditRow **paOut,
                      int *pnOut)
{
    StoreStmt *st = NULL;
    int rc;
    int iNext = 1;
    switch (kind) {
    case ARTICLE_LIST_MY_DRAFTS:
        rc = store_prepare(c,
                           EDIT_LIST_COLS
                           " WHERE a.status = 'draft' AND (a.created_by = ?"
                           " OR EXISTS (SELECT 1 FROM article_authors w"
                           " JOIN people q ON q.id = w.person_id"
                           " WHERE w.article_id = a.id AND q.account_id = ?))"
                           " ORDER BY a.updated_at DESC, a.id DESC LIMIT ?",
                           &st);
        if (rc == OK) {
            store_bind_int(st, 1, accountId);
            store_bind_int(st, 2, accountId);
            iNext = 3;
        }
        break;
    case ARTICLE_LIST_REVIEW:
        rc = store_prepare(c,
                           EDIT_LIST_COLS
                           " WHERE a.status = 'review'"
                           " ORDER BY a.submitted_at, a.id LIMIT ?",
                           &st);
        break;
    default:
        rc = store_prepare(c,
                           EDIT_LIST_COLS
                           " WHERE a.status = 'scheduled'"
                           " ORDER BY a.scheduled_at, a.id LIMIT ?",
                           &st);
        break;
    }
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, iNext, nMax);
    ArticleEditRow *aRow =
        arena_alloc(a, sizeof(ArticleEditRow) * (size_t)(nMax + 1));
    int n = 0;
    while (n < nMax && (rc = store_step(st)) == STORE_ROW) {
        ArticleEditRow *r = &aRow[n++];
        r->id = store_col_int(st, 0);
        r->state = ARTICLE_DRAFT;
        (void)article_state_parse(store_col_text(st, 1, a), &r->state);
        r->zTitle = store_col_text(st, 2, a);
        r->sectionId = store_col_int(st, 3);
        r->zAuthorName = store_col_text(st, 4, a);
        r->zSubmitterName = store_col_text(st, 5, a);
        r->tUpdated = store_col_int(st, 6);
        r->tSubmitted = store_col_int(st, 7);
        r->tScheduled = store_col_int(st, 8);
        r->tPublished = store_col_int(st, 9);
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aRow;
    *pnOut = n;
    return OK;
}

int article_edit_due(StoreConn *c, UnixTime tNow, int nMax, int64_t *aId,
                     int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT id FROM articles WHERE status = 'scheduled'"
                           " AND scheduled_at <= ?"
                           " ORDER BY scheduled_at, id LIMIT ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, tNow);
    store_bind_int(st, 2, nMax);
    int n = 0;
    while (n < nMax && (rc = store_step(st)) == STORE_ROW) {
        aId[n++] = store_col_int(st, 0);
    }
    if (rc < 0) {
        return rc;
    }
    *pnOut = n;
    return OK;
}

int person_db_list(StoreConn *c, Arena *a, Person **paOut, int *pnOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, "SELECT count(*) FROM people", &st);
    int64_t nAll = 0;
    if (rc == OK) {
        rc = store_step_int(st, &nAll);
    }
    if (rc != OK) {
        return rc;
    }
    rc = store_prepare(c,
                       "SELECT id, name, email, desk, bio FROM people"
                       " ORDER BY name, id",
                       &st);
    if (rc != OK) {
        return rc;
    }
    Person *aPerson = arena_alloc(a, sizeof(Person) * (size_t)(nAll + 1));
    int n = 0;
    while (n < nAll && (rc = store_step(st)) == STORE_ROW) {
        Person *p = &aPerson[n++];
        p->id = store_col_int(st, 0);
        p->zName = store_col_text(st, 1, a);
        p->zEmail = store_col_text(st, 2, a);
        p->zDesk = store_col_text(st, 3, a);
        p->zBio = store_col_text(st, 4, a);
    }
    if (rc < 0) {
        return rc;
    }
    *paOut = aPerson;
    *pnOut = n;
    return OK;
}

int person_db_by_account(StoreConn *c, int64_t accountId, int64_t *pPersonId)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c, "SELECT id FROM people WHERE account_id = ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, accountId);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    *pPersonId = store_col_int(st, 0);
    return OK;
}

/* ------------------------------------------------------------------
 * Writing
 */

int article_db_set_lists(StoreConn *c, int64_t id, const int64_t *aPerson,
                         int nPerson, const char *const *azKeyword,
                         int nKeyword)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c, "DELETE FROM article_authors WHERE article_id = ?", &st);
    if (rc == OK) {
        store_bind_int(st, 1, id);
        rc = store_exec(st);
    }
    for (int i = 0; rc == OK && i < nPerson; i++) {
        rc = store_prepare(c,
                           "INSERT INTO article_authors(article_id,"
                           " person_id, position) VALUES (?, ?, ?)",
                           &st);
        if (rc == OK) {
            store_bind_int(st, 1, id);
            store_bind_int(st, 2, aPerson[i]);
            store_bind_int(st, 3, i);
            rc = store_exec(st);
        }
    }
    if (rc == OK) {
        rc = store_prepare(
            c, "DELETE FROM article_keywords WHERE article_id = ?", &st);
    }
    if (rc == OK) {
        store_bind_int(st, 1, id);
        rc = store_exec(st);
    }
    for (int i = 0; rc == OK && i < nKeyword; i++) {
        rc = store_prepare(c,
                           "INSERT INTO article_keywords(article_id, keyword,"
                           " position) VALUES (?, ?, ?)",
                           &st);
        if (rc == OK) {
            store_bind_int(st, 1, id);
            store_bind_z(st, 2, azKeyword[i]);
            store_bind_int(st, 3, i);
            rc = store_exec(st);
        }
    }
    return rc;
}

/* Replace the bylines and keywords of article 'id' with those of 't'. */
static int edit_write_lists(StoreConn *c, int64_t id, const ArticleText *t)
{
    return article_db_set_lists(c, id, t->aAuthor, t->nAuthor, t->azKeyword,
                                t->nKeyword);
}

/* Add revision 'version' of article 'id' holding 't' in state 'state'. */
static int edit_add_revision(StoreConn *c, Arena *a, int64_t id,
                             int64_t version, int64_t accountId, UnixTime tNow,
                             const char *zKind, const char *zNote,
                             ArticleState state, const ArticleText *t)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO article_revisions(article_id, version,"
                           " account_id, created_at, kind, note, status,"
                           " section_id, title, subtitle, dateline, summary,"
                           " body_md, authors, keywords)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                           " ?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, version);
    if (accountId != 0) {
        store_bind_int(st, 3, accountId);
    } else {
        store_bind_null(st, 3);
    }
    store_bind_int(st, 4, tNow);
    store_bind_z(st, 5, zKind);
    store_bind_z(st, 6, zNote ? zNote : "");
    store_bind_z(st, 7, article_state_name(state));
    store_bind_int(st, 8, t->sectionId);
    store_bind_z(st, 9, t->zTitle);
    store_bind_z(st, 10, t->zSubtitle ? t->zSubtitle : "");
    store_bind_z(st, 11, t->zDateline ? t->zDateline : "");
    store_bind_z(st, 12, t->zSummary ? t->zSummary : "");
    store_bind_z(st, 13, t->zBodyMd ? t->zBodyMd : "");
    store_bind_z(st, 14, edit_join_authors(a, t));
    store_bind_z(st, 15, edit_join_keywords(a, t));
    return store_exec(st);
}

/* Bind 't' as a time, 0 as NULL. */
static void edit_bind_time(StoreStmt *st, int i, UnixTime t)
{
    if (t != 0) {
        store_bind_int(st, i, t);
    } else {
        store_bind_null(st, i);
    }
}

/* Bind an account id, 0 as NULL. */
static void edit_bind_account(StoreStmt *st, int i, int64_t id)
{
    if (id != 0) {
        store_bind_int(st, i, id);
    } else {
        store_bind_null(st, i);
    }
}

int article_edit_insert(StoreConn *c, Arena *a, const ArticleText *t,
                        int64_t accountId, UnixTime tNow, const char *zNote,
                        int64_t *pId)
{
    if (t->nAuthor < 1) {
        return ERR_INVALID;
    }
    const SafeHtml *html = NULL;
    int rc = markdown_render(a, t->zBodyMd, strlen(t->zBodyMd), &html);
    if (rc != OK) {
        return rc;
    }
    size_t nHtml = 0;
    const char *zHtml = safe_html_bytes(html, &nHtml);
    StoreStmt *st = NULL;
    rc = store_prepare(c,
                       "INSERT INTO articles(section_id, author_id, status,"
                       " title, subtitle, dateline, summary, body_md,"
                       " body_html, created_at, updated_at, version,"
                       " created_by, updated_by)"
                       " VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, 1,"
                       " ?, ?)",
                       &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, t->sectionId);
    store_bind_int(st, 2, t->aAuthor[0]);
    store_bind_z(st, 3, t->zTitle);
    store_bind_z(st, 4, t->zSubtitle ? t->zSubtitle : "");
    store_bind_z(st, 5, t->zDateline ? t->zDateline : "");
    store_bind_z(st, 6, t->zSummary ? t->zSummary : "");
    store_bind_z(st, 7, t->zBodyMd);
    store_bind_text(st, 8, zHtml, nHtml);
    store_bind_int(st, 9, tNow);
    store_bind_int(st, 10, tNow);
    edit_bind_account(st, 11, accountId);
    edit_bind_account(st, 12, accountId);
    rc = store_exec(st);
    if (rc != OK) {
        return rc;
    }
    int64_t id = store_last_id(c);
    rc = edit_write_lists(c, id, t);
    if (rc == OK) {
        rc = edit_add_revision(c, a, id, 1, accountId, tNow, "save", zNote,
                               ARTICLE_DRAFT, t);
    }
    if (rc == OK) {
        *pId = id;
    }
    return rc;
}

/*
 * An article made before revisions existed (the demo's, an import's) has
 * no revision of the version it is at: record it first, so its first
 * edit does not lose what it said.
 */
static int edit_keep_first(StoreConn *c, Arena *a, const ArticleEdit *cur)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT count(*) FROM article_revisions"
                           " WHERE article_id = ? AND version = ?",
                           &st);
    int64_t n = 0;
    if (rc == OK) {
        store_bind_int(st, 1, cur->id);
        store_bind_int(st, 2, cur->version);
        rc = store_step_int(st, &n);
    }
    if (rc == OK && n == 0) {
        rc = edit_add_revision(c, a, cur->id, cur->version, cur->updatedBy,
                               cur->tUpdated, "import", "처음 상태", cur->state,
                               &cur->text);
    }
    return rc;
}

int article_edit_write(StoreConn *c, Arena *a, const ArticleEdit *cur,
                       const ArticleEdit *next, int64_t accountId,
                       UnixTime tNow, const char *zKind, const char *zNote)
{
    const ArticleText *t = &next->text;
    if (t->nAuthor < 1) {
        return ERR_INVALID;
    }
    int rc = edit_keep_first(c, a, cur);
    if (rc != OK) {
        return rc;
    }
    const char *zHtml = NULL;
    size_t nHtml = 0;
    bool bBody = strcmp(cur->text.zBodyMd, t->zBodyMd) != 0;
    if (bBody) {
        const SafeHtml *html = NULL;
        int rcMd = markdown_render(a, t->zBodyMd, strlen(t->zBodyMd), &html);
        if (rcMd != OK) {
            return rcMd;
        }
        zHtml = safe_html_bytes(html, &nHtml);
    }
    StoreStmt *st = NULL;
    /* body_html is replaced only when the body changed: ?9 NULL keeps
       it (coalesce), so an article rendered by an older renderer is not
       re-rendered by a save of its title. */
    rc = store_prepare(
        c,
        "UPDATE articles SET section_id = ?, author_id = ?, title = ?,"
        " subtitle = ?, dateline = ?, summary = ?, body_md = ?,"
        " status = ?, body_html = coalesce(?, body_html),"
        " published_at = ?, modified_at = ?, scheduled_at = ?,"
        " submitted_at = ?, submitted_by = ?, retracted_at = ?,"
        " desk_note = ?, updated_at = ?, updated_by = ?, version = ?"
        " WHERE id = ? AND version = ?",
        &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, t->sectionId);
    store_bind_int(st, 2, t->aAuthor[0]);
    store_bind_z(st, 3, t->zTitle);
    store_bind_z(st, 4, t->zSubtitle ? t->zSubtitle : "");
    store_bind_z(st, 5, t->zDateline ? t->zDateline : "");
    store_bind_z(st, 6, t->zSummary ? t->zSummary : "");
    store_bind_z(st, 7, t->zBodyMd);
    store_bind_z(st, 8, article_state_name(next->state));
    if (zHtml != NULL) {
        store_bind_text(st, 9, zHtml, nHtml);
    } else {
        store_bind_null(st, 9);
    }
    edit_bind_time(st, 10, next->tPublished);
    edit_bind_time(st, 11, next->tModified);
    edit_bind_time(st, 12, next->tScheduled);
    edit_bind_time(st, 13, next->tSubmitted);
    edit_bind_account(st, 14, next->submittedBy);
    edit_bind_time(st, 15, next->tRetracted);
    store_bind_z(st, 16, next->zDeskNote ? next->zDeskNote : "");
    store_bind_int(st, 17, next->tUpdated);
    edit_bind_account(st, 18, next->updatedBy);
    store_bind_int(st, 19, next->version);
    store_bind_int(st, 20, cur->id);
    store_bind_int(st, 21, cur->version);
    rc = store_exec(st);
    if (rc != OK) {
        return rc;
    }
    if (store_changes(c) != 1) {
        return ERR_NOTFOUND;
    }
    /* The old bylines and keywords with the new fields: unequal to 't'
       only when a list changed. */
    ArticleText lists = cur->text;
    lists.sectionId = t->sectionId;
    lists.zTitle = t->zTitle;
    lists.zSubtitle = t->zSubtitle;
    lists.zDateline = t->zDateline;
    lists.zSummary = t->zSummary;
    lists.zBodyMd = t->zBodyMd;
    if (!article_text_equal(&lists, t)) {
        rc = edit_write_lists(c, cur->id, t);
    }
    if (rc == OK) {
        rc = edit_add_revision(c, a, cur->id, next->version, accountId, tNow,
                               zKind, zNote, next->state, t);
    }
    return rc;
}

/* Add 'zTag' to the list unless it is there. */
static void edit_tag_add(Arena *a, const char ***pazTag, int *pnTag, int nCap,
                         const char *zTag)
{
    for (int i = 0; i < *pnTag; i++) {
        if (strcmp((*pazTag)[i], zTag) == 0) {
            return;
        }
    }
    if (*pnTag < nCap) {
        (*pazTag)[(*pnTag)++] = arena_strdup(a, zTag);
    }
}

/* The tags of 'e' as readers see it. */
static void edit_tags_of(Arena *a, const ArticleEdit *e, const char ***pazTag,
                         int *pnTag, int nCap)
{
    const Site *pSite = site_current();
    const SiteSection *sec =
        pSite ? site_section_by_id(pSite, e->text.sectionId) : NULL;
    if (sec != NULL) {
        edit_tag_add(a, pazTag, pnTag, nCap,
                     arena_printf(a, "section:%s", sec->zSlug));
    }
    for (int i = 0; i < e->text.nAuthor; i++) {
        edit_tag_add(
            a, pazTag, pnTag, nCap,
            arena_printf(a, "reporter:%lld", (long long)e->text.aAuthor[i]));
    }
}

int article_edit_changes(StoreConn *c, Arena *a, const ArticleEdit *cur,
                         const ArticleEdit *next, const char ***pazTag,
                         int *pnTag)
{
    int nCap = 4 + 2 * (ARTICLE_AUTHORS_MAX + 1);
    const char **azTag = arena_alloc(a, sizeof(char *) * (size_t)nCap);
    int nTag = 0;
    bool bWas = cur != NULL && cur->state == ARTICLE_PUBLISHED;
    bool bIs = next->state == ARTICLE_PUBLISHED;
    if (bWas || bIs) {
        edit_tag_add(a, &azTag, &nTag, nCap,
                     arena_printf(a, "article:%lld", (long long)next->id));
        edit_tag_add(a, &azTag, &nTag, nCap, "articles");
        edit_tag_add(a, &azTag, &nTag, nCap, "front");
        if (cur != NULL) {
            edit_tags_of(a, cur, &azTag, &nTag, nCap);
        }
        edit_tags_of(a, next, &azTag, &nTag, nCap);
    }
    int rc = OK;
    for (int i = 0; rc == OK && i < nTag; i++) {
        rc = app_change(c, azTag[i]);
    }
    *pazTag = azTag;
    *pnTag = nTag;
    return rc;
}

int article_autosave_put(StoreConn *c, int64_t id, int64_t accountId,
                         int64_t baseVersion, UnixTime tNow,
                         const ArticleText *t)
{
    Arena a;
    arena_init(&a);
    StoreStmt *st = NULL;
    int rc = store_prepare(
        c,
        "INSERT INTO article_autosaves(article_id, account_id, base_version,"
        " saved_at, section_id, title, subtitle, dateline, summary, body_md,"
        " authors, keywords) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(article_id, account_id) DO UPDATE SET"
        " base_version = excluded.base_version,"
        " saved_at = excluded.saved_at, section_id = excluded.section_id,"
        " title = excluded.title, subtitle = excluded.subtitle,"
        " dateline = excluded.dateline, summary = excluded.summary,"
        " body_md = excluded.body_md, authors = excluded.authors,"
        " keywords = excluded.keywords",
        &st);
    if (rc == OK) {
        store_bind_int(st, 1, id);
        store_bind_int(st, 2, accountId);
        store_bind_int(st, 3, baseVersion);
        store_bind_int(st, 4, tNow);
        store_bind_int(st, 5, t->sectionId);
        store_bind_z(st, 6, t->zTitle ? t->zTitle : "");
        store_bind_z(st, 7, t->zSubtitle ? t->zSubtitle : "");
        store_bind_z(st, 8, t->zDateline ? t->zDateline : "");
        store_bind_z(st, 9, t->zSummary ? t->zSummary : "");
        store_bind_z(st, 10, t->zBodyMd ? t->zBodyMd : "");
        store_bind_z(st, 11, edit_join_authors(&a, t));
        store_bind_z(st, 12, edit_join_keywords(&a, t));
        rc = store_exec(st);
    }
    arena_close(&a);
    return rc;
}

int article_autosave_delete(StoreConn *c, int64_t id, int64_t accountId)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "DELETE FROM article_autosaves"
                           " WHERE article_id = ? AND account_id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, accountId);
    return store_exec(st);
}

int person_db_insert_for_account(StoreConn *c, const Person *p,
                                 int64_t accountId, UnixTime tNow, int64_t *pId)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO people(name, email, desk, bio,"
                           " created_at, account_id)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, p->zName);
    store_bind_z(st, 2, p->zEmail ? p->zEmail : "");
    store_bind_z(st, 3, p->zDesk ? p->zDesk : "");
    store_bind_z(st, 4, p->zBio ? p->zBio : "");
    store_bind_int(st, 5, tNow);
    store_bind_int(st, 6, accountId);
    rc = store_exec(st);
    if (rc == OK) {
        *pId = store_last_id(c);
    }
    return rc;
}
