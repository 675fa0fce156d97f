/*
 * form.c — percent-decoding and field splitting; see form.h.
 *
 * Every loop here is linear in its input: fields are found with memchr
 * from where the last one ended, and the only super-linear step there is
 * (NFC's canonical reordering) runs on values already checked to be
 * stream-safe.
 */
#include "web/form.h"

#include <assert.h>
#include <string.h>

#include "base/utf8.h"

static int form_hex(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/*
 * Decode 'n' bytes of 'p' into a new arena string; '+' becomes a space
 * when 'bPlus'.  Return NULL on a bad escape or invalid UTF-8.
 */
static char *form_decode(Arena *a, const char *p, size_t n, bool bPlus,
                         size_t *pnOut)
{
    char *z = arena_alloc(a, n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '%') {
            if (i + 2 >= n) {
                return NULL;
            }
            int hi = form_hex(p[i + 1]);
            int lo = form_hex(p[i + 2]);
            if (hi < 0 || lo < 0) {
                return NULL;
            }
            z[j++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && bPlus) {
            z[j++] = ' ';
        } else {
            z[j++] = c;
        }
    }
    z[j] = 0;
    if (!utf8_valid(z, j)) {
        return NULL;
    }
    *pnOut = j;
    return z;
}

int form_decode_path(Arena *a, const char *p, size_t n, char **pzOut)
{
    size_t nOut = 0;
    char *z = form_decode(a, p, n, false, &nOut);
    if (z == NULL) {
        return ERR_INVALID;
    }
    *pzOut = z;
    return OK;
}

/*
 * Split 'p' of 'n' bytes at '&' and decode each "name=value" into 'a'.
 * With 'bForm' values are checked for stream-safety and left pending for
 * form_value(); otherwise they are final.  Empty pieces ("a&&b") are
 * skipped.
 */
static FormRc form_parse(Arena *a, const char *p, size_t n, bool bForm,
                         Param **paOut, int *pnOut)
{
    /* Count first, so that a flood of "&&&&" costs one pass and no
       allocation. */
    int nField = 1;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '&' && ++nField > FORM_FIELDS_MAX) {
            return FORM_TOO_MANY;
        }
    }
    Param *aParam = arena_alloc(a, sizeof(Param) * (size_t)nField);
    int nParam = 0;
    size_t i = 0;
    while (i <= n) {
        const char *zAmp = memchr(p + i, '&', n - i);
        size_t iEnd = zAmp ? (size_t)(zAmp - p) : n;
        if (iEnd > i) {
            const char *zEq = memchr(p + i, '=', iEnd - i);
            size_t iEq = zEq ? (size_t)(zEq - p) : iEnd;
            size_t nName = 0, nValue = 0;
            char *zName = form_decode(a, p + i, iEq - i, true, &nName);
            char *zValue =
                iEq < iEnd
                    ? form_decode(a, p + iEq + 1, iEnd - iEq - 1, true, &nValue)
                    : arena_strdup(a, "");
            if (zName == NULL || zValue == NULL) {
                return FORM_BAD_TEXT;
            }
            Param *pParam = &aParam[nParam++];
            pParam->zName = zName;
            if (bForm) {
                if (!utf8_stream_safe(zValue, nValue)) {
                    return FORM_MARKS;
                }
                pParam->zPending = zValue;
                pParam->nPending = nValue;
            } else {
                pParam->zValue = zValue;
                pParam->nValue = nValue;
            }
        }
        i = iEnd + 1;
    }
    *paOut = aParam;
    *pnOut = nParam;
    return FORM_OK;
}

FormRc form_parse_query(Arena *a, const char *p, size_t n, Param **paOut,
                        int *pnOut)
{
    return form_parse(a, p, n, false, paOut, pnOut);
}

FormRc form_parse_target(Arena *a, const char *zTarget, const char **pzPath,
                         Param **paQuery, int *pnQuery)
{
    const char *zQ = strchr(zTarget, '?');
    size_t nPath = zQ ? (size_t)(zQ - zTarget) : strlen(zTarget);
    char *zPath = NULL;
    if (zTarget[0] != '/' ||
        form_decode_path(a, zTarget, nPath, &zPath) != OK) {
        return FORM_BAD_PATH;
    }
    *pzPath = zPath;
    *paQuery = NULL;
    *pnQuery = 0;
    if (zQ == NULL) {
        return FORM_OK;
    }
    return form_parse_query(a, zQ + 1, strlen(zQ + 1), paQuery, pnQuery);
}

