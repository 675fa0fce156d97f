/*
 * worddiff_fuzz.c — fuzz the word diff (base/worddiff.c).
 *
 * The input is two texts, split at the first NUL byte (any bytes: the
 * diff must not depend on the edge's UTF-8 check).  worddiff_fuzz_one()
 * diffs them with the newsroom's cap and with a cap of 3, and abort()s
 * unless the spans rebuild both texts byte for byte, kept spans are equal
 * in both, no span is empty, and equal texts give no edit.
 */
#include <stdint.h>

#include "base/worddiff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Check one input; abort() on a broken invariant.  Always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return worddiff_fuzz_one(data, size);
}
