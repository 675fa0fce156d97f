/*
 * import_html_fuzz.c — fuzz the importer's HTML-to-Markdown converter
 * (import_html_to_markdown() in src/articles/import_html.c, libxml2's
 * HTML parser underneath).
 *
 * Any valid UTF-8 input must convert (OK) into valid UTF-8, and the
 * Markdown rendered as articles are (markdown_render(), safe mode) must
 * carry no script, style, iframe or object element and no attribute
 * named on… or style: the safe subset the renderer keeps.  Input that is
 * not UTF-8 must be refused, never converted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "articles/import.h"
#include "base/arena.h"
#include "base/utf8.h"
#include "view/markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when the rendered 'z' ('n' bytes) holds a forbidden tag or
   attribute (every '<' in it opens a real tag: text is escaped). */
static bool fuzz_unsafe(const char *z, size_t n)
{
    static const char *const azTag[] = {"script", "style", "iframe",
                                        "object", "embed", "svg"};
    bool bInTag = false;
    char cQuote = 0;
    for (size_t i = 0; i < n; i++) {
        char c = z[i];
        if (cQuote != 0) {
            if (c == cQuote) {
                cQuote = 0;
            }
            continue;
        }
        if (!bInTag) {
            if (c != '<') {
                continue;
            }
            bInTag = true;
            const char *zName = z + i + 1 + (i + 1 < n && z[i + 1] == '/');
            for (size_t k = 0; k < sizeof(azTag) / sizeof(azTag[0]); k++) {
                size_t m = strlen(azTag[k]);
                if (zName + m <= z + n &&
                    strncasecmp(zName, azTag[k], m) == 0) {
                    return true;
                }
            }
            continue;
        }
        if (c == '>') {
            bInTag = false;
        } else if (c == '"' || c == '\'') {
            cQuote = c;
        } else if (c == ' ' && i + 6 <= n &&
                   (strncasecmp(z + i + 1, "on", 2) == 0 ||
                    strncasecmp(z + i + 1, "style", 5) == 0)) {
            return true;
        }
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool bInit;
    if (!bInit) {
        import_init();
        markdown_init();
        bInit = true;
    }
    Arena a;
    arena_init(&a);
    char *zMd = NULL;
    int rc = import_html_to_markdown(&a, data, size, &zMd);
    bool bUtf8 = utf8_valid((const char *)data, size);
    if (!bUtf8 || size > IMPORT_HTML_BYTES_MAX) {
        if (rc == OK) {
            abort();
        }
        arena_close(&a);
        return 0;
    }
    if (rc != OK || zMd == NULL || !utf8_valid(zMd, strlen(zMd))) {
        abort();
    }
    const SafeHtml *h = NULL;
    if (markdown_render(&a, zMd, strlen(zMd), &h) != OK) {
        abort();
    }
    size_t n = 0;
    const char *z = safe_html_bytes(h, &n);
    if (fuzz_unsafe(z, n)) {
        abort();
    }
    arena_close(&a);
    return 0;
}
