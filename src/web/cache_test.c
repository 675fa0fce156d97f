/*
 * cache_test.c — unit tests for the page cache (web/cache.c).
 *
 * Each test opens its own PageCache and checks one promise of cache.h:
 * hits and misses, the gzip copy, ETags, tag invalidation and the epoch
 * rule that keeps a page rendered before a write out of the cache, LRU
 * eviction under the byte bound, and reference counting (run under ASan,
 * a use-after-free in the refcount path fails the test).  A standalone
 * program: `build/san/unit/web/cache_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "web/cache.h"

/* Content type used by every test page. */
#define TEST_HTML "text/html; charset=utf-8"

/* Store 'zBody' under 'zKey' with one tag 'zTag' (may be NULL). */
static CacheEntry *put_page(PageCache *c, const char *zKey, uint64_t epoch,
                            const char *zBody, const char *zTag)
{
    const char *azTag[1] = {zTag};
    return cache_put(c, zKey, epoch, 200, TEST_HTML, zBody, strlen(zBody),
                     1418979610, azTag, zTag ? 1 : 0, NULL);
}

/* Store like put_page() and drop the caller's reference; true if stored. */
static bool put_and_release(PageCache *c, const char *zKey, const char *zBody,
                            const char *zTag)
{
    CacheEntry *e = put_page(c, zKey, cache_epoch(c), zBody, zTag);
    cache_release(c, e);
    return e != NULL;
}

/* True when 'zKey' is cached (counts a hit or a miss). */
static bool is_cached(PageCache *c, const char *zKey)
{
    CacheEntry *e = cache_get(c, zKey);
    cache_release(c, e);
    return e != NULL;
}

/* A compressible page of about 'n' bytes, malloc'd. */
static char *make_html(size_t n)
{
    char *z = malloc(n + 64);
    size_t i = 0;
    int k = 0;
    while (i < n) {
        i += (size_t)snprintf(z + i, 64, "<p>기사 본문 문단 %d</p>\n", k++);
    }
    return z;
}

static void test_cache_get_misses_then_hits_after_put(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    assert_null(cache_get(c, "/article/1"));
    CacheEntry *e =
        put_page(c, "/article/1", cache_epoch(c), "<p>hi</p>", "article:1");
    assert_non_null(e);
    cache_release(c, e);
    e = cache_get(c, "/article/1");
    assert_non_null(e);
    assert_string_equal(e->zKey, "/article/1");
    assert_int_equal(e->nBody, 9);
    assert_memory_equal(e->zBody, "<p>hi</p>", 9);
    cache_release(c, e);
    assert_null(cache_get(c, "/article/2"));
    cache_close(c);
}

static void test_cache_entry_keeps_every_response_field(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    const char *azTag[3] = {"article:42", "section:industry", "front"};
    CacheEntry *e =
        cache_put(c, "/article/42?page=2", cache_epoch(c), 200, TEST_HTML,
                  "body", 4, 1418979610, azTag, 3, "X-One: 1\nX-Two: 2\n");
    assert_non_null(e);
    assert_int_equal(e->status, 200);
    assert_string_equal(e->zContentType, TEST_HTML);
    assert_int_equal(e->tModified, 1418979610);
    assert_string_equal(e->zTags, "article:42 section:industry front");
    assert_int_equal(e->nTag, 3);
    assert_string_equal(e->azTag[0], "article:42");
    assert_string_equal(e->azTag[1], "section:industry");
    assert_string_equal(e->azTag[2], "front");
    assert_string_equal(e->zExtraHeaders, "X-One: 1\nX-Two: 2\n");
    cache_release(c, e);

    e = put_page(c, "/plain", cache_epoch(c), "x", NULL);
    assert_non_null(e);
    assert_null(e->zExtraHeaders);
    assert_int_equal(e->nTag, 0);
    assert_string_equal(e->zTags, "");
    cache_release(c, e);
    cache_close(c);
}

static void test_cache_copies_inputs(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    char zKey[] = "/article/7";
    char zBody[] = "original";
    char zTag[] = "article:7";
    CacheEntry *e = put_page(c, zKey, cache_epoch(c), zBody, zTag);
    cache_release(c, e);
    memset(zKey, 'x', sizeof(zKey) - 1);
    memset(zBody, 'x', sizeof(zBody) - 1);
    memset(zTag, 'x', sizeof(zTag) - 1);
    e = cache_get(c, "/article/7");
    assert_non_null(e);
    assert_string_equal(e->zBody, "original");
    assert_string_equal(e->azTag[0], "article:7");
    cache_release(c, e);
    cache_close(c);
}

