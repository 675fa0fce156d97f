/*
 * cache.c — the page cache for anonymous GET/HEAD responses; see cache.h.
 *
 * The router looks a request up here before any handler runs; a handler's
 * cacheable response is stored here by the response layer, and a write
 * (comment, publish) ends by calling cache_invalidate() for every tag it
 * touched.  Nothing here knows about HTTP beyond the bytes it keeps.
 *
 * One mutex guards everything: a keyed hash table (SipHash, so that URLs
 * chosen by a client cannot pile into one chain), a least-recently-used
 * list and a map from tag to the epoch of its last invalidation.  The
 * expensive work of cache_put() (copying, gzip, the ETag) runs before the
 * lock is taken, so the lock is only ever held for pointer updates, a scan
 * of the entries by cache_invalidate(), and free() calls are made after it
 * is released.
 *
 * Epochs.  A global counter goes up by one on every cache_invalidate() and
 * cache_clear().  Invalidating tag T records "renders that began before
 * this epoch are stale for T".  A render takes cache_epoch() before it
 * reads the store; cache_put() refuses it when one of its tags has been
 * invalidated since, because the page may show what the write replaced.
 * cache_clear() raises a floor that makes every earlier render stale,
 * which also lets the tag map be emptied when it grows too large.
 *
 * Entries are reference-counted with atomic operations: the table holds
 * one reference and every sender one more.  An entry removed from the
 * table (evicted, invalidated, replaced) is freed by whoever drops the
 * last reference, so a sender may keep sending bytes that are no longer
 * in the cache.  Bytes held only by senders are not counted against the
 * bound.
 */
#include "web/cache.h"

#include <assert.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include <zlib.h>

#include "base/log.h"

/* Slots in a new entry table (it doubles as it fills); a power of two. */
#define CACHE_SLOTS_MIN 256u
/* Slots in the tag map, which never grows; a power of two. */
#define CACHE_TAG_SLOTS 4096u
/* Distinct invalidated tags remembered before the map is reset. */
#define CACHE_TAG_MAX 16384u
/* zlib compression level for the stored gzip copy. */
#define CACHE_GZIP_LEVEL 6
/* windowBits for deflateInit2: 32 KiB window plus 16 for a gzip wrapper. */
#define CACHE_GZIP_WINDOW (15 + 16)
/* Hex digits of the 64-bit XXH3 hash shown in an ETag. */
#define CACHE_ETAG_DIGITS 16u

/* When one tag was last invalidated. */
typedef struct CacheTag {
    char *zTag;             /* the tag, malloc'd */
    uint64_t epochStale;    /* renders with epoch below this are stale */
    struct CacheTag *pNext; /* next in the same hash slot */
} CacheTag;

struct PageCache {
    pthread_mutex_t mutex; /* guards every member below */
    size_t nMaxBytes;      /* the bound; 0 turns the cache off */
    unsigned char aHashKey[crypto_shorthash_KEYBYTES]; /* random SipHash key */
    CacheEntry **apSlot;   /* hash table of entries, chained by pHashNext */
    size_t nSlot;          /* slots in apSlot, a power of two */
    CacheEntry *pLruFirst; /* most recently used entry */
    CacheEntry *pLruLast;  /* least recently used entry, evicted first */
    CacheTag **apTagSlot;  /* hash table of invalidated tags */
    size_t nTagSlot;       /* slots in apTagSlot, a power of two */
    size_t nTagEntries;    /* tags in apTagSlot */
    uint64_t epoch;        /* bumped by each invalidate and clear */
    uint64_t epochFloor;   /* renders with epoch below this are stale */
    CacheStats stats;      /* counters; nBytes and nEntries are live */
    CacheHooks hooks;      /* what entries get attached; set before use */
};

/* ------------------------------------------------------------------ */
/* libsodium set-up and hashing                                        */
/* ------------------------------------------------------------------ */

static pthread_once_t g_sodiumOnce = PTHREAD_ONCE_INIT;

static void cache_sodium_init_once(void)
{
    if (sodium_init() < 0) {
        /* Hashing still works; only the random SipHash key is weaker. */
        log_error("cache: sodium_init failed");
    }
}

/* Call sodium_init() exactly once, whoever gets here first. */
static void cache_sodium_init(void)
{
    pthread_once(&g_sodiumOnce, cache_sodium_init_once);
}

