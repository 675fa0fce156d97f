/*
 * newsroom_schema.h — the newsroom's own table (migration 11).
 *
 * audit_log  every change an admin makes under /newsroom/admin (people,
 *            sections, site settings, account links): who (accounts.id),
 *            when, what ("person.update"), which ("person:12") and a
 *            line saying what changed.  Never updated or deleted.
 */
#ifndef SINMUN_NEWSROOM_NEWSROOM_SCHEMA_H
#define SINMUN_NEWSROOM_NEWSROOM_SCHEMA_H

/* Migration 11. */
#define NEWSROOM_SCHEMA_SQL                                                    \
    "CREATE TABLE audit_log ("                                                 \
    "  id INTEGER PRIMARY KEY,"                                                \
    "  account_id INTEGER REFERENCES accounts(id),"                            \
    "  at INTEGER NOT NULL,"                                                   \
    "  action TEXT NOT NULL,"                                                  \
    "  target TEXT NOT NULL,"                                                  \
    "  detail TEXT NOT NULL DEFAULT ''"                                        \
    ");"                                                                       \
    "CREATE INDEX audit_log_by_time ON audit_log(at);"

#endif
