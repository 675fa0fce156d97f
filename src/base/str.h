/*
 * str.h — arena-backed, length-tracked, binary-safe strings.
 *
 * A Str always holds a NUL after its last byte, so z can be passed to C
 * functions.  Calls change a Str in place through a pointer; none returns a
 * new pointer to store.  str_appendf() is for plain text (logs, messages,
 * file names); it never builds HTML (templates do) or SQL (literals do).
 */
#ifndef SINMUN_BASE_STR_H
#define SINMUN_BASE_STR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* A growable string whose memory belongs to an arena. */
typedef struct Str {
    Arena *pArena; /* where z lives; NULL only in a zeroed Str */
    char *z;       /* the bytes, NUL-terminated; "" when empty */
    size_t n;      /* length in bytes, not counting the NUL */
    size_t nAlloc; /* capacity of z, counting the NUL */
} Str;

/* Prepare 's' as an empty string allocating from 'a'. */
void str_init(Str *s, Arena *a);

/* Append 'n' bytes of 'p' to 's'. */
void str_append(Str *s, const char *p, size_t n);

/* Append the NUL-terminated 'z' to 's'. */
void str_append_z(Str *s, const char *z);

/* Append one byte 'c' to 's'. */
void str_append_char(Str *s, char c);

/* Append printf-formatted plain text to 's'. */
void str_appendf(Str *s, const char *zFmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Same as str_appendf() with a va_list. */
void str_vappendf(Str *s, const char *zFmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Make sure 's' can hold 'n' more bytes without growing. */
void str_reserve(Str *s, size_t n);

/* Empty 's', keeping its memory. */
void str_clear(Str *s);

/* Return a printf-formatted string allocated from 'a'. */
char *arena_printf(Arena *a, const char *zFmt, ...)
    __attribute__((format(printf, 2, 3)));

/* True when the first 'n' bytes of 'p' equal the NUL-terminated 'z'. */
bool str_eq_n(const char *p, size_t n, const char *z);

/* True when 'z' starts with 'zPrefix'. */
bool str_starts_with(const char *z, const char *zPrefix);

/*
 * Parse 'z' as a whole decimal number from 'nMin' to 'nMax' (trailing
 * spaces or tabs allowed) into '*pn' (OUT).  Return false, leaving '*pn'
 * as it was, for NULL, "", anything else or a number out of range.
 */
bool str_parse_int(const char *z, int nMin, int nMax, int *pn);

#endif
