/*
 * comments.c — what the rest of the program asks of comments (status
 * changes for moderation, bans, settings) and the bookkeeping every
 * comment write shares: keeping the counts right and recording the cache
 * changes in the same transaction.
 */
#include "comments/comments.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/pieces.h"
#include "comments/comments_db.h"
#include "comments/comments_internal.h"

/* Status names as stored, indexed by CommentStatus. */
static const char *const azStatus[COMMENT_STATUS_COUNT] = {
    "visible", "held", "hidden", "removed", "blinded", "deleted",
};

/* comment_edit_minutes: 0 … a year. */
static const char *comment_setting_check_minutes(const char *z)
{
    int n = 0;
    return str_parse_int(z, 0, 525600, &n) ? NULL
                                           : "a whole number from 0 to 525600";
}

/* The two rates: 0 (no posts) … a million a minute. */
static const char *comment_setting_check_rate(const char *z)
{
    int n = 0;
    return str_parse_int(z, 0, 1000000, &n) ? NULL
                                            : "a whole number from 0 to "
                                              "1000000";
}

/* comment_max_links: -1 (no check) … 1000. */
static const char *comment_setting_check_links(const char *z)
{
    int n = 0;
    return str_parse_int(z, -1, 1000, &n) ? NULL
                                          : "a whole number from -1 (no "
                                            "check) to 1000";
}

/* comment_banned_action: hold or refuse. */
static const char *comment_setting_check_action(const char *z)
{
    return strcmp(z, "hold") == 0 || strcmp(z, "refuse") == 0
               ? NULL
               : "'hold' (for review) or 'refuse'";
}

const AppSetting g_aCommentSetting[] = {
    {"comment_edit_minutes", "minutes a comment stays editable (30)",
     comment_setting_check_minutes, false},
    {"comment_rate_per_minute", "comments a minute per person (2)",
     comment_setting_check_rate, false},
    {"comment_network_rate_per_minute", "comments a minute per network (10)",
     comment_setting_check_rate, false},
    {"comment_max_links", "links before a comment is held (2; -1 no check)",
     comment_setting_check_links, false},
    {"comment_banned_words", "banned words, comma-separated", NULL, false},
    {"comment_banned_action", "hold or refuse a comment with a banned word",
     comment_setting_check_action, false},
    {"comment_policy", "the line shown above the comment form", NULL, false},
};
const int g_nCommentSetting =
    sizeof(g_aCommentSetting) / sizeof(g_aCommentSetting[0]);

/* Shown above the form unless the setting comment_policy says otherwise. */
#define COMMENT_POLICY_DEFAULT                                                 \
    "주제와 무관한 악의적인 댓글은 삭제될 수 있습니다."

const char *comment_status_name(CommentStatus status)
{
    if ((int)status < 0 || (int)status >= COMMENT_STATUS_COUNT) {
        return "held";
    }
    return azStatus[status];
}

bool comment_status_parse(const char *z, CommentStatus *pStatus)
{
    for (int i = 0; i < COMMENT_STATUS_COUNT; i++) {
        if (z != NULL && strcmp(z, azStatus[i]) == 0) {
            *pStatus = (CommentStatus)i;
            return true;
        }
    }
    return false;
}

bool comment_order_parse(const char *z, CommentOrder *pOrder)
{
    if (z == NULL || strcmp(z, "newest") == 0) {
        *pOrder = COMMENT_NEWEST;
        return true;
    }
    if (strcmp(z, "oldest") == 0) {
        *pOrder = COMMENT_OLDEST;
        return true;
    }
    return false;
}

const char *comment_order_name(CommentOrder order)
{
    return order == COMMENT_OLDEST ? "oldest" : "newest";
}

/* ---------------------------------------------------------------------
 * Settings
 */

