/*
 * admin_settings_page.c — /newsroom/admin/settings: the site settings that
 * used to need `sinmun settings set`: 제호 (site name), the one-line
 * tagline, the legal footer fields (등록번호 … 청소년보호책임자, the
 * privacy policy's address), the privacy policy's text and whether feeds
 * carry whole articles.  (The comment policy is the moderators', at
 * /newsroom/moderation/policy.)
 *
 * Each value is checked here with a Korean message, then by
 * app_setting_check() with the key's own rule — the same check `sinmun
 * settings set` applies through app_settings_set().  The changed keys are
 * written in one transaction with one audit row each and one "site"
 * change, so every server process reloads them within a second.
 */
#include "newsroom/newsroom.h"

#include <string.h>

#include "accounts/accounts.h"
#include "app/app.h"
#include "app/settings.h"
#include "base/str.h"
#include "newsroom/admin.h"
#include "site/site.h"

/* Longest one-line setting, in characters. */
#define ADMIN_SETTING_LINE_MAX 200

/* How a field is edited. */
typedef enum AdminFieldKind {
    ADMIN_LINE = 0, /* one line of text */
    ADMIN_URL,      /* a local path or an http(s) address */
    ADMIN_TEXT,     /* paragraphs, at most APP_SETTING_VALUE_MAX bytes */
    ADMIN_ON_OFF,   /* "on" or "off" */
} AdminFieldKind;

/* The settings this page edits, in its order. */
static const struct {
    const char *zKey;     /* settings key */
    const char *zLabel;   /* Korean label */
    const char *zTopic;   /* the label with its particle, for messages */
    const char *zMissing; /* the message when it is left empty, or NULL */
    const char *zHint;    /* what it is for */
    AdminFieldKind kind;  /* how it is edited */
    const char *zGroup;   /* the page's part: "top", "legal_fields", "bottom" */
} aAdminSetting[] = {
    {"site_name", "제호", "제호는", "제호를 적어 주십시오.",
     "신문의 이름; 모든 페이지의 제목과 법정 고지에 나옵니다", ADMIN_LINE,
     "top"},
    {"site_tagline", "한 줄 소개", "한 줄 소개는", NULL,
     "공유 카드와 검색 결과의 설명", ADMIN_LINE, "top"},
    {"registration_number", "등록번호", "등록번호는", NULL, "예: 서울 아 00000",
     ADMIN_LINE, "legal_fields"},
    {"registration_date", "등록연월일", "등록연월일은", NULL,
     "예: 2000년 1월 1일", ADMIN_LINE, "legal_fields"},
    {"publisher", "발행인", "발행인은", NULL, "", ADMIN_LINE, "legal_fields"},
    {"editor", "편집인", "편집인은", NULL, "", ADMIN_LINE, "legal_fields"},
    {"address", "발행소", "발행소는", NULL, "주소", ADMIN_LINE, "legal_fields"},
    {"phone", "전화", "전화는", NULL, "", ADMIN_LINE, "legal_fields"},
    {"youth_officer", "청소년보호책임자", "청소년보호책임자는", NULL, "",
     ADMIN_LINE, "legal_fields"},
    {"privacy_url", "개인정보처리방침 주소", "개인정보처리방침 주소는", NULL,
     "/privacy (아래 본문) 또는 http(s):// 주소", ADMIN_URL, "legal_fields"},
    {"privacy_policy", "개인정보처리방침 본문", "개인정보처리방침 본문은", NULL,
     "/privacy에 문단별로 실립니다", ADMIN_TEXT, "bottom"},
    {"feed_full_text", "피드에 기사 전문 싣기", "피드 설정은", NULL,
     "RSS와 Atom에 본문 전체를 실을지, 요약만 실을지", ADMIN_ON_OFF, "bottom"},
};
#define ADMIN_SETTINGS_N                                                       \
    ((int)(sizeof(aAdminSetting) / sizeof(aAdminSetting[0])))

