/*
 * worddiff_test.c — unit tests for base/worddiff.c: tokens at 어절 and
 * punctuation, identical texts, an insertion inside a Korean sentence,
 * Hangul, Latin and digits mixed, very long texts (found, then capped),
 * bytes that are not UTF-8.  A standalone program:
 * `build/san/unit/base/worddiff_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/str.h"
#include "base/worddiff.h"

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

/* The diff of 'zA' and 'zB' as one line: kept text as is, deleted text in
   [-…-], inserted text in {+…+}. */
static const char *show(Arena *a, const char *zA, const char *zB, int nMax,
                        WordDiff *pd)
{
    WordDiff d;
    worddiff(a, zA, strlen(zA), zB, strlen(zB), nMax, &d);
    Str s;
    str_init(&s, a);
    for (int i = 0; i < d.nSpan; i++) {
        const WordDiffSpan *sp = &d.aSpan[i];
        if (sp->kind == WORDDIFF_SAME) {
            str_append(&s, zA + sp->iA, sp->n);
        } else if (sp->kind == WORDDIFF_DEL) {
            str_append_z(&s, "[-");
            str_append(&s, zA + sp->iA, sp->n);
            str_append_z(&s, "-]");
        } else {
            str_append_z(&s, "{+");
            str_append(&s, zB + sp->iB, sp->n);
            str_append_z(&s, "+}");
        }
    }
    if (pd != NULL) {
        *pd = d;
    }
    return s.z;
}

/* The tokens of 'z' joined by '|'. */
static const char *tokens(Arena *a, const char *z)
{
    Str s;
    str_init(&s, a);
    size_t n = strlen(z);
    for (size_t i = 0; i < n;) {
        size_t j = worddiff_token_end(z, n, i);
        if (i > 0) {
            str_append_char(&s, '|');
        }
        str_append(&s, z + i, j - i);
        i = j;
    }
    return s.z;
}

static void test_tokens_are_eojeol_spaces_and_single_punctuation(void **state)
{
    Arena *a = *state;
    assert_string_equal(tokens(a, "정부는 5G망을 깔았다."),
                        "정부는| |5G망을| |깔았다|.");
    assert_string_equal(tokens(a, "\"AI반도체\", 2024년(예정)"),
                        "\"|AI반도체|\"|,| |2024년|(|예정|)");
    assert_string_equal(tokens(a, "가  \n\n나"), "가|  \n\n|나");
    /* 3.5%: digits, a point, digits, a percent sign. */
    assert_string_equal(tokens(a, "3.5%의"), "3|.|5|%|의");
}

static void test_identical_texts_are_one_kept_span(void **state)
{
    Arena *a = *state;
    const char *z = "산업통상자원부는 19일 반도체 수출이 늘었다고 밝혔다.";
    WordDiff d;
    assert_string_equal(show(a, z, z, WORDDIFF_EDITS_DEFAULT, &d), z);
    assert_int_equal(d.nSpan, 1);
    assert_int_equal(d.aSpan[0].kind, WORDDIFF_SAME);
    assert_int_equal(d.nEdit, 0);
    assert_false(d.bCapped);
    show(a, "", "", WORDDIFF_EDITS_DEFAULT, &d);
    assert_int_equal(d.nSpan, 0);
}

static void
test_an_insertion_inside_a_sentence_is_just_the_new_words(void **state)
{
    Arena *a = *state;
    WordDiff d;
    assert_string_equal(show(a, "정부는 정책을 발표했다.",
                             "정부는 새로운 정책을 발표했다.",
                             WORDDIFF_EDITS_DEFAULT, &d),
                        "정부는 {+새로운 +}정책을 발표했다.");
    assert_int_equal(d.nEdit, 2); /* the word and its space */
    /* A particle changed: the whole 어절 is the change, never half a
       syllable's bytes. */
    assert_string_equal(show(a, "정부는 정책을 발표했다.",
                             "정부가 정책을 발표했다.", WORDDIFF_EDITS_DEFAULT,
                             NULL),
                        "[-정부는-]{+정부가+} 정책을 발표했다.");
    /* A deletion at the end and a full stop turned into a question. */
    assert_string_equal(show(a, "수출이 늘었다. 수입도 늘었다.",
                             "수출이 늘었다?", WORDDIFF_EDITS_DEFAULT, NULL),
                        "수출이 늘었다[-. 수입도 늘었다.-]{+?+}");
}

static void test_hangul_latin_and_digits_mixed(void **state)
{
    Arena *a = *state;
    assert_string_equal(
        show(a, "삼성전자는 2024년 AI반도체 매출 3.5조원을 기록했다.",
             "삼성전자는 2025년 AI반도체 매출 4.1조원을 기록했다.",
             WORDDIFF_EDITS_DEFAULT, NULL),
        "삼성전자는 [-2024년-]{+2025년+} AI반도체 매출 [-3-]{+4+}.[-5조원을-]"
        "{+1조원을+} 기록했다.");
    assert_string_equal(show(a, "LG에너지솔루션(LGES)의 CEO는",
                             "LG에너지솔루션(LGES·엘지)의 사장은",
                             WORDDIFF_EDITS_DEFAULT, NULL),
                        "LG에너지솔루션(LGES{+·엘지+})의 [-CEO는-]{+사장은+}");
    /* Without the brackets the 어절 is one token: all of it changed. */
    assert_string_equal(show(a, "LG에너지솔루션(LGES)의 CEO",
                             "LG에너지솔루션의 CEO", WORDDIFF_EDITS_DEFAULT,
                             NULL),
                        "[-LG에너지솔루션(LGES)의-]{+LG에너지솔루션의+} CEO");
}

