/*
 * str.c — arena-backed strings; see str.h.
 *
 * Growth doubles the capacity.  A buffer that is still its arena's newest
 * allocation grows in place (arena_extend()); otherwise the old buffer
 * stays in the arena until the arena closes, which is the price of never
 * calling free in a request.
 */
#include "str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room str_vappendf() makes before formatting, so that short text is
   formatted once (vsnprintf into the room) rather than measured first. */
#define STR_APPENDF_GUESS 64

void str_init(Str *s, Arena *a)
{
    s->pArena = a;
    s->z = "";
    s->n = 0;
    s->nAlloc = 0;
}

void str_reserve(Str *s, size_t n)
{
    if (s->n + n + 1 <= s->nAlloc) {
        return;
    }
    size_t nNew = s->nAlloc ? s->nAlloc * 2 : 64;
    while (nNew < s->n + n + 1) {
        nNew *= 2;
    }
    /* The newest allocation of its arena (a page being rendered) grows
       where it is, without a copy. */
    if (s->nAlloc > 0 && arena_extend(s->pArena, s->z, s->nAlloc, nNew)) {
        s->nAlloc = nNew;
        return;
    }
    char *z = arena_alloc_raw(s->pArena, nNew);
    if (s->n > 0) {
        memcpy(z, s->z, s->n);
    }
    z[s->n] = 0;
    s->z = z;
    s->nAlloc = nNew;
}

void str_append(Str *s, const char *p, size_t n)
{
    if (n == 0) {
        return;
    }
    str_reserve(s, n);
    memcpy(s->z + s->n, p, n);
    s->n += n;
    s->z[s->n] = 0;
}

void str_append_z(Str *s, const char *z)
{
    str_append(s, z, strlen(z));
}

void str_append_char(Str *s, char c)
{
    str_append(s, &c, 1);
}

void str_vappendf(Str *s, const char *zFmt, va_list ap)
{
    /* One pass when the text fits the room left (most do: numbers, short
       paths); a second, measured one only when it did not. */
    str_reserve(s, STR_APPENDF_GUESS);
    va_list ap2;
    va_copy(ap2, ap);
    size_t nRoom = s->nAlloc - s->n;
    int n = vsnprintf(s->z + s->n, nRoom, zFmt, ap2);
    va_end(ap2);
    if (n <= 0) {
        s->z[s->n] = 0;
        return;
    }
    if ((size_t)n >= nRoom) {
        str_reserve(s, (size_t)n);
        vsnprintf(s->z + s->n, (size_t)n + 1, zFmt, ap);
    }
    s->n += (size_t)n;
}

void str_appendf(Str *s, const char *zFmt, ...)
{
    va_list ap;
    va_start(ap, zFmt);
    str_vappendf(s, zFmt, ap);
    va_end(ap);
}

void str_clear(Str *s)
{
    s->n = 0;
    if (s->nAlloc > 0) {
        s->z[0] = 0;
    }
}

char *arena_printf(Arena *a, const char *zFmt, ...)
{
    Str s;
    str_init(&s, a);
    va_list ap;
    va_start(ap, zFmt);
    str_vappendf(&s, zFmt, ap);
    va_end(ap);
    if (s.nAlloc == 0) {
        return arena_strdup(a, "");
    }
    return s.z;
}

bool str_eq_n(const char *p, size_t n, const char *z)
{
    return strlen(z) == n && memcmp(p, z, n) == 0;
}

bool str_starts_with(const char *z, const char *zPrefix)
{
    return strncmp(z, zPrefix, strlen(zPrefix)) == 0;
}

bool str_parse_int(const char *z, int nMin, int nMax, int *pn)
{
    if (z == NULL) {
        return false;
    }
    char *zEnd = NULL;
    errno = 0;
    long v = strtol(z, &zEnd, 10);
    if (zEnd == z || errno != 0) {
        return false;
    }
    while (*zEnd == ' ' || *zEnd == '\t') {
        zEnd++;
    }
    if (*zEnd != 0 || v < nMin || v > nMax) {
        return false;
    }
    *pn = (int)v;
    return true;
}
