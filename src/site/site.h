/*
 * site.h — what every page shares: the site's name, its legal footer,
 * the section navigation, the layout and the error pages.
 *
 * Settings live in the settings table (app/settings.h) so an admin can
 * edit them; sections in the sections table.  A snapshot of both is loaded
 * at start-up into a Site, which pages read with site_current() without
 * touching the database; a "site" change reloads it (site_reload(),
 * registered with the change feed).
 *
 * The shell knows nothing of accounts: the server's identify step hands it
 * the signed-in viewer (req->pViewer: name, roles, the layout's CSRF
 * token).
 *
 * Owner: main.c opens the snapshot with site_open() and frees it with
 * site_close() after the server stopped.
 */
#ifndef SINMUN_SITE_SITE_H
#define SINMUN_SITE_SITE_H

#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "app/settings.h"
#include "store/store.h"
#include "view/view.h"
#include "web/http.h"
#include "web/keyset.h"

typedef struct Site Site;

/* A section as the navigation shows it. */
typedef struct SiteSection {
    int64_t id;  /* sections.id */
    char *zSlug; /* URL part: /section/{slug} */
    char *zName; /* shown name, e.g. "산업1부" */
} SiteSection;

/* One settings key that the footer needs, with its Korean label. */
typedef struct SiteField {
    const char *zKey;   /* settings key */
    const char *zLabel; /* Korean label shown in the footer */
} SiteField;

/* The legal footer fields, in display order (제호 … 개인정보처리방침). */
extern const SiteField g_aSiteLegal[];
extern const int g_nSiteLegal;

typedef struct SiteLayout SiteLayout;

/* Snapshot of the settings and sections. */
struct Site {
    char *zName;           /* 제호: site name */
    char *zTagline;        /* short description for meta tags */
    char **azLegal;        /* values of g_aSiteLegal, "" when empty */
    bool bFeedFullText;    /* feed_full_text = on: feeds carry bodies */
    SiteSection *aSection; /* sections in navigation order */
    int nSection;          /* how many */
    Site *pRetiredNext;    /* next older snapshot, freed by site_close() */
    SiteLayout *_Atomic pLayout; /* the menu and footer rendered from this
                                    snapshot (site.c), made by the first
                                    page that needs them; older years'
                                    hang off it until the snapshot goes */
};

/*
 * Read settings and sections from 'pStore' into the current snapshot.
 * Call once at start-up.  Return OK or ERR_*.
 */
int site_open(Store *pStore) WARN_UNUSED;

/*
 * The current snapshot (settings, sections); safe from any thread.  A
 * request may keep using the one it got: replaced snapshots stay
 * allocated until site_close().
 */
const Site *site_current(void);

/*
 * Load a new snapshot from app->pStore and make it current, then drop the
 * pages made with the old one.  The change feed calls it on a "site"
 * change (registered in src/wiring.c).
 */
void site_reload(App *app);

/*
 * site_reload() at once on the node that made a "site" change, after its
 * commit, reading on the request's connection: the writer's next page
 * shows the change (the menu, the footer) without waiting for the change
 * feed, which reloads every node, this one again included.
 */
void site_reload_now(Request *req);

/* Free the current and every replaced snapshot; no request may run. */
void site_close(void);

/* The site's own settings keys (legal footer, name, feeds …). */
extern const AppSetting g_aSiteSetting[];
extern const int g_nSiteSetting;

/* Log a warning for each legal footer field left empty; return how many. */
int site_warn_missing(const Site *pSite);

/* The section with 'zSlug', or NULL. */
const SiteSection *site_section_by_slug(const Site *pSite, const char *zSlug);

/* The section with 'id', or NULL. */
const SiteSection *site_section_by_id(const Site *pSite, int64_t id);

/*
 * Render the page template 'zTemplate' with 'v' inside the site layout
 * into 'res' (HTML, status unchanged).  'zTitle' is the page's own title
 * (NULL on the front page); 'zSectionSlug' marks the current section in
 * the navigation (may be NULL).  Return OK or ERR_*.
 */
int site_page_render(Request *req, Response *res, const char *zTemplate,
                     View *v, const char *zTitle,
                     const char *zSectionSlug) WARN_UNUSED;

/* The default share image (static/), and its size in pixels. */
#define SITE_SHARE_IMAGE "og-default.png"
#define SITE_SHARE_IMAGE_WIDTH 1200
#define SITE_SHARE_IMAGE_HEIGHT 630
/* The publisher logo of the JSON-LD (static/), and its size in pixels. */
#define SITE_LOGO_IMAGE "logo.png"
#define SITE_LOGO_WIDTH 600
#define SITE_LOGO_HEIGHT 60

