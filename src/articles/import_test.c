/*
 * import_test.c — unit tests for the importer's two parsers (issue 9,
 * point 8): the HTML-to-Markdown converter (import_html.c) and the line
 * parser (import.c).  The converter's output is also rendered as
 * articles are, to check what readers would see.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "articles/import.h"
#include "base/log.h"
#include "base/utf8.h"
#include "schema.h"
#include "testing/testdb.h"
#include "view/markdown.h"

static Arena g_a;

static int setup(void **state)
{
    (void)state;
    arena_init(&g_a);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_close(&g_a);
    return 0;
}

/* 'zHtml' converted; fails the test when the converter refuses it. */
static const char *md(const char *zHtml)
{
    char *z = NULL;
    assert_int_equal(import_html_to_markdown(&g_a, (const uint8_t *)zHtml,
                                             strlen(zHtml), &z),
                     OK);
    return z;
}

/* 'zHtml' converted and rendered as an article body. */
static const char *html(const char *zHtml)
{
    const char *zMd = md(zHtml);
    const SafeHtml *h = NULL;
    assert_int_equal(markdown_render(&g_a, zMd, strlen(zMd), &h), OK);
    size_t n = 0;
    const char *z = safe_html_bytes(h, &n);
    return arena_strndup(&g_a, z, n);
}

static void test_html_paragraphs_and_inline_markup(void **state)
{
    (void)state;
    assert_string_equal(md("<p>안녕하세요  기자\n입니다.</p><p>둘째</p>"),
                        "안녕하세요 기자 입니다.\n\n둘째");
    assert_string_equal(md("<p>a <b>굵게</b> <i>기울임 </i>b <s>취소</s></p>"),
                        "a **굵게** *기울임* b ~~취소~~");
    /* Nested bold is one pair of markers; empty bold leaves nothing. */
    assert_string_equal(md("<b>x<strong>y</strong></b><b> </b>z"), "**xy** z");
    assert_string_equal(md("줄<br>바꿈<br><br>"), "줄\\\n바꿈");
    assert_string_equal(md(""), "");
    assert_string_equal(md("   "), "");
}

static void test_html_drops_scripts_styles_and_handlers(void **state)
{
    (void)state;
    const char *z = md("<p onclick=\"alert(1)\" style=\"color:red\" "
                       "class=\"x\">본문<script>alert('x')</script>"
                       "<style>p{color:red}</style></p>"
                       "<iframe src=\"https://e.example\">틀</iframe>"
                       "<noscript>대체</noscript><object>물체</object>"
                       "<form>양식 <input value=\"입력\"><button>단추</button>"
                       "<textarea>글상자</textarea></form>");
    assert_string_equal(z, "본문\n\n양식");
    const char *h = html("<img src=\"x\" onerror=\"alert(1)\">"
                         "<a href=\"https://e.example\" onmouseover=\"x()\" "
                         "style=\"a\">링크</a>");
    assert_null(strstr(h, "onerror"));
    assert_null(strstr(h, "onmouseover"));
    assert_null(strstr(h, "style"));
    assert_non_null(strstr(h, "<a href=\"https://e.example\">링크</a>"));
}

static void test_html_links_and_images_keep_safe_addresses(void **state)
{
    (void)state;
    assert_string_equal(md("<a href=\"javascript:alert(1)\">나쁜</a>"), "나쁜");
    assert_string_equal(md("<a href=\" https://e.example/a b(c) \">좋은</a>"),
                        "[좋은](https://e.example/a%20b%28c%29)");
    assert_string_equal(md("<a href=\"mailto:x@e.example\"></a>"),
                        "[mailto:x@e.example](mailto:x@e.example)");
    assert_string_equal(md("<a href=\"/local\">상대</a>"), "상대");
    assert_string_equal(
        md("<a href=\"https://e.example\">밖 <a href=\"https://f.example\">"
           "안</a></a>"),
        "[밖](https://e.example) [안](https://f.example)");
    assert_string_equal(md("<img src=\"https://e.example/i.png\" "
                           "alt=\"[사진] 설명\">"),
                        "![\\[사진\\] 설명](https://e.example/i.png)");
    assert_string_equal(
        md("<img src=\"data:image/png;base64,AA\" alt=\"대체\">"), "대체");
    assert_string_equal(md("a<a href=\"https://e.example\"> 앞뒤 </a>b"),
                        "a [앞뒤](https://e.example) b");
}

