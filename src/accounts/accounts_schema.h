/*
 * accounts_schema.h — later changes to the accounts tables (the first ones
 * are in migration 3, src/schema.c).
 *
 * Migration 8: an account keeps its own shown name.  Before, every account
 * (readers too) had a row in people, the reporters' table of articles/,
 * which accounts/ had to insert: a layer reaching up into a feature's
 * table.  Now accounts.name holds the name, and the link runs the other
 * way: people.account_id says which account a reporter signs in with
 * (NULL for a byline without one), owned by articles/.  SQLite cannot
 * drop a column that is UNIQUE and a foreign key, so accounts is rebuilt
 * (with foreign keys off for the migration: see store/migrations.c).
 */
#ifndef SINMUN_ACCOUNTS_ACCOUNTS_SCHEMA_H
#define SINMUN_ACCOUNTS_ACCOUNTS_SCHEMA_H

/* Migration 8. */
#define ACCOUNTS_NAME_SQL                                                      \
    "CREATE TABLE accounts_v8 ("                                               \
    "  id INTEGER PRIMARY KEY,"                                                \
    "  login TEXT NOT NULL UNIQUE,"                                            \
    "  name TEXT NOT NULL,"                                                    \
    "  password_hash TEXT NOT NULL,"                                           \
    "  roles INTEGER NOT NULL DEFAULT 1,"                                      \
    "  created_at INTEGER NOT NULL,"                                           \
    "  disabled_at INTEGER"                                                    \
    ");"                                                                       \
    "INSERT INTO accounts_v8(id, login, name, password_hash, roles,"           \
    "  created_at, disabled_at)"                                               \
    "  SELECT a.id, a.login, coalesce(p.name, a.login), a.password_hash,"      \
    "  a.roles, a.created_at, a.disabled_at"                                   \
    "  FROM accounts a LEFT JOIN people p ON p.id = a.person_id;"              \
    "ALTER TABLE people ADD COLUMN account_id INTEGER"                         \
    "  REFERENCES accounts(id);"                                               \
    "UPDATE people SET account_id ="                                           \
    "  (SELECT a.id FROM accounts a WHERE a.person_id = people.id);"           \
    "DROP TABLE accounts;"                                                     \
    "ALTER TABLE accounts_v8 RENAME TO accounts;"                              \
    "CREATE UNIQUE INDEX people_by_account ON people(account_id)"              \
    "  WHERE account_id IS NOT NULL;"

#endif
