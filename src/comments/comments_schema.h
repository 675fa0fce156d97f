/*
 * comments_schema.h — the comments feature's tables, as the literal
 * migration script that store/migrations.c applies (migration 4).
 */
#ifndef SINMUN_COMMENTS_COMMENTS_SCHEMA_H
#define SINMUN_COMMENTS_COMMENTS_SCHEMA_H

/* Migration 4: filled in by the comments feature. */
#define COMMENTS_SCHEMA_SQL "SELECT 1"

#endif
