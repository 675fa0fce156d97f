/*
 * manuscript_test.c — unit tests for newsroom/manuscript.c: the 원고지
 * count the editor shows, the same as static/editor.js (spaces count,
 * line breaks do not, a started sheet counts, one character per grapheme
 * cluster).  A standalone program: `build/san/unit/newsroom/manuscript_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/str.h"
#include "newsroom/manuscript.h"

static ManuscriptCount count(const char *z)
{
    ManuscriptCount mc = {-1, -1};
    manuscript_count(z, strlen(z), &mc);
    return mc;
}

static void test_empty_text_is_no_sheet(void **state)
{
    (void)state;
    ManuscriptCount mc = count("");
    assert_int_equal(mc.nChars, 0);
    assert_int_equal(mc.nSheets, 0);
}

static void test_a_started_sheet_counts_whole(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    Str s;
    str_init(&s, &a);
    for (int i = 0; i < 200; i++) {
        str_append_z(&s, "가");
    }
    ManuscriptCount mc = count(s.z);
    assert_int_equal(mc.nChars, 200);
    assert_int_equal(mc.nSheets, 1);
    str_append_z(&s, "나");
    mc = count(s.z);
    assert_int_equal(mc.nChars, 201);
    assert_int_equal(mc.nSheets, 2);
    assert_int_equal(count("한").nSheets, 1);
    arena_close(&a);
}

static void test_spaces_count_and_line_breaks_do_not(void **state)
{
    (void)state;
    /* 정부는(3) space(1) 발표했다.(5) = 9; two line breaks; 3 more. */
    ManuscriptCount mc = count("정부는 발표했다.\n\n끝이다");
    assert_int_equal(mc.nChars, 12);
    assert_int_equal(count("a b  c").nChars, 6);
    assert_int_equal(count("\n\n\n").nChars, 0);
}

static void test_a_grapheme_cluster_is_one_character(void **state)
{
    (void)state;
    /* e + combining acute; conjoining jamo 한; a family emoji (ZWJ);
       a flag (two regional indicators). */
    assert_int_equal(count("e\xCC\x81").nChars, 1);
    assert_int_equal(count("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB").nChars, 1);
    assert_int_equal(count("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2"
                           "\x80\x8D\xF0\x9F\x91\xA7")
                         .nChars,
                     1);
    assert_int_equal(count("\xF0\x9F\x87\xB0\xF0\x9F\x87\xB7").nChars, 1);
    /* Hangul, Latin and digits: one each. */
    assert_int_equal(count("AI반도체 2024년").nChars, 11);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_text_is_no_sheet),
        cmocka_unit_test(test_a_started_sheet_counts_whole),
        cmocka_unit_test(test_spaces_count_and_line_breaks_do_not),
        cmocka_unit_test(test_a_grapheme_cluster_is_one_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
