/*
 * site.c — the Site snapshot, the layout, error pages and /healthz.
 *
 * Every HTML page goes through site_page_render(): the page's template is
 * rendered first, then placed as SafeHtml into templates/layout.html with
 * the navigation, the legal footer and, on a page rendered for one
 * signed-in person, who they are (req->pViewer, filled by the server's
 * identify step: the shell does not call accounts).  The navigation and
 * the footer are the same on every page of a snapshot: rendered once per
 * snapshot (SiteLayout), and a new snapshot comes with every "site"
 * change, on every node.
 */
#include "site/site.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "site/site_db.h"
#include "web/router.h"
#include "web/server.h"
#include "web/static.h"

/* The snapshot pages read, and the ones it replaced (freed at close). */
static struct {
    pthread_mutex_t mu; /* one reload at a time, reading and swapping
                           together: the newest read is the one kept */
    Site *pCurrent;     /* read with atomic loads: site_current() */
    Site *pRetired;     /* replaced snapshots, newest first */
} g_site = {PTHREAD_MUTEX_INITIALIZER, NULL, NULL};

const SiteField g_aSiteLegal[] = {
    {"site_name", "제호"},
    {"registration_number", "등록번호"},
    {"registration_date", "등록연월일"},
    {"publisher", "발행인"},
    {"editor", "편집인"},
    {"address", "발행소"},
    {"phone", "전화"},
    {"youth_officer", "청소년보호책임자"},
    {"privacy_url", "개인정보처리방침"},
};
const int g_nSiteLegal = sizeof(g_aSiteLegal) / sizeof(g_aSiteLegal[0]);

static void site_on_setting(void *pArg, const char *zKey, const char *zValue)
{
    Site *s = pArg;
    for (int i = 0; i < g_nSiteLegal; i++) {
        if (strcmp(g_aSiteLegal[i].zKey, zKey) == 0) {
            free(s->azLegal[i]);
            s->azLegal[i] = xstrdup(zValue);
        }
    }
    if (strcmp(zKey, "site_name") == 0) {
        free(s->zName);
        s->zName = xstrdup(zValue);
    } else if (strcmp(zKey, "site_tagline") == 0) {
        free(s->zTagline);
        s->zTagline = xstrdup(zValue);
    } else if (strcmp(zKey, "feed_full_text") == 0) {
        s->bFeedFullText = strcmp(zValue, "on") == 0;
    }
}

static void site_on_section(void *pArg, int64_t id, const char *zSlug,
                            const char *zName)
{
    Site *s = pArg;
    SiteSection *a =
        xrealloc(s->aSection, sizeof(SiteSection) * (size_t)(s->nSection + 1));
    s->aSection = a;
    a[s->nSection].id = id;
    a[s->nSection].zSlug = xstrdup(zSlug);
    a[s->nSection].zName = xstrdup(zName);
    s->nSection++;
}

static void site_free(Site *s);

/* Read settings and sections on 'c' into a new Site; set '*ppSite'
   (OUT). */
static int site_load_on(StoreConn *c, Site **ppSite)
{
    Site *s = xcalloc(1, sizeof(*s));
    s->azLegal = xcalloc((size_t)g_nSiteLegal, sizeof(char *));
    for (int i = 0; i < g_nSiteLegal; i++) {
        s->azLegal[i] = xstrdup("");
    }
    s->zName = xstrdup("sinmun");
    s->zTagline = xstrdup("");
    Arena a;
    arena_init(&a);
    int rc = app_settings_each(c, &a, site_on_setting, s);
    if (rc == OK) {
        rc = site_db_sections(c, &a, site_on_section, s);
    }
    arena_close(&a);
    if (rc != OK) {
        site_free(s);
        return rc;
    }
    *ppSite = s;
    return OK;
}

/* site_load_on() a connection of its own from 'pStore'. */
static int site_load(Store *pStore, Site **ppSite)
{
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    int rc = store_conn(pStore, &a, &c);
    if (rc == OK) {
        rc = site_load_on(c, ppSite);
    }
    arena_close(&a);
    return rc;
}

/*
 * The parts of the layout that are the same on every page of one
 * snapshot: the section menu (one per "current" choice) and the legal
 * footer, rendered from partials/site_nav and partials/footer once and
 * written raw into each page.  A new snapshot (a "site" change: settings,
 * sections) starts without them; the footer's year makes a new one on
 * New Year.
 */
