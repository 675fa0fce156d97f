/*
 * report_page.c — "유해게시물신고": the form that reports an article or a
 * comment, and its submission.
 *
 * A report names a reason from g_aReportReason, may describe the problem
 * (required for 기타), and carries a contact when the reporter asks for
 * an answer.  One report per reporter and target (the account, or the
 * network for a guest), enforced by the table's unique key.  Reports per
 * reporter are limited (REPORT_PER_HOUR) so nobody can flood the queue.
 * When the distinct reporters of a comment reach report_blind_threshold,
 * the comment is blinded at once (a takedown by the system) and waits in
 * the queue for a moderator; an account counts toward it only once it is
 * report_min_account_age_hours old (guests count by network).  A refused form
 * comes back as typed.
 */
#include "reports/reports.h"

#include <pthread.h>
#include <string.h>

#include "accounts/accounts.h"
#include "app/app.h"
#include "articles/articles.h"
#include "base/log.h"
#include "base/utf8.h"
#include "reports/reports_internal.h"
#include "site/site.h"
#include "view/plaintext.h"
#include "web/ratelimit.h"

/* Reports one reporter (account, else network) may send an hour. */
#define REPORT_PER_HOUR 30
/* Open reports on one comment weighed against the blind threshold. */
#define REPORT_WEIGH_MAX 5000
/* Most bytes of the description and the contact (characters are checked
   too; this bounds the work before counting). */
#define REPORT_TEXT_BYTES_MAX (REPORT_TEXT_MAX * 64)
#define REPORT_CONTACT_BYTES_MAX (REPORT_CONTACT_MAX * 8)

static RateLimit *g_pReportLimit;
static pthread_once_t g_reportLimitOnce = PTHREAD_ONCE_INIT;

static void report_limit_open(void)
{
    g_pReportLimit = ratelimit_open(3600 * 1000, NULL, NULL);
}

/* What is reported, as the form shows it. */
typedef struct ReportTarget {
    ReportKind kind;      /* article or comment */
    int64_t id;           /* its id */
    int64_t articleId;    /* the article (itself, or the comment's) */
    const char *zTitle;   /* the article's title */
    const char *zExcerpt; /* the comment's text, "" for an article */
    const char *zAuthor;  /* the comment's author */
    const char *zBack;    /* where "돌아가기" leads */
    const char *zAction;  /* where the form posts */
} ReportTarget;

/* The form as typed. */
typedef struct ReportForm {
    const char *zReason;      /* reason code, "" when none chosen */
    const char *zDescription; /* what happened */
    const char *zContact;     /* where to answer */
    bool bWantsAnswer;        /* asked for an answer */
} ReportForm;

/* Load the target of this request into '*t' (OUT).  Return OK, 404 with
   res->zMessage, or ERR_*. */
static int report_target_load(Request *req, Response *res, StoreConn *c,
                              ReportKind kind, ReportTarget *t)
{
    memset(t, 0, sizeof(*t));
    t->kind = kind;
    t->id = http_parse_id(req_path(req, "id"));
    if (t->id == 0) {
        return 404;
    }
    int64_t articleId = t->id;
    t->zExcerpt = "";
    t->zAuthor = "";
    if (kind == REPORT_COMMENT) {
        Comment cm;
        int rc = comment_get(c, req->a, t->id, &cm);
        if (rc == ERR_NOTFOUND || (rc == OK && cm.status != COMMENT_VISIBLE &&
                                   cm.status != COMMENT_BLINDED)) {
            res->zMessage = "신고할 수 있는 댓글이 없습니다. 이미 지워졌거나 "
                            "숨겨졌을 수 있습니다.";
            return 404;
        }
        if (rc != OK) {
            return rc;
        }
        articleId = cm.articleId;
        t->zExcerpt = cm.status == COMMENT_VISIBLE ? cm.zBody : "";
        t->zAuthor = cm.zAuthor;
        t->zBack = comment_url(req->a, &cm);
        t->zAction =
            arena_printf(req->a, "/comment/%lld/report", (long long)t->id);
    } else {
        t->zBack = arena_printf(req->a, "/article/%lld", (long long)t->id);
        t->zAction =
            arena_printf(req->a, "/article/%lld/report", (long long)t->id);
    }
    Article art;
    int rc = article_db_get(c, req->a, articleId, &art);
    if (rc == ERR_NOTFOUND) {
        res->zMessage = "기사가 없거나 아직 공개되지 않았습니다.";
        return 404;
    }
    if (rc != OK) {
        return rc;
    }
    t->articleId = articleId;
    t->zTitle = art.zTitle;
    return OK;
}

