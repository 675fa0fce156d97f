/*
 * form.h — decoding what clients send: paths, query strings, urlencoded
 * forms and cookies.  This is the edge where text is checked: every value
 * that leaves these functions is valid UTF-8 without NUL bytes, so the rest
 * of the program can trust it.  A malformed percent-escape or invalid UTF-8
 * is an error (the server answers 400), never silently repaired.
 */
#ifndef SINMUN_WEB_FORM_H
#define SINMUN_WEB_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/rc.h"
#include "web/http.h"

/* Most fields accepted in one query string or form. */
#define FORM_FIELDS_MAX 256

/*
 * Percent-decode the path 'p' of 'n' bytes into 'a' ('+' stays '+').  Set
 * '*pzOut' (OUT).  Return OK, or ERR_INVALID for a bad escape, %00 or
 * invalid UTF-8.
 */
int form_decode_path(Arena *a, const char *p, size_t n,
                     char **pzOut) WARN_UNUSED;

/*
 * Parse 'n' bytes of "a=1&b=%ED%95%9C" ('+' is a space) into 'a'.  With
 * 'bForm' the values are also NFC-normalised and CRLF becomes LF (what a
 * textarea sends).  Set '*paOut' and '*pnOut' (OUT).  Return OK, or
 * ERR_INVALID for a bad escape, invalid UTF-8, or more than
 * FORM_FIELDS_MAX fields.
 */
int form_parse_urlencoded(Arena *a, const char *p, size_t n, bool bForm,
                          Param **paOut, int *pnOut) WARN_UNUSED;

/*
 * Parse a Cookie header "a=1; b=2" into 'a'.  Malformed pairs are skipped
 * (cookies are not user text).  Set '*paOut', '*pnOut' (OUT).
 */
void form_parse_cookies(Arena *a, const char *z, Param **paOut, int *pnOut);

/* Fuzz entry point: runs every parser above on the bytes. */
int form_fuzz_one(const uint8_t *p, size_t n);

#endif
