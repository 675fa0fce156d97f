/*
 * article_print_page.c — GET /article/{id}/print: the article alone, set
 * for A4 paper (static/print.css): site name, title, subtitle, bylines
 * with e-mail, 기사입력/기사수정, correction notices, dateline, body and
 * the article's URL.
 *
 * It is its own document, not the site layout: no navigation, share
 * links or footer to hide.  static/print.js shows the "인쇄하기" button
 * and opens the print dialog by itself only with ?auto=1 (the article
 * page's "프린트" link); the CSP forbids inline script.  The page says
 * noindex and names the article as canonical, so search engines keep the
 * article page only.
 */
#include "articles/articles.h"

#include "app/app.h"
#include "articles/article_view.h"
#include "articles/corrections.h"
#include "site/site.h"
#include "view/markdown.h"
#include "view/template.h"
#include "web/static.h"

/*
 * ROUTE: GET /article/{id}/print
 *   id    articles.id of a published article, a positive integer
 *   auto  "1": print.js opens the print dialog (read by the script only)
 */
int article_print_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    Article art;
    int rc = article_from_path(req, res, &c, &art);
    if (rc != OK) {
        return rc;
    }
    int64_t id = art.id;
    Correction *aCorr = NULL;
    int nCorr = 0;
    if (art.tCorrected != 0) {
        rc = correction_db_list(c, req->a, id, &aCorr, &nCorr);
        if (rc != OK) {
            return rc;
        }
    }

    const Site *pSite = site_current();
    View *v = view_new(req->a);
    view_str(v, "site_name", pSite->zName);
    view_str(v, "page_title",
             arena_printf(req->a, "%s - %s", art.zTitle, pSite->zName));
    view_str(v, "css_version", static_version("print.css"));
    view_str(v, "js_version", static_version("print.js"));
    View *a = view_obj(v, "article");
    view_int(a, "id", art.id);
    view_str(a, "url",
             arena_printf(req->a, "%s/article/%lld", req->app->pCfg->zBaseUrl,
                          (long long)id));
    view_str(a, "title", art.zTitle);
    view_str(a, "subtitle", art.zSubtitle);
    view_str(a, "dateline", art.zDateline);
    view_safe(a, "body", markdown_from_store(req->a, art.zBodyHtml));
    view_str(a, "published", time_format_local(req->a, art.tPublished));
    view_str(a, "published_iso", time_format_iso(req->a, art.tPublished));
    if (art.tModified > art.tPublished) {
        view_str(a, "modified", time_format_local(req->a, art.tModified));
        view_str(a, "modified_iso", time_format_iso(req->a, art.tModified));
    }
    article_view_bylines(req->a, v, "bylines", &art, "");
    correction_view_list(req->a, v, "corrections", aCorr, nCorr);
    view_bool(v, "any_email", article_any_email(&art));

    res_tag(res, req->a, arena_printf(req->a, "article:%lld", (long long)id));
    for (int i = 0; i < art.nAuthor; i++) {
        res_tag(res, req->a,
                arena_printf(req->a, "reporter:%lld",
                             (long long)art.aAuthor[i].id));
    }
    res_tag(res, req->a, "site");
    res_header(res, "X-Robots-Tag", "noindex");
    res->zContentType = "text/html; charset=utf-8";
    return template_render(req->app->pTpl, "articles/article_print_page", v,
                           &res->body);
}