/* Keyed 64-bit hash of the NUL-terminated 'z' for table slots. */
static uint64_t cache_hash(const PageCache *c, const char *z)
{
    unsigned char aOut[crypto_shorthash_BYTES];
    uint64_t h;
    crypto_shorthash(aOut, (const unsigned char *)z, strlen(z), c->aHashKey);
    memcpy(&h, aOut, sizeof(h));
    return h;
}

/*
 * Write the strong ETag of 'n' bytes at 'p' into 'zOut': a double quote,
 * the 16 lower-case hex digits of the bytes' 64-bit XXH3 hash (xxHash
 * 0.8, whose output is fixed across versions and machines), a double
 * quote and a NUL: 19 of the 24 bytes.  Equal bytes give equal ETags in
 * every process, so nodes behind a CDN agree.  An ETag needs no
 * cryptographic strength, only that a changed page changes it; XXH3 runs
 * at memory speed, where BLAKE2b took about 17% of an uncached article
 * page (docs/architecture.md).  Allocates nothing.
 */
void cache_etag(const char *p, size_t n, char zOut[24])
{
    static const char aHex[] = "0123456789abcdef";
    uint64_t h = XXH3_64bits(p, n);
    zOut[0] = '"';
    for (unsigned i = 0; i < CACHE_ETAG_DIGITS; i++) {
        zOut[1 + i] = aHex[(h >> (4 * (CACHE_ETAG_DIGITS - 1 - i))) & 15];
    }
    zOut[1 + CACHE_ETAG_DIGITS] = '"';
    zOut[2 + CACHE_ETAG_DIGITS] = 0;
}

/*
 * Gzip 'n' bytes at 'p' into a malloc'd buffer and set '*pnOut' (OUT).
 * Return NULL when the result would not be smaller than 'n', when the
 * body is too large for one zlib call, or when zlib fails.
 */
static char *cache_gzip(const char *p, size_t n, size_t *pnOut)
{
    if (n < 2 || n - 1 > UINT_MAX) {
        return NULL;
    }
    /* Room for n - 1 bytes: anything that does not fit is not smaller. */
    char *pOut = malloc(n - 1);
    if (pOut == NULL) {
        return NULL;
    }
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (deflateInit2(&z, CACHE_GZIP_LEVEL, Z_DEFLATED, CACHE_GZIP_WINDOW, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        free(pOut);
        return NULL;
    }
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)pOut;
    z.avail_out = (uInt)(n - 1);
    int rc = deflate(&z, Z_FINISH);
    size_t nOut = (size_t)z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(pOut);
        return NULL;
    }
    char *pShrunk = realloc(pOut, nOut);
    if (pShrunk != NULL) {
        pOut = pShrunk;
    }
    *pnOut = nOut;
    return pOut;
}

/* ------------------------------------------------------------------ */
/* Entries                                                             */
/* ------------------------------------------------------------------ */

/* Free 'e', its bytes and its attachment; its last reference is gone. */
static void cache_entry_free(CacheEntry *e)
{
    if (e->pPrepared != NULL && e->fnRelease != NULL) {
        e->fnRelease(e->pPrepared);
    }
    free(e->zGzip);
    free(e);
}

/* Free every entry on the list 'p' linked through pLruNext. */
static void cache_free_list(CacheEntry *p)
{
    while (p != NULL) {
        CacheEntry *pNext = p->pLruNext;
        cache_entry_free(p);
        p = pNext;
    }
}

/* Copy 'n' bytes of 'p' to '*ppDst', NUL-terminate, advance '*ppDst'. */
static char *cache_copy(char **ppDst, const char *p, size_t n)
{
    char *z = *ppDst;
    if (n > 0) {
        memcpy(z, p, n);
    }
    z[n] = 0;
    *ppDst = z + n + 1;
    return z;
}

/*
 * Build an unlinked entry holding copies of everything cache_put() was
 * given, its gzip copy and its ETag, in one malloc'd block (plus one for
 * the gzip bytes).  nRef is 0.  NULL when memory runs out.
 */
