/*
 * server.c — libmicrohttpd adapter and the request flow; see server.h.
 *
 * libmicrohttpd calls the access handler several times per request.  The
 * first call only notes that the request started (queueing a response on
 * the first call makes libmicrohttpd close keep-alive connections: about
 * 4x fewer requests/s measured); calls with upload data collect the body
 * up to the limit; the last call runs the request and queues the answer.
 * The raw request target comes from the URI log callback, which also
 * allocates the per-request context (owned by the connection's Conn until
 * the request completes); libmicrohttpd's own unescaping and query
 * splitting are turned off so that form.c decodes and checks every byte
 * itself.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/netaddr.h"
#include "base/xmalloc.h"
#include "web/client_addr.h"
#include "web/form.h"
#include "web/headwatch.h"

/* Headers sent with every response. */
static const struct {
    const char *zName;  /* header */
    const char *zValue; /* value */
} aSecurityHeader[] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; "
     "img-src 'self' data: https:; font-src 'self'; object-src 'none'; "
     "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
    {"X-Frame-Options", "SAMEORIGIN"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
};

/* Raw bytes of the request target kept in an access line (then "..."). */
#define SERVER_LOG_TARGET_MAX 4096
/* Raw bytes of a Referer or User-Agent kept in an access line. */
#define SERVER_LOG_HEADER_MAX 1024
/* Raw bytes of the method and the client address kept in a line. */
#define SERVER_LOG_WORD_MAX 64
/* Bytes of an access line besides its escaped fields: separators, time,
   status, size, duration and cache word. */
#define SERVER_LOG_FIXED 160

/* What the page cache did for a request, for the access log. */
typedef enum ServerCacheUse {
    SERVER_CACHE_NONE = 0, /* not a cache candidate ("-") */
    SERVER_CACHE_MISS,     /* looked up, not there: rendered ("miss") */
    SERVER_CACHE_HIT,      /* answered from the cache ("hit") */
} ServerCacheUse;

typedef struct ReqCtx ReqCtx;
typedef struct Conn Conn;

/* The server running in this process, for server_health(). */
static struct Server *_Atomic g_pRunning;

struct Server {
    struct MHD_Daemon *pDaemon;   /* the libmicrohttpd daemon */
    const ServerSetup *pSetup;    /* routes, cache, hooks */
    atomic_int nActive;           /* requests between start and completion */
    char zCacheControl[160];      /* Cache-Control for public pages */
    pthread_t *aWorker;           /* worker threads for RUN_WORKER routes */
    int nWorker;                  /* how many started */
    pthread_mutex_t jobMutex;     /* guards the job queue */
    pthread_cond_t jobCond;       /* signalled when a job arrives or on stop */
    ReqCtx *pJobFirst;            /* queued requests, oldest first */
    ReqCtx *pJobLast;             /* newest */
    int nJob;                     /* how many are queued */
    bool bStopWorkers;            /* workers end when the queue is empty */
    HeadWatch *pHeadWatch;        /* deadline and cap for request heads */
    NetList trusted;              /* trusted_proxies */
    ClientAddrHeader proxyHeader; /* the header those proxies write */
};

/* Everything one request owns; freed when libmicrohttpd says it is done. */
struct ReqCtx {
    Arena arena;                 /* the request's arena */
    Server *pServer;             /* owning server */
    char *zUri;                  /* request target as sent */
    int64_t tStart;              /* monotonic µs at start */
    bool bStarted;               /* the first access-handler call happened */
    bool bTooLarge;              /* body over the limit */
    bool bQueued;                /* a response was queued early (413) */
    Str body;                    /* request body */
    int status;                  /* status sent, for the log */
    size_t nSent;                /* body bytes sent, for the log */
    const char *zMethod;         /* for the log */
    const char *zVersion;        /* "HTTP/1.1" or "HTTP/1.0", for the log */
    ServerCacheUse cacheUse;     /* what the cache did, for the log */
    CacheEntry *pEntry;          /* cache entry whose bytes are being sent */
    struct MHD_Connection *pCon; /* the connection, for resuming */
    Request *pReq;               /* the parsed request, once routed */
    Request *pReqAny;            /* the parsed request, from the start */
    Response *pRes;              /* the handler's response */
    const Route *pRoute;         /* the route chosen */
    int rcIdentify;              /* what fnIdentify returned */
    bool bAnonGet;               /* anonymous GET/HEAD: may use the cache */
    uint64_t epoch;              /* cache epoch before the handler ran */
    int rc;                      /* handler result */
    bool bSuspended;             /* waiting for a worker */
    atomic_bool bWorkDone;       /* the worker finished; answer on resume */
    ReqCtx *pNextJob;            /* job queue link */
    Conn *pConnRec;              /* the connection it arrived on */
    int64_t tQueued;             /* monotonic µs when it was queued */
};

/*
 * One client connection, from accept to close (MHD_OPTION_NOTIFY_
 * CONNECTION, which libmicrohttpd calls for every connection it closes).
 * It owns the request in progress: libmicrohttpd does not always report
 * a request complete (see server_on_uri()), and whatever it did not
 * report is freed here when the connection goes.
 */
struct Conn {
    ReqCtx *pReq;   /* request begun (target seen) and not yet completed */
    HeadEntry head; /* its place in the head watch while a head is due */
};

/* ---------------------------------------------------------------------
 * Responses
 */

static void server_add_common(struct MHD_Response *r)
{
    for (size_t i = 0; i < sizeof(aSecurityHeader) / sizeof(aSecurityHeader[0]);
         i++) {
        MHD_add_response_header(r, aSecurityHeader[i].zName,
                                aSecurityHeader[i].zValue);
    }
}

/*
 * Add each "Name: value\n" line of 'z' (NULL for none) as a header of
 * 'r'.  libmicrohttpd copies names and values, so the line is cut into
 * one scratch copy freed here.
 */
static void server_add_lines(struct MHD_Response *r, const char *z)
{
    if (z == NULL || *z == 0) {
        return;
    }
    char *zCopy = strdup(z);
    if (zCopy == NULL) {
        log_error("http: out of memory adding headers");
        abort();
    }
    char *zLine = zCopy;
    while (zLine != NULL && *zLine) {
        char *zEnd = strchr(zLine, '\n');
        if (zEnd != NULL) {
            *zEnd = 0;
        }
        char *zColon = strchr(zLine, ':');
        if (zColon != NULL) {
            *zColon = 0;
            const char *zValue = zColon + 1;
            while (*zValue == ' ') {
                zValue++;
            }
            MHD_add_response_header(r, zLine, zValue);
        }
        zLine = zEnd != NULL ? zEnd + 1 : NULL;
    }
    free(zCopy);
}

