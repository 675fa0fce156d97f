/*
 * http.h — what a handler sees: the Request it answers and the Response it
 * fills.  Both live in the request's arena.
 *
 * A handler returns OK after filling the Response (normally through
 * site_page_render()), a positive HTTP status (400, 404 …) to have the
 * router answer with the site's error page and res->zMessage, or a
 * negative ERR_* for an environment failure (logged once, 500 or 503).
 */
#ifndef SINMUN_WEB_HTTP_H
#define SINMUN_WEB_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/rc.h"
#include "base/str.h"
#include "base/timeutil.h"

/* The application's long-lived parts (defined in app/app.h). */
typedef struct App App;

/* Request methods the router knows. */
typedef enum HttpMethod {
    HTTP_GET = 1,   /* GET (and HEAD, answered without a body) */
    HTTP_POST = 2,  /* POST */
    HTTP_OTHER = 4, /* anything else: 405 */
} HttpMethod;

/* One name=value pair from the query, a form, cookies or the path. */
typedef struct Param {
    const char *zName;    /* decoded name */
    const char *zValue;   /* decoded value, valid UTF-8 (NFC for forms);
                             NULL for a form field not read yet */
    size_t nValue;        /* its length */
    const char *zPending; /* form field not read yet: decoded, checked
                             bytes waiting for form_value(); else NULL */
    size_t nPending;      /* their length */
} Param;

/*
 * Who is asking, as the server's identify step found it (ServerSetup.
 * fnIdentify, which accounts/ provides): NULL in Request.pViewer for a
 * guest.  The page shell and the router read only this; neither calls
 * accounts.
 */
typedef struct Viewer {
    int64_t accountId; /* accounts.id */
    const char *zName; /* shown name */
    unsigned roles;    /* RouteRole bits (web/router.h) */
    const char *zCsrf; /* CSRF token for forms on pages made for them */
} Viewer;

/* Most path parameters a route pattern may have. */
#define HTTP_PATH_PARAMS 4
/* Most cache tags one response may declare. */
#define HTTP_TAGS_MAX 16

/* What a handler reads. */
typedef struct Request {
    Arena *a;                      /* the request's arena */
    App *app;                      /* long-lived state */
    HttpMethod method;             /* GET/POST/other */
    bool bHead;                    /* HEAD: send headers only */
    const char *zMethod;           /* method as sent */
    const char *zPath;             /* decoded path, valid UTF-8 */
    const char *zTarget;           /* path?query as sent, for logs/keys */
    Param *aQuery;                 /* decoded query parameters */
    int nQuery;                    /* how many */
    Param *aForm;                  /* urlencoded form fields, values
                                      normalised on first read: use
                                      req_form() / req_form_at() */
    int nForm;                     /* how many */
    Param aPath[HTTP_PATH_PARAMS]; /* {name} parts of the route pattern */
    int nPath;                     /* how many */
    Param *aCookie;                /* cookies */
    int nCookie;                   /* how many */
    const char *zClientIp;         /* client address, text: the peer, or
                                      what trusted proxies say it is
                                      (web/client_addr.h) */
    void *pConn;                   /* server connection, for headers */
    void *pDb;                     /* database connection, once taken */
    uint64_t nDbEpoch;             /* app/pieces.h: the shared pieces'
                                      epoch when pDb was taken (its reads
                                      began no earlier) */
    bool bStaleOk;                 /* an anonymous GET of a public page:
                                      its reads may be a second stale (a
                                      read replica may answer them) */
    const Viewer *pViewer;         /* signed-in viewer, NULL for a guest */
    const void *pUser;             /* accounts/' own record of the viewer */
    bool bUserKnown;               /* pUser has been looked up */
    const char *zBody;             /* raw request body (NUL-terminated) */
    size_t nBody;                  /* its length */
} Request;

