/*
 * netaddr.c — IP addresses and networks; see netaddr.h.
 */
#include "netaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* The 12 bytes that make an IPv6 address IPv4-mapped. */
static const uint8_t aMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* Longest text netaddr_parse() looks at: IPv6 with an IPv4 tail. */
#define NETADDR_PARSE_MAX 45

static bool netaddr_is_v4(const NetAddr *pAddr)
{
    return memcmp(pAddr->a, aMapped, sizeof(aMapped)) == 0;
}

bool netaddr_parse(const char *p, size_t n, NetAddr *pOut)
{
    char zBuf[NETADDR_PARSE_MAX + 1];
    if (n == 0 || n > NETADDR_PARSE_MAX) {
        return false;
    }
    memcpy(zBuf, p, n);
    zBuf[n] = 0;
    if (strlen(zBuf) != n) {
        return false; /* a NUL inside */
    }
    struct in_addr a4;
    if (inet_pton(AF_INET, zBuf, &a4) == 1) {
        memcpy(pOut->a, aMapped, sizeof(aMapped));
        memcpy(pOut->a + 12, &a4, 4);
        return true;
    }
    struct in6_addr a6;
    if (inet_pton(AF_INET6, zBuf, &a6) == 1) {
        memcpy(pOut->a, &a6, 16);
        return true;
    }
    return false;
}

bool netaddr_from_sockaddr(const struct sockaddr *sa, NetAddr *pOut)
{
    if (sa == NULL) {
        return false;
    }
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
        memcpy(pOut->a, aMapped, sizeof(aMapped));
        memcpy(pOut->a + 12, &s4->sin_addr, 4);
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
        memcpy(pOut->a, &s6->sin6_addr, 16);
        return true;
    }
    return false;
}

void netaddr_format(const NetAddr *pAddr, char zOut[NETADDR_TEXT_MAX])
{
    if (netaddr_is_v4(pAddr)) {
        inet_ntop(AF_INET, pAddr->a + 12, zOut, NETADDR_TEXT_MAX);
    } else {
        inet_ntop(AF_INET6, pAddr->a, zOut, NETADDR_TEXT_MAX);
    }
}

/* True when 'pAddr' has no bit set past the first 'nBits'. */
static bool netaddr_is_network(const NetAddr *pAddr, int nBits)
{
    for (int i = nBits; i < 128; i++) {
        if (pAddr->a[i / 8] & (0x80 >> (i % 8))) {
            return false;
        }
    }
    return true;
}

/* Parse one entry "addr" or "addr/len" of 'n' bytes into '*pOut'. */
static bool netaddr_parse_cidr(const char *p, size_t n, NetCidr *pOut)
{
    const char *zSlash = memchr(p, '/', n);
    size_t nAddr = zSlash ? (size_t)(zSlash - p) : n;
    if (!netaddr_parse(p, nAddr, &pOut->addr)) {
        return false;
    }
    /* The prefix counts in the family it is written in ("::ffff:0:0/96"
       is IPv6 text even though it holds IPv4 addresses). */
    bool bV4 = memchr(p, ':', nAddr) == NULL;
    int nMax = bV4 ? 32 : 128;
    int nLen = nMax;
    if (zSlash != NULL) {
        const char *zLen = zSlash + 1;
        size_t nDigit = n - nAddr - 1;
        if (nDigit == 0 || nDigit > 3) {
            return false;
        }
        nLen = 0;
        for (size_t i = 0; i < nDigit; i++) {
            if (zLen[i] < '0' || zLen[i] > '9') {
                return false;
            }
            nLen = nLen * 10 + (zLen[i] - '0');
        }
        if (nLen > nMax) {
            return false;
        }
    }
    pOut->nBits = bV4 ? 96 + nLen : nLen;
    return netaddr_is_network(&pOut->addr, pOut->nBits);
}

bool netaddr_parse_list(const char *z, NetList *pOut, char zBad[64])
{
    pOut->n = 0;
    const char *p = z;
    for (;;) {
        while (*p == ' ' || *p == ',' || *p == '\t') {
            p++;
        }
        if (*p == 0) {
            return true;
        }
        const char *zStart = p;
        while (*p != 0 && *p != ' ' && *p != ',' && *p != '\t') {
            p++;
        }
        size_t n = (size_t)(p - zStart);
        if (pOut->n == NETADDR_LIST_MAX ||
            !netaddr_parse_cidr(zStart, n, &pOut->a[pOut->n])) {
            snprintf(zBad, 64, "%.*s", n > 63 ? 63 : (int)n, zStart);
            return false;
        }
        pOut->n++;
    }
}

bool netaddr_in_list(const NetList *pList, const NetAddr *pAddr)
{
    for (int i = 0; i < pList->n; i++) {
        const NetCidr *c = &pList->a[i];
        int nFull = c->nBits / 8;
        if (memcmp(c->addr.a, pAddr->a, (size_t)nFull) != 0) {
            continue;
        }
        int nRest = c->nBits % 8;
        uint8_t mask = (uint8_t)(0xff << (8 - nRest));
        if (nRest == 0 || (pAddr->a[nFull] & mask) == c->addr.a[nFull]) {
            return true;
        }
    }
    return false;
}
