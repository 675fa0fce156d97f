/*
 * people_db.c — the SQL of the admin's people pages (articles/ owns
 * people): a keyset-paged list with a name search, one person with the
 * account they sign in with, updates, the e-mail check and the account
 * link (people.account_id, unique).  Reading a person for readers is
 * articles_db.c's person_db_get().
 */
#include "articles/articles.h"

#include <stdint.h>
#include <string.h>

#include "base/str.h"

/* The list being read, as the keyset driver's argument. */
typedef struct PersonListRead {
    StoreConn *c;      /* the connection */
    Arena *a;          /* where rows go */
    const char *zLike; /* the LIKE pattern of the name search */
    PersonRow *aRow;   /* rows kept, in list order */
    int nRow;          /* how many */
    int nAlloc;        /* room */
} PersonListRead;

/* Columns of a PersonRow, in person_db_fill() order. */
#define PERSON_ROW_COLS                                                        \
    "SELECT id, name, email, desk, bio, account_id, created_at FROM people"

static void person_db_fill(StoreStmt *st, Arena *a, PersonRow *r)
{
    memset(r, 0, sizeof(*r));
    r->p.id = store_col_int(st, 0);
    r->p.zName = store_col_text(st, 1, a);
    r->p.zEmail = store_col_text(st, 2, a);
    r->p.zDesk = store_col_text(st, 3, a);
    r->p.zBio = store_col_text(st, 4, a);
    r->accountId = store_col_int(st, 5);
    r->tCreated = store_col_int(st, 6);
}

/* KeysetList.fnFetch: newest first by (created_at, id). */
static int person_db_fetch(void *pArg, KeysetStep step,
                           const KeysetCursor *pCur, int nLimit,
                           KeysetCursor *aKey, int *pnGot)
{
    PersonListRead *r = pArg;
    StoreStmt *st = NULL;
    int rc = ERR_INVALID;
    switch (step) {
    case KEYSET_STEP_ON_SAME:
        rc = store_prepare(r->c,
                           PERSON_ROW_COLS " WHERE name LIKE ? ESCAPE '\\'"
                                           " AND created_at = ? AND id < ?"
                                           " ORDER BY created_at DESC,"
                                           " id DESC LIMIT ?",
                           &st);
        break;
    case KEYSET_STEP_ON:
        rc = store_prepare(r->c,
                           PERSON_ROW_COLS " WHERE name LIKE ? ESCAPE '\\'"
                                           " AND created_at < ?"
                                           " ORDER BY created_at DESC,"
                                           " id DESC LIMIT ?",
                           &st);
        break;
    case KEYSET_STEP_BACK_SAME:
        rc = store_prepare(r->c,
                           "SELECT created_at, id FROM people"
                           " WHERE name LIKE ? ESCAPE '\\'"
                           " AND created_at = ? AND id > ?"
                           " ORDER BY created_at, id LIMIT ?",
                           &st);
        break;
    case KEYSET_STEP_BACK:
        rc = store_prepare(r->c,
                           "SELECT created_at, id FROM people"
                           " WHERE name LIKE ? ESCAPE '\\'"
                           " AND created_at > ?"
                           " ORDER BY created_at, id LIMIT ?",
                           &st);
        break;
    }
    if (rc != OK) {
        return rc;
    }
    int i = 1;
    store_bind_z(st, i++, r->zLike);
    store_bind_int(st, i++, pCur ? pCur->t : INT64_MAX);
    if (step == KEYSET_STEP_ON_SAME || step == KEYSET_STEP_BACK_SAME) {
        store_bind_int(st, i++, pCur->id);
    }
    store_bind_int(st, i, nLimit);
    bool bKeep = step == KEYSET_STEP_ON_SAME || step == KEYSET_STEP_ON;
    int n = 0;
    while (n < nLimit && (rc = store_step(st)) == STORE_ROW) {
        if (!bKeep) {
            aKey[n].t = store_col_int(st, 0);
            aKey[n++].id = store_col_int(st, 1);
            continue;
        }
        r->aRow =
            arena_grow(r->a, r->aRow, r->nRow, &r->nAlloc, sizeof(*r->aRow));
        PersonRow *row = &r->aRow[r->nRow++];
        person_db_fill(st, r->a, row);
        aKey[n].t = row->tCreated;
        aKey[n++].id = row->p.id;
    }
    if (rc < 0) {
        return rc;
    }
    *pnGot = n;
    return OK;
}

int person_db_page(StoreConn *c, Arena *a, const char *zQuery,
                   const KeysetPos *pos, const char *zPath, int nLimit,
                   PersonRow **paOut, KeysetResult *pResult)
{
    /* "%query%", with LIKE's own characters escaped. */
    Str like;
    str_init(&like, a);
    str_append_char(&like, '%');
    for (const char *p = zQuery; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\') {
            str_append_char(&like, '\\');
        }
        str_append_char(&like, *p);
    }
    str_append_char(&like, '%');
    PersonListRead r = {c, a, like.z, NULL, 0, 0};
    KeysetList l = {person_db_fetch, NULL, &r};
    int rc = keyset_run(a, &l, pos, zPath, nLimit, pResult);
    if (rc == OK) {
        *paOut = r.aRow;
    }
    return rc;
}

int person_db_row(StoreConn *c, Arena *a, int64_t id, PersonRow *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c, PERSON_ROW_COLS " WHERE id = ?", &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, id);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    person_db_fill(st, a, pOut);
    return OK;
}

int person_db_update(StoreConn *c, const Person *p)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "UPDATE people SET name = ?, email = ?, desk = ?,"
                           " bio = ? WHERE id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, p->zName);
    store_bind_z(st, 2, p->zEmail);
    store_bind_z(st, 3, p->zDesk);
    store_bind_z(st, 4, p->zBio);
    store_bind_int(st, 5, p->id);
    rc = store_exec(st);
    if (rc == OK && store_changes(c) == 0) {
        return ERR_NOTFOUND;
    }
    return rc;
}

int person_db_email_owner(StoreConn *c, const char *zEmail, int64_t exceptId,
                          int64_t *pId)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT id FROM people WHERE email = ? AND id <> ?"
                           " ORDER BY id LIMIT 1",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, zEmail);
    store_bind_int(st, 2, exceptId);
    rc = store_step(st);
    if (rc < 0) {
        return rc;
    }
    *pId = rc == STORE_ROW ? store_col_int(st, 0) : 0;
    return OK;
}

int person_db_of_account(StoreConn *c, Arena *a, int64_t accountId,
                         Person *pOut)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT id, name, email, desk, bio FROM people"
                           " WHERE account_id = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, accountId);
    rc = store_step(st);
    if (rc != STORE_ROW) {
        return rc == STORE_DONE ? ERR_NOTFOUND : rc;
    }
    pOut->id = store_col_int(st, 0);
    pOut->zName = store_col_text(st, 1, a);
    pOut->zEmail = store_col_text(st, 2, a);
    pOut->zDesk = store_col_text(st, 3, a);
    pOut->zBio = store_col_text(st, 4, a);
    return OK;
}

int person_db_link(StoreConn *c, int64_t id, int64_t accountId)
{
    StoreStmt *st = NULL;
    int rc =
        store_prepare(c, "UPDATE people SET account_id = ? WHERE id = ?", &st);
    if (rc != OK) {
        return rc;
    }
    if (accountId != 0) {
        store_bind_int(st, 1, accountId);
    } else {
        store_bind_null(st, 1);
    }
    store_bind_int(st, 2, id);
    rc = store_exec(st);
    if (rc == OK && store_changes(c) == 0) {
        return ERR_NOTFOUND;
    }
    return rc;
}
