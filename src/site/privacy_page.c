/*
 * privacy_page.c — 개인정보처리방침, the text kept in the settings table
 * (privacy_policy), shown as plain paragraphs.
 */
#include "site/site.h"

#include <string.h>

#include "app/settings.h"

/*
 * ROUTE: GET /privacy
 *   (no parameters)
 */
int privacy_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    char *zText = NULL;
    rc = app_setting_get(c, req->a, "privacy_policy", &zText);
    if (rc != OK) {
        return rc;
    }
    View *v = view_new(req->a);
    view_list(v, "paragraphs");
    const char *z = zText ? zText : "";
    while (*z) {
        const char *zEnd = strchr(z, '\n');
        size_t n = zEnd ? (size_t)(zEnd - z) : strlen(z);
        if (n > 0) {
            view_strn(view_list_add(v, "paragraphs"), "text", z, n);
        }
        z += n + (zEnd ? 1 : 0);
    }
    res_tag(res, req->a, "settings");
    return site_page_render(req, res, "site/privacy_page", v,
                            "개인정보처리방침", NULL);
}
