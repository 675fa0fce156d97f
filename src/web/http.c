/*
 * http.c — small accessors over Request and Response; see http.h.
 */
#include "web/http.h"

#include <assert.h>
#include <microhttpd.h>
#include <string.h>

#include "base/log.h"
#include "web/form.h"

static const char *http_find(const Param *a, int n, const char *zName)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(a[i].zName, zName) == 0) {
            return a[i].zValue;
        }
    }
    return NULL;
}

const char *req_query(const Request *req, const char *zName)
{
    return http_find(req->aQuery, req->nQuery, zName);
}

const char *req_form(const Request *req, const char *zName)
{
    for (int i = 0; i < req->nForm; i++) {
        if (strcmp(req->aForm[i].zName, zName) == 0) {
            return form_value(req->a, &req->aForm[i]);
        }
    }
    return NULL;
}

const Param *req_form_at(const Request *req, int i)
{
    assert(i >= 0 && i < req->nForm);
    form_value(req->a, &req->aForm[i]);
    return &req->aForm[i];
}

const char *req_path(const Request *req, const char *zName)
{
    return http_find(req->aPath, req->nPath, zName);
}

const char *req_cookie(const Request *req, const char *zName)
{
    return http_find(req->aCookie, req->nCookie, zName);
}

const char *req_header(const Request *req, const char *zName)
{
    if (req->pConn == NULL) {
        return NULL;
    }
    return MHD_lookup_connection_value(req->pConn, MHD_HEADER_KIND, zName);
}

int64_t http_parse_id(const char *z)
{
    if (z == NULL || z[0] < '1' || z[0] > '9') {
        return 0;
    }
    int64_t v = 0;
    for (size_t i = 0; z[i]; i++) {
        if (z[i] < '0' || z[i] > '9' || i >= 15) {
            return 0;
        }
        v = v * 10 + (z[i] - '0');
    }
    return v;
}

int http_parse_page(const char *z)
{
    if (z == NULL) {
        return 1;
    }
    int64_t v = http_parse_id(z);
    return v >= 1 && v <= 100000 ? (int)v : 0;
}

void res_tag(Response *res, Arena *a, const char *zTag)
{
    /* Once each: the article page and its comments part both declare
       article:{id}, and a tag twice would be sent twice to CDNs. */
    for (int i = 0; i < res->nTag; i++) {
        if (strcmp(res->azTag[i], zTag) == 0) {
            return;
        }
    }
    if (res->nTag < HTTP_TAGS_MAX) {
        res->azTag[res->nTag++] = arena_strdup(a, zTag);
    } else {
        /* Kept without this tag, the page would outlive its change. */
        log_warn("http: more than %d cache tags (dropped '%s'); the page "
                 "is not stored",
                 HTTP_TAGS_MAX, zTag);
        res->bNoStore = true;
    }
}

/* True when 'z' holds a C0 control byte or DEL. */
static bool http_has_control(const char *z)
{
    for (; *z; z++) {
        if ((unsigned char)*z < 0x20 || *z == 0x7f) {
            return true;
        }
    }
    return false;
}

void res_header(Response *res, const char *zName, const char *zValue)
{
    if (http_has_control(zName) || http_has_control(zValue)) {
        /* Only the name is logged: the value may be an attacker's. */
        log_error("http: refused a header holding a control byte (%.40s)",
                  http_has_control(zName) ? "?" : zName);
        res->bBadHeader = true;
        return;
    }
    str_append_z(&res->headers, zName);
    str_append_z(&res->headers, ": ");
    str_append_z(&res->headers, zValue);
    str_append_char(&res->headers, '\n');
}

void res_redirect(Response *res, const char *zUrl)
{
    res->status = 303;
    res->bNoStore = true;
    res_header(res, "Location", zUrl);
}

/* Value of the hex digit 'c', or -1. */
static int http_hex(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* The byte "%XX" at 'z' encodes, or -1 when 'z' does not start so. */
static int http_pct_byte(const char *z)
{
    if (z[0] != '%' || http_hex(z[1]) < 0 || http_hex(z[2]) < 0) {
        return -1;
    }
    return http_hex(z[1]) * 16 + http_hex(z[2]);
}

const char *http_local_path(Arena *a, const char *zUrl)
{
    if (zUrl == NULL || zUrl[0] != '/' || zUrl[1] == '/' || zUrl[1] == '\\') {
        return NULL;
    }
    /* "/%2F…", "/%5C…": anything that decodes the path once reads "//…". */
    int cFirst = http_pct_byte(zUrl + 1);
    if (cFirst == '/' || cFirst == '\\') {
        return NULL;
    }
    size_t nOut = 0;
    bool bEncode = false;
    for (const char *z = zUrl; *z; z++) {
        unsigned char c = (unsigned char)*z;
        int cPct = http_pct_byte(z);
        if (c <= 0x20 || c == 0x7f || c == '\\' ||
            (cPct >= 0 && (cPct < 0x20 || cPct == 0x7f))) {
            return NULL;
        }
        bEncode |= c >= 0x80;
        nOut += c >= 0x80 ? 3 : 1;
        if (nOut > HTTP_LOCAL_PATH_MAX) {
            return NULL;
        }
    }
    if (!bEncode) {
        return zUrl;
    }
    static const char azHex[] = "0123456789ABCDEF";
    char *zOut = arena_alloc(a, nOut + 1);
    char *p = zOut;
    for (const char *z = zUrl; *z; z++) {
        unsigned char c = (unsigned char)*z;
        if (c >= 0x80) {
            *p++ = '%';
            *p++ = azHex[c >> 4];
            *p++ = azHex[c & 15];
        } else {
            *p++ = (char)c;
        }
    }
    *p = 0;
    return zOut;
}

const char *http_status_text(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    default:
        return "Internal Server Error";
    }
}