/* True when the header lines 'z' ("Name: value\n"…) set 'zName'. */
static bool server_has_header(const char *z, const char *zName)
{
    size_t nName = strlen(zName);
    while (z != NULL && *z) {
        if (strncasecmp(z, zName, nName) == 0 && z[nName] == ':') {
            return true;
        }
        z = strchr(z, '\n');
        z = z ? z + 1 : NULL;
    }
    return false;
}

static bool server_accepts_gzip(struct MHD_Connection *con)
{
    const char *z =
        MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Accept-Encoding");
    return z != NULL && strstr(z, "gzip") != NULL;
}

/*
 * True when the request's validators say the client's copy is current.
 * The identity and gzip bytes carry different strong ETags ("x" and
 * "x-gz", as HTTP wants), so a match is on the hash inside the quotes.
 */
static bool server_not_modified(struct MHD_Connection *con, const char *zEtag,
                                UnixTime tModified)
{
    const char *zInm =
        MHD_lookup_connection_value(con, MHD_HEADER_KIND, "If-None-Match");
    if (zInm != NULL) {
        if (strcmp(zInm, "*") == 0) {
            return true;
        }
        char zHash[24];
        size_t n = strlen(zEtag);
        if (n < 3 || n - 2 >= sizeof(zHash)) {
            return false;
        }
        memcpy(zHash, zEtag + 1, n - 2);
        zHash[n - 2] = 0;
        return strstr(zInm, zHash) != NULL;
    }
    const char *zIms =
        MHD_lookup_connection_value(con, MHD_HEADER_KIND, "If-Modified-Since");
    UnixTime t;
    return zIms != NULL && time_parse_http(zIms, &t) && tModified <= t;
}

/* Give back what the request holds before its answer goes out. */
static void server_request_done(ReqCtx *ctx)
{
    const ServerSetup *setup = ctx->pServer->pSetup;
    if (ctx->pReqAny != NULL && setup->fnRequestDone != NULL) {
        setup->fnRequestDone(ctx->pReqAny);
    }
}

/* Queue 'r' with 'status' and drop our reference to it. */
static int server_queue(ReqCtx *ctx, struct MHD_Connection *con, int status,
                        struct MHD_Response *r)
{
    server_request_done(ctx);
    ctx->status = status;
    if (r == NULL) {
        return MHD_NO; /* out of memory: libmicrohttpd closes the link */
    }
    int rc = MHD_queue_response(con, (unsigned)status, r);
    MHD_destroy_response(r);
    return rc;
}

/*
 * Add the page's cache tags 'azTag' ('nTag' of them) for CDNs and
 * reverse proxies: Surrogate-Key (Fastly, Varnish's xkey through our VCL)
 * separates them with spaces, Cache-Tag (Cloudflare) with commas, as each
 * expects.  Tags are the page cache's own ("article:42", "site"), so a
 * purge by the tag a change records drops the same pages everywhere.
 * Nothing is added for a page without tags.
 */
static void server_add_tags(struct MHD_Response *r, const char *const *azTag,
                            int nTag)
{
    if (nTag <= 0) {
        return;
    }
    size_t n = 0;
    for (int i = 0; i < nTag; i++) {
        n += strlen(azTag[i]) + 1;
    }
    char *zKeys = xmalloc(n);
    char *zCommas = xmalloc(n);
    size_t at = 0;
    for (int i = 0; i < nTag; i++) {
        size_t nOne = strlen(azTag[i]);
        if (i > 0) {
            zKeys[at] = ' ';
            zCommas[at] = ',';
            at++;
        }
        memcpy(zKeys + at, azTag[i], nOne);
        memcpy(zCommas + at, azTag[i], nOne);
        at += nOne;
    }
    zKeys[at] = 0;
    zCommas[at] = 0;
    MHD_add_response_header(r, "Surrogate-Key", zKeys);
    MHD_add_response_header(r, "Cache-Tag", zCommas);
    free(zKeys);
    free(zCommas);
}

/*
 * The headers every answer a shared cache may keep carries, a 304 as much
 * as a 200 (RFC 9111 4.3.4: a 304 updates the stored response's headers,
 * so one without them would leave a proxy with stale ones): Vary, the
 * ETag 'zEtag', Last-Modified 'tModified', the handler's lines 'zExtra'
 * (may be NULL), Cache-Control 'zCacheControl' unless the handler set its
 * own, and the tags.
 */
static void server_add_shared(struct MHD_Response *r, const char *zEtag,
                              UnixTime tModified, const char *zExtra,
                              const char *zCacheControl,
                              const char *const *azTag, int nTag)
{
    MHD_add_response_header(r, "Vary", "Accept-Encoding, Cookie");
    MHD_add_response_header(r, "ETag", zEtag);
    char zDate[30];
    time_format_http(tModified, zDate);
    MHD_add_response_header(r, "Last-Modified", zDate);
    server_add_lines(r, zExtra);
    if (!server_has_header(zExtra, "Cache-Control")) {
        MHD_add_response_header(r, "Cache-Control", zCacheControl);
    }
    server_add_tags(r, azTag, nTag);
}

/* Which prebuilt answer of a cached page: index into ServerPrepared. */
#define SERVER_VARIANT(bGzip, bNotModified) ((bGzip)*2 + (bNotModified))

/*
 * The answers of one cached page with every header in place, built once
 * when the page is stored (server_prepare_entry()) and queued for every
 * hit: libmicrohttpd counts references to a response, so one can go to
 * any number of connections at once.  Built per hit, the 14 headers were
 * 42 mallocs, 42 frees, a Last-Modified date formatted and the handler's
 * header lines parsed again, every time.
 */
typedef struct ServerPrepared {
    /* [SERVER_VARIANT(bGzip, bNotModified)], "X-Cache: hit"; the gzip
       ones NULL when the page has no gzip copy */
    struct MHD_Response *apRes[4];
} ServerPrepared;

/*
 * A new response for the cached page 'e': its identity or gzip bytes
 * ('bGzip'), or none for a 304 ('bNotModified'), with the security
 * headers, Content-Type, Content-Encoding, X-Cache ('bHit') and what
 * server_add_shared() adds, with the variant's ETag ("x" or "x-gz").
 * The body is not copied: 'e' must outlive every send.  NULL when memory
 * runs out.
 */
static struct MHD_Response *server_entry_response(const Server *s,
                                                  const CacheEntry *e,
                                                  bool bGzip, bool bNotModified,
                                                  bool bHit)
{
    const char *p = bGzip ? e->zGzip : e->zBody;
    size_t n = bNotModified ? 0 : bGzip ? e->nGzip : e->nBody;
    struct MHD_Response *r = MHD_create_response_from_buffer(
        n, n > 0 ? (void *)p : (void *)"", MHD_RESPMEM_PERSISTENT);
    if (r == NULL) {
        return NULL;
    }
    server_add_common(r);
    MHD_add_response_header(r, "Content-Type", e->zContentType);
    if (bGzip && !bNotModified) {
        MHD_add_response_header(r, "Content-Encoding", "gzip");
    }
    MHD_add_response_header(r, "X-Cache", bHit ? "hit" : "miss");
    char zEtagGz[32];
    if (bGzip) {
        snprintf(zEtagGz, sizeof(zEtagGz), "%.*s-gz\"",
                 (int)strlen(e->zEtag) - 1, e->zEtag);
    }
    server_add_shared(r, bGzip ? zEtagGz : e->zEtag, e->tModified,
                      e->zExtraHeaders, s->zCacheControl,
                      (const char *const *)e->azTag, e->nTag);
    return r;
}

