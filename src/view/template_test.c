/*
 * template_test.c — unit tests for view/template.c and view/view.c.
 *
 * Each test compiles a template from a string literal with
 * templates_new()/templates_add()/templates_link(), renders it with a
 * View built in a per-test arena and compares the exact output.  Compile
 * errors are checked with their "file:line: message" text.  The last tests
 * write a small folder under /tmp and open it with templates_open().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/str.h"
#include "view/safe_html.h"
#include "view/template.h"
#include "view/view.h"

/* Size of the error buffers handed to the compiler. */
#define TEST_ERR_MAX 256

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

/*
 * Compile 'zSrc' as template "t" (with optional partials given as
 * name/source pairs ending in NULL), render it with 'v' and return the
 * output from the test arena.  Fails the test on any error.
 */
static const char *render_with(const char *zSrc, const View *v, ...)
{
    char zErr[TEST_ERR_MAX] = "";
    Templates *t = templates_new();
    va_list ap;
    va_start(ap, v);
    const char *zName;
    while ((zName = va_arg(ap, const char *)) != NULL) {
        const char *zPart = va_arg(ap, const char *);
        assert_int_equal(
            templates_add(t, zName, zPart, strlen(zPart), zErr, sizeof(zErr)),
            OK);
    }
    va_end(ap);
    int rc = templates_add(t, "t", zSrc, strlen(zSrc), zErr, sizeof(zErr));
    if (rc == OK) {
        rc = templates_link(t, zErr, sizeof(zErr));
    }
    if (rc != OK) {
        print_error("compile failed: %s\n", zErr);
        templates_close(t);
        fail();
    }
    Str s;
    str_init(&s, &testArena);
    assert_int_equal(template_render(t, "t", v, &s), OK);
    templates_close(t);
    return s.z;
}

/* Render 'zSrc' alone with 'v'. */
static const char *render(const char *zSrc, const View *v)
{
    return render_with(zSrc, v, (const char *)NULL);
}

/*
 * Compile 'zSrc' as template "t" (plus optional partials as in
 * render_with()), expect ERR_INVALID from add or link, and return the
 * message copied into the test arena.
 */
static const char *compile_error_with(const char *zSrc, ...)
{
    char zErr[TEST_ERR_MAX] = "";
    Templates *t = templates_new();
    va_list ap;
    va_start(ap, zSrc);
    const char *zName;
    int rc = OK;
    while (rc == OK && (zName = va_arg(ap, const char *)) != NULL) {
        const char *zPart = va_arg(ap, const char *);
        rc = templates_add(t, zName, zPart, strlen(zPart), zErr, sizeof(zErr));
    }
    va_end(ap);
    if (rc == OK) {
        rc = templates_add(t, "t", zSrc, strlen(zSrc), zErr, sizeof(zErr));
    }
    if (rc == OK) {
        rc = templates_link(t, zErr, sizeof(zErr));
    }
    templates_close(t);
    assert_int_equal(rc, ERR_INVALID);
    return arena_strdup(&testArena, zErr);
}

/* The error of compiling 'zSrc' alone. */
static const char *compile_error(const char *zSrc)
{
    return compile_error_with(zSrc, (const char *)NULL);
}

/* A view with title = 'zTitle'. */
static View *view_with_title(const char *zTitle)
{
    View *v = view_new(&testArena);
    view_str(v, "title", zTitle);
    return v;
}

/* ---- escaping ---------------------------------------------------- */

static void test_template_escapes_lt_gt_in_text(void **ppState)
{
    (void)ppState;
    assert_string_equal(render("<p>{{title}}</p>", view_with_title("<b>")),
                        "<p>&lt;b&gt;</p>");
}

static void test_template_escapes_amp_in_text(void **ppState)
{
    (void)ppState;
    assert_string_equal(render("{{title}}", view_with_title("A&B &amp;")),
                        "A&amp;B &amp;amp;");
}

