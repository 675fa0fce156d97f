/*
 * routes_test.c — the real routing table (src/routes.c) is well formed:
 * valid patterns, no duplicates, sorted by path, and no write route on
 * the event loop (issue 8: eight POST routes ran inline, each able to
 * freeze a thread for the 5 s of SQLite's busy timeout).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "routes.h"

static void test_routes_table_passes_router_check(void **s)
{
    (void)s;
    assert_int_equal(router_check(g_aRoute, g_nRoute), 0);
}

static void test_routes_are_sorted_by_path(void **s)
{
    (void)s;
    for (int i = 1; i < g_nRoute; i++) {
        /* Sorted by path, so a reader finds a route where expected. */
        assert_true(strcmp(g_aRoute[i - 1].zPattern, g_aRoute[i].zPattern) <=
                    0);
    }
}

static void test_routes_every_post_runs_on_the_worker_pool(void **s)
{
    (void)s;
    int nPost = 0;
    for (int i = 0; i < g_nRoute; i++) {
        if (g_aRoute[i].method == HTTP_POST) {
            nPost++;
            assert_int_equal(g_aRoute[i].run, RUN_WORKER);
        }
    }
    assert_true(nPost > 10);
}

int main(void)
{
    const struct CMUnitTest aUnit[] = {
        cmocka_unit_test(test_routes_table_passes_router_check),
        cmocka_unit_test(test_routes_are_sorted_by_path),
        cmocka_unit_test(test_routes_every_post_runs_on_the_worker_pool),
    };
    return cmocka_run_group_tests(aUnit, NULL, NULL);
}