static CacheEntry *cache_entry_new(const char *zKey, uint64_t epoch, int status,
                                   const char *zContentType, const char *p,
                                   size_t n, UnixTime tModified,
                                   const char *const *azTag, int nTag,
                                   const char *zExtraHeaders)
{
    size_t nKey = strlen(zKey);
    size_t nType = strlen(zContentType);
    size_t nExtra = zExtraHeaders ? strlen(zExtraHeaders) : 0;
    size_t nTagBytes = 0;
    for (int i = 0; i < nTag; i++) {
        nTagBytes += strlen(azTag[i]) + 1;
    }
    /* Tags are stored twice: one string each, and joined by spaces. */
    size_t nBlock = sizeof(CacheEntry) + (size_t)nTag * sizeof(char *) + nKey +
                    1 + nType + 1 + n + 1 + 2 * nTagBytes + 1 +
                    (zExtraHeaders ? nExtra + 1 : 0);
    CacheEntry *e = malloc(nBlock);
    if (e == NULL) {
        return NULL;
    }
    memset(e, 0, sizeof(*e));
    char *pNext = (char *)(e + 1);
    e->azTag = nTag > 0 ? (char **)pNext : NULL;
    pNext += (size_t)nTag * sizeof(char *);
    e->zKey = cache_copy(&pNext, zKey, nKey);
    e->status = status;
    e->zContentType = cache_copy(&pNext, zContentType, nType);
    e->zBody = cache_copy(&pNext, p, n);
    e->nBody = n;
    e->zTags = pNext;
    for (int i = 0; i < nTag; i++) {
        size_t nOne = strlen(azTag[i]);
        memcpy(pNext, azTag[i], nOne);
        pNext += nOne;
        if (i + 1 < nTag) {
            *pNext++ = ' ';
        }
    }
    *pNext++ = 0;
    for (int i = 0; i < nTag; i++) {
        e->azTag[i] = cache_copy(&pNext, azTag[i], strlen(azTag[i]));
    }
    e->nTag = nTag;
    if (zExtraHeaders != NULL) {
        e->zExtraHeaders = cache_copy(&pNext, zExtraHeaders, nExtra);
    }
    e->tModified = tModified;
    e->epoch = epoch;
    e->zGzip = cache_gzip(p, n, &e->nGzip);
    if (e->zGzip == NULL) {
        e->nGzip = 0;
    }
    cache_etag(p, n, e->zEtag);
    e->nSize = nBlock + e->nGzip;
    return e;
}

/* True when 'e' carries the tag 'zTag'. */
static bool cache_entry_has_tag(const CacheEntry *e, const char *zTag)
{
    for (int i = 0; i < e->nTag; i++) {
        if (strcmp(e->azTag[i], zTag) == 0) {
            return true;
        }
    }
    return false;
}

/* Take one more reference to 'e'. */
static void cache_entry_ref(CacheEntry *e)
{
    __atomic_fetch_add(&e->nRef, 1, __ATOMIC_RELAXED);
}

/* Drop one reference to 'e'; true when it was the last. */
static bool cache_entry_unref(CacheEntry *e)
{
    int nLeft = __atomic_sub_fetch(&e->nRef, 1, __ATOMIC_ACQ_REL);
    assert(nLeft >= 0);
    return nLeft == 0;
}

/* ------------------------------------------------------------------ */
/* Table and LRU list (caller holds the mutex)                         */
/* ------------------------------------------------------------------ */

/* The slot of 'c' where key 'zKey' lives. */
static CacheEntry **cache_slot(PageCache *c, const char *zKey)
{
    return &c->apSlot[cache_hash(c, zKey) & (c->nSlot - 1)];
}

/* The entry stored under 'zKey', or NULL. */
static CacheEntry *cache_find(PageCache *c, const char *zKey)
{
    for (CacheEntry *e = *cache_slot(c, zKey); e != NULL; e = e->pHashNext) {
        if (strcmp(e->zKey, zKey) == 0) {
            return e;
        }
    }
    return NULL;
}

/* Put 'e' first (most recent) on the LRU list. */
static void cache_lru_push(PageCache *c, CacheEntry *e)
{
    e->pLruPrev = NULL;
    e->pLruNext = c->pLruFirst;
    if (c->pLruFirst != NULL) {
        c->pLruFirst->pLruPrev = e;
    } else {
        c->pLruLast = e;
    }
    c->pLruFirst = e;
}

/* Take 'e' off the LRU list. */
static void cache_lru_unlink(PageCache *c, CacheEntry *e)
{
    if (e->pLruPrev != NULL) {
        e->pLruPrev->pLruNext = e->pLruNext;
    } else {
        c->pLruFirst = e->pLruNext;
    }
    if (e->pLruNext != NULL) {
        e->pLruNext->pLruPrev = e->pLruPrev;
    } else {
        c->pLruLast = e->pLruPrev;
    }
    e->pLruPrev = NULL;
    e->pLruNext = NULL;
}

