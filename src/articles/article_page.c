/*
 * article_page.c — one article as the seed page shows it: section, title,
 * subtitle, bylines with e-mail, 기사입력/기사수정 times, correction
 * notices (정정·반론보도·추후보도) on top of the body, dateline, body,
 * share links, the reporter box, the first page of comments and the
 * section's latest articles (a shared piece, app/pieces.h: built once per
 * section and kept until an article changes).  The comments are another
 * feature's part, handed in at start-up (article_page_set_comments()), so
 * articles/ does not include comments/.
 *
 * An uncached page's reads go to the database in one batch (store.h):
 * the article with its bylines and the comments' first page, one round
 * trip on PostgreSQL for what took six.  The latest
 * list is not in it: it is almost always kept, and a statement in a batch
 * costs PostgreSQL as much as one alone (a fifth of its CPU a page, run
 * for rows nobody read).  When the piece must be built, its builder reads
 * the rows itself: one more round trip, once per section and change.
 */
#include "articles/articles.h"

#include <string.h>

#include "app/app.h"
#include "app/pieces.h"
#include "articles/article_view.h"
#include "articles/corrections.h"
#include "site/site.h"
#include "view/markdown.h"
#include "view/template.h"

/* Latest articles of the same section shown under the article. */
#define ARTICLE_RELATED 5

/* One line of the section's 최신 기사 list, formatted once. */
typedef struct LatestItem {
    int64_t id;           /* articles.id */
    const char *zUrl;     /* "/article/{id}" */
    const char *zTitle;   /* headline */
    const char *zTime;    /* 기사입력 in the site's zone */
    const char *zTimeIso; /* the same, ISO 8601 */
} LatestItem;

/* A section's newest articles: one more than shown, so the list stays
   full under the one it leaves out (the article on the page). */
typedef struct LatestList {
    int n;                             /* rows read */
    LatestItem a[ARTICLE_RELATED + 1]; /* newest first */
} LatestList;

/* The lists are the same under every article of a section: kept per
   section until an article is published, edited or retracted anywhere
   ("articles", which every such write records) or sections change. */
static AppPieceKind g_latestKind =
    APP_PIECE_KIND("latest articles", "articles", "site");

/* AppPieceBuildFn: read and format the latest list of the section
   whose id 'pArg' points to. */
static int article_latest_build(StoreConn *c, Arena *a, void *pArg,
                                const void **ppValue)
{
    const int64_t *pSectionId = pArg;
    Arena tmp;
    arena_init(&tmp);
    Article *aRow = NULL;
    int nRow = 0;
    int rc = article_db_list_rows(c, &tmp, *pSectionId, 0, 0,
                                  ARTICLE_RELATED + 1, &aRow, &nRow);
    if (rc == OK) {
        LatestList *l = arena_alloc(a, sizeof(*l));
        for (int i = 0; i < nRow && i < ARTICLE_RELATED + 1; i++) {
            LatestItem *it = &l->a[l->n++];
            it->id = aRow[i].id;
            it->zUrl = arena_printf(a, "/article/%lld", (long long)aRow[i].id);
            it->zTitle = arena_strdup(a, aRow[i].zTitle);
            it->zTime = time_format_local(a, aRow[i].tPublished);
            it->zTimeIso = time_format_iso(a, aRow[i].tPublished);
        }
        *ppValue = l;
    }
    arena_close(&tmp);
    return rc;
}

/* The comments under the article (set at start-up by src/wiring.c). */
static ArticleCommentsSendFn g_fnCommentsSend;
static ArticleCommentsFn g_fnComments;

void article_page_set_comments(ArticleCommentsSendFn fnSend,
                               ArticleCommentsFn fn)
{
    g_fnCommentsSend = fnSend;
    g_fnComments = fn;
}

/* What article_page() read in its batch for article_page_show(). */
typedef struct ArticleSent {
    void *pComments; /* the comments' reads (ArticleCommentsSendFn) */
} ArticleSent;

static int article_page_show(Request *req, Response *res, StoreConn *c,
                             const Article *pArt, View *v,
                             const char *zTemplate, const ArticleSent *pSent);

/* Build "zPrefix" + encoded URL [+ zTitleKey + encoded title]. */
static const char *article_share_url(Arena *a, const char *zPrefix,
                                     const char *zUrl, const char *zTitleKey,
                                     const char *zTitle)
{
    Str s;
    str_init(&s, a);
    str_append_z(&s, zPrefix);
    url_encode(&s, zUrl, strlen(zUrl));
    if (zTitleKey != NULL) {
        str_append_z(&s, zTitleKey);
        url_encode(&s, zTitle, strlen(zTitle));
    }
    return s.z;
}

/* Fill the share links: Facebook, X, KakaoStory, Naver Blog. */
static void article_view_share(Arena *a, View *v, const char *zUrl,
                               const char *zTitle)
{
    View *s = view_obj(v, "share");
    view_str(s, "facebook",
             article_share_url(a,
                               "https://www.facebook.com/sharer/"
                               "sharer.php?u=",
                               zUrl, NULL, NULL));
    view_str(s, "x",
             article_share_url(a, "https://twitter.com/intent/tweet?url=", zUrl,
                               "&text=", zTitle));
    view_str(s, "kakaostory",
             article_share_url(a, "https://story.kakao.com/share?url=", zUrl,
                               NULL, NULL));
    view_str(s, "naverblog",
             article_share_url(a, "https://blog.naver.com/openapi/share?url=",
                               zUrl, "&title=", zTitle));
}

