/*
 * arena_test.c — unit tests for the request arena (base/arena.c).
 *
 * Checks the promises of arena.h: every allocation is aligned for any type
 * and zeroed, requests larger than a block work, deferred releases run
 * newest first exactly once when the arena closes, and the copy helpers
 * NUL-terminate.  Under AddressSanitizer it also checks that the space
 * past an allocation is poisoned.  A standalone program:
 * `build/san/unit/base/arena_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"

/* gcc says __SANITIZE_ADDRESS__; clang says __has_feature. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#endif

#if defined(TEST_ASAN)
#include <sanitizer/asan_interface.h>

/*
 * Let malloc() return NULL for impossible sizes, as it does without ASan,
 * so that the arena's own out-of-memory path is what gets tested.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}
#endif

/* True when the 'n' bytes at 'p' are all zero. */
static bool all_zero(const void *p, size_t n)
{
    const unsigned char *a = p;
    for (size_t i = 0; i < n; i++) {
        if (a[i] != 0) {
            return false;
        }
    }
    return true;
}

static void test_arena_alloc_aligned_for_any_type(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    static const size_t aSize[] = {1, 3, 7, 8, 15, 16, 17, 31, 100, 4095};
    for (int k = 0; k < 50; k++) {
        for (size_t i = 0; i < sizeof(aSize) / sizeof(aSize[0]); i++) {
            void *p = arena_alloc(&a, aSize[i]);
            assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
        }
    }
    arena_close(&a);
}

static void test_arena_alloc_returns_zeroed_memory(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    for (int i = 0; i < 100; i++) {
        unsigned char *p = arena_alloc(&a, 300);
        assert_true(all_zero(p, 300));
        memset(p, 0xa5, 300);
    }
    arena_close(&a);
    /* Reused after close, memory malloc may hand back dirty is zeroed. */
    arena_init(&a);
    for (int i = 0; i < 100; i++) {
        unsigned char *p = arena_alloc(&a, 300);
        assert_true(all_zero(p, 300));
    }
    arena_close(&a);
}

static void test_arena_allocations_do_not_overlap(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    unsigned char *ap[200];
    for (int i = 0; i < 200; i++) {
        ap[i] = arena_alloc(&a, 77);
        memset(ap[i], i, 77);
    }
    for (int i = 0; i < 200; i++) {
        for (int j = 0; j < 77; j++) {
            assert_int_equal(ap[i][j], (unsigned char)i);
        }
    }
    arena_close(&a);
}

static void test_arena_alloc_zero_bytes_gives_distinct_pointers(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    void *p = arena_alloc(&a, 0);
    void *q = arena_alloc(&a, 0);
    assert_non_null(p);
    assert_non_null(q);
    assert_ptr_not_equal(p, q);
    arena_close(&a);
}

static void test_arena_alloc_larger_than_block(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    char *zSmall = arena_alloc(&a, 10);
    memcpy(zSmall, "before", 7);
    /* Larger than the first 8 KiB block, then than the 1 MiB maximum. */
    size_t aBig[] = {20000, 3u * 1024u * 1024u};
    for (size_t i = 0; i < 2; i++) {
        unsigned char *p = arena_alloc(&a, aBig[i]);
        assert_true(all_zero(p, aBig[i]));
        memset(p, 0x5a, aBig[i]);
        assert_int_equal(p[aBig[i] - 1], 0x5a);
    }
    /* Small allocations keep working afterwards. */
    char *zAfter = arena_alloc(&a, 10);
    assert_true(all_zero(zAfter, 10));
    assert_string_equal(zSmall, "before");
    assert_true(a.nTotal >= 20000 + 3u * 1024u * 1024u + 20);
    arena_close(&a);
    assert_int_equal(a.nTotal, 0);
}

static void test_arena_many_small_allocations_fill_many_blocks(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    size_t nSum = 0;
    for (int i = 0; i < 100000; i++) {
        char *p = arena_alloc(&a, 40);
        p[39] = 'x';
        nSum += 40;
    }
    assert_true(a.nTotal >= nSum);
    arena_close(&a);
}