static void test_html_escapes_what_markdown_would_read(void **state)
{
    (void)state;
    assert_string_equal(md("<p>* 별</p><p># 샵</p><p>1. 하나</p><p>- 줄</p>"
                           "<p>&gt; 인용 아님</p><p>+ 더하기</p>"),
                        "\\* 별\n\n\\# 샵\n\n1\\. 하나\n\n\\- 줄\n\n\\> 인용 "
                        "아님\n\n\\+ 더하기");
    assert_string_equal(md("<p>a_b *c* [d](e) `f` &lt;script&gt; x|y ~z~ "
                           "\\ &amp;copy; R&amp;D</p>"),
                        "a\\_b \\*c\\* \\[d\\](e) \\`f\\` \\<script> "
                        "x\\|y \\~z\\~ \\\\ \\&copy; R&D");
    /* What a reader sees is the text, not markup. */
    const char *h = html("<p>&lt;script&gt;alert(1)&lt;/script&gt; "
                         "*별* &amp;lt;</p>");
    assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt; *별* "
                              "&amp;lt;"));
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<em>"));
}

static void test_html_blocks(void **state)
{
    (void)state;
    assert_string_equal(md("<h2>소제목 #</h2><h3><div>블록</div> 안</h3>"),
                        "## 소제목 \\#\n\n### 블록 안");
    assert_string_equal(md("<blockquote><p>인용</p><p>둘째</p></blockquote>"),
                        "> 인용\n>\n> 둘째");
    assert_string_equal(md("<pre>\ncode ``` x\n  y\n</pre>"),
                        "````\ncode ``` x\n  y\n````");
    assert_string_equal(md("<p>위</p><hr><p>아래</p>"), "위\n\n---\n\n아래");
    assert_string_equal(md("<p>코드 <code>a`b</code></p>"), "코드 ``a`b``");
    assert_string_equal(md("<table><tr><th>a</th><th>b|c</th></tr>"
                           "<tr><td>1</td></tr></table>"),
                        "| a | b\\|c |\n| --- | --- |\n| 1 |  |");
}

static void test_html_lists(void **state)
{
    (void)state;
    assert_string_equal(md("<ul><li>하나<ul><li>둘</li></ul></li>"
                           "<li><p>셋</p><p>넷</p></li></ul>"),
                        "- 하나\n\n  - 둘\n- 셋\n\n  넷");
    assert_string_equal(md("<ol start=\"9\"><li>a</li><li>b</li></ol>"),
                        "9. a\n10. b");
    /* A list right after another would merge: other markers. */
    assert_string_equal(md("<ul><li>a</li></ul><ul><li>b</li></ul>"
                           "<ul><li>c</li></ul>"),
                        "- a\n\n* b\n\n- c");
    /* A list nested without its <li>, as old editors wrote. */
    assert_string_equal(md("<ul><li>a</li><ul><li>b</li></ul></ul>"),
                        "- a\n\n  - b");
    const char *h = html("<ol><li>일</li><li>이</li></ol>");
    assert_non_null(strstr(h, "<ol>"));
    assert_non_null(strstr(h, "<li>이</li>"));
}

