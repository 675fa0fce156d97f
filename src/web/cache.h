/*
 * cache.h — the page cache: anonymous GET/HEAD responses kept in memory.
 *
 * An entry holds the page bytes, a gzip copy (made once, when stored), a
 * strong ETag and Last-Modified, and the cache tags its handler declared
 * ("article:42", "section:industry", "front").  cache_invalidate(tag)
 * drops every page that depended on the tag.  To be correct when a write
 * lands while a page renders, the caller takes cache_epoch() before
 * rendering and passes it to cache_put(): an entry whose tags were bumped
 * after that epoch is never stored.  The total size is bounded; least
 * recently used entries are evicted.
 *
 * Entries are reference-counted so the server can send their bytes without
 * copying while another thread evicts them.
 *
 * Owner: main.c opens one PageCache and closes it after the server stops.
 * Every function is thread-safe.
 */
#ifndef SINMUN_WEB_CACHE_H
#define SINMUN_WEB_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/timeutil.h"

typedef struct PageCache PageCache;

/* One cached response; read-only once stored. */
typedef struct CacheEntry {
    char *zKey;          /* "GET /article/1?x=y" style key (method-free) */
    int status;          /* HTTP status, 200 normally */
    char *zContentType;  /* "text/html; charset=utf-8" */
    char *zBody;         /* identity bytes */
    size_t nBody;        /* their length */
    char *zGzip;         /* gzip bytes, NULL when gzip would not be smaller */
    size_t nGzip;        /* their length */
    char zEtag[24];      /* "\"" + 16 hex + "\"" */
    UnixTime tModified;  /* Last-Modified */
    char *zTags;         /* tags joined by spaces, for Surrogate-Key */
    char **azTag;        /* the tags */
    int nTag;            /* how many */
    char *zExtraHeaders; /* "Name: value\n…" the handler added, or NULL */
    void *pPrepared;     /* what CacheHooks.fnPrepare made, or NULL */
    /* The members below belong to cache.c. */
    void (*fnRelease)(void *pPrepared); /* frees pPrepared; NULL: nothing */
    int nRef;       /* references: the table's plus each sender's */
    uint64_t epoch; /* epoch at which it was rendered */
    size_t nSize;   /* bytes counted against the bound */
    struct CacheEntry *pHashNext, *pLruPrev, *pLruNext; /* links */
} CacheEntry;

/* A new cache holding at most 'nMaxBytes' (0 stores nothing). */
PageCache *cache_open(size_t nMaxBytes);

/*
 * What the cache's user attaches to each entry: the server builds a
 * page's whole answers (headers and all) once, when it is stored, instead
 * of on every hit.  Nothing here knows what they are.
 */
typedef struct CacheHooks {
    /* Build the attachment for 'e' (whose members are all set); called
       by cache_put() before any other thread can see 'e'.  Add the bytes
       it holds to '*pnBytes' (OUT), counted against the bound.  May
       return NULL (nothing attached). */
    void *(*fnPrepare)(const CacheEntry *e, void *pArg, size_t *pnBytes);
    /* Free what fnPrepare returned, when the entry's last reference is
       dropped (by cache_put(), cache_release(), eviction or close).
       Must not call back into the cache. */
    void (*fnRelease)(void *pPrepared);
    void *pArg; /* passed to fnPrepare */
} CacheHooks;

/*
 * Use 'pHooks' (copied; NULL for none) for entries stored from now on;
 * entries already stored keep what they have.  Call before the threads
 * that store pages start, or after they stopped.
 */
void cache_set_hooks(PageCache *c, const CacheHooks *pHooks);

/* Free 'c' and every entry no sender still holds. */
void cache_close(PageCache *c);

/* The current epoch; take it before rendering a page that may be stored. */
uint64_t cache_epoch(PageCache *c);

/*
 * Find the entry for key 'zKey' and take a reference to it (release with
 * cache_release()).  NULL on a miss.
 */
CacheEntry *cache_get(PageCache *c, const char *zKey);

/* Drop a reference taken by cache_get() or cache_put(). */
void cache_release(PageCache *c, CacheEntry *e);

/*
 * Store a response under 'zKey': 'status', 'zContentType', body 'p' of
 * 'n' bytes, last-modified 'tModified', 'nTag' tags 'azTag', extra header
 * lines 'zExtraHeaders' (may be NULL).  Everything is copied.  'epoch' is
 * what cache_epoch() returned before rendering.  Return the new entry with
 * one reference for the caller (so it can be sent), or NULL when it was
 * not stored (too big, stale, cache off) — the caller then sends its own
 * bytes.
 */
CacheEntry *cache_put(PageCache *c, const char *zKey, uint64_t epoch,
                      int status, const char *zContentType, const char *p,
                      size_t n, UnixTime tModified, const char *const *azTag,
                      int nTag, const char *zExtraHeaders);

/* Drop every entry tagged 'zTag'; pages rendered before now are stale. */
void cache_invalidate(PageCache *c, const char *zTag);

/* Drop everything. */
void cache_clear(PageCache *c);

/* Counters for metrics and tests. */
typedef struct CacheStats {
    uint64_t nHit;   /* cache_get found an entry */
    uint64_t nMiss;  /* cache_get found nothing */
    uint64_t nStore; /* entries stored */
    uint64_t nEvict; /* entries evicted for space */
    uint64_t nDrop;  /* entries dropped by invalidation */
    size_t nBytes;   /* bytes held */
    size_t nEntries; /* entries held */
} CacheStats;
void cache_stats(PageCache *c, CacheStats *pOut);

/*
 * Compute a strong ETag for 'n' bytes of 'p' into 'zOut' (24 bytes,
 * including the quotes).
 */
void cache_etag(const char *p, size_t n, char zOut[24]);

#endif
