/*
 * article_diff_view.c — two texts of an article side by side, each field
 * that differs as a word diff (base/worddiff.c: 어절 and punctuation, not
 * bytes): the revision comparison page and the conflict page (409) both
 * show it through templates/newsroom/diff_fields.html.
 */
#include "newsroom/newsroom_internal.h"

#include <string.h>

#include "base/worddiff.h"

/* Add one side's spans of 'd' over 'z' to list 'zSide' of 'item':
   {text, changed} runs; 'kind' is the kind that side marks. */
static void diff_side(View *item, const char *zSide, const WordDiff *d,
                      const char *z, WordDiffKind kind)
{
    view_list(item, zSide);
    for (int i = 0; i < d->nSpan; i++) {
        const WordDiffSpan *sp = &d->aSpan[i];
        if (sp->kind != WORDDIFF_SAME && sp->kind != kind) {
            continue;
        }
        size_t iAt = kind == WORDDIFF_DEL ? sp->iA : sp->iB;
        View *run = view_list_add(item, zSide);
        view_strn(run, "text", z + iAt, sp->n);
        view_bool(run, "changed", sp->kind == kind);
    }
}

/* Add field 'zLabel' to 'zList' when 'zOld' and 'zNew' differ. */
static int diff_field(Arena *a, View *v, const char *zList, const char *zLabel,
                      const char *zOld, const char *zNew, bool *pbCapped)
{
    zOld = zOld ? zOld : "";
    zNew = zNew ? zNew : "";
    if (strcmp(zOld, zNew) == 0) {
        return 0;
    }
    WordDiff d;
    worddiff(a, zOld, strlen(zOld), zNew, strlen(zNew), WORDDIFF_EDITS_DEFAULT,
             &d);
    View *item = view_list_add(v, zList);
    view_str(item, "label", zLabel);
    view_bool(item, "capped", d.bCapped);
    view_int(item, "edits", d.nEdit);
    diff_side(item, "old", &d, zOld, WORDDIFF_DEL);
    diff_side(item, "new", &d, zNew, WORDDIFF_INS);
    *pbCapped = *pbCapped || d.bCapped;
    return 1;
}

int newsroom_diff_view(Arena *a, View *v, const char *zList,
                       const ArticleText *pOld, const ArticleText *pNew,
                       const Person *aPerson, int nPerson)
{
    bool bCapped = false;
    int n = 0;
    view_list(v, zList);
    n += diff_field(a, v, zList, "제목", pOld->zTitle, pNew->zTitle, &bCapped);
    n += diff_field(a, v, zList, "부제", pOld->zSubtitle, pNew->zSubtitle,
                    &bCapped);
    n += diff_field(a, v, zList, "섹션", newsroom_section_name(pOld->sectionId),
                    newsroom_section_name(pNew->sectionId), &bCapped);
    n += diff_field(a, v, zList, "기자",
                    newsroom_byline_names(a, pOld, aPerson, nPerson),
                    newsroom_byline_names(a, pNew, aPerson, nPerson), &bCapped);
    n += diff_field(a, v, zList, "발신지", pOld->zDateline, pNew->zDateline,
                    &bCapped);
    n += diff_field(a, v, zList, "요약", pOld->zSummary, pNew->zSummary,
                    &bCapped);
    n += diff_field(a, v, zList, "키워드", newsroom_keywords_text(a, pOld),
                    newsroom_keywords_text(a, pNew), &bCapped);
    n +=
        diff_field(a, v, zList, "본문", pOld->zBodyMd, pNew->zBodyMd, &bCapped);
    view_bool(v, "capped", bCapped);
    view_int(v, "changed_fields", n);
    return n;
}
