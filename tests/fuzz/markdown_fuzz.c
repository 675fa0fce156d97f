/*
 * markdown_fuzz.c — fuzz the Markdown glue (cmark-gfm in safe mode).
 *
 * Inputs that are valid UTF-8 (what web/ lets through) are rendered with
 * markdown_render(); the HTML must never contain a <script tag in any
 * letter case, since safe mode drops raw HTML and escapes text.  They
 * also go through markdown_plain_text(), which must not fail.
 */
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>

#include "base/arena.h"
#include "base/utf8.h"
#include "view/markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Check one input; abort() on a broken invariant.  Always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    if (!utf8_valid(p, size)) {
        return 0;
    }
    markdown_init();
    Arena a;
    arena_init(&a);
    const SafeHtml *h = NULL;
    if (markdown_render(&a, p, size, &h) != OK) {
        abort();
    }
    size_t n = 0;
    const char *z = safe_html_bytes(h, &n);
    for (size_t i = 0; i + 7 <= n; i++) {
        if (z[i] == '<' && strncasecmp(z + i + 1, "script", 6) == 0) {
            abort();
        }
    }
    /* The plain-text rendering (article PDFs) must succeed as well. */
    char *zText = NULL;
    if (markdown_plain_text(&a, p, size, &zText) != OK || zText == NULL) {
        abort();
    }
    arena_close(&a);
    return 0;
}
