/*
 * utf8.c — thin, arena-aware wrappers over utf8proc; see utf8.h.
 */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <utf8proc.h>

#include "log.h"

bool utf8_valid(const char *p, size_t n)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)p;
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0 || cp == 0) {
            return false;
        }
        i += (size_t)k;
    }
    return true;
}

/* Longest compatibility decomposition of one character (U+FDFA). */
#define UTF8_DECOMPOSITION_MAX 18

bool utf8_stream_safe(const char *p, size_t n)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)p;
    size_t i = 0;
    size_t nRun = 0; /* non-starters in a row so far */
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            return false;
        }
        i += (size_t)k;
        if (cp < 0x80) {
            nRun = 0; /* ASCII: a starter that decomposes to itself */
            continue;
        }
        /* UAX #15 counts on NFKD: a character may decompose into leading
           and trailing non-starters around a starter (U+00A8 is SPACE
           + U+0308). */
        utf8proc_int32_t aCp[UTF8_DECOMPOSITION_MAX];
        int nBound = 0;
        utf8proc_ssize_t nCp = utf8proc_decompose_char(
            cp, aCp, UTF8_DECOMPOSITION_MAX,
            UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &nBound);
        if (nCp < 0 || nCp > UTF8_DECOMPOSITION_MAX) {
            return false;
        }
        size_t nLead = 0;
        while (nLead < (size_t)nCp &&
               utf8proc_get_property(aCp[nLead])->combining_class != 0) {
            nLead++;
        }
        nRun += nLead;
        if (nRun > UTF8_NONSTARTERS_MAX) {
            return false;
        }
        if (nLead < (size_t)nCp) {
            size_t nTrail = 0;
            while (
                utf8proc_get_property(aCp[nCp - 1 - (utf8proc_ssize_t)nTrail])
                    ->combining_class != 0) {
                nTrail++;
            }
            nRun = nTrail;
        }
    }
    return true;
}

char *utf8_nfc(Arena *a, const char *p, size_t n, size_t *pnOut)
{
    if (!utf8_stream_safe(p, n)) {
        return NULL;
    }
    utf8proc_uint8_t *pOut = NULL;
    utf8proc_ssize_t k =
        utf8proc_map((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)n, &pOut,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (k == UTF8PROC_ERROR_NOMEM) {
        log_error("utf8: out of memory normalising %zu bytes", n);
        abort();
    }
    if (k < 0) {
        return NULL;
    }
    char *z = arena_strndup(a, (const char *)pOut, (size_t)k);
    free(pOut);
    if (pnOut != NULL) {
        *pnOut = (size_t)k;
    }
    return z;
}

size_t utf8_crlf_to_lf(char *z)
{
    size_t i = 0, j = 0;
    while (z[i] != 0) {
        if (z[i] == '\r') {
            z[j++] = '\n';
            i += z[i + 1] == '\n' ? 2 : 1;
        } else {
            z[j++] = z[i++];
        }
    }
    z[j] = 0;
    return j;
}

size_t utf8_graphemes(const char *p, size_t n)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)p;
    size_t i = 0, nCount = 0;
    utf8proc_int32_t prev = -1;
    utf8proc_int32_t state = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            break;
        }
        if (prev < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state)) {
            nCount++;
        }
        prev = cp;
        i += (size_t)k;
    }
    return nCount;
}

bool utf8_is_blank(const char *p, size_t n)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)p;
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            return false;
        }
        utf8proc_category_t c = utf8proc_category(cp);
        /* Besides white space: invisible characters used to fake content,
         * including all four Hangul fillers (U+115F, U+1160, U+3164,
         * U+FFA0). */
        bool bSpace = cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x0b ||
                      cp == 0x0c || c == UTF8PROC_CATEGORY_ZS ||
                      c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
                      cp == 0x200b || cp == 0x3164 || cp == 0xfeff ||
                      cp == 0x115f || cp == 0x1160 || cp == 0xffa0;
        if (!bSpace) {
            return false;
        }
        i += (size_t)k;
    }
    return true;
}
