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

/*
 * Most non-starters (combining marks and the like) allowed in a row:
 * Unicode's stream-safe text format (UAX #15, section 13).  Normalising a
 * run of non-starters costs the square of its length (canonical
 * reordering sorts it), so bounding the run keeps NFC linear.  Real text
 * never comes close: Korean, Vietnamese or Tibetan stack at most a few.
 */
#define UTF8_NONSTARTERS_MAX 30

/* True when the 'n' bytes at 'p' are valid UTF-8 with no NUL byte. */
bool utf8_valid(const char *p, size_t n);

/*
 * True when the valid UTF-8 'p' of 'n' bytes is stream-safe: no more than
 * UTF8_NONSTARTERS_MAX non-starters in a row, counted on the compatibility
 * decomposition (NFKD) of each character as UAX #15 defines it.  Linear in
 * 'n'.  Invalid UTF-8 gives false.
 */
bool utf8_stream_safe(const char *p, size_t n);

/*
 * NFC-normalise the valid UTF-8 'p' of 'n' bytes into 'a'.  Return the
 * NUL-terminated result and set '*pnOut' (OUT, may be NULL) to its length.
 * Returns NULL when 'p' is not valid UTF-8 or not stream-safe (see
 * utf8_stream_safe()), so the work stays linear in 'n' whatever the
 * input.  Aborts when the system is out of memory, as arena_alloc() does.
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