struct SiteLayout {
    Arena arena;             /* holds everything below */
    int nYear;               /* the footer's © year */
    const SafeHtml *pFooter; /* partials/footer */
    const SafeHtml **apNav;  /* partials/site_nav: [0] no current item,
                                [1] the front page, [2 + i] section i */
    int nNav;                /* 2 + the snapshot's sections */
    SiteLayout *pOlder;      /* replaced ones (other years) */
};

static void site_layout_free(SiteLayout *l)
{
    while (l != NULL) {
        SiteLayout *pOlder = l->pOlder;
        arena_close(&l->arena);
        free(l);
        l = pOlder;
    }
}

static void site_free(Site *s)
{
    if (s == NULL) {
        return;
    }
    site_layout_free(atomic_load(&s->pLayout));
    for (int i = 0; i < g_nSiteLegal; i++) {
        free(s->azLegal[i]);
    }
    free(s->azLegal);
    for (int i = 0; i < s->nSection; i++) {
        free(s->aSection[i].zSlug);
        free(s->aSection[i].zName);
    }
    free(s->aSection);
    free(s->zName);
    free(s->zTagline);
    free(s);
}

/* Make 'pNew' current; the old one is kept for requests still using it. */
static void site_set(Site *pNew)
{
    Site *pOld = g_site.pCurrent;
    __atomic_store_n(&g_site.pCurrent, pNew, __ATOMIC_RELEASE);
    if (pOld != NULL) {
        pOld->pRetiredNext = g_site.pRetired;
        g_site.pRetired = pOld;
    }
}

int site_open(Store *pStore)
{
    Site *s = NULL;
    int rc = site_load(pStore, &s);
    if (rc == OK) {
        site_set(s);
    }
    return rc;
}

const Site *site_current(void)
{
    return __atomic_load_n(&g_site.pCurrent, __ATOMIC_ACQUIRE);
}

/* Load a snapshot on 'c' (or a connection of its own from app's pool
   when NULL) and make it current; then drop the pages made with the old
   one. */
static void site_reload_with(App *app, StoreConn *c)
{
    pthread_mutex_lock(&g_site.mu);
    Site *pNew = NULL;
    int rc = c != NULL ? site_load_on(c, &pNew) : site_load(app->pStore, &pNew);
    if (rc == OK) {
        site_set(pNew);
    }
    pthread_mutex_unlock(&g_site.mu);
    /* Pages rendered with the old snapshot may have been stored meanwhile:
       drop them once more (and the shared pieces a "site" change drops). */
    app_invalidate(app, "site");
    if (rc != OK) {
        log_warn("settings changed, but the site could not be reloaded; "
                 "retrying on the next change");
        return;
    }
    log_info("settings changed: site reloaded");
}

void site_reload(App *app)
{
    site_reload_with(app, NULL);
}

void site_reload_now(Request *req)
{
    StoreConn *c = NULL;
    if (app_db(req, &c) != OK) {
        c = NULL; /* the pool's, then; the change feed follows anyway */
    }
    site_reload_with(req->app, c);
}

void site_close(void)
{
    site_free(g_site.pCurrent);
    g_site.pCurrent = NULL;
    while (g_site.pRetired != NULL) {
        Site *pNext = g_site.pRetired->pRetiredNext;
        site_free(g_site.pRetired);
        g_site.pRetired = pNext;
    }
}

int site_warn_missing(const Site *s)
{
    int nMissing = 0;
    for (int i = 0; i < g_nSiteLegal; i++) {
        if (s->azLegal[i][0] == 0) {
            log_warn("settings: legal footer field %s (%s) is empty; "
                     "Korean law requires it on a news site",
                     g_aSiteLegal[i].zKey, g_aSiteLegal[i].zLabel);
            nMissing++;
        }
    }
    return nMissing;
}

const SiteSection *site_section_by_slug(const Site *s, const char *zSlug)
{
    for (int i = 0; i < s->nSection; i++) {
        if (strcmp(s->aSection[i].zSlug, zSlug) == 0) {
            return &s->aSection[i];
        }
    }
    return NULL;
}

const SiteSection *site_section_by_id(const Site *s, int64_t id)
{
    for (int i = 0; i < s->nSection; i++) {
        if (s->aSection[i].id == id) {
            return &s->aSection[i];
        }
    }
    return NULL;
}

/* The site's name, tagline and address as "site" of 'v' (strings of the
   snapshot 's' and the configuration: not copied). */
