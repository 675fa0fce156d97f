/*
 * seed_fuzz.c — fuzz the import JSON parser (demo_parse_seed in
 * demo/demo.c).  On success every field must be present, non-empty and
 * valid UTF-8, with at least one paragraph; on failure an error message
 * must be written.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "demo/demo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void seed_check(const char *z)
{
    if (z == NULL || z[0] == 0 || !utf8_valid(z, strlen(z))) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena a;
    arena_init(&a);
    DemoSeed seed;
    char zErr[200] = "";
    if (demo_parse_seed(&a, (const char *)data, size, &seed, zErr) == OK) {
        seed_check(seed.zSiteName);
        seed_check(seed.zSection);
        seed_check(seed.zTitle);
        seed_check(seed.zPublished);
        seed_check(seed.zReporter);
        seed_check(seed.zBio);
        if (seed.nParagraph < 1) {
            abort();
        }
        for (int i = 0; i < seed.nParagraph; i++) {
            if (!utf8_valid(seed.azParagraph[i], strlen(seed.azParagraph[i]))) {
                abort();
            }
        }
    } else if (zErr[0] == 0) {
        abort();
    }
    arena_close(&a);
    return 0;
}