/* Bytes a prebuilt answer holds besides the body: a rough count. */
#define SERVER_PREPARED_BYTES 2048u

/*
 * CacheHooks.fnPrepare: build the hit answers of 'e' (200 and 304, each
 * identity and, when there is a gzip copy, gzip).  'pArg' is the Server.
 * NULL when memory runs out (hits then build their answer each time).
 */
static void *server_prepare_entry(const CacheEntry *e, void *pArg,
                                  size_t *pnBytes)
{
    const Server *s = pArg;
    ServerPrepared *pp = calloc(1, sizeof(*pp));
    if (pp == NULL) {
        return NULL;
    }
    *pnBytes += sizeof(*pp);
    for (int bGzip = 0; bGzip < 2; bGzip++) {
        if (bGzip && e->zGzip == NULL) {
            continue;
        }
        for (int bNotModified = 0; bNotModified < 2; bNotModified++) {
            pp->apRes[SERVER_VARIANT(bGzip, bNotModified)] =
                server_entry_response(s, e, bGzip, bNotModified, true);
            *pnBytes += SERVER_PREPARED_BYTES +
                        (e->zExtraHeaders ? strlen(e->zExtraHeaders) : 0);
        }
    }
    return pp;
}

/*
 * CacheHooks.fnRelease: drop the cache's reference to each prebuilt
 * answer; connections still sending one keep theirs.
 */
static void server_release_entry(void *pPrepared)
{
    ServerPrepared *pp = pPrepared;
    for (size_t i = 0; i < sizeof(pp->apRes) / sizeof(pp->apRes[0]); i++) {
        if (pp->apRes[i] != NULL) {
            MHD_destroy_response(pp->apRes[i]);
        }
    }
    free(pp);
}

/*
 * Send a stored page (or 304), holding a reference to 'e' until the
 * request completes.  A hit queues the page's prebuilt answer; the first
 * send after storing ('bHit' false, "X-Cache: miss") builds its own.
 */
static int server_send_entry(ReqCtx *ctx, struct MHD_Connection *con,
                             CacheEntry *e, bool bHit)
{
    ctx->pEntry = e;
    ctx->cacheUse = bHit ? SERVER_CACHE_HIT : SERVER_CACHE_MISS;
    bool bNotModified = server_not_modified(con, e->zEtag, e->tModified);
    bool bGzip = e->zGzip != NULL && server_accepts_gzip(con);
    int status = bNotModified ? 304 : e->status;
    if (!bNotModified) {
        ctx->nSent = bGzip ? e->nGzip : e->nBody;
    }
    const ServerPrepared *pp = e->pPrepared;
    struct MHD_Response *r =
        bHit && pp != NULL ? pp->apRes[SERVER_VARIANT(bGzip, bNotModified)]
                           : NULL;
    if (r == NULL) {
        r = server_entry_response(ctx->pServer, e, bGzip, bNotModified, bHit);
        return server_queue(ctx, con, status, r);
    }
    /* Shared with other connections: the cache keeps its reference. */
    server_request_done(ctx);
    ctx->status = status;
    return MHD_queue_response(con, (unsigned)status, r);
}

/*
 * Send a response built by a handler or an error page, not from the page
 * cache: 'bCacheable' when it is a public page the cache did not keep
 * (cache off, too big, or a change landed while it rendered), which gets
 * the same headers as a stored page (ETag, Last-Modified, Vary,
 * Cache-Control for shared caches, the tags) and a 304 when the client's
 * copy is current.  Anything else is "Cache-Control: no-store" unless the
 * handler said otherwise (static files, the same for everyone).
 */
static int server_send_res(ReqCtx *ctx, struct MHD_Connection *con,
                           Response *res, bool bCacheable)
{
    const char *zType =
        res->zContentType ? res->zContentType : "text/html; charset=utf-8";
    if (bCacheable) {
        char zEtag[24];
        cache_etag(res->body.z, res->body.n, zEtag);
        UnixTime tModified = res->tModified ? res->tModified : time_now();
        bool bNotModified = server_not_modified(con, zEtag, tModified);
        size_t n = bNotModified ? 0 : res->body.n;
        struct MHD_Response *r = MHD_create_response_from_buffer(
            n, n ? res->body.z : (char *)"", MHD_RESPMEM_PERSISTENT);
        ctx->nSent = n;
        server_add_common(r);
        MHD_add_response_header(r, "Content-Type", zType);
        server_add_shared(r, zEtag, tModified, res->headers.z,
                          ctx->pServer->zCacheControl,
                          (const char *const *)res->azTag, res->nTag);
        return server_queue(ctx, con, bNotModified ? 304 : res->status, r);
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(
        res->body.n, res->body.n ? res->body.z : (char *)"",
        MHD_RESPMEM_PERSISTENT);
    ctx->nSent = res->body.n;
    server_add_common(r);
    MHD_add_response_header(r, "Content-Type", zType);
    server_add_lines(r, res->headers.z);
    if (!server_has_header(res->headers.z, "Cache-Control")) {
        MHD_add_response_header(r, "Cache-Control", "no-store");
    }
    return server_queue(ctx, con, res->status, r);
}

/* ---------------------------------------------------------------------
 * Request flow
 */

static void server_res_init(Response *res, Arena *a)
{
    memset(res, 0, sizeof(*res));
    res->status = 200;
    str_init(&res->body, a);
    str_init(&res->headers, a);
}

/* Answer with the site's error page for 'status'. */
static int server_error(ReqCtx *ctx, struct MHD_Connection *con, Request *req,
                        int status, const char *zMessage)
{
    Response res;
    server_res_init(&res, &ctx->arena);
    res.status = status;
    res.zMessage = zMessage;
    ctx->pServer->pSetup->fnErrorPage(req, &res, status);
    res.status = status;
    return server_send_res(ctx, con, &res, false);
}

/* Sum of header name and value lengths, for the header limit. */
static enum MHD_Result server_count_header(void *cls, enum MHD_ValueKind kind,
                                           const char *zKey, const char *zValue)
{
    (void)kind;
    size_t *pn = cls;
    *pn += strlen(zKey) + (zValue ? strlen(zValue) : 0) + 4;
    return MHD_YES;
}

/* Where server_client_ip() collects the forwarding header's lines. */
typedef struct ServerHeaderLines {
    const char *zName;    /* header wanted */
    const char **azValue; /* its values, in order */
    int nValue;           /* how many so far */
    int nMax;             /* room in azValue */
} ServerHeaderLines;

static enum MHD_Result server_collect_header(void *cls, enum MHD_ValueKind kind,
                                             const char *zKey,
                                             const char *zValue)
{
    (void)kind;
    ServerHeaderLines *p = cls;
    if (zValue != NULL && p->nValue < p->nMax &&
        strcasecmp(zKey, p->zName) == 0) {
        p->azValue[p->nValue++] = zValue;
    }
    return MHD_YES;
}

/*
 * The client's address, as text, into '*pzOut' (allocated from 'a'): the
 * one place that decides it (web/client_addr.h).  The peer, unless it is
 * a trusted proxy; then what the proxies' header says.  "?" when the
 * peer is unknown.
 */
static void server_client_ip(const Server *s, Arena *a,
                             struct MHD_Connection *con, const char **pzOut)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    NetAddr peer;
    if (info == NULL || !netaddr_from_sockaddr(info->client_addr, &peer)) {
        *pzOut = "?";
        return;
    }
    NetAddr client = peer;
    if (s->trusted.n > 0 && netaddr_in_list(&s->trusted, &peer)) {
        ServerHeaderLines lines = {s->proxyHeader == CLIENT_ADDR_FORWARDED
                                       ? "Forwarded"
                                       : "X-Forwarded-For",
                                   NULL, 0, 0};
        lines.nMax =
            MHD_get_connection_values(con, MHD_HEADER_KIND, NULL, NULL);
        if (lines.nMax > 0) {
            lines.azValue = arena_alloc(a, sizeof(char *) * (size_t)lines.nMax);
            MHD_get_connection_values(con, MHD_HEADER_KIND,
                                      server_collect_header, &lines);
        }
        client_addr_resolve(&s->trusted, &peer, s->proxyHeader, lines.azValue,
                            lines.nValue, &client);
    }
    char zText[NETADDR_TEXT_MAX];
    netaddr_format(&client, zText);
    *pzOut = arena_strdup(a, zText);
}