static void test_html_survives_broken_and_deep_markup(void **state)
{
    (void)state;
    assert_string_equal(md("<p>열림 <b>굵게 <i>둘 다</p><p>다음"),
                        "열림 **굵게 *둘 다***\n\n다음");
    /* 5,000 nested elements: converted without running out of stack. */
    char *z = arena_alloc(&g_a, 5000 * 12 + 16);
    size_t n = 0;
    for (int i = 0; i < 5000; i++) {
        memcpy(z + n, i % 2 ? "<span>" : "<div>", i % 2 ? 6 : 5);
        n += i % 2 ? 6 : 5;
    }
    memcpy(z + n, "깊다", strlen("깊다") + 1);
    const char *zOut = md(z);
    assert_non_null(strstr(zOut, "깊다"));
    /* Not UTF-8: refused. */
    char *zOut2 = NULL;
    assert_int_equal(
        import_html_to_markdown(&g_a, (const uint8_t *)"<p>\xff", 4, &zOut2),
        ERR_INVALID);
}

/* ------------------------------------------------------------------
 * Line parser
 */

/* Parse 'zLine'; the error in 'zErr'. */
static int parse(const char *zLine, ImportArticle *art, char zErr[200])
{
    return import_parse_line(&g_a, (const uint8_t *)zLine, strlen(zLine), art,
                             zErr);
}

/* A good line with 'zExtra' (",\"key\":…") appended inside the object. */
static const char *line(const char *zExtra)
{
    return arena_printf(
        &g_a,
        "{\"title\":\" 제목 \",\"section\":\"economy\","
        "\"authors\":[{\"name\":\"홍보영\",\"email\":"
        "\"PaperSong@Example.com\"}],"
        "\"published_at\":\"2014-12-19T18:00:10+09:00\"%s%s}",
        strstr(zExtra, "body_") ? "" : ",\"body_markdown\":\"본문\"", zExtra);
}

static void test_line_reads_every_field(void **state)
{
    (void)state;
    ImportArticle art;
    char zErr[200];
    assert_int_equal(
        parse("{\"title\":\"제목\",\"subtitle\":\"부제\\r\\n둘째\","
              "\"section\":\"economy\",\"authors\":[{\"name\":\"홍보영\","
              "\"email\":\"P@E.COM\"},{\"name\":\"김민수\"}],"
              "\"dateline\":\"[산업일보]\",\"body_markdown\":\"본문\\r\\n\","
              "\"summary\":\"요약\",\"published_at\":"
              "\"2014-12-19T18:00:10.123+09:00\",\"modified_at\":"
              "\"2014-12-19T10:00:00Z\",\"keywords\":[\"경제\",\" 수출 \","
              "\"경제\"],\"url\":\"https://old.example/1\",\"status\":"
              "\"published\"}",
              &art, zErr),
        OK);
    assert_string_equal(art.zTitle, "제목");
    assert_string_equal(art.zSubtitle, "부제\n둘째");
    assert_string_equal(art.zSection, "economy");
    assert_int_equal(art.nAuthor, 2);
    assert_string_equal(art.aAuthor[0].zEmail, "p@e.com");
    assert_string_equal(art.aAuthor[1].zEmail, "");
    assert_string_equal(art.zDateline, "[산업일보]");
    assert_string_equal(art.zBodyMd, "본문\n");
    assert_false(art.bFromHtml);
    assert_string_equal(art.zSummary, "요약");
    assert_int_equal(art.tPublished, 1418979610);
    assert_int_equal(art.tModified, 1418983200);
    assert_int_equal(art.nKeyword, 2);
    assert_string_equal(art.azKeyword[1], "수출");
    assert_string_equal(art.zUrl, "https://old.example/1");
    assert_string_equal(art.zStatus, "published");
    /* Defaults: published, no url, no keywords; a draft needs no time. */
    assert_int_equal(parse(line(""), &art, zErr), OK);
    assert_string_equal(art.zTitle, "제목");
    assert_string_equal(art.zStatus, "published");
    assert_null(art.zUrl);
    assert_int_equal(art.nKeyword, 0);
    assert_int_equal(
        parse("{\"title\":\"t\",\"section\":\"s\",\"authors\":[{\"name\":"
              "\"a\"}],\"body_markdown\":\"b\",\"status\":\"draft\"}",
              &art, zErr),
        OK);
    assert_int_equal(art.tPublished, 0);
}

