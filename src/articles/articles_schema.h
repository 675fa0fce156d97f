/*
 * articles_schema.h — later changes to the articles tables (the first
 * ones are migration 1, src/schema.c).
 *
 * Migration 10, the newsroom:
 *   articles        + summary (요약/lead for lists and share cards),
 *                   version (1, 2, …: bumped by every save; a save names
 *                   the version it started from, so two people cannot
 *                   overwrite each other), scheduled_at (예약: when a
 *                   scheduled article goes live, UTC), created_by /
 *                   updated_by / submitted_by (accounts.id; NULL for the
 *                   demo and imports), submitted_at (entered 데스크 대기),
 *                   desk_note (the editor's note when sent back),
 *                   retracted_at, corrected_at (newest correction, for
 *                   lists), source_url (an imported article's original
 *                   address: one row per address, so import is
 *                   idempotent).  author_id stays the first byline.
 *   article_authors the bylines, in order (position 0 = author_id).
 *   article_keywords tags, in order.
 *   article_revisions every save (and restore, import, status change) as
 *                   a whole copy of what an editor edits: nothing is
 *                   deleted by editing.  version matches articles.version
 *                   after that save; note says what changed.
 *   article_autosaves the editor's autosave per article and account: kept
 *                   apart from revisions, with the version it started
 *                   from, so an autosave never overwrites anyone's save.
 *   article_corrections 정정·반론보도·추후보도 notices, dated, shown on top
 *                   of the article and in its JSON-LD.
 *   front_slots     메인 편집: articles an editor pinned to the front page's
 *                   headline ('headline', position 0) and 주요 기사 ('top',
 *                   positions 0…).
 *   front_sections  the order of the section blocks on the front page.
 *
 * Migration 12: a partial index of the later bylines (position > 0), so
 * a reporter's list (any byline) merges articles_by_author with a walk
 * of only their co-bylines instead of every row they ever signed.
 *
 * Migration 17 (PostgreSQL): the list indexes end in id (below).
 */
#ifndef SINMUN_ARTICLES_ARTICLES_SCHEMA_H
#define SINMUN_ARTICLES_ARTICLES_SCHEMA_H