static void site_view_site(View *v, const Site *s, const char *zBaseUrl)
{
    View *site = view_obj(v, "site");
    view_str_ref(site, "name", s->zName);
    view_str_ref(site, "tagline", s->zTagline);
    view_str_ref(site, "base_url", zBaseUrl);
}

/* Render the menu and the footer of snapshot 's' for 'nYear' with the
   templates 't'. */
static SiteLayout *site_layout_build(const Templates *t, const Site *s,
                                     const char *zBaseUrl, int nYear)
{
    SiteLayout *l = xcalloc(1, sizeof(*l));
    arena_init(&l->arena);
    Arena *a = &l->arena;
    l->nYear = nYear;
    View *v = view_new(a);
    site_view_site(v, s, zBaseUrl);
    view_list(v, "legal");
    for (int i = 0; i < g_nSiteLegal; i++) {
        if (strcmp(g_aSiteLegal[i].zKey, "privacy_url") == 0) {
            view_str(v, "privacy_url", s->azLegal[i]);
            continue;
        }
        if (s->azLegal[i][0] == 0) {
            continue;
        }
        View *item = view_list_add(v, "legal");
        view_str(item, "label", g_aSiteLegal[i].zLabel);
        view_str(item, "value", s->azLegal[i]);
    }
    view_str(v, "year", arena_printf(a, "%04d", nYear));
    if (template_render_safe(t, "partials/footer", v, a, &l->pFooter) != OK) {
        l->pFooter = NULL; /* a missing partial: the layout shows none */
    }
    l->nNav = s->nSection + 2;
    l->apNav = arena_alloc(a, sizeof(l->apNav[0]) * (size_t)l->nNav);
    for (int k = 0; k < l->nNav; k++) {
        View *nv = view_new(a);
        view_bool(nv, "is_front", k == 1);
        view_list(nv, "nav");
        for (int i = 0; i < s->nSection; i++) {
            View *item = view_list_add(nv, "nav");
            view_str(item, "slug", s->aSection[i].zSlug);
            view_str(item, "name", s->aSection[i].zName);
            view_bool(item, "current", k == 2 + i);
        }
        if (template_render_safe(t, "partials/site_nav", nv, a, &l->apNav[k]) !=
            OK) {
            l->apNav[k] = NULL;
        }
    }
    return l;
}

/* The layout parts of snapshot 's' for 'nYear': made once (two threads
   may both build; the first to publish wins, the other's is freed). */
static const SiteLayout *site_layout(const Request *req, const Site *s,
                                     int nYear)
{
    /* The snapshot is shared read-only, but for this slot (site.c's). */
    Site *pSite = (Site *)s;
    SiteLayout *l = atomic_load(&pSite->pLayout);
    if (l != NULL && l->nYear == nYear) {
        return l;
    }
    SiteLayout *pNew =
        site_layout_build(req->app->pTpl, s, req->app->pCfg->zBaseUrl, nYear);
    pNew->pOlder = l;
    if (atomic_compare_exchange_strong(&pSite->pLayout, &l, pNew)) {
        return pNew;
    }
    /* Another thread published first: use its ('l' now holds it). */
    pNew->pOlder = NULL;
    site_layout_free(pNew);
    return l->nYear == nYear ? l : site_layout(req, s, nYear);
}

/* Fill the layout's shared fields: site, navigation, footer. */
static void site_fill_layout(Request *req, View *v, const char *zSectionSlug)
{
    const Site *s = site_current();
    site_view_site(v, s, req->app->pCfg->zBaseUrl);
    /* The masthead's date; the page carries SITE_DAY_TAG for it. */
    UnixTime tNow = time_now();
    const char *zTodayIso = time_format_date(req->a, tNow);
    view_str_ref(v, "today", time_format_date_ko(req->a, tNow));
    view_str_ref(v, "today_iso", zTodayIso);
    const SiteLayout *l = site_layout(req, s, atoi(zTodayIso));
    /* Which menu: the front page's, a section's, or none marked. */
    const ViewValue *pFront = view_lookup(v, "is_front", 8);
    int iNav = pFront != NULL && pFront->type == VIEW_BOOL && pFront->i ? 1 : 0;
    for (int i = 0; zSectionSlug != NULL && i < s->nSection; i++) {
        if (strcmp(zSectionSlug, s->aSection[i].zSlug) == 0) {
            iNav = 2 + i;
            break;
        }
    }
    view_safe(v, "site_nav", iNav < l->nNav ? l->apNav[iNav] : NULL);
    view_safe(v, "site_footer", l->pFooter);
    view_str(v, "css_version", static_version("site.css"));
    view_str(v, "forms_js_version", static_version("forms.js"));
    view_str(v, "favicon_version", static_version("favicon.ico"));
    view_str(v, "touch_icon_version", static_version("apple-touch-icon.png"));
    /* Who is signed in: only on pages rendered for one person (the page
       cache never serves a request that carries a session). */
    const Viewer *who = req->pViewer;
    if (who != NULL) {
        View *u = view_obj(v, "user");
        view_str(u, "name", who->zName);
        view_bool(u, "staff", (who->roles & ROLE_STAFF) != 0);
        view_bool(u, "moderator", (who->roles & ROLE_MODERATION) != 0);
        view_str(v, "layout_csrf", who->zCsrf);
    }
    view_str(v, "here", req->zTarget);
}