/*
 * Give the page being built in 'v' its share card and canonical link:
 * the 'meta' view that templates/partials/head_meta.html turns into Open
 * Graph, Twitter card and <link rel="canonical"> tags (site_meta.c).
 * 'zType' is the og:type ("website", "article", "profile"); 'zTitle' the
 * page's own title (NULL: the site's name); 'zDescription' its summary
 * (NULL or "": the site's tagline, else its name), also used for <meta
 * name="description">; 'zPath' its local path ("/section/economy"), made
 * absolute with base_url.  The image is the site's default one, its URL
 * carrying static_version() so a new image gets a new URL.  Return the
 * meta view (in req->a) for the page to add to (article pages add
 * 'article' with the JSON-LD fields; see article_page.c).
 */
View *site_meta(Request *req, View *v, const char *zType, const char *zTitle,
                const char *zDescription, const char *zPath);

/*
 * Add a page-specific feed to the page's <head> (besides the site's RSS
 * and Atom, which every page links): 'zTitle' and the local 'zPath'.
 */
void site_meta_feed(View *meta, const char *zTitle, const char *zPath);

/*
 * The cache tag of every page the layout renders: its masthead shows
 * today's date, so a new day drops them (site_day.c).
 */
#define SITE_DAY_TAG "day"

/*
 * True when 'tNow' falls on another day in the site's zone than the
 * last call saw in '*pLastDay' (IN/OUT: days since 1970-01-01, 0 before
 * the first call, which never counts as a change); '*pLastDay' becomes
 * the day of 'tNow'.
 */
bool site_day_turned(int64_t *pLastDay, UnixTime tNow);

/*
 * An AppJob (src/wiring.c): when the site's zone passed midnight since
 * the last run, record a SITE_DAY_TAG change on 'c' so every process
 * drops the pages with yesterday's date.  Return OK or ERR_*.
 */
int site_day_job(StoreConn *c, UnixTime tNow) WARN_UNUSED;

/*
 * Fill 'pagination' of 'v' for templates/partials/keyset_pagination.html
 * from the keyset page 'r' (web/keyset.h): "처음", "이전" and "다음"
 * links, no page count (pagination.c).
 */
void site_pagination(View *v, const KeysetResult *r);

/*
 * Answer 'res' with the redirect 'r' asks for (r->zRedirect): 301 when it
 * never changes (?page=1), else 302.
 */
void site_pagination_redirect(Response *res, const KeysetResult *r);

/* ServerSetup.fnErrorPage: the site's page for 'status'. */
void site_error_page(Request *req, Response *res, int status);

/* Longest section slug, in bytes, and shown name, in characters. */
#define SITE_SLUG_MAX 40
#define SITE_SECTION_NAME_MAX 30

/*
 * True when 'z' can be a section slug (the /section/{slug} part): 1 …
 * SITE_SLUG_MAX of a-z, 0-9 and '-', starting with a letter or digit.
 */
bool site_slug_valid(const char *z);

/*
 * Insert a section; set '*pId' (OUT, may be NULL).  Return OK or ERR_*.
 */
int site_db_add_section(StoreConn *c, const char *zSlug, const char *zName,
                        int nPosition, int64_t *pId) WARN_UNUSED;

/*
 * The position after the last section's into '*pn' (OUT): where a new
 * section goes.  Return OK or ERR_*.
 */
int site_db_next_position(StoreConn *c, int *pn) WARN_UNUSED;

/*
 * Every section in navigation order into '*paOut', '*pnOut' (OUT, in
 * 'a'), read from the database (the admin's pages: the snapshot may be
 * half a second old).  Return OK or ERR_*.
 */
int site_db_section_list(StoreConn *c, Arena *a, SiteSection **paOut,
                         int *pnOut) WARN_UNUSED;

/*
 * Set the shown name of section 'id' to 'zName'.  Return OK,
 * ERR_NOTFOUND or ERR_*.
 */
int site_db_rename_section(StoreConn *c, int64_t id,
                           const char *zName) WARN_UNUSED;

/*
 * Put section 'id' at 'nPosition' of the navigation.  Return OK,
 * ERR_NOTFOUND or ERR_*.
 */
int site_db_set_position(StoreConn *c, int64_t id, int nPosition) WARN_UNUSED;

/* ROUTE handlers: GET /healthz, GET /privacy. */
int health_page(Request *req, Response *res);
int privacy_page(Request *req, Response *res);

#endif
