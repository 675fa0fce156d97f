/*
 * utf8_test.c — unit tests for UTF-8 checks and counting (base/utf8.c).
 *
 * Checks the promises of utf8.h the way comments and articles use them:
 * malformed input (overlong forms, surrogates, truncated sequences, NUL)
 * is refused; decomposed Hangul becomes one precomposed syllable; CRLF
 * and lone CR become LF; characters are counted the way a reader sees
 * them (emoji sequences and flags are one); and text made only of spaces
 * or invisible fillers counts as blank.  A standalone program:
 * `build/san/unit/base/utf8_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/str.h"
#include "base/utf8.h"

/* utf8_valid() on a NUL-terminated literal. */
static bool valid_z(const char *z)
{
    return utf8_valid(z, strlen(z));
}

/* utf8_graphemes() on a NUL-terminated literal. */
static size_t graphemes_z(const char *z)
{
    return utf8_graphemes(z, strlen(z));
}

/* utf8_is_blank() on a NUL-terminated literal. */
static bool blank_z(const char *z)
{
    return utf8_is_blank(z, strlen(z));
}

static void test_utf8_valid_accepts_well_formed_text(void **state)
{
    (void)state;
    assert_true(valid_z(""));
    assert_true(valid_z("plain ASCII"));
    assert_true(valid_z("한국산업 기사입력 2014-12-19"));
    assert_true(valid_z("訪中 — «é» \u00a0"));
    assert_true(valid_z("\U0001F600 emoji"));
    assert_true(valid_z("\xf4\x8f\xbf\xbf")); /* U+10FFFF, the last */
    assert_true(valid_z("\xef\xbf\xbd"));     /* U+FFFD */
}

static void test_utf8_valid_rejects_overlong_forms(void **state)
{
    (void)state;
    assert_false(valid_z("\xc0\xaf")); /* '/' in two bytes */
    assert_false(valid_z("\xc1\xbf"));
    assert_false(valid_z("\xe0\x80\xaf"));     /* '/' in three bytes */
    assert_false(valid_z("\xe0\x9f\xbf"));     /* U+07FF in three */
    assert_false(valid_z("\xf0\x80\x80\xaf")); /* '/' in four bytes */
    assert_false(valid_z("\xf0\x8f\xbf\xbf")); /* U+FFFF in four */
    assert_false(utf8_valid("\xc0\x80", 2));   /* "modified UTF-8" NUL */
}

static void test_utf8_valid_rejects_surrogates_and_out_of_range(void **state)
{
    (void)state;
    assert_false(valid_z("\xed\xa0\x80"));             /* U+D800 */
    assert_false(valid_z("\xed\xbf\xbf"));             /* U+DFFF */
    assert_false(valid_z("\xed\xa0\xbd\xed\xb8\x80")); /* CESU-8 pair */
    assert_false(valid_z("\xf4\x90\x80\x80"));         /* U+110000 */
    assert_false(valid_z("\xf5\x80\x80\x80"));
    assert_false(valid_z("\xff"));
    assert_false(valid_z("\xfe"));
}

static void test_utf8_valid_rejects_truncated_sequences(void **state)
{
    (void)state;
    const char *zHan = "한"; /* ED 95 9C */
    assert_true(utf8_valid(zHan, 3));
    assert_false(utf8_valid(zHan, 2));
    assert_false(utf8_valid(zHan, 1));
    assert_false(valid_z("abc\xed\x95"));
    assert_false(valid_z("\xf0\x9f\x98")); /* 3 of 4 bytes */
    assert_false(valid_z("\xed\x95 x"));   /* cut short by a space */
    assert_false(valid_z("\x80"));         /* lone continuation */
    assert_false(valid_z("a\x9c"));
    /* A chunk boundary inside a syllable: each half alone is invalid. */
    const char *zText = "기사입력";
    assert_false(utf8_valid(zText, 4));
    assert_false(utf8_valid(zText + 4, strlen(zText) - 4));
}

static void test_utf8_valid_rejects_nul_byte(void **state)
{
    (void)state;
    assert_false(utf8_valid("a\0b", 3));
    assert_false(utf8_valid("\0", 1));
    assert_true(utf8_valid("a\0b", 1));
}

