/*
 * article_view.h — view pieces shared by the article list pages.
 */
#ifndef SINMUN_ARTICLES_ARTICLE_VIEW_H
#define SINMUN_ARTICLES_ARTICLE_VIEW_H

#include "articles/articles.h"
#include "view/view.h"

typedef struct SiteSection SiteSection;

/*
 * Fill 'item' with what a list shows of 'art': id, url, title, subtitle,
 * reporter (every byline's name, "홍보영·김민수"), reporter_url (the
 * first's page), bylines (article_view_bylines()), time (site zone),
 * time_iso, comment_count.  Strings in 'a'.
 */
void article_view_item(Arena *a, View *item, const Article *art);

/*
 * Fill list 'zList' of 'v' with the bylines of 'art' in order: id, name,
 * url ('zBase' + "/reporter/{id}"; "" for a local path), email (false
 * when none), desk, bio and sep (true on every one but the first, where
 * a template prints "·").  Strings in 'a'.
 */
void article_view_bylines(Arena *a, View *v, const char *zList,
                          const Article *art, const char *zBase);

/* True when any byline of 'art' has an e-mail address. */
bool article_any_email(const Article *art);

/*
 * Append 'n' articles 'aArt' to list 'zList' of 'v' (the list exists
 * even when empty).
 */
void article_view_list(Arena *a, View *v, const char *zList,
                       const Article *aArt, int n);

/*
 * The title of a page of a list called 'zName' at 'pos' showing the 'n'
 * articles 'aArt': 'zName' on the first page, else with the date of its
 * newest article ("산업1부 (2014-12-01까지)"), so every page has its
 * own.  In 'a'.
 */
const char *article_list_title(Arena *a, const char *zName,
                               const KeysetPos *pos, const Article *aArt,
                               int n);

/*
 * Give the article page in 'v' its share card, canonical link and JSON-LD
 * (see site_meta()): the summary of 'art' (read with its body) as the
 * description, its times, section 'sec' (may be NULL) and author.
 * Return OK or ERR_NOMEM (article_meta.c).
 */
int article_view_meta(Request *req, View *v, const Article *art,
                      const SiteSection *sec) WARN_UNUSED;

#endif
