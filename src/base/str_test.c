/*
 * str_test.c — unit tests for the arena string builder (base/str.c).
 *
 * Checks the promises of str.h: appends keep the bytes (NULs included),
 * the length and a terminating NUL; printf-style appends grow past many
 * kilobytes; clearing keeps the memory; and the small comparison helpers.
 * A standalone program: `build/san/unit/base/str_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/str.h"

/* Arena shared by the tests of this file; set up and torn down per test. */
static int setup_arena(void **state)
{
    Arena *a = malloc(sizeof(Arena));
    arena_init(a);
    *state = a;
    return 0;
}

static int teardown_arena(void **state)
{
    arena_close(*state);
    free(*state);
    return 0;
}

static void test_str_init_is_empty_and_terminated(void **state)
{
    Str s;
    str_init(&s, *state);
    assert_int_equal(s.n, 0);
    assert_string_equal(s.z, "");
}

static void test_str_append_keeps_bytes_and_length(void **state)
{
    Str s;
    str_init(&s, *state);
    str_append(&s, "기사", strlen("기사"));
    str_append_z(&s, " 입력");
    str_append_char(&s, '!');
    str_append(&s, "ignored tail", 0);
    assert_string_equal(s.z, "기사 입력!");
    assert_int_equal(s.n, strlen("기사 입력!"));
    assert_int_equal(s.z[s.n], 0);
    assert_true(s.nAlloc > s.n);
}

static void test_str_append_grows_past_many_kb(void **state)
{
    Str s;
    str_init(&s, *state);
    for (int i = 0; i < 10000; i++) {
        str_append(&s, "0123456789", 10);
    }
    assert_int_equal(s.n, 100000);
    assert_int_equal(strlen(s.z), 100000);
    for (size_t i = 0; i < s.n; i++) {
        assert_int_equal(s.z[i], '0' + (int)(i % 10));
    }
}

static void test_str_appendf_grows_past_many_kb(void **state)
{
    Str s;
    str_init(&s, *state);
    for (int i = 0; i < 5000; i++) {
        str_appendf(&s, "%d:%s;", i, "댓글");
    }
    assert_int_equal(s.n, strlen(s.z));
    assert_true(s.n > 50000);
    assert_true(str_starts_with(s.z, "0:댓글;1:댓글;"));
    const char *zTail = "4999:댓글;";
    assert_string_equal(s.z + s.n - strlen(zTail), zTail);

    /* One append far bigger than the current capacity. */
    str_clear(&s);
    str_appendf(&s, "%s|%0*d|", "x", 70000, 7);
    assert_int_equal(s.n, 1 + 1 + 70000 + 1);
    assert_int_equal(s.z[s.n - 2], '7');
    assert_int_equal(s.z[2], '0');
}

static void test_str_appendf_empty_result_changes_nothing(void **state)
{
    Str s;
    str_init(&s, *state);
    str_appendf(&s, "%s", "");
    assert_int_equal(s.n, 0);
    assert_string_equal(s.z, "");
    str_append_z(&s, "a");
    str_appendf(&s, "%.0s", "hidden");
    assert_string_equal(s.z, "a");
}

static void test_str_append_binary_bytes_with_nul(void **state)
{
    Str s;
    str_init(&s, *state);
    const char aBin[] = {'a', 0, 'b', (char)0xff, 0};
    str_append(&s, aBin, sizeof(aBin));
    str_append(&s, "c", 1);
    assert_int_equal(s.n, 6);
    assert_memory_equal(s.z, "a\0b\xff\0c", 6);
    assert_int_equal(s.z[6], 0);
    str_append_char(&s, 0);
    assert_int_equal(s.n, 7);
    assert_int_equal(s.z[6], 0);
    assert_int_equal(s.z[7], 0);
}

static void test_str_append_own_bytes_while_growing(void **state)
{
    Str s;
    str_init(&s, *state);
    str_append_z(&s, "abc");
    for (int i = 0; i < 12; i++) {
        str_append(&s, s.z, s.n); /* doubles; the copy outgrows its home */
    }
    assert_int_equal(s.n, 3u << 12);
    for (size_t i = 0; i < s.n; i++) {
        assert_int_equal(s.z[i], "abc"[i % 3]);
    }
}

static void test_str_clear_empties_and_keeps_memory(void **state)
{
    Str s;
    str_init(&s, *state);
    str_clear(&s); /* clearing a never-used Str is allowed */
    assert_string_equal(s.z, "");
    str_append_z(&s, "first contents");
    char *zBefore = s.z;
    size_t nAlloc = s.nAlloc;
    str_clear(&s);
    assert_int_equal(s.n, 0);
    assert_string_equal(s.z, "");
    assert_ptr_equal(s.z, zBefore);
    assert_int_equal(s.nAlloc, nAlloc);
    str_append_z(&s, "second");
    assert_string_equal(s.z, "second");
    assert_ptr_equal(s.z, zBefore);
}

static void test_str_reserve_makes_room_without_moving_later(void **state)
{
    Str s;
    str_init(&s, *state);
    str_reserve(&s, 1000);
    assert_true(s.nAlloc >= 1001);
    char *z = s.z;
    for (int i = 0; i < 1000; i++) {
        str_append_char(&s, 'x');
    }
    assert_ptr_equal(s.z, z);
    assert_int_equal(s.n, 1000);
    assert_string_equal(s.z + 998, "xx");
}

