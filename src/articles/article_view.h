/*
 * article_view.h — view pieces shared by the article list pages.
 */
#ifndef SINMUN_ARTICLES_ARTICLE_VIEW_H
#define SINMUN_ARTICLES_ARTICLE_VIEW_H

#include "articles/articles.h"
#include "view/view.h"

/*
 * Fill 'item' with what a list shows of 'art': id, url, title, subtitle,
 * reporter, reporter_url, time (site zone), time_iso.  Strings in 'a'.
 */
void article_view_item(Arena *a, View *item, const Article *art);

/*
 * Append 'n' articles 'aArt' to list 'zList' of 'v' (the list exists
 * even when empty).
 */
void article_view_list(Arena *a, View *v, const char *zList,
                       const Article *aArt, int n);

/*
 * Fill 'pagination' of 'v' for page 'iPage' of 'nPages' whose pages live
 * at 'zPath' (?page=N appended, page 1 without it).
 */
void article_view_pagination(Arena *a, View *v, const char *zPath, int iPage,
                             int nPages);

#endif
