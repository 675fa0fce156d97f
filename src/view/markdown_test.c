/*
 * markdown_test.c — unit tests for view/markdown.c.
 *
 * Each test renders a Markdown literal with markdown_render() into a
 * per-test arena and checks the HTML that would be stored as an article's
 * body_html: the GitHub extensions work, Hangul passes through, and the
 * safe mode drops raw HTML and blanks dangerous link targets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "view/safe_html.h"
#include "view/markdown.h"

/* Arena of the running test; set up and closed around each test. */
static Arena testArena;

static int test_setup(void **ppState)
{
    (void)ppState;
    arena_init(&testArena);
    return 0;
}

static int test_teardown(void **ppState)
{
    (void)ppState;
    arena_close(&testArena);
    return 0;
}

/* Render 'zMd' and return the HTML (test arena). */
static const char *md(const char *zMd)
{
    const SafeHtml *h = NULL;
    assert_int_equal(markdown_render(&testArena, zMd, strlen(zMd), &h), OK);
    assert_non_null(h);
    assert_non_null(h->z);
    assert_int_equal(strlen(h->z), h->n);
    return h->z;
}

static void test_markdown_renders_paragraphs_and_emphasis(void **ppState)
{
    (void)ppState;
    assert_string_equal(md("첫 문단 *강조* **굵게**\n\n둘째 문단"),
                        "<p>첫 문단 <em>강조</em> <strong>굵게</strong></p>\n"
                        "<p>둘째 문단</p>\n");
}

static void test_markdown_renders_table(void **ppState)
{
    (void)ppState;
    assert_string_equal(md("| 구분 | 수 |\n|---|--:|\n| 가 | 1 |\n"),
                        "<table>\n<thead>\n<tr>\n<th>구분</th>\n"
                        "<th align=\"right\">수</th>\n</tr>\n</thead>\n"
                        "<tbody>\n<tr>\n<td>가</td>\n"
                        "<td align=\"right\">1</td>\n</tr>\n</tbody>\n"
                        "</table>\n");
}

static void test_markdown_renders_strikethrough(void **ppState)
{
    (void)ppState;
    assert_string_equal(md("~~정정 전~~ 정정 후"),
                        "<p><del>정정 전</del> 정정 후</p>\n");
}

static void test_markdown_autolinks_bare_urls(void **ppState)
{
    (void)ppState;
    assert_string_equal(md("출처: https://example.com/a?b=1 와 www.x.kr"),
                        "<p>출처: <a href=\"https://example.com/a?b=1\">"
                        "https://example.com/a?b=1</a> 와 "
                        "<a href=\"http://www.x.kr\">www.x.kr</a></p>\n");
}

static void test_markdown_drops_raw_html_block(void **ppState)
{
    (void)ppState;
    const char *zHtml = md("<script>alert(1)</script>\n\n본문");
    assert_null(strstr(zHtml, "<script"));
    assert_string_equal(zHtml, "<!-- raw HTML omitted -->\n<p>본문</p>\n");
}

static void test_markdown_drops_inline_raw_html(void **ppState)
{
    (void)ppState;
    const char *zHtml =
        md("a <img src=x onerror=alert(1)> b <SCRIPT>x</SCRIPT>");
    assert_null(strstr(zHtml, "<img"));
    assert_null(strstr(zHtml, "<SCRIPT"));
    assert_null(strstr(zHtml, "onerror"));
}

static void test_markdown_blanks_javascript_link(void **ppState)
{
    (void)ppState;
    assert_string_equal(md("[x](javascript:alert(1))"),
                        "<p><a href=\"\">x</a></p>\n");
    assert_string_equal(md("[x](JavaScript:alert(1)) [y](vbscript:z)"),
                        "<p><a href=\"\">x</a> <a href=\"\">y</a></p>\n");
}

static void test_markdown_blanks_data_html_link(void **ppState)
{
    (void)ppState;
    assert_string_equal(md("[x](data:text/html,<b>)"),
                        "<p><a href=\"\">x</a></p>\n");
}

static void test_markdown_escapes_special_characters(void **ppState)
{
    (void)ppState;
    assert_string_equal(md("a < b & \"c\""),
                        "<p>a &lt; b &amp; &quot;c&quot;</p>\n");
}

static void test_markdown_preserves_hangul(void **ppState)
{
    (void)ppState;
    assert_string_equal(md("# 홍보영 기자\n\n가나다라마바사"),
                        "<h1>홍보영 기자</h1>\n<p>가나다라마바사</p>\n");
}

static void test_markdown_empty_input_is_empty(void **ppState)
{
    (void)ppState;
    assert_string_equal(md(""), "");
}

static void test_markdown_from_store_wraps_html(void **ppState)
{
    (void)ppState;
    const SafeHtml *h = markdown_from_store(&testArena, "<p>x</p>");
    assert_string_equal(h->z, "<p>x</p>");
    assert_int_equal(h->n, 8);
    h = markdown_from_store(&testArena, NULL);
    assert_string_equal(h->z, "");
    assert_int_equal(h->n, 0);
}

/* markdown_plain_text() keeps the words and drops the markup (PDF). */
static void test_markdown_plain_text_drops_markup(void **ppState)
{
    (void)ppState;
    const char *zMd = "첫 문단 *강조* **굵게**\n이어지는 줄\n\n"
                      "[링크 글자](https://example.com/) M&A \\*별\n";
    char *zText = NULL;
    assert_int_equal(markdown_plain_text(&testArena, zMd, strlen(zMd), &zText),
                     OK);
    assert_string_equal(zText, "첫 문단 강조 굵게 이어지는 줄\n\n"
                               "링크 글자 M&A *별\n");
}

/* Register a test with the per-test arena. */
#define TEST(fn) cmocka_unit_test_setup_teardown(fn, test_setup, test_teardown)

int main(void)
{
    markdown_init();
    const struct CMUnitTest aTest[] = {
        TEST(test_markdown_renders_paragraphs_and_emphasis),
        TEST(test_markdown_renders_table),
        TEST(test_markdown_renders_strikethrough),
        TEST(test_markdown_autolinks_bare_urls),
        TEST(test_markdown_drops_raw_html_block),
        TEST(test_markdown_drops_inline_raw_html),
        TEST(test_markdown_blanks_javascript_link),
        TEST(test_markdown_blanks_data_html_link),
        TEST(test_markdown_escapes_special_characters),
        TEST(test_markdown_preserves_hangul),
        TEST(test_markdown_empty_input_is_empty),
        TEST(test_markdown_from_store_wraps_html),
        TEST(test_markdown_plain_text_drops_markup),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
