/*
 * article_summary_test.c — unit tests for articles/article_summary.c: the
 * summary that share cards and feeds show, from the subtitle or from the
 * start of the body, cut at a space with "…".
 * A standalone program: `build/san/unit/articles/article_summary_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "articles/articles.h"
#include "view/markdown.h"

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

/* Code points in the NUL-terminated UTF-8 'z'. */
static int count_chars(const char *z)
{
    int n = 0;
    for (; *z != 0; z++) {
        n += ((unsigned char)*z & 0xC0) != 0x80;
    }
    return n;
}

/* True when 'z' ends with 'zEnd'. */
static bool ends_with(const char *z, const char *zEnd)
{
    size_t n = strlen(z), nEnd = strlen(zEnd);
    return n >= nEnd && memcmp(z + n - nEnd, zEnd, nEnd) == 0;
}

static void test_article_clip_text_keeps_short_text(void **state)
{
    Arena *a = *state;
    assert_string_equal(article_clip_text(a, "", 10), "");
    assert_string_equal(article_clip_text(a, "짧은 글", 10), "짧은 글");
    assert_string_equal(article_clip_text(a, "다섯글자다", 5), "다섯글자다");
}

static void test_article_clip_text_collapses_white_space(void **state)
{
    Arena *a = *state;
    assert_string_equal(
        article_clip_text(a, "  첫 문단.\n\n둘째\t문단 \r\n", 100),
        "첫 문단. 둘째 문단");
    assert_string_equal(article_clip_text(a, " \n\t ", 100), "");
}

static void test_article_clip_text_cuts_at_a_space(void **state)
{
    Arena *a = *state;
    assert_string_equal(article_clip_text(a, "가나다 라마바 사아자", 9),
                        "가나다 라마바…");
    assert_string_equal(article_clip_text(a, "가나다 라마바 사아자", 8),
                        "가나다 라마바…");
    assert_string_equal(article_clip_text(a, "가나다 라마바사아자", 8),
                        "가나다 라마바사…");
    /* A space too early would lose too much: cut inside the word. */
    assert_string_equal(article_clip_text(a, "가 나다라마바사아자", 6),
                        "가 나다라마…");
}

static void test_article_clip_text_never_splits_a_character(void **state)
{
    Arena *a = *state;
    /* Hangul (3 bytes), Hanja (3), Latin (1) and an emoji (4). */
    const char *zText = "訪中한 장관은 AI·반도체 협력을 논의했다 😀 그리고";
    for (int n = 1; n < 40; n++) {
        char *z = article_clip_text(a, zText, n);
        assert_true(count_chars(z) <= n + 1);
        /* Valid UTF-8 means no continuation byte right after ASCII. */
        for (const char *p = z; *p != 0; p++) {
            if (((unsigned char)*p & 0xC0) == 0x80) {
                assert_true(p > z && ((unsigned char)p[-1] & 0x80) != 0);
            }
        }
    }
}

static void test_article_summary_prefers_the_subtitle(void **state)
{
    Arena *a = *state;
    Article art = {0};
    art.zSubtitle = "최양희 장관 이달 17일~20일 방중(訪中)";
    art.zBodyMd = "본문 첫 문장.";
    char *z = NULL;
    assert_int_equal(article_summary(a, &art, &z), OK);
    assert_string_equal(z, "최양희 장관 이달 17일~20일 방중(訪中)");
}

static void test_article_summary_uses_the_body_as_plain_text(void **state)
{
    Arena *a = *state;
    Article art = {0};
    art.zSubtitle = "";
    art.zBodyMd = "**미래창조과학부**는 [중국](https://example.com)과\n"
                  "협력한다.\n\n> 인용 & <b>태그</b>\n\n- 목록";
    char *z = NULL;
    assert_int_equal(article_summary(a, &art, &z), OK);
    /* No Markdown characters; the raw HTML is dropped or kept as text,
       never as a tag the card would show. */
    assert_null(strchr(z, '*'));
    assert_null(strchr(z, '['));
    assert_null(strstr(z, "https://"));
    assert_true(strncmp(z, "미래창조과학부는 중국과 협력한다.", 47) == 0);
}

static void test_article_summary_cuts_a_long_body(void **state)
{
    Arena *a = *state;
    Article art = {0};
    art.zSubtitle = "";
    Str s;
    str_init(&s, a);
    for (int i = 0; i < 100; i++) {
        str_append_z(&s, "산업일보 기사 ");
    }
    art.zBodyMd = s.z;
    char *z = NULL;
    assert_int_equal(article_summary(a, &art, &z), OK);
    assert_true(count_chars(z) <= ARTICLE_SUMMARY_CHARS + 1);
    assert_true(count_chars(z) > ARTICLE_SUMMARY_CHARS * 2 / 3);
    assert_true(ends_with(z, "기사…") || ends_with(z, "산업일보…"));
}

static void test_article_summary_of_a_list_row_is_empty(void **state)
{
    Arena *a = *state;
    Article art = {0};
    art.zSubtitle = "";
    char *z = NULL;
    assert_int_equal(article_summary(a, &art, &z), OK);
    assert_string_equal(z, "");
}

int main(void)
{
    markdown_init();
#define T(f) cmocka_unit_test_setup_teardown(f, setup_arena, teardown_arena)
    const struct CMUnitTest aTest[] = {
        T(test_article_clip_text_keeps_short_text),
        T(test_article_clip_text_collapses_white_space),
        T(test_article_clip_text_cuts_at_a_space),
        T(test_article_clip_text_never_splits_a_character),
        T(test_article_summary_prefers_the_subtitle),
        T(test_article_summary_uses_the_body_as_plain_text),
        T(test_article_summary_cuts_a_long_body),
        T(test_article_summary_of_a_list_row_is_empty),
    };
#undef T
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