static void test_template_escapes_lt_gt_in_attribute(void **ppState)
{
    (void)ppState;
    assert_string_equal(
        render("<a title=\"{{title}}\">", view_with_title("<script>")),
        "<a title=\"&lt;script&gt;\">");
}

static void test_template_escapes_double_quote_in_attribute(void **ppState)
{
    (void)ppState;
    assert_string_equal(render("<a title=\"{{title}}\">",
                               view_with_title("x\" onmouseover=\"y")),
                        "<a title=\"x&quot; onmouseover=&quot;y\">");
}

static void test_template_escapes_single_quote_in_attribute(void **ppState)
{
    (void)ppState;
    assert_string_equal(
        render("<a title='{{title}}'>", view_with_title("x' onclick='y")),
        "<a title='x&#39; onclick=&#39;y'>");
}

static void test_template_escapes_amp_in_attribute(void **ppState)
{
    (void)ppState;
    assert_string_equal(
        render("<a href=\"?q={{title}}\">", view_with_title("a&b")),
        "<a href=\"?q=a&amp;b\">");
}

static void test_template_keeps_hangul_and_text_as_is(void **ppState)
{
    (void)ppState;
    assert_string_equal(
        render("기사: {{title}} & <i>{</i>", view_with_title("홍보영 기자")),
        "기사: 홍보영 기자 & <i>{</i>");
}

static void
test_template_html_escape_finds_specials_at_every_offset(void **ppState)
{
    /* Eight bytes are tested at a time: a special byte in any place of a
       word, or in the tail, among Hangul and ASCII, is replaced. */
    (void)ppState;
    static const char *const azRep[] = {"&amp;", "&lt;", "&gt;", "&quot;",
                                        "&#39;"};
    const char *zSpecial = "&<>\"'";
    const char *zFill = "가나다ab";
    char zIn[40];
    for (int k = 0; k < 5; k++) {
        for (size_t iAt = 0; iAt < 37; iAt++) {
            for (size_t i = 0; i < 37; i++) {
                zIn[i] = zFill[i % 11];
            }
            zIn[iAt] = zSpecial[k];
            Str s;
            str_init(&s, &testArena);
            html_escape(&s, zIn, 37);
            Str want;
            str_init(&want, &testArena);
            str_append(&want, zIn, iAt);
            str_append_z(&want, azRep[k]);
            str_append(&want, zIn + iAt + 1, 36 - iAt);
            assert_string_equal(s.z, want.z);
        }
    }
}

static void test_template_html_escape_handles_every_special(void **ppState)
{
    (void)ppState;
    Str s;
    str_init(&s, &testArena);
    html_escape(&s, "<>&\"'a", 6);
    assert_string_equal(s.z, "&lt;&gt;&amp;&quot;&#39;a");
}

/* ---- values ------------------------------------------------------ */

static void test_template_missing_value_prints_nothing(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    assert_string_equal(render("[{{nope}}][{{nope|url}}][{{a.b}}]", v),
                        "[][][]");
    assert_string_equal(render("[{{nope}}]", NULL), "[]");
}

static void test_template_null_string_is_missing(void **ppState)
{
    (void)ppState;
    View *v = view_with_title("old");
    view_str(v, "title", NULL);
    assert_string_equal(render("[{{title}}]{{#if title}}yes{{/if}}", v), "[]");
}

static void test_template_prints_int_in_decimal(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_int(v, "n", -1234567890123);
    assert_string_equal(render("{{n}}|{{n|url}}|{{n|json}}", v),
                        "-1234567890123|-1234567890123|-1234567890123");
    /* The digits are written by hand: the ends of the range and zero. */
    view_int(v, "lo", INT64_MIN);
    view_int(v, "hi", INT64_MAX);
    view_int(v, "zero", 0);
    assert_string_equal(render("{{lo}} {{hi}} {{zero}}", v),
                        "-9223372036854775808 9223372036854775807 0");
}

static void test_template_bool_prints_nothing(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_bool(v, "b", true);
    assert_string_equal(render("[{{b}}]", v), "[]");
}

