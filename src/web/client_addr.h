/*
 * client_addr.h — who is the client: the one place that decides the
 * address every rate limit, ban, vote, report and access-log line uses
 * (Request.zClientIp).
 *
 * Behind nginx, a load balancer or a CDN every connection comes from the
 * proxy, which says who its client was in X-Forwarded-For (or the
 * standard Forwarded header).  Anyone can send those headers, so they are
 * believed only when the connection comes from an address in
 * trusted_proxies, and then only as far as the proxies go: the list is
 * read from the right (each proxy appends the address it saw), skipping
 * addresses that are themselves trusted proxies, and the first other
 * address is the client.  Whatever a client wrote further left is never
 * used.  With trusted_proxies empty (the default) the headers are
 * ignored and the client is the peer.
 */
#ifndef SINMUN_WEB_CLIENT_ADDR_H
#define SINMUN_WEB_CLIENT_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/netaddr.h"

/* Which header the trusted proxies write. */
typedef enum ClientAddrHeader {
    CLIENT_ADDR_XFF = 0,       /* X-Forwarded-For: 203.0.113.7, 10.0.0.2 */
    CLIENT_ADDR_FORWARDED = 1, /* Forwarded: for=203.0.113.7;proto=https */
} ClientAddrHeader;

/*
 * Parse the proxy_header setting 'z' ("x-forwarded-for" or "forwarded",
 * any case) into '*pOut' (OUT).  Return false for anything else.
 */
bool client_addr_parse_header_name(const char *z, ClientAddrHeader *pOut);

/*
 * The client address of a request that came from 'pPeer'.  'azLine' holds
 * the 'nLine' values of the header 'which' as received, in order (a header
 * sent twice counts as one list, joined by commas).  When 'pPeer' is not
 * in 'pTrusted', or no header came, the client is 'pPeer'.  Otherwise the
 * hops are read from the right: a trusted hop is skipped, the first other
 * one is the client; when every hop is trusted, the leftmost one is; and
 * a hop that cannot be read (garbage, "unknown", an obfuscated name) stops
 * the walk at the last address read, since nothing beyond it can be
 * checked.  Ports and brackets ("[2001:db8::1]:4711", "192.0.2.1:80") are
 * accepted and dropped.  Set '*pOut' (OUT).  Linear in the header size.
 */
void client_addr_resolve(const NetList *pTrusted, const NetAddr *pPeer,
                         ClientAddrHeader which, const char *const *azLine,
                         int nLine, NetAddr *pOut);

#endif
