/*
 * netaddr.h — IP addresses and networks as values: parse, print, match.
 *
 * An address is held as 16 bytes, an IPv4 address as IPv4-mapped IPv6
 * (::ffff:a.b.c.d), so one comparison serves both families and a peer
 * that reaches an IPv6 socket over IPv4 is the same address as over IPv4.
 * Used by the configuration (trusted_proxies is checked when it is read)
 * and by web/client_addr.c, which decides a request's client address.
 */
#ifndef SINMUN_BASE_NETADDR_H
#define SINMUN_BASE_NETADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sockaddr;

/* Bytes of the longest printed address with its NUL ("ffff:…" 45 + 1). */
#define NETADDR_TEXT_MAX 46
/* Most networks in one list (trusted_proxies). */
#define NETADDR_LIST_MAX 64

/* One IPv4 or IPv6 address. */
typedef struct NetAddr {
    uint8_t a[16]; /* IPv6 bytes; IPv4 as ::ffff:a.b.c.d */
} NetAddr;

/* One network: an address and how many leading bits of it count. */
typedef struct NetCidr {
    NetAddr addr; /* network address, bits past the prefix zero */
    int nBits;    /* prefix length over the 128 bits (IPv4 /n is 96+n) */
} NetCidr;

/* A list of networks. */
typedef struct NetList {
    NetCidr a[NETADDR_LIST_MAX]; /* the networks */
    int n;                       /* how many */
} NetList;

/*
 * Parse the 'n' bytes at 'p' as one plain address: dotted IPv4
 * ("192.0.2.1") or IPv6 ("2001:db8::1", "::ffff:192.0.2.1"), without
 * brackets, port, zone or spaces.  Set '*pOut' (OUT).  Return true, or
 * false for anything else.
 */
bool netaddr_parse(const char *p, size_t n, NetAddr *pOut);

/*
 * The address of the socket address 'sa' (AF_INET or AF_INET6).  Set
 * '*pOut' (OUT).  Return false for another family.
 */
bool netaddr_from_sockaddr(const struct sockaddr *sa, NetAddr *pOut);

/*
 * Print 'pAddr' into 'zOut': dotted for IPv4 (also when it came as
 * IPv4-mapped IPv6), RFC 5952 text for IPv6.
 */
void netaddr_format(const NetAddr *pAddr, char zOut[NETADDR_TEXT_MAX]);

/*
 * Parse a list of networks 'z': addresses or address/prefix ("10.0.0.0/8",
 * "2001:db8::/32", "127.0.0.1"), separated by commas and/or spaces; ""
 * is the empty list.  A prefix with bits set past it ("10.1.0.0/8") is
 * refused, as a likely mistake.  Set '*pOut' (OUT).  Return true, or
 * false with the offending entry in 'zBad' (OUT, 64 bytes, cut to fit).
 */
bool netaddr_parse_list(const char *z, NetList *pOut, char zBad[64]);

/* True when 'pAddr' is inside one of the networks of 'pList'. */
bool netaddr_in_list(const NetList *pList, const NetAddr *pAddr);

#endif