static void test_utf8_nfc_composes_hangul_jamo(void **state)
{
    Arena *a = *state;
    const char *zJamo = "\u1112\u1161\u11ab"; /* ᄒ ᅡ ᆫ */
    size_t nOut = 0;
    char *z = utf8_nfc(a, zJamo, strlen(zJamo), &nOut);
    assert_string_equal(z, "한");
    assert_int_equal(nOut, 3);
    const char *zWord = "\u1112\u1161\u11ab\u1100\u116e\u11a8"; /* 한국 */
    z = utf8_nfc(a, zWord, strlen(zWord), NULL);
    assert_string_equal(z, "한국");
}

static void test_utf8_nfc_composes_latin_and_keeps_nfc(void **state)
{
    Arena *a = *state;
    size_t nOut = 99;
    char *z = utf8_nfc(a, "Cafe\u0301", strlen("Cafe\u0301"), &nOut);
    assert_string_equal(z, "Caf\u00e9");
    assert_int_equal(nOut, strlen("Caf\u00e9"));
    const char *zDone = "이미 NFC인 글 訪中";
    z = utf8_nfc(a, zDone, strlen(zDone), &nOut);
    assert_string_equal(z, zDone);
    assert_int_equal(nOut, strlen(zDone));
    z = utf8_nfc(a, "", 0, &nOut);
    assert_non_null(z);
    assert_string_equal(z, "");
    assert_int_equal(nOut, 0);
}

static void test_utf8_nfc_rejects_invalid_input(void **state)
{
    Arena *a = *state;
    assert_null(utf8_nfc(a, "\xc0\xaf", 2, NULL));
    assert_null(utf8_nfc(a, "\xed\xa0\x80", 3, NULL));
    assert_null(utf8_nfc(a, "ok\xed\x95", 4, NULL));
}

/* 'zBase' then 'nMark' combining marks alternating U+0301 (class 230) and
   U+0316 (class 220), the order canonical reordering has to sort. */
static char *marks(Arena *a, const char *zBase, size_t nMark)
{
    size_t nBase = strlen(zBase);
    char *z = arena_alloc(a, nBase + nMark * 2 + 1);
    memcpy(z, zBase, nBase);
    for (size_t i = 0; i < nMark; i++) {
        memcpy(z + nBase + i * 2, i % 2 ? "\u0316" : "\u0301", 2);
    }
    return z;
}

static void test_utf8_stream_safe_allows_30_marks_in_a_row(void **state)
{
    Arena *a = *state;
    char *z = marks(a, "a", UTF8_NONSTARTERS_MAX);
    assert_true(utf8_stream_safe(z, strlen(z)));
    /* A starter between two runs of 30 resets the count. */
    char *z2 = arena_printf(a, "%s%s", z, marks(a, "b", UTF8_NONSTARTERS_MAX));
    assert_true(utf8_stream_safe(z2, strlen(z2)));
    assert_true(utf8_stream_safe("", 0));
    const char *zText = "한국산업 기사 Café Việt Nam ཀྵྐྵ";
    assert_true(utf8_stream_safe(zText, strlen(zText)));
}

static void test_utf8_stream_safe_refuses_31_marks_in_a_row(void **state)
{
    Arena *a = *state;
    char *z = marks(a, "a", UTF8_NONSTARTERS_MAX + 1);
    assert_false(utf8_stream_safe(z, strlen(z)));
    /* Marks at the very start count too. */
    z = marks(a, "", UTF8_NONSTARTERS_MAX + 1);
    assert_false(utf8_stream_safe(z, strlen(z)));
    assert_false(utf8_stream_safe("\xc0\xaf", 2)); /* invalid UTF-8 */
}

static void test_utf8_stream_safe_counts_decomposed_non_starters(void **state)
{
    Arena *a = *state;
    /* U+0344 decomposes into two non-starters: 15 of them make 30. */
    Str s;
    str_init(&s, a);
    str_append_z(&s, "a");
    for (int i = 0; i < 15; i++) {
        str_append_z(&s, "\u0344");
    }
    assert_true(utf8_stream_safe(s.z, s.n));
    str_append_z(&s, "\u0301");
    assert_false(utf8_stream_safe(s.z, s.n));
    /* U+00A8 is SPACE + U+0308 in NFKD: its trailing mark joins the run
       that follows it. */
    char *z = marks(a, "\u00a8", UTF8_NONSTARTERS_MAX);
    assert_false(utf8_stream_safe(z, strlen(z)));
    z = marks(a, "\u00a8", UTF8_NONSTARTERS_MAX - 1);
    assert_true(utf8_stream_safe(z, strlen(z)));
}