static void test_cache_binary_body_with_nul_bytes_kept_whole(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    const char aBody[5] = {'a', 0, 'b', 0, 'c'};
    CacheEntry *e =
        cache_put(c, "/bin", cache_epoch(c), 200, "application/octet-stream",
                  aBody, 5, 0, NULL, 0, NULL);
    assert_non_null(e);
    assert_int_equal(e->nBody, 5);
    assert_memory_equal(e->zBody, aBody, 5);
    cache_release(c, e);
    cache_close(c);
}

static void test_cache_gzip_variant_inflates_to_body(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 22);
    char *zBody = make_html(30000);
    size_t nBody = strlen(zBody);
    CacheEntry *e = put_page(c, "/front", cache_epoch(c), zBody, "front");
    assert_non_null(e);
    assert_non_null(e->zGzip);
    assert_true(e->nGzip < nBody);
    /* A gzip member starts with the magic bytes 1f 8b. */
    assert_int_equal((unsigned char)e->zGzip[0], 0x1f);
    assert_int_equal((unsigned char)e->zGzip[1], 0x8b);

    char *pOut = malloc(nBody + 1);
    z_stream z;
    memset(&z, 0, sizeof(z));
    assert_int_equal(inflateInit2(&z, 15 + 32), Z_OK);
    z.next_in = (Bytef *)e->zGzip;
    z.avail_in = (uInt)e->nGzip;
    z.next_out = (Bytef *)pOut;
    z.avail_out = (uInt)nBody + 1;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.total_out, nBody);
    assert_int_equal(z.avail_in, 0);
    inflateEnd(&z);
    assert_memory_equal(pOut, zBody, nBody);

    free(pOut);
    free(zBody);
    cache_release(c, e);
    cache_close(c);
}

static void test_cache_gzip_dropped_when_not_smaller(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 22);
    size_t nBody = 4096;
    char *pBody = malloc(nBody);
    randombytes_buf(pBody, nBody);
    CacheEntry *e =
        cache_put(c, "/random", cache_epoch(c), 200, "application/octet-stream",
                  pBody, nBody, 0, NULL, 0, NULL);
    assert_non_null(e);
    assert_null(e->zGzip);
    assert_int_equal(e->nGzip, 0);
    cache_release(c, e);

    /* Too short for the 18-byte gzip wrapper to pay off. */
    e = put_page(c, "/tiny", cache_epoch(c), "ok", NULL);
    assert_non_null(e);
    assert_null(e->zGzip);
    cache_release(c, e);
    free(pBody);
    cache_close(c);
}

static void test_cache_etag_stable_for_same_bytes(void **state)
{
    (void)state;
    char zA[24], zB[24];
    const char zPage[] = "<h1>같은 기사</h1>";
    cache_etag(zPage, strlen(zPage), zA);
    cache_etag(zPage, strlen(zPage), zB);
    assert_string_equal(zA, zB);
    /* "\"" + 16 lower-case hex digits + "\"" */
    assert_int_equal(strlen(zA), 18);
    assert_int_equal(zA[0], '"');
    assert_int_equal(zA[17], '"');
    for (int i = 1; i < 17; i++) {
        assert_non_null(strchr("0123456789abcdef", zA[i]));
    }

    /* The stored entry carries the ETag of its identity bytes. */
    PageCache *c = cache_open(1 << 20);
    CacheEntry *e = put_page(c, "/a", cache_epoch(c), zPage, NULL);
    assert_string_equal(e->zEtag, zA);
    cache_release(c, e);
    cache_close(c);
}

static void test_cache_etag_differs_for_different_bytes(void **state)
{
    (void)state;
    char zA[24], zB[24], zEmpty[24];
    cache_etag("<p>one</p>", 10, zA);
    cache_etag("<p>one</p>!", 11, zB);
    assert_string_not_equal(zA, zB);
    cache_etag("<p>onf</p>", 10, zB);
    assert_string_not_equal(zA, zB);
    cache_etag("", 0, zEmpty);
    assert_int_equal(strlen(zEmpty), 18);
    assert_string_not_equal(zA, zEmpty);
}

