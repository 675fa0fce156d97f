/*
 * comment_post.c — POST /article/{id}/comments: a new comment, or a reply
 * when the form names a parent.  A reply to a reply joins its thread (the
 * stored parent is always the root: one level of nesting).
 *
 * Checks, in order, each with its message and the form back as typed:
 * honeypot (400), text (422), guest nickname and password (422), parent
 * (404), bans (403), banned words that refuse (422), rate limits (429).
 * Too many links or a banned word that holds → stored as "held" and the
 * writer told it will appear after review (202).  Otherwise the comment,
 * the article's count, the thread's reply count and the cache changes are
 * written in one transaction, and the writer is sent to the comment.
 *
 * Runs on the worker pool (RUN_WORKER): a guest's password is hashed with
 * Argon2id.
 */
#include "comments/comments.h"

#include <sodium.h>
#include <string.h>

#include "app/app.h"
#include "base/log.h"
#include "comments/comments_db.h"
#include "comments/comments_internal.h"

/* The form fields as sent; missing ones are "". */
static const char *comment_field(Request *req, const char *zName)
{
    const char *z = req_form(req, zName);
    return z ? z : "";
}

/* Send the form back with 'zError' and 'status'. */
static int comment_refuse(Request *req, Response *res, StoreConn *c,
                          const CommentArticle *art, const Comment *pParent,
                          CommentForm *f, int status, const char *zError)
{
    f->zError = zError;
    log_info("comment refused (%d) on article %lld: %s", status,
             (long long)art->id, zError);
    if (pParent != NULL) {
        f->zSubmit = "답글 등록";
        f->zPrefix = "reply";
        return comment_render_reply(req, res, c, pParent, f, status);
    }
    f->parentId = 0;
    return comment_render_form_page(req, res, c, art, f, status);
}

/* Insert 'cm' with its counts and cache changes, in one transaction. */
static int comment_store(StoreConn *c, const Comment *cm, const char *zHash,
                         int64_t *pId)
{
    int rc = store_begin(c);
    if (rc != OK) {
        return rc;
    }
    bool bVisible = cm->status == COMMENT_VISIBLE;
    rc = comment_db_insert(c, cm, zHash, pId);
    if (rc == OK && bVisible) {
        rc = article_db_add_comments(c, cm->articleId, 1);
    }
    if (rc == OK && bVisible && cm->parentId != 0) {
        rc = comment_db_add_replies(c, cm->parentId, 1);
    }
    if (rc == OK) {
        rc = comment_record_change(c, cm->articleId, bVisible);
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
    }
    return rc;
}

/*
 * ROUTE: POST /article/{id}/comments
 *   id        articles.id of a published article
 *   body      the comment: 1–1000 characters (after NFC, CRLF → LF), not
 *             only white space
 *   parent    optional: comments.id of a visible comment of this article
 *             to answer
 *   nickname  guests: 1–20 characters, no control characters
 *   password  guests: 4–64 characters; hashed (Argon2id)
 *   website   honeypot, hidden from people: must stay empty
 */