/* Issue 8: 100,000 alternating marks took ~15 s to normalise; now they
   are refused after one linear pass. */
static void test_utf8_nfc_refuses_long_runs_of_marks(void **state)
{
    Arena *a = *state;
    char *z = marks(a, "a", 100000);
    assert_null(utf8_nfc(a, z, strlen(z), NULL));
    z = marks(a, "e", UTF8_NONSTARTERS_MAX);
    size_t nOut = 0;
    char *zNfc = utf8_nfc(a, z, strlen(z), &nOut);
    assert_non_null(zNfc);
    /* NFC composes e + U+0301 and sorts class 220 before 230. */
    assert_memory_equal(zNfc, "\u00e9\u0316", strlen("\u00e9\u0316"));
}

static void test_utf8_crlf_to_lf_turns_crlf_and_lone_cr_into_lf(void **state)
{
    (void)state;
    char z1[] = "첫 줄\r\n둘째 줄\r\n";
    assert_int_equal(utf8_crlf_to_lf(z1), strlen("첫 줄\n둘째 줄\n"));
    assert_string_equal(z1, "첫 줄\n둘째 줄\n");
    char z2[] = "a\rb\r\rc\r";
    assert_int_equal(utf8_crlf_to_lf(z2), 7);
    assert_string_equal(z2, "a\nb\n\nc\n");
    char z3[] = "\r\r\n\n\n\r";
    assert_int_equal(utf8_crlf_to_lf(z3), 5);
    assert_string_equal(z3, "\n\n\n\n\n");
    char z4[] = "no breaks";
    assert_int_equal(utf8_crlf_to_lf(z4), 9);
    assert_string_equal(z4, "no breaks");
    char z5[] = "";
    assert_int_equal(utf8_crlf_to_lf(z5), 0);
}

static void test_utf8_graphemes_counts_hangul_syllables(void **state)
{
    (void)state;
    assert_int_equal(graphemes_z(""), 0);
    assert_int_equal(graphemes_z("abc"), 3);
    assert_int_equal(graphemes_z("한국어"), 3);
    assert_int_equal(graphemes_z("기사 입력"), 5);
    assert_int_equal(graphemes_z("訪中"), 2);
}

static void test_utf8_graphemes_decomposed_jamo_is_one(void **state)
{
    (void)state;
    assert_int_equal(graphemes_z("\u1112\u1161\u11ab"), 1);
    assert_int_equal(graphemes_z("\u1112\u1161\u11ab\u1100\u116e\u11a8"), 2);
    assert_int_equal(graphemes_z("e\u0301"), 1);
}

static void test_utf8_graphemes_emoji_sequences_are_one(void **state)
{
    (void)state;
    assert_int_equal(graphemes_z("\U0001F44D"), 1);           /* 👍 */
    assert_int_equal(graphemes_z("\U0001F44D\U0001F3FD"), 1); /* 👍🏽 */
    /* 👨‍👩‍👧‍👦: four people joined by ZWJ */
    assert_int_equal(graphemes_z("\U0001F468\u200d\U0001F469\u200d"
                                 "\U0001F467\u200d\U0001F466"),
                     1);
    assert_int_equal(graphemes_z("\U0001F1F0\U0001F1F7"), 1); /* 🇰🇷 */
    assert_int_equal(graphemes_z("\U0001F1F0\U0001F1F7\U0001F1EF\U0001F1F5"),
                     2); /* 🇰🇷🇯🇵 */
    assert_int_equal(graphemes_z("좋아요\U0001F44D\U0001F3FD!"), 5);
}