static void test_cache_invalidate_drops_only_tagged_pages(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    const char *azBoth[2] = {"article:1", "front"};
    CacheEntry *e = cache_put(c, "/", cache_epoch(c), 200, TEST_HTML, "front",
                              5, 0, azBoth, 2, NULL);
    cache_release(c, e);
    assert_true(put_and_release(c, "/article/1", "one", "article:1"));
    assert_true(put_and_release(c, "/article/2", "two", "article:2"));
    assert_true(put_and_release(c, "/section/x", "sec", "section:x"));

    cache_invalidate(c, "article:1");
    assert_false(is_cached(c, "/"));
    assert_false(is_cached(c, "/article/1"));
    assert_true(is_cached(c, "/article/2"));
    assert_true(is_cached(c, "/section/x"));

    /* A tag that is a prefix of another does not match it. */
    assert_true(put_and_release(c, "/article/10", "ten", "article:10"));
    cache_invalidate(c, "article:1");
    assert_true(is_cached(c, "/article/10"));

    /* An unknown tag drops nothing. */
    cache_invalidate(c, "nothing");
    CacheStats st;
    cache_stats(c, &st);
    assert_int_equal(st.nEntries, 3);
    assert_int_equal(st.nDrop, 2);
    cache_close(c);
}

static void
test_cache_put_refused_when_tag_invalidated_after_epoch(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    uint64_t epoch = cache_epoch(c);
    /* A comment lands on article 1 while its page renders. */
    cache_invalidate(c, "article:1");
    assert_true(cache_epoch(c) > epoch);
    assert_null(put_page(c, "/article/1", epoch, "stale", "article:1"));
    assert_false(is_cached(c, "/article/1"));

    /* A page whose tags were not touched is still stored. */
    CacheEntry *e = put_page(c, "/article/2", epoch, "fine", "article:2");
    assert_non_null(e);
    cache_release(c, e);

    /* A render that began after the write is fresh. */
    e = put_page(c, "/article/1", cache_epoch(c), "fresh", "article:1");
    assert_non_null(e);
    cache_release(c, e);
    cache_close(c);
}

static void test_cache_put_refused_when_any_of_its_tags_is_stale(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    uint64_t epoch = cache_epoch(c);
    cache_invalidate(c, "front");
    const char *azTag[3] = {"article:1", "section:x", "front"};
    assert_null(
        cache_put(c, "/", epoch, 200, TEST_HTML, "x", 1, 0, azTag, 3, NULL));
    cache_close(c);
}

static void test_cache_clear_refuses_renders_in_flight(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    assert_true(put_and_release(c, "/a", "a", "t"));
    assert_true(put_and_release(c, "/b", "b", NULL));
    uint64_t epoch = cache_epoch(c);
    cache_clear(c);
    assert_false(is_cached(c, "/a"));
    assert_false(is_cached(c, "/b"));
    assert_null(put_page(c, "/c", epoch, "c", NULL));
    assert_null(put_page(c, "/c", epoch, "c", "untouched"));
    assert_true(put_and_release(c, "/c", "c", NULL));
    CacheStats st;
    cache_stats(c, &st);
    assert_int_equal(st.nEntries, 1);
    assert_int_equal(st.nDrop, 2);
    cache_close(c);
}

static void test_cache_put_replaces_same_key(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    assert_true(put_and_release(c, "/a", "first", NULL));
    assert_true(put_and_release(c, "/a", "second", NULL));
    CacheEntry *e = cache_get(c, "/a");
    assert_string_equal(e->zBody, "second");
    cache_release(c, e);
    CacheStats st;
    cache_stats(c, &st);
    assert_int_equal(st.nEntries, 1);
    assert_int_equal(st.nStore, 2);
    cache_close(c);
}

static void test_cache_older_render_does_not_replace_newer(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    uint64_t epochOld = cache_epoch(c);
    cache_invalidate(c, "other");
    assert_true(put_and_release(c, "/a", "newer", NULL));
    assert_null(put_page(c, "/a", epochOld, "older", NULL));
    CacheEntry *e = cache_get(c, "/a");
    assert_string_equal(e->zBody, "newer");
    cache_release(c, e);
    cache_close(c);
}

