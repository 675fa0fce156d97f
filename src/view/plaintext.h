/*
 * plaintext.h — text a reader typed (a comment) as SafeHtml: every
 * character escaped, each line break a <br>, and each http(s) address a
 * link with rel="nofollow ugc".  Nothing the reader wrote is ever read as
 * markup; the only tags in the output are the ones made here.
 *
 * Besides the Markdown renderer and the template engine, this is the one
 * place that makes SafeHtml (docs/architecture.md).
 *
 * Addresses: "http://" or "https://" (any case) at the start of the text
 * or after a character that is not a letter, digit or '/'; the address
 * runs over printable ASCII except space and < > " ' ` { } | \ ^ and
 * stops at the first other byte (so "https://a.kr/x에서" links only
 * "https://a.kr/x"); trailing . , ; : ! ? and unmatched closing brackets
 * are left outside.  At least one letter or digit must follow "//".
 */
#ifndef SINMUN_VIEW_PLAINTEXT_H
#define SINMUN_VIEW_PLAINTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "view/view.h"

/*
 * Render the 'n' bytes of 'p' (valid UTF-8) as HTML in 'a'.  LF, CRLF and
 * a lone CR each become "<br>\n".  Never fails; the result is
 * NUL-terminated.
 */
const SafeHtml *plaintext_render(Arena *a, const char *p, size_t n);

/* How many addresses plaintext_render() would turn into links. */
int plaintext_count_links(const char *p, size_t n);

/*
 * Fuzz entry point: renders the bytes and abort()s when the output holds
 * a '<' that is not one of the tags made here, or when taking those tags
 * out and decoding the entities does not give back the input exactly.
 */
int plaintext_fuzz_one(const uint8_t *p, size_t n);

#endif