static void test_template_dotted_name_walks_into_object(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    View *pArticle = view_obj(v, "article");
    view_str(pArticle, "title", "<t>");
    View *pAuthor = view_obj(pArticle, "author");
    view_str(pAuthor, "name", "홍보영");
    assert_string_equal(render("{{article.title}} {{ article.author.name }}"
                               "[{{article.nope}}][{{title.x}}]",
                               v),
                        "&lt;t&gt; 홍보영[][]");
}

static void test_template_setting_twice_keeps_last_value(void **ppState)
{
    (void)ppState;
    View *v = view_with_title("one");
    view_int(v, "title", 2);
    assert_string_equal(render("{{title}}", v), "2");
}

static void test_template_allows_whitespace_inside_braces(void **ppState)
{
    (void)ppState;
    View *v = view_with_title("x&");
    assert_string_equal(render("{{ title }}{{title | url}}"
                               "{{# if  title }}Y{{ else }}N{{ / if }}",
                               v),
                        "x&amp;x%26Y");
}

static void test_template_comment_prints_nothing(void **ppState)
{
    (void)ppState;
    assert_string_equal(render("a{{! a comment\n with {{x}} }}b", NULL),
                        "a }}b");
    assert_string_equal(render("a{{! note }}b", NULL), "ab");
}

/* ---- if / unless ------------------------------------------------- */

static void test_template_if_renders_body_when_true(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_bool(v, "on", true);
    view_int(v, "n", 3);
    view_str(v, "s", "x");
    view_obj(v, "o");
    view_list_add(v, "l");
    assert_string_equal(render("{{#if on}}1{{/if}}{{#if n}}2{{/if}}"
                               "{{#if s}}3{{/if}}{{#if o}}4{{/if}}"
                               "{{#if l}}5{{/if}}",
                               v),
                        "12345");
}

static void test_template_if_renders_else_when_false(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_bool(v, "off", false);
    view_int(v, "zero", 0);
    view_str(v, "empty", "");
    view_list(v, "none");
    assert_string_equal(render("{{#if off}}x{{else}}1{{/if}}"
                               "{{#if zero}}x{{else}}2{{/if}}"
                               "{{#if empty}}x{{else}}3{{/if}}"
                               "{{#if none}}x{{else}}4{{/if}}"
                               "{{#if missing}}x{{else}}5{{/if}}"
                               "{{#if missing}}x{{/if}}",
                               v),
                        "12345");
}

static void test_template_unless_inverts_if(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_bool(v, "on", true);
    assert_string_equal(render("{{#unless on}}a{{else}}b{{/unless}}"
                               "{{#unless off}}c{{else}}d{{/unless}}",
                               v),
                        "bc");
}

static void test_template_nested_if_chooses_inner_branch(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_bool(v, "a", true);
    assert_string_equal(render("{{#if a}}A{{#if b}}B{{else}}!B{{/if}}"
                               "{{else}}!A{{/if}}",
                               v),
                        "A!B");
}

/* ---- each -------------------------------------------------------- */

static void test_template_each_renders_items_in_order(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    const char *azTitle[] = {"가", "<b>", "다"};
    for (int i = 0; i < 3; i++) {
        View *pItem = view_list_add(v, "articles");
        view_str(pItem, "title", azTitle[i]);
    }
    assert_string_equal(render("<ul>{{#each articles}}<li>{{title}}</li>"
                               "{{else}}none{{/each}}</ul>",
                               v),
                        "<ul><li>가</li><li>&lt;b&gt;</li><li>다</li></ul>");
}

static void test_template_each_renders_else_when_empty(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_list(v, "empty");
    view_str(v, "str", "not a list");
    assert_string_equal(render("{{#each empty}}x{{else}}1{{/each}}"
                               "{{#each missing}}x{{else}}2{{/each}}"
                               "{{#each str}}x{{else}}3{{/each}}"
                               "{{#each empty}}x{{/each}}",
                               v),
                        "123");
}

