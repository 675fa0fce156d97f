/*
 * markdown.h — article Markdown to SafeHtml with cmark-gfm, once, at save.
 *
 * Safe mode: raw HTML is dropped and javascript:, vbscript:, file: and
 * data: (except images) URLs are blanked.  Extensions: table,
 * strikethrough, autolink, tagfilter.  The HTML is stored with the article
 * (body_html) so a page view never parses Markdown.
 */
#ifndef SINMUN_VIEW_MARKDOWN_H
#define SINMUN_VIEW_MARKDOWN_H

#include <stddef.h>

#include "base/arena.h"
#include "base/rc.h"
#include "view/view.h"

/*
 * Render the Markdown 'p' ('n' bytes, valid UTF-8) to HTML in 'a'.  Set
 * '*pOut' (OUT).  Return OK or ERR_NOMEM.
 */
int markdown_render(Arena *a, const char *p, size_t n,
                    const SafeHtml **ppOut) WARN_UNUSED;

/*
 * Wrap HTML that markdown_render() produced earlier and that was stored
 * in the database (articles.body_html).  The only other door to SafeHtml;
 * never call it on anything a user sent.
 */
const SafeHtml *markdown_from_store(Arena *a, const char *zHtml);

/*
 * Render the Markdown 'p' ('n' bytes, valid UTF-8) as plain text, for
 * output that is not HTML (the article PDF): no markup characters, block
 * elements separated by a blank line, soft line breaks as spaces, links
 * as their text.  Set '*pzOut' (OUT, NUL-terminated, in 'a').  Return OK
 * or ERR_NOMEM.
 */
int markdown_plain_text(Arena *a, const char *p, size_t n,
                        char **pzOut) WARN_UNUSED;

/* Call once at start-up before any thread renders (registers extensions). */
void markdown_init(void);

#endif
