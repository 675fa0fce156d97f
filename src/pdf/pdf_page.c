/*
 * pdf_page.c — GET /article/{id}.pdf: the article as a PDF download.
 *
 * Reads the published article with its bylines, turns the Markdown body
 * into plain-text paragraphs and hands them to pdf_article_render().  The
 * route runs on the worker pool (RUN_WORKER in web/routes.c) and is
 * cached like a page: the tags article:{id}, reporter:{each byline} and
 * site drop it when the article, a byline or the site's name changes.
 */
#include "pdf/pdf.h"

#include <string.h>

#include "app/app.h"
#include "articles/articles.h"
#include "base/log.h"
#include "site/site.h"
#include "view/markdown.h"
#include "view/template.h"

/*
 * Split the plain text 'z' into paragraphs at blank lines, trimming
 * newlines around each; set '*pazPara', '*pnPara' (OUT, in 'a').
 */
static void pdf_page_paragraphs(Arena *a, const char *z, const char ***pazPara,
                                int *pnPara)
{
    int nMax = 1;
    for (const char *p = z; (p = strstr(p, "\n\n")) != NULL; p += 2) {
        nMax++;
    }
    const char **azPara = arena_alloc(a, sizeof(char *) * (size_t)nMax);
    int n = 0;
    const char *p = z;
    while (*p) {
        while (*p == '\n') {
            p++;
        }
        const char *zEnd = strstr(p, "\n\n");
        size_t nPara = zEnd ? (size_t)(zEnd - p) : strlen(p);
        while (nPara > 0 && p[nPara - 1] == '\n') {
            nPara--;
        }
        if (nPara > 0 && n < nMax) {
            azPara[n++] = arena_strndup(a, p, nPara);
        }
        p += nPara;
    }
    *pazPara = azPara;
    *pnPara = n;
}

/* The e-mail addresses of the bylines of 'art', "a@x · b@y" (in 'a'). */
static const char *pdf_page_emails(Arena *a, const Article *art)
{
    Str s;
    str_init(&s, a);
    for (int i = 0; i < art->nAuthor; i++) {
        const char *zEmail = art->aAuthor[i].zEmail;
        if (zEmail != NULL && zEmail[0] != 0) {
            if (s.n > 0) {
                str_append_z(&s, " · ");
            }
            str_append_z(&s, zEmail);
        }
    }
    return s.z;
}

/*
 * The Content-Disposition value: an ASCII fallback name and the title as
 * a UTF-8 name (RFC 6266 with RFC 5987's filename*).
 */
static const char *pdf_page_disposition(Arena *a, int64_t id,
                                        const char *zTitle)
{
    Str s;
    str_init(&s, a);
    str_appendf(&s,
                "inline; filename=\"article-%lld.pdf\"; "
                "filename*=UTF-8''",
                (long long)id);
    url_encode(&s, zTitle, strlen(zTitle));
    str_append_z(&s, ".pdf");
    return s.z;
}

/*
 * ROUTE: GET /article/{id}.pdf
 *   id  articles.id of a published article, a positive integer
 */
int pdf_article_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    Article art;
    int rc = article_from_path(req, res, &c, &art);
    if (rc != OK) {
        return rc;
    }
    int64_t id = art.id;
    char *zText = NULL;
    rc = markdown_plain_text(req->a, art.zBodyMd, strlen(art.zBodyMd), &zText);
    if (rc != OK) {
        return rc;
    }

    PdfArticle pa = {
        .zSiteName = site_current()->zName,
        .zTitle = art.zTitle,
        .zSubtitle = art.zSubtitle,
        .zReporter = article_byline_names(req->a, &art),
        .zEmail = pdf_page_emails(req->a, &art),
        .zPublished = time_format_local(req->a, art.tPublished),
        .zPublishedIso = time_format_iso(req->a, art.tPublished),
        .zModified = "",
        .zModifiedIso = "",
        .zDateline = art.zDateline,
        .zUrl = arena_printf(req->a, "%s/article/%lld",
                             req->app->pCfg->zBaseUrl, (long long)id),
    };
    if (art.tModified > art.tPublished) {
        pa.zModified = time_format_local(req->a, art.tModified);
        pa.zModifiedIso = time_format_iso(req->a, art.tModified);
    }
    const char **azPara = NULL;
    pdf_page_paragraphs(req->a, zText, &azPara, &pa.nPara);
    pa.azPara = azPara;

    int64_t tStart = time_now_us();
    PdfInfo info;
    rc = pdf_article_render(&pa, &res->body, &info);
    if (rc != OK) {
        return rc;
    }
    log_debug("article %lld PDF: %d pages, %zu bytes, %lld us", (long long)id,
              info.nPage, res->body.n, (long long)(time_now_us() - tStart));
    if (info.nUnknownGlyph > 0) {
        log_warn("article %lld PDF: %d characters without a font (empty "
                 "boxes); install fonts-nanum",
                 (long long)id, info.nUnknownGlyph);
    }

    res->zContentType = "application/pdf";
    res_header(res, "Content-Disposition",
               pdf_page_disposition(req->a, id, art.zTitle));
    res_header(res, "X-Robots-Tag", "noindex");
    res_tag(res, req->a, arena_printf(req->a, "article:%lld", (long long)id));
    for (int i = 0; i < art.nAuthor; i++) {
        res_tag(res, req->a,
                arena_printf(req->a, "reporter:%lld",
                             (long long)art.aAuthor[i].id));
    }
    res_tag(res, req->a, "site");
    return OK;
}