static void test_template_each_index_counts_from_zero(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    for (int i = 0; i < 3; i++) {
        view_list_add(v, "l");
    }
    assert_string_equal(render("{{#each l}}{{@index}}"
                               "{{#if @index}},{{/if}}{{/each}}[{{@index}}]",
                               v),
                        "01,2,[]");
}

static void test_template_each_item_name_shadows_outer(void **ppState)
{
    (void)ppState;
    View *v = view_with_title("page");
    View *pItem = view_list_add(v, "l");
    view_str(pItem, "title", "item");
    view_list_add(v, "l");
    assert_string_equal(render("{{#each l}}[{{title}}]{{/each}}", v),
                        "[item][page]");
}

static void test_template_nested_each_looks_up_outer_names(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_str(v, "site", "신문");
    const char *azSection[] = {"정치", "경제"};
    for (int i = 0; i < 2; i++) {
        View *pSection = view_list_add(v, "sections");
        view_str(pSection, "section", azSection[i]);
        for (int j = 0; j < 2; j++) {
            View *pArticle = view_list_add(pSection, "articles");
            view_int(pArticle, "id", i * 10 + j);
        }
    }
    assert_string_equal(
        render("{{#each sections}}{{#each articles}}"
               "{{site}}/{{section}}/{{id}}@{{@index}};"
               "{{/each}}{{/each}}",
               v),
        "신문/정치/0@0;신문/정치/1@1;신문/경제/10@0;신문/경제/11@1;");
}

static void test_template_each_over_nested_list_sees_page(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_str(v, "base", "/b");
    View *pArticle = view_obj(v, "article");
    View *pTag = view_list_add(pArticle, "tags");
    view_str(pTag, "name", "t");
    assert_string_equal(render("{{#each article.tags}}{{base}}/{{name}}"
                               "{{/each}}",
                               v),
                        "/b/t");
}

static void test_template_each_falls_back_to_render_context(void **ppState)
{
    (void)ppState;
    /* An item View built without a parent still sees the page. */
    View *v = view_with_title("page");
    ViewValue *pList = view_list(v, "l");
    View *pItem = view_new(&testArena);
    view_str(pItem, "name", "n");
    pList->pFirst = pItem;
    pList->pLast = pItem;
    pList->i = 1;
    assert_string_equal(render("{{#each l}}{{name}} {{title}}{{/each}}", v),
                        "n page");
}

/* ---- partials ---------------------------------------------------- */

static void test_template_partial_renders_with_same_view(void **ppState)
{
    (void)ppState;
    View *v = view_with_title("<T>");
    assert_string_equal(
        render_with("<main>{{> partials/footer}}</main>", v, "partials/footer",
                    "<footer>{{title}}</footer>", (const char *)NULL),
        "<main><footer>&lt;T&gt;</footer></main>");
}

static void test_template_partial_inside_each_sees_item(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_str(view_list_add(v, "l"), "name", "a");
    view_str(view_list_add(v, "l"), "name", "b");
    assert_string_equal(render_with("{{#each l}}{{ > row }}{{/each}}", v, "row",
                                    "{{@index}}={{name}};", "unused",
                                    "{{> row}}", (const char *)NULL),
                        "0=a;1=b;");
}

/* ---- filters ----------------------------------------------------- */

static void test_template_trusted_writes_safe_html_raw(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    SafeHtml h = {"<p>본문 &amp; <b>x</b></p>", 0};
    h.n = strlen(h.z);
    view_safe(v, "body", &h);
    assert_string_equal(render("{{body|trusted}}", v), h.z);
}

static void test_template_safe_html_without_trusted_is_escaped(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    SafeHtml h = {"<p>", 3};
    view_safe(v, "body", &h);
    assert_string_equal(render("{{body}}", v), "&lt;p&gt;");
}

static void test_template_trusted_on_plain_string_still_escapes(void **ppState)
{
    (void)ppState;
    assert_string_equal(
        render("{{ title | trusted }}", view_with_title("<script>'\"&")),
        "&lt;script&gt;&#39;&quot;&amp;");
}

