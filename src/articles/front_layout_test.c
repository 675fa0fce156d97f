/*
 * front_layout_test.c — unit tests for the front page's layout arithmetic
 * (articles/front_layout.c): unpinned slots take the latest articles in
 * order, never one already shown (a pin, an earlier slot, an earlier
 * block); pins keep their places; repeated pins are shown once; the
 * editor's pin, unpin, move and reorder edits; and the id lists the
 * front editor's script sends.  A standalone program:
 * `build/san/unit/articles/front_layout_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "articles/front_layout.h"

/* The latest published ids, newest first. */
static const int64_t aLatest[] = {100, 99, 98, 97, 96, 95, 94, 93};
#define N_LATEST ((int)(sizeof(aLatest) / sizeof(aLatest[0])))

static void assert_top(const FrontPins *p, int64_t a, int64_t b, int64_t c,
                       int64_t d)
{
    assert_int_equal(p->aTop[0], a);
    assert_int_equal(p->aTop[1], b);
    assert_int_equal(p->aTop[2], c);
    assert_int_equal(p->aTop[3], d);
}

static void test_front_fill_without_pins_takes_the_latest(void **state)
{
    (void)state;
    FrontPins pins = {0};
    FrontPins out;
    bool abPinned[1 + FRONT_TOP_SLOTS];
    FrontShown shown = {.n = 0};
    front_fill_slots(&pins, aLatest, N_LATEST, &out, abPinned, &shown);
    assert_int_equal(out.headline, 100);
    assert_top(&out, 99, 98, 97, 96);
    for (int i = 0; i < 1 + FRONT_TOP_SLOTS; i++) {
        assert_false(abPinned[i]);
    }
    assert_int_equal(shown.n, 5);
}

static void test_front_fill_pins_keep_places_and_never_repeat(void **state)
{
    (void)state;
    /* Headline pinned to an old article; row position 2 pinned to the
       newest one, which the headline would otherwise have taken. */
    FrontPins pins = {.headline = 7, .aTop = {0, 0, 100, 0}};
    FrontPins out;
    bool abPinned[1 + FRONT_TOP_SLOTS];
    FrontShown shown = {.n = 0};
    front_fill_slots(&pins, aLatest, N_LATEST, &out, abPinned, &shown);
    assert_int_equal(out.headline, 7);
    assert_top(&out, 99, 98, 100, 97);
    assert_true(abPinned[0]);
    assert_false(abPinned[1]);
    assert_true(abPinned[3]);
    /* The section blocks after it skip all five. */
    const int64_t aSection[] = {100, 98, 50, 97, 49, 48, 47, 46};
    int aiPick[FRONT_PER_SECTION];
    int n = front_fill_list(aSection, 8, FRONT_PER_SECTION, &shown, aiPick);
    assert_int_equal(n, 5);
    const int aiWant[] = {2, 4, 5, 6, 7};
    for (int i = 0; i < n; i++) {
        assert_int_equal(aiPick[i], aiWant[i]);
    }
    /* A second block with the same candidates finds nothing new. */
    assert_int_equal(
        front_fill_list(aSection, 8, FRONT_PER_SECTION, &shown, aiPick), 0);
}

static void test_front_fill_a_pin_repeated_is_shown_once(void **state)
{
    (void)state;
    /* Should not happen (the editor refuses it), but a table edited by
       hand must not show an article twice. */
    FrontPins pins = {.headline = 5, .aTop = {5, 6, 6, 0}};
    FrontPins out;
    bool abPinned[1 + FRONT_TOP_SLOTS];
    FrontShown shown = {.n = 0};
    front_fill_slots(&pins, aLatest, N_LATEST, &out, abPinned, &shown);
    assert_int_equal(out.headline, 5);
    assert_top(&out, 100, 6, 99, 98);
    assert_false(abPinned[1]);
    assert_true(abPinned[2]);
    assert_false(abPinned[3]);
}

static void test_front_fill_a_dropped_pin_fills_from_the_latest(void **state)
{
    (void)state;
    /* The caller dropped a retracted pin (0): the slot fills itself. */
    FrontPins pins = {.headline = 0, .aTop = {0, 55, 0, 0}};
    FrontPins out;
    bool abPinned[1 + FRONT_TOP_SLOTS];
    FrontShown shown = {.n = 0};
    front_fill_slots(&pins, aLatest, N_LATEST, &out, abPinned, &shown);
    assert_int_equal(out.headline, 100);
    assert_top(&out, 99, 55, 98, 97);
}

