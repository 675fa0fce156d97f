/*
 * netaddr_test.c — unit tests for IP addresses and networks
 * (base/netaddr.c): parsing, printing, lists of networks and matching.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "base/netaddr.h"

/* Parse 'z' and print it back; "" when it does not parse. */
static const char *round_trip(const char *z, char zOut[NETADDR_TEXT_MAX])
{
    NetAddr a;
    if (!netaddr_parse(z, strlen(z), &a)) {
        zOut[0] = 0;
        return zOut;
    }
    netaddr_format(&a, zOut);
    return zOut;
}

/* True when 'zAddr' is in the list 'zList' (which must parse). */
static bool in_list(const char *zList, const char *zAddr)
{
    NetList list;
    char zBad[64];
    assert_true(netaddr_parse_list(zList, &list, zBad));
    NetAddr a;
    assert_true(netaddr_parse(zAddr, strlen(zAddr), &a));
    return netaddr_in_list(&list, &a);
}

static void test_netaddr_parse_and_print(void **state)
{
    (void)state;
    char z[NETADDR_TEXT_MAX];
    assert_string_equal(round_trip("192.0.2.1", z), "192.0.2.1");
    assert_string_equal(round_trip("2001:DB8:0:0::1", z), "2001:db8::1");
    assert_string_equal(round_trip("::1", z), "::1");
    /* IPv4-mapped IPv6 is the IPv4 address. */
    assert_string_equal(round_trip("::ffff:192.0.2.1", z), "192.0.2.1");
    assert_string_equal(round_trip("::ffff:c000:201", z), "192.0.2.1");
}

static void test_netaddr_parse_refuses_anything_else(void **state)
{
    (void)state;
    const char *azBad[] = {
        "",          " 192.0.2.1",   "192.0.2.1 ",
        "192.0.2",   "192.0.2.256",  "192.0.2.1:80",
        "[::1]",     "fe80::1%eth0", "unknown",
        "1.2.3.4.5", "::1::",        "0x7f.0.0.1",
    };
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        NetAddr a;
        if (netaddr_parse(azBad[i], strlen(azBad[i]), &a)) {
            fail_msg("'%s' parsed", azBad[i]);
        }
    }
    NetAddr a;
    assert_false(netaddr_parse("1.2.3.4\0", 8, &a)); /* NUL inside */
    char zLong[100];
    memset(zLong, '1', sizeof(zLong));
    assert_false(netaddr_parse(zLong, sizeof(zLong), &a));
}

static void test_netaddr_from_sockaddr(void **state)
{
    (void)state;
    struct sockaddr_in s4 = {0};
    s4.sin_family = AF_INET;
    inet_pton(AF_INET, "203.0.113.9", &s4.sin_addr);
    NetAddr a4, a6;
    assert_true(netaddr_from_sockaddr((struct sockaddr *)&s4, &a4));
    struct sockaddr_in6 s6 = {0};
    s6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "::ffff:203.0.113.9", &s6.sin6_addr);
    assert_true(netaddr_from_sockaddr((struct sockaddr *)&s6, &a6));
    /* The same client over IPv4 and through an IPv6 socket. */
    assert_memory_equal(&a4, &a6, sizeof(a4));
    struct sockaddr other = {0};
    other.sa_family = AF_UNIX;
    assert_false(netaddr_from_sockaddr(&other, &a4));
    assert_false(netaddr_from_sockaddr(NULL, &a4));
}

static void test_netaddr_list_matches_networks(void **state)
{
    (void)state;
    const char *zList = "10.0.0.0/8, 192.0.2.7 2001:db8::/32,,172.16.0.0/12";
    assert_true(in_list(zList, "10.255.1.2"));
    assert_false(in_list(zList, "11.0.0.1"));
    assert_true(in_list(zList, "192.0.2.7"));
    assert_false(in_list(zList, "192.0.2.8"));
    assert_true(in_list(zList, "2001:db8:ffff::1"));
    assert_false(in_list(zList, "2001:db9::1"));
    assert_true(in_list(zList, "172.31.255.255"));
    assert_false(in_list(zList, "172.32.0.0"));
    /* IPv4 networks match IPv4-mapped IPv6 text. */
    assert_true(in_list(zList, "::ffff:10.1.2.3"));
    /* Odd prefixes and the whole space. */
    assert_true(in_list("192.0.2.128/25", "192.0.2.200"));
    assert_false(in_list("192.0.2.128/25", "192.0.2.127"));
    assert_true(in_list("0.0.0.0/0", "198.51.100.1"));
    assert_false(in_list("0.0.0.0/0", "2001:db8::1"));
    assert_true(in_list("::/0", "2001:db8::1"));
    assert_false(in_list("", "127.0.0.1"));
}

static void test_netaddr_list_refuses_bad_entries(void **state)
{
    (void)state;
    const char *azBad[] = {
        "10.0.0.1/8",        "10.0.0.0/33", "::/129",
        "10.0.0.0/",         "10.0.0.0/x",  "10.0.0.0/08x",
        "10.0.0.0;11.0.0.0", "localhost",   "10.0.0.0/0008",
    };
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        NetList list;
        char zBad[64];
        if (netaddr_parse_list(azBad[i], &list, zBad)) {
            fail_msg("'%s' parsed", azBad[i]);
        }
    }
    NetList list;
    char zBad[64];
    assert_false(netaddr_parse_list("127.0.0.1, 10.0.0.1/8", &list, zBad));
    assert_string_equal(zBad, "10.0.0.1/8");
    /* At most NETADDR_LIST_MAX entries. */
    char zMany[NETADDR_LIST_MAX * 12 + 20] = "";
    for (int i = 0; i <= NETADDR_LIST_MAX; i++) {
        char zOne[32];
        snprintf(zOne, sizeof(zOne), "10.0.%d.1 ", i);
        strcat(zMany, zOne);
    }
    assert_false(netaddr_parse_list(zMany, &list, zBad));
    assert_true(netaddr_parse_list("  ", &list, zBad));
    assert_int_equal(list.n, 0);
}

int main(void)
{
    const struct CMUnitTest aTest[] = {
        cmocka_unit_test(test_netaddr_parse_and_print),
        cmocka_unit_test(test_netaddr_parse_refuses_anything_else),
        cmocka_unit_test(test_netaddr_from_sockaddr),
        cmocka_unit_test(test_netaddr_list_matches_networks),
        cmocka_unit_test(test_netaddr_list_refuses_bad_entries),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
