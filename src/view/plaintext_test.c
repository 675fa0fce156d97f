/*
 * plaintext_test.c — unit tests for comment text as HTML
 * (view/plaintext.c).
 *
 * Markup typed by a reader comes out as text; line breaks become <br>;
 * http(s) addresses become nofollow ugc links and nothing else does
 * (javascript:, data:, bare domains); punctuation and brackets around an
 * address stay outside it; Hangul right after an address ends it; link
 * counting agrees with rendering.  A standalone program:
 * `build/san/unit/view/plaintext_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "view/safe_html.h"
#include "view/plaintext.h"

static Arena g_arena;

static int test_setup(void **ppState)
{
    (void)ppState;
    arena_init(&g_arena);
    return 0;
}

static int test_teardown(void **ppState)
{
    (void)ppState;
    arena_close(&g_arena);
    return 0;
}

/* Render the NUL-terminated 'z'. */
static const char *render(const char *z)
{
    const SafeHtml *h = plaintext_render(&g_arena, z, strlen(z));
    assert_int_equal(strlen(h->z), h->n);
    return h->z;
}

static int links(const char *z)
{
    return plaintext_count_links(z, strlen(z));
}

static void test_plaintext_escapes_markup(void **ppState)
{
    (void)ppState;
    assert_string_equal(render("<script>alert('x')</script> & \"q\""),
                        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
                        "&amp; &quot;q&quot;");
    assert_string_equal(render("<img src=x onerror=alert(1)>"),
                        "&lt;img src=x onerror=alert(1)&gt;");
}

static void test_plaintext_keeps_hangul_and_emoji(void **ppState)
{
    (void)ppState;
    assert_string_equal(render("좋은 기사 감사합니다 👍🏽"),
                        "좋은 기사 감사합니다 👍🏽");
}

static void test_plaintext_line_breaks_become_br(void **ppState)
{
    (void)ppState;
    assert_string_equal(render("첫 줄\n둘째 줄\r\n셋째\r넷째\n"),
                        "첫 줄<br>\n둘째 줄<br>\n셋째<br>\n넷째<br>\n");
}

static void test_plaintext_links_http_and_https(void **ppState)
{
    (void)ppState;
    assert_string_equal(
        render("보세요 https://example.com/a?b=1&c=2 좋네요"),
        "보세요 <a href=\"https://example.com/a?b=1&amp;c=2\" "
        "rel=\"nofollow ugc\">https://example.com/a?b=1&amp;c=2</a> 좋네요");
    assert_string_equal(render("HTTP://EXAMPLE.COM"),
                        "<a href=\"HTTP://EXAMPLE.COM\" rel=\"nofollow "
                        "ugc\">HTTP://EXAMPLE.COM</a>");
    assert_int_equal(links("http://a.kr https://b.kr"), 2);
}

static void test_plaintext_never_links_other_schemes(void **ppState)
{
    (void)ppState;
    const char *az[] = {
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<b>x</b>",
        "www.example.com",
        "ftp://example.com",
        "https://",
        "https:///x",
        "http://-",
        "xhttps://a.kr",
        "/https://a.kr",
        "vbscript:msgbox",
    };
    for (size_t i = 0; i < sizeof(az) / sizeof(az[0]); i++) {
        assert_null(strstr(render(az[i]), "<a "));
        assert_int_equal(links(az[i]), 0);
    }
}

static void test_plaintext_quote_cannot_break_out_of_href(void **ppState)
{
    (void)ppState;
    /* The address stops at a quote; the quote is text. */
    assert_string_equal(
        render("https://a.kr/\"onmouseover=\"alert(1)"),
        "<a href=\"https://a.kr/\" rel=\"nofollow ugc\">https://a.kr/</a>"
        "&quot;onmouseover=&quot;alert(1)");
    assert_string_equal(render("https://a.kr/'x"),
                        "<a href=\"https://a.kr/\" rel=\"nofollow "
                        "ugc\">https://a.kr/</a>&#39;x");
    assert_string_equal(render("https://a.kr/<script>"),
                        "<a href=\"https://a.kr/\" rel=\"nofollow "
                        "ugc\">https://a.kr/</a>&lt;script&gt;");
}

static void test_plaintext_trailing_punctuation_stays_outside(void **ppState)
{
    (void)ppState;
    assert_string_equal(render("https://a.kr/x."),
                        "<a href=\"https://a.kr/x\" rel=\"nofollow "
                        "ugc\">https://a.kr/x</a>.");
    assert_string_equal(render("(https://a.kr/x)"),
                        "(<a href=\"https://a.kr/x\" rel=\"nofollow "
                        "ugc\">https://a.kr/x</a>)");
    assert_string_equal(render("https://ko.wikipedia.org/wiki/A_(B)!"),
                        "<a href=\"https://ko.wikipedia.org/wiki/A_(B)\" "
                        "rel=\"nofollow ugc\">"
                        "https://ko.wikipedia.org/wiki/A_(B)</a>!");
}

static void test_plaintext_hangul_ends_an_address(void **ppState)
{
    (void)ppState;
    assert_string_equal(render("https://a.kr/x에서 봤어요"),
                        "<a href=\"https://a.kr/x\" rel=\"nofollow "
                        "ugc\">https://a.kr/x</a>에서 봤어요");
    /* ... and may come right before one. */
    assert_int_equal(links("여기https://a.kr"), 1);
}

static void test_plaintext_counts_agree_with_rendering(void **ppState)
{
    (void)ppState;
    const char *z = "1 https://a.kr 2 http://b.kr/(x) 3 javascript:x "
                    "4 HTTPS://C.KR. 5 https://d";
    const char *zOut = render(z);
    int nA = 0;
    for (const char *q = zOut; (q = strstr(q, "<a href=")) != NULL; q++) {
        nA++;
    }
    assert_int_equal(nA, 4);
    assert_int_equal(links(z), 4);
}

static void test_plaintext_empty_text_is_empty(void **ppState)
{
    (void)ppState;
    assert_string_equal(render(""), "");
}

static void test_plaintext_fuzz_entry_accepts_odd_input(void **ppState)
{
    (void)ppState;
    const char *az[] = {
        "",
        "<",
        "&amp;",
        "https://a.kr\r\n\r",
        "\xff\xfe<a href=x>",
        "https://a.kr/&lt;",
        "http://a)))))",
        "https://[::1]:80/]]",
    };
    for (size_t i = 0; i < sizeof(az) / sizeof(az[0]); i++) {
        assert_int_equal(
            plaintext_fuzz_one((const uint8_t *)az[i], strlen(az[i])), 0);
    }
    const uint8_t aNul[] = {'a', 0,   '<', 'h', 't', 't',
                            'p', ':', '/', '/', 'x'};
    assert_int_equal(plaintext_fuzz_one(aNul, sizeof(aNul)), 0);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, test_setup, test_teardown)

int main(void)
{
    const struct CMUnitTest aTest[] = {
        TEST(test_plaintext_escapes_markup),
        TEST(test_plaintext_keeps_hangul_and_emoji),
        TEST(test_plaintext_line_breaks_become_br),
        TEST(test_plaintext_links_http_and_https),
        TEST(test_plaintext_never_links_other_schemes),
        TEST(test_plaintext_quote_cannot_break_out_of_href),
        TEST(test_plaintext_trailing_punctuation_stays_outside),
        TEST(test_plaintext_hangul_ends_an_address),
        TEST(test_plaintext_counts_agree_with_rendering),
        TEST(test_plaintext_empty_text_is_empty),
        TEST(test_plaintext_fuzz_entry_accepts_odd_input),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
