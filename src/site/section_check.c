/*
 * section_check.c — what a section slug may be, for the admin's section
 * form and the importer alike (the slug is a URL part: /section/{slug}).
 */
#include "site/site.h"

#include <string.h>

bool site_slug_valid(const char *z)
{
    size_t n = z != NULL ? strlen(z) : 0;
    if (n == 0 || n > SITE_SLUG_MAX || z[0] == '-') {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = z[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return false;
        }
    }
    return true;
}
