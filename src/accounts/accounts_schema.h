/*
 * accounts_schema.h — later changes to the accounts tables (the first ones
 * are in migration 3, src/schema.c): migrations 8, 9 and 14.
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

/*
 * Migration 9: the throttles (accounts/throttle.c).
 *
 * signin_attempts  one row per password check, written before the check
 *                  (state 'pending') so parallel tries count at once, and
 *                  marked 'failed' when the password was wrong; a
 *                  successful sign-in deletes its (login, network) rows.
 *                  login is the normalised login as typed (known or not),
 *                  network the client's /24 or /48.  at_ms: milliseconds
 *                  since the epoch (the slow-down works in seconds, so a
 *                  whole-second clock would blur it).
 * signup_attempts  one row per sign-up let through, per network: the
 *                  sign-up limit holds across server processes.
 *
 * Replaces signin_failures (one row per failure and key), whose count
 * was read before the password check and written after it, so parallel
 * guesses all passed the check.
 */
#define ACCOUNTS_THROTTLE_SQL                                                  \
    "DROP TABLE signin_failures;"                                              \
    "CREATE TABLE signin_attempts ("                                           \
    "  id INTEGER PRIMARY KEY,"                                                \
    "  login TEXT NOT NULL,"                                                   \
    "  network TEXT NOT NULL,"                                                 \
    "  state TEXT NOT NULL CHECK (state IN ('pending', 'failed')),"            \
    "  at_ms INTEGER NOT NULL"                                                 \
    ");"                                                                       \
    "CREATE INDEX signin_attempts_by_login ON signin_attempts(login, at_ms);"  \
    "CREATE INDEX signin_attempts_by_network"                                  \
    "  ON signin_attempts(network, at_ms);"                                    \
    "CREATE TABLE signup_attempts ("                                           \
    "  network TEXT NOT NULL,"                                                 \
    "  at INTEGER NOT NULL"                                                    \
    ");"                                                                       \
    "CREATE INDEX signup_attempts_by_network ON signup_attempts(network, at);"

/*
 * Migration 14: one table for every windowed limit shared by the server
 * processes (accounts/throttle.c, throttle_take()): a network's sign-ups,
 * the comment limits per writer and per network, guesses of guest
 * comment passwords.  One row per event let through: key names the
 * limit and who ("signup:203.0.113.0/24", "comment:a:12"), at_ms when
 * (milliseconds since the epoch), until_ms when it leaves its window, so
 * a count needs no window length and pruning is one range.  The sign-ups
 * of signup_attempts move in (their window was an hour).
 */
#define ACCOUNTS_THROTTLE_EVENTS_SQL                                           \
    "CREATE TABLE throttle_events ("                                           \
    "  key TEXT NOT NULL,"                                                     \
    "  at_ms INTEGER NOT NULL,"                                                \
    "  until_ms INTEGER NOT NULL"                                              \
    ");"                                                                       \
    "CREATE INDEX throttle_events_by_key ON throttle_events(key, until_ms);"   \
    "CREATE INDEX throttle_events_by_until ON throttle_events(until_ms);"      \
    "INSERT INTO throttle_events(key, at_ms, until_ms)"                        \
    "  SELECT 'signup:' || network, at * 1000, (at + 3600) * 1000"             \
    "  FROM signup_attempts;"                                                  \
    "DROP TABLE signup_attempts;"

/* Migration 8 on PostgreSQL, which alters tables in place. */
#define ACCOUNTS_NAME_SQL_PG                                                   \
    "ALTER TABLE accounts ADD COLUMN name TEXT NOT NULL DEFAULT '';"           \
    "UPDATE accounts SET name = coalesce((SELECT p.name FROM people p"         \
    "  WHERE p.id = accounts.person_id), login);"                              \
    "ALTER TABLE accounts ALTER COLUMN name DROP DEFAULT;"                     \
    "ALTER TABLE people ADD COLUMN account_id BIGINT"                          \
    "  REFERENCES accounts(id);"                                               \
    "UPDATE people SET account_id ="                                           \
    "  (SELECT a.id FROM accounts a WHERE a.person_id = people.id);"           \
    "ALTER TABLE accounts DROP COLUMN person_id;"                              \
    "CREATE UNIQUE INDEX people_by_account ON people(account_id)"              \
    "  WHERE account_id IS NOT NULL;"

#endif