static void comment_on_setting(void *pArg, const char *zKey, const char *zValue)
{
    CommentSettings *s = pArg;
    if (strcmp(zKey, "comment_edit_minutes") == 0) {
        (void)str_parse_int(zValue, 0, 525600, &s->nEditMinutes);
    } else if (strcmp(zKey, "comment_rate_per_minute") == 0) {
        (void)str_parse_int(zValue, 0, 1000000, &s->nRatePerMinute);
    } else if (strcmp(zKey, "comment_network_rate_per_minute") == 0) {
        (void)str_parse_int(zValue, 0, 1000000, &s->nNetworkRate);
    } else if (strcmp(zKey, "comment_max_links") == 0) {
        (void)str_parse_int(zValue, -1, 1000, &s->nMaxLinks);
    } else if (strcmp(zKey, "comment_banned_words") == 0) {
        s->zBannedWords = zValue;
    } else if (strcmp(zKey, "comment_banned_action") == 0) {
        s->bBannedRefuse = strcmp(zValue, "refuse") == 0;
    } else if (strcmp(zKey, "comment_policy") == 0 && zValue[0] != 0) {
        s->zPolicy = zValue;
    }
}

int comment_settings_load(StoreConn *c, Arena *a, CommentSettings *pOut)
{
    memset(pOut, 0, sizeof(*pOut));
    pOut->nEditMinutes = 30;
    pOut->nRatePerMinute = 2;
    pOut->nNetworkRate = 10;
    pOut->nMaxLinks = 2;
    pOut->zBannedWords = "";
    pOut->zPolicy = COMMENT_POLICY_DEFAULT;
    return app_settings_each(c, a, comment_on_setting, pOut);
}

/* The settings as pages show them: read once, kept until a "site"
   change (every settings write records one). */
static AppPieceKind g_settingsKind = APP_PIECE_KIND("comment settings", "site");

/* AppPieceBuildFn: the comment settings, strings in the piece's arena. */
static int comment_settings_build(StoreConn *c, Arena *a, void *pArg,
                                  const void **ppValue)
{
    (void)pArg;
    CommentSettings *s = arena_alloc(a, sizeof(*s));
    int rc = comment_settings_load(c, a, s);
    if (rc == OK) {
        *ppValue = s;
    }
    return rc;
}

int comment_settings_shared(Request *req, const CommentSettings **ppOut)
{
    const void *p = NULL;
    int rc = app_piece_get(req, &g_settingsKind, 0, comment_settings_build,
                           NULL, &p);
    if (rc == OK) {
        *ppOut = p;
    }
    return rc;
}

/* ---------------------------------------------------------------------
 * Reading, status changes, bookkeeping
 */

int comment_get(StoreConn *c, Arena *a, int64_t id, Comment *pOut)
{
    return comment_db_get(c, a, id, pOut);
}

bool comment_reply_shown(CommentStatus status)
{
    return status == COMMENT_VISIBLE || status == COMMENT_HIDDEN ||
           status == COMMENT_REMOVED || status == COMMENT_BLINDED;
}

int comment_record_change(StoreConn *c, int64_t articleId, bool bCount)
{
    char zTag[48];
    snprintf(zTag, sizeof(zTag), "comments:%lld", (long long)articleId);
    int rc = app_change(c, zTag);
    if (rc == OK) {
        snprintf(zTag, sizeof(zTag), "article:%lld", (long long)articleId);
        rc = app_change(c, zTag);
    }
    if (rc == OK && bCount) {
        rc = app_change(c, "articles");
    }
    return rc;
}

void comment_drop_cached(Request *req, int64_t articleId, bool bCount)
{
    app_invalidate(req->app,
                   arena_printf(req->a, "comments:%lld", (long long)articleId));
    app_invalidate(req->app,
                   arena_printf(req->a, "article:%lld", (long long)articleId));
    if (bCount) {
        app_invalidate(req->app, "articles");
    }
}

