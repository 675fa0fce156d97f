/*
 * robots_page.c — /robots.txt: what crawlers may skip, and the absolute
 * addresses of the sitemap index and the news sitemap.
 */
#include "feeds/feeds_internal.h"

/*
 * ROUTE: GET /robots.txt
 *   (no parameters)
 */
int robots_page(Request *req, Response *res)
{
    return feeds_render(req, res, "feeds/robots", "text/plain; charset=utf-8",
                        view_new(req->a), 0);
}