static void test_arena_alloc_aborts_on_impossible_size(void **state)
{
    (void)state;
    /* Sizes near SIZE_MAX must abort, not wrap round to a small block. */
    static const size_t aSize[] = {SIZE_MAX, SIZE_MAX - 8, SIZE_MAX / 2 + 1};
    for (size_t i = 0; i < sizeof(aSize) / sizeof(aSize[0]); i++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            /* The child's stderr would clutter the report. */
            int fd = open("/dev/null", 0);
            dup2(fd, 2);
            Arena a;
            arena_init(&a);
            arena_alloc(&a, aSize[i]);
            _exit(0);
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status));
        assert_int_equal(WTERMSIG(status), SIGABRT);
    }
}

/* Order in which deferred releases ran. */
typedef struct DeferLog {
    int aOrder[8]; /* the argument of each call, in call order */
    int nCall;     /* calls so far */
} DeferLog;

static DeferLog g_deferLog;

/* A release function that records its argument. */
static void record_defer(void *p)
{
    g_deferLog.aOrder[g_deferLog.nCall++] = *(int *)p;
}

static void test_arena_grow_keeps_elements_and_doubles(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    int nAlloc = 2;
    int *aInt = arena_alloc(&a, sizeof(int) * (size_t)nAlloc);
    int *pFirst = aInt;
    for (int n = 0; n < 2; n++) {
        aInt = arena_grow(&a, aInt, n, &nAlloc, sizeof(*aInt));
        aInt[n] = n + 100;
    }
    assert_ptr_equal(aInt, pFirst);
    assert_int_equal(nAlloc, 2);
    for (int n = 2; n < 9; n++) {
        aInt = arena_grow(&a, aInt, n, &nAlloc, sizeof(*aInt));
        assert_int_equal(aInt[n], 0);
        aInt[n] = n + 100;
    }
    assert_true(aInt != pFirst);
    assert_int_equal(nAlloc, 16);
    for (int n = 0; n < 9; n++) {
        assert_int_equal(aInt[n], n + 100);
    }
    arena_close(&a);
}

static void test_arena_grow_from_empty(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    int nAlloc = 0;
    long *aLong = NULL;
    aLong = arena_grow(&a, aLong, 0, &nAlloc, sizeof(*aLong));
    assert_non_null(aLong);
    assert_int_equal(nAlloc, ARENA_GROW_FIRST);
    for (int n = 0; n < ARENA_GROW_FIRST + 1; n++) {
        aLong = arena_grow(&a, aLong, n, &nAlloc, sizeof(*aLong));
        aLong[n] = -n;
    }
    assert_int_equal(nAlloc, 2 * ARENA_GROW_FIRST);
    assert_int_equal(aLong[ARENA_GROW_FIRST], -ARENA_GROW_FIRST);
    assert_int_equal(aLong[1], -1);
    arena_close(&a);
}

static void test_arena_defer_runs_newest_first_on_close(void **state)
{
    (void)state;
    static int aArg[] = {1, 2, 3};
    memset(&g_deferLog, 0, sizeof(g_deferLog));
    Arena a;
    arena_init(&a);
    arena_defer(&a, record_defer, &aArg[0]);
    arena_alloc(&a, 20000); /* deferrals in different blocks */
    arena_defer(&a, record_defer, &aArg[1]);
    arena_defer(&a, record_defer, &aArg[2]);
    assert_int_equal(g_deferLog.nCall, 0);
    arena_close(&a);
    assert_int_equal(g_deferLog.nCall, 3);
    assert_int_equal(g_deferLog.aOrder[0], 3);
    assert_int_equal(g_deferLog.aOrder[1], 2);
    assert_int_equal(g_deferLog.aOrder[2], 1);
}

static void test_arena_defer_runs_once_and_arena_reusable(void **state)
{
    (void)state;
    static int nArg = 7;
    memset(&g_deferLog, 0, sizeof(g_deferLog));
    Arena a;
    arena_init(&a);
    arena_defer(&a, record_defer, &nArg);
    arena_close(&a);
    arena_close(&a); /* a second close finds nothing left to run */
    assert_int_equal(g_deferLog.nCall, 1);
    arena_init(&a);
    char *z = arena_strdup(&a, "again");
    assert_string_equal(z, "again");
    arena_close(&a);
    assert_int_equal(g_deferLog.nCall, 1);
}

/* A release that frees a malloc'd resource, as a real caller does. */
static void free_resource(void *p)
{
    free(p);
}

static void test_arena_defer_releases_resource(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    char *pRes = malloc(64);
    arena_defer(&a, free_resource, pRes);
    arena_close(&a); /* LeakSanitizer fails the run if this leaks */
}

