/*
 * safe_html.h — the inside of a SafeHtml, for view/ only.
 *
 * view.h declares SafeHtml as an incomplete type, so code outside view/
 * can hold and pass one but cannot make one or look inside: only the
 * Markdown renderer, the plain-text renderer and the template engine
 * (all in view/) turn text into markup.  tools/lint refuses an include of
 * this header from outside src/view/.
 */
#ifndef SINMUN_VIEW_SAFE_HTML_H
#define SINMUN_VIEW_SAFE_HTML_H

#include <stddef.h>

#include "base/arena.h"
#include "view/view.h"

/* HTML that is already safe to write as it is. */
struct SafeHtml {
    const char *z; /* the markup, NUL-terminated */
    size_t n;      /* its length */
};

/* A SafeHtml in 'a' holding 'n' bytes at 'z' (not copied). */
const SafeHtml *safe_html_wrap(Arena *a, const char *z, size_t n);

#endif
