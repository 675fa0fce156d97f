/*
 * xmalloc.h — allocation for long-lived objects that aborts on
 * out-of-memory instead of returning NULL.
 *
 * Request memory comes from the request's arena (arena.h), which aborts
 * the same way.  Long-lived objects (the site snapshot, the server, the
 * database pool, the template set) use these, so no caller has a NULL to
 * forget: a failed allocation at start-up or on a settings reload has no
 * sensible recovery, and silently dropping part of an object (a section
 * of the navigation, say) is worse than stopping (STYLE.md §4).
 */
#ifndef SINMUN_BASE_XMALLOC_H
#define SINMUN_BASE_XMALLOC_H

#include <stddef.h>

/* malloc('n'); never NULL (logs and aborts when memory is exhausted). */
void *xmalloc(size_t n);

/* calloc('nItem', 'nSize'), zeroed; never NULL; aborts on overflow too. */
void *xcalloc(size_t nItem, size_t nSize);

/* realloc('p', 'n'); never NULL.  'p' may be NULL. */
void *xrealloc(void *p, size_t n);

/* strdup('z'); never NULL.  'z' must not be NULL. */
char *xstrdup(const char *z);

#endif
