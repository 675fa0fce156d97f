/*
 * article_workflow.h — the newsroom's state machine: who may do what to an
 * article in which state (docs/newsroom.md, "Workflow").
 *
 *   draft 작성중 --submit (author)--> review 데스크 대기
 *   review --send back (editor, with a note)--> draft
 *   draft|review|scheduled --publish now (editor)--> published 출고
 *   draft|review|scheduled --schedule (editor)--> scheduled 예약
 *   scheduled --unschedule (editor)--> review
 *   scheduled --go live (the scheduler, at its minute)--> published
 *   published|scheduled --retract (editor)--> retracted 삭제
 *   retracted --reopen (editor)--> draft
 *   save: the author while it is a draft, an editor in any state
 *   open (read the editor, preview, revisions): the author or an editor
 *
 * An editor is an account with the editor or admin role; a reporter one
 * with the reporter role; the author is the account that created the
 * article or one linked to a person of its byline (the caller finds
 * that out: article_edit_is_author()).  article_transition() is pure: the
 * unit test walks every state, action and kind of actor.
 */
#ifndef SINMUN_ARTICLES_ARTICLE_WORKFLOW_H
#define SINMUN_ARTICLES_ARTICLE_WORKFLOW_H

#include <stdbool.h>

#include "web/router.h"

/* Roles that write articles: what the newsroom's article routes ask. */
#define ARTICLE_ROLES_WRITE (ROLE_REPORTER | ROLE_EDITOR | ROLE_ADMIN)

/* Roles of the desk (데스크): they edit, publish and retract any article. */
#define ARTICLE_ROLES_DESK (ROLE_EDITOR | ROLE_ADMIN)

/* The states of articles.status, in the schema's order. */
typedef enum ArticleState {
    ARTICLE_DRAFT = 0,  /* 작성중: the author writes */
    ARTICLE_REVIEW = 1, /* 데스크 대기: submitted, waiting for the desk */
    ARTICLE_SCHEDULED = 2, /* 예약: goes live at scheduled_at */
    ARTICLE_PUBLISHED = 3, /* 출고: readers see it */
    ARTICLE_RETRACTED = 4, /* 삭제: taken down, kept for the record */
    ARTICLE_STATE_COUNT    /* how many states */
} ArticleState;

/* What someone asks to do to an article. */
typedef enum ArticleAction {
    ARTICLE_OPEN = 0,       /* read it in the editor, preview, revisions */
    ARTICLE_SAVE = 1,       /* change its text (state unchanged) */
    ARTICLE_SUBMIT = 2,     /* 데스크로 넘기기 */
    ARTICLE_SEND_BACK = 3,  /* 돌려보내기, with a note */
    ARTICLE_PUBLISH = 4,    /* 지금 출고 */
    ARTICLE_SCHEDULE = 5,   /* 예약 출고 at a time */
    ARTICLE_UNSCHEDULE = 6, /* 예약 취소 */
    ARTICLE_RETRACT = 7,    /* 기사 삭제 (the row stays) */
    ARTICLE_REOPEN = 8,     /* a retracted article back to a draft */
    ARTICLE_GO_LIVE = 9,    /* the scheduler publishes a due article */
    ARTICLE_ACTION_COUNT    /* how many actions */
} ArticleAction;

/* article_transition()'s answer. */
typedef enum ArticleVerdict {
    ARTICLE_ALLOWED = 0,     /* go ahead: *pTo is the new state */
    ARTICLE_FORBIDDEN = 1,   /* not for this person (HTTP 403) */
    ARTICLE_WRONG_STATE = 2, /* not from this state (HTTP 409) */
} ArticleVerdict;

/*
 * May an actor holding the role bits 'roles' (RouteRole), who is the
 * article's author when 'bAuthor', do 'action' to an article in state
 * 'from'?  On ARTICLE_ALLOWED set '*pTo' (OUT) to the state after it (the
 * same state for open and save); otherwise set '*pzWhy' (OUT) to the
 * reason in Korean, a static string, and leave '*pTo' alone.  A person
 * without a writing role is refused everything before the state is
 * looked at.  ARTICLE_GO_LIVE is the scheduler's, not a person's: roles
 * are ignored and only 'from' decides.  Pure: no clock, no database.
 */
ArticleVerdict article_transition(ArticleState from, ArticleAction action,
                                  unsigned roles, bool bAuthor,
                                  ArticleState *pTo, const char **pzWhy);

/* "draft" … "retracted" for 'state'; "" for a value out of range. */
const char *article_state_name(ArticleState state);

/* 작성중 … 삭제 for 'state'; "" for a value out of range. */
const char *article_state_label(ArticleState state);

/*
 * The state named 'zName' ("draft" …) into '*pState' (OUT).  Return false,
 * leaving it alone, for NULL or an unknown name.
 */
bool article_state_parse(const char *zName, ArticleState *pState);

/*
 * The action named 'zName' ("save", "submit", "send_back", "publish",
 * "schedule", "unschedule", "retract", "reopen": the editor form's
 * button values) into '*pAction' (OUT).  Return false for NULL, an
 * unknown name, and "open" and "go_live", which no form sends.
 */
bool article_action_parse(const char *zName, ArticleAction *pAction);

/* The button value of 'action' ("submit" …); "" out of range. */
const char *article_action_name(ArticleAction action);

/* What 'action' is called on a button and in a revision's note
   (데스크로 넘김 …); "" out of range. */
const char *article_action_label(ArticleAction action);

#endif
