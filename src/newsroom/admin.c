/*
 * admin.c — what the admin's pages share (admin.h): the field checks with
 * their Korean messages, the audit line's quoting of values, the tab bar.
 */
#include "newsroom/admin.h"

#include <string.h>

#include "accounts/accounts.h"
#include "base/str.h"
#include "base/utf8.h"

const char *admin_check_text(Arena *a, const char *z, const char *zTopic,
                             const char *zMissing, int nMaxChars, bool bOneLine)
{
    size_t n = strlen(z);
    if (zMissing != NULL && utf8_is_blank(z, n)) {
        return zMissing;
    }
    /* A grapheme is at most a few dozen bytes once the form layer has
       refused long runs of combining marks: bound before counting. */
    size_t nChars = n > (size_t)nMaxChars * 40 ? n : utf8_graphemes(z, n);
    if (nChars > (size_t)nMaxChars) {
        return arena_printf(a, "%s %d자까지입니다. 지금 %zu자입니다.", zTopic,
                            nMaxChars, nChars);
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)z[i];
        if (c == '\n' && bOneLine) {
            return arena_printf(a, "%s 한 줄로 적어 주십시오.", zTopic);
        }
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
            return arena_printf(a, "%s 제어 문자를 담을 수 없습니다.", zTopic);
        }
    }
    return NULL;
}

const char *admin_audit_value(Arena *a, const char *z)
{
    Str s;
    str_init(&s, a);
    str_append_char(&s, '\'');
    int nChars = 0;
    bool bSpace = false;
    for (const char *p = z; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            bSpace = true;
            continue;
        }
        if ((c & 0xc0) != 0x80) {
            /* A character starts: the space before it, then it. */
            if (nChars + (bSpace && nChars > 0) >= ADMIN_AUDIT_VALUE_CHARS) {
                str_append_z(&s, "…");
                break;
            }
            if (bSpace && nChars > 0) {
                str_append_char(&s, ' ');
                nChars++;
            }
            bSpace = false;
            nChars++;
        }
        str_append_char(&s, (char)c);
    }
    str_append_char(&s, '\'');
    return s.z;
}

void admin_view_tabs(View *v, const char *zCurrent)
{
    static const struct {
        const char *zName;  /* zCurrent's word */
        const char *zHref;  /* the page */
        const char *zLabel; /* its tab */
    } aTab[] = {
        {"people", "/newsroom/admin/people", "기자"},
        {"sections", "/newsroom/admin/sections", "분류"},
        {"settings", "/newsroom/admin/settings", "사이트 설정"},
        {"audit", "/newsroom/admin/audit", "변경 기록"},
    };
    view_list(v, "tabs");
    for (size_t i = 0; i < sizeof(aTab) / sizeof(aTab[0]); i++) {
        View *t = view_list_add(v, "tabs");
        view_str(t, "href", aTab[i].zHref);
        view_str(t, "label", aTab[i].zLabel);
        view_bool(t, "current",
                  zCurrent != NULL && strcmp(zCurrent, aTab[i].zName) == 0);
    }
}

const char *admin_field(Request *req, const char *zName)
{
    const char *z = req_form(req, zName);
    return z ? z : "";
}

/* The Korean words for an audit action, and where its target is edited. */
static const struct {
    const char *zAction; /* audit_log.action */
    const char *zLabel;  /* what the page says */
    const char *zPrefix; /* target prefix … */
    const char *zHref;   /* … and its page ("" + id appended when ends
                            in '/') */
} aAuditAction[] = {
    {"person.create", "기자 추가", "person:", "/newsroom/admin/people/"},
    {"person.update", "기자 정보 수정", "person:", "/newsroom/admin/people/"},
    {"person.link", "계정 연결", "person:", "/newsroom/admin/people/"},
    {"person.unlink", "계정 연결 해제", "person:", "/newsroom/admin/people/"},
    {"section.create", "분류 추가", "section:", "/newsroom/admin/sections"},
    {"section.rename", "분류 이름 바꿈",
     "section:", "/newsroom/admin/sections"},
    {"section.move", "분류 순서 바꿈", "section:", "/newsroom/admin/sections"},
    {"setting.update", "사이트 설정", "setting:", "/newsroom/admin/settings"},
};

int admin_view_audit(Request *req, StoreConn *c, View *v, const char *zList,
                     const AuditEntry *aEntry, int n)
{
    view_list(v, zList);
    for (int i = 0; i < n; i++) {
        const AuditEntry *e = &aEntry[i];
        View *item = view_list_add(v, zList);
        view_int(item, "id", e->id);
        view_str(item, "time", time_format_local(req->a, e->tAt));
        view_str(item, "time_iso", time_format_iso(req->a, e->tAt));
        Account who;
        int rc = e->accountId ? account_get(c, req->a, e->accountId, &who)
                              : ERR_NOTFOUND;
        if (rc == OK) {
            view_str(item, "who", who.zName);
            view_str(item, "login", who.zLogin);
        } else if (rc == ERR_NOTFOUND) {
            view_str(item, "who", "(알 수 없음)");
        } else {
            return rc;
        }
        view_str(item, "action", e->zAction);
        view_str(item, "target", e->zTarget);
        view_str(item, "detail", e->zDetail);
        for (size_t k = 0; k < sizeof(aAuditAction) / sizeof(aAuditAction[0]);
             k++) {
            if (strcmp(e->zAction, aAuditAction[k].zAction) != 0) {
                continue;
            }
            view_str(item, "action", aAuditAction[k].zLabel);
            const char *zHref = aAuditAction[k].zHref;
            size_t nPrefix = strlen(aAuditAction[k].zPrefix);
            if (strncmp(e->zTarget, aAuditAction[k].zPrefix, nPrefix) == 0) {
                view_str(item, "href",
                         zHref[strlen(zHref) - 1] == '/'
                             ? arena_printf(req->a, "%s%s", zHref,
                                            e->zTarget + nPrefix)
                             : zHref);
            }
        }
    }
    return OK;
}
