/*
 * schema.h — the database schema every command opens the store with
 * (schema.c): the numbered migrations of every feature, in order.
 */
#ifndef SINMUN_SCHEMA_H
#define SINMUN_SCHEMA_H

#include "store/store.h"

/* Every migration this program knows. */
extern const StoreSchema g_schema;

#endif
