/*
 * schema.c — the list of migrations, at the top of src/ because it names
 * every feature's tables: store/ runs the list (store/migrations.c) and
 * includes no feature.
 *
 * Tables of the first migrations: settings (app/settings.h), sections
 * (site/), people and articles (articles/), cache_events (app/changes.c),
 * accounts, sessions and signin_failures (accounts/; replaced by
 * signin_attempts in 9); purge_state (app/purge.c) in 15.  Applied
 * scripts are history and never change; a later change is a new number,
 * its script kept in the owning feature's *_schema.h.  Times are INTEGER
 * seconds since the epoch, UTC, in every table: the same type in SQLite and
 * PostgreSQL (BIGINT there), so no dialect differs in date handling
 * (docs/store.md).
 */
#include "schema.h"

#include "accounts/accounts_schema.h"
#include "articles/articles_schema.h"
#include "comments/comments_schema.h"
#include "newsroom/newsroom_schema.h"
#include "reports/reports_schema.h"

static const StoreMigration aMigration[] = {
    {1, "CREATE TABLE settings ("
        "  key TEXT PRIMARY KEY,"
        "  value TEXT NOT NULL"
        ");"
        "CREATE TABLE sections ("
        "  id INTEGER PRIMARY KEY,"
        "  slug TEXT NOT NULL UNIQUE,"
        "  name TEXT NOT NULL,"
        "  position INTEGER NOT NULL DEFAULT 0"
        ");"
        "CREATE TABLE people ("
        "  id INTEGER PRIMARY KEY,"
        "  name TEXT NOT NULL,"
        "  email TEXT NOT NULL DEFAULT '',"
        "  desk TEXT NOT NULL DEFAULT '',"
        "  bio TEXT NOT NULL DEFAULT '',"
        "  created_at INTEGER NOT NULL"
        ");"
        "CREATE TABLE articles ("
        "  id INTEGER PRIMARY KEY,"
        "  section_id INTEGER NOT NULL REFERENCES sections(id),"
        "  author_id INTEGER NOT NULL REFERENCES people(id),"
        "  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN"
        "    ('draft', 'review', 'scheduled', 'published', 'retracted')),"
        "  title TEXT NOT NULL,"
        "  subtitle TEXT NOT NULL DEFAULT '',"
        "  dateline TEXT NOT NULL DEFAULT '',"
        "  body_md TEXT NOT NULL,"
        "  body_html TEXT NOT NULL,"
        "  published_at INTEGER,"
        "  modified_at INTEGER,"
        "  created_at INTEGER NOT NULL,"
        "  updated_at INTEGER NOT NULL"
        ");"
        "CREATE INDEX articles_by_status ON articles(status, published_at);"
        "CREATE INDEX articles_by_section"
        "  ON articles(section_id, status, published_at);"
        "CREATE INDEX articles_by_author"
        "  ON articles(author_id, status, published_at);"},
    /* Changes that drop cached pages, for every server process (and for a
       command-line change while the server runs): see app/changes.c. */
    {2, "CREATE TABLE cache_events ("
        "  id INTEGER PRIMARY KEY,"
        "  tag TEXT NOT NULL,"
        "  created_at INTEGER NOT NULL"
        ");"},
    /* Accounts and sessions (accounts/). */
    {3, "CREATE TABLE accounts ("
        "  id INTEGER PRIMARY KEY,"
        "  person_id INTEGER NOT NULL UNIQUE REFERENCES people(id),"
        "  login TEXT NOT NULL UNIQUE,"
        "  password_hash TEXT NOT NULL,"
        "  roles INTEGER NOT NULL DEFAULT 1,"
        "  created_at INTEGER NOT NULL,"
        "  disabled_at INTEGER"
        ");"
        "CREATE TABLE sessions ("
        "  id TEXT PRIMARY KEY,"
        "  account_id INTEGER NOT NULL REFERENCES accounts(id),"
        "  created_at INTEGER NOT NULL,"
        "  expires_at INTEGER NOT NULL,"
        "  ip TEXT NOT NULL DEFAULT ''"
        ");"
        "CREATE INDEX sessions_by_account ON sessions(account_id);"
        "CREATE INDEX sessions_by_expiry ON sessions(expires_at);"
        "CREATE TABLE signin_failures ("
        "  key TEXT NOT NULL,"
        "  at INTEGER NOT NULL"
        ");"
        "CREATE INDEX signin_failures_by_key ON signin_failures(key, at);"},
    /* 4 and 5 went out empty in the first release, before the comments
       and reports features had tables; databases made by it record them
       as applied, so those tables come in 6 and 7 instead. */
    {4, "SELECT 1"},
    {5, "SELECT 1"},
    {6, COMMENTS_SCHEMA_SQL},
    {7, REPORTS_SCHEMA_SQL},
    {8, ACCOUNTS_NAME_SQL, ACCOUNTS_NAME_SQL_PG},
    /* Sign-in checks reserved before the password check, sign-ups per
       network (accounts/throttle.c). */
    {9, ACCOUNTS_THROTTLE_SQL},
    /* The newsroom: drafts, revisions, bylines, keywords, corrections,
       the front-page layout (articles/articles_schema.h) and the admin
       audit log (newsroom/newsroom_schema.h). */
    {10, ARTICLES_NEWSROOM_SQL},
    {11, NEWSROOM_SCHEMA_SQL},
    /* Reporter lists of every byline (articles/articles_schema.h). */
    {12, ARTICLES_COBYLINE_SQL},
    /* The newsroom's desk queue in submission order (articles/desk_db.c). */
    {13, ARTICLES_DESK_SQL},
    /* Windowed limits shared by every server process: sign-ups, comment
       limits, guest-password guesses (accounts/throttle.c). */
    {14, ACCOUNTS_THROTTLE_EVENTS_SQL},
    /* The CDN purger's lease and cursor (app/purge.c): one row, written
       by the first purger that runs (an empty table keeps a new database
       empty for `sinmun copy`). */
    {15, "CREATE TABLE purge_state ("
         "  id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),"
         "  last_id INTEGER NOT NULL,"
         "  holder TEXT NOT NULL DEFAULT '',"
         "  lease_until INTEGER NOT NULL DEFAULT 0"
         ");"},
    /* comments_by_parent without the roots, so that no plan walks every
       article's roots for one article's threads (comments_schema.h). */
    {16, COMMENTS_PARENT_INDEX_SQL},
    /* The list indexes end in id on PostgreSQL, as SQLite's do by their
       rowid (articles/articles_schema.h). */
    {17, "SELECT 1", ARTICLES_LIST_ID_SQL_PG},
};

const StoreSchema g_schema = {aMigration,
                              sizeof(aMigration) / sizeof(aMigration[0])};