static void server_run_route(ReqCtx *ctx);
static int server_finish(ReqCtx *ctx, struct MHD_Connection *con);

static int server_handle(ReqCtx *ctx, struct MHD_Connection *con,
                         const char *zMethod)
{
    Server *s = ctx->pServer;
    const ServerSetup *setup = s->pSetup;
    const Config *cfg = setup->pCfg;
    Arena *a = &ctx->arena;
    Request *req = arena_alloc(a, sizeof(*req));
    ctx->pReqAny = req;
    req->a = a;
    req->app = setup->app;
    req->pConn = con;
    req->zMethod = zMethod;
    req->zTarget = ctx->zUri;
    req->zPath = "/";
    if (strcmp(zMethod, "GET") == 0) {
        req->method = HTTP_GET;
    } else if (strcmp(zMethod, "HEAD") == 0) {
        req->method = HTTP_GET;
        req->bHead = true;
    } else if (strcmp(zMethod, "POST") == 0) {
        req->method = HTTP_POST;
    } else {
        req->method = HTTP_OTHER;
    }
    server_client_ip(s, a, con, &req->zClientIp);

    if (ctx->bTooLarge) {
        return server_error(ctx, con, req, 413, "보낸 내용이 너무 큽니다.");
    }
    size_t nUri = strlen(ctx->zUri);
    if ((long)nUri > cfg->nMaxUrlBytes) {
        return server_error(ctx, con, req, 414, "주소가 너무 깁니다.");
    }
    size_t nHeader = 0;
    MHD_get_connection_values(con, MHD_HEADER_KIND, server_count_header,
                              &nHeader);
    if ((long)nHeader > cfg->nMaxHeaderBytes) {
        return server_error(ctx, con, req, 431, "요청 헤더가 너무 큽니다.");
    }

    /* Split and check the target: path must decode to valid UTF-8. */
    FormRc frc = form_parse_target(a, ctx->zUri, &req->zPath, &req->aQuery,
                                   &req->nQuery);
    if (frc == FORM_BAD_PATH) {
        return server_error(ctx, con, req, 400,
                            "주소에 잘못된 문자가 있습니다.");
    }
    if (frc == FORM_TOO_MANY) {
        return server_error(ctx, con, req, 400,
                            "주소에 붙은 항목이 너무 많습니다 (256개까지).");
    }
    if (frc != FORM_OK) {
        return server_error(ctx, con, req, 400,
                            "주소의 검색어 부분에 잘못된 문자가 있습니다.");
    }
    const char *zCookie =
        MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Cookie");
    if (zCookie != NULL) {
        form_parse_cookies(a, zCookie, &req->aCookie, &req->nCookie);
    }

    /* Who is asking.  A database failure here leaves a guest, so cached
       pages are still served; a staff page answers 503 below. */
    int rcIdentify = setup->fnIdentify != NULL ? setup->fnIdentify(req) : OK;
    if (rcIdentify != OK) {
        req->pViewer = NULL;
    }

    /* Anonymous GET/HEAD: answer from the page cache when we can. */
    bool bAnonGet = req->method == HTTP_GET && req->pViewer == NULL;
    if (bAnonGet && setup->pCache != NULL) {
        CacheEntry *e = cache_get(setup->pCache, ctx->zUri);
        if (e != NULL) {
            return server_send_entry(ctx, con, e, true);
        }
        ctx->cacheUse = SERVER_CACHE_MISS;
    }

    bool bOtherMethod = false;
    const Route *route =
        router_match(setup->aRoute, setup->nRoute, req, &bOtherMethod);
    if (route == NULL) {
        return server_error(ctx, con, req, bOtherMethod ? 405 : 404, NULL);
    }
    if (req->method == HTTP_POST) {
        req->zBody = ctx->body.z;
        req->nBody = ctx->body.n;
    }
    ctx->pReq = req;
    ctx->pRoute = route;
    ctx->rcIdentify = rcIdentify;
    ctx->bAnonGet = bAnonGet;
    /* What the page cache may keep may come from a read replica. */
    req->bStaleOk = bAnonGet && route->cache == CACHE_PUBLIC;
    ctx->epoch = setup->pCache ? cache_epoch(setup->pCache) : 0;
    if (route->run == RUN_WORKER && s->nWorker > 0) {
        /* Slow work: free this event loop for other connections.  A
           queued request holds nothing (the identify step may have taken
           a database connection): many waiting for a worker must not
           empty the pool. */
        if (setup->fnRequestDone != NULL) {
            setup->fnRequestDone(req);
        }
        ctx->pCon = con;
        ctx->bSuspended = true;
        MHD_suspend_connection(con);
        ctx->tQueued = time_now_us();
        pthread_mutex_lock(&s->jobMutex);
        if (s->pJobLast != NULL) {
            s->pJobLast->pNextJob = ctx;
        } else {
            s->pJobFirst = ctx;
        }
        s->pJobLast = ctx;
        s->nJob++;
        pthread_cond_signal(&s->jobCond);
        pthread_mutex_unlock(&s->jobMutex);
        return MHD_YES;
    }
    server_run_route(ctx);
    return server_finish(ctx, con);
}