/* 'nWord' 어절 "단어N" separated by spaces, every 'nEvery'-th one
   replaced by "바뀐N" (0: none). */
static const char *long_text(Arena *a, int nWord, int nEvery)
{
    Str s;
    str_init(&s, a);
    for (int i = 0; i < nWord; i++) {
        bool bChanged = nEvery > 0 && i % nEvery == nEvery / 2;
        str_appendf(&s, "%s%s%d", i ? " " : "", bChanged ? "바뀐" : "단어", i);
    }
    return s.z;
}

static void test_very_long_texts_are_diffed_within_the_cap(void **state)
{
    Arena *a = *state;
    /* 50,000 어절 (about 400 KB), one in a hundred changed: 500 pairs. */
    const char *zA = long_text(a, 50000, 0);
    const char *zB = long_text(a, 50000, 100);
    WordDiff d;
    worddiff(a, zA, strlen(zA), zB, strlen(zB), WORDDIFF_EDITS_DEFAULT, &d);
    assert_false(d.bCapped);
    assert_int_equal(d.nEdit, 1000);
    int nDel = 0;
    for (int i = 0; i < d.nSpan; i++) {
        if (d.aSpan[i].kind == WORDDIFF_DEL) {
            assert_memory_equal(zA + d.aSpan[i].iA, "단어", strlen("단어"));
            nDel++;
        }
    }
    assert_int_equal(nDel, 500);
}

static void test_past_the_cap_the_middle_is_replaced_whole(void **state)
{
    Arena *a = *state;
    const char *zA = long_text(a, 50000, 0);
    const char *zB = long_text(a, 50000, 10); /* 5,000 changed 어절 */
    WordDiff d;
    worddiff(a, zA, strlen(zA), zB, strlen(zB), WORDDIFF_EDITS_DEFAULT, &d);
    assert_true(d.bCapped);
    /* Kept head, one deletion, one insertion, kept tail. */
    assert_int_equal(d.nSpan, 4);
    assert_int_equal(d.aSpan[0].kind, WORDDIFF_SAME);
    assert_int_equal(d.aSpan[1].kind, WORDDIFF_DEL);
    assert_int_equal(d.aSpan[2].kind, WORDDIFF_INS);
    assert_int_equal(d.aSpan[3].kind, WORDDIFF_SAME);
    assert_memory_equal(zA + d.aSpan[0].iA, "단어0 단어1 단어2 단어3 단어4 ",
                        strlen("단어0 단어1 단어2 단어3 단어4 "));
    /* A small cap gives up on a small change too, the same way. */
    assert_string_equal(show(a, "가 나 다 라", "가 너 다 러", 1, &d),
                        "가 [-나 다 라-]{+너 다 러+}");
    assert_true(d.bCapped);
}

static void test_a_rewritten_phrase_is_one_change_not_word_by_word(void **state)
{
    Arena *a = *state;
    /* The space kept between two changed 어절 joins them. */
    assert_string_equal(
        show(a, "첫 문장. 이데스크가 고친 둘째 문장.",
             "첫 문장. 박데스크가 쓴 둘째 문장.", WORDDIFF_EDITS_DEFAULT, NULL),
        "첫 문장. [-이데스크가 고친-]{+박데스크가 쓴+} 둘째 문장.");
    /* A kept word between changes stays kept. */
    assert_string_equal(
        show(a, "가 나 다", "라 나 마", WORDDIFF_EDITS_DEFAULT, NULL),
        "[-가-]{+라+} 나 [-다-]{+마+}");
}

static void test_bytes_that_are_not_utf8_are_tokens_of_their_own(void **state)
{
    Arena *a = *state;
    /* A lone continuation byte and a cut-off Hangul syllable. */
    const char zA[] = "가\x80나 \xEA\xB0";
    const char zB[] = "가\x81나 \xEA\xB0";
    WordDiff d;
    worddiff(a, zA, sizeof(zA) - 1, zB, sizeof(zB) - 1, 10, &d);
    assert_int_equal(d.nEdit, 2);
    assert_int_equal(worddiff_fuzz_one((const uint8_t *)"a b\0a c", 7), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_tokens_are_eojeol_spaces_and_single_punctuation, setup_arena,
            teardown_arena),
        cmocka_unit_test_setup_teardown(test_identical_texts_are_one_kept_span,
                                        setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_an_insertion_inside_a_sentence_is_just_the_new_words,
            setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_hangul_latin_and_digits_mixed,
                                        setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_very_long_texts_are_diffed_within_the_cap, setup_arena,
            teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_past_the_cap_the_middle_is_replaced_whole, setup_arena,
            teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_a_rewritten_phrase_is_one_change_not_word_by_word, setup_arena,
            teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_bytes_that_are_not_utf8_are_tokens_of_their_own, setup_arena,
            teardown_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
