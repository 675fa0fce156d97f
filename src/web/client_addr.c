/*
 * client_addr.c — X-Forwarded-For and Forwarded, believed only from
 * trusted proxies; see client_addr.h.
 *
 * Both headers are walked from their right end without copying: a hop is
 * found by scanning back to the previous comma (outside quotes, for
 * Forwarded), so the cost is one pass over the header whatever it holds.
 */
#include "web/client_addr.h"

#include <string.h>
#include <strings.h>

/* True for the optional white space of HTTP. */
static bool client_addr_ows(char c)
{
    return c == ' ' || c == '\t';
}

/*
 * Parse one hop 'p' of 'n' bytes (spaces around allowed): an address,
 * "IPv4:port", "[IPv6]" or "[IPv6]:port".  Return true with '*pOut' set.
 */
static bool client_addr_parse_hop(const char *p, size_t n, NetAddr *pOut)
{
    while (n > 0 && client_addr_ows(p[0])) {
        p++;
        n--;
    }
    while (n > 0 && client_addr_ows(p[n - 1])) {
        n--;
    }
    if (n == 0) {
        return false;
    }
    /* Drop a port: digits after the last ':' of "[v6]:port" or of IPv4
       text (bare IPv6 has several ':' and no port). */
    const char *zColon = NULL;
    for (size_t i = n; i > 0; i--) {
        if (p[i - 1] == ':') {
            zColon = p + i - 1;
            break;
        }
    }
    if (p[0] == '[') {
        const char *zClose = memchr(p, ']', n);
        if (zClose == NULL) {
            return false;
        }
        size_t nRest = n - (size_t)(zClose + 1 - p);
        if (nRest != 0 && (zClose[1] != ':' || nRest == 1)) {
            return false;
        }
        for (size_t i = 2; i < nRest; i++) {
            if (zClose[i] < '0' || zClose[i] > '9') {
                return false;
            }
        }
        return netaddr_parse(p + 1, (size_t)(zClose - p - 1), pOut);
    }
    if (zColon != NULL && memchr(p, ':', (size_t)(zColon - p)) == NULL) {
        /* One ':' only: IPv4 with a port. */
        size_t nPort = n - (size_t)(zColon + 1 - p);
        if (nPort == 0) {
            return false;
        }
        for (size_t i = 0; i < nPort; i++) {
            if (zColon[1 + i] < '0' || zColon[1 + i] > '9') {
                return false;
            }
        }
        return netaddr_parse(p, (size_t)(zColon - p), pOut) &&
               memchr(p, '.', (size_t)(zColon - p)) != NULL;
    }
    return netaddr_parse(p, n, pOut);
}

/*
 * From the Forwarded element 'p' of 'n' bytes ("for=…;proto=https;by=…"),
 * the address in its for= parameter.  Return true with '*pOut' set; false
 * when there is none or it is not an address ("unknown", "_hidden").
 */
static bool client_addr_forwarded_for(const char *p, size_t n, NetAddr *pOut)
{
    size_t i = 0;
    while (i < n) {
        /* One "name=value" pair, up to the next ';' outside quotes. */
        size_t iStart = i;
        bool bQuoted = false;
        while (i < n && (bQuoted || p[i] != ';')) {
            if (p[i] == '"') {
                bQuoted = !bQuoted;
            }
            i++;
        }
        const char *zPair = p + iStart;
        size_t nPair = i - iStart;
        i++; /* past the ';' */
        while (nPair > 0 && client_addr_ows(zPair[0])) {
            zPair++;
            nPair--;
        }
        if (nPair < 4 || strncasecmp(zPair, "for=", 4) != 0) {
            continue;
        }
        const char *zValue = zPair + 4;
        size_t nValue = nPair - 4;
        while (nValue > 0 && client_addr_ows(zValue[nValue - 1])) {
            nValue--;
        }
        if (nValue >= 2 && zValue[0] == '"' && zValue[nValue - 1] == '"') {
            zValue++;
            nValue -= 2;
            if (memchr(zValue, '\\', nValue) != NULL) {
                return false; /* no address needs an escape */
            }
        }
        return client_addr_parse_hop(zValue, nValue, pOut);
    }
    return false;
}

bool client_addr_parse_header_name(const char *z, ClientAddrHeader *pOut)
{
    if (strcasecmp(z, "x-forwarded-for") == 0) {
        *pOut = CLIENT_ADDR_XFF;
        return true;
    }
    if (strcasecmp(z, "forwarded") == 0) {
        *pOut = CLIENT_ADDR_FORWARDED;
        return true;
    }
    return false;
}

void client_addr_resolve(const NetList *pTrusted, const NetAddr *pPeer,
                         ClientAddrHeader which, const char *const *azLine,
                         int nLine, NetAddr *pOut)
{
    *pOut = *pPeer;
    if (nLine == 0 || !netaddr_in_list(pTrusted, pPeer)) {
        return;
    }
    /* The lines form one list: walk the last line first. */
    for (int iLine = nLine - 1; iLine >= 0; iLine--) {
        const char *z = azLine[iLine];
        size_t iEnd = strlen(z);
        for (;;) {
            /* The hop is between the previous comma (outside quotes) and
               iEnd. */
            size_t iStart = iEnd;
            bool bQuoted = false;
            while (iStart > 0 && (bQuoted || z[iStart - 1] != ',')) {
                if (z[iStart - 1] == '"') {
                    bQuoted = !bQuoted;
                }
                iStart--;
            }
            const char *zHop = z + iStart;
            size_t nHop = iEnd - iStart;
            bool bBlank = true;
            for (size_t i = 0; i < nHop && bBlank; i++) {
                bBlank = client_addr_ows(zHop[i]);
            }
            if (!bBlank) {
                NetAddr hop;
                bool bOk = which == CLIENT_ADDR_FORWARDED
                               ? client_addr_forwarded_for(zHop, nHop, &hop)
                               : client_addr_parse_hop(zHop, nHop, &hop);
                if (!bOk) {
                    return; /* nothing past an unreadable hop is checked */
                }
                *pOut = hop;
                if (!netaddr_in_list(pTrusted, &hop)) {
                    return;
                }
            }
            if (iStart == 0) {
                break;
            }
            iEnd = iStart - 1;
        }
    }
}