static void test_line_normalises_to_nfc(void **state)
{
    (void)state;
    ImportArticle art;
    char zErr[200];
    /* 한 as three jamo (NFD) becomes the one syllable. */
    assert_int_equal(
        parse(line(",\"subtitle\":\"\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\""),
              &art, zErr),
        OK);
    assert_string_equal(art.zSubtitle, "한");
}

static void test_line_converts_html_bodies(void **state)
{
    (void)state;
    ImportArticle art;
    char zErr[200];
    assert_int_equal(parse(line(",\"body_html\":\"<p onclick=\\\"x()\\\">"
                                "안녕 <script>alert(1)</script><b>굵게</b>"
                                "</p>\""),
                           &art, zErr),
                     OK);
    assert_true(art.bFromHtml);
    assert_string_equal(art.zBodyMd, "안녕 **굵게**");
}

/* The line 'zLine' is refused with a reason containing 'zWhy'. */
static void refused(const char *zLine, const char *zWhy)
{
    ImportArticle art;
    char zErr[200] = "";
    assert_int_equal(parse(zLine, &art, zErr), ERR_INVALID);
    if (strstr(zErr, zWhy) == NULL) {
        fail_msg("'%s' → '%s', expected '%s'", zLine, zErr, zWhy);
    }
}

static void test_line_refuses_with_a_reason(void **state)
{
    (void)state;
    refused("{\"title\": broken", "not JSON");
    refused("[1,2]", "one JSON object");
    refused("{\"title\":\"a\",\"title\":\"b\"}", "not JSON");
    refused(line(",\"color\":\"red\""), "unknown field 'color'");
    refused("{\"section\":\"s\",\"authors\":[{\"name\":\"a\"}],"
            "\"published_at\":\"2014-12-19T18:00:10Z\","
            "\"body_markdown\":\"b\"}",
            "'title' is missing");
    refused(line(",\"title\":\"  \""), "not JSON"); /* duplicate key */
    refused("{\"title\":\"  \",\"section\":\"s\",\"authors\":[{\"name\":"
            "\"a\"}],\"body_markdown\":\"b\",\"status\":\"draft\"}",
            "'title' is empty");
    refused("{\"title\":\"a\\nb\",\"section\":\"s\",\"authors\":[{\"name\":"
            "\"a\"}],\"body_markdown\":\"b\",\"status\":\"draft\"}",
            "one line");
    refused("{\"title\":\"a\\u0007\",\"section\":\"s\",\"authors\":[{\"name\":"
            "\"a\"}],\"body_markdown\":\"b\",\"status\":\"draft\"}",
            "control character");
    refused("{\"title\":\"a\\u0000\",\"section\":\"s\",\"authors\":[{\"name\":"
            "\"a\"}],\"body_markdown\":\"b\",\"status\":\"draft\"}",
            "not JSON");
    refused(line(",\"body_html\":\"<p>x</p>\",\"body_markdown\":\"y\""),
            "not both");
    refused("{\"title\":\"t\",\"section\":\"s\",\"authors\":[{\"name\":"
            "\"a\"}],\"status\":\"draft\"}",
            "is missing");
    refused(line(",\"status\":\"scheduled\""), "'status'");
    refused(line(",\"status\":\"live\""), "'status'");
    refused(line(",\"modified_at\":\"2014-12-18T00:00:00Z\""),
            "before 'published_at'");
    refused(line(",\"keywords\":\"경제\""), "'keywords'");
    refused(line(",\"url\":\"ftp://x.example/1\""), "'url'");
    refused(line(",\"url\":\"https://x.example/a b\""), "'url'");
    refused(line(",\"summary\":7"), "'summary' must be a string");
    refused("{\"title\":\"t\",\"section\":\"Bad Slug\",\"authors\":[{"
            "\"name\":\"a\"}],\"body_markdown\":\"b\",\"status\":\"draft\"}",
            "'section'");
    refused("{\"title\":\"t\",\"section\":\"s\",\"authors\":[],"
            "\"body_markdown\":\"b\",\"status\":\"draft\"}",
            "'authors'");
    refused("{\"title\":\"t\",\"section\":\"s\",\"authors\":[{\"name\":\"a\","
            "\"role\":\"x\"}],\"body_markdown\":\"b\",\"status\":\"draft\"}",
            "unknown field 'role'");
    refused("{\"title\":\"t\",\"section\":\"s\",\"authors\":[{\"name\":\"a\","
            "\"email\":\"no at sign\"}],\"body_markdown\":\"b\","
            "\"status\":\"draft\"}",
            "not an e-mail");
    refused("{\"title\":\"t\",\"section\":\"s\",\"authors\":[{\"name\":\"a\"}],"
            "\"body_markdown\":\"b\"}",
            "'published_at' is missing");
    refused("{\"title\":\"t\",\"section\":\"s\",\"authors\":[{\"name\":\"a\"}],"
            "\"body_markdown\":\"b\",\"published_at\":\"2014-12-19 18:00:10\"}",
            "offset");
}

