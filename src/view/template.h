/*
 * template.h — HTML templates, compiled at start-up, escaped by default.
 *
 * Syntax (templates/<feature>/<page>.html):
 *   {{name}}            text, HTML-escaped (& < > " ') — also inside quoted
 *                       attribute values
 *   {{a.b}}             field b of nested view a
 *   {{name|url}}        percent-encoded for a URL path segment or query value
 *   {{name|json}}       JSON string for <script type="application/ld+json">
 *                       (escapes < > & and U+2028/9 too)
 *   {{name|trusted}}    raw, but only when the value is a SafeHtml;
 *                       any other value is escaped as usual
 *   {{#if name}}…{{else}}…{{/if}}, {{#unless name}}…{{/unless}}
 *   {{#each list}}…{{else}}…{{/each}}  names resolve in the item, then
 *                       outward; {{@index}} is the 0-based position
 *   {{> partials/name}} another template, with the same view
 *   {{! comment }}
 * A missing value prints nothing and is false.  An unknown filter, an
 * unclosed or stray block, a missing partial or a recursive partial stops
 * templates_open() with "file:line: message".
 *
 * Owner: main.c opens one Templates at start-up and closes it at exit;
 * rendering is read-only and safe from any thread.
 */
#ifndef SINMUN_VIEW_TEMPLATE_H
#define SINMUN_VIEW_TEMPLATE_H

#include <stddef.h>

#include "base/rc.h"
#include "base/str.h"
#include "view/view.h"

typedef struct Templates Templates;

/*
 * Compile every *.html, *.xml and *.txt below the folder 'zDir' (other
 * files are skipped); a template's name is its path below 'zDir' without
 * the extension ("articles/article_page", "feeds/rss").  Set
 * '*ppT' (OUT).  Return OK, or ERR_INVALID with "file:line: message" in
 * 'zErr' (OUT, 'nErr' bytes), or ERR_IO.
 */
int templates_open(const char *zDir, Templates **ppT, char *zErr,
                   size_t nErr) WARN_UNUSED;

/*
 * Compile one template from memory: 'zName' names it, 'zText' is its
 * source.  For tests and fuzzing: partials resolve among templates added
 * the same way.  Start with templates_new(), finish with templates_link()
 * (which checks partials).  Errors as in templates_open().
 */
Templates *templates_new(void);
int templates_add(Templates *t, const char *zName, const char *zText,
                  size_t nText, char *zErr, size_t nErr) WARN_UNUSED;
int templates_link(Templates *t, char *zErr, size_t nErr) WARN_UNUSED;

/* Free 't' and everything compiled in it. */
void templates_close(Templates *t);

/* True when a template 'zName' exists. */
int templates_has(const Templates *t, const char *zName);

/*
 * Append the template 'zName' rendered with 'v' to 'pOut'.  Return OK, or
 * ERR_NOTFOUND when there is no such template (a bug: names are literals).
 */
int template_render(const Templates *t, const char *zName, const View *v,
                    Str *pOut) WARN_UNUSED;

/*
 * Render 'zName' with 'v' and return the result as SafeHtml allocated in
 * 'a' — how a page body is placed into the layout.
 */
int template_render_safe(const Templates *t, const char *zName, const View *v,
                         Arena *a, const SafeHtml **ppOut) WARN_UNUSED;

/*
 * Escape 'n' bytes of 'p' for HTML text or a quoted attribute, appending
 * to 'pOut'.  Exposed for the fuzz target and tests.
 */
void html_escape(Str *pOut, const char *p, size_t n);

/* Percent-encode 'n' bytes of 'p' (RFC 3986 unreserved kept) into 'pOut'. */
void url_encode(Str *pOut, const char *p, size_t n);

/* Write 'n' bytes of 'p' as a JSON string literal (with quotes) to 'pOut'. */
void json_escape(Str *pOut, const char *p, size_t n);

#endif