static void test_utf8_graphemes_line_breaks_after_crlf_to_lf(void **state)
{
    (void)state;
    /* CRLF is one grapheme, so counting is the same before and after. */
    char z[] = "a\r\nb\r\n";
    assert_int_equal(graphemes_z(z), 4);
    assert_int_equal(utf8_crlf_to_lf(z), 4);
    assert_string_equal(z, "a\nb\n");
    assert_int_equal(graphemes_z(z), 4);
    /* A lone CR counts once, as the LF it becomes. */
    char z2[] = "a\r\r";
    assert_int_equal(graphemes_z(z2), 3);
    utf8_crlf_to_lf(z2);
    assert_int_equal(graphemes_z(z2), 3);
}

static void test_utf8_is_blank_accepts_unicode_spaces(void **state)
{
    (void)state;
    assert_true(blank_z(""));
    assert_true(blank_z(" "));
    assert_true(blank_z(" \t\r\n\v\f"));
    assert_true(blank_z("\u3000\u3000"));       /* ideographic space */
    assert_true(blank_z("\u00a0"));             /* no-break space */
    assert_true(blank_z("\u2003\u2009\u202f")); /* em, thin, narrow nbsp */
    assert_true(blank_z("\u2028\u2029"));       /* line/para separator */
}

static void test_utf8_is_blank_accepts_invisible_fillers(void **state)
{
    (void)state;
    assert_true(blank_z("\u200b")); /* zero-width space */
    assert_true(blank_z("\ufeff")); /* BOM */
    assert_true(blank_z("\u3164")); /* Hangul filler */
    assert_true(blank_z("\u115f")); /* choseong filler */
    assert_true(blank_z("\u1160")); /* jungseong filler */
    assert_true(blank_z("\uffa0")); /* halfwidth filler */
    assert_true(blank_z(" \u3164\u200b\u3000\u115f\u1160 "));
}

static void test_utf8_is_blank_rejects_visible_text(void **state)
{
    (void)state;
    assert_false(blank_z("a"));
    assert_false(blank_z("  .  "));
    assert_false(blank_z("\u3000한\u3000"));
    assert_false(blank_z("\u115f\u1161")); /* filler + vowel shows */
    assert_false(blank_z("\U0001F600"));
    assert_false(blank_z("\xed\xa0\x80")); /* invalid is not blank */
    assert_false(utf8_is_blank(" \0 ", 3));
}

/* Each test gets a fresh arena in its state. */
static int setup_arena(void **state)
{
    static Arena a;
    arena_init(&a);
    *state = &a;
    return 0;
}

static int teardown_arena(void **state)
{
    arena_close(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest aTest[] = {
        cmocka_unit_test(test_utf8_valid_accepts_well_formed_text),
        cmocka_unit_test(test_utf8_valid_rejects_overlong_forms),
        cmocka_unit_test(test_utf8_valid_rejects_surrogates_and_out_of_range),
        cmocka_unit_test(test_utf8_valid_rejects_truncated_sequences),
        cmocka_unit_test(test_utf8_valid_rejects_nul_byte),
        cmocka_unit_test_setup_teardown(test_utf8_nfc_composes_hangul_jamo,
                                        setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_utf8_nfc_composes_latin_and_keeps_nfc, setup_arena,
            teardown_arena),
        cmocka_unit_test_setup_teardown(test_utf8_nfc_rejects_invalid_input,
                                        setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_utf8_stream_safe_allows_30_marks_in_a_row, setup_arena,
            teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_utf8_stream_safe_refuses_31_marks_in_a_row, setup_arena,
            teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_utf8_stream_safe_counts_decomposed_non_starters, setup_arena,
            teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_utf8_nfc_refuses_long_runs_of_marks, setup_arena,
            teardown_arena),
        cmocka_unit_test(test_utf8_crlf_to_lf_turns_crlf_and_lone_cr_into_lf),
        cmocka_unit_test(test_utf8_graphemes_counts_hangul_syllables),
        cmocka_unit_test(test_utf8_graphemes_decomposed_jamo_is_one),
        cmocka_unit_test(test_utf8_graphemes_emoji_sequences_are_one),
        cmocka_unit_test(test_utf8_graphemes_line_breaks_after_crlf_to_lf),
        cmocka_unit_test(test_utf8_is_blank_accepts_unicode_spaces),
        cmocka_unit_test(test_utf8_is_blank_accepts_invisible_fillers),
        cmocka_unit_test(test_utf8_is_blank_rejects_visible_text),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
