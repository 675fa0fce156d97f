/*
 * request_fuzz.c — fuzz a raw HTTP request through our request parsers
 * (web/request_head.c): the target's path and query, cookies,
 * X-Forwarded-For / Forwarded against trusted proxies, and an urlencoded
 * body with its lazy normalisation.  request_head_fuzz_one() traps when a
 * parser breaks its promise (see request_head.h).
 */
#include <stdint.h>
#include <stdlib.h>

#include "web/request_head.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return request_head_fuzz_one(data, size);
}