int site_page_render(Request *req, Response *res, const char *zTemplate,
                     View *v, const char *zTitle, const char *zSectionSlug)
{
    const Templates *t = req->app->pTpl;
    site_fill_layout(req, v, zSectionSlug);
    /* The layout shows settings and sections: a "site" change drops every
       page. */
    res_tag(res, req->a, "site");
    res_tag(res, req->a, SITE_DAY_TAG);
    const SafeHtml *content = NULL;
    int rc = template_render_safe(t, zTemplate, v, req->a, &content);
    if (rc != OK) {
        return rc;
    }
    view_safe(v, "content", content);
    if (zTitle != NULL) {
        view_str(
            v, "page_title",
            arena_printf(req->a, "%s - %s", zTitle, site_current()->zName));
    } else {
        view_str(v, "page_title", site_current()->zName);
    }
    res->zContentType = "text/html; charset=utf-8";
    return template_render(t, "layout", v, &res->body);
}

/* True when the client asked for JSON and not for HTML (the editor's
   autosave, forms.js asking for a token, an API client). */
static bool site_wants_json(const Request *req)
{
    const char *zAccept = req_header(req, "Accept");
    return zAccept != NULL && strstr(zAccept, "application/json") != NULL &&
           strstr(zAccept, "text/html") == NULL;
}

void site_error_page(Request *req, Response *res, int status)
{
    static const struct {
        int status;         /* HTTP status */
        const char *zTitle; /* heading */
        const char *zText;  /* what happened, in Korean */
    } aError[] = {
        {400, "잘못된 요청입니다",
         "주소나 보낸 내용에 잘못된 부분이 있습니다."},
        {403, "접근할 수 없습니다", "이 페이지를 볼 권한이 없습니다."},
        {404, "페이지를 찾을 수 없습니다",
         "주소가 바뀌었거나 삭제된 페이지입니다. 주소를 확인해 주십시오."},
        {405, "허용되지 않는 요청 방식입니다",
         "이 주소는 이 방식의 요청을 받지 않습니다."},
        {413, "보낸 내용이 너무 큽니다", "보낸 내용의 크기를 줄여 주십시오."},
        {414, "주소가 너무 깁니다", "주소의 길이를 줄여 주십시오."},
        {431, "요청 헤더가 너무 큽니다",
         "쿠키를 지운 뒤 다시 시도해 주십시오."},
        {500, "서버 오류가 발생했습니다",
         "잠시 후 다시 시도해 주십시오. 문제가 계속되면 알려 주십시오."},
        {503, "잠시 서비스를 이용할 수 없습니다",
         "잠시 후 다시 시도해 주십시오."},
    };
    const char *zTitle = "오류가 발생했습니다";
    const char *zText = "";
    for (size_t i = 0; i < sizeof(aError) / sizeof(aError[0]); i++) {
        if (aError[i].status == status) {
            zTitle = aError[i].zTitle;
            zText = aError[i].zText;
        }
    }
    res->status = status;
    res->bNoStore = true;
    if (status == 405) {
        res_header(res, "Allow", "GET, HEAD, POST");
    }
    if (status == 503) {
        /* Busy, or the database is down: clients and proxies may retry. */
        res_header(res, "Retry-After", "5");
    }
    View *v = view_new(req->a);
    view_int(v, "status", status);
    view_str(v, "title", zTitle);
    view_str(v, "text", zText);
    view_str(v, "message", res->zMessage);
    /* A guest refused a staff page: the way in, and back here after. */
    view_bool(v, "offer_signin",
              status == 403 && req->method == HTTP_GET && req->pViewer == NULL);
    str_clear(&res->body);
    if (site_wants_json(req)) {
        /* {"ok":false,"status":503,"error":"…"}: the shape of the
           autosave's answers, so the editor shows the message. */
        view_str(v, "error", res->zMessage ? res->zMessage : zText);
        res->zContentType = "application/json";
        if (template_render(req->app->pTpl, "site/error", v, &res->body) ==
            OK) {
            return;
        }
        str_clear(&res->body);
    }
    if (site_page_render(req, res, "site/error_page", v, zTitle, NULL) != OK) {
        /* The layout itself failed: plain text still tells the reader. */
        str_clear(&res->body);
        res->zContentType = "text/plain; charset=utf-8";
        str_appendf(&res->body, "%d %s\n", status, zTitle);
    }
}