/* Double the hash table of 'c'; on out-of-memory keep the old one. */
static void cache_grow(PageCache *c)
{
    size_t nNew = c->nSlot * 2;
    CacheEntry **apNew = calloc(nNew, sizeof(CacheEntry *));
    if (apNew == NULL) {
        return;
    }
    for (size_t i = 0; i < c->nSlot; i++) {
        CacheEntry *e = c->apSlot[i];
        while (e != NULL) {
            CacheEntry *pNext = e->pHashNext;
            CacheEntry **pp = &apNew[cache_hash(c, e->zKey) & (nNew - 1)];
            e->pHashNext = *pp;
            *pp = e;
            e = pNext;
        }
    }
    free(c->apSlot);
    c->apSlot = apNew;
    c->nSlot = nNew;
}

/* Add 'e' to the table and the front of the LRU list; count its bytes. */
static void cache_link(PageCache *c, CacheEntry *e)
{
    if (c->stats.nEntries >= c->nSlot) {
        cache_grow(c);
    }
    CacheEntry **pp = cache_slot(c, e->zKey);
    e->pHashNext = *pp;
    *pp = e;
    cache_lru_push(c, e);
    c->stats.nBytes += e->nSize;
    c->stats.nEntries++;
}

/*
 * Take 'e' out of the table and drop the table's reference.  When that was
 * the last reference, push 'e' on '*ppFree' (linked through pLruNext) for
 * the caller to free after unlocking.
 */
static void cache_unlink(PageCache *c, CacheEntry *e, CacheEntry **ppFree)
{
    CacheEntry **pp = cache_slot(c, e->zKey);
    while (*pp != e) {
        assert(*pp != NULL);
        pp = &(*pp)->pHashNext;
    }
    *pp = e->pHashNext;
    e->pHashNext = NULL;
    cache_lru_unlink(c, e);
    c->stats.nBytes -= e->nSize;
    c->stats.nEntries--;
    if (cache_entry_unref(e)) {
        e->pLruNext = *ppFree;
        *ppFree = e;
    }
}

/* ------------------------------------------------------------------ */
/* Tag epochs (caller holds the mutex)                                 */
/* ------------------------------------------------------------------ */

/* The record for 'zTag', or NULL when it was never invalidated. */
static CacheTag *cache_tag_find(PageCache *c, const char *zTag)
{
    size_t i = cache_hash(c, zTag) & (c->nTagSlot - 1);
    for (CacheTag *t = c->apTagSlot[i]; t != NULL; t = t->pNext) {
        if (strcmp(t->zTag, zTag) == 0) {
            return t;
        }
    }
    return NULL;
}

/* Forget every tag record; the caller raises epochFloor to cover them. */
static void cache_tag_reset(PageCache *c)
{
    for (size_t i = 0; i < c->nTagSlot; i++) {
        CacheTag *t = c->apTagSlot[i];
        while (t != NULL) {
            CacheTag *pNext = t->pNext;
            free(t->zTag);
            free(t);
            t = pNext;
        }
        c->apTagSlot[i] = NULL;
    }
    c->nTagEntries = 0;
}

/*
 * Record that renders of 'zTag' with an epoch below 'epochStale' are
 * stale.  When the map is full, or memory runs out, forget every tag and
 * make all such renders stale instead: wrong only in refusing more.
 */
static void cache_tag_mark(PageCache *c, const char *zTag, uint64_t epochStale)
{
    CacheTag *t = cache_tag_find(c, zTag);
    if (t != NULL) {
        t->epochStale = epochStale;
        return;
    }
    if (c->nTagEntries >= CACHE_TAG_MAX) {
        cache_tag_reset(c);
        c->epochFloor = epochStale;
        return;
    }
    t = malloc(sizeof(*t));
    char *zCopy = strdup(zTag);
    if (t == NULL || zCopy == NULL) {
        free(t);
        free(zCopy);
        c->epochFloor = epochStale;
        return;
    }
    size_t i = cache_hash(c, zTag) & (c->nTagSlot - 1);
    t->zTag = zCopy;
    t->epochStale = epochStale;
    t->pNext = c->apTagSlot[i];
    c->apTagSlot[i] = t;
    c->nTagEntries++;
}