static void test_line_limits_are_in_characters(void **state)
{
    (void)state;
    ImportArticle art;
    char zErr[200];
    /* 100 Hangul syllables (300 bytes) are a good title; 101 are not. */
    char zTitle[101 * 3 + 1];
    for (int i = 0; i < 101; i++) {
        memcpy(zTitle + i * 3, "가", 3);
    }
    zTitle[100 * 3] = 0;
    const char *zGood = arena_printf(
        &g_a,
        "{\"title\":\"%s\",\"section\":\"s\",\"authors\":[{\"name\":\"a\"}],"
        "\"body_markdown\":\"b\",\"status\":\"draft\"}",
        zTitle);
    assert_int_equal(parse(zGood, &art, zErr), OK);
    memcpy(zTitle + 100 * 3, "가", 3);
    zTitle[101 * 3] = 0;
    refused(arena_printf(&g_a,
                         "{\"title\":\"%s\",\"section\":\"s\",\"authors\":[{"
                         "\"name\":\"a\"}],\"body_markdown\":\"b\","
                         "\"status\":\"draft\"}",
                         zTitle),
            "at most 100");
    /* Nine bylines, twenty-one keywords. */
    Str s;
    str_init(&s, &g_a);
    for (int i = 0; i < 9; i++) {
        str_appendf(&s, "%s{\"name\":\"기자%d\"}", i ? "," : "", i);
    }
    refused(arena_printf(&g_a,
                         "{\"title\":\"t\",\"section\":\"s\",\"authors\":[%s],"
                         "\"body_markdown\":\"b\",\"status\":\"draft\"}",
                         s.z),
            "at most 8");
    str_init(&s, &g_a);
    for (int i = 0; i < 21; i++) {
        str_appendf(&s, "%s\"말%d\"", i ? "," : "", i);
    }
    refused(line(arena_printf(&g_a, ",\"keywords\":[%s]", s.z)), "at most 20");
}

/* ------------------------------------------------------------------
 * The command, on a database
 */

/* Rows the import writes, summed with weights into one number. */
static int64_t import_rows(StoreConn *c)
{
    StoreStmt *st = NULL;
    assert_int_equal(
        store_prepare(c,
                      "SELECT (SELECT count(*) FROM articles)"
                      " + 1000 * (SELECT count(*) FROM people)"
                      " + 1000000 * (SELECT count(*) FROM sections)"
                      " + 100000000 * (SELECT count(*) FROM article_revisions)"
                      " + 10000000000 * (SELECT count(*) FROM article_authors)"
                      " + 1000000000000 * (SELECT count(*) FROM"
                      " article_keywords)",
                      &st),
        OK);
    int64_t n = 0;
    assert_int_equal(store_step_int(st, &n), OK);
    return n;
}

