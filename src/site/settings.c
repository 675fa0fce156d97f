/*
 * settings.c — the site's own settings keys: the legal footer (제호 …
 * 개인정보처리방침), the tagline, the privacy policy text and whether feeds
 * carry whole articles.  src/wiring.c registers them with app/settings.h;
 * the snapshot (site.c) reads them.
 */
#include "site/site.h"

#include <string.h>

/* feed_full_text is "on" (feeds carry bodies) or "off" (summaries). */
static const char *site_check_on_off(const char *zValue)
{
    if (strcmp(zValue, "on") == 0 || strcmp(zValue, "off") == 0) {
        return NULL;
    }
    return "the value is 'on' or 'off'";
}

/* A one-line field of the footer: no line breaks. */
static const char *site_check_line(const char *zValue)
{
    if (strpbrk(zValue, "\r\n") != NULL) {
        return "the value is one line of text";
    }
    return NULL;
}

/* The privacy policy address: empty, a local path or an http(s) URL. */
static const char *site_check_url(const char *zValue)
{
    if (zValue[0] == 0 || (zValue[0] == '/' && zValue[1] != '/') ||
        strncmp(zValue, "https://", 8) == 0 ||
        strncmp(zValue, "http://", 7) == 0) {
        return site_check_line(zValue);
    }
    return "the value is a local path (/privacy) or an http(s) address";
}

const AppSetting g_aSiteSetting[] = {
    {"site_name", "제호: the paper's name", site_check_line, false},
    {"registration_number", "등록번호", site_check_line, false},
    {"registration_date", "등록연월일", site_check_line, false},
    {"publisher", "발행인", site_check_line, false},
    {"editor", "편집인", site_check_line, false},
    {"address", "발행소", site_check_line, false},
    {"phone", "전화", site_check_line, false},
    {"youth_officer", "청소년보호책임자", site_check_line, false},
    {"privacy_url", "개인정보처리방침 link: /privacy or an address",
     site_check_url, false},
    {"site_tagline", "one line for share cards and meta tags", site_check_line,
     false},
    {"privacy_policy", "the text of /privacy (paragraphs by line)", NULL,
     false},
    {"feed_full_text", "on: feeds carry whole articles; off: summaries",
     site_check_on_off, false},
};
const int g_nSiteSetting = sizeof(g_aSiteSetting) / sizeof(g_aSiteSetting[0]);