static void test_cache_lru_eviction_keeps_most_recently_used(void **state)
{
    (void)state;
    /* Measure one entry, then allow four and a half of them. */
    PageCache *c = cache_open(1 << 20);
    assert_true(put_and_release(c, "/k1", "0123456789", "t"));
    CacheStats st;
    cache_stats(c, &st);
    size_t nOne = st.nBytes;
    cache_close(c);

    c = cache_open(nOne * 4 + nOne / 2);
    assert_true(put_and_release(c, "/k1", "0123456789", "t"));
    assert_true(put_and_release(c, "/k2", "0123456789", "t"));
    assert_true(put_and_release(c, "/k3", "0123456789", "t"));
    assert_true(put_and_release(c, "/k4", "0123456789", "t"));
    cache_stats(c, &st);
    assert_int_equal(st.nEntries, 4);
    assert_int_equal(st.nEvict, 0);
    /* Reading /k1 makes /k2 the least recently used. */
    assert_true(is_cached(c, "/k1"));
    assert_true(put_and_release(c, "/k5", "0123456789", "t"));
    cache_stats(c, &st);
    assert_int_equal(st.nEvict, 1);
    assert_int_equal(st.nEntries, 4);
    assert_true(st.nBytes <= nOne * 4 + nOne / 2);
    assert_false(is_cached(c, "/k2"));
    assert_true(is_cached(c, "/k1"));
    assert_true(is_cached(c, "/k3"));
    assert_true(is_cached(c, "/k4"));
    assert_true(is_cached(c, "/k5"));
    cache_close(c);
}

static void test_cache_refuses_entry_over_quarter_of_bound(void **state)
{
    (void)state;
    PageCache *c = cache_open(4000);
    char *pBody = malloc(1200);
    randombytes_buf(pBody, 1200);
    assert_null(cache_put(c, "/big", cache_epoch(c), 200, TEST_HTML, pBody,
                          1200, 0, NULL, 0, NULL));
    /* Key, tags and bookkeeping count too, not only the body. */
    assert_null(cache_put(c, "/big", cache_epoch(c), 200, TEST_HTML, pBody, 999,
                          0, NULL, 0, NULL));
    CacheEntry *e = cache_put(c, "/small", cache_epoch(c), 200, TEST_HTML,
                              pBody, 500, 0, NULL, 0, NULL);
    assert_non_null(e);
    assert_true(e->nSize > 500 + strlen("/small") + strlen(TEST_HTML));
    cache_release(c, e);
    free(pBody);
    cache_close(c);
}

static void test_cache_counts_gzip_bytes_against_bound(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 22);
    char *zBody = make_html(20000);
    CacheEntry *e = put_page(c, "/front", cache_epoch(c), zBody, NULL);
    assert_non_null(e->zGzip);
    assert_true(e->nSize >= e->nBody + e->nGzip + strlen(e->zKey));
    CacheStats st;
    cache_stats(c, &st);
    assert_int_equal(st.nBytes, e->nSize);
    cache_release(c, e);
    free(zBody);
    cache_close(c);
}

static void test_cache_invalidated_entry_readable_until_released(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    assert_true(
        put_and_release(c, "/article/1", "<p>being sent</p>", "article:1"));
    CacheEntry *e = cache_get(c, "/article/1");
    assert_non_null(e);
    cache_invalidate(c, "article:1");
    assert_false(is_cached(c, "/article/1"));
    CacheStats st;
    cache_stats(c, &st);
    assert_int_equal(st.nEntries, 0);
    assert_int_equal(st.nBytes, 0);
    /* Still readable: ASan reports a use-after-free here otherwise. */
    assert_string_equal(e->zBody, "<p>being sent</p>");
    assert_string_equal(e->zKey, "/article/1");
    cache_release(c, e);
    cache_close(c);
}

static void test_cache_replaced_entry_readable_until_released(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    CacheEntry *e = put_page(c, "/held", cache_epoch(c), "held bytes", NULL);
    assert_non_null(e);
    cache_clear(c);
    assert_true(put_and_release(c, "/held", "replacement", NULL));
    assert_string_equal(e->zBody, "held bytes");
    cache_release(c, e);
    e = cache_get(c, "/held");
    assert_string_equal(e->zBody, "replacement");
    cache_release(c, e);
    cache_close(c);
}

static void test_cache_entry_held_at_close_freed_on_release(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    assert_true(put_and_release(c, "/a", "still sending", NULL));
    CacheEntry *e = cache_get(c, "/a");
    cache_close(c);
    assert_string_equal(e->zBody, "still sending");
    cache_release(NULL, e); /* LSan reports a leak if this frees nothing */
}

