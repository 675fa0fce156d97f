/*
 * client_addr_test.c — unit tests for the client address behind proxies
 * (web/client_addr.c): X-Forwarded-For and Forwarded are believed only
 * from a trusted peer and only back to the first untrusted hop; IPv4,
 * IPv6, ports, garbage and long chains (issue 8, section 3).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "web/client_addr.h"

/* Trusted: a proxy on this machine and the load balancers' network. */
static const char *zTrusted = "127.0.0.1, ::1, 10.0.0.0/8";

/*
 * The client for a request from 'zPeer' with the header 'which' sent as
 * the 'nLine' lines 'azLine', printed into 'zOut'.
 */
static const char *resolve(const char *zPeer, ClientAddrHeader which,
                           const char *const *azLine, int nLine,
                           char zOut[NETADDR_TEXT_MAX])
{
    NetList trusted;
    char zBad[64];
    assert_true(netaddr_parse_list(zTrusted, &trusted, zBad));
    NetAddr peer, out;
    assert_true(netaddr_parse(zPeer, strlen(zPeer), &peer));
    client_addr_resolve(&trusted, &peer, which, azLine, nLine, &out);
    netaddr_format(&out, zOut);
    return zOut;
}

/* The client for one X-Forwarded-For line from 'zPeer'. */
static const char *xff(const char *zPeer, const char *zLine,
                       char zOut[NETADDR_TEXT_MAX])
{
    return resolve(zPeer, CLIENT_ADDR_XFF, &zLine, 1, zOut);
}

/* The client for one Forwarded line from 'zPeer'. */
static const char *fwd(const char *zPeer, const char *zLine,
                       char zOut[NETADDR_TEXT_MAX])
{
    return resolve(zPeer, CLIENT_ADDR_FORWARDED, &zLine, 1, zOut);
}

static void test_client_addr_untrusted_peer_ignores_headers(void **state)
{
    (void)state;
    char z[NETADDR_TEXT_MAX];
    assert_string_equal(xff("198.51.100.4", "203.0.113.7", z), "198.51.100.4");
    assert_string_equal(fwd("198.51.100.4", "for=203.0.113.7", z),
                        "198.51.100.4");
    /* No header from a trusted proxy: the proxy itself. */
    assert_string_equal(resolve("127.0.0.1", CLIENT_ADDR_XFF, NULL, 0, z),
                        "127.0.0.1");
}

static void test_client_addr_xff_rightmost_untrusted_hop(void **state)
{
    (void)state;
    char z[NETADDR_TEXT_MAX];
    assert_string_equal(xff("127.0.0.1", "203.0.113.7", z), "203.0.113.7");
    /* The client forged a first hop: only what proxies appended counts. */
    assert_string_equal(xff("127.0.0.1", "6.6.6.6, 203.0.113.7", z),
                        "203.0.113.7");
    /* Trusted hops (a CDN edge in 10/8) are skipped. */
    assert_string_equal(
        xff("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.1.1.1,10.2.2.2", z),
        "203.0.113.7");
    /* All trusted: the leftmost. */
    assert_string_equal(xff("10.0.0.5", "10.9.9.9, 10.1.1.1", z), "10.9.9.9");
    /* The header sent twice is one list, in order. */
    const char *azTwo[] = {"6.6.6.6, 203.0.113.7", "10.1.1.1"};
    assert_string_equal(resolve("127.0.0.1", CLIENT_ADDR_XFF, azTwo, 2, z),
                        "203.0.113.7");
    const char *azEmpty[] = {"203.0.113.7", " "};
    assert_string_equal(resolve("127.0.0.1", CLIENT_ADDR_XFF, azEmpty, 2, z),
                        "203.0.113.7");
}

static void test_client_addr_xff_ipv6_and_ports(void **state)
{
    (void)state;
    char z[NETADDR_TEXT_MAX];
    assert_string_equal(xff("::1", "2001:db8::7", z), "2001:db8::7");
    assert_string_equal(xff("::1", "[2001:db8::7]:4711", z), "2001:db8::7");
    assert_string_equal(xff("::1", "[2001:db8::7]", z), "2001:db8::7");
    assert_string_equal(xff("127.0.0.1", "203.0.113.7:5555", z), "203.0.113.7");
    assert_string_equal(xff("127.0.0.1", " \t203.0.113.7 ", z), "203.0.113.7");
    /* A trusted peer reaching an IPv6 socket over IPv4. */
    assert_string_equal(xff("::ffff:127.0.0.1", "::ffff:203.0.113.7", z),
                        "203.0.113.7");
}

