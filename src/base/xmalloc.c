/*
 * xmalloc.c — abort-on-OOM allocation for long-lived objects; see
 * xmalloc.h.
 */
#include "base/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Say what could not be had, then stop: there is no partial answer. */
static void xmalloc_fail(size_t n)
{
    fprintf(stderr, "sinmun: out of memory (%zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        xmalloc_fail(n);
    }
    return p;
}

void *xcalloc(size_t nItem, size_t nSize)
{
    void *p = calloc(nItem ? nItem : 1, nSize ? nSize : 1);
    if (p == NULL) {
        xmalloc_fail(nItem * nSize);
    }
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *pNew = realloc(p, n ? n : 1);
    if (pNew == NULL) {
        xmalloc_fail(n);
    }
    return pNew;
}

char *xstrdup(const char *z)
{
    size_t n = strlen(z) + 1;
    char *zCopy = xmalloc(n);
    memcpy(zCopy, z, n);
    return zCopy;
}