static void test_arena_strndup_copies_and_terminates(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    const char *zSrc = "신문 sinmun";
    char *z = arena_strndup(&a, zSrc, 6);
    assert_string_equal(z, "신문");
    assert_ptr_not_equal(z, zSrc);
    z = arena_strndup(&a, "abc", 0);
    assert_string_equal(z, "");
    /* Bytes after an embedded NUL are copied too. */
    z = arena_strndup(&a, "a\0b", 3);
    assert_memory_equal(z, "a\0b", 4);
    /* The source need not be NUL-terminated. */
    char aRaw[3] = {'x', 'y', 'z'};
    z = arena_strndup(&a, aRaw, 3);
    assert_string_equal(z, "xyz");
    arena_close(&a);
}

static void test_arena_strdup_copies_and_keeps_null(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    char zSrc[] = "기사입력";
    char *z = arena_strdup(&a, zSrc);
    zSrc[0] = 'X';
    assert_string_equal(z, "기사입력");
    assert_null(arena_strdup(&a, NULL));
    assert_string_equal(arena_strdup(&a, ""), "");
    arena_close(&a);
}

static void test_arena_extend_grows_only_the_newest_allocation(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    char *p = arena_alloc(&a, 100);
    memset(p, 'p', 100);
    /* The newest allocation grows in place, keeping its bytes. */
    assert_true(arena_extend(&a, p, 100, 1000));
    memset(p + 100, 'q', 900);
    char *q = arena_alloc(&a, 10);
    /* The next allocation lies after the grown one. */
    assert_true(q >= p + 1000);
    assert_int_equal(p[99], 'p');
    assert_int_equal(p[100], 'q');
    /* Not the newest any more: it stays, and says so. */
    assert_false(arena_extend(&a, p, 1000, 2000));
    /* No room left in the block: unchanged, the caller copies. */
    assert_false(arena_extend(&a, q, 10, 64u * 1024u * 1024u));
    char *r = arena_alloc(&a, 10);
    assert_true(r >= q + 16);
    arena_close(&a);
}

static void test_arena_alloc_raw_gives_distinct_writable_memory(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    unsigned char *p = arena_alloc_raw(&a, 300);
    unsigned char *q = arena_alloc_raw(&a, 300);
    memset(p, 1, 300);
    memset(q, 2, 300);
    assert_int_equal(p[299], 1);
    assert_int_equal(q[0], 2);
    assert_true(q >= p + 300 || p >= q + 300);
    arena_close(&a);
}

#if defined(TEST_ASAN)
static void test_arena_poisons_space_past_allocation(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    char *p = arena_alloc(&a, 5);
    assert_false(__asan_address_is_poisoned(p + 4));
    assert_true(__asan_address_is_poisoned(p + 5));
    char *q = arena_alloc(&a, 32);
    assert_true(__asan_address_is_poisoned(q + 32));
    arena_close(&a);
}
#endif

int main(void)
{
    const struct CMUnitTest aTest[] = {
        cmocka_unit_test(test_arena_alloc_aligned_for_any_type),
        cmocka_unit_test(test_arena_alloc_returns_zeroed_memory),
        cmocka_unit_test(test_arena_allocations_do_not_overlap),
        cmocka_unit_test(test_arena_alloc_zero_bytes_gives_distinct_pointers),
        cmocka_unit_test(test_arena_alloc_larger_than_block),
        cmocka_unit_test(test_arena_many_small_allocations_fill_many_blocks),
        cmocka_unit_test(test_arena_alloc_aborts_on_impossible_size),
        cmocka_unit_test(test_arena_grow_keeps_elements_and_doubles),
        cmocka_unit_test(test_arena_grow_from_empty),
        cmocka_unit_test(test_arena_extend_grows_only_the_newest_allocation),
        cmocka_unit_test(test_arena_alloc_raw_gives_distinct_writable_memory),
        cmocka_unit_test(test_arena_defer_runs_newest_first_on_close),
        cmocka_unit_test(test_arena_defer_runs_once_and_arena_reusable),
        cmocka_unit_test(test_arena_defer_releases_resource),
        cmocka_unit_test(test_arena_strndup_copies_and_terminates),
        cmocka_unit_test(test_arena_strdup_copies_and_keeps_null),
#if defined(TEST_ASAN)
        cmocka_unit_test(test_arena_poisons_space_past_allocation),
#endif
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