/* The form: a value and an error per field. */
typedef struct AdminSettingsForm {
    const char *azValue[ADMIN_SETTINGS_N]; /* as stored or as typed */
    const char *azError[ADMIN_SETTINGS_N]; /* NULL when good */
} AdminSettingsForm;

static int admin_settings_render(Request *req, Response *res,
                                 const AdminSettingsForm *f, const char *zNote,
                                 int status)
{
    View *v = view_new(req->a);
    admin_view_tabs(v, "settings");
    bool bError = false;
    view_list(v, "top");
    view_list(v, "legal_fields");
    view_list(v, "bottom");
    for (int i = 0; i < ADMIN_SETTINGS_N; i++) {
        View *x = view_list_add(v, aAdminSetting[i].zGroup);
        view_str(x, "key", aAdminSetting[i].zKey);
        view_str(x, "label", aAdminSetting[i].zLabel);
        view_str(x, "hint", aAdminSetting[i].zHint);
        view_str(x, "value", f->azValue[i]);
        view_str(x, "error", f->azError[i]);
        view_bool(x, "required", aAdminSetting[i].zMissing != NULL);
        AdminFieldKind kind = aAdminSetting[i].kind;
        view_bool(x, "textarea", kind == ADMIN_TEXT);
        view_bool(x, "on_off", kind == ADMIN_ON_OFF);
        view_bool(x, "on", strcmp(f->azValue[i], "on") == 0);
        view_str(
            x, "limit",
            kind == ADMIN_TEXT
                ? arena_printf(req->a, "%d바이트(한글 약 %d자)까지",
                               APP_SETTING_VALUE_MAX, APP_SETTING_VALUE_MAX / 3)
                : arena_printf(req->a, "%d자까지", ADMIN_SETTING_LINE_MAX));
        bError = bError || f->azError[i] != NULL;
    }
    view_bool(v, "has_error", bError);
    view_str(v, "note", zNote);
    view_str(v, "csrf", csrf_token(req, res));
    res->status = status;
    res->bNoStore = true;
    return site_page_render(req, res, "newsroom/admin_settings_page", v,
                            "사이트 설정", NULL);
}

/* The stored values into 'f'. */
static int admin_settings_load(Request *req, StoreConn *c, AdminSettingsForm *f)
{
    memset(f, 0, sizeof(*f));
    for (int i = 0; i < ADMIN_SETTINGS_N; i++) {
        char *z = NULL;
        int rc = app_setting_get(c, req->a, aAdminSetting[i].zKey, &z);
        if (rc != OK) {
            return rc;
        }
        f->azValue[i] = z ? z : "";
        if (aAdminSetting[i].kind == ADMIN_ON_OFF && z == NULL) {
            f->azValue[i] = "off";
        }
    }
    return OK;
}

/*
 * ROUTE: GET /newsroom/admin/settings
 *   saved  present after a save (shows a note)
 */
int admin_settings_page(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    AdminSettingsForm f;
    if (rc == OK) {
        rc = admin_settings_load(req, c, &f);
    }
    if (rc != OK) {
        return rc;
    }
    return admin_settings_render(req, res, &f,
                                 req_query(req, "saved")
                                     ? "저장했습니다. 모든 페이지에 1초 안에 "
                                       "반영됩니다."
                                     : NULL,
                                 200);
}