static void test_template_url_encodes_hangul_and_reserved(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_str(v, "q", "홍보영");
    view_str(v, "r", "a b&c/d?e=f#g%+");
    view_str(v, "u", "AZaz09-._~");
    assert_string_equal(render("{{q|url}} {{r|url}} {{u|url}}", v),
                        "%ED%99%8D%EB%B3%B4%EC%98%81 "
                        "a%20b%26c%2Fd%3Fe%3Df%23g%25%2B AZaz09-._~");
}

static void test_template_json_escapes_script_breakers(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_str(v, "s", "</script><!--&'\"\\\n\t\x01");
    assert_string_equal(render("{{s|json}}", v),
                        "\"\\u003c/script\\u003e\\u003c!--\\u0026\\u0027"
                        "\\\"\\\\\\n\\t\\u0001\"");
}

static void test_template_json_escapes_line_separators(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_str(v, "s", "홍\xE2\x80\xA8보\xE2\x80\xA9영\xE2\x80\xA7");
    assert_string_equal(render("{{s|json}}", v),
                        "\"홍\\u2028보\\u2029영\xE2\x80\xA7\"");
}

static void test_template_json_of_empty_string_is_quotes(void **ppState)
{
    (void)ppState;
    View *v = view_new(&testArena);
    view_str(v, "s", "");
    assert_string_equal(render("{{s|json}}", v), "\"\"");
}

/* ---- render API -------------------------------------------------- */

static void test_template_render_unknown_name_is_notfound(void **ppState)
{
    (void)ppState;
    char zErr[TEST_ERR_MAX];
    Templates *t = templates_new();
    assert_int_equal(templates_add(t, "a", "x", 1, zErr, sizeof(zErr)), OK);
    assert_int_equal(templates_link(t, zErr, sizeof(zErr)), OK);
    assert_true(templates_has(t, "a"));
    assert_false(templates_has(t, "b"));
    Str s;
    str_init(&s, &testArena);
    assert_int_equal(template_render(t, "b", NULL, &s), ERR_NOTFOUND);
    const SafeHtml *h = NULL;
    assert_int_equal(template_render_safe(t, "a", NULL, &testArena, &h), OK);
    assert_string_equal(h->z, "x");
    assert_int_equal(h->n, 1);
    templates_close(t);
}

static void test_template_duplicate_name_is_rejected(void **ppState)
{
    (void)ppState;
    assert_string_equal(compile_error_with("y", "t", "x", (const char *)NULL),
                        "t: duplicate template 't'");
}

/* ---- compile errors ---------------------------------------------- */

static void test_template_rejects_unknown_filter(void **ppState)
{
    (void)ppState;
    assert_string_equal(compile_error("a\nb\n{{title|raw}}"),
                        "t:3: unknown filter 'raw'");
    assert_string_equal(compile_error("{{title|}}"), "t:1: unknown filter ''");
}

static void test_template_rejects_unclosed_block(void **ppState)
{
    (void)ppState;
    assert_string_equal(compile_error("x\n{{#if a}}\n{{#each l}}{{/each}}\n"),
                        "t:2: unclosed {{#if}}");
}

static void test_template_rejects_mismatched_close(void **ppState)
{
    (void)ppState;
    assert_string_equal(compile_error("{{#each l}}\n\n{{/if}}"),
                        "t:3: {{/if}} does not close {{#each}} of line 1");
}

static void test_template_rejects_stray_else(void **ppState)
{
    (void)ppState;
    assert_string_equal(compile_error("a\n{{else}}"), "t:2: stray {{else}}");
    assert_string_equal(compile_error("{{#if a}}\n{{else}}{{else}}{{/if}}"),
                        "t:2: second {{else}} in {{#if}}");
}

static void test_template_rejects_stray_close(void **ppState)
{
    (void)ppState;
    assert_string_equal(compile_error("{{#if a}}{{/if}}\n{{/if}}"),
                        "t:2: stray {{/if}}");
}

