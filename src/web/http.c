/*
 * http.c — small accessors over Request and Response; see http.h.
 */
#include "web/http.h"

#include <microhttpd.h>
#include <string.h>

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
    return http_find(req->aForm, req->nForm, zName);
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
    if (res->nTag < HTTP_TAGS_MAX) {
        res->azTag[res->nTag++] = arena_strdup(a, zTag);
    }
}

void res_header(Response *res, const char *zName, const char *zValue)
{
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
