/*
 * feeds_internal.h — what the files of feeds/ share: limits, the queries
 * of feeds_db.c and the view helpers of feeds_view.c.
 */
#ifndef SINMUN_FEEDS_FEEDS_INTERNAL_H
#define SINMUN_FEEDS_FEEDS_INTERNAL_H

#include "articles/articles.h"
#include "feeds/feeds.h"
#include "view/view.h"

/* Items in an RSS or Atom feed: the newest ones. */
#define FEEDS_ITEMS 50
/* Most URLs in one sitemap file (sitemaps.org). */
#define SITEMAP_URLS_MAX 50000
/* Most URLs in the news sitemap (Google News). */
#define SITEMAP_NEWS_MAX 1000
/* How far back the news sitemap reaches (Google News: two days). */
#define SITEMAP_NEWS_SECONDS (2 * 86400)

/* An id with a time: a section's, reporter's or article's newest change. */
typedef struct FeedsStamp {
    int64_t id; /* sections.id, people.id or articles.id */
    UnixTime t; /* the newest publication or modification time */
} FeedsStamp;

/*
 * The newest published articles (of section 'sectionId' when not 0, of
 * author 'authorId' when not 0, else of the site), at most 'nLimit', with
 * both bodies.  Set '*paOut', '*pnOut' (OUT, in 'a').  Return OK or ERR_*.
 */
int feeds_db_latest(StoreConn *c, Arena *a, int64_t sectionId, int64_t authorId,
                    int nLimit, Article **paOut, int *pnOut) WARN_UNUSED;

/*
 * The earliest publication time at or after 'tFrom' into '*ptNext'
 * (OUT); '*pbAny' (OUT) false when no article is that late.  Lets the
 * sitemap index walk only the months that have articles.  Return OK or
 * ERR_*.
 */
int feeds_db_next(StoreConn *c, UnixTime tFrom, UnixTime *ptNext,
                  bool *pbAny) WARN_UNUSED;

/*
 * Count the articles published in [tStart, tEnd) into '*pnOut' and their
 * newest publication or modification time into '*ptNewest' (OUT, 0 when
 * none).  Return OK or ERR_*.
 */
int feeds_db_count_between(StoreConn *c, UnixTime tStart, UnixTime tEnd,
                           int64_t *pnOut, UnixTime *ptNewest) WARN_UNUSED;

/*
 * The articles published in [tStart, tEnd), oldest first, skipping
 * 'nOffset', at most 'nLimit': id and newest change time only.  Set
 * '*paOut', '*pnOut' (OUT, in 'a').  Return OK or ERR_*.
 */
int feeds_db_between(StoreConn *c, Arena *a, UnixTime tStart, UnixTime tEnd,
                     int nOffset, int nLimit, FeedsStamp **paOut,
                     int *pnOut) WARN_UNUSED;

/*
 * The articles published at 'tSince' or later, newest first, at most
 * 'nLimit': id, title, times.  Set '*paOut', '*pnOut' (OUT, in 'a').
 * Return OK or ERR_*.
 */
int feeds_db_since(StoreConn *c, Arena *a, UnixTime tSince, int nLimit,
                   Article **paOut, int *pnOut) WARN_UNUSED;

/* Articles whose changes make a list page's lastmod: its first page. */
#define FEEDS_LIST_WINDOW 20

/*
 * The newest change (publication or modification) among the newest
 * 'nWindow' published articles of section 'sectionId' (not 0), of first
 * byline 'authorId' (not 0), or of the whole site: what the first page of
 * that list shows, so its lastmod.  An index seek and 'nWindow' rows,
 * however many articles there are.  Set '*ptOut' (OUT) and '*pbAny' (OUT:
 * false for an empty list).  Return OK or ERR_*.
 */
int feeds_db_list_changed(StoreConn *c, int64_t sectionId, int64_t authorId,
                          int nWindow, UnixTime *ptOut,
                          bool *pbAny) WARN_UNUSED;

/*
 * Every person's id, in order, into '*paOut', '*pnOut' (OUT, in 'a'): the
 * reporters whose pages the list-page sitemap may name.  Return OK or
 * ERR_*.
 */
int feeds_db_people(StoreConn *c, Arena *a, int64_t **paOut,
                    int *pnOut) WARN_UNUSED;

/*
 * The latest of the publication, modification and correction time of
 * 'art': an entry's <updated>.
 */
UnixTime feeds_changed(const Article *art);

/*
 * Fill list 'items' of 'v' with the newest articles as feed entries (see
 * feeds_db_latest()): title, url, times (RFC 822 and ISO 8601), author,
 * section, summary, and the body (SafeHtml, escaped into the XML) when the
 * site's feed_full_text is on.  Set '*ptNewest' (OUT) to the newest change
 * among them (0 when none).  Return OK or ERR_*.
 */
int feeds_view_items(Request *req, View *v, int64_t sectionId, int64_t authorId,
                     UnixTime *ptNewest) WARN_UNUSED;

/*
 * Render 'zTemplate' (templates/feeds/…) with 'v' into 'res' as
 * 'zContentType', with the fields every feed uses ('site.name',
 * 'site.tagline', 'base'), Last-Modified 'tModified' (0: now) and the tag
 * "site" (callers that show articles add "articles").  Return OK or
 * ERR_*.
 */
int feeds_render(Request *req, Response *res, const char *zTemplate,
                 const char *zContentType, View *v,
                 UnixTime tModified) WARN_UNUSED;

/*
 * Render an RSS 2.0 feed of the newest articles (as feeds_view_items())
 * titled 'zTitle', about the page at the local path 'zLink', itself at
 * the local path 'zSelf'.  Return OK or ERR_*.
 */
int feeds_rss(Request *req, Response *res, int64_t sectionId, int64_t authorId,
              const char *zTitle, const char *zLink,
              const char *zSelf) WARN_UNUSED;

#endif