static void test_cache_open_zero_stores_nothing(void **state)
{
    (void)state;
    PageCache *c = cache_open(0);
    assert_non_null(c);
    assert_null(put_page(c, "/a", cache_epoch(c), "x", NULL));
    assert_null(cache_get(c, "/a"));
    CacheStats st;
    cache_stats(c, &st);
    assert_int_equal(st.nStore, 0);
    assert_int_equal(st.nEntries, 0);
    assert_int_equal(st.nBytes, 0);
    assert_int_equal(st.nMiss, 1);
    cache_invalidate(c, "t");
    cache_clear(c);
    cache_close(c);
}

static void test_cache_stats_count_every_outcome(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 20);
    CacheStats st;
    cache_stats(c, &st);
    assert_int_equal(st.nHit + st.nMiss + st.nStore + st.nEvict + st.nDrop, 0);
    assert_int_equal(st.nBytes + st.nEntries, 0);

    assert_false(is_cached(c, "/a"));
    assert_true(put_and_release(c, "/a", "a", "t"));
    assert_true(put_and_release(c, "/b", "b", "u"));
    assert_true(is_cached(c, "/a"));
    assert_true(is_cached(c, "/a"));
    assert_false(is_cached(c, "/c"));
    cache_stats(c, &st);
    assert_int_equal(st.nHit, 2);
    assert_int_equal(st.nMiss, 2);
    assert_int_equal(st.nStore, 2);
    assert_int_equal(st.nEntries, 2);
    size_t nTwo = st.nBytes;
    assert_true(nTwo > 0);

    cache_invalidate(c, "t");
    cache_stats(c, &st);
    assert_int_equal(st.nDrop, 1);
    assert_int_equal(st.nEntries, 1);
    assert_true(st.nBytes < nTwo);
    assert_int_equal(st.nEvict, 0);

    /* A refused put stores nothing. */
    uint64_t epoch = cache_epoch(c);
    cache_invalidate(c, "u");
    assert_null(put_page(c, "/b", epoch, "b", "u"));
    cache_stats(c, &st);
    assert_int_equal(st.nStore, 2);
    assert_int_equal(st.nEntries, 0);
    assert_int_equal(st.nBytes, 0);
    cache_close(c);
}

static void test_cache_many_invalidated_tags_still_refuse_stale(void **state)
{
    (void)state;
    /* More distinct tags than the map remembers: it resets, refusing
     * conservatively rather than forgetting a write. */
    PageCache *c = cache_open(1 << 20);
    uint64_t epoch = cache_epoch(c);
    char zTag[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(zTag, sizeof(zTag), "article:%d", i);
        cache_invalidate(c, zTag);
    }
    assert_null(put_page(c, "/article/3", epoch, "x", "article:3"));
    assert_null(put_page(c, "/article/19999", epoch, "x", "article:19999"));
    assert_true(put_and_release(c, "/article/3", "x", "article:3"));
    cache_close(c);
}

static void test_cache_many_keys_grow_table(void **state)
{
    (void)state;
    PageCache *c = cache_open(1 << 24);
    char zKey[32];
    for (int i = 0; i < 3000; i++) {
        snprintf(zKey, sizeof(zKey), "/article/%d", i);
        assert_true(put_and_release(c, zKey, zKey, i % 2 ? "odd" : "even"));
    }
    for (int i = 0; i < 3000; i++) {
        snprintf(zKey, sizeof(zKey), "/article/%d", i);
        CacheEntry *e = cache_get(c, zKey);
        assert_non_null(e);
        assert_string_equal(e->zBody, zKey);
        cache_release(c, e);
    }
    cache_invalidate(c, "odd");
    CacheStats st;
    cache_stats(c, &st);
    assert_int_equal(st.nEntries, 1500);
    cache_close(c);
}

/* ------------------------------------------------------------------ */
/* Concurrency                                                         */
/* ------------------------------------------------------------------ */

/* Shared by the threads of the concurrency test. */
typedef struct RaceState {
    PageCache *c; /* the cache under test */
    int version;  /* what the "database" holds; atomic access */
    int nWrites;  /* writes the writer makes */
    int bDone;    /* writer finished; atomic access */
    int nBad;     /* malformed pages seen by renderers; atomic access */
} RaceState;

