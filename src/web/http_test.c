/*
 * http_test.c — unit tests for web/http.c: the redirect-target check
 * http_local_path() and res_header()'s refusal of control bytes (issue 8,
 * section 2: "next=/%0D%0ASet-Cookie:…" set a cookie, "next=/%09/evil"
 * left the site); res_tag()'s duplicates and limit (issue 10).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "web/http.h"

static void test_http_local_path_keeps_local_paths(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    static const char *azGood[] = {
        "/",
        "/article/1",
        "/article/1?order=oldest&page=2",
        "/article/1#comment-5",
        "/search?q=%ED%95%9C",
        "/a/%2F/b",
        "/newsroom/moderation/comment/3",
    };
    for (size_t i = 0; i < sizeof(azGood) / sizeof(azGood[0]); i++) {
        assert_string_equal(http_local_path(&a, azGood[i]), azGood[i]);
    }
    arena_close(&a);
}

static void test_http_local_path_refuses_other_sites_and_controls(void **s)
{
    (void)s;
    Arena a;
    arena_init(&a);
    static const char *azBad[] = {
        "",
        "article/1",
        "//evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "/\r\nSet-Cookie: sid=X",
        "/\nLocation: //evil.example",
        "/a\rb",
        "/a\x7f",
        "/a b",
        "/a\\b",
        "/%2F/evil.example",
        "/%2f%2fevil.example",
        "/%5Cevil.example",
        "/%09/evil.example",
        "/a%0D%0ASet-Cookie:x",
        "/a%7f",
        "http://evil.example/",
        "https:/evil.example",
        "javascript:alert(1)",
        " /article/1",
    };
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        const char *z = http_local_path(&a, azBad[i]);
        if (z != NULL) {
            fail_msg("accepted bad path #%zu as '%s'", i, z);
        }
    }
    assert_null(http_local_path(&a, NULL));
    arena_close(&a);
}

static void test_http_local_path_encodes_non_ascii(void **s)
{
    (void)s;
    Arena a;
    arena_init(&a);
    assert_string_equal(http_local_path(&a, "/section/경제?q=é"),
                        "/section/%EA%B2%BD%EC%A0%9C?q=%C3%A9");
    /* A non-ASCII "slash" look-alike stays a path on this site. */
    assert_string_equal(http_local_path(&a, "/／evil.example"),
                        "/%EF%BC%8Fevil.example");
    arena_close(&a);
}

static void test_http_local_path_has_a_length_limit(void **s)
{
    (void)s;
    Arena a;
    arena_init(&a);
    char *z = arena_alloc(&a, HTTP_LOCAL_PATH_MAX + 2);
    memset(z, 'a', HTTP_LOCAL_PATH_MAX + 1);
    z[0] = '/';
    z[HTTP_LOCAL_PATH_MAX] = 0;
    assert_non_null(http_local_path(&a, z));
    z[HTTP_LOCAL_PATH_MAX] = 'a';
    z[HTTP_LOCAL_PATH_MAX + 1] = 0;
    assert_null(http_local_path(&a, z));
    /* The limit counts the encoded bytes: 3 for each byte over 0x7f. */
    char *zWide = arena_alloc(&a, HTTP_LOCAL_PATH_MAX);
    memset(zWide, 0, HTTP_LOCAL_PATH_MAX);
    strcpy(zWide, "/");
    while (strlen(zWide) + 3 < HTTP_LOCAL_PATH_MAX - 1) {
        strcat(zWide, "가"); /* 3 bytes, 9 once encoded */
    }
    assert_null(http_local_path(&a, zWide));
    arena_close(&a);
}

static void test_res_header_refuses_control_bytes(void **s)
{
    (void)s;
    Arena a;
    arena_init(&a);
    Response res;
    memset(&res, 0, sizeof(res));
    str_init(&res.headers, &a);
    res_header(&res, "X-Fine", "a value; with=punctuation");
    assert_false(res.bBadHeader);
    res_redirect(&res, "/\r\nSet-Cookie: sid=X");
    assert_true(res.bBadHeader);
    res_header(&res, "X-Tab", "a\tb");
    res_header(&res, "X-Del", "a\x7f");
    res_header(&res, "X-Bad\n", "a");
    assert_string_equal(res.headers.z, "X-Fine: a value; with=punctuation\n");
    arena_close(&a);
}

/* Issue 10: the article page and its comments part both declared
   article:{id}, so CDNs were sent it twice. */
static void test_res_tag_keeps_each_tag_once(void **s)
{
    (void)s;
    Arena a;
    arena_init(&a);
    Response res;
    memset(&res, 0, sizeof(res));
    res_tag(&res, &a, "comments:1");
    res_tag(&res, &a, "article:1");
    res_tag(&res, &a, "article:1");
    res_tag(&res, &a, "site");
    assert_int_equal(res.nTag, 3);
    assert_string_equal(res.azTag[1], "article:1");
    assert_string_equal(res.azTag[2], "site");
    assert_false(res.bNoStore);
    arena_close(&a);
}

/* A tag that does not fit would leave a stored page stale: not stored. */
static void test_res_tag_past_the_limit_is_not_stored(void **s)
{
    (void)s;
    Arena a;
    arena_init(&a);
    Response res;
    memset(&res, 0, sizeof(res));
    for (int i = 0; i < HTTP_TAGS_MAX; i++) {
        res_tag(&res, &a, arena_printf(&a, "reporter:%d", i));
    }
    assert_false(res.bNoStore);
    res_tag(&res, &a, "reporter:0");
    assert_false(res.bNoStore);
    res_tag(&res, &a, "site");
    assert_int_equal(res.nTag, HTTP_TAGS_MAX);
    assert_true(res.bNoStore);
    arena_close(&a);
}

int main(void)
{
    const struct CMUnitTest aUnit[] = {
        cmocka_unit_test(test_http_local_path_keeps_local_paths),
        cmocka_unit_test(test_http_local_path_refuses_other_sites_and_controls),
        cmocka_unit_test(test_http_local_path_encodes_non_ascii),
        cmocka_unit_test(test_http_local_path_has_a_length_limit),
        cmocka_unit_test(test_res_header_refuses_control_bytes),
        cmocka_unit_test(test_res_tag_keeps_each_tag_once),
        cmocka_unit_test(test_res_tag_past_the_limit_is_not_stored),
    };
    return cmocka_run_group_tests(aUnit, NULL, NULL);
}