/*
 * ROUTE: GET /article/{id}
 *   id  articles.id of a published article, a positive integer
 */
int article_page(Request *req, Response *res)
{
    int64_t id = http_parse_id(req_path(req, "id"));
    if (id == 0) {
        return 404;
    }
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    /* Every read that needs only the id, in one batch. */
    StoreBatch b;
    store_batch_init(&b, c);
    StoreStmt *stArt = NULL;
    ArticleSent sent = {NULL};
    rc = article_db_get_send(&b, id, &stArt);
    if (rc == OK && g_fnCommentsSend != NULL) {
        rc = g_fnCommentsSend(req, &b, id, &sent.pComments);
    }
    if (rc == OK) {
        rc = store_batch_send(&b);
    }
    if (rc != OK) {
        return rc;
    }
    Article art;
    rc = article_db_get_read(stArt, req->a, &art);
    if (rc == OK && art.nAuthor == 0) {
        /* No byline rows: the author comes with the article's row. */
        rc = article_db_get(c, req->a, id, &art);
    }
    if (rc == ERR_NOTFOUND) {
        res->zMessage = "기사가 없거나 아직 공개되지 않았습니다.";
        return 404;
    }
    if (rc != OK) {
        return rc;
    }
    return article_page_show(req, res, c, &art, view_new(req->a),
                             "articles/article_page", &sent);
}

int article_page_render(Request *req, Response *res, StoreConn *c,
                        const Article *pArt, View *v, const char *zTemplate)
{
    return article_page_show(req, res, c, pArt, v, zTemplate, NULL);
}

/* article_page_render(), with what article_page() read in its batch
   ('pSent'; NULL: read everything here). */
static int article_page_show(Request *req, Response *res, StoreConn *c,
                             const Article *pArt, View *v,
                             const char *zTemplate, const ArticleSent *pSent)
{
    Article art = *pArt;
    int64_t id = art.id;
    int rc = OK;
    /* Correction notices, on top of the article and in its JSON-LD; most
       articles have none, and corrected_at says so without a query. */
    Correction *aCorr = NULL;
    int nCorr = 0;
    if (art.tCorrected != 0) {
        rc = correction_db_list(c, req->a, id, &aCorr, &nCorr);
        if (rc != OK) {
            return rc;
        }
        art.aCorrection = aCorr;
        art.nCorrection = nCorr;
    }
    const SiteSection *sec = site_section_by_id(site_current(), art.sectionId);
    /* The section's list from the kept piece (built here when a change
       dropped it). */
    int64_t sectionId = art.sectionId;
    const void *pLatest = NULL;
    rc = app_piece_get(req, &g_latestKind, sectionId, article_latest_build,
                       &sectionId, &pLatest);
    if (rc != OK) {
        return rc;
    }
    const LatestList *pRel = pLatest;

    view_str(v, "skip_target", "article-body");
    View *a = view_obj(v, "article");
    const char *zUrl = arena_printf(req->a, "%s/article/%lld",
                                    req->app->pCfg->zBaseUrl, (long long)id);
    view_int(a, "id", art.id);
    view_str(a, "url", zUrl);
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
    if (sec != NULL) {
        view_str(a, "section", sec->zName);
        view_str(a, "section_slug", sec->zSlug);
    }
    correction_view_list(req->a, v, "corrections", aCorr, nCorr);
    /* Every byline, each with its reporter box. */
    article_view_bylines(req->a, v, "bylines", &art, "");
    view_bool(v, "any_email", article_any_email(&art));
    article_view_share(req->a, v, zUrl, art.zTitle);
    /* Share card, canonical link and JSON-LD in <head> (article_meta.c). */
    rc = article_view_meta(req, v, &art, sec);
    if (rc != OK) {
        return rc;
    }

    view_list(v, "related");
    for (int i = 0, nShown = 0; i < pRel->n && nShown < ARTICLE_RELATED; i++) {
        const LatestItem *it = &pRel->a[i];
        if (it->id != id) {
            /* The piece outlives the request: no copies. */
            View *item = view_list_add(v, "related");
            view_int(item, "id", it->id);
            view_str_ref(item, "url", it->zUrl);
            view_str_ref(item, "title", it->zTitle);
            view_str_ref(item, "time", it->zTime);
            view_str_ref(item, "time_iso", it->zTimeIso);
            nShown++;
        }
    }

    /* The first page of comments, under the reporter box. */
    if (g_fnComments != NULL) {
        rc = g_fnComments(req, res, v, id, art.nComment,
                          pSent != NULL ? pSent->pComments : NULL);
        if (rc != OK) {
            return rc;
        }
    }

    res_tag(res, req->a, arena_printf(req->a, "article:%lld", (long long)id));
    for (int i = 0; i < art.nAuthor; i++) {
        res_tag(res, req->a,
                arena_printf(req->a, "reporter:%lld",
                             (long long)art.aAuthor[i].id));
    }
    if (sec != NULL) {
        res_tag(res, req->a, arena_printf(req->a, "section:%s", sec->zSlug));
    }
    return site_page_render(req, res, zTemplate, v, art.zTitle,
                            sec ? sec->zSlug : NULL);
}