/* Migration 10. */
#define ARTICLES_NEWSROOM_SQL                                                  \
    "ALTER TABLE articles ADD COLUMN summary TEXT NOT NULL DEFAULT '';"        \
    "ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"      \
    "ALTER TABLE articles ADD COLUMN scheduled_at INTEGER;"                    \
    "ALTER TABLE articles ADD COLUMN created_by INTEGER"                       \
    "  REFERENCES accounts(id);"                                               \
    "ALTER TABLE articles ADD COLUMN updated_by INTEGER"                       \
    "  REFERENCES accounts(id);"                                               \
    "ALTER TABLE articles ADD COLUMN submitted_at INTEGER;"                    \
    "ALTER TABLE articles ADD COLUMN submitted_by INTEGER"                     \
    "  REFERENCES accounts(id);"                                               \
    "ALTER TABLE articles ADD COLUMN desk_note TEXT NOT NULL DEFAULT '';"      \
    "ALTER TABLE articles ADD COLUMN retracted_at INTEGER;"                    \
    "ALTER TABLE articles ADD COLUMN corrected_at INTEGER;"                    \
    "ALTER TABLE articles ADD COLUMN source_url TEXT;"                         \
    "CREATE UNIQUE INDEX articles_by_source ON articles(source_url)"           \
    "  WHERE source_url IS NOT NULL;"                                          \
    "CREATE INDEX articles_by_schedule ON articles(status, scheduled_at);"     \
    "CREATE INDEX articles_by_update ON articles(status, updated_at);"         \
    "CREATE INDEX articles_by_correction ON articles(corrected_at)"            \
    "  WHERE corrected_at IS NOT NULL;"                                        \
    "CREATE TABLE article_authors ("                                           \
    "  article_id INTEGER NOT NULL REFERENCES articles(id),"                   \
    "  person_id INTEGER NOT NULL REFERENCES people(id),"                      \
    "  position INTEGER NOT NULL,"                                             \
    "  PRIMARY KEY (article_id, person_id)"                                    \
    ");"                                                                       \
    "CREATE INDEX article_authors_by_person"                                   \
    "  ON article_authors(person_id, article_id);"                             \
    "INSERT INTO article_authors(article_id, person_id, position)"             \
    "  SELECT id, author_id, 0 FROM articles;"                                 \
    "CREATE TABLE article_keywords ("                                          \
    "  article_id INTEGER NOT NULL REFERENCES articles(id),"                   \
    "  keyword TEXT NOT NULL,"                                                 \
    "  position INTEGER NOT NULL,"                                             \
    "  PRIMARY KEY (article_id, keyword)"                                      \
    ");"                                                                       \
    "CREATE INDEX article_keywords_by_keyword"                                 \
    "  ON article_keywords(keyword, article_id);"                              \
    "CREATE TABLE article_revisions ("                                         \
    "  id INTEGER PRIMARY KEY,"                                                \
    "  article_id INTEGER NOT NULL REFERENCES articles(id),"                   \
    "  version INTEGER NOT NULL,"                                              \
    "  account_id INTEGER REFERENCES accounts(id),"                            \
    "  created_at INTEGER NOT NULL,"                                           \
    "  kind TEXT NOT NULL CHECK (kind IN"                                      \
    "    ('save', 'restore', 'status', 'import')),"                            \
    "  note TEXT NOT NULL DEFAULT '',"                                         \
    "  status TEXT NOT NULL,"                                                  \
    "  section_id INTEGER NOT NULL,"                                           \
    "  title TEXT NOT NULL,"                                                   \
    "  subtitle TEXT NOT NULL,"                                                \
    "  dateline TEXT NOT NULL,"                                                \
    "  summary TEXT NOT NULL,"                                                 \
    "  body_md TEXT NOT NULL,"                                                 \
    "  authors TEXT NOT NULL,"                                                 \
    "  keywords TEXT NOT NULL,"                                                \
    "  UNIQUE (article_id, version)"                                           \
    ");"                                                                       \
    "CREATE TABLE article_autosaves ("                                         \
    "  article_id INTEGER NOT NULL REFERENCES articles(id),"                   \
    "  account_id INTEGER NOT NULL REFERENCES accounts(id),"                   \
    "  base_version INTEGER NOT NULL,"                                         \
    "  saved_at INTEGER NOT NULL,"                                             \
    "  section_id INTEGER NOT NULL,"                                           \
    "  title TEXT NOT NULL,"                                                   \
    "  subtitle TEXT NOT NULL,"                                                \
    "  dateline TEXT NOT NULL,"                                                \
    "  summary TEXT NOT NULL,"                                                 \
    "  body_md TEXT NOT NULL,"                                                 \
    "  authors TEXT NOT NULL,"                                                 \
    "  keywords TEXT NOT NULL,"                                                \
    "  PRIMARY KEY (article_id, account_id)"                                   \
    ");"                                                                       \
    "CREATE TABLE article_corrections ("                                       \
    "  id INTEGER PRIMARY KEY,"                                                \
    "  article_id INTEGER NOT NULL REFERENCES articles(id),"                   \
    "  kind TEXT NOT NULL CHECK (kind IN"                                      \
    "    ('correction', 'rebuttal', 'followup')),"                             \
    "  text TEXT NOT NULL,"                                                    \
    "  created_at INTEGER NOT NULL,"                                           \
    "  created_by INTEGER REFERENCES accounts(id)"                             \
    ");"                                                                       \
    "CREATE INDEX article_corrections_by_article"                              \
    "  ON article_corrections(article_id, created_at);"                        \
    "CREATE TABLE front_slots ("                                               \
    "  slot TEXT NOT NULL CHECK (slot IN ('headline', 'top')),"                \
    "  position INTEGER NOT NULL,"                                             \
    "  article_id INTEGER NOT NULL REFERENCES articles(id),"                   \
    "  PRIMARY KEY (slot, position)"                                           \
    ");"                                                                       \
    "CREATE TABLE front_sections ("                                            \
    "  section_id INTEGER PRIMARY KEY REFERENCES sections(id),"                \
    "  position INTEGER NOT NULL"                                              \
    ");"

/*
 * Migration 13: the desk queue's order, oldest submission first (an
 * article put in review without a submission time, by an import, sorts
 * by its last save), so the newsroom's list seeks instead of sorting.
 */
#define ARTICLES_DESK_SQL                                                      \
    "CREATE INDEX articles_by_submission"                                      \
    "  ON articles(status, coalesce(submitted_at, updated_at));"

/* Migration 12. */
#define ARTICLES_COBYLINE_SQL                                                  \
    "CREATE INDEX article_authors_cobyline"                                    \
    "  ON article_authors(person_id, article_id) WHERE position > 0;"

/*
 * Migration 17, PostgreSQL only: the list indexes end in id.  Every list
 * is ordered by (published_at, id) and paged by that pair
 * (web/keyset.h); without id in the index PostgreSQL sorted each page's
 * rows again by id (an Incremental Sort over the index walk) and visited
 * the table for every key of the "is there a page before" walk of a
 * deep page.  SQLite's indexes end in the rowid, which is id, already:
 * there the migration does nothing.  Measured on bench/pg.sh's 1M
 * section (wrk -c1 median, one server, before → after, with the
 * table vacuumed as autovacuum does): page 1 538–629 → 408 µs, the
 * page 4,000 back 685–722 → 603–616 µs.  The indexes are built again at
 * start: articles are locked against writes meanwhile, about two seconds
 * an index at 1M articles.
 */
#define ARTICLES_LIST_ID_SQL_PG                                                \
    "DROP INDEX articles_by_status;"                                           \
    "CREATE INDEX articles_by_status ON articles(status, published_at, id);"   \
    "DROP INDEX articles_by_section;"                                          \
    "CREATE INDEX articles_by_section"                                         \
    "  ON articles(section_id, status, published_at, id);"                     \
    "DROP INDEX articles_by_author;"                                           \
    "CREATE INDEX articles_by_author"                                          \
    "  ON articles(author_id, status, published_at, id);"

#endif
