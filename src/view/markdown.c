/*
 * markdown.c — article Markdown to SafeHtml with cmark-gfm; see markdown.h.
 *
 * The newsroom calls markdown_render() when an article is saved and
 * stores the result in articles.body_html; a page view wraps that column
 * with markdown_from_store() and writes it with {{body|trusted}}.  This
 * file is therefore the only producer of trusted markup from user text.
 *
 * cmark-gfm runs without CMARK_OPT_UNSAFE: raw HTML blocks and inline
 * tags become "<!-- raw HTML omitted -->" and links to javascript:,
 * vbscript:, file: and data: (other than images) get an empty href.
 * cmark allocates with malloc; its result is copied into the caller's
 * arena and cmark's memory is freed before returning.
 */
#include "view/markdown.h"
#include "view/safe_html.h"

#include <assert.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <string.h>

/* GitHub extensions attached to every parser, by cmark-gfm name. */
static const char *const azMarkdownExt[] = {
    "table",
    "strikethrough",
    "autolink",
    "tagfilter",
};

/* Number of entries in azMarkdownExt. */
#define MARKDOWN_NEXT (sizeof(azMarkdownExt) / sizeof(azMarkdownExt[0]))

/*
 * The extensions found by markdown_init(); written once before any
 * thread starts, read-only afterwards.
 */
static cmark_syntax_extension *apMarkdownExt[MARKDOWN_NEXT];

void markdown_init(void)
{
    cmark_gfm_core_extensions_ensure_registered();
    for (size_t i = 0; i < MARKDOWN_NEXT; i++) {
        apMarkdownExt[i] = cmark_find_syntax_extension(azMarkdownExt[i]);
        /* Missing means a broken cmark-gfm install, not bad input. */
        assert(apMarkdownExt[i] != NULL);
    }
}

int markdown_render(Arena *a, const char *p, size_t n, const SafeHtml **ppOut)
{
    assert(a != NULL && ppOut != NULL && (p != NULL || n == 0));
    assert(apMarkdownExt[0] != NULL); /* markdown_init() was called */
    cmark_parser *pParser = cmark_parser_new(CMARK_OPT_DEFAULT);
    if (pParser == NULL) {
        return ERR_NOMEM;
    }
    for (size_t i = 0; i < MARKDOWN_NEXT; i++) {
        cmark_parser_attach_syntax_extension(pParser, apMarkdownExt[i]);
    }
    if (n > 0) {
        cmark_parser_feed(pParser, p, n);
    }
    cmark_node *pDoc = cmark_parser_finish(pParser);
    if (pDoc == NULL) {
        cmark_parser_free(pParser);
        return ERR_NOMEM;
    }
    char *zHtml = cmark_render_html(
        pDoc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(pParser));
    cmark_node_free(pDoc);
    cmark_parser_free(pParser);
    if (zHtml == NULL) {
        return ERR_NOMEM;
    }
    size_t nHtml = strlen(zHtml);
    *ppOut = safe_html_wrap(a, arena_strndup(a, zHtml, nHtml), nHtml);
    cmark_get_default_mem_allocator()->free(zHtml);
    return OK;
}

int markdown_plain_text(Arena *a, const char *p, size_t n, char **pzOut)
{
    assert(a != NULL && pzOut != NULL && (p != NULL || n == 0));
    assert(apMarkdownExt[0] != NULL); /* markdown_init() was called */
    cmark_parser *pParser = cmark_parser_new(CMARK_OPT_DEFAULT);
    if (pParser == NULL) {
        return ERR_NOMEM;
    }
    for (size_t i = 0; i < MARKDOWN_NEXT; i++) {
        cmark_parser_attach_syntax_extension(pParser, apMarkdownExt[i]);
    }
    if (n > 0) {
        cmark_parser_feed(pParser, p, n);
    }
    cmark_node *pDoc = cmark_parser_finish(pParser);
    if (pDoc == NULL) {
        cmark_parser_free(pParser);
        return ERR_NOMEM;
    }
    /* Width 0: no wrapping; NOBREAKS: a soft break is a space. */
    char *zText = cmark_render_plaintext(pDoc, CMARK_OPT_NOBREAKS, 0);
    cmark_node_free(pDoc);
    cmark_parser_free(pParser);
    if (zText == NULL) {
        return ERR_NOMEM;
    }
    *pzOut = arena_strdup(a, zText);
    cmark_get_default_mem_allocator()->free(zText);
    return OK;
}

const SafeHtml *markdown_from_store(Arena *a, const char *zHtml)
{
    if (zHtml == NULL) {
        zHtml = "";
    }
    return safe_html_wrap(a, zHtml, strlen(zHtml));
}
