/*
 * pagination.c — the "처음 · 이전 · 다음" links of a keyset-paged list
 * (web/keyset.h) for templates/partials/keyset_pagination.html, and the
 * redirect a position may ask for.  Every list page uses these: section
 * and reporter pages, and the newsroom's lists.
 */
#include "site/site.h"

void site_pagination(View *v, const KeysetResult *r)
{
    View *p = view_obj(v, "pagination");
    view_bool(p, "many", r->zPrevUrl != NULL || r->zNextUrl != NULL);
    view_str(p, "prev_url", r->zPrevUrl);
    view_str(p, "next_url", r->zNextUrl);
    view_str(p, "first_url", r->zFirstUrl);
}

void site_pagination_redirect(Response *res, const KeysetResult *r)
{
    res_redirect(res, r->zRedirect);
    /* ?page=1 always means the list's own address; ?page=N and a cursor
       at the start of the list only for as long as the list stays as it
       is. */
    res->status = r->bPermanent ? 301 : 302;
}