FormRc form_parse_body(Arena *a, const char *p, size_t n, Param **paOut,
                       int *pnOut)
{
    return form_parse(a, p, n, true, paOut, pnOut);
}

const char *form_value(Arena *a, Param *pParam)
{
    if (pParam->zPending == NULL) {
        return pParam->zValue;
    }
    /* The pending copy is this request's own: normalise it in place. */
    char *z = (char *)pParam->zPending;
    size_t n = utf8_crlf_to_lf(z);
    size_t nOut = 0;
    char *zNfc = utf8_nfc(a, z, n, &nOut);
    /* form_parse_body() checked UTF-8 and stream-safety, and turning CR
       into LF keeps both true. */
    assert(zNfc != NULL);
    pParam->zValue = zNfc;
    pParam->nValue = nOut;
    pParam->zPending = NULL;
    pParam->nPending = 0;
    return zNfc;
}

void form_parse_cookies(Arena *a, const char *z, Param **paOut, int *pnOut)
{
    int nMax = 1;
    for (const char *p = z; *p; p++) {
        nMax += *p == ';';
    }
    if (nMax > FORM_FIELDS_MAX) {
        nMax = FORM_FIELDS_MAX;
    }
    Param *aParam = arena_alloc(a, sizeof(Param) * (size_t)nMax);
    int nParam = 0;
    const char *p = z;
    while (*p && nParam < nMax) {
        while (*p == ' ' || *p == ';') {
            p++;
        }
        const char *zStart = p;
        while (*p && *p != ';') {
            p++;
        }
        const char *zEq = memchr(zStart, '=', (size_t)(p - zStart));
        if (zEq == NULL || zEq == zStart) {
            continue;
        }
        const char *zVal = zEq + 1;
        size_t nVal = (size_t)(p - zVal);
        while (nVal > 0 && zVal[nVal - 1] == ' ') {
            nVal--;
        }
        if (!utf8_valid(zStart, (size_t)(p - zStart))) {
            continue;
        }
        aParam[nParam].zName = arena_strndup(a, zStart, (size_t)(zEq - zStart));
        aParam[nParam].zValue = arena_strndup(a, zVal, nVal);
        aParam[nParam].nValue = nVal;
        nParam++;
    }
    *paOut = aParam;
    *pnOut = nParam;
}

int form_fuzz_one(const uint8_t *p, size_t n)
{
    Arena a;
    arena_init(&a);
    char *z = NULL;
    if (form_decode_path(&a, (const char *)p, n, &z) == OK) {
        /* Invariant: decoded text is valid UTF-8 with no NUL. */
        if (!utf8_valid(z, strlen(z))) {
            __builtin_trap();
        }
    }
    Param *aParam = NULL;
    int nParam = 0;
    if (form_parse_query(&a, (const char *)p, n, &aParam, &nParam) == FORM_OK) {
        for (int i = 0; i < nParam; i++) {
            if (!utf8_valid(aParam[i].zValue, aParam[i].nValue) ||
                strlen(aParam[i].zValue) != aParam[i].nValue) {
                __builtin_trap();
            }
        }
    }
    if (form_parse_body(&a, (const char *)p, n, &aParam, &nParam) == FORM_OK) {
        for (int i = 0; i < nParam; i++) {
            const char *zValue = form_value(&a, &aParam[i]);
            if (!utf8_valid(zValue, aParam[i].nValue) ||
                strchr(zValue, '\r') != NULL ||
                !utf8_stream_safe(zValue, aParam[i].nValue) ||
                form_value(&a, &aParam[i]) != zValue) {
                __builtin_trap();
            }
        }
    }
    char *zCookie = arena_strndup(&a, (const char *)p, n);
    form_parse_cookies(&a, zCookie, &aParam, &nParam);
    arena_close(&a);
    return 0;
}
