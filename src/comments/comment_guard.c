/*
 * comment_guard.c — every check a comment passes before it is stored:
 * length and blankness, a guest's nickname and password, the content
 * screen (links, banned words), bans, the rate limits, the edit window,
 * and the throttle on guessing guest passwords.  Each returns the Korean
 * message the writer sees with their form, so a refusal always says what
 * to do.
 *
 * The rate limits count in the database (throttle_take(), table
 * throttle_events of accounts/), so several server processes behind one
 * balancer share one quota: keys "comment:ACTOR" (an account or a guest's
 * visitor), "commentnet:NET" (the /24 or /48) and "commentpw:NET" (wrong
 * guest passwords).
 */
#include "comments/comments_internal.h"

#include <ctype.h>
#include <string.h>

#include "app/app.h"
#include "base/utf8.h"
#include "comments/comments_db.h"
#include "view/plaintext.h"

/* The limits' window: rates are per minute. */
#define COMMENT_RATE_WINDOW_MS 60000

/* Seconds to wait, rounded up, from milliseconds. */
static long comment_wait_s(int64_t nWaitMs)
{
    return (long)((nWaitMs + 999) / 1000);
}

const char *comment_check_body(Arena *a, const char *zBody)
{
    size_t n = strlen(zBody);
    if (n == 0 || utf8_is_blank(zBody, n)) {
        return "댓글 내용을 입력해 주십시오.";
    }
    if (n > COMMENT_BODY_BYTES_MAX) {
        return "댓글이 너무 깁니다. 겹쳐 쓴 기호를 줄여서 다시 올려 "
               "주십시오.";
    }
    size_t nChars = utf8_graphemes(zBody, n);
    if (nChars > COMMENT_MAX_CHARS) {
        return arena_printf(a,
                            "댓글은 %d자까지 쓸 수 있습니다. 지금 %zu자입니다."
                            " 줄여서 다시 올려 주십시오.",
                            COMMENT_MAX_CHARS, nChars);
    }
    return NULL;
}

/* True when 'z' holds a control character (a line break in a name). */
static bool comment_has_control(const char *z)
{
    for (; *z; z++) {
        if ((unsigned char)*z < 0x20 || *z == 0x7f) {
            return true;
        }
    }
    return false;
}

const char *comment_check_guest(Arena *a, const char *zNickname,
                                const char *zPassword)
{
    (void)a;
    size_t nName = strlen(zNickname);
    if (nName == 0 || utf8_is_blank(zNickname, nName)) {
        return "닉네임을 입력해 주십시오.";
    }
    if (utf8_graphemes(zNickname, nName) > COMMENT_NICKNAME_MAX ||
        nName > COMMENT_NICKNAME_BYTES_MAX) {
        return "닉네임은 20자까지 쓸 수 있습니다.";
    }
    if (comment_has_control(zNickname)) {
        return "닉네임에는 줄바꿈이나 제어 문자를 쓸 수 없습니다.";
    }
    size_t nPw = strlen(zPassword);
    size_t nPwChars = utf8_graphemes(zPassword, nPw);
    if (nPwChars < COMMENT_PASSWORD_MIN || nPwChars > COMMENT_PASSWORD_MAX ||
        nPw > COMMENT_PASSWORD_BYTES_MAX) {
        return "비밀번호는 4~64자로 정해 주십시오. 댓글을 고치거나 지울 때 "
               "씁니다.";
    }
    return NULL;
}

/* Lower-case the ASCII letters of 'z' into a copy from 'a'. */
static char *comment_lower(Arena *a, const char *z, size_t n)
{
    char *zOut = arena_strndup(a, z, n);
    for (size_t i = 0; i < n; i++) {
        zOut[i] = (char)tolower((unsigned char)zOut[i]);
    }
    return zOut;
}

/*
 * The first word of the comma-separated 'zList' found in 'zBody' (ASCII
 * letters compared without case), or NULL.  From 'a'.
 */
static const char *comment_banned_word(Arena *a, const char *zList,
                                       const char *zBody)
{
    const char *zHay = comment_lower(a, zBody, strlen(zBody));
    const char *z = zList;
    while (*z) {
        size_t n = strcspn(z, ",\n");
        const char *zWord = z;
        size_t nWord = n;
        while (nWord > 0 && isspace((unsigned char)zWord[0])) {
            zWord++;
            nWord--;
        }
        while (nWord > 0 && isspace((unsigned char)zWord[nWord - 1])) {
            nWord--;
        }
        if (nWord > 0) {
            char *zNeedle = comment_lower(a, zWord, nWord);
            if (strstr(zHay, zNeedle) != NULL) {
                return arena_strndup(a, zWord, nWord);
            }
        }
        z += n;
        z += *z != 0;
    }
    return NULL;
}

