/*
 * reports_schema.h — the reports/moderation feature's tables, as the
 * literal migration script that store/migrations.c applies (migration 7).
 */
#ifndef SINMUN_REPORTS_REPORTS_SCHEMA_H
#define SINMUN_REPORTS_REPORTS_SCHEMA_H

/* Migration 7: filled in by the reports feature. */
#define REPORTS_SCHEMA_SQL "SELECT 1"

#endif
