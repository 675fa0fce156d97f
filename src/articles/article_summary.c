/*
 * article_summary.c — the few words that stand for an article where its
 * body does not fit: og:description and the JSON-LD description on the
 * article page, <description>/<summary> in the feeds.  The subtitle when
 * there is one (editors write it for exactly this), else the start of the
 * body as plain text, cut at a space.
 */
#include "articles/articles.h"

#include <string.h>

#include "base/str.h"
#include "view/markdown.h"

/* True for the ASCII white space plain text can hold. */
static bool summary_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' ||
           c == '\v';
}

char *article_clip_text(Arena *a, const char *zText, int nMaxChars)
{
    Str s;
    str_init(&s, a);
    int nChars = 0;
    size_t iLastSpace = 0; /* byte length before the last space kept */
    bool bPendingSpace = false;
    for (const char *p = zText; *p != 0; p++) {
        if (summary_space(*p)) {
            bPendingSpace = s.n > 0;
            continue;
        }
        /* A UTF-8 lead byte starts a character; continuation bytes
           (10xxxxxx) belong to the one before. */
        bool bLead = ((unsigned char)*p & 0xC0) != 0x80;
        if (bLead && nChars + (bPendingSpace ? 1 : 0) >= nMaxChars) {
            /* Too long: end at the last space when that keeps at least
               two thirds of the text, else inside the word. */
            if (iLastSpace * 3 >= s.n * 2) {
                s.n = iLastSpace;
                s.z[s.n] = 0;
            }
            str_append_z(&s, "…");
            return s.z;
        }
        if (bPendingSpace) {
            iLastSpace = s.n;
            str_append_char(&s, ' ');
            nChars++;
            bPendingSpace = false;
        }
        str_append_char(&s, *p);
        if (bLead) {
            nChars++;
        }
    }
    return s.z;
}

int article_summary(Arena *a, const Article *art, char **pzOut)
{
    if (art->zSubtitle != NULL && art->zSubtitle[0] != 0) {
        *pzOut = article_clip_text(a, art->zSubtitle, ARTICLE_SUMMARY_CHARS);
        return OK;
    }
    if (art->zBodyMd == NULL) {
        *pzOut = "";
        return OK;
    }
    char *zText = NULL;
    int rc = markdown_plain_text(a, art->zBodyMd, strlen(art->zBodyMd), &zText);
    if (rc != OK) {
        return rc;
    }
    *pzOut = article_clip_text(a, zText, ARTICLE_SUMMARY_CHARS);
    return OK;
}