/* Longest a change-feed read may be overdue before the node is unwell
   (it reads at least once a second). */
#define HEALTH_FEED_MAX_MS 5000
/* Longest a request may wait for a worker before the pool is stuck. */
#define HEALTH_QUEUE_MAX_MS 30000

/* What a failed store check says. */
static const char *health_db_word(int rc)
{
    switch (rc) {
    case OK:
        return "ok";
    case ERR_BUSY:
        return "busy";
    case ERR_IO:
        return "io error or disk full";
    case ERR_UNAVAILABLE:
        return "unreachable";
    default:
        return "error";
    }
}

/*
 * ROUTE: GET /healthz
 *   (no parameters) — for load balancers and monitoring: 200 with
 *   {"status":"ok", …} when this node can serve, else 503 with the part
 *   that failed.  It reads a real table, commits a small write (a full
 *   disk, a read-only file or a lock that never frees shows), and reports
 *   free disk space, the change feed's last read and the worker pool.
 */
/* The read replica as /healthz reports it: "none" (no db_replica), "ok"
   (public pages read it) or "left out" (unreachable or behind: they read
   the primary).  A node serves either way, so it never turns /healthz
   into a 503. */
static const char *health_replica_word(App *app)
{
    if (app->pReplica == NULL) {
        return "none";
    }
    return atomic_load(&app->bReplicaUp) ? "ok" : "left out";
}

int health_page(Request *req, Response *res)
{
    res->zContentType = "application/json";
    res->bNoStore = true;
    const char *zDb = "ok";
    StoreHealth h = {OK, OK, -1};
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc == OK) {
        char zHost[256] = "";
        if (gethostname(zHost, sizeof(zHost) - 1) != 0) {
            zHost[0] = 0;
        }
        store_health(
            c, arena_printf(req->a, "%s %s", zHost, req->app->pCfg->zListen),
            time_now(), &h);
        if (h.rcRead != OK) {
            zDb = health_db_word(h.rcRead);
        } else if (h.rcWrite != OK) {
            zDb = health_db_word(h.rcWrite);
        } else if (h.nFreeBytes >= 0 && h.nFreeBytes < STORE_FREE_MIN) {
            zDb = "disk full";
        }
    } else {
        zDb = health_db_word(rc);
    }
    int64_t nFeedMs = app_watch_age_ms();
    bool bFeed = nFeedMs >= 0 && nFeedMs <= HEALTH_FEED_MAX_MS;
    ServerHealth sh;
    server_health(&sh);
    bool bWorkers =
        !sh.bRunning || ((sh.nWorker > 0 || req->app->pCfg->nWorkers == 0) &&
                         sh.nOldestMs <= HEALTH_QUEUE_MAX_MS);
    bool bOk = strcmp(zDb, "ok") == 0 && bFeed && bWorkers;
    res->status = bOk ? 200 : 503;
    str_appendf(&res->body,
                "{\"status\":\"%s\",\"database\":\"%s\","
                "\"disk_free_bytes\":%lld,"
                "\"change_feed\":\"%s\",\"change_feed_age_ms\":%lld,"
                "\"workers\":\"%s\",\"worker_threads\":%d,"
                "\"queued\":%d,\"oldest_queued_ms\":%lld,"
                "\"replica\":\"%s\"}\n",
                bOk ? "ok" : "unavailable", zDb, (long long)h.nFreeBytes,
                bFeed ? "ok" : "stalled", (long long)nFeedMs,
                bWorkers ? "ok" : "stuck", sh.nWorker, sh.nQueued,
                (long long)sh.nOldestMs, health_replica_word(req->app));
    return OK;
}