/* True when a render begun at 'epoch' with the tags of 'e' is stale. */
static bool cache_is_stale(PageCache *c, const CacheEntry *e, uint64_t epoch)
{
    if (epoch < c->epochFloor) {
        return true;
    }
    for (int i = 0; i < e->nTag; i++) {
        CacheTag *t = cache_tag_find(c, e->azTag[i]);
        if (t != NULL && epoch < t->epochStale) {
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* Public interface                                                    */
/* ------------------------------------------------------------------ */

/*
 * Open a cache bounded by 'nMaxBytes' of entries (keys, bodies, gzip
 * copies and bookkeeping); 0 makes every cache_put() refuse.  Calls
 * sodium_init() (once per process).  The caller owns the result and frees
 * it with cache_close().  NULL only when memory runs out.
 */
PageCache *cache_open(size_t nMaxBytes)
{
    cache_sodium_init();
    PageCache *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        return NULL;
    }
    c->apSlot = calloc(CACHE_SLOTS_MIN, sizeof(CacheEntry *));
    c->apTagSlot = calloc(CACHE_TAG_SLOTS, sizeof(CacheTag *));
    if (c->apSlot == NULL || c->apTagSlot == NULL ||
        pthread_mutex_init(&c->mutex, NULL) != 0) {
        free(c->apSlot);
        free(c->apTagSlot);
        free(c);
        return NULL;
    }
    c->nSlot = CACHE_SLOTS_MIN;
    c->nTagSlot = CACHE_TAG_SLOTS;
    c->nMaxBytes = nMaxBytes;
    randombytes_buf(c->aHashKey, sizeof(c->aHashKey));
    return c;
}

void cache_set_hooks(PageCache *c, const CacheHooks *pHooks)
{
    pthread_mutex_lock(&c->mutex);
    if (pHooks != NULL) {
        c->hooks = *pHooks;
    } else {
        memset(&c->hooks, 0, sizeof(c->hooks));
    }
    pthread_mutex_unlock(&c->mutex);
}

/*
 * Free 'c' (NULL is ignored) and every entry only the table holds.  An
 * entry a sender still holds is freed by that sender's cache_release(),
 * which does not touch the closed cache: pass NULL for 'c' then.
 */
void cache_close(PageCache *c)
{
    if (c == NULL) {
        return;
    }
    CacheEntry *pFree = NULL;
    while (c->pLruFirst != NULL) {
        cache_unlink(c, c->pLruFirst, &pFree);
    }
    cache_free_list(pFree);
    cache_tag_reset(c);
    pthread_mutex_destroy(&c->mutex);
    free(c->apSlot);
    free(c->apTagSlot);
    free(c);
}

/*
 * Return the current epoch of 'c'.  It only grows; each cache_invalidate()
 * and cache_clear() adds one.
 */
uint64_t cache_epoch(PageCache *c)
{
    pthread_mutex_lock(&c->mutex);
    uint64_t epoch = c->epoch;
    pthread_mutex_unlock(&c->mutex);
    return epoch;
}

/*
 * Look up 'zKey' in 'c'.  On a hit, mark the entry most recently used,
 * count a hit and return it with a reference the caller must give back
 * with cache_release(); its members stay valid until then, even if the
 * entry is evicted or invalidated meanwhile.  On a miss count a miss and
 * return NULL.
 */
CacheEntry *cache_get(PageCache *c, const char *zKey)
{
    pthread_mutex_lock(&c->mutex);
    CacheEntry *e = cache_find(c, zKey);
    if (e != NULL) {
        cache_entry_ref(e);
        cache_lru_unlink(c, e);
        cache_lru_push(c, e);
        c->stats.nHit++;
    } else {
        c->stats.nMiss++;
    }
    pthread_mutex_unlock(&c->mutex);
    return e;
}

/*
 * Drop one reference to 'e' (NULL is ignored); the entry is freed when no
 * table and no sender holds it.  'c' is not used, so an entry held when
 * its cache closed can still be released.
 */
void cache_release(PageCache *c, CacheEntry *e)
{
    (void)c;
    if (e != NULL && cache_entry_unref(e)) {
        cache_entry_free(e);
    }
}

/*
 * Store a response; see cache.h for the parameters.  The copy, its gzip
 * variant (kept only when smaller), its ETag and the hooks' attachment
 * are made before the lock is taken.  Refused (NULL) when the cache is off,
 * when the entry would take more than a quarter of the bound, when one of its
 * tags was invalidated (or the cache cleared) at or after 'epoch', when the key
 * already holds a page rendered at a later epoch, or when memory runs out.
 * Otherwise an older entry under the same key is replaced, least recently
 * used entries are evicted until the new one fits, and the entry is
 * returned with one reference for the caller (release with
 * cache_release()).  Tags must not contain spaces (they are joined for
 * the Surrogate-Key header).
 */
CacheEntry *cache_put(PageCache *c, const char *zKey, uint64_t epoch,
                      int status, const char *zContentType, const char *p,
                      size_t n, UnixTime tModified, const char *const *azTag,
                      int nTag, const char *zExtraHeaders)
{
    assert(nTag >= 0 && (nTag == 0 || azTag != NULL));
    size_t nLimit = c->nMaxBytes / 4;
    if (n >= nLimit) {
        return NULL;
    }
    CacheEntry *e = cache_entry_new(zKey, epoch, status, zContentType, p, n,
                                    tModified, azTag, nTag, zExtraHeaders);
    if (e == NULL) {
        return NULL;
    }
    if (e->nSize > nLimit) {
        cache_entry_free(e);
        return NULL;
    }
    /* Hooks are set before the storing threads start: read unlocked. */
    if (c->hooks.fnPrepare != NULL) {
        size_t nPrepared = 0;
        e->pPrepared = c->hooks.fnPrepare(e, c->hooks.pArg, &nPrepared);
        e->fnRelease = c->hooks.fnRelease;
        e->nSize += nPrepared;
        if (e->nSize > nLimit) {
            cache_entry_free(e);
            return NULL;
        }
    }
    CacheEntry *pFree = NULL;
    pthread_mutex_lock(&c->mutex);
    assert(epoch <= c->epoch);
    CacheEntry *pOld = cache_find(c, zKey);
    if (cache_is_stale(c, e, epoch) || (pOld != NULL && pOld->epoch > epoch)) {
        pthread_mutex_unlock(&c->mutex);
        cache_entry_free(e);
        return NULL;
    }
    if (pOld != NULL) {
        cache_unlink(c, pOld, &pFree);
    }
    while (c->stats.nBytes + e->nSize > c->nMaxBytes) {
        cache_unlink(c, c->pLruLast, &pFree);
        c->stats.nEvict++;
    }
    e->nRef = 2; /* the table's and the caller's */
    cache_link(c, e);
    c->stats.nStore++;
    pthread_mutex_unlock(&c->mutex);
    cache_free_list(pFree);
    return e;
}

/*
 * Drop every entry of 'c' tagged 'zTag' (counted in nDrop) and make every
 * render of that tag begun before this call stale, so that cache_put()
 * refuses it.  Bumps the epoch.  Scans all entries under the lock, which
 * is a few microseconds per thousand pages.
 */
void cache_invalidate(PageCache *c, const char *zTag)
{
    CacheEntry *pFree = NULL;
    pthread_mutex_lock(&c->mutex);
    c->epoch++;
    cache_tag_mark(c, zTag, c->epoch);
    CacheEntry *e = c->pLruFirst;
    while (e != NULL) {
        CacheEntry *pNext = e->pLruNext;
        if (cache_entry_has_tag(e, zTag)) {
            cache_unlink(c, e, &pFree);
            c->stats.nDrop++;
        }
        e = pNext;
    }
    pthread_mutex_unlock(&c->mutex);
    cache_free_list(pFree);
}

/*
 * Drop every entry of 'c' (counted in nDrop) and make every render begun
 * before this call stale.  Bumps the epoch.
 */
void cache_clear(PageCache *c)
{
    CacheEntry *pFree = NULL;
    pthread_mutex_lock(&c->mutex);
    c->epoch++;
    c->epochFloor = c->epoch;
    cache_tag_reset(c);
    while (c->pLruFirst != NULL) {
        cache_unlink(c, c->pLruFirst, &pFree);
        c->stats.nDrop++;
    }
    pthread_mutex_unlock(&c->mutex);
    cache_free_list(pFree);
}

/* Copy the counters of 'c' into '*pOut' (OUT), all read at one instant. */
void cache_stats(PageCache *c, CacheStats *pOut)
{
    pthread_mutex_lock(&c->mutex);
    *pOut = c->stats;
    pthread_mutex_unlock(&c->mutex);
}
