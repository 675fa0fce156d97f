/*
 * privacy_page.c — 개인정보처리방침, the text kept in the settings table
 * (privacy_policy), shown as plain paragraphs.
 */
#include "site/site.h"

#include <string.h>

#include "site/site_db.h"

/* Collects the privacy_policy setting. */
typedef struct PrivacyText {
    Arena *a;          /* where the copy goes */
    const char *zText; /* the policy, or NULL */
} PrivacyText;

static void privacy_on_setting(void *pArg, const char *zKey, const char *zValue)
{
    PrivacyText *p = pArg;
    if (strcmp(zKey, "privacy_policy") == 0) {
        p->zText = arena_strdup(p->a, zValue);
    }
}

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
    PrivacyText text = {req->a, NULL};
    rc = site_db_settings(c, req->a, privacy_on_setting, &text);
    if (rc != OK) {
        return rc;
    }
    View *v = view_new(req->a);
    view_list(v, "paragraphs");
    const char *z = text.zText ? text.zText : "";
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