static void test_front_fill_runs_out_of_articles(void **state)
{
    (void)state;
    const int64_t aFew[] = {3, 2};
    FrontPins pins = {.aTop = {0, 0, 0, 2}};
    FrontPins out;
    bool abPinned[1 + FRONT_TOP_SLOTS];
    FrontShown shown = {.n = 0};
    front_fill_slots(&pins, aFew, 2, &out, abPinned, &shown);
    assert_int_equal(out.headline, 3);
    assert_top(&out, 0, 0, 0, 2);
    assert_int_equal(shown.n, 2);
    FrontShown none = {.n = 0};
    front_fill_slots(&(FrontPins){0}, NULL, 0, &out, abPinned, &none);
    assert_int_equal(out.headline, 0);
    assert_int_equal(none.n, 0);
}

static void test_front_pins_headline_and_row_edits(void **state)
{
    (void)state;
    FrontPins p = {0};
    assert_null(front_pins_set_top(&p, 10, -1));
    assert_null(front_pins_set_top(&p, 11, -1));
    assert_top(&p, 10, 11, 0, 0);
    /* Pinning again where it is changes nothing. */
    assert_null(front_pins_set_top(&p, 10, -1));
    assert_top(&p, 10, 11, 0, 0);
    /* The headline takes an article out of the row. */
    front_pins_set_headline(&p, 11);
    assert_int_equal(p.headline, 11);
    assert_top(&p, 10, 0, 0, 0);
    /* And the row takes it back from the headline, at a given place. */
    assert_null(front_pins_set_top(&p, 11, 3));
    assert_int_equal(p.headline, 0);
    assert_top(&p, 10, 0, 0, 11);
    assert_null(front_pins_set_top(&p, 12, -1));
    assert_null(front_pins_set_top(&p, 13, -1));
    assert_top(&p, 10, 12, 13, 11);
    /* Full: refused, nothing changed. */
    assert_non_null(front_pins_set_top(&p, 14, -1));
    assert_top(&p, 10, 12, 13, 11);
    /* A place out of range: refused. */
    assert_non_null(front_pins_set_top(&p, 14, 4));
    assert_non_null(front_pins_set_top(&p, 14, -2));
    /* A given place replaces what was there. */
    assert_null(front_pins_set_top(&p, 14, 1));
    assert_top(&p, 10, 14, 13, 11);
    /* Moving an article within the row leaves its old place free. */
    assert_null(front_pins_set_top(&p, 10, 2));
    assert_top(&p, 0, 14, 10, 11);
    assert_true(front_pins_clear(&p, false, 3));
    assert_top(&p, 0, 14, 10, 0);
    assert_false(front_pins_clear(&p, false, 4));
    front_pins_set_headline(&p, 99);
    assert_true(front_pins_clear(&p, true, 0));
    assert_int_equal(p.headline, 0);
}

static void test_front_pins_move_and_reorder(void **state)
{
    (void)state;
    FrontPins p = {.aTop = {10, 0, 12, 0}};
    assert_true(front_pins_move(&p, 0, 1));
    assert_top(&p, 0, 10, 12, 0);
    assert_true(front_pins_move(&p, 2, -1));
    assert_top(&p, 0, 12, 10, 0);
    assert_false(front_pins_move(&p, 0, -1));
    assert_false(front_pins_move(&p, 3, 1));
    assert_false(front_pins_move(&p, 1, 2));
    assert_false(front_pins_move(&p, 9, -1));
    assert_top(&p, 0, 12, 10, 0);
    /* The script's order after a drag: the same pins, any places. */
    const int64_t aOk[] = {10, 0, 0, 12};
    assert_null(front_pins_reorder(&p, aOk, 4));
    assert_top(&p, 10, 0, 0, 12);
    /* Another pin (someone else changed the row), a lost pin, a pin
       doubled, a wrong length: refused, nothing changed. */
    const int64_t aOther[] = {10, 0, 0, 13};
    const int64_t aLost[] = {10, 0, 0, 0};
    const int64_t aTwice[] = {10, 10, 0, 12};
    assert_non_null(front_pins_reorder(&p, aOther, 4));
    assert_non_null(front_pins_reorder(&p, aLost, 4));
    assert_non_null(front_pins_reorder(&p, aTwice, 4));
    assert_non_null(front_pins_reorder(&p, aOk, 3));
    assert_top(&p, 10, 0, 0, 12);
}

