/*
 * site_db.h — the site feature's queries (sections); only
 * site/ and the demo loader call these.
 */
#ifndef SINMUN_SITE_SITE_DB_H
#define SINMUN_SITE_SITE_DB_H

#include <stdint.h>

#include "site/site.h"

/*
 * Load every section in navigation order, calling 'fn(pArg, id, slug,
 * name)' (strings in 'a').  Return OK or ERR_*.
 */
int site_db_sections(StoreConn *c, Arena *a,
                     void (*fn)(void *, int64_t, const char *, const char *),
                     void *pArg) WARN_UNUSED;

#endif