/* What is wrong with 'z' as field 'i', in Korean; NULL when good. */
static const char *admin_setting_error(Request *req, int i, const char *z)
{
    AdminFieldKind kind = aAdminSetting[i].kind;
    size_t n = strlen(z);
    if (kind == ADMIN_ON_OFF) {
        return strcmp(z, "on") == 0 || strcmp(z, "off") == 0
                   ? NULL
                   : "싣기와 싣지 않기 가운데 하나를 골라 주십시오.";
    }
    if (kind == ADMIN_TEXT) {
        if (n > APP_SETTING_VALUE_MAX) {
            return arena_printf(req->a,
                                "%s %d바이트(한글 약 %d자)까지입니다. 지금 "
                                "%zu바이트입니다.",
                                aAdminSetting[i].zTopic, APP_SETTING_VALUE_MAX,
                                APP_SETTING_VALUE_MAX / 3, n);
        }
        return admin_check_text(req->a, z, aAdminSetting[i].zTopic, NULL,
                                APP_SETTING_VALUE_MAX, false);
    }
    const char *zError = admin_check_text(req->a, z, aAdminSetting[i].zTopic,
                                          aAdminSetting[i].zMissing,
                                          ADMIN_SETTING_LINE_MAX, true);
    if (zError == NULL && kind == ADMIN_URL && z[0] != 0 &&
        !((z[0] == '/' && z[1] != '/') || strncmp(z, "https://", 8) == 0 ||
          strncmp(z, "http://", 7) == 0)) {
        zError = arena_printf(req->a,
                              "%s /privacy 같은 사이트 안의 경로나 "
                              "http(s)://로 시작하는 주소입니다.",
                              aAdminSetting[i].zTopic);
    }
    return zError;
}

/*
 * ROUTE: POST /newsroom/admin/settings
 *   site_name            제호, 1..200 characters, one line
 *   site_tagline         0..200 characters, one line
 *   registration_number, registration_date, publisher, editor, address,
 *   phone, youth_officer 0..200 characters each, one line
 *   privacy_url          "", a local path (/privacy) or an http(s)
 *                        address, 200 characters at most
 *   privacy_policy       0..4000 bytes (APP_SETTING_VALUE_MAX)
 *   feed_full_text       on or off
 */
int admin_settings_post(Request *req, Response *res)
{
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    AdminSettingsForm old;
    if (rc == OK) {
        rc = admin_settings_load(req, c, &old);
    }
    if (rc != OK) {
        return rc;
    }
    AdminSettingsForm f;
    memset(&f, 0, sizeof(f));
    bool bBad = false;
    for (int i = 0; i < ADMIN_SETTINGS_N; i++) {
        f.azValue[i] = admin_field(req, aAdminSetting[i].zKey);
        f.azError[i] = admin_setting_error(req, i, f.azValue[i]);
        char zErr[200];
        if (f.azError[i] == NULL &&
            app_setting_check(aAdminSetting[i].zKey, f.azValue[i], zErr) !=
                OK) {
            /* The key's own rule refused what the form let through. */
            f.azError[i] =
                arena_printf(req->a, "%s 저장할 수 없는 값입니다 (%s).",
                             aAdminSetting[i].zTopic, zErr);
        }
        bBad = bBad || f.azError[i] != NULL;
    }
    if (bBad) {
        return admin_settings_render(req, res, &f, NULL, 422);
    }
    int nChanged = 0;
    UnixTime tNow = time_now();
    rc = store_begin(c);
    for (int i = 0; rc == OK && i < ADMIN_SETTINGS_N; i++) {
        if (strcmp(f.azValue[i], old.azValue[i]) == 0) {
            continue;
        }
        nChanged++;
        rc = app_setting_put(c, aAdminSetting[i].zKey, f.azValue[i]);
        if (rc == OK) {
            rc = audit_db_add(
                c, req->pViewer->accountId, tNow, "setting.update",
                arena_printf(req->a, "setting:%s", aAdminSetting[i].zKey),
                arena_printf(req->a, "%s: %s → %s", aAdminSetting[i].zLabel,
                             admin_audit_value(req->a, old.azValue[i]),
                             admin_audit_value(req->a, f.azValue[i])));
        }
    }
    if (rc == OK && nChanged > 0) {
        rc = app_change(c, "site");
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
        return rc;
    }
    if (nChanged == 0) {
        return admin_settings_render(
            req, res, &f, "바뀐 것이 없어 저장하지 않았습니다.", 200);
    }
    /* This node's pages at once; the change feed brings the others. */
    site_reload_now(req);
    res_redirect(res, "/newsroom/admin/settings?saved=1");
    return OK;
}
