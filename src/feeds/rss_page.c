/*
 * rss_page.c — RSS 2.0 of the whole site: the 50 newest articles,
 * summaries or full text as the feed_full_text setting says.
 */
#include "feeds/feeds_internal.h"

#include "app/app.h"
#include "site/site.h"

/*
 * ROUTE: GET /rss
 *   (no parameters)
 */
int rss_page(Request *req, Response *res)
{
    return feeds_rss(req, res, 0, 0, site_current()->zName, "/", "/rss");
}