static void test_client_addr_garbage_stops_the_walk(void **state)
{
    (void)state;
    char z[NETADDR_TEXT_MAX];
    /* Unreadable rightmost hop: nothing past it is believed. */
    assert_string_equal(xff("127.0.0.1", "203.0.113.7, unknown", z),
                        "127.0.0.1");
    assert_string_equal(xff("127.0.0.1", "203.0.113.7, 10.1.1.1, x", z),
                        "127.0.0.1");
    /* Behind a trusted hop: the trusted hop is as far as it goes. */
    assert_string_equal(xff("127.0.0.1", "garbage, 10.1.1.1", z), "10.1.1.1");
    const char *azBad[] = {
        "203.0.113.7:",
        "203.0.113.7:x",
        "[2001:db8::7",
        "[2001:db8::7]x",
        "[2001:db8::7]:",
        "2001:db8::7:80:x",
        "203.0.113.7 203.0.113.8",
        "<script>",
        "\"203.0.113.7\"",
        "[]:80",
        "1.2.3.4:80:90",
    };
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        xff("127.0.0.1", azBad[i], z);
        if (strcmp(z, "127.0.0.1") != 0) {
            fail_msg("'%s' gave %s", azBad[i], z);
        }
    }
}

static void test_client_addr_forwarded_header(void **state)
{
    (void)state;
    char z[NETADDR_TEXT_MAX];
    assert_string_equal(fwd("127.0.0.1", "for=203.0.113.7;proto=https", z),
                        "203.0.113.7");
    assert_string_equal(fwd("127.0.0.1", "For=\"[2001:db8:cafe::17]:4711\"", z),
                        "2001:db8:cafe::17");
    assert_string_equal(
        fwd("127.0.0.1",
            "for=6.6.6.6, for=203.0.113.7;by=10.0.0.1, for=10.1.1.1", z),
        "203.0.113.7");
    assert_string_equal(
        fwd("127.0.0.1", "proto=http; for=\"203.0.113.7:80\" ;host=a", z),
        "203.0.113.7");
    /* A quoted comma does not split an element. */
    assert_string_equal(
        fwd("127.0.0.1", "for=203.0.113.9;x=\"a,b\", for=203.0.113.7", z),
        "203.0.113.7");
    /* Obfuscated or unknown: not an address; the walk stops. */
    assert_string_equal(fwd("127.0.0.1", "for=203.0.113.7, for=unknown", z),
                        "127.0.0.1");
    assert_string_equal(fwd("127.0.0.1", "for=_hidden", z), "127.0.0.1");
    assert_string_equal(fwd("127.0.0.1", "by=10.0.0.1", z), "127.0.0.1");
    assert_string_equal(fwd("127.0.0.1", "for=\"1.2.3.4\\\"\"", z),
                        "127.0.0.1");
}

static void test_client_addr_many_hops(void **state)
{
    (void)state;
    /* 500 hops, all trusted but the first: linear, and the first wins. */
    static char zLine[500 * 12 + 20];
    strcpy(zLine, "203.0.113.7");
    for (int i = 0; i < 500; i++) {
        char zHop[24];
        snprintf(zHop, sizeof(zHop), ", 10.0.%d.%d", i / 250, i % 250 + 1);
        strcat(zLine, zHop);
    }
    char z[NETADDR_TEXT_MAX];
    assert_string_equal(xff("127.0.0.1", zLine, z), "203.0.113.7");
    /* Only commas. */
    memset(zLine, ',', 1000);
    zLine[1000] = 0;
    assert_string_equal(xff("127.0.0.1", zLine, z), "127.0.0.1");
}

static void test_client_addr_header_names(void **state)
{
    (void)state;
    ClientAddrHeader h = CLIENT_ADDR_FORWARDED;
    assert_true(client_addr_parse_header_name("X-Forwarded-For", &h));
    assert_int_equal(h, CLIENT_ADDR_XFF);
    assert_true(client_addr_parse_header_name("forwarded", &h));
    assert_int_equal(h, CLIENT_ADDR_FORWARDED);
    assert_false(client_addr_parse_header_name("x-real-ip", &h));
}

int main(void)
{
    const struct CMUnitTest aTest[] = {
        cmocka_unit_test(test_client_addr_untrusted_peer_ignores_headers),
        cmocka_unit_test(test_client_addr_xff_rightmost_untrusted_hop),
        cmocka_unit_test(test_client_addr_xff_ipv6_and_ports),
        cmocka_unit_test(test_client_addr_garbage_stops_the_walk),
        cmocka_unit_test(test_client_addr_forwarded_header),
        cmocka_unit_test(test_client_addr_many_hops),
        cmocka_unit_test(test_client_addr_header_names),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
