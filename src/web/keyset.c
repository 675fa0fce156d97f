/*
 * keyset.c — page addresses (?before=, ?after=, ?page=) and the driver
 * that turns one into a page of rows and its links; see keyset.h.
 */
#include "web/keyset.h"

#include <string.h>

#include "base/str.h"

/* Most digits of either number of a key (far beyond any time or id). */
#define KEYSET_DIGITS_MAX 15

/*
 * Parse the canonical decimal 'p' ('n' bytes: digits, no leading zero,
 * at most KEYSET_DIGITS_MAX of them; "0" only when 'bZero') into '*pv'.
 */
static bool keyset_parse_number(const char *p, size_t n, bool bZero,
                                int64_t *pv)
{
    if (n == 0 || n > KEYSET_DIGITS_MAX || (p[0] == '0' && (n > 1 || !bZero))) {
        return false;
    }
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return false;
        }
        v = v * 10 + (p[i] - '0');
    }
    *pv = v;
    return true;
}

bool keyset_parse(const char *z, KeysetCursor *pCur)
{
    if (z == NULL) {
        return false;
    }
    const char *zDot = strchr(z, '.');
    if (zDot == NULL) {
        return false;
    }
    bool bNeg = z[0] == '-';
    const char *zT = bNeg ? z + 1 : z;
    int64_t t = 0, id = 0;
    if (zDot < zT || !keyset_parse_number(zT, (size_t)(zDot - zT), !bNeg, &t) ||
        !keyset_parse_number(zDot + 1, strlen(zDot + 1), false, &id)) {
        return false;
    }
    pCur->t = bNeg ? -t : t;
    pCur->id = id;
    return true;
}

char *keyset_format(Arena *a, const KeysetCursor *pCur)
{
    return arena_printf(a, "%lld.%lld", (long long)pCur->t,
                        (long long)pCur->id);
}

char *keyset_url(Arena *a, const char *zPath, const char *zParam,
                 const KeysetCursor *pCur)
{
    /* 'zPath' may carry its own query ("?q=…"). */
    return arena_printf(a, "%s%c%s=%lld.%lld", zPath,
                        strchr(zPath, '?') ? '&' : '?', zParam,
                        (long long)pCur->t, (long long)pCur->id);
}

bool keyset_from_query(const Request *req, KeysetPos *pPos)
{
    memset(pPos, 0, sizeof(*pPos));
    const char *zBefore = req_query(req, "before");
    const char *zAfter = req_query(req, "after");
    const char *zPage = req_query(req, "page");
    int nGiven = (zBefore != NULL) + (zAfter != NULL) + (zPage != NULL);
    if (nGiven > 1) {
        return false;
    }
    if (zBefore != NULL) {
        pPos->mode = KEYSET_BEFORE;
        return keyset_parse(zBefore, &pPos->cur);
    }
    if (zAfter != NULL) {
        pPos->mode = KEYSET_AFTER;
        return keyset_parse(zAfter, &pPos->cur);
    }
    if (zPage != NULL) {
        int64_t n = 0;
        if (!keyset_parse_number(zPage, strlen(zPage), false, &n) ||
            n > KEYSET_PAGE_MAX) {
            return false;
        }
        pPos->mode = KEYSET_PAGE;
        pPos->iPage = (int)n;
    }
    return true;
}

/*
 * Fetch at most 'nWant' rows from 'pCur' in one direction: first those of
 * the same time ('stepSame'), then the rest ('step'), into 'aKey'; set
 * '*pnGot' (OUT).  With no cursor only 'step' runs (the list's start).
 */
static int keyset_walk(const KeysetList *l, KeysetStep stepSame,
                       KeysetStep step, const KeysetCursor *pCur, int nWant,
                       KeysetCursor *aKey, int *pnGot)
{
    int nSame = 0;
    int rc = OK;
    if (pCur != NULL) {
        rc = l->fnFetch(l->pArg, stepSame, pCur, nWant, aKey, &nSame);
    }
    int nRest = 0;
    if (rc == OK && nSame < nWant) {
        rc = l->fnFetch(l->pArg, step, pCur, nWant - nSame, aKey + nSame,
                        &nRest);
    }
    *pnGot = nSame + nRest;
    return rc;
}