/* Render the form for 't' as 'f' was typed, with 'zError' and 'status'. */
static int report_render(Request *req, Response *res, const ReportTarget *t,
                         const ReportForm *f, const char *zError, int status)
{
    View *v = view_new(req->a);
    bool bComment = t->kind == REPORT_COMMENT;
    view_bool(v, "comment", bComment);
    view_str(v, "kind_label", bComment ? "댓글" : "기사");
    view_str(v, "title", t->zTitle);
    view_str(v, "back", t->zBack);
    view_str(v, "author", t->zAuthor);
    view_safe(v, "excerpt",
              plaintext_render(req->a, t->zExcerpt, strlen(t->zExcerpt)));
    view_bool(v, "has_excerpt", t->zExcerpt[0] != 0);
    view_str(v, "action", t->zAction);
    view_str(v, "csrf", csrf_token(req, res));
    view_str(v, "error", zError);
    view_str(v, "description", f->zDescription);
    view_str(v, "contact", f->zContact);
    view_bool(v, "wants_answer", f->bWantsAnswer);
    view_int(v, "text_max", REPORT_TEXT_MAX);
    for (int i = 0; i < g_nReportReason; i++) {
        View *item = view_list_add(v, "reasons");
        view_str(item, "code", g_aReportReason[i].zCode);
        view_str(item, "label", g_aReportReason[i].zLabel);
        view_bool(item, "checked",
                  strcmp(f->zReason, g_aReportReason[i].zCode) == 0);
    }
    res->status = status;
    res->bNoStore = true;
    return site_page_render(req, res, "reports/report_page", v,
                            "유해게시물 신고", NULL);
}

/* The form fields of this request (missing ones ""). */
static void report_form_read(Request *req, ReportForm *f)
{
    const char *z;
    f->zReason = (z = req_form(req, "reason")) ? z : "";
    f->zDescription = (z = req_form(req, "description")) ? z : "";
    f->zContact = (z = req_form(req, "contact")) ? z : "";
    f->bWantsAnswer = req_form(req, "wants_answer") != NULL;
}

/* Check 'f'; NULL or the message (in 'a'). */
static const char *report_form_check(Arena *a, ReportForm *f)
{
    bool bKnown = false;
    for (int i = 0; i < g_nReportReason; i++) {
        bKnown = bKnown || strcmp(f->zReason, g_aReportReason[i].zCode) == 0;
    }
    if (!bKnown) {
        return "신고 사유를 하나 골라 주십시오.";
    }
    size_t nDesc = strlen(f->zDescription);
    size_t nChars = nDesc <= REPORT_TEXT_BYTES_MAX
                        ? utf8_graphemes(f->zDescription, nDesc)
                        : (size_t)REPORT_TEXT_MAX + 1;
    if (nChars > REPORT_TEXT_MAX) {
        return arena_printf(a, "설명은 %d자까지 쓸 수 있습니다 (지금 %zu자).",
                            REPORT_TEXT_MAX, nChars);
    }
    if (strcmp(f->zReason, "other") == 0 &&
        utf8_is_blank(f->zDescription, strlen(f->zDescription))) {
        return "'기타'를 고르셨다면 무엇이 문제인지 적어 주십시오.";
    }
    size_t nContact = strlen(f->zContact);
    if (nContact > REPORT_CONTACT_BYTES_MAX ||
        utf8_graphemes(f->zContact, nContact) > REPORT_CONTACT_MAX) {
        return arena_printf(a, "연락처는 %d자까지 쓸 수 있습니다.",
                            REPORT_CONTACT_MAX);
    }
    if (f->bWantsAnswer && utf8_is_blank(f->zContact, strlen(f->zContact))) {
        return "답변을 받으시려면 이메일이나 전화번호를 적어 주십시오.";
    }
    if (!f->bWantsAnswer) {
        f->zContact = ""; /* not asked for: not kept */
    }
    return NULL;
}