/* What to tell the sender of a form form_parse_body() refused. */
static const char *server_form_message(FormRc frc)
{
    switch (frc) {
    case FORM_TOO_MANY:
        return "보낸 양식의 항목이 너무 많습니다 (256개까지).";
    case FORM_MARKS:
        return "글자에 붙는 기호(결합 문자)가 한곳에 30개 넘게 이어져 "
               "있습니다. 줄여서 다시 보내 주십시오.";
    default:
        return "보낸 양식에 잘못된 문자가 있습니다.";
    }
}

/*
 * The checks between routing and the handler: split and check the form
 * body, CSRF, the route's role.  Return OK, a status (with 'res' filled
 * or res->zMessage set) or ERR_*.
 */
static int server_check(ReqCtx *ctx, Request *req, Response *res)
{
    const ServerSetup *setup = ctx->pServer->pSetup;
    if (req->method == HTTP_POST) {
        const char *zType = req_header(req, "Content-Type");
        if (zType != NULL &&
            strncasecmp(zType, "application/x-www-form-urlencoded", 33) == 0) {
            FormRc frc = form_parse_body(req->a, req->zBody, req->nBody,
                                         &req->aForm, &req->nForm);
            if (frc != FORM_OK) {
                res->zMessage = server_form_message(frc);
                return 400;
            }
        }
    }
    if (req->method != HTTP_GET && setup->fnCheckPost != NULL) {
        int rc = setup->fnCheckPost(req, res);
        if (rc != OK) {
            return rc;
        }
    }
    if (ctx->pRoute->role != ROLE_ANYONE) {
        if (ctx->rcIdentify != OK) {
            res->zMessage = "잠시 후 다시 시도해 주십시오.";
            return 503;
        }
        if (req->pViewer == NULL) {
            res->zMessage = "로그인이 필요합니다. 로그인한 뒤 다시 열어 "
                            "주십시오.";
            return 403;
        }
        if ((req->pViewer->roles & (unsigned)ctx->pRoute->role) == 0) {
            res->zMessage = "이 페이지를 볼 권한이 있는 계정이 아닙니다.";
            return 403;
        }
    }
    return OK;
}

/*
 * Everything after routing, on a worker for RUN_WORKER routes (so that a
 * big form, the CSRF check and the handler never hold up the event loop)
 * or inline: the checks, then the handler.  Leaves the answer in
 * ctx->pRes and ctx->rc for server_finish().
 */
static void server_run_route(ReqCtx *ctx)
{
    Arena *a = &ctx->arena;
    Request *req = ctx->pReq;
    Response *res = arena_alloc(a, sizeof(Response));
    server_res_init(res, a);
    int rc = server_check(ctx, req, res);
    if (rc == OK) {
        rc = ctx->pRoute->fn(req, res);
    } else if (rc > 0 && res->body.n > 0) {
        /* Refused with a page of its own (the CSRF resend form). */
        res->status = rc;
        res->bNoStore = true;
        rc = OK;
    }
    ctx->pRes = res;
    ctx->rc = rc;
    /* The answer is built: a worker must not carry this request's
       resources into its next job. */
    const ServerSetup *setup = ctx->pServer->pSetup;
    if (setup->fnRequestDone != NULL) {
        setup->fnRequestDone(req);
    }
}

/* Answer after the handler ran: error page, cache, send. */
static int server_finish(ReqCtx *ctx, struct MHD_Connection *con)
{
    const ServerSetup *setup = ctx->pServer->pSetup;
    Request *req = ctx->pReq;
    Response *res = ctx->pRes;
    int rc = ctx->rc;
    if (rc == OK && res->bBadHeader) {
        /* res_header() logged which header; its value is never sent. */
        rc = ERR_INVALID;
    }
    if (rc < 0) {
        log_error("%s %s: request failed (%d)", ctx->zMethod, ctx->zUri, rc);
        /* Busy, or the database server is down: try again later. */
        bool bLater = rc == ERR_BUSY || rc == ERR_UNAVAILABLE;
        return server_error(ctx, con, req, bLater ? 503 : 500,
                            bLater ? "잠시 후 다시 시도해 주십시오." : NULL);
    }
    if (rc > 0) {
        return server_error(ctx, con, req, rc, res->zMessage);
    }
    /* A response that sets a cookie is personal: never shared. */
    bool bCacheable = ctx->bAnonGet && ctx->pRoute->cache == CACHE_PUBLIC &&
                      !res->bNoStore && res->status == 200 &&
                      !server_has_header(res->headers.z, "Set-Cookie");
    if (bCacheable && setup->pCache != NULL) {
        CacheEntry *e = cache_put(
            setup->pCache, ctx->zUri, ctx->epoch, res->status,
            res->zContentType ? res->zContentType : "text/html; charset=utf-8",
            res->body.z, res->body.n,
            res->tModified ? res->tModified : time_now(), res->azTag, res->nTag,
            res->headers.n ? res->headers.z : NULL);
        if (e != NULL) {
            return server_send_entry(ctx, con, e, false);
        }
    }
    return server_send_res(ctx, con, res, bCacheable);
}

/* Worker thread: run queued handlers, then wake their connections. */
static void *server_worker_main(void *pArg)
{
    Server *s = pArg;
    for (;;) {
        pthread_mutex_lock(&s->jobMutex);
        while (s->pJobFirst == NULL && !s->bStopWorkers) {
            pthread_cond_wait(&s->jobCond, &s->jobMutex);
        }
        ReqCtx *ctx = s->pJobFirst;
        if (ctx == NULL) {
            pthread_mutex_unlock(&s->jobMutex);
            return NULL;
        }
        s->pJobFirst = ctx->pNextJob;
        s->nJob--;
        if (s->pJobFirst == NULL) {
            s->pJobLast = NULL;
        }
        pthread_mutex_unlock(&s->jobMutex);
        server_run_route(ctx);
        atomic_store(&ctx->bWorkDone, true);
        MHD_resume_connection(ctx->pCon);
    }
}

/* ---------------------------------------------------------------------
 * libmicrohttpd callbacks
 */

/* Free 'ctx' and everything it holds; the request is over. */
static void server_req_free(ReqCtx *ctx)
{
    Server *s = ctx->pServer;
    if (ctx->pEntry != NULL) {
        cache_release(s->pSetup->pCache, ctx->pEntry);
    }
    if (ctx->pConnRec != NULL && ctx->pConnRec->pReq == ctx) {
        ctx->pConnRec->pReq = NULL;
    }
    arena_close(&ctx->arena);
    free(ctx);
    atomic_fetch_sub(&s->nActive, 1);
}