static void test_template_rejects_unterminated_braces(void **ppState)
{
    (void)ppState;
    assert_string_equal(compile_error("a\n\nb {{title"),
                        "t:3: unterminated {{");
    assert_string_equal(compile_error("{{a\n{{b}}"), "t:1: unterminated {{");
}

static void test_template_rejects_empty_name(void **ppState)
{
    (void)ppState;
    assert_string_equal(compile_error("\n{{}}"), "t:2: empty name");
    assert_string_equal(compile_error("{{ | url}}"), "t:1: empty name");
    assert_string_equal(compile_error("{{#if }}{{/if}}"), "t:1: empty name");
    assert_string_equal(compile_error("\n\n{{> }}"), "t:3: empty name");
}

static void test_template_rejects_bad_names(void **ppState)
{
    (void)ppState;
    assert_string_equal(compile_error("{{{title}}}"), "t:1: bad name '{title'");
    assert_string_equal(compile_error("{{a b}}"), "t:1: bad name 'a b'");
    assert_string_equal(compile_error("{{a..b}}"), "t:1: bad name 'a..b'");
    assert_string_equal(compile_error("{{@first}}"),
                        "t:1: unknown name '@first'");
    assert_string_equal(compile_error("{{#with a}}"),
                        "t:1: unknown block '{{#with}}'");
}

static void test_template_rejects_missing_partial(void **ppState)
{
    (void)ppState;
    assert_string_equal(compile_error("a\n{{> partials/nope}}"),
                        "t:2: missing partial 'partials/nope'");
}

static void test_template_rejects_self_including_partial(void **ppState)
{
    (void)ppState;
    assert_string_equal(compile_error("\n{{#if a}}{{> t}}{{/if}}"),
                        "t:2: recursive partial 't'");
}

static void test_template_rejects_indirectly_recursive_partial(void **ppState)
{
    (void)ppState;
    const char *zErr = compile_error_with("{{> a}}", "a", "{{> b}}", "b",
                                          "x\n{{> a}}", (const char *)NULL);
    assert_string_equal(zErr, "b:2: recursive partial 'a'");
}

static void test_template_rejects_too_deep_nesting(void **ppState)
{
    (void)ppState;
    Str s;
    str_init(&s, &testArena);
    for (int i = 0; i < 65; i++) {
        str_append_z(&s, "{{#if a}}");
    }
    assert_string_equal(compile_error(s.z),
                        "t:1: blocks nested deeper than 64");
}

/* ---- templates_open ---------------------------------------------- */

/* Write 'zText' to the file 'zPath'. */
static void write_file(const char *zPath, const char *zText)
{
    FILE *f = fopen(zPath, "w");
    assert_non_null(f);
    fputs(zText, f);
    fclose(f);
}

/* Make a fresh temporary folder and return its path (test arena). */
static char *make_temp_dir(void)
{
    char *zDir = arena_strdup(&testArena, "/tmp/sinmun_tmpl_XXXXXX");
    assert_non_null(mkdtemp(zDir));
    return zDir;
}

/* Remove what the templates_open tests wrote below 'zDir'. */
static void remove_temp_dir(const char *zDir, const char *const *azFile)
{
    for (int i = 0; azFile[i] != NULL; i++) {
        unlink(arena_printf(&testArena, "%s/%s", zDir, azFile[i]));
    }
    rmdir(arena_printf(&testArena, "%s/partials", zDir));
    rmdir(zDir);
}

static void test_template_open_reads_subfolders(void **ppState)
{
    (void)ppState;
    char *zDir = make_temp_dir();
    const char *const azFile[] = {"page.html", "notes.md",
                                  "partials/footer.html", NULL};
    assert_int_equal(mkdir(arena_printf(&testArena, "%s/partials", zDir), 0700),
                     0);
    write_file(arena_printf(&testArena, "%s/page.html", zDir),
               "<h1>{{title}}</h1>{{> partials/footer}}");
    write_file(arena_printf(&testArena, "%s/notes.md", zDir), "{{");
    write_file(arena_printf(&testArena, "%s/partials/footer.html", zDir),
               "<footer>©</footer>\n");
    Templates *t = NULL;
    char zErr[TEST_ERR_MAX] = "";
    assert_int_equal(templates_open(zDir, &t, zErr, sizeof(zErr)), OK);
    assert_true(templates_has(t, "page"));
    assert_true(templates_has(t, "partials/footer"));
    assert_false(templates_has(t, "notes"));
    Str s;
    str_init(&s, &testArena);
    assert_int_equal(template_render(t, "page", view_with_title("a<b"), &s),
                     OK);
    assert_string_equal(s.z, "<h1>a&lt;b</h1><footer>©</footer>\n");
    templates_close(t);
    remove_temp_dir(zDir, azFile);
}

