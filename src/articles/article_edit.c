/*
 * article_edit.c — the pure half of editing: comparing two texts and the
 * row an action leaves behind (times the workflow keeps); see
 * article_edit.h.  No clock and no database: the caller passes both.
 */
#include "articles/article_edit.h"

#include <string.h>

#include "base/str.h"

static bool edit_str_eq(const char *x, const char *y)
{
    return strcmp(x ? x : "", y ? y : "") == 0;
}

static bool edit_authors_eq(const ArticleText *x, const ArticleText *y)
{
    if (x->nAuthor != y->nAuthor) {
        return false;
    }
    for (int i = 0; i < x->nAuthor; i++) {
        if (x->aAuthor[i] != y->aAuthor[i]) {
            return false;
        }
    }
    return true;
}

static bool edit_keywords_eq(const ArticleText *x, const ArticleText *y)
{
    if (x->nKeyword != y->nKeyword) {
        return false;
    }
    for (int i = 0; i < x->nKeyword; i++) {
        if (!edit_str_eq(x->azKeyword[i], y->azKeyword[i])) {
            return false;
        }
    }
    return true;
}

bool article_text_equal(const ArticleText *x, const ArticleText *y)
{
    return x->sectionId == y->sectionId && edit_str_eq(x->zTitle, y->zTitle) &&
           edit_str_eq(x->zSubtitle, y->zSubtitle) &&
           edit_str_eq(x->zDateline, y->zDateline) &&
           edit_str_eq(x->zSummary, y->zSummary) &&
           edit_str_eq(x->zBodyMd, y->zBodyMd) && edit_authors_eq(x, y) &&
           edit_keywords_eq(x, y);
}

const char *article_text_changes(Arena *a, const ArticleText *x,
                                 const ArticleText *y)
{
    const struct {
        bool bSame;         /* unchanged */
        const char *zLabel; /* the field's name */
    } aField[] = {
        {edit_str_eq(x->zTitle, y->zTitle), "제목"},
        {edit_str_eq(x->zSubtitle, y->zSubtitle), "부제"},
        {x->sectionId == y->sectionId, "섹션"},
        {edit_authors_eq(x, y), "기자"},
        {edit_str_eq(x->zDateline, y->zDateline), "발신지"},
        {edit_str_eq(x->zSummary, y->zSummary), "요약"},
        {edit_keywords_eq(x, y), "키워드"},
        {edit_str_eq(x->zBodyMd, y->zBodyMd), "본문"},
    };
    Str s;
    str_init(&s, a);
    for (size_t i = 0; i < sizeof(aField) / sizeof(aField[0]); i++) {
        if (!aField[i].bSame) {
            if (s.n > 0) {
                str_append_z(&s, "·");
            }
            str_append_z(&s, aField[i].zLabel);
        }
    }
    return s.z;
}

void article_edit_next(const ArticleEdit *cur, ArticleAction action,
                       const ArticleText *pText, int64_t accountId,
                       UnixTime tNow, UnixTime tScheduled,
                       const char *zDeskNote, ArticleEdit *pNext)
{
    *pNext = *cur;
    pNext->version = cur->version + 1;
    pNext->tUpdated = tNow;
    pNext->updatedBy = accountId;
    if (pText != NULL) {
        pNext->text = *pText;
    }
    bool bTitleOrBody = !edit_str_eq(cur->text.zTitle, pNext->text.zTitle) ||
                        !edit_str_eq(cur->text.zBodyMd, pNext->text.zBodyMd);
    switch (action) {
    case ARTICLE_SUBMIT:
        pNext->state = ARTICLE_REVIEW;
        pNext->tSubmitted = tNow;
        pNext->submittedBy = accountId;
        pNext->zDeskNote = "";
        break;
    case ARTICLE_SEND_BACK:
        pNext->state = ARTICLE_DRAFT;
        pNext->zDeskNote = zDeskNote ? zDeskNote : "";
        break;
    case ARTICLE_PUBLISH:
    case ARTICLE_GO_LIVE:
        pNext->state = ARTICLE_PUBLISHED;
        if (cur->tPublished == 0) {
            /* 기사입력: the scheduled minute, or now. */
            pNext->tPublished = action == ARTICLE_GO_LIVE && cur->tScheduled
                                    ? cur->tScheduled
                                    : tNow;
        } else {
            /* Out again after a retraction or a return to the desk. */
            pNext->tModified = tNow;
        }
        pNext->tScheduled = 0;
        pNext->tRetracted = 0;
        break;
    case ARTICLE_SCHEDULE:
        pNext->state = ARTICLE_SCHEDULED;
        pNext->tScheduled = tScheduled;
        break;
    case ARTICLE_UNSCHEDULE:
        pNext->state = ARTICLE_REVIEW;
        pNext->tScheduled = 0;
        break;
    case ARTICLE_RETRACT:
        pNext->state = ARTICLE_RETRACTED;
        pNext->tRetracted = tNow;
        pNext->tScheduled = 0;
        break;
    case ARTICLE_REOPEN:
        pNext->state = ARTICLE_DRAFT;
        pNext->tRetracted = 0;
        break;
    default:
        /* open, save: the state stays. */
        break;
    }
    /* 기사수정: readers saw another title or body. */
    if (cur->state == ARTICLE_PUBLISHED && pNext->state == ARTICLE_PUBLISHED &&
        bTitleOrBody) {
        pNext->tModified = tNow;
    }
}
