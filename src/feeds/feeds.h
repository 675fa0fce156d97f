/*
 * feeds.h — the site as machines read it: RSS 2.0 (whole site, a
 * section, a reporter), Atom (whole site), the sitemap index with monthly
 * article sitemaps and a sitemap of the list pages, the Google News
 * sitemap, and robots.txt naming the sitemaps.
 *
 * Every answer is a template under templates/feeds/ (.xml, .txt) rendered
 * without the layout, cached like pages with the tags "articles" and
 * "site" (plus "section:{slug}" or "reporter:{id}"), so a publish or a
 * settings change drops it; Last-Modified is the newest article time it
 * shows.  The article page's share card and JSON-LD are built beside the
 * page (articles/article_meta.c, site/site_meta.c).
 */
#ifndef SINMUN_FEEDS_FEEDS_H
#define SINMUN_FEEDS_FEEDS_H

#include "web/http.h"

/* ROUTE handlers (one file each). */
int rss_page(Request *req, Response *res);
int rss_section_page(Request *req, Response *res);
int rss_reporter_page(Request *req, Response *res);
int atom_page(Request *req, Response *res);
int sitemap_index_page(Request *req, Response *res);
int sitemap_month_page(Request *req, Response *res);
int sitemap_pages_page(Request *req, Response *res);
int sitemap_news_page(Request *req, Response *res);
int robots_page(Request *req, Response *res);

#endif
