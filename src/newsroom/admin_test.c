/*
 * admin_test.c — unit tests for newsroom/admin.c: the field check every
 * admin form uses (limits in characters, one line, control characters,
 * blank) and how an audit line quotes and cuts values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "newsroom/admin.h"

static void test_admin_check_text_limits_and_messages(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    assert_null(admin_check_text(&a, "홍보영", "이름은",
                                 "이름을 적어 주십시오.", 3, true));
    assert_string_equal(
        admin_check_text(&a, "홍보영기", "이름은", NULL, 3, true),
        "이름은 3자까지입니다. 지금 4자입니다.");
    assert_string_equal(admin_check_text(&a, " \n ", "이름은",
                                         "이름을 적어 주십시오.", 3, false),
                        "이름을 적어 주십시오.");
    assert_null(admin_check_text(&a, "", "부서는", NULL, 3, true));
    assert_string_equal(admin_check_text(&a, "a\nb", "부서는", NULL, 9, true),
                        "부서는 한 줄로 적어 주십시오.");
    assert_null(admin_check_text(&a, "a\nb\tc", "소개는", NULL, 9, false));
    assert_string_equal(admin_check_text(&a, "a\x01", "소개는", NULL, 9, false),
                        "소개는 제어 문자를 담을 수 없습니다.");
    /* A composed Hangul syllable and a decomposed one are one character
       each (grapheme clusters). */
    assert_null(admin_check_text(&a, "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab",
                                 "이름은", NULL, 1, true));
    arena_close(&a);
}

static void test_admin_audit_value_quotes_and_cuts(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    assert_string_equal(admin_audit_value(&a, ""), "''");
    assert_string_equal(admin_audit_value(&a, "  산업1부 \n 둘째\t줄 "),
                        "'산업1부 둘째 줄'");
    char zLong[100 * 3 + 1];
    for (int i = 0; i < 100; i++) {
        memcpy(zLong + i * 3, "가", 3);
    }
    zLong[300] = 0;
    const char *z = admin_audit_value(&a, zLong);
    /* 80 syllables, the ellipsis, the quotes. */
    assert_int_equal(strlen(z), 1 + 80 * 3 + strlen("…") + 1);
    assert_int_equal(strncmp(z + 1 + 80 * 3, "…'", strlen("…'")), 0);
    arena_close(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_admin_check_text_limits_and_messages),
        cmocka_unit_test(test_admin_audit_value_quotes_and_cuts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
