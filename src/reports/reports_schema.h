/*
 * reports_schema.h — the reports and moderation feature's tables, as the
 * literal migration script that store/migrations.c applies (migration 7).
 *
 * reports         one "유해게시물신고" per reporter and target: reporter is
 *                 "a:<account id>", or "n:<network>" for a guest (so one
 *                 network cannot pile up reports by clearing cookies).
 *                 status 'open' until a moderator acts on the target, then
 *                 'resolved' with the action that closed it.
 * takedowns       임시조치 (정보통신망법 제44조의2): one row per blinding
 *                 of a comment; state blinded → objected → restored or
 *                 removed, or decided at ends_at by `sinmun serve`.
 *                 started_by / decided_by are accounts.id, NULL for the
 *                 system (the report threshold, the expiry).
 * moderation_log  every state change of a comment or a report, never
 *                 deleted: who (actor_id NULL = system, actor_name as it
 *                 was then), when, what, from and to, and why.
 */
#ifndef SINMUN_REPORTS_REPORTS_SCHEMA_H
#define SINMUN_REPORTS_REPORTS_SCHEMA_H

/* Migration 7. */
#define REPORTS_SCHEMA_SQL                                                     \
    "CREATE TABLE reports ("                                                   \
    "  id INTEGER PRIMARY KEY,"                                                \
    "  target_kind TEXT NOT NULL CHECK (target_kind IN"                        \
    "    ('article', 'comment')),"                                             \
    "  target_id INTEGER NOT NULL,"                                            \
    "  reporter TEXT NOT NULL,"                                                \
    "  account_id INTEGER REFERENCES accounts(id),"                            \
    "  reason TEXT NOT NULL,"                                                  \
    "  description TEXT NOT NULL DEFAULT '',"                                  \
    "  contact TEXT NOT NULL DEFAULT '',"                                      \
    "  wants_answer INTEGER NOT NULL DEFAULT 0,"                               \
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN"                   \
    "    ('open', 'resolved')),"                                               \
    "  resolution TEXT NOT NULL DEFAULT '',"                                   \
    "  created_at INTEGER NOT NULL,"                                           \
    "  resolved_at INTEGER,"                                                   \
    "  resolved_by INTEGER REFERENCES accounts(id),"                           \
    "  UNIQUE (target_kind, target_id, reporter)"                              \
    ");"                                                                       \
    "CREATE INDEX reports_open ON reports(status, target_kind, target_id);"    \
    "CREATE TABLE takedowns ("                                                 \
    "  id INTEGER PRIMARY KEY,"                                                \
    "  comment_id INTEGER NOT NULL REFERENCES comments(id),"                   \
    "  state TEXT NOT NULL CHECK (state IN"                                    \
    "    ('blinded', 'objected', 'restored', 'removed')),"                     \
    "  reason TEXT NOT NULL,"                                                  \
    "  started_at INTEGER NOT NULL,"                                           \
    "  started_by INTEGER REFERENCES accounts(id),"                            \
    "  ends_at INTEGER NOT NULL,"                                              \
    "  objection TEXT NOT NULL DEFAULT '',"                                    \
    "  objected_at INTEGER,"                                                   \
    "  decided_at INTEGER,"                                                    \
    "  decided_by INTEGER REFERENCES accounts(id),"                            \
    "  decision TEXT NOT NULL DEFAULT ''"                                      \
    ");"                                                                       \
    "CREATE INDEX takedowns_by_comment ON takedowns(comment_id, id);"          \
    "CREATE INDEX takedowns_open ON takedowns(state, ends_at);"                \
    "CREATE TABLE moderation_log ("                                            \
    "  id INTEGER PRIMARY KEY,"                                                \
    "  target_kind TEXT NOT NULL,"                                             \
    "  target_id INTEGER NOT NULL,"                                            \
    "  action TEXT NOT NULL,"                                                  \
    "  from_state TEXT NOT NULL DEFAULT '',"                                   \
    "  to_state TEXT NOT NULL DEFAULT '',"                                     \
    "  actor_id INTEGER REFERENCES accounts(id),"                              \
    "  actor_name TEXT NOT NULL,"                                              \
    "  reason TEXT NOT NULL DEFAULT '',"                                       \
    "  at INTEGER NOT NULL"                                                    \
    ");"                                                                       \
    "CREATE INDEX moderation_log_by_target"                                    \
    "  ON moderation_log(target_kind, target_id, id);"

#endif