/* The Conn of 'con' (set when libmicrohttpd reported it started). */
static Conn *server_conn(struct MHD_Connection *con)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info != NULL ? info->socket_context : NULL;
}

/*
 * libmicrohttpd's URI-log callback: the request line has arrived.  It
 * allocates the request's context, owned by the connection until the
 * request completes, and keeps the target exactly as sent.
 */
static void *server_on_uri(void *cls, const char *zUri,
                           struct MHD_Connection *con)
{
    Server *s = cls;
    ReqCtx *ctx = calloc(1, sizeof(*ctx));
    if (ctx == NULL) {
        return NULL;
    }
    arena_init(&ctx->arena);
    ctx->pServer = s;
    ctx->zUri = arena_strdup(&ctx->arena, zUri);
    ctx->tStart = time_now_us();
    ctx->zMethod = "-";
    str_init(&ctx->body, &ctx->arena);
    atomic_fetch_add(&s->nActive, 1);
    Conn *c = server_conn(con);
    if (c != NULL) {
        if (c->pReq != NULL) {
            server_req_free(c->pReq); /* never reported complete */
        }
        c->pReq = ctx;
        ctx->pConnRec = c;
    }
    /*
     * Stop libmicrohttpd from splitting the query string itself: it
     * stores every "a=1" piece in the connection's fixed memory pool, so
     * a few hundred of them exhaust it; libmicrohttpd 0.9.75 then queues
     * its own 431 but goes on reading headers, and the client gets
     * nothing until the idle timeout, with this context never reported
     * complete.  We keep the raw target above and parse it ourselves
     * (form_parse_query(), which answers 400 past FORM_FIELDS_MAX), and
     * nothing here reads libmicrohttpd's GET arguments.  'zUri' points
     * into libmicrohttpd's own writable read buffer, and the argument
     * parser runs after this callback on the text after the '?', so ending
     * the string there leaves it nothing to store.  A libmicrohttpd that
     * parses first would simply be unaffected (and answers the pool
     * exhaustion itself since 1.0).
     */
    char *zQuery = strchr(zUri, '?');
    if (zQuery != NULL) {
        zQuery[1] = 0;
    }
    return ctx;
}

static size_t server_unescape_none(void *cls, struct MHD_Connection *con,
                                   char *zUri)
{
    (void)cls;
    (void)con;
    return strlen(zUri);
}

static enum MHD_Result server_on_request(void *cls, struct MHD_Connection *con,
                                         const char *zUrl, const char *zMethod,
                                         const char *zVersion,
                                         const char *pUpload, size_t *pnUpload,
                                         void **ppCtx)
{
    (void)zUrl;
    Server *s = cls;
    ReqCtx *ctx = *ppCtx;
    if (ctx == NULL) {
        return MHD_NO;
    }
    if (ctx->bSuspended) {
        /* Called again after MHD_resume_connection(). */
        if (!atomic_load(&ctx->bWorkDone)) {
            return MHD_YES;
        }
        ctx->bSuspended = false;
        return (enum MHD_Result)server_finish(ctx, con);
    }
    if (!ctx->bStarted) {
        ctx->bStarted = true;
        if (ctx->pConnRec != NULL) {
            /* The whole head is in. */
            headwatch_leave(s->pHeadWatch, &ctx->pConnRec->head);
        }
        ctx->zMethod = arena_strdup(&ctx->arena, zMethod);
        ctx->zVersion =
            strcmp(zVersion, "HTTP/1.0") == 0 ? "HTTP/1.0" : "HTTP/1.1";
        const char *zLen =
            MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Length");
        if (zLen != NULL &&
            strtoll(zLen, NULL, 10) > s->pSetup->pCfg->nMaxBodyBytes) {
            /* Refuse before reading the body.  Queueing on the first call
               costs keep-alive, which a refused upload loses anyway. */
            ctx->bTooLarge = true;
            ctx->bQueued = true;
            return (enum MHD_Result)server_handle(ctx, con, zMethod);
        }
        return MHD_YES;
    }
    if (*pnUpload > 0) {
        /* A chunked body has no length up front: past the limit the rest
           is read and dropped, and the answer is 413 at the end. */
        if (!ctx->bTooLarge && !ctx->bQueued) {
            if ((long)(ctx->body.n + *pnUpload) >
                s->pSetup->pCfg->nMaxBodyBytes) {
                ctx->bTooLarge = true;
            } else {
                str_append(&ctx->body, pUpload, *pnUpload);
            }
        }
        *pnUpload = 0;
        return MHD_YES;
    }
    if (ctx->bQueued) {
        return MHD_YES;
    }
    return (enum MHD_Result)server_handle(ctx, con, zMethod);
}

/*
 * Append 'z' to 'p' as the access log shows a field: at most 'nMax' bytes
 * of it, then "..." when it was longer; '"', '\\', control bytes and bytes
 * from 0x7f up as \xHH (as nginx does), so that a header value can
 * neither end its quoted field nor start a new line; "-" for NULL or
 * empty.  Writes at most 4 * nMax + 3 bytes.  Return the end.
 */
static char *server_log_field(char *p, const char *z, size_t nMax)
{
    static const char aHex[] = "0123456789ABCDEF";
    if (z == NULL || z[0] == 0) {
        *p++ = '-';
        return p;
    }
    size_t i = 0;
    for (; z[i] != 0 && i < nMax; i++) {
        unsigned char ch = (unsigned char)z[i];
        if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\') {
            p[0] = '\\';
            p[1] = 'x';
            p[2] = aHex[ch >> 4];
            p[3] = aHex[ch & 15];
            p += 4;
        } else {
            *p++ = (char)ch;
        }
    }
    if (z[i] != 0) {
        memcpy(p, "...", 3);
        p += 3;
    }
    return p;
}

/* Append 'z' ('n' bytes) to 'p'; return the end. */
static char *server_log_put(char *p, const char *z, size_t n)
{
    memcpy(p, z, n);
    return p + n;
}