static void test_import_failure_leaves_no_half_batch(void **state)
{
    (void)state;
    char zDb[TESTDB_PATH_MAX];
    testdb_path(zDb, "import");
    /* The lines to import: a file, whichever the database. */
    char zFile[64] = "/tmp/sinmun-import-jsonl-XXXXXX";
    int fd = mkstemp(zFile);
    assert_true(fd >= 0);
    close(fd);
    FILE *fp = fopen(zFile, "w");
    assert_non_null(fp);
    fputs("{\"title\":\"하나\",\"section\":\"new-desk\",\"authors\":[{"
          "\"name\":\"새 기자\",\"email\":\"n@e.example\"}],"
          "\"published_at\":\"2014-12-19T18:00:10+09:00\","
          "\"body_html\":\"<p>본문 <b>굵게</b></p>\",\"keywords\":[\"ㄱ\","
          "\"ㄴ\"],\"url\":\"https://old.example/1\"}\n"
          "{\"title\":\"둘\",\"section\":\"new-desk\",\"authors\":[{"
          "\"name\":\"새 기자\",\"email\":\"n@e.example\"},{\"name\":"
          "\"또 기자\"}],\"published_at\":\"2014-12-19T18:00:11Z\","
          "\"body_markdown\":\"둘째\",\"url\":\"https://old.example/2\"}\n",
          fp);
    fclose(fp);
    Store *pStore = NULL;
    log_set_level((LogLevel)(LOG_ERROR + 1));
    assert_int_equal(store_open(zDb, 2, &g_schema, &pStore), OK);
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    assert_int_equal(store_conn(pStore, &a, &c), OK);
    int64_t nBefore = import_rows(c);
    store_conn_put(c);
    FILE *fpNull = fopen("/dev/null", "w");
    bool bDone = false;
    int nFailed = 0;
    /* Fail each statement in turn: the batch is all or nothing. */
    for (int n = 1; n <= 200 && !bDone; n++) {
        ImportStats st;
        store_test_fail_after(n);
        int rc = import_articles(pStore, zFile, fpNull, fpNull, &st);
        store_test_fail_after(0);
        assert_int_equal(store_conn(pStore, &a, &c), OK);
        int64_t nAfter = import_rows(c);
        store_conn_put(c);
        if (rc == OK) {
            /* Past the last statement: both articles, with one section,
               two people, two revisions, three bylines, two keywords. */
            assert_int_equal(st.nAdded, 2);
            assert_int_equal(nAfter - nBefore,
                             2 + 1000 * 2 + 1000000 * 1 + 100000000 * 2 +
                                 10000000000 * 3 + 1000000000000 * 2);
            bDone = true;
        } else {
            assert_int_equal(rc, ERR_DB);
            assert_int_equal(nAfter, nBefore);
            nFailed++;
        }
    }
    assert_true(bDone);
    /* Reading the names, then every statement of the batch. */
    assert_true(nFailed >= 15);
    fclose(fpNull);
    arena_close(&a);
    store_close(pStore);
    testdb_remove(zDb);
    unlink(zFile);
}

int main(void)
{
    markdown_init();
    import_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_html_paragraphs_and_inline_markup,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_html_drops_scripts_styles_and_handlers, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_html_links_and_images_keep_safe_addresses, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_html_escapes_what_markdown_would_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_html_survives_broken_and_deep_markup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_reads_every_field, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_line_normalises_to_nfc, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_line_converts_html_bodies, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_line_refuses_with_a_reason, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_line_limits_are_in_characters,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_import_failure_leaves_no_half_batch, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