/* What a handler fills. */
typedef struct Response {
    int status;                       /* HTTP status, 200 by default */
    const char *zContentType;         /* MIME type with charset */
    Str body;                         /* the bytes to send */
    Str headers;                      /* extra "Name: value\n" lines */
    const char *azTag[HTTP_TAGS_MAX]; /* cache tags this page depends on */
    int nTag;                         /* how many */
    UnixTime tModified;               /* Last-Modified; 0 = time of render */
    bool bNoStore;                    /* never store (personal content) */
    const char *zMessage;             /* for error statuses: what to fix */
    bool bBadHeader; /* res_header() refused a header: answer 500 */
} Response;

/* Signature of every route handler. */
typedef int (*Handler)(Request *req, Response *res);

/* Value of the query parameter 'zName', or NULL. */
const char *req_query(const Request *req, const char *zName);
/*
 * Value of the form field 'zName' (NFC, CRLF turned into LF), or NULL.
 * The first read of a field normalises it, from req->a.
 */
const char *req_form(const Request *req, const char *zName);

/*
 * The form field at 'i' (0 <= i < req->nForm), its value normalised as
 * req_form() does: for pages that list every field sent.
 */
const Param *req_form_at(const Request *req, int i);
/* Value of the path parameter 'zName' (from "{zName}"), or NULL. */
const char *req_path(const Request *req, const char *zName);
/* Value of the cookie 'zName', or NULL. */
const char *req_cookie(const Request *req, const char *zName);
/* Value of the request header 'zName' (case-insensitive), or NULL. */
const char *req_header(const Request *req, const char *zName);

/*
 * Parse 'z' as a positive decimal id (1 … 2^53); return it, or 0 when it
 * is anything else ("", "01", "1a", "-3", too long).
 */
int64_t http_parse_id(const char *z);

/*
 * Parse the page number 'z' (NULL means 1).  Return 1 … 100000, or 0 for
 * anything invalid.
 */
int http_parse_page(const char *z);

/*
 * Declare that the response depends on cache tag 'zTag' (copied from 'a';
 * a tag declared before is not added again).  Past HTTP_TAGS_MAX tags the
 * response is marked bNoStore (logged): stored without a tag, it would
 * outlive the change that tag names.
 */
void res_tag(Response *res, Arena *a, const char *zTag);

/*
 * Add a response header line "zName: zValue".  A name or value holding a
 * control byte (C0 or DEL: CR and LF would start a header of their own)
 * is a programming error: it is logged, never added, and sets
 * res->bBadHeader, which makes the server answer 500 instead of 'res'.
 */
void res_header(Response *res, const char *zName, const char *zValue);

/*
 * Answer "303 See Other" to 'zUrl' (a local path such as
 * "/article/1#comment-5"): the Post/Redirect/Get step after a form.  A
 * path that came from the request must pass http_local_path() first.
 */
void res_redirect(Response *res, const char *zUrl);

/* Longest path a redirect field (next=, back=) may name, in bytes. */
#define HTTP_LOCAL_PATH_MAX 1000

/*
 * The one test of a redirect target that came from the request (the
 * fields next= and back=): 'zUrl' as a path on this site, or NULL when it
 * is not one.  Safe means: starts with one "/" (not "//", not "/\"),
 * holds no control byte, space or backslash anywhere and no
 * percent-encoded control byte, slash or backslash right after the
 * leading "/" (browsers drop tabs and newlines from a URL and read "\"
 * as "/", so "/\t/evil.example" would leave the site), and is at most
 * HTTP_LOCAL_PATH_MAX bytes once encoded.  Bytes from 0x80 up (a Korean
 * path) come back percent-encoded, so a Location header stays ASCII.
 * NULL 'zUrl' gives NULL.  The answer is 'zUrl' itself or allocated in
 * 'a'.
 */
const char *http_local_path(Arena *a, const char *zUrl);

/* The reason phrase of 'status' ("Not Found"). */
const char *http_status_text(int status);

#endif