/* Take the database and load the target: the start of both handlers. */
static int report_open(Request *req, Response *res, ReportKind kind,
                       StoreConn **pc, ReportTarget *t)
{
    int rc = app_db(req, pc);
    if (rc != OK) {
        return rc;
    }
    return report_target_load(req, res, *pc, kind, t);
}

/* GET for either kind. */
static int report_get(Request *req, Response *res, ReportKind kind)
{
    StoreConn *c = NULL;
    ReportTarget t;
    int rc = report_open(req, res, kind, &c, &t);
    if (rc != OK) {
        return rc;
    }
    ReportForm f = {"", "", "", false};
    return report_render(req, res, &t, &f, NULL, 200);
}

/*
 * How many of the open reports on comment 'id' count toward the blind
 * threshold, into '*pn' (OUT), stopping at the threshold: a guest's (one
 * per network, as the reports table keeps them), and an account's when
 * the account is older than report_min_account_age_hours, so a handful of
 * fresh sign-ups cannot take someone's comment down.
 */
static int report_count_weighty(StoreConn *c, Arena *a, int64_t id,
                                const ReportSettings *s, UnixTime tNow,
                                int64_t *pn)
{
    *pn = 0;
    int64_t *aAccount = NULL;
    int nAccount = 0;
    int rc = report_db_open_accounts(c, a, REPORT_COMMENT, id, REPORT_WEIGH_MAX,
                                     &aAccount, &nAccount);
    UnixTime tYoungest = tNow - (UnixTime)s->nMinAccountAgeHours * 3600;
    for (int i = 0; rc == OK && i < nAccount && *pn < s->nBlindThreshold; i++) {
        UnixTime tCreated = 0;
        if (aAccount[i] == 0 || s->nMinAccountAgeHours == 0) {
            (*pn)++;
            continue;
        }
        rc = account_created_at(c, aAccount[i], &tCreated);
        if (rc == ERR_NOTFOUND) {
            rc = OK;
        } else if (rc == OK && tCreated <= tYoungest) {
            (*pn)++;
        }
    }
    return rc;
}

/* Blind comment 'id' when its distinct reporters that count reach the
   threshold (inside the report's transaction). */
static int report_maybe_blind(StoreConn *c, Arena *a, int64_t id, UnixTime tNow,
                              bool *pbBlinded)
{
    ReportSettings s;
    int rc = report_settings_load(c, &s);
    if (rc != OK || s.nBlindThreshold == 0) {
        return rc;
    }
    int64_t n = 0;
    rc = report_db_count_open(c, REPORT_COMMENT, id, &n);
    if (rc != OK || n < s.nBlindThreshold) {
        return rc;
    }
    rc = report_count_weighty(c, a, id, &s, tNow, &n);
    if (rc != OK || n < s.nBlindThreshold) {
        return rc;
    }
    Comment cm;
    rc = comment_get(c, a, id, &cm);
    if (rc != OK || cm.status != COMMENT_VISIBLE) {
        return rc;
    }
    static const ModActor system = {0, "시스템"};
    const char *zRefusal = NULL;
    rc = moderate(
        c, a, &system, REPORT_COMMENT, id, MOD_BLIND,
        arena_printf(a, "신고 %lld건 누적에 따른 자동 임시조치", (long long)n),
        &s, tNow, &zRefusal, NULL);
    *pbBlinded = rc == OK && zRefusal == NULL;
    return rc;
}