static void test_template_open_reads_xml_and_txt_templates(void **ppState)
{
    (void)ppState;
    char *zDir = make_temp_dir();
    const char *const azFile[] = {"partials/feed.xml", "partials/robots.txt",
                                  "partials/data.json", NULL};
    assert_int_equal(mkdir(arena_printf(&testArena, "%s/partials", zDir), 0700),
                     0);
    write_file(arena_printf(&testArena, "%s/partials/feed.xml", zDir),
               "<?xml version=\"1.0\"?>\n<title>{{title}}</title>\n");
    write_file(arena_printf(&testArena, "%s/partials/robots.txt", zDir),
               "Sitemap: {{title}}/sitemap.xml\n");
    write_file(arena_printf(&testArena, "%s/partials/data.json", zDir), "{{");
    Templates *t = NULL;
    char zErr[TEST_ERR_MAX] = "";
    assert_int_equal(templates_open(zDir, &t, zErr, sizeof(zErr)), OK);
    /* Named without the extension, like pages; other files skipped. */
    assert_true(templates_has(t, "partials/feed"));
    assert_true(templates_has(t, "partials/robots"));
    assert_false(templates_has(t, "partials/data"));
    Str s;
    str_init(&s, &testArena);
    assert_int_equal(
        template_render(t, "partials/feed", view_with_title("R&D <1>"), &s),
        OK);
    /* HTML escaping is XML escaping. */
    assert_string_equal(s.z, "<?xml version=\"1.0\"?>\n"
                             "<title>R&amp;D &lt;1&gt;</title>\n");
    str_clear(&s);
    assert_int_equal(
        template_render(t, "partials/robots", view_with_title("http://x"), &s),
        OK);
    assert_string_equal(s.z, "Sitemap: http://x/sitemap.xml\n");
    templates_close(t);
    remove_temp_dir(zDir, azFile);
}

static void
test_template_open_rejects_same_name_with_two_extensions(void **ppState)
{
    (void)ppState;
    char *zDir = make_temp_dir();
    const char *const azFile[] = {"rss.html", "rss.xml", NULL};
    write_file(arena_printf(&testArena, "%s/rss.html", zDir), "a");
    write_file(arena_printf(&testArena, "%s/rss.xml", zDir), "b");
    Templates *t = NULL;
    char zErr[TEST_ERR_MAX] = "";
    assert_int_equal(templates_open(zDir, &t, zErr, sizeof(zErr)), ERR_INVALID);
    assert_null(t);
    assert_non_null(strstr(zErr, "duplicate template 'rss'"));
    remove_temp_dir(zDir, azFile);
}

static void test_template_open_reports_file_and_line(void **ppState)
{
    (void)ppState;
    char *zDir = make_temp_dir();
    const char *const azFile[] = {"partials/bad.html", NULL};
    assert_int_equal(mkdir(arena_printf(&testArena, "%s/partials", zDir), 0700),
                     0);
    write_file(arena_printf(&testArena, "%s/partials/bad.html", zDir),
               "ok\n{{#if x}}\n");
    Templates *t = NULL;
    char zErr[TEST_ERR_MAX] = "";
    assert_int_equal(templates_open(zDir, &t, zErr, sizeof(zErr)), ERR_INVALID);
    assert_null(t);
    assert_string_equal(zErr, arena_printf(&testArena,
                                           "%s/partials/bad.html:2: unclosed "
                                           "{{#if}}",
                                           zDir));
    remove_temp_dir(zDir, azFile);
}

