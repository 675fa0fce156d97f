/*
 * router_test.c — unit tests for route matching (web/router.c) and the
 * real routing table (web/routes.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "web/router.h"

static int route_a(Request *req, Response *res)
{
    (void)req;
    (void)res;
    return 1;
}

static int route_b(Request *req, Response *res)
{
    (void)req;
    (void)res;
    return 2;
}

static const Route aTest[] = {
    {HTTP_GET, "/", route_a, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/article/{id}", route_a, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/article/{id}.pdf", route_b, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_POST, "/article/{id}/comments", route_b, ROLE_ANYONE, CACHE_NONE,
     RUN_WORKER},
    {HTTP_GET, "/section/{slug}", route_a, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/x/{a}", route_a, ROLE_ANYONE, CACHE_PUBLIC},
    {HTTP_GET, "/x/{b}", route_b, ROLE_ANYONE, CACHE_PUBLIC},
};
static const int nTest = sizeof(aTest) / sizeof(aTest[0]);

/* Match 'zPath' with 'method'; return the route or NULL. */
static const Route *match(Arena *a, HttpMethod method, const char *zPath,
                          Request *req, bool *pbOther)
{
    memset(req, 0, sizeof(*req));
    req->a = a;
    req->method = method;
    req->zPath = zPath;
    return router_match(aTest, nTest, req, pbOther);
}

static void test_router_matches_literal_and_parameter(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    Request req;
    bool bOther;
    assert_ptr_equal(match(&a, HTTP_GET, "/", &req, &bOther), &aTest[0]);
    assert_ptr_equal(match(&a, HTTP_GET, "/article/42", &req, &bOther),
                     &aTest[1]);
    assert_string_equal(req_path(&req, "id"), "42");
    assert_ptr_equal(match(&a, HTTP_GET, "/section/산업", &req, &bOther),
                     &aTest[4]);
    assert_string_equal(req_path(&req, "slug"), "산업");
    arena_close(&a);
}

static void test_router_prefers_the_pattern_with_a_literal_suffix(void **s)
{
    (void)s;
    Arena a;
    arena_init(&a);
    Request req;
    bool bOther;
    assert_ptr_equal(match(&a, HTTP_GET, "/article/7.pdf", &req, &bOther),
                     &aTest[2]);
    assert_string_equal(req_path(&req, "id"), "7");
    arena_close(&a);
}

static void test_router_first_row_wins_between_equals(void **s)
{
    (void)s;
    Arena a;
    arena_init(&a);
    Request req;
    bool bOther;
    assert_ptr_equal(match(&a, HTTP_GET, "/x/1", &req, &bOther), &aTest[5]);
    assert_string_equal(req_path(&req, "a"), "1");
    arena_close(&a);
}

static void test_router_answers_404_or_405(void **s)
{
    (void)s;
    Arena a;
    arena_init(&a);
    Request req;
    bool bOther = true;
    assert_null(match(&a, HTTP_GET, "/nowhere", &req, &bOther));
    assert_false(bOther);
    assert_null(match(&a, HTTP_GET, "/article/1/comments", &req, &bOther));
    assert_true(bOther);
    assert_null(match(&a, HTTP_POST, "/article/1", &req, &bOther));
    assert_true(bOther);
    assert_null(match(&a, HTTP_OTHER, "/", &req, &bOther));
    assert_true(bOther);
    arena_close(&a);
}

static void test_router_needs_whole_segments(void **s)
{
    (void)s;
    Arena a;
    arena_init(&a);
    Request req;
    bool bOther;
    assert_null(match(&a, HTTP_GET, "/article/", &req, &bOther));
    assert_null(match(&a, HTTP_GET, "/article/1/", &req, &bOther));
    assert_null(match(&a, HTTP_GET, "/article/1/x", &req, &bOther));
    assert_null(match(&a, HTTP_GET, "/article", &req, &bOther));
    /* "{id}.pdf" needs a non-empty id: ".pdf" is an id of the plain
       article route instead. */
    assert_ptr_equal(match(&a, HTTP_GET, "/article/.pdf", &req, &bOther),
                     &aTest[1]);
    assert_null(match(&a, HTTP_GET, "//", &req, &bOther));
    arena_close(&a);
}

static void test_router_check_refuses_bad_tables(void **s)
{
    (void)s;
    const Route aNoSlash[] = {{HTTP_GET, "x", route_a, 0, 0, 0}};
    const Route aOpen[] = {{HTTP_GET, "/a/{id", route_a, 0, 0, 0}};
    const Route aEmpty[] = {{HTTP_GET, "/a/{}", route_a, 0, 0, 0}};
    const Route aDup[] = {{HTTP_GET, "/a", route_a, 0, 0, 0},
                          {HTTP_GET, "/a", route_b, 0, 0, 0}};
    const Route aNoFn[] = {{HTTP_GET, "/a", NULL, 0, 0, 0}};
    /* Issue 8: a write on the event loop can stall a whole thread. */
    const Route aInlinePost[] = {{HTTP_POST, "/a", route_a, 0, 0, RUN_INLINE}};
    const Route aWorkerPost[] = {{HTTP_POST, "/a", route_a, 0, 0, RUN_WORKER}};
    assert_int_equal(router_check(aNoSlash, 1), -1);
    assert_int_equal(router_check(aOpen, 1), -1);
    assert_int_equal(router_check(aEmpty, 1), -1);
    assert_int_equal(router_check(aDup, 2), -1);
    assert_int_equal(router_check(aNoFn, 1), -1);
    assert_int_equal(router_check(aInlinePost, 1), -1);
    assert_int_equal(router_check(aWorkerPost, 1), 0);
    assert_int_equal(router_check(aTest, nTest), 0);
}

int main(void)
{
    const struct CMUnitTest aUnit[] = {
        cmocka_unit_test(test_router_matches_literal_and_parameter),
        cmocka_unit_test(test_router_prefers_the_pattern_with_a_literal_suffix),
        cmocka_unit_test(test_router_first_row_wins_between_equals),
        cmocka_unit_test(test_router_answers_404_or_405),
        cmocka_unit_test(test_router_needs_whole_segments),
        cmocka_unit_test(test_router_check_refuses_bad_tables),
    };
    return cmocka_run_group_tests(aUnit, NULL, NULL);
}
