/*
 * pdf.h — an article as a PDF, made on the server with cairo + pango.
 *
 * pdf_article.c holds the pure part: an article's fields in, PDF bytes
 * out (A4, NanumMyeongjo with NanumGothic for the Hanja it lacks, fonts
 * embedded as subsets, lines broken only between words, page numbers and
 * the article's URL on every page, document metadata).  pdf_page.c is the
 * route GET /article/{id}.pdf, which reads the article and runs the
 * renderer on the worker pool (RUN_WORKER: a render takes milliseconds,
 * far too long for an event-loop thread).
 *
 * Threads: pango is not thread-safe for shared objects, so every render
 * uses the calling thread's own font map (pango_cairo_font_map_get_default()
 * is per thread since pango 1.32.6) and releases every object it made
 * before it returns.
 */
#ifndef SINMUN_PDF_PDF_H
#define SINMUN_PDF_PDF_H

#include "base/arena.h"
#include "base/rc.h"
#include "base/str.h"
#include "web/http.h"

/* What the PDF of one article shows; every string is UTF-8. */
typedef struct PdfArticle {
    const char *zSiteName; /* masthead, "산업일보" */
    const char *zTitle;    /* headline */
    const char *zSubtitle; /* sub-headline, "" when none */
    const char *zReporter; /* byline names, "홍보영" or "홍보영·김민수" */
    const char *zEmail;     /* their e-mails "a@x · b@y", "" when none */
    const char *zPublished; /* 기사입력, site zone "2014-12-19 18:00:10" */
    const char *zModified;  /* 기사수정 in the same form, "" when none */
    const char *zPublishedIso; /* the same as ISO 8601 with offset, for the
                                  metadata; "" leaves the date out */
    const char *zModifiedIso;  /* ISO 8601 of zModified, "" when none */
    const char *zDateline;     /* "[산업일보]", "" when none */
    const char *const *azPara; /* body paragraphs, plain text ('\n' inside
                                  one is a line break) */
    int nPara;                 /* how many */
    const char *zUrl;          /* the article's absolute URL */
} PdfArticle;

/* What a render produced, besides the bytes (for tests and logs). */
typedef struct PdfInfo {
    int nPage;         /* pages in the document */
    int nUnknownGlyph; /* characters no font could draw (empty boxes) */
    int nLine;         /* text lines set, all blocks */
} PdfInfo;

/*
 * Render 'pArt' as an A4 PDF and append its bytes to 'pOut' (OUT; its
 * arena holds them).  Scratch memory and every cairo/pango object are
 * released before returning, on the calling thread.  Fill '*pInfo' (OUT)
 * when it is not NULL.  Return OK, or ERR_NOMEM / ERR_IO when cairo
 * fails.
 */
int pdf_article_render(const PdfArticle *pArt, Str *pOut,
                       PdfInfo *pInfo) WARN_UNUSED;

/* ROUTE handler: GET /article/{id}.pdf (pdf_page.c). */
int pdf_article_page(Request *req, Response *res);

#endif