int comment_set_status(StoreConn *c, int64_t id, CommentStatus status,
                       const char *zReason, UnixTime tNow, CommentStatus *pOld)
{
    Arena a;
    arena_init(&a);
    Comment cm;
    int rc = comment_db_get(c, &a, id, &cm);
    if (rc == OK) {
        rc = comment_db_set_status(c, id, status, zReason, tNow);
    }
    int nVisible = 0;
    if (rc == OK && cm.status != status) {
        nVisible = (status == COMMENT_VISIBLE) - (cm.status == COMMENT_VISIBLE);
        if (nVisible != 0) {
            rc = article_db_add_comments(c, cm.articleId, nVisible);
        }
        int nShown =
            comment_reply_shown(status) - comment_reply_shown(cm.status);
        if (rc == OK && cm.parentId != 0 && nShown != 0) {
            rc = comment_db_add_replies(c, cm.parentId, nShown);
        }
    }
    if (rc == OK) {
        rc = comment_record_change(c, cm.articleId, nVisible != 0);
    }
    if (rc == OK && pOld != NULL) {
        *pOld = cm.status;
    }
    arena_close(&a);
    return rc;
}

int comment_list_by_status(StoreConn *c, Arena *a, CommentStatus status,
                           int nOffset, int nLimit, Comment **paOut, int *pnOut)
{
    return comment_db_by_status(c, a, status, nOffset, nLimit, paOut, pnOut);
}

int comment_count_by_status(StoreConn *c, CommentStatus status, int64_t *pnOut)
{
    return comment_db_count_by_status(c, status, pnOut);
}

const char *comment_url(Arena *a, const Comment *cm)
{
    return arena_printf(a, "/article/%lld#comment-%lld",
                        (long long)cm->articleId, (long long)cm->id);
}

int comment_landing_url(Request *req, StoreConn *c, const Comment *cm,
                        const char **pzUrl)
{
    int64_t rootId = cm->parentId ? cm->parentId : cm->id;
    int64_t nBefore = 0;
    int rc = comment_db_threads_before(c, cm->articleId, rootId, COMMENT_NEWEST,
                                       &nBefore);
    if (rc != OK) {
        return rc;
    }
    int iPage = (int)(nBefore / COMMENTS_PER_PAGE) + 1;
    *pzUrl = iPage == 1
                 ? arena_printf(req->a, "/article/%lld#comment-%lld",
                                (long long)cm->articleId, (long long)cm->id)
                 : arena_printf(
                       req->a, "/article/%lld/comments?page=%d#comment-%lld",
                       (long long)cm->articleId, iPage, (long long)cm->id);
    return OK;
}

int comment_article_from_path(Request *req, Response *res, StoreConn **pc,
                              CommentArticle *pOut)
{
    Article art;
    int rc = article_from_path(req, res, pc, &art);
    if (rc == OK) {
        pOut->id = art.id;
        pOut->zTitle = art.zTitle;
        pOut->nComment = art.nComment;
    }
    return rc;
}

int comment_article_get(Request *req, StoreConn *c, int64_t id,
                        CommentArticle *pOut)
{
    Article art;
    int rc = article_db_get(c, req->a, id, &art);
    if (rc != OK) {
        return rc;
    }
    pOut->id = art.id;
    pOut->zTitle = art.zTitle;
    pOut->nComment = art.nComment;
    return OK;
}

/* ---------------------------------------------------------------------
 * Bans
 */

const char *comment_actor_account(Arena *a, int64_t accountId)
{
    return arena_printf(a, "a:%lld", (long long)accountId);
}

const char *comment_actor_network(Arena *a, const char *zNetwork)
{
    return arena_printf(a, "n:%s", zNetwork);
}

int comment_ban_add(StoreConn *c, const char *zActor, const char *zReason,
                    UnixTime tExpires, int64_t byAccountId, UnixTime tNow,
                    int64_t *pId)
{
    return comment_db_ban_insert(c, zActor, zReason, tExpires, byAccountId,
                                 tNow, pId);
}

int comment_ban_find(StoreConn *c, Arena *a, const char *zActor, UnixTime tNow,
                     CommentBan *pOut)
{
    return comment_db_ban_find(c, a, zActor, tNow, pOut);
}

int comment_ban_lift(StoreConn *c, int64_t id, int64_t byAccountId,
                     UnixTime tNow)
{
    return comment_db_ban_lift(c, id, byAccountId, tNow);
}

int comment_ban_list(StoreConn *c, Arena *a, UnixTime tNow, int nLimit,
                     CommentBan **paOut, int *pnOut)
{
    return comment_db_ban_list(c, a, tNow, nLimit, paOut, pnOut);
}