/* A writer: change the data, then invalidate its tag, many times. */
static void *race_writer(void *p)
{
    RaceState *s = p;
    for (int i = 0; i < s->nWrites; i++) {
        __atomic_add_fetch(&s->version, 1, __ATOMIC_SEQ_CST);
        cache_invalidate(s->c, "article:1");
    }
    __atomic_store_n(&s->bDone, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

/* A renderer: take the epoch, read the data, store the page, read it. */
static void *race_renderer(void *p)
{
    RaceState *s = p;
    const char *azTag[1] = {"article:1"};
    char zBody[32];
    while (!__atomic_load_n(&s->bDone, __ATOMIC_SEQ_CST)) {
        uint64_t epoch = cache_epoch(s->c);
        int v = __atomic_load_n(&s->version, __ATOMIC_SEQ_CST);
        snprintf(zBody, sizeof(zBody), "v%d", v);
        CacheEntry *e = cache_put(s->c, "/article/1", epoch, 200, TEST_HTML,
                                  zBody, strlen(zBody), 0, azTag, 1, NULL);
        cache_release(s->c, e);
        e = cache_get(s->c, "/article/1");
        if (e != NULL) {
            /* cmocka asserts must stay on the main thread: count instead. */
            if (e->zBody[0] != 'v') {
                __atomic_add_fetch(&s->nBad, 1, __ATOMIC_SEQ_CST);
            }
            cache_release(s->c, e);
        }
    }
    return NULL;
}

static void test_cache_concurrent_renders_never_keep_stale_page(void **state)
{
    (void)state;
    RaceState s = {cache_open(1 << 20), 0, 3000, 0, 0};
    pthread_t aThread[3];
    pthread_create(&aThread[0], NULL, race_writer, &s);
    pthread_create(&aThread[1], NULL, race_renderer, &s);
    pthread_create(&aThread[2], NULL, race_renderer, &s);
    for (int i = 0; i < 3; i++) {
        pthread_join(aThread[i], NULL);
    }
    assert_int_equal(s.nBad, 0);
    /* Whatever survived the race must show the last write. */
    CacheEntry *e = cache_get(s.c, "/article/1");
    if (e != NULL) {
        char zWant[32];
        snprintf(zWant, sizeof(zWant), "v%d", s.nWrites);
        assert_string_equal(e->zBody, zWant);
        cache_release(s.c, e);
    }
    cache_close(s.c);
}

/*
 * Issue 11: the ETag is XXH3-64 (xxHash 0.8), whose output is fixed: the
 * same bytes give the same ETag in every process and on every machine.
 * The value for no bytes is the one in xxHash's own test vectors.
 */
static void test_cache_etag_is_xxh3_64(void **state)
{
    (void)state;
    char z[24];
    cache_etag("", 0, z);
    assert_string_equal(z, "\"2d06800538d394c2\"");
}

/* What the hooks saw, for the hook tests. */
typedef struct HookLog {
    int nPrepared;         /* fnPrepare calls */
    int nReleased;         /* fnRelease calls */
    const char *zLastKey;  /* key fnPrepare last saw */
    const char *zLastBody; /* body fnPrepare last saw */
} HookLog;

static HookLog g_hookLog;

/* fnPrepare: a malloc'd int counting from 1, and 1000 bytes counted. */
static void *hook_prepare(const CacheEntry *e, void *pArg, size_t *pnBytes)
{
    assert_ptr_equal(pArg, &g_hookLog);
    g_hookLog.nPrepared++;
    g_hookLog.zLastKey = e->zKey;
    g_hookLog.zLastBody = e->zBody;
    int *p = malloc(sizeof(int));
    *p = g_hookLog.nPrepared;
    *pnBytes += 1000;
    return p;
}

static void hook_release(void *pPrepared)
{
    assert_non_null(pPrepared);
    g_hookLog.nReleased++;
    free(pPrepared);
}

/*
 * Issue 11: the server builds a page's answers once, when it is stored.
 * The attachment is made before the entry is returned, counted against
 * the bound, and freed exactly once, when the last reference goes.
 */
static void
test_cache_hooks_prepare_once_release_on_last_reference(void **state)
{
    (void)state;
    memset(&g_hookLog, 0, sizeof(g_hookLog));
    PageCache *c = cache_open(1 << 20);
    CacheHooks hooks = {hook_prepare, hook_release, &g_hookLog};
    cache_set_hooks(c, &hooks);
    CacheEntry *e = put_page(c, "/a", cache_epoch(c), "<p>a</p>", "article:1");
    assert_non_null(e);
    assert_int_equal(g_hookLog.nPrepared, 1);
    assert_ptr_equal(g_hookLog.zLastKey, e->zKey);
    assert_ptr_equal(g_hookLog.zLastBody, e->zBody);
    assert_int_equal(*(int *)e->pPrepared, 1);
    CacheStats st;
    cache_stats(c, &st);
    assert_true(st.nBytes >= 1000 + e->nBody);
    /* Hits share the one attachment. */
    CacheEntry *pHit = cache_get(c, "/a");
    assert_ptr_equal(pHit, e);
    assert_int_equal(g_hookLog.nPrepared, 1);
    /* Invalidated while two senders hold it: freed after the last. */
    cache_invalidate(c, "article:1");
    assert_int_equal(g_hookLog.nReleased, 0);
    cache_release(c, e);
    assert_int_equal(g_hookLog.nReleased, 0);
    cache_release(c, pHit);
    assert_int_equal(g_hookLog.nReleased, 1);

    /* A refused (stale) put releases its attachment at once. */
    uint64_t epoch = cache_epoch(c);
    cache_invalidate(c, "article:2");
    assert_null(put_page(c, "/b", epoch, "<p>b</p>", "article:2"));
    assert_int_equal(g_hookLog.nPrepared, 2);
    assert_int_equal(g_hookLog.nReleased, 2);

    /* Without hooks, entries carry nothing. */
    assert_true(put_and_release(c, "/c", "<p>c</p>", "front"));
    cache_set_hooks(c, NULL);
    e = put_page(c, "/d", cache_epoch(c), "<p>d</p>", "front");
    assert_null(e->pPrepared);
    cache_release(c, e);
    assert_int_equal(g_hookLog.nPrepared, 3);
    /* Closing frees what the table held. */
    cache_close(c);
    assert_int_equal(g_hookLog.nReleased, 3);
}

int main(void)
{
    const struct CMUnitTest aTest[] = {
        cmocka_unit_test(test_cache_get_misses_then_hits_after_put),
        cmocka_unit_test(test_cache_entry_keeps_every_response_field),
        cmocka_unit_test(test_cache_copies_inputs),
        cmocka_unit_test(test_cache_binary_body_with_nul_bytes_kept_whole),
        cmocka_unit_test(test_cache_gzip_variant_inflates_to_body),
        cmocka_unit_test(test_cache_gzip_dropped_when_not_smaller),
        cmocka_unit_test(test_cache_etag_stable_for_same_bytes),
        cmocka_unit_test(test_cache_etag_differs_for_different_bytes),
        cmocka_unit_test(test_cache_etag_is_xxh3_64),
        cmocka_unit_test(
            test_cache_hooks_prepare_once_release_on_last_reference),
        cmocka_unit_test(test_cache_invalidate_drops_only_tagged_pages),
        cmocka_unit_test(
            test_cache_put_refused_when_tag_invalidated_after_epoch),
        cmocka_unit_test(test_cache_put_refused_when_any_of_its_tags_is_stale),
        cmocka_unit_test(test_cache_clear_refuses_renders_in_flight),
        cmocka_unit_test(test_cache_put_replaces_same_key),
        cmocka_unit_test(test_cache_older_render_does_not_replace_newer),
        cmocka_unit_test(test_cache_lru_eviction_keeps_most_recently_used),
        cmocka_unit_test(test_cache_refuses_entry_over_quarter_of_bound),
        cmocka_unit_test(test_cache_counts_gzip_bytes_against_bound),
        cmocka_unit_test(test_cache_invalidated_entry_readable_until_released),
        cmocka_unit_test(test_cache_replaced_entry_readable_until_released),
        cmocka_unit_test(test_cache_entry_held_at_close_freed_on_release),
        cmocka_unit_test(test_cache_open_zero_stores_nothing),
        cmocka_unit_test(test_cache_stats_count_every_outcome),
        cmocka_unit_test(test_cache_many_invalidated_tags_still_refuse_stale),
        cmocka_unit_test(test_cache_many_keys_grow_table),
        cmocka_unit_test(test_cache_concurrent_renders_never_keep_stale_page),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
