/*
 * article_view.c — list items and page titles for article lists.
 */
#include "articles/article_view.h"

#include "base/str.h"

void article_view_item(Arena *a, View *item, const Article *art)
{
    view_int(item, "id", art->id);
    view_str(item, "url", arena_printf(a, "/article/%lld", (long long)art->id));
    view_str(item, "title", art->zTitle);
    view_str(item, "subtitle", art->zSubtitle);
    view_str(item, "reporter", article_byline_names(a, art));
    view_str(item, "reporter_url",
             arena_printf(a, "/reporter/%lld", (long long)art->authorId));
    article_view_bylines(a, item, "bylines", art, "");
    view_str(item, "time", time_format_local(a, art->tPublished));
    view_str(item, "time_iso", time_format_iso(a, art->tPublished));
    view_int(item, "comment_count", art->nComment);
}

void article_view_bylines(Arena *a, View *v, const char *zList,
                          const Article *art, const char *zBase)
{
    view_list(v, zList);
    const Person *aAuthor = art->nAuthor > 0 ? art->aAuthor : &art->author;
    int nAuthor = art->nAuthor > 0 ? art->nAuthor : 1;
    for (int i = 0; i < nAuthor; i++) {
        const Person *p = &aAuthor[i];
        View *b = view_list_add(v, zList);
        view_int(b, "id", p->id);
        view_str(b, "name", p->zName);
        view_str(b, "url",
                 arena_printf(a, "%s/reporter/%lld", zBase, (long long)p->id));
        if (p->zEmail != NULL && p->zEmail[0] != 0) {
            view_str(b, "email", p->zEmail);
        } else {
            /* Set, so a template never finds a parent's e-mail. */
            view_bool(b, "email", false);
        }
        view_str(b, "desk", p->zDesk);
        view_str(b, "bio", p->zBio);
        /* Every byline but the first is printed after a "·". */
        view_bool(b, "sep", i > 0);
    }
}

bool article_any_email(const Article *art)
{
    const Person *aAuthor = art->nAuthor > 0 ? art->aAuthor : &art->author;
    int nAuthor = art->nAuthor > 0 ? art->nAuthor : 1;
    for (int i = 0; i < nAuthor; i++) {
        if (aAuthor[i].zEmail != NULL && aAuthor[i].zEmail[0] != 0) {
            return true;
        }
    }
    return false;
}

void article_view_list(Arena *a, View *v, const char *zList,
                       const Article *aArt, int n)
{
    view_list(v, zList);
    for (int i = 0; i < n; i++) {
        article_view_item(a, view_list_add(v, zList), &aArt[i]);
    }
}

const char *article_list_title(Arena *a, const char *zName,
                               const KeysetPos *pos, const Article *aArt, int n)
{
    if (pos->mode == KEYSET_FIRST || n == 0) {
        return zName;
    }
    return arena_printf(a, "%s (%s까지)", zName,
                        time_format_date(a, aArt[0].tPublished));
}