static void test_str_grows_in_place_while_newest_and_copies_after(void **state)
{
    Str s;
    str_init(&s, *state);
    str_append_z(&s, "start");
    char *z = s.z;
    /* Nothing else allocated: doubling extends the buffer in place. */
    for (int i = 0; i < 500; i++) {
        str_append_z(&s, "0123456789");
    }
    assert_ptr_equal(s.z, z);
    /* Another allocation after it: the next growth must copy. */
    char *pOther = arena_alloc(*state, 8);
    memcpy(pOther, "other", 6);
    size_t nBefore = s.n;
    size_t nX = s.nAlloc - s.n;
    for (size_t i = 0; i < nX; i++) {
        str_append_char(&s, 'x');
    }
    assert_ptr_not_equal(s.z, z);
    assert_int_equal(s.n, nBefore + nX);
    assert_int_equal(s.z[nBefore], 'x');
    assert_int_equal(s.z[s.n - 1], 'x');
    assert_memory_equal(s.z, "start0123456789", 15);
    assert_string_equal(pOther, "other");
    assert_int_equal(s.z[s.n], 0);
}

static void test_str_appendf_exactly_the_room_left(void **state)
{
    /* Text that fills the room to the last byte, then one byte more:
       both formatted whole and NUL-terminated. */
    for (int nPad = 0; nPad < 140; nPad++) {
        Str s;
        str_init(&s, *state);
        str_appendf(&s, "%*d", nPad, 7);
        str_appendf(&s, "%s|%d", "한글", 42);
        assert_int_equal(s.n, (size_t)(nPad > 1 ? nPad : 1) + 9);
        assert_int_equal(s.z[s.n], 0);
        assert_string_equal(s.z + s.n - 9, "한글|42");
    }
}

static void test_arena_printf_formats_into_arena(void **state)
{
    char *z = arena_printf(*state, "%s-%03d-%c", "기사", 7, 'z');
    assert_string_equal(z, "기사-007-z");
    z = arena_printf(*state, "%s", "");
    assert_non_null(z);
    assert_string_equal(z, "");
    /* Long results are fine too. */
    z = arena_printf(*state, "%5000d", 1);
    assert_int_equal(strlen(z), 5000);
    assert_int_equal(z[4999], '1');
}

static void test_str_eq_n_compares_exact_length(void **state)
{
    (void)state;
    assert_true(str_eq_n("GET /x", 3, "GET"));
    assert_false(str_eq_n("GET /x", 2, "GET"));
    assert_false(str_eq_n("GET /x", 4, "GET"));
    assert_false(str_eq_n("PUT", 3, "GET"));
    assert_true(str_eq_n("", 0, ""));
    assert_true(str_eq_n("anything", 0, ""));
    /* Bytes after an embedded NUL are compared, not ignored. */
    assert_false(str_eq_n("a\0b", 3, "a"));
}

static void test_str_starts_with_matches_prefix(void **state)
{
    (void)state;
    assert_true(str_starts_with("/article/42", "/article/"));
    assert_true(str_starts_with("/article/42", ""));
    assert_true(str_starts_with("same", "same"));
    assert_false(str_starts_with("/art", "/article/"));
    assert_false(str_starts_with("/Article/1", "/article/"));
    assert_true(str_starts_with("한국어", "한"));
}

static void test_str_parse_int_takes_whole_numbers_in_range(void **state)
{
    (void)state;
    int n = -1;
    assert_true(str_parse_int("30", 1, 30, &n));
    assert_int_equal(n, 30);
    assert_true(str_parse_int("0 \t", 0, 5, &n));
    assert_int_equal(n, 0);
    assert_true(str_parse_int("-1", -1, 5, &n));
    assert_int_equal(n, -1);
    n = 7;
    const char *azBad[] = {
        "", " ", "31", "0", "3x", "x3", "3 4", "1.5", "99999999999999999999"};
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        assert_false(str_parse_int(azBad[i], 1, 30, &n));
    }
    assert_false(str_parse_int(NULL, 1, 30, &n));
    assert_int_equal(n, 7); /* untouched when refused */
}

int main(void)
{
/* Every test gets a fresh arena in its state. */
#define T(f) cmocka_unit_test_setup_teardown(f, setup_arena, teardown_arena)
    const struct CMUnitTest aTest[] = {
        T(test_str_init_is_empty_and_terminated),
        T(test_str_append_keeps_bytes_and_length),
        T(test_str_append_grows_past_many_kb),
        T(test_str_appendf_grows_past_many_kb),
        T(test_str_appendf_empty_result_changes_nothing),
        T(test_str_append_binary_bytes_with_nul),
        T(test_str_append_own_bytes_while_growing),
        T(test_str_clear_empties_and_keeps_memory),
        T(test_str_reserve_makes_room_without_moving_later),
        T(test_str_grows_in_place_while_newest_and_copies_after),
        T(test_str_appendf_exactly_the_room_left),
        T(test_arena_printf_formats_into_arena),
        T(test_str_eq_n_compares_exact_length),
        T(test_str_starts_with_matches_prefix),
        T(test_str_parse_int_takes_whole_numbers_in_range),
    };
#undef T
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
