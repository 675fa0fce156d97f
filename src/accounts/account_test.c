/*
 * account_test.c — unit tests for the parts of accounts/ that need no
 * server: password hashing and checking, networks for rate limits, role
 * names, the sign-in slow-down.  A standalone program:
 * `build/san/unit/accounts/account_test`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/accounts_internal.h"

static void test_password_hash_verifies_only_the_same_password(void **state)
{
    (void)state;
    char zHash[crypto_pwhash_STRBYTES];
    assert_int_equal(password_hash("비밀번호 correct horse", zHash), OK);
    assert_true(strncmp(zHash, "$argon2id$", 10) == 0);
    assert_true(password_verify(zHash, "비밀번호 correct horse"));
    assert_false(password_verify(zHash, "비밀번호 correct hors"));
    assert_false(password_verify(zHash, ""));
    assert_false(password_verify("", "anything"));
    assert_false(password_verify("not a hash", "anything"));
}

static void test_password_hashes_are_salted(void **state)
{
    (void)state;
    char zA[crypto_pwhash_STRBYTES], zB[crypto_pwhash_STRBYTES];
    assert_int_equal(password_hash("same", zA), OK);
    assert_int_equal(password_hash("same", zB), OK);
    assert_string_not_equal(zA, zB);
}

static void test_network_is_slash24_for_ipv4_and_slash48_for_ipv6(void **s)
{
    (void)s;
    Arena a;
    arena_init(&a);
    assert_string_equal(account_network(&a, "203.0.113.77"), "203.0.113.0/24");
    assert_string_equal(account_network(&a, "203.0.113.1"), "203.0.113.0/24");
    assert_string_equal(account_network(&a, "2001:db8:1234:5678::1"),
                        "2001:db8:1234::/48");
    assert_string_equal(account_network(&a, "::ffff:198.51.100.9"),
                        "198.51.100.0/24");
    assert_string_equal(account_network(&a, "not-an-ip"), "not-an-ip");
    arena_close(&a);
}

static void test_roles_parse_names_and_always_include_reader(void **s)
{
    (void)s;
    unsigned roles = 0;
    assert_true(account_parse_roles("moderator", &roles));
    assert_int_equal(roles, ROLE_MODERATOR | ROLE_READER);
    assert_true(account_parse_roles("editor,admin", &roles));
    assert_int_equal(roles, ROLE_EDITOR | ROLE_ADMIN | ROLE_READER);
    assert_false(account_parse_roles("king", &roles));
    /* An empty name is a typo, not "nothing more" (issue 8: this line
       used to assert nothing that could fail). */
    roles = 0;
    assert_false(account_parse_roles("editor,", &roles));
    assert_false(account_parse_roles(",editor", &roles));
    assert_false(account_parse_roles("editor,,admin", &roles));
    assert_int_equal(roles, 0);
    assert_false(account_parse_roles("", &roles));
}

static void test_account_has_checks_any_of_the_bits(void **s)
{
    (void)s;
    Account acct = {1, "x", "x", ROLE_READER | ROLE_MODERATOR};
    assert_true(account_has(&acct, ROLE_MODERATOR | ROLE_ADMIN));
    assert_false(account_has(&acct, ROLE_ADMIN));
    assert_false(account_has(NULL, ROLE_READER));
}

/* Issue 8: guesses spread over many networks must slow down, in steps
   the owner can wait out (never the old 15-minute lockout). */
static void test_signin_delay_grows_after_the_free_failures(void **s)
{
    (void)s;
    for (int n = 0; n <= 5; n++) {
        assert_int_equal(signin_delay_ms(n), 0);
    }
    assert_int_equal(signin_delay_ms(6), 1000);
    assert_int_equal(signin_delay_ms(7), 2000);
    assert_int_equal(signin_delay_ms(8), 4000);
    assert_int_equal(signin_delay_ms(11), 32000);
    assert_int_equal(signin_delay_ms(12), 60000);
    assert_int_equal(signin_delay_ms(1000), 60000);
    assert_int_equal(signin_delay_ms(INT64_MAX), 60000);
    for (int n = 6; n < 40; n++) {
        assert_true(signin_delay_ms(n) >= signin_delay_ms(n - 1));
    }
}

int main(void)
{
    if (sodium_init() < 0) {
        return 1;
    }
    password_use_min_cost();
    const struct CMUnitTest aTest[] = {
        cmocka_unit_test(test_password_hash_verifies_only_the_same_password),
        cmocka_unit_test(test_password_hashes_are_salted),
        cmocka_unit_test(test_network_is_slash24_for_ipv4_and_slash48_for_ipv6),
        cmocka_unit_test(test_roles_parse_names_and_always_include_reader),
        cmocka_unit_test(test_account_has_checks_any_of_the_bits),
        cmocka_unit_test(test_signin_delay_grows_after_the_free_failures),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