static void test_front_section_order_edits(void **state)
{
    (void)state;
    int64_t aSec[] = {1, 2, 3, 4};
    assert_true(front_order_move(aSec, 4, 3, -1));
    assert_true(front_order_move(aSec, 4, 0, 1));
    const int64_t aWant[] = {2, 1, 4, 3};
    assert_memory_equal(aSec, aWant, sizeof(aWant));
    assert_false(front_order_move(aSec, 4, 0, -1));
    assert_false(front_order_move(aSec, 4, 3, 1));
    const int64_t aNew[] = {4, 3, 2, 1};
    assert_null(front_order_reorder(aSec, 4, aNew, 4));
    assert_memory_equal(aSec, aNew, sizeof(aNew));
    const int64_t aBad[] = {4, 3, 2, 2};
    const int64_t aUnknown[] = {4, 3, 2, 9};
    assert_non_null(front_order_reorder(aSec, 4, aBad, 4));
    assert_non_null(front_order_reorder(aSec, 4, aUnknown, 4));
    assert_non_null(front_order_reorder(aSec, 4, aNew, 3));
    assert_memory_equal(aSec, aNew, sizeof(aNew));
}

static void test_front_section_order_from_stored_and_site(void **state)
{
    (void)state;
    int64_t aOut[8];
    /* Nothing stored: the navigation's order. */
    const int64_t aSite[] = {1, 2, 3, 4};
    assert_int_equal(front_order_sections(NULL, 0, aSite, 4, aOut), 4);
    assert_memory_equal(aOut, aSite, sizeof(aSite));
    /* Stored first; a section added later comes after; a stored section
       that no longer exists and a repeat are skipped. */
    const int64_t aStored[] = {3, 9, 1, 3};
    assert_int_equal(front_order_sections(aStored, 4, aSite, 4, aOut), 4);
    const int64_t aWant[] = {3, 1, 2, 4};
    assert_memory_equal(aOut, aWant, sizeof(aWant));
}

static void test_front_parse_ids(void **state)
{
    (void)state;
    int64_t a[4];
    int n = 0;
    assert_true(front_parse_ids("12,0,7", a, 4, &n));
    assert_int_equal(n, 3);
    assert_int_equal(a[0], 12);
    assert_int_equal(a[1], 0);
    assert_int_equal(a[2], 7);
    assert_true(front_parse_ids("9007199254740993", a, 4, &n));
    assert_int_equal(n, 1);
    assert_false(front_parse_ids("12345678901234567", a, 4, &n));
    assert_false(front_parse_ids("", a, 4, &n));
    assert_false(front_parse_ids(NULL, a, 4, &n));
    assert_false(front_parse_ids("1,,2", a, 4, &n));
    assert_false(front_parse_ids("1,2,", a, 4, &n));
    assert_false(front_parse_ids(",1", a, 4, &n));
    assert_false(front_parse_ids("1, 2", a, 4, &n));
    assert_false(front_parse_ids("-1", a, 4, &n));
    assert_false(front_parse_ids("1;2", a, 4, &n));
    assert_false(front_parse_ids("1,2,3,4,5", a, 4, &n));
    assert_true(front_parse_ids("1,2,3,4", a, 4, &n));
    assert_int_equal(n, 4);
}

int main(void)
{
    const struct CMUnitTest aTest[] = {
        cmocka_unit_test(test_front_fill_without_pins_takes_the_latest),
        cmocka_unit_test(test_front_fill_pins_keep_places_and_never_repeat),
        cmocka_unit_test(test_front_fill_a_pin_repeated_is_shown_once),
        cmocka_unit_test(test_front_fill_a_dropped_pin_fills_from_the_latest),
        cmocka_unit_test(test_front_fill_runs_out_of_articles),
        cmocka_unit_test(test_front_pins_headline_and_row_edits),
        cmocka_unit_test(test_front_pins_move_and_reorder),
        cmocka_unit_test(test_front_section_order_edits),
        cmocka_unit_test(test_front_section_order_from_stored_and_site),
        cmocka_unit_test(test_front_parse_ids),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