/* Append the decimal 'n' to 'p'; return the end. */
static char *server_log_num(char *p, unsigned long long n)
{
    char aDigit[24];
    size_t i = sizeof(aDigit);
    do {
        aDigit[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    return server_log_put(p, aDigit + i, sizeof(aDigit) - i);
}

/*
 * Add the access line of the request in 'ctx' to this thread's buffer
 * (docs/operations.md, "Access log"): the combined log format
 *   ADDR - - [TIME] "METHOD TARGET VERSION" STATUS BYTES "REFERER" "AGENT"
 * then the microseconds from the request line to completion and the
 * cache's part (hit, miss or -).  A request that got no answer is logged
 * 408 when it timed out and 499 when the client went away (nginx's word
 * for it).  Reads the headers, which libmicrohttpd keeps until completion.
 */
static void server_log_access(ReqCtx *ctx, struct MHD_Connection *con,
                              enum MHD_RequestTerminationCode why)
{
    const char *zIp = ctx->pReqAny != NULL ? ctx->pReqAny->zClientIp : NULL;
    if (zIp == NULL) {
        server_client_ip(ctx->pServer, &ctx->arena, con, &zIp);
    }
    const char *zReferer =
        MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Referer");
    const char *zAgent =
        MHD_lookup_connection_value(con, MHD_HEADER_KIND, "User-Agent");
    const char *zVersion = ctx->zVersion ? ctx->zVersion : "HTTP/1.1";
    size_t nMax = SERVER_LOG_FIXED + 4 * (2 * SERVER_LOG_WORD_MAX) +
                  4 * strnlen(ctx->zUri, SERVER_LOG_TARGET_MAX) +
                  4 * strnlen(zReferer ? zReferer : "", SERVER_LOG_HEADER_MAX) +
                  4 * strnlen(zAgent ? zAgent : "", SERVER_LOG_HEADER_MAX) +
                  3 * 5;
    char *pStart = log_access_begin(nMax);
    if (pStart == NULL) {
        return;
    }
    int status = ctx->status;
    if (status == 0) {
        status = why == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? 408 : 499;
    }
    size_t nBytes = strcmp(ctx->zMethod, "HEAD") == 0 ? 0 : ctx->nSent;
    char *p = server_log_field(pStart, zIp, SERVER_LOG_WORD_MAX);
    p = server_log_put(p, " - - ", 5);
    log_clf_time(time(NULL), p);
    p += LOG_CLF_TIME_BYTES;
    p = server_log_put(p, " \"", 2);
    p = server_log_field(p, ctx->zMethod, SERVER_LOG_WORD_MAX);
    *p++ = ' ';
    p = server_log_field(p, ctx->zUri, SERVER_LOG_TARGET_MAX);
    *p++ = ' ';
    p = server_log_put(p, zVersion, strlen(zVersion));
    p = server_log_put(p, "\" ", 2);
    p = server_log_num(p, (unsigned long long)status);
    *p++ = ' ';
    if (nBytes == 0) {
        *p++ = '-';
    } else {
        p = server_log_num(p, (unsigned long long)nBytes);
    }
    p = server_log_put(p, " \"", 2);
    p = server_log_field(p, zReferer, SERVER_LOG_HEADER_MAX);
    p = server_log_put(p, "\" \"", 3);
    p = server_log_field(p, zAgent, SERVER_LOG_HEADER_MAX);
    p = server_log_put(p, "\" ", 2);
    int64_t nUs = time_now_us() - ctx->tStart;
    p = server_log_num(p, (unsigned long long)(nUs > 0 ? nUs : 0));
    static const char *azCache[] = {" -\n", " miss\n", " hit\n"};
    const char *zCache = azCache[ctx->cacheUse];
    p = server_log_put(p, zCache, strlen(zCache));
    log_access_end((size_t)(p - pStart));
}

static void server_on_done(void *cls, struct MHD_Connection *con, void **ppCtx,
                           enum MHD_RequestTerminationCode why)
{
    Server *pServer = cls;
    ReqCtx *ctx = *ppCtx;
    if (ctx == NULL) {
        return;
    }
    if (log_access_enabled()) {
        server_log_access(ctx, con, why);
    }
    Conn *c = ctx->pConnRec;
    server_req_free(ctx);
    *ppCtx = NULL;
    if (c != NULL && why == MHD_REQUEST_TERMINATED_COMPLETED_OK) {
        /* A kept-alive connection now owes the next head (one that is
           closing leaves the watch again at once). */
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (info != NULL) {
            headwatch_enter(pServer->pHeadWatch, &c->head, info->connect_fd);
        }
    }
}

/*
 * libmicrohttpd's connection callback: a Conn for each connection, and
 * at close the request it never reported complete, if any.
 */
static void server_on_connection(void *cls, struct MHD_Connection *con,
                                 void **ppSocket,
                                 enum MHD_ConnectionNotificationCode what)
{
    Server *s = cls;
    if (what == MHD_CONNECTION_NOTIFY_STARTED) {
        Conn *c = xcalloc(1, sizeof(Conn));
        *ppSocket = c;
        /* A new connection owes a request head from now on. */
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (info != NULL) {
            headwatch_enter(s->pHeadWatch, &c->head, info->connect_fd);
        }
        return;
    }
    Conn *c = *ppSocket;
    if (c == NULL) {
        return;
    }
    /* Before libmicrohttpd closes the socket: the watch must not shut
       down a descriptor that may be reused. */
    headwatch_leave(s->pHeadWatch, &c->head);
    if (c->pReq != NULL) {
        server_req_free(c->pReq);
    }
    free(c);
    *ppSocket = NULL;
}

static void server_on_mhd_error(void *cls, const char *zFmt, va_list ap)
{
    (void)cls;
    char aBuf[512];
    vsnprintf(aBuf, sizeof(aBuf), zFmt, ap);
    size_t n = strlen(aBuf);
    while (n > 0 && aBuf[n - 1] == '\n') {
        aBuf[--n] = 0;
    }
    log_info("http: %s", aBuf);
}

/*
 * Why 'ss' cannot be listened on: bind a socket of our own the way
 * libmicrohttpd does (SO_REUSEADDR, and SO_REUSEPORT when 'bReusePort')
 * and return its errno, or 0 when that works.
 */
static int server_bind_error(const struct sockaddr_storage *ss, bool bReusePort)
{
    int fd = socket(ss->ss_family, SOCK_STREAM, 0);
    if (fd < 0) {
        return errno;
    }
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bReusePort) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on));
    }
    socklen_t n = ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                            : sizeof(struct sockaddr_in);
    int err = 0;
    if (bind(fd, (const struct sockaddr *)ss, n) != 0 || listen(fd, 1) != 0) {
        err = errno;
    }
    close(fd);
    return err;
}

/*
 * The Cache-Control of public pages into 'zOut' ('nOut' bytes): browsers
 * revalidate every time (max-age=0: a 304 costs a round trip, and no
 * reader keeps yesterday's front page); shared caches keep the page
 * cache_max_age seconds (s-maxage), may serve it that much longer while
 * they fetch a new copy (stale-while-revalidate) and that much longer
 * when sinmun answers an error or not at all (stale-if-error); a
 * directive set to 0 is left out.  docs/operations.md, "Varnish and
 * CDNs", has the policy per kind of page.
 */