/* POST for either kind. */
static int report_post(Request *req, Response *res, ReportKind kind)
{
    StoreConn *c = NULL;
    ReportTarget t;
    int rc = report_open(req, res, kind, &c, &t);
    if (rc != OK) {
        return rc;
    }
    ReportForm f;
    report_form_read(req, &f);
    const char *zError = report_form_check(req->a, &f);
    if (zError != NULL) {
        return report_render(req, res, &t, &f, zError, 422);
    }
    const Account *acct = NULL;
    rc = account_current(req, &acct);
    if (rc != OK) {
        return rc;
    }
    const char *zReporter = account_actor_key(req);
    pthread_once(&g_reportLimitOnce, report_limit_open);
    int64_t nWaitMs = 0;
    if (!ratelimit_check(g_pReportLimit, zReporter, REPORT_PER_HOUR,
                         &nWaitMs)) {
        return report_render(
            req, res, &t, &f,
            arena_printf(req->a,
                         "신고가 너무 잦습니다. %lld분 뒤에 다시 보내 "
                         "주십시오.",
                         (long long)((nWaitMs + 59999) / 60000)),
            429);
    }
    Report r;
    memset(&r, 0, sizeof(r));
    r.kind = kind;
    r.targetId = t.id;
    r.zReporter = (char *)zReporter;
    r.zReason = (char *)f.zReason;
    r.zDescription = (char *)f.zDescription;
    r.zContact = (char *)f.zContact;
    r.bWantsAnswer = f.bWantsAnswer;
    r.tCreated = time_now();
    rc = store_begin(c);
    if (rc != OK) {
        return rc;
    }
    bool bBlinded = false;
    rc = report_db_insert(c, &r, acct ? acct->id : 0);
    if (rc == OK) {
        rc = modlog_db_insert(c, kind, t.id, "report", "", "",
                              acct ? acct->id : 0,
                              acct ? acct->zName : "비회원 독자",
                              report_reason_label(f.zReason), r.tCreated);
    }
    if (rc == OK && kind == REPORT_COMMENT) {
        rc = report_maybe_blind(c, req->a, t.id, r.tCreated, &bBlinded);
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
    }
    if (rc == ERR_CONSTRAINT) {
        return report_render(req, res, &t, &f,
                             "이미 신고하셨습니다. 운영자가 검토하고 "
                             "있습니다.",
                             409);
    }
    if (rc != OK) {
        return rc;
    }
    (void)ratelimit_hit(g_pReportLimit, zReporter, REPORT_PER_HOUR, &nWaitMs);
    log_info("report on %s %lld: %s%s", report_kind_name(kind), (long long)t.id,
             f.zReason, bBlinded ? " (blinded by count)" : "");
    if (bBlinded) {
        comment_drop_cached(req, t.articleId, true);
    }
    View *v = view_new(req->a);
    view_str(v, "back", t.zBack);
    view_str(v, "kind_label", kind == REPORT_COMMENT ? "댓글" : "기사");
    view_bool(v, "wants_answer", f.bWantsAnswer);
    view_str(v, "contact", f.zContact);
    res->bNoStore = true;
    return site_page_render(req, res, "reports/report_done", v, "신고 접수",
                            NULL);
}

/*
 * ROUTE: GET /article/{id}/report
 *   id  articles.id of a published article
 */
int article_report_page(Request *req, Response *res)
{
    return report_get(req, res, REPORT_ARTICLE);
}

/*
 * ROUTE: POST /article/{id}/report
 *   reason        one of g_aReportReason's codes
 *   description   at most REPORT_TEXT_MAX characters (needed for "other")
 *   wants_answer  present: answer by 'contact' (then required)
 *   contact       e-mail or phone, at most REPORT_CONTACT_MAX characters
 */
int article_report_post(Request *req, Response *res)
{
    return report_post(req, res, REPORT_ARTICLE);
}

/*
 * ROUTE: GET /comment/{id}/report
 *   id  comments.id of a comment readers see
 */
int comment_report_page(Request *req, Response *res)
{
    return report_get(req, res, REPORT_COMMENT);
}

/*
 * ROUTE: POST /comment/{id}/report
 *   the fields of POST /article/{id}/report
 */
int comment_report_post(Request *req, Response *res)
{
    return report_post(req, res, REPORT_COMMENT);
}
