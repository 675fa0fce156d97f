/*
 * form.h — decoding what clients send: paths, query strings, urlencoded
 * forms and cookies.  This is the edge where text is checked: every value
 * that leaves these functions is valid UTF-8 without NUL bytes, so the rest
 * of the program can trust it.  A malformed percent-escape or invalid UTF-8
 * is an error (the server answers 400), never silently repaired.
 *
 * A form body is checked whole but normalised lazily: form_parse_body()
 * decodes and checks every field in one linear pass (escapes, UTF-8, at
 * most UTF8_NONSTARTERS_MAX combining marks in a row), and form_value()
 * turns CRLF into LF and NFC-normalises a value only when a handler reads
 * it (req_form()).  Fields nobody reads cost no normalisation.
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

/* What a decoder found wrong; the server picks the answer for each. */
typedef enum FormRc {
    FORM_OK = 0,       /* decoded */
    FORM_BAD_TEXT = 1, /* bad %-escape, %00 or invalid UTF-8 */
    FORM_TOO_MANY = 2, /* more than FORM_FIELDS_MAX fields */
    FORM_MARKS = 3,    /* a run of over UTF8_NONSTARTERS_MAX combining marks */
    FORM_BAD_PATH = 4, /* a target whose path is not "/…" or does not decode */
} FormRc;

/*
 * Percent-decode the path 'p' of 'n' bytes into 'a' ('+' stays '+').  Set
 * '*pzOut' (OUT).  Return OK, or ERR_INVALID for a bad escape, %00 or
 * invalid UTF-8.
 */
int form_decode_path(Arena *a, const char *p, size_t n,
                     char **pzOut) WARN_UNUSED;

/*
 * Split the request target 'zTarget' ("/path?query", as sent) at its
 * first '?': decode the path (form_decode_path()) into '*pzPath' and parse
 * the query (form_parse_query()) into '*paQuery' / '*pnQuery' (OUT; none
 * without a '?').  Return FORM_OK, FORM_BAD_PATH (not starting with '/',
 * or not decoding), or what form_parse_query() returned.
 */
FormRc form_parse_target(Arena *a, const char *zTarget, const char **pzPath,
                         Param **paQuery, int *pnQuery) WARN_UNUSED;

/*
 * Parse the query string 'p' of 'n' bytes ("a=1&b=%ED%95%9C", '+' is a
 * space) into 'a'; names and values are decoded at once (queries are short
 * and never normalised).  Set '*paOut' and '*pnOut' (OUT).  Return
 * FORM_OK, FORM_BAD_TEXT or FORM_TOO_MANY (counted before anything is
 * decoded).
 */
FormRc form_parse_query(Arena *a, const char *p, size_t n, Param **paOut,
                        int *pnOut) WARN_UNUSED;

/*
 * Parse the urlencoded form body 'p' of 'n' bytes into 'a'.  Every name
 * is decoded; every value is decoded and checked (UTF-8, stream-safe) and
 * left pending in Param.zPending for form_value().  Linear in 'n'.  Set
 * '*paOut' and '*pnOut' (OUT).  Return FORM_OK, FORM_BAD_TEXT,
 * FORM_TOO_MANY or FORM_MARKS.
 */
FormRc form_parse_body(Arena *a, const char *p, size_t n, Param **paOut,
                       int *pnOut) WARN_UNUSED;

/*
 * The value of the form field 'pParam' (from form_parse_body()): on the
 * first call its pending bytes get CRLF (and lone CR) turned into LF, the
 * way a textarea means them, and NFC, and are stored back in
 * pParam->zValue / nValue (allocated from 'a').  Return pParam->zValue.
 */
const char *form_value(Arena *a, Param *pParam);

/*
 * Parse a Cookie header "a=1; b=2" into 'a'.  Malformed pairs are skipped
 * (cookies are not user text).  Set '*paOut', '*pnOut' (OUT).
 */
void form_parse_cookies(Arena *a, const char *z, Param **paOut, int *pnOut);

/* Fuzz entry point: runs every parser above on the bytes. */
int form_fuzz_one(const uint8_t *p, size_t n);

#endif