static void server_cache_control(const Config *cfg, char *zOut, size_t nOut)
{
    int n = snprintf(zOut, nOut, "public, max-age=0, s-maxage=%d",
                     cfg->nCacheMaxAge);
    if (cfg->nCacheStaleWhileRevalidate > 0 && n > 0 && (size_t)n < nOut) {
        n += snprintf(zOut + n, nOut - (size_t)n, ", stale-while-revalidate=%d",
                      cfg->nCacheStaleWhileRevalidate);
    }
    if (cfg->nCacheStaleIfError > 0 && n > 0 && (size_t)n < nOut) {
        snprintf(zOut + n, nOut - (size_t)n, ", stale-if-error=%d",
                 cfg->nCacheStaleIfError);
    }
}

/* End the worker threads once the queue is empty, and free them. */
static void server_stop_workers(Server *s)
{
    pthread_mutex_lock(&s->jobMutex);
    s->bStopWorkers = true;
    pthread_cond_broadcast(&s->jobCond);
    pthread_mutex_unlock(&s->jobMutex);
    for (int i = 0; i < s->nWorker; i++) {
        pthread_join(s->aWorker[i], NULL);
    }
    free(s->aWorker);
    pthread_mutex_destroy(&s->jobMutex);
    pthread_cond_destroy(&s->jobCond);
}

int server_start(const ServerSetup *pSetup, Server **ppServer)
{
    const Config *cfg = pSetup->pCfg;
    struct sockaddr_storage ss;
    if (config_parse_listen(cfg->zListen, &ss) != 0) {
        log_error("http: cannot parse listen address '%s' "
                  "(expected HOST:PORT)",
                  cfg->zListen);
        return ERR_INVALID;
    }
    Server *s = xcalloc(1, sizeof(*s));
    char zBad[64];
    if (!netaddr_parse_list(cfg->zTrustedProxies, &s->trusted, zBad) ||
        !client_addr_parse_header_name(cfg->zProxyHeader, &s->proxyHeader)) {
        /* config_set() checked both; only a Config made by hand gets
           here. */
        log_error("http: trusted_proxies or proxy_header is not valid");
        free(s);
        return ERR_INVALID;
    }
    s->pSetup = pSetup;
    pthread_mutex_init(&s->jobMutex, NULL);
    pthread_cond_init(&s->jobCond, NULL);
    s->aWorker = xcalloc((size_t)cfg->nWorkers, sizeof(pthread_t));
    for (int i = 0; i < cfg->nWorkers; i++) {
        if (pthread_create(&s->aWorker[i], NULL, server_worker_main, s) != 0) {
            break;
        }
        s->nWorker++;
    }
    int nMaxHead = cfg->nMaxHeaderConnections > 0
                       ? cfg->nMaxHeaderConnections
                       : (cfg->nMaxConnections + 1) / 2;
    s->pHeadWatch =
        headwatch_open((int64_t)cfg->nHeaderTimeoutSeconds * 1000, nMaxHead);
    server_cache_control(cfg, s->zCacheControl, sizeof(s->zCacheControl));
    if (pSetup->pCache != NULL) {
        CacheHooks hooks = {server_prepare_entry, server_release_entry, s};
        cache_set_hooks(pSetup->pCache, &hooks);
    }
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME | MHD_USE_TURBO;
    if (ss.ss_family == AF_INET6) {
        flags |= MHD_USE_IPv6;
    }
    size_t nPool = (size_t)(cfg->nMaxHeaderBytes + cfg->nMaxUrlBytes) + 16384;
    /* Sharing the port (SO_REUSEPORT) only when asked for.  Otherwise the
       option is left out, not set to 0: 0 also drops SO_REUSEADDR, and
       then a restart cannot bind while the connections the old process
       closed linger in FIN-WAIT or TIME-WAIT (measured: "address in use"
       for up to a minute). */
    struct MHD_OptionItem aReuse[] = {
        {MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    if (!cfg->bListenReusePort) {
        aReuse[0].option = MHD_OPTION_END;
    }
    s->pDaemon = MHD_start_daemon(
        flags, 0, NULL, NULL, server_on_request, s, MHD_OPTION_EXTERNAL_LOGGER,
        server_on_mhd_error, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->nThreads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->nMaxConnections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->nPerIpConnections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->nTimeoutSeconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, nPool, MHD_OPTION_URI_LOG_CALLBACK,
        server_on_uri, s, MHD_OPTION_UNESCAPE_CALLBACK, server_unescape_none, s,
        MHD_OPTION_NOTIFY_COMPLETED, server_on_done, s,
        MHD_OPTION_NOTIFY_CONNECTION, server_on_connection, s, MHD_OPTION_ARRAY,
        aReuse, MHD_OPTION_END);
    if (s->pDaemon == NULL) {
        int err = server_bind_error(&ss, cfg->bListenReusePort);
        if (err == EADDRINUSE) {
            log_error("http: cannot listen on %s: address in use (another "
                      "server holds this port; listen_reuse_port=on on both "
                      "lets two share it on purpose, see "
                      "docs/operations.md)",
                      cfg->zListen);
        } else {
            log_error("http: cannot listen on %s: %s", cfg->zListen,
                      err != 0 ? strerror(err) : "libmicrohttpd refused");
        }
        if (pSetup->pCache != NULL) {
            cache_set_hooks(pSetup->pCache, NULL);
        }
        server_stop_workers(s);
        headwatch_close(s->pHeadWatch);
        free(s);
        return ERR_IO;
    }
    *ppServer = s;
    atomic_store(&g_pRunning, s);
    return OK;
}

void server_health(ServerHealth *pOut)
{
    memset(pOut, 0, sizeof(*pOut));
    Server *s = atomic_load(&g_pRunning);
    if (s == NULL) {
        return;
    }
    pOut->bRunning = true;
    pOut->nWorker = s->nWorker;
    pthread_mutex_lock(&s->jobMutex);
    pOut->nQueued = s->nJob;
    if (s->pJobFirst != NULL) {
        pOut->nOldestMs = (time_now_us() - s->pJobFirst->tQueued) / 1000;
    }
    pthread_mutex_unlock(&s->jobMutex);
}

int server_active(Server *s)
{
    return atomic_load(&s->nActive);
}

void server_stop(Server *s, int nGraceSeconds)
{
    if (s == NULL) {
        return;
    }
    atomic_store(&g_pRunning, NULL);
    MHD_socket fd = MHD_quiesce_daemon(s->pDaemon);
    if (fd != MHD_INVALID_SOCKET) {
        close(fd);
    }
    int64_t tEnd = time_now_us() + (int64_t)nGraceSeconds * 1000000;
    while (atomic_load(&s->nActive) > 0 && time_now_us() < tEnd) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    /* Workers finish what they run (and resume those connections) before
       the daemon goes away under them. */
    server_stop_workers(s);
    MHD_stop_daemon(s->pDaemon);
    headwatch_close(s->pHeadWatch);
    /* Pages stored from now on would not find this server. */
    if (s->pSetup->pCache != NULL) {
        cache_set_hooks(s->pSetup->pCache, NULL);
    }
    free(s);
}
