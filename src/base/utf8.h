/*
 * utf8.h — UTF-8 checks and normalisation at the edge (utf8proc).
 *
 * Text is checked once where it enters (web/ for requests, the importer for
 * files) and trusted afterwards.  Counting for limits is in user-perceived
 * characters (grapheme clusters) after NFC with CRLF turned into LF, the
 * way a reader counts.
 */
#ifndef SINMUN_BASE_UTF8_H
#define SINMUN_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* True when the 'n' bytes at 'p' are valid UTF-8 with no NUL byte. */
bool utf8_valid(const char *p, size_t n);

/*
 * NFC-normalise the valid UTF-8 'p' of 'n' bytes into 'a'.  Return the
 * NUL-terminated result and set '*pnOut' (OUT, may be NULL) to its length.
 * Returns NULL only when 'p' is not valid UTF-8.
 */
char *utf8_nfc(Arena *a, const char *p, size_t n, size_t *pnOut);

/*
 * Turn every CRLF (and lone CR) in the NUL-terminated 'z' into LF, in
 * place.  Return the new length.
 */
size_t utf8_crlf_to_lf(char *z);

/* Count grapheme clusters in the valid UTF-8 'p' of 'n' bytes. */
size_t utf8_graphemes(const char *p, size_t n);

/* True when 'p' of 'n' bytes holds only Unicode white space. */
bool utf8_is_blank(const char *p, size_t n);

#endif