CommentVerdict comment_screen(Arena *a, const CommentSettings *s,
                              const char *zBody, const char **pzWhy)
{
    *pzWhy = NULL;
    const char *zWord = comment_banned_word(a, s->zBannedWords, zBody);
    if (zWord != NULL && s->bBannedRefuse) {
        *pzWhy = arena_printf(a,
                              "쓸 수 없는 말(‘%s’)이 들어 있습니다. 고쳐서 "
                              "다시 올려 주십시오.",
                              zWord);
        return COMMENT_REFUSE;
    }
    if (zWord != NULL) {
        *pzWhy = "댓글이 접수되었습니다. 검토가 필요한 말이 들어 있어 "
                 "검토 후 게시됩니다.";
        return COMMENT_HOLD;
    }
    int nLinks = plaintext_count_links(zBody, strlen(zBody));
    if (s->nMaxLinks >= 0 && nLinks > s->nMaxLinks) {
        *pzWhy = arena_printf(a,
                              "댓글이 접수되었습니다. 링크가 %d개보다 많아 "
                              "검토 후 게시됩니다.",
                              s->nMaxLinks);
        return COMMENT_HOLD;
    }
    return COMMENT_PASS;
}

/* The message for 'ban' on 'zWhat' ("계정", "네트워크"). */
static const char *comment_ban_message(Arena *a, const CommentBan *ban,
                                       const char *zWhat)
{
    const char *zUntil =
        ban->tExpires != 0
            ? arena_printf(a, "%s까지", time_format_local(a, ban->tExpires))
            : "해제될 때까지";
    return arena_printf(a,
                        "이 %s은(는) 댓글을 쓸 수 없도록 제한되어 있습니다 "
                        "(%s). 사유: %s",
                        zWhat, zUntil,
                        ban->zReason[0] ? ban->zReason : "운영 정책 위반");
}

int comment_check_ban(Request *req, StoreConn *c, const char **pzMsg)
{
    *pzMsg = NULL;
    const Account *acct = NULL;
    int rc = account_current(req, &acct);
    if (rc != OK) {
        return rc;
    }
    UnixTime tNow = time_now();
    CommentBan ban;
    if (acct != NULL) {
        rc = comment_db_ban_find(
            c, req->a, comment_actor_account(req->a, acct->id), tNow, &ban);
        if (rc == OK) {
            *pzMsg = comment_ban_message(req->a, &ban, "계정");
            return OK;
        }
        if (rc != ERR_NOTFOUND) {
            return rc;
        }
    }
    const char *zNet = account_network(req->a, req->zClientIp);
    rc = comment_db_ban_find(c, req->a, comment_actor_network(req->a, zNet),
                             tNow, &ban);
    if (rc == OK) {
        *pzMsg = comment_ban_message(req->a, &ban, "네트워크");
        return OK;
    }
    return rc == ERR_NOTFOUND ? OK : rc;
}

int comment_check_rate(Request *req, StoreConn *c, const CommentSettings *s,
                       const char **pzMsg)
{
    *pzMsg = NULL;
    const char *zNet = account_network(req->a, req->zClientIp);
    const ThrottleRule aRule[2] = {
        {arena_printf(req->a, "comment:%s", account_actor_key(req)),
         s->nRatePerMinute, COMMENT_RATE_WINDOW_MS},
        {arena_printf(req->a, "commentnet:%s", zNet), s->nNetworkRate,
         COMMENT_RATE_WINDOW_MS},
    };
    int iRefused = -1;
    int64_t nWait = 0;
    int rc = throttle_take(c, aRule, 2, &iRefused, &nWait);
    if (rc != OK) {
        return rc;
    }
    if (iRefused == 0) {
        *pzMsg =
            arena_printf(req->a,
                         "댓글은 1분에 %d개까지 쓸 수 있습니다. %ld초 뒤에 "
                         "다시 올려 주십시오.",
                         s->nRatePerMinute, comment_wait_s(nWait));
    } else if (iRefused == 1) {
        *pzMsg = arena_printf(req->a,
                              "이 네트워크에서 1분에 올릴 수 있는 댓글 %d개를 "
                              "모두 썼습니다. %ld초 뒤에 다시 올려 주십시오.",
                              s->nNetworkRate, comment_wait_s(nWait));
    }
    return OK;
}

