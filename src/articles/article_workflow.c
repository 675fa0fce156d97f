/*
 * article_workflow.c — the whole article state machine as one pure
 * function, article_transition(), and the names of states and actions;
 * see article_workflow.h.  The newsroom's handlers and the scheduler ask
 * it before every write, inside the write's transaction, so a rule lives
 * in one place and the unit test (article_workflow_test.c) covers it.
 */
#include "articles/article_workflow.h"

#include <stddef.h>
#include <string.h>

/* Names as articles.status stores them, labels as the newsroom shows. */
static const struct {
    const char *zName;  /* articles.status */
    const char *zLabel; /* shown */
} aState[ARTICLE_STATE_COUNT] = {
    {"draft", "작성중"},   {"review", "데스크 대기"}, {"scheduled", "예약"},
    {"published", "출고"}, {"retracted", "삭제"},
};

/* Button values and labels of the actions. */
static const struct {
    const char *zName;  /* form value */
    const char *zLabel; /* button and revision note */
    bool bForm;         /* a form may ask for it */
} aAction[ARTICLE_ACTION_COUNT] = {
    {"open", "열기", false},
    {"save", "저장", true},
    {"submit", "데스크로 넘김", true},
    {"send_back", "돌려보냄", true},
    {"publish", "출고", true},
    {"schedule", "예약 출고", true},
    {"unschedule", "예약 취소", true},
    {"retract", "기사 삭제", true},
    {"reopen", "다시 작성중으로", true},
    {"go_live", "예약 출고됨", false},
};

const char *article_state_name(ArticleState state)
{
    return (int)state >= 0 && state < ARTICLE_STATE_COUNT ? aState[state].zName
                                                          : "";
}

const char *article_state_label(ArticleState state)
{
    return (int)state >= 0 && state < ARTICLE_STATE_COUNT ? aState[state].zLabel
                                                          : "";
}

bool article_state_parse(const char *zName, ArticleState *pState)
{
    for (int i = 0; zName != NULL && i < ARTICLE_STATE_COUNT; i++) {
        if (strcmp(zName, aState[i].zName) == 0) {
            *pState = (ArticleState)i;
            return true;
        }
    }
    return false;
}

bool article_action_parse(const char *zName, ArticleAction *pAction)
{
    for (int i = 0; zName != NULL && i < ARTICLE_ACTION_COUNT; i++) {
        if (aAction[i].bForm && strcmp(zName, aAction[i].zName) == 0) {
            *pAction = (ArticleAction)i;
            return true;
        }
    }
    return false;
}

const char *article_action_name(ArticleAction action)
{
    return (int)action >= 0 && action < ARTICLE_ACTION_COUNT
               ? aAction[action].zName
               : "";
}

const char *article_action_label(ArticleAction action)
{
    return (int)action >= 0 && action < ARTICLE_ACTION_COUNT
               ? aAction[action].zLabel
               : "";
}

/* Refuse with 'zWhy' as 'verdict'. */
static ArticleVerdict article_refuse(ArticleVerdict verdict, const char *zWhy,
                                     const char **pzWhy)
{
    *pzWhy = zWhy;
    return verdict;
}

