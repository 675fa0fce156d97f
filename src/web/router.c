/*
 * router.c — pattern matching for routes.c; see router.h.
 *
 * The table has a few dozen rows, so matching walks all of it: a linear
 * scan over short literal compares is faster than building a trie for so
 * few rows, and keeps the table the one place to read.  Among matches the
 * pattern with the most literal characters wins.
 */
#include "web/router.h"

#include <string.h>

#include "base/log.h"

/* Length of the segment starting at 'z' (up to '/' or NUL). */
static size_t router_seg_len(const char *z)
{
    size_t n = 0;
    while (z[n] != 0 && z[n] != '/') {
        n++;
    }
    return n;
}

/*
 * Match one pattern segment 'zPat' ('nPat' bytes) against one path segment
 * 'zSeg' ('nSeg' bytes).  A parameter is recorded in 'req' when 'req' is
 * not NULL.  Return true on a match.
 */
static bool router_match_seg(const char *zPat, size_t nPat, const char *zSeg,
                             size_t nSeg, Request *req, Arena *a)
{
    const char *zOpen = memchr(zPat, '{', nPat);
    if (zOpen == NULL) {
        return nPat == nSeg && memcmp(zPat, zSeg, nSeg) == 0;
    }
    const char *zClose = memchr(zOpen, '}', nPat - (size_t)(zOpen - zPat));
    size_t nPre = (size_t)(zOpen - zPat);
    size_t nSuf = nPat - (size_t)(zClose + 1 - zPat);
    if (nSeg < nPre + nSuf + 1) {
        return false;
    }
    if (memcmp(zSeg, zPat, nPre) != 0 ||
        memcmp(zSeg + nSeg - nSuf, zClose + 1, nSuf) != 0) {
        return false;
    }
    if (req != NULL && req->nPath < HTTP_PATH_PARAMS) {
        Param *p = &req->aPath[req->nPath++];
        p->zName = arena_strndup(a, zOpen + 1, (size_t)(zClose - zOpen - 1));
        p->zValue = arena_strndup(a, zSeg + nPre, nSeg - nPre - nSuf);
        p->nValue = nSeg - nPre - nSuf;
    }
    return true;
}

/* True when 'zPattern' matches 'zPath'; parameters go to 'req' if given. */
static bool router_match_path(const char *zPattern, const char *zPath,
                              Request *req)
{
    const char *p = zPattern, *q = zPath;
    if (req != NULL) {
        req->nPath = 0;
    }
    while (*p == '/' && *q == '/') {
        p++;
        q++;
        size_t nPat = router_seg_len(p), nSeg = router_seg_len(q);
        if (!router_match_seg(p, nPat, q, nSeg, req,
                              req != NULL ? req->a : NULL)) {
            return false;
        }
        p += nPat;
        q += nSeg;
    }
    return *p == 0 && *q == 0;
}

/* Literal bytes of 'zPattern' (its length less the "{name}" parts): the
   more literal, the more specific. */
static size_t router_literal_len(const char *zPattern)
{
    size_t n = 0;
    bool bIn = false;
    for (const char *p = zPattern; *p; p++) {
        if (*p == '{') {
            bIn = true;
        } else if (*p == '}') {
            bIn = false;
        } else if (!bIn) {
            n++;
        }
    }
    return n;
}

const Route *router_match(const Route *aRoute, int nRoute, Request *req,
                          bool *pbOtherMethod)
{
    /* The most specific matching pattern wins, so "/article/{id}.pdf"
       beats "/article/{id}" whatever their order in the table. */
    *pbOtherMethod = false;
    const Route *pBest = NULL;
    size_t nBest = 0;
    /* Every pattern starts with '/': a path that does not matches none. */
    if (req->zPath[0] != '/') {
        return NULL;
    }
    for (int i = 0; i < nRoute; i++) {
        const Route *r = &aRoute[i];
        /* A literal first byte that differs rules the pattern out before
           the segment-by-segment match (most of the table, each time). */
        if (r->zPattern[1] != '{' && r->zPattern[1] != req->zPath[1]) {
            continue;
        }
        if (!router_match_path(r->zPattern, req->zPath, NULL)) {
            continue;
        }
        if (r->method != req->method) {
            *pbOtherMethod = true;
            continue;
        }
        size_t n = router_literal_len(r->zPattern);
        if (pBest == NULL || n > nBest) {
            pBest = r;
            nBest = n;
        }
    }
    if (pBest != NULL) {
        *pbOtherMethod = false;
        router_match_path(pBest->zPattern, req->zPath, req);
    }
    return pBest;
}

int router_check(const Route *aRoute, int nRoute)
{
    for (int i = 0; i < nRoute; i++) {
        const char *z = aRoute[i].zPattern;
        if (z[0] != '/' || aRoute[i].fn == NULL) {
            log_error("router: bad route %d '%s'", i, z);
            return -1;
        }
        int nOpen = 0;
        for (const char *p = z; *p; p++) {
            if (*p == '{') {
                nOpen++;
                const char *zEnd = strchr(p, '}');
                const char *zSlash = strchr(p, '/');
                if (zEnd == NULL || zEnd == p + 1 ||
                    (zSlash != NULL && zSlash < zEnd)) {
                    log_error("router: bad parameter in '%s'", z);
                    return -1;
                }
            }
        }
        if (nOpen > HTTP_PATH_PARAMS) {
            log_error("router: too many parameters in '%s'", z);
            return -1;
        }
        for (int j = 0; j < i; j++) {
            if (aRoute[j].method == aRoute[i].method &&
                strcmp(aRoute[j].zPattern, z) == 0) {
                log_error("router: duplicate route '%s'", z);
                return -1;
            }
        }
        if (aRoute[i].method != HTTP_GET && aRoute[i].run != RUN_WORKER) {
            log_error("router: POST %s runs on the event loop; a write "
                      "must be RUN_WORKER",
                      z);
            return -1;
        }
    }
    return 0;
}
