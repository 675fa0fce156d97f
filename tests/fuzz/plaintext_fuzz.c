/*
 * plaintext_fuzz.c — fuzz comment text to HTML (view/plaintext.c).
 *
 * Any bytes (the function must not depend on the edge's UTF-8 check) go
 * through plaintext_fuzz_one(), which abort()s when the output holds a
 * '<' that is not one of the tags plaintext.c makes (<br>, <a href="http…"
 * rel="nofollow ugc">, </a>), a bare '&', '>' or quote in text, or when
 * removing those tags and decoding the entities does not give back the
 * input (line breaks as LF) byte for byte.
 */
#include <stdint.h>

#include "view/plaintext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Check one input; abort() on a broken invariant.  Always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return plaintext_fuzz_one(data, size);
}
