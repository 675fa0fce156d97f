/*
 * pdf_article_test.c — unit tests for pdf/pdf_article.c.
 *
 * Each test renders an article held in literals with pdf_article_render()
 * into a per-test arena and checks what can be checked without a PDF
 * reader: the bytes form a PDF, long Korean text flows over lines and
 * pages, every character found a font (Hanja included), and the same
 * article gives the same bytes.  Text extraction, fonts and line breaks
 * are checked with poppler and qpdf in tests/http/articles/pdf.test.mjs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <pango/pangocairo.h>

#include "base/arena.h"
#include "pdf/pdf.h"

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

/* A paragraph of the seed article, with Hanja and Latin. */
static const char *const zSeedPara =
    "중국은 2000년 중반부터 해외기업에 시장을 내주고 기술을 얻는 "
    "‘시장환기술(市場換技術)’전략 대신 대대적인 기술투자를 통해 자주적인 "
    "기술개발을 추진하는 ‘자주창신(自主創新)’ 전략을 취하고 있다.";

/* An article with every field filled and the paragraphs 'azPara'. */
static PdfArticle test_article(const char *const *azPara, int nPara)
{
    PdfArticle art = {
        .zSiteName = "산업일보",
        .zTitle = "미래부, 중국과 전략적 동반자 관계 맺기에 나선다",
        .zSubtitle = "최양희 장관 이달 17일~20일 방중(訪中)",
        .zReporter = "홍보영",
        .zEmail = "papersong@example.com",
        .zPublished = "2014-12-19 18:00:10",
        .zModified = "2014-12-20 09:30:00",
        .zPublishedIso = "2014-12-19T18:00:10+09:00",
        .zModifiedIso = "2014-12-20T09:30:00+09:00",
        .zDateline = "[산업일보]",
        .azPara = azPara,
        .nPara = nPara,
        .zUrl = "https://news.example.com/article/1",
    };
    return art;
}

/* Render 'pArt' into a new Str of the test arena; assert OK. */
static Str test_render(const PdfArticle *pArt, PdfInfo *pInfo)
{
    Str s;
    str_init(&s, &testArena);
    assert_int_equal(pdf_article_render(pArt, &s, pInfo), OK);
    return s;
}

static void test_pdf_article_renders_a_pdf(void **ppState)
{
    (void)ppState;
    const char *azPara[] = {"짧은 첫 문단입니다.", zSeedPara};
    PdfArticle art = test_article(azPara, 2);
    PdfInfo info;
    Str s = test_render(&art, &info);
    assert_true(s.n > 1000);
    assert_memory_equal(s.z, "%PDF-", 5);
    /* A complete file ends with the trailer's end-of-file marker. */
    assert_non_null(strstr(s.z + s.n - 16, "%%EOF"));
    assert_int_equal(info.nPage, 1);
    assert_true(info.nLine >= 8);
}

static void test_pdf_article_finds_a_font_for_hanja(void **ppState)
{
    (void)ppState;
    const char *azPara[] = {zSeedPara,
                            "‘첨단기술산업개발구’(高新區), 장강(長江), "
                            "R&D, 1/3, 6.5조원 ·「」『』…"};
    PdfArticle art = test_article(azPara, 2);
    PdfInfo info;
    test_render(&art, &info);
    assert_int_equal(info.nUnknownGlyph, 0);
}

static void
test_pdf_article_long_korean_paragraph_flows_over_pages(void **ppState)
{
    (void)ppState;
    Str para;
    str_init(&para, &testArena);
    for (int i = 0; i < 60; i++) {
        str_append_z(&para, zSeedPara);
        str_append_char(&para, ' ');
    }
    const char *azPara[] = {para.z};
    PdfArticle art = test_article(azPara, 1);
    PdfInfo info;
    Str s = test_render(&art, &info);
    assert_memory_equal(s.z, "%PDF-", 5);
    assert_true(info.nLine > 100);
    assert_true(info.nPage >= 3);
}

static void
test_pdf_article_word_wider_than_the_page_still_renders(void **ppState)
{
    (void)ppState;
    Str word;
    str_init(&word, &testArena);
    for (int i = 0; i < 80; i++) {
        str_append_z(&word, "띄어쓰기없는긴낱말");
    }
    const char *azPara[] = {"앞 문장.", word.z, "뒤 문장."};
    PdfArticle art = test_article(azPara, 3);
    PdfInfo info;
    Str s = test_render(&art, &info);
    assert_memory_equal(s.z, "%PDF-", 5);
    /* The word breaks inside instead of running off the page: 720
       syllables take more than ten lines of about 45. */
    PdfArticle plain = test_article(azPara, 0);
    PdfInfo infoPlain;
    test_render(&plain, &infoPlain);
    assert_true(info.nLine - infoPlain.nLine > 2 + 10);
}

static void test_pdf_article_same_article_gives_same_bytes(void **ppState)
{
    (void)ppState;
    const char *azPara[] = {zSeedPara};
    PdfArticle art = test_article(azPara, 1);
    Str a = test_render(&art, NULL);
    Str b = test_render(&art, NULL);
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.z, b.z, a.n);
}

static void test_pdf_article_optional_fields_may_be_empty(void **ppState)
{
    (void)ppState;
    PdfArticle art = test_article(NULL, 0);
    art.zSubtitle = "";
    art.zEmail = "";
    art.zModified = "";
    art.zModifiedIso = "";
    art.zPublishedIso = "";
    art.zDateline = "";
    PdfInfo info;
    Str s = test_render(&art, &info);
    assert_memory_equal(s.z, "%PDF-", 5);
    assert_int_equal(info.nPage, 1);
}

/* Register a test with the per-test arena. */
#define TEST(fn) cmocka_unit_test_setup_teardown(fn, test_setup, test_teardown)

int main(void)
{
    const struct CMUnitTest aTest[] = {
        TEST(test_pdf_article_renders_a_pdf),
        TEST(test_pdf_article_finds_a_font_for_hanja),
        TEST(test_pdf_article_long_korean_paragraph_flows_over_pages),
        TEST(test_pdf_article_word_wider_than_the_page_still_renders),
        TEST(test_pdf_article_same_article_gives_same_bytes),
        TEST(test_pdf_article_optional_fields_may_be_empty),
    };
    int nFailed = cmocka_run_group_tests(aTest, NULL, NULL);
    /* Free this thread's pango font map (a worker thread's goes when the
       thread ends), so LeakSanitizer sees only real leaks. */
    pango_cairo_font_map_set_default(NULL);
    return nFailed;
}
