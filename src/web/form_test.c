/*
 * form_test.c — unit tests for the request decoders (web/form.c): query
 * strings, urlencoded forms with their lazy normalisation, paths and
 * cookies.  Issue 8: a form value is checked for long runs of combining
 * marks before anything normalises it, and normalised only when read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/str.h"
#include "base/utf8.h"
#include "web/form.h"

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

/* 'zName' plus "=" then "e" and 'nMark' percent-encoded combining marks
   alternating U+0301 and U+0316. */
static Str marks_field(Arena *a, const char *zName, int nMark)
{
    Str s;
    str_init(&s, a);
    str_appendf(&s, "%s=e", zName);
    for (int i = 0; i < nMark; i++) {
        str_append_z(&s, i % 2 ? "%CC%96" : "%CC%81");
    }
    return s;
}

static void test_form_parse_query_decodes_names_and_values(void **state)
{
    Arena *a = *state;
    const char *z = "q=%ED%95%9C+%EA%B5%AD&page=2&flag&&empty=";
    Param *aParam = NULL;
    int nParam = 0;
    assert_int_equal(form_parse_query(a, z, strlen(z), &aParam, &nParam),
                     FORM_OK);
    assert_int_equal(nParam, 4);
    assert_string_equal(aParam[0].zName, "q");
    assert_string_equal(aParam[0].zValue, "한 국");
    assert_int_equal(aParam[0].nValue, strlen("한 국"));
    assert_string_equal(aParam[1].zValue, "2");
    assert_string_equal(aParam[2].zName, "flag");
    assert_string_equal(aParam[2].zValue, "");
    assert_string_equal(aParam[3].zName, "empty");
    assert_null(aParam[0].zPending);
}

static void test_form_parse_query_refuses_too_many_fields(void **state)
{
    Arena *a = *state;
    Str s;
    str_init(&s, a);
    for (int i = 0; i < FORM_FIELDS_MAX; i++) {
        str_append_z(&s, i ? "&a=1" : "a=1");
    }
    Param *aParam = NULL;
    int nParam = 0;
    assert_int_equal(form_parse_query(a, s.z, s.n, &aParam, &nParam), FORM_OK);
    assert_int_equal(nParam, FORM_FIELDS_MAX);
    str_append_z(&s, "&a=1");
    assert_int_equal(form_parse_query(a, s.z, s.n, &aParam, &nParam),
                     FORM_TOO_MANY);
    /* Empty pieces count too: "&&&…" must not be a cheap way around. */
    char zAmp[FORM_FIELDS_MAX + 2];
    memset(zAmp, '&', sizeof(zAmp));
    assert_int_equal(form_parse_query(a, zAmp, sizeof(zAmp), &aParam, &nParam),
                     FORM_TOO_MANY);
}

static void test_form_parse_query_refuses_bad_text(void **state)
{
    Arena *a = *state;
    const char *azBad[] = {"a=%zz", "a=%4", "a=%00", "a=%ED%A0%80", "%ff=1"};
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        Param *aParam = NULL;
        int nParam = 0;
        assert_int_equal(
            form_parse_query(a, azBad[i], strlen(azBad[i]), &aParam, &nParam),
            FORM_BAD_TEXT);
    }
}

static void test_form_parse_body_normalises_only_on_read(void **state)
{
    Arena *a = *state;
    /* "Cafe" + U+0301, and a textarea's CRLF. */
    const char *z = "csrf=abc&name=Cafe%CC%81&body=a%0D%0Ab%0Dc";
    Param *aParam = NULL;
    int nParam = 0;
    assert_int_equal(form_parse_body(a, z, strlen(z), &aParam, &nParam),
                     FORM_OK);
    assert_int_equal(nParam, 3);
    /* Nothing is normalised until it is read. */
    for (int i = 0; i < nParam; i++) {
        assert_null(aParam[i].zValue);
        assert_non_null(aParam[i].zPending);
    }
    assert_string_equal(form_value(a, &aParam[1]), "Caf\u00e9");
    assert_int_equal(aParam[1].nValue, strlen("Caf\u00e9"));
    assert_null(aParam[1].zPending);
    assert_null(aParam[2].zValue); /* still pending */
    const char *zBody = form_value(a, &aParam[2]);
    assert_string_equal(zBody, "a\nb\nc");
    assert_int_equal(aParam[2].nValue, 5);
    /* A second read gives the same string. */
    assert_ptr_equal(form_value(a, &aParam[2]), zBody);
}

static void test_form_parse_body_refuses_long_runs_of_marks(void **state)
{
    Arena *a = *state;
    Str s = marks_field(a, "x", UTF8_NONSTARTERS_MAX);
    Param *aParam = NULL;
    int nParam = 0;
    assert_int_equal(form_parse_body(a, s.z, s.n, &aParam, &nParam), FORM_OK);
    s = marks_field(a, "x", UTF8_NONSTARTERS_MAX + 1);
    assert_int_equal(form_parse_body(a, s.z, s.n, &aParam, &nParam),
                     FORM_MARKS);
    /* Issue 8: 100,000 of them cost one linear pass, not 15 s. */
    s = marks_field(a, "x", 100000);
    assert_int_equal(form_parse_body(a, s.z, s.n, &aParam, &nParam),
                     FORM_MARKS);
    /* A query string is not normalised, so it has no such limit. */
    assert_int_equal(form_parse_query(a, s.z, s.n, &aParam, &nParam), FORM_OK);
}

static void test_form_decode_path_keeps_plus_and_refuses_bad_text(void **state)
{
    Arena *a = *state;
    char *z = NULL;
    assert_int_equal(form_decode_path(a, "/a+b/%ED%95%9C", 14, &z), OK);
    assert_string_equal(z, "/a+b/한");
    assert_int_equal(form_decode_path(a, "/%00", 4, &z), ERR_INVALID);
    assert_int_equal(form_decode_path(a, "/%C0%AF", 7, &z), ERR_INVALID);
    assert_int_equal(form_decode_path(a, "/%", 2, &z), ERR_INVALID);
}

static void test_form_parse_cookies_skips_malformed_pairs(void **state)
{
    Arena *a = *state;
    Param *aParam = NULL;
    int nParam = 0;
    form_parse_cookies(a, "sid=abc; =x; novalue; vid=v1 ; x=\xff", &aParam,
                       &nParam);
    assert_int_equal(nParam, 2);
    assert_string_equal(aParam[0].zName, "sid");
    assert_string_equal(aParam[0].zValue, "abc");
    assert_string_equal(aParam[1].zName, "vid");
    assert_string_equal(aParam[1].zValue, "v1");
}

int main(void)
{
    const struct CMUnitTest aTest[] = {
        cmocka_unit_test_setup_teardown(
            test_form_parse_query_decodes_names_and_values, setup_arena,
            teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_form_parse_query_refuses_too_many_fields, setup_arena,
            teardown_arena),
        cmocka_unit_test_setup_teardown(test_form_parse_query_refuses_bad_text,
                                        setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_form_parse_body_normalises_only_on_read, setup_arena,
            teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_form_parse_body_refuses_long_runs_of_marks, setup_arena,
            teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_form_decode_path_keeps_plus_and_refuses_bad_text, setup_arena,
            teardown_arena),
        cmocka_unit_test_setup_teardown(
            test_form_parse_cookies_skips_malformed_pairs, setup_arena,
            teardown_arena),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