/* The wrong-password limit of the asking network. */
static ThrottleRule comment_password_rule(Request *req)
{
    ThrottleRule rule = {arena_printf(req->a, "commentpw:%s",
                                      account_network(req->a, req->zClientIp)),
                         COMMENT_PASSWORD_TRIES, COMMENT_RATE_WINDOW_MS};
    return rule;
}

int comment_password_gate(Request *req, StoreConn *c, const char **pzMsg)
{
    *pzMsg = NULL;
    ThrottleRule rule = comment_password_rule(req);
    int64_t nWait = 0;
    int rc = throttle_wait(c, &rule, &nWait);
    if (rc == OK && nWait > 0) {
        *pzMsg = arena_printf(req->a,
                              "비밀번호가 여러 번 틀렸습니다. %ld초 뒤에 다시 "
                              "해 주십시오.",
                              comment_wait_s(nWait));
    }
    return rc;
}

int comment_password_failed(Request *req, StoreConn *c)
{
    ThrottleRule rule = comment_password_rule(req);
    return throttle_record(c, &rule);
}

bool comment_may_manage(Request *req, const Comment *cm)
{
    if (cm->accountId == 0) {
        return true;
    }
    const Account *acct = NULL;
    return account_current(req, &acct) == OK && acct != NULL &&
           acct->id == cm->accountId;
}

const char *comment_check_window(Arena *a, const CommentSettings *s,
                                 const Comment *cm, UnixTime tNow)
{
    if (s->nEditMinutes == 0 ||
        tNow - cm->tCreated <= (UnixTime)s->nEditMinutes * 60) {
        return NULL;
    }
    return arena_printf(a,
                        "댓글은 쓴 뒤 %d분 안에만 고치거나 지울 수 있습니다.",
                        s->nEditMinutes);
}

int comment_manage_load(Request *req, Response *res, StoreConn **pc,
                        Comment *cm, CommentArticle *art, CommentSettings *s)
{
    int rc = app_db(req, pc);
    if (rc != OK) {
        return rc;
    }
    StoreConn *c = *pc;
    int64_t id = http_parse_id(req_path(req, "id"));
    rc = id ? comment_get(c, req->a, id, cm) : ERR_NOTFOUND;
    if (rc == OK && cm->status != COMMENT_VISIBLE &&
        cm->status != COMMENT_HELD) {
        rc = ERR_NOTFOUND;
    }
    if (rc == OK) {
        rc = comment_article_get(req, c, cm->articleId, art);
    }
    if (rc == ERR_NOTFOUND) {
        res->zMessage = "댓글이 없거나 이미 지워졌습니다.";
        return 404;
    }
    if (rc != OK) {
        return rc;
    }
    rc = comment_settings_load(c, req->a, s);
    if (rc != OK) {
        return rc;
    }
    if (!comment_may_manage(req, cm)) {
        res->zMessage = "회원이 쓴 댓글은 그 회원으로 로그인해야 고치거나 "
                        "지울 수 있습니다.";
        return 403;
    }
    const char *zLate = comment_check_window(req->a, s, cm, time_now());
    if (zLate != NULL) {
        res->zMessage = zLate;
        return 403;
    }
    return OK;
}

const char *comment_check_password(Request *req, StoreConn *c,
                                   const Comment *cm, const char *zPassword,
                                   int *pStatus, int *pRc)
{
    *pRc = OK;
    *pStatus = 0;
    if (cm->accountId != 0) {
        return NULL;
    }
    const char *zWait = NULL;
    *pRc = comment_password_gate(req, c, &zWait);
    if (*pRc != OK) {
        return "";
    }
    if (zWait != NULL) {
        *pStatus = 429;
        return zWait;
    }
    char *zHash = NULL;
    *pRc = comment_db_password(c, req->a, cm->id, &zHash);
    if (*pRc != OK) {
        return "";
    }
    if (zPassword[0] == 0 || !password_verify(zHash, zPassword)) {
        *pRc = comment_password_failed(req, c);
        if (*pRc != OK) {
            return "";
        }
        *pStatus = 403;
        return "비밀번호가 맞지 않습니다. 댓글을 쓸 때 정한 비밀번호를 "
               "넣어 주십시오.";
    }
    return NULL;
}

const char *comment_check_author(Request *req, StoreConn *c, const Comment *cm,
                                 const char *zPassword, int *pStatus, int *pRc)
{
    *pRc = OK;
    *pStatus = 0;
    if (!comment_may_manage(req, cm)) {
        *pStatus = 403;
        return "이 댓글을 쓴 회원으로 로그인해 주십시오.";
    }
    return comment_check_password(req, c, cm, zPassword, pStatus, pRc);
}