ArticleVerdict article_transition(ArticleState from, ArticleAction action,
                                  unsigned roles, bool bAuthor,
                                  ArticleState *pTo, const char **pzWhy)
{
    if ((int)from < 0 || from >= ARTICLE_STATE_COUNT) {
        return article_refuse(ARTICLE_WRONG_STATE,
                              "기사의 상태를 알 수 없습니다.", pzWhy);
    }
    if (action == ARTICLE_GO_LIVE) {
        if (from != ARTICLE_SCHEDULED) {
            return article_refuse(ARTICLE_WRONG_STATE,
                                  "예약된 기사만 예약 시각에 출고됩니다.",
                                  pzWhy);
        }
        *pTo = ARTICLE_PUBLISHED;
        return ARTICLE_ALLOWED;
    }
    bool bDesk = (roles & ARTICLE_ROLES_DESK) != 0;
    /* An author counts only while they still hold a writing role. */
    bool bWriter = bDesk || (bAuthor && (roles & ROLE_REPORTER) != 0);
    if ((roles & ARTICLE_ROLES_WRITE) == 0) {
        return article_refuse(ARTICLE_FORBIDDEN,
                              "기사를 쓰거나 고칠 권한이 없습니다.", pzWhy);
    }
    switch (action) {
    case ARTICLE_OPEN:
        if (!bWriter) {
            return article_refuse(ARTICLE_FORBIDDEN,
                                  "다른 기자의 기사는 데스크만 열 수 "
                                  "있습니다.",
                                  pzWhy);
        }
        *pTo = from;
        return ARTICLE_ALLOWED;
    case ARTICLE_SAVE:
        if (bDesk) {
            *pTo = from;
            return ARTICLE_ALLOWED;
        }
        if (!bWriter) {
            return article_refuse(ARTICLE_FORBIDDEN,
                                  "다른 기자의 기사는 데스크만 고칠 수 "
                                  "있습니다.",
                                  pzWhy);
        }
        if (from != ARTICLE_DRAFT) {
            return article_refuse(ARTICLE_WRONG_STATE,
                                  from == ARTICLE_REVIEW
                                      ? "데스크로 넘긴 기사는 데스크만 고칠 "
                                        "수 있습니다. 돌려보내 달라고 "
                                        "요청하십시오."
                                      : "작성중인 기사만 기자가 고칠 수 "
                                        "있습니다. 데스크에 요청하십시오.",
                                  pzWhy);
        }
        *pTo = from;
        return ARTICLE_ALLOWED;
    case ARTICLE_SUBMIT:
        if (!bAuthor || !bWriter) {
            return article_refuse(ARTICLE_FORBIDDEN,
                                  "자기 기사만 데스크로 넘길 수 있습니다.",
                                  pzWhy);
        }
        if (from != ARTICLE_DRAFT) {
            return article_refuse(ARTICLE_WRONG_STATE,
                                  "작성중인 기사만 데스크로 넘길 수 "
                                  "있습니다.",
                                  pzWhy);
        }
        *pTo = ARTICLE_REVIEW;
        return ARTICLE_ALLOWED;
    default:
        break;
    }
    /* Everything else is the desk's. */
    if (!bDesk) {
        return article_refuse(ARTICLE_FORBIDDEN,
                              "데스크(편집자)만 할 수 있는 일입니다.", pzWhy);
    }
    switch (action) {
    case ARTICLE_SEND_BACK:
        if (from != ARTICLE_REVIEW) {
            return article_refuse(ARTICLE_WRONG_STATE,
                                  "데스크 대기 중인 기사만 돌려보낼 수 "
                                  "있습니다.",
                                  pzWhy);
        }
        *pTo = ARTICLE_DRAFT;
        return ARTICLE_ALLOWED;
    case ARTICLE_PUBLISH:
        if (from == ARTICLE_PUBLISHED || from == ARTICLE_RETRACTED) {
            return article_refuse(ARTICLE_WRONG_STATE,
                                  from == ARTICLE_PUBLISHED
                                      ? "이미 출고된 기사입니다."
                                      : "삭제된 기사는 다시 작성중으로 "
                                        "돌린 뒤 출고할 수 있습니다.",
                                  pzWhy);
        }
        *pTo = ARTICLE_PUBLISHED;
        return ARTICLE_ALLOWED;
    case ARTICLE_SCHEDULE:
        /* A scheduled one may be given a new time. */
        if (from == ARTICLE_PUBLISHED || from == ARTICLE_RETRACTED) {
            return article_refuse(ARTICLE_WRONG_STATE,
                                  "작성중이거나 데스크 대기 중인 기사만 "
                                  "예약할 수 있습니다.",
                                  pzWhy);
        }
        *pTo = ARTICLE_SCHEDULED;
        return ARTICLE_ALLOWED;
    case ARTICLE_UNSCHEDULE:
        if (from != ARTICLE_SCHEDULED) {
            return article_refuse(ARTICLE_WRONG_STATE,
                                  "예약된 기사가 아닙니다.", pzWhy);
        }
        *pTo = ARTICLE_REVIEW;
        return ARTICLE_ALLOWED;
    case ARTICLE_RETRACT:
        if (from != ARTICLE_PUBLISHED && from != ARTICLE_SCHEDULED) {
            return article_refuse(ARTICLE_WRONG_STATE,
                                  "출고되었거나 예약된 기사만 삭제할 수 "
                                  "있습니다.",
                                  pzWhy);
        }
        *pTo = ARTICLE_RETRACTED;
        return ARTICLE_ALLOWED;
    case ARTICLE_REOPEN:
        if (from != ARTICLE_RETRACTED) {
            return article_refuse(ARTICLE_WRONG_STATE,
                                  "삭제된 기사만 다시 작성중으로 돌릴 수 "
                                  "있습니다.",
                                  pzWhy);
        }
        *pTo = ARTICLE_DRAFT;
        return ARTICLE_ALLOWED;
    default:
        break;
    }
    return article_refuse(ARTICLE_FORBIDDEN, "알 수 없는 요청입니다.", pzWhy);
}
