/*
 * form_fuzz.c — fuzz the request decoders (web/form.c): path decoding,
 * urlencoded forms and cookies.  form_fuzz_one() traps when a decoded
 * value is not valid UTF-8 or a form value still holds a CR.
 */
#include <stdint.h>
#include <stdlib.h>

#include "web/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return form_fuzz_one(data, size);
}