int comment_post(Request *req, Response *res)
{
    StoreConn *c = NULL;
    CommentArticle art;
    int rc = comment_article_from_path(req, res, &c, &art);
    if (rc != OK) {
        return rc;
    }
    int64_t id = art.id;
    const Account *acct = NULL;
    rc = account_current(req, &acct);
    if (rc != OK) {
        return rc;
    }
    CommentForm f;
    rc = comment_form_init(req, &art, &f);
    if (rc != OK) {
        return rc;
    }
    /* This answer is for the writer alone: their token may be in it. */
    f.zCsrf = csrf_token(req, res);
    f.zBody = comment_field(req, "body");
    f.zNickname = comment_field(req, "nickname");
    f.zPassword = comment_field(req, "password");

    /* The comment answered, if any, and the root of its thread. */
    const char *zParent = comment_field(req, "parent");
    Comment parent;
    const Comment *pParent = NULL;
    if (zParent[0] != 0) {
        int64_t parentId = http_parse_id(zParent);
        rc =
            parentId ? comment_get(c, req->a, parentId, &parent) : ERR_NOTFOUND;
        if (rc != OK && rc != ERR_NOTFOUND) {
            return rc;
        }
        if (rc == ERR_NOTFOUND || parent.articleId != id ||
            parent.status != COMMENT_VISIBLE) {
            return comment_refuse(req, res, c, &art, NULL, &f, 404,
                                  "답글을 달 댓글이 없거나 더 이상 보이지 "
                                  "않습니다. 새 댓글로 올릴 수 있습니다.");
        }
        pParent = &parent;
        f.parentId = parent.id;
    }

    if (comment_field(req, "website")[0] != 0) {
        return comment_refuse(req, res, c, &art, pParent, &f, 400,
                              "자동 등록 프로그램이 채우는 칸이 채워져 있어 "
                              "받지 않았습니다. 사람이 쓰셨다면 화면에 "
                              "보이지 않는 ‘이 칸은 비워 두십시오’ 칸을 "
                              "비우고 다시 올려 주십시오.");
    }
    const char *zWhy = comment_check_body(req->a, f.zBody);
    if (zWhy == NULL && acct == NULL) {
        zWhy = comment_check_guest(req->a, f.zNickname, f.zPassword);
    }
    if (zWhy != NULL) {
        return comment_refuse(req, res, c, &art, pParent, &f, 422, zWhy);
    }
    rc = comment_check_ban(req, c, &zWhy);
    if (rc != OK) {
        return rc;
    }
    if (zWhy != NULL) {
        return comment_refuse(req, res, c, &art, pParent, &f, 403, zWhy);
    }
    CommentSettings s;
    rc = comment_settings_load(c, req->a, &s);
    if (rc != OK) {
        return rc;
    }
    const char *zHeld = NULL;
    CommentVerdict verdict = comment_screen(req->a, &s, f.zBody, &zHeld);
    if (verdict == COMMENT_REFUSE) {
        return comment_refuse(req, res, c, &art, pParent, &f, 422, zHeld);
    }
    rc = comment_check_rate(req, c, &s, &zWhy);
    if (rc != OK) {
        return rc;
    }
    if (zWhy != NULL) {
        return comment_refuse(req, res, c, &art, pParent, &f, 429, zWhy);
    }

    char zHash[crypto_pwhash_STRBYTES];
    if (acct == NULL) {
        rc = password_hash(f.zPassword, zHash);
        if (rc != OK) {
            return rc;
        }
    }
    Comment cm;
    memset(&cm, 0, sizeof(cm));
    cm.articleId = id;
    if (pParent != NULL) {
        cm.parentId = pParent->parentId ? pParent->parentId : pParent->id;
    }
    cm.accountId = acct ? acct->id : 0;
    cm.zAuthor = acct ? acct->zName : (char *)f.zNickname;
    cm.zBody = (char *)f.zBody;
    cm.status = verdict == COMMENT_HOLD ? COMMENT_HELD : COMMENT_VISIBLE;
    cm.zNetwork = (char *)account_network(req->a, req->zClientIp);
    cm.tCreated = time_now();
    int64_t cid = 0;
    rc = comment_store(c, &cm, acct ? NULL : zHash, &cid);
    sodium_memzero(zHash, sizeof(zHash));
    if (rc != OK) {
        return rc;
    }
    comment_drop_cached(req, id, cm.status == COMMENT_VISIBLE);
    const char *zArticle =
        arena_printf(req->a, "/article/%lld#comments", (long long)id);
    if (cm.status == COMMENT_HELD) {
        log_info("comment %lld on article %lld held: %s", (long long)cid,
                 (long long)id, zHeld);
        return comment_render_notice(req, res, 202, "검토 후 게시됩니다", zHeld,
                                     zArticle);
    }
    const char *zUrl = NULL;
    cm.id = cid;
    rc = comment_landing_url(req, c, &cm, &zUrl);
    if (rc != OK) {
        return rc;
    }
    res_redirect(res, zUrl);
    return OK;
}