/* The page of rows on from 'pCur' (NULL: the start); see keyset_run(). */
static int keyset_page(Arena *a, const KeysetList *l, const KeysetCursor *pCur,
                       const char *zPath, int nLimit, KeysetResult *pOut)
{
    KeysetCursor *aKey =
        arena_alloc(a, sizeof(KeysetCursor) * (size_t)(nLimit + 1));
    int nGot = 0;
    int rc = keyset_walk(l, KEYSET_STEP_ON_SAME, KEYSET_STEP_ON, pCur,
                         nLimit + 1, aKey, &nGot);
    if (rc != OK) {
        return rc;
    }
    if (nGot == 0 && pCur != NULL) {
        pOut->bNotFound = true;
        return OK;
    }
    pOut->nRow = nGot < nLimit ? nGot : nLimit;
    pOut->zSelfUrl = pCur ? keyset_url(a, zPath, "before", pCur) : zPath;
    if (nGot > nLimit) {
        pOut->zNextUrl = keyset_url(a, zPath, "before", &aKey[nLimit - 1]);
    }
    if (pCur == NULL) {
        return OK;
    }
    /* How far back the list goes from this page's first row: nothing →
       this is the first page under another address; up to a page → the
       previous page is the first one; more → it ends before this one. */
    KeysetCursor first = aKey[0];
    int nBack = 0;
    rc = keyset_walk(l, KEYSET_STEP_BACK_SAME, KEYSET_STEP_BACK, &first,
                     nLimit + 1, aKey, &nBack);
    if (rc != OK) {
        return rc;
    }
    if (nBack == 0) {
        memset(pOut, 0, sizeof(*pOut));
        pOut->zRedirect = zPath;
    } else if (nBack <= nLimit) {
        pOut->zPrevUrl = zPath;
    } else {
        pOut->zPrevUrl = keyset_url(a, zPath, "after", &first);
        pOut->zFirstUrl = zPath;
    }
    return OK;
}

int keyset_run(Arena *a, const KeysetList *l, const KeysetPos *pos,
               const char *zPath, int nLimit, KeysetResult *pOut)
{
    memset(pOut, 0, sizeof(*pOut));
    switch (pos->mode) {
    case KEYSET_FIRST:
        return keyset_page(a, l, NULL, zPath, nLimit, pOut);
    case KEYSET_BEFORE:
        return keyset_page(a, l, &pos->cur, zPath, nLimit, pOut);
    case KEYSET_AFTER: {
        /* The page that ends just before the cursor starts after the
           (nLimit + 1)th row back from it; with no such row it is the
           first page. */
        KeysetCursor *aKey =
            arena_alloc(a, sizeof(KeysetCursor) * (size_t)(nLimit + 1));
        int nBack = 0;
        int rc = keyset_walk(l, KEYSET_STEP_BACK_SAME, KEYSET_STEP_BACK,
                             &pos->cur, nLimit + 1, aKey, &nBack);
        if (rc != OK) {
            return rc;
        }
        if (nBack <= nLimit) {
            pOut->zRedirect = zPath;
            return OK;
        }
        return keyset_page(a, l, &aKey[nLimit], zPath, nLimit, pOut);
    }
    case KEYSET_PAGE: {
        if (pos->iPage == 1) {
            pOut->zRedirect = zPath;
            pOut->bPermanent = true;
            return OK;
        }
        if (l->fnNth == NULL) {
            pOut->bNotFound = true;
            return OK;
        }
        /* The last row of the page before: page N starts after it. */
        KeysetCursor key;
        bool bFound = false, bFollowed = false;
        int rc = l->fnNth(l->pArg, (int64_t)(pos->iPage - 1) * nLimit - 1, &key,
                          &bFound, &bFollowed);
        if (rc != OK) {
            return rc;
        }
        if (!bFound || !bFollowed) {
            pOut->bNotFound = true;
            return OK;
        }
        pOut->zRedirect = keyset_url(a, zPath, "before", &key);
        return OK;
    }
    }
    return ERR_INVALID;
}