static void test_template_open_missing_folder_is_io_error(void **ppState)
{
    (void)ppState;
    Templates *t = NULL;
    char zErr[TEST_ERR_MAX] = "";
    assert_int_equal(
        templates_open("/nonexistent/sinmun", &t, zErr, sizeof(zErr)), ERR_IO);
    assert_null(t);
    assert_true(str_starts_with(zErr, "/nonexistent/sinmun: "));
}

/* Register a test with the per-test arena. */
#define TEST(fn) cmocka_unit_test_setup_teardown(fn, test_setup, test_teardown)

int main(void)
{
    const struct CMUnitTest aTest[] = {
        TEST(test_template_escapes_lt_gt_in_text),
        TEST(test_template_escapes_amp_in_text),
        TEST(test_template_escapes_lt_gt_in_attribute),
        TEST(test_template_escapes_double_quote_in_attribute),
        TEST(test_template_escapes_single_quote_in_attribute),
        TEST(test_template_escapes_amp_in_attribute),
        TEST(test_template_keeps_hangul_and_text_as_is),
        TEST(test_template_html_escape_handles_every_special),
        TEST(test_template_html_escape_finds_specials_at_every_offset),
        TEST(test_template_missing_value_prints_nothing),
        TEST(test_template_null_string_is_missing),
        TEST(test_template_prints_int_in_decimal),
        TEST(test_template_bool_prints_nothing),
        TEST(test_template_dotted_name_walks_into_object),
        TEST(test_template_setting_twice_keeps_last_value),
        TEST(test_template_allows_whitespace_inside_braces),
        TEST(test_template_comment_prints_nothing),
        TEST(test_template_if_renders_body_when_true),
        TEST(test_template_if_renders_else_when_false),
        TEST(test_template_unless_inverts_if),
        TEST(test_template_nested_if_chooses_inner_branch),
        TEST(test_template_each_renders_items_in_order),
        TEST(test_template_each_renders_else_when_empty),
        TEST(test_template_each_index_counts_from_zero),
        TEST(test_template_each_item_name_shadows_outer),
        TEST(test_template_nested_each_looks_up_outer_names),
        TEST(test_template_each_over_nested_list_sees_page),
        TEST(test_template_each_falls_back_to_render_context),
        TEST(test_template_partial_renders_with_same_view),
        TEST(test_template_partial_inside_each_sees_item),
        TEST(test_template_trusted_writes_safe_html_raw),
        TEST(test_template_safe_html_without_trusted_is_escaped),
        TEST(test_template_trusted_on_plain_string_still_escapes),
        TEST(test_template_url_encodes_hangul_and_reserved),
        TEST(test_template_json_escapes_script_breakers),
        TEST(test_template_json_escapes_line_separators),
        TEST(test_template_json_of_empty_string_is_quotes),
        TEST(test_template_render_unknown_name_is_notfound),
        TEST(test_template_duplicate_name_is_rejected),
        TEST(test_template_rejects_unknown_filter),
        TEST(test_template_rejects_unclosed_block),
        TEST(test_template_rejects_mismatched_close),
        TEST(test_template_rejects_stray_else),
        TEST(test_template_rejects_stray_close),
        TEST(test_template_rejects_unterminated_braces),
        TEST(test_template_rejects_empty_name),
        TEST(test_template_rejects_bad_names),
        TEST(test_template_rejects_missing_partial),
        TEST(test_template_rejects_self_including_partial),
        TEST(test_template_rejects_indirectly_recursive_partial),
        TEST(test_template_rejects_too_deep_nesting),
        TEST(test_template_open_reads_subfolders),
        TEST(test_template_open_reads_xml_and_txt_templates),
        TEST(test_template_open_rejects_same_name_with_two_extensions),
        TEST(test_template_open_reports_file_and_line),
        TEST(test_template_open_missing_folder_is_io_error),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
