/*
 * purge.c — sends the tags of cache_events to Varnish and CDN endpoints
 * (purge_urls), on a thread of its own with libcurl's multi interface;
 * see purge.h.
 *
 * Who sends.  Every node of a cluster reads every change, but one purge
 * per change is enough, so one node sends: the holder of a lease in the
 * one-row table purge_state (holder, lease_until).  Each node's purger
 * looks at the row every PURGE_RENEW_MS; the holder renews its lease
 * (PURGE_LEASE_S), any node takes it over once it ran out (a conditional
 * UPDATE: exactly one wins).  The holder reads cache_events after
 * purge_state.last_id, sends the tags, and moves last_id on only once
 * every endpoint answered (or was given up on after purge_retries).  A
 * node that dies after a write, or while purging, loses nothing: the rows
 * are in the database, and the next holder (the same node restarted, or
 * another one after PURGE_LEASE_S) sends everything after last_id again.
 * A purge may thus go out twice, never not at all.
 *
 * Rows are sent only once this node's change feed has handled them
 * (purge_wake()): its own copies of the pages are gone by then, and a
 * read replica has replayed the change, so a proxy that fetches a purged
 * page from this node gets the new one.
 *
 * Twice on purpose, too: each batch of tags is sent once at once and
 * again PURGE_SETTLE_MS later.  A proxy asked to purge fetches the page
 * again, maybe from another node whose change feed has not yet read the
 * change (it polls every 500 ms on SQLite) and still holds the old page
 * in its own cache; the second purge drops that copy.
 *
 * Batches: the tags of consecutive rows, each once, at most
 * PURGE_BATCH_TAGS and PURGE_BATCH_BYTES of them (one header line).  The
 * queue holds PURGE_QUEUE batches; while it is full no more rows are
 * read (they wait in cache_events).  When more than PURGE_BACKLOG rows
 * wait (a mass import, a purger that was down for long), they collapse
 * into one purge of PURGE_ALL_TAG, the tag every page carries, with a
 * warning.
 *
 * Each endpoint has at most one request in flight.  A failure (no answer
 * within PURGE_TIMEOUT_S, or a status outside 2xx) is logged as a warning
 * with the endpoint and status, and tried again after 1 s, 2 s, 4 s …
 * (PURGE_BACKOFF_MS doubled per failure), purge_retries times; then the
 * batch is given up on for that endpoint with a warning (its pages there
 * go stale until s-maxage), and other batches go on meanwhile.
 */
#include "app/purge.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "base/xmalloc.h"

/* Batches held in memory. */
#define PURGE_QUEUE 64
/* cache_events rows read at a time. */
#define PURGE_READ_ROWS 1000
/* Tags in one request (Fastly takes 256 keys a request). */
#define PURGE_BATCH_TAGS 64
/* Bytes of tags in one request: one header line, far below Varnish's
   default http_req_hdr_len (8 KB). */
#define PURGE_BATCH_BYTES 2000
/* Rows waiting past which one purge of every page replaces them. */
#define PURGE_BACKLOG 10000
/* The tag every public page carries (docs/architecture.md). */
#define PURGE_ALL_TAG "site"
/* Seconds a lease lasts without renewal. */
#define PURGE_LEASE_S 10
/* Milliseconds between looks at the lease. */
#define PURGE_RENEW_MS 2000
/* The holder reads cache_events at least this often without a wake-up. */
#define PURGE_TICK_MS 1000
/* Milliseconds between the two sends of a batch. */
#define PURGE_SETTLE_MS 700
/* Seconds a request may take. */
#define PURGE_TIMEOUT_S 10
/* Milliseconds before the first retry, doubled for each further one. */
#define PURGE_BACKOFF_MS 1000
/* Bytes of a failed answer's body quoted in the log. */
#define PURGE_BODY_LOG 120

/* The state of one batch at one endpoint. */
typedef struct PurgeSend {
    int nSent;     /* sends done: 0, 1 (the second is due at tSettle), 2 */
    int nFailed;   /* failed tries of the current send */
    int64_t tNext; /* monotonic µs before which it is not tried again */
    bool bBusy;    /* a request of it is in flight */
} PurgeSend;

/* Tags of consecutive cache_events rows, purged together. */
typedef struct PurgeBatch {
    char *zTags;                       /* space-separated (xmalloc) */
    int nTag;                          /* how many */
    int64_t lastId;                    /* last row it covers */
    int64_t tSettle;                   /* monotonic µs of the second send */
    PurgeSend aSend[CONFIG_PURGE_MAX]; /* per endpoint */
} PurgeBatch;

/* An endpoint and its request in flight. */
typedef struct PurgeTarget {
    ConfigPurgeUrl url;             /* where and how */
    CURL *pEasy;                    /* request in flight, or NULL */
    struct curl_slist *pHeader;     /* its headers */
    char *zReqUrl;                  /* its URL (curl_malloc'd or xmalloc'd) */
    uint64_t seq;                   /* its batch */
    int64_t tStart;                 /* monotonic µs it started */
    char zBody[PURGE_BODY_LOG + 1]; /* start of the answer's body */
    size_t nBody;                   /* bytes in zBody */
} PurgeTarget;

/* The purger (one per process). */
static struct {
    bool bRunning;                         /* started */
    pthread_t thread;                      /* the purger */
    atomic_bool bStop;                     /* asks it to end */
    atomic_bool bWoken;                    /* new rows in cache_events */
    _Atomic int64_t handledId;             /* rows this node's change feed
                                              handled (purge_wake()) */
    CURLM *pMulti;                         /* its transfers */
    Store *pStore;                         /* the database */
    const char *zKey;                      /* purge_key */
    int nRetry;                            /* purge_retries */
    PurgeTarget aTarget[CONFIG_PURGE_MAX]; /* endpoints */
    int nTarget;                           /* how many */
    char zHolder[128];                     /* this node in purge_state */
    bool bHolder;                          /* this node holds the lease */
    UnixTime tLeaseEnd;                    /* when its lease runs out */
    int64_t readId;                        /* last row queued */
    int64_t doneId;                        /* last row purged everywhere */
    int64_t savedId;                       /* last_id as stored */
    PurgeBatch aBatch[PURGE_QUEUE];        /* queue, a ring */
    uint64_t seqHead;                      /* sequence number of the oldest */
    int nBatch;                            /* batches queued */
} g_purge;

/* The queued batch with sequence number 'seq'. */
static PurgeBatch *purge_batch(uint64_t seq)
{
    return &g_purge.aBatch[seq % PURGE_QUEUE];
}

/* Drop every queued batch and every request in flight (the lease was
   lost, or the purger stops). */
static void purge_forget(void)
{
    for (int i = 0; i < g_purge.nTarget; i++) {
        PurgeTarget *t = &g_purge.aTarget[i];
        if (t->pEasy != NULL) {
            curl_multi_remove_handle(g_purge.pMulti, t->pEasy);
            curl_easy_cleanup(t->pEasy);
            curl_slist_free_all(t->pHeader);
            free(t->zReqUrl);
            t->pEasy = NULL;
            t->pHeader = NULL;
            t->zReqUrl = NULL;
        }
    }
    while (g_purge.nBatch > 0) {
        free(purge_batch(g_purge.seqHead)->zTags);
        g_purge.seqHead++;
        g_purge.nBatch--;
    }
}

/*
 * Look at the lease and take or renew it when this node may.  Return OK
 * or ERR_* (the database did not answer: a holder keeps sending until
 * its lease ran out).
 */
static int purge_lease(StoreConn *c, Arena *a)
{
    UnixTime tNow = time_now();
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT last_id, holder, lease_until FROM"
                           " purge_state WHERE id = 1",
                           &st);
    if (rc == OK && (rc = store_step(st)) == STORE_DONE) {
        /* The first purger on this database: start at the newest change,
           so a paper's history is not purged again.  Two at once: one
           insert wins, the other's fails on the key. */
        rc = store_prepare(c,
                           "INSERT INTO purge_state(id, last_id, holder,"
                           " lease_until) SELECT 1, coalesce(max(id), 0),"
                           " '', 0 FROM cache_events",
                           &st);
        if (rc == OK && (rc = store_exec(st)) == ERR_CONSTRAINT) {
            rc = OK;
        }
        return rc == OK ? purge_lease(c, a) : rc; /* the row is there now */
    }
    if (rc != STORE_ROW) {
        return rc < 0 ? rc : ERR_DB;
    }
    int64_t lastId = store_col_int(st, 0);
    const char *zHolder = store_col_text(st, 1, a);
    UnixTime tEnd = store_col_int(st, 2);
    /* Finish the read, so the write below starts from a fresh snapshot
       (SQLite refuses to upgrade a stale one). */
    if ((rc = store_step(st)) < 0) {
        return rc;
    }
    bool bMine = strcmp(zHolder, g_purge.zHolder) == 0;
    if (!bMine && tEnd >= tNow) {
        /* Someone else holds it (or this node lost it). */
        if (g_purge.bHolder) {
            log_info("purge: %s now sends the purges; this node stops",
                     zHolder);
            purge_forget();
            g_purge.bHolder = false;
        }
        return OK;
    }
    rc = store_prepare(c,
                       "UPDATE purge_state SET holder = ?, lease_until = ?"
                       " WHERE id = 1 AND (holder = ? OR lease_until < ?)",
                       &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_z(st, 1, g_purge.zHolder);
    store_bind_int(st, 2, tNow + PURGE_LEASE_S);
    store_bind_z(st, 3, g_purge.zHolder);
    store_bind_int(st, 4, tNow);
    if ((rc = store_exec(st)) != OK) {
        return rc;
    }
    if (store_changes(c) != 1) {
        return OK; /* another node took it first; seen next time */
    }
    g_purge.tLeaseEnd = tNow + PURGE_LEASE_S;
    if (!g_purge.bHolder) {
        g_purge.bHolder = true;
        g_purge.readId = g_purge.doneId = g_purge.savedId = lastId;
        log_info("purge: this node sends the purges, from change %lld on",
                 (long long)lastId);
    }
    return OK;
}

/* Store doneId as purge_state.last_id while this node holds the lease. */
static int purge_save(StoreConn *c)
{
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "UPDATE purge_state SET last_id = ?"
                           " WHERE id = 1 AND holder = ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, g_purge.doneId);
    store_bind_z(st, 2, g_purge.zHolder);
    if ((rc = store_exec(st)) != OK) {
        return rc;
    }
    g_purge.savedId = g_purge.doneId;
    return OK;
}

/* Queue a new batch covering rows up to 'lastId' with 'zTags'. */
static void purge_push(Str *pTags, int nTag, int64_t lastId)
{
    PurgeBatch *b = purge_batch(g_purge.seqHead + (uint64_t)g_purge.nBatch);
    memset(b, 0, sizeof(*b));
    b->zTags = xmalloc(pTags->n + 1);
    memcpy(b->zTags, pTags->z, pTags->n + 1);
    b->nTag = nTag;
    b->lastId = lastId;
    b->tSettle = time_now_us() + PURGE_SETTLE_MS * 1000LL;
    g_purge.nBatch++;
    g_purge.readId = lastId;
}

/* True when 'zTag' is among the space-separated 'zTags'. */
static bool purge_has_tag(const char *zTags, const char *zTag)
{
    size_t n = strlen(zTag);
    for (const char *p = zTags; (p = strstr(p, zTag)) != NULL; p++) {
        if ((p == zTags || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0)) {
            return true;
        }
    }
    return false;
}

/* True when 'zTag' can go into a header list: visible bytes (UTF-8
   included), no space or comma. */
static bool purge_tag_ok(const char *zTag)
{
    if (zTag[0] == 0) {
        return false;
    }
    for (const unsigned char *p = (const unsigned char *)zTag; *p; p++) {
        if (*p <= 0x20 || *p == 0x7f || *p == ',') {
            return false;
        }
    }
    return true;
}

/* Queue the rows after readId, while the queue has room.  Return OK or
   ERR_*. */
static int purge_read(StoreConn *c, Arena *a)
{
    if (g_purge.nBatch >= PURGE_QUEUE) {
        return OK;
    }
    StoreStmt *st = NULL;
    int rc = store_prepare(c,
                           "SELECT count(*), coalesce(max(id), 0) FROM"
                           " cache_events WHERE id > ? AND id <= ?",
                           &st);
    if (rc != OK) {
        return rc;
    }
    int64_t handledId = atomic_load(&g_purge.handledId);
    store_bind_int(st, 1, g_purge.readId);
    store_bind_int(st, 2, handledId);
    if ((rc = store_step(st)) != STORE_ROW) {
        return rc < 0 ? rc : ERR_DB;
    }
    int64_t nWaiting = store_col_int(st, 0);
    int64_t maxId = store_col_int(st, 1);
    if ((rc = store_step(st)) < 0) {
        return rc;
    }
    if (nWaiting == 0) {
        return OK;
    }
    Str tags;
    str_init(&tags, a);
    if (nWaiting > PURGE_BACKLOG) {
        log_warn("purge: %lld changes wait (more than %d): purging every "
                 "page (tag %s) instead",
                 (long long)nWaiting, PURGE_BACKLOG, PURGE_ALL_TAG);
        str_append_z(&tags, PURGE_ALL_TAG);
        purge_push(&tags, 1, maxId);
        return OK;
    }
    rc = store_prepare(c,
                       "SELECT id, tag FROM cache_events WHERE id > ?"
                       " AND id <= ? ORDER BY id LIMIT ?",
                       &st);
    if (rc != OK) {
        return rc;
    }
    store_bind_int(st, 1, g_purge.readId);
    store_bind_int(st, 2, handledId);
    store_bind_int(st, 3, PURGE_READ_ROWS);
    int nTag = 0;
    int64_t lastId = g_purge.readId;
    while ((rc = store_step(st)) == STORE_ROW) {
        int64_t id = store_col_int(st, 0);
        const char *zTag = store_col_text(st, 1, a);
        if (!purge_tag_ok(zTag)) {
            log_warn("purge: change %lld has a tag no proxy can take; "
                     "skipped",
                     (long long)id);
        } else if (!purge_has_tag(tags.z, zTag)) {
            size_t nOne = strlen(zTag);
            if (nTag == PURGE_BATCH_TAGS ||
                tags.n + 1 + nOne > PURGE_BATCH_BYTES) {
                purge_push(&tags, nTag, lastId);
                str_init(&tags, a);
                nTag = 0;
                if (g_purge.nBatch >= PURGE_QUEUE) {
                    break; /* the rest is read when there is room */
                }
            }
            if (nTag > 0) {
                str_append(&tags, " ", 1);
            }
            str_append(&tags, zTag, nOne);
            nTag++;
        }
        lastId = id;
    }
    if (rc < 0) {
        return rc;
    }
    if (nTag > 0) {
        purge_push(&tags, nTag, lastId);
    } else if (lastId > g_purge.readId && g_purge.nBatch == 0) {
        /* Only skipped tags: nothing to send, but they are done. */
        g_purge.readId = g_purge.doneId = lastId;
    }
    return OK;
}

/* libcurl's body writer: keep the first bytes for the log. */
static size_t purge_write(char *p, size_t nSize, size_t nItem, void *pArg)
{
    PurgeTarget *t = pArg;
    size_t n = nSize * nItem;
    size_t nKeep = PURGE_BODY_LOG - t->nBody;
    if (nKeep > n) {
        nKeep = n;
    }
    memcpy(t->zBody + t->nBody, p, nKeep);
    t->nBody += nKeep;
    t->zBody[t->nBody] = 0;
    return n;
}

/* Start the request of batch 'seq' at endpoint 't'.  Return OK or
   ERR_NOMEM. */
static int purge_send(PurgeTarget *t, uint64_t seq)
{
    PurgeBatch *b = purge_batch(seq);
    CURL *e = curl_easy_init();
    if (e == NULL) {
        return ERR_NOMEM;
    }
    Arena a;
    arena_init(&a);
    Str line;
    str_init(&line, &a);
    struct curl_slist *pHeader = NULL;
    char *zUrl = NULL;
    if (t->url.style == CONFIG_PURGE_XKEY) {
        size_t n = strlen(t->url.zUrl) + 1;
        zUrl = xmalloc(n);
        memcpy(zUrl, t->url.zUrl, n);
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, "PURGE");
        str_appendf(&line, "xkey-purge: %s", b->zTags);
        pHeader = curl_slist_append(pHeader, line.z);
    } else {
        /* Fastly: one key in the path; several in Surrogate-Key
           (https://www.fastly.com/documentation/reference/api/purging/). */
        Str url;
        str_init(&url, &a);
        if (b->nTag == 1) {
            char *zEsc = curl_easy_escape(e, b->zTags, 0);
            str_appendf(&url, "%s/purge/%s", t->url.zUrl,
                        zEsc != NULL ? zEsc : "");
            curl_free(zEsc);
        } else {
            str_appendf(&url, "%s/purge", t->url.zUrl);
            str_appendf(&line, "Surrogate-Key: %s", b->zTags);
            pHeader = curl_slist_append(pHeader, line.z);
        }
        zUrl = xmalloc(url.n + 1);
        memcpy(zUrl, url.z, url.n + 1);
        str_init(&line, &a);
        str_appendf(&line, "Fastly-Key: %s", g_purge.zKey);
        pHeader = curl_slist_append(pHeader, line.z);
        pHeader = curl_slist_append(pHeader, "Accept: application/json");
        curl_easy_setopt(e, CURLOPT_POST, 1L);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, 0L);
    }
    arena_close(&a);
    curl_easy_setopt(e, CURLOPT_URL, zUrl);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, pHeader);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "sinmun-purge");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT, (long)PURGE_TIMEOUT_S);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, (long)PURGE_TIMEOUT_S);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, purge_write);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    if (curl_multi_add_handle(g_purge.pMulti, e) != CURLM_OK) {
        curl_easy_cleanup(e);
        curl_slist_free_all(pHeader);
        free(zUrl);
        return ERR_NOMEM;
    }
    t->pEasy = e;
    t->pHeader = pHeader;
    t->zReqUrl = zUrl;
    t->seq = seq;
    t->tStart = time_now_us();
    t->nBody = 0;
    t->zBody[0] = 0;
    b->aSend[t - g_purge.aTarget].bBusy = true;
    return OK;
}

/* Start a request at each idle endpoint that has a send due; set
   '*ptWake' (IN/OUT) to the earliest time a send falls due later. */
static void purge_start_due(int64_t *ptWake)
{
    int64_t tNow = time_now_us();
    for (int i = 0; i < g_purge.nTarget; i++) {
        PurgeTarget *t = &g_purge.aTarget[i];
        if (t->pEasy != NULL) {
            continue;
        }
        for (int k = 0; k < g_purge.nBatch; k++) {
            uint64_t seq = g_purge.seqHead + (uint64_t)k;
            PurgeBatch *b = purge_batch(seq);
            PurgeSend *s = &b->aSend[i];
            if (s->nSent == 2) {
                continue;
            }
            int64_t tDue = s->tNext;
            if (s->nSent == 1 && b->tSettle > tDue) {
                tDue = b->tSettle;
            }
            if (tDue > tNow) {
                *ptWake = tDue < *ptWake ? tDue : *ptWake;
                continue;
            }
            if (purge_send(t, seq) != OK) {
                log_warn("purge: %s: could not start a request", t->url.zUrl);
                s->tNext = tNow + PURGE_BACKOFF_MS * 1000LL;
            }
            break;
        }
    }
}

/* Handle the request of 't' that ended with 'code' (CURLE_*). */
static void purge_done(PurgeTarget *t, CURLcode code)
{
    int i = (int)(t - g_purge.aTarget);
    PurgeBatch *b = purge_batch(t->seq);
    PurgeSend *s = &b->aSend[i];
    long status = 0;
    curl_easy_getinfo(t->pEasy, CURLINFO_RESPONSE_CODE, &status);
    int64_t nMs = (time_now_us() - t->tStart) / 1000;
    s->bBusy = false;
    if (code == CURLE_OK && status >= 200 && status < 300) {
        if (s->nFailed > 0) {
            log_info("purge: %s: purged %d tags (%s) after %d failed tries",
                     t->url.zUrl, b->nTag, s->nSent == 0 ? "first" : "second",
                     s->nFailed);
        } else {
            log_debug("purge: %s: purged %d tags (%s send, HTTP %ld, %lld "
                      "ms): %.200s",
                      t->url.zUrl, b->nTag, s->nSent == 0 ? "first" : "second",
                      status, (long long)nMs, b->zTags);
        }
        s->nSent++;
        s->nFailed = 0;
        s->tNext = 0;
    } else {
        char zWhy[64];
        if (code != CURLE_OK) {
            snprintf(zWhy, sizeof(zWhy), "%s", curl_easy_strerror(code));
        } else {
            snprintf(zWhy, sizeof(zWhy), "HTTP %ld", status);
        }
        s->nFailed++;
        for (char *p = t->zBody; *p; p++) {
            if ((unsigned char)*p < 0x20) {
                *p = ' ';
            }
        }
        if (s->nFailed > g_purge.nRetry) {
            log_warn("purge: %s: %s; gave up after %d tries: %d tags (%.200s) "
                     "stay cached there until s-maxage",
                     t->url.zUrl, zWhy, s->nFailed, b->nTag, b->zTags);
            s->nSent = 2;
            s->nFailed = 0;
        } else {
            int64_t nWait = (int64_t)PURGE_BACKOFF_MS << (s->nFailed - 1);
            log_warn("purge: %s: %s (%.120s); try %d of %d in %lld ms",
                     t->url.zUrl, zWhy, t->zBody, s->nFailed + 1,
                     g_purge.nRetry + 1, (long long)nWait);
            s->tNext = time_now_us() + nWait * 1000;
        }
    }
    curl_multi_remove_handle(g_purge.pMulti, t->pEasy);
    curl_easy_cleanup(t->pEasy);
    curl_slist_free_all(t->pHeader);
    free(t->zReqUrl);
    t->pEasy = NULL;
    t->pHeader = NULL;
    t->zReqUrl = NULL;
}

/* Drop the batches every endpoint is done with, oldest first. */
static void purge_pop(void)
{
    while (g_purge.nBatch > 0) {
        PurgeBatch *b = purge_batch(g_purge.seqHead);
        for (int i = 0; i < g_purge.nTarget; i++) {
            if (b->aSend[i].nSent < 2 || b->aSend[i].bBusy) {
                return;
            }
        }
        g_purge.doneId = b->lastId;
        free(b->zTags);
        g_purge.seqHead++;
        g_purge.nBatch--;
    }
}

/* One look at the database: the lease, then (holding it) the cursor and
   new rows.  Return OK or ERR_*. */
static int purge_db(bool bLease, bool bRead)
{
    Arena a;
    arena_init(&a);
    StoreConn *c = NULL;
    int rc = store_conn(g_purge.pStore, &a, &c);
    if (rc == OK && bLease) {
        rc = purge_lease(c, &a);
    }
    if (rc == OK && g_purge.bHolder && g_purge.savedId < g_purge.doneId) {
        rc = purge_save(c);
    }
    if (rc == OK && g_purge.bHolder && bRead) {
        rc = purge_read(c, &a);
    }
    arena_close(&a);
    return rc;
}

static void *purge_main(void *pArg)
{
    (void)pArg;
    int64_t tLease = 0; /* monotonic µs of the next look at the lease */
    int64_t tRead = 0;  /* monotonic µs of the next read without wake-up */
    bool bFailing = false;
    while (!atomic_load(&g_purge.bStop)) {
        int64_t tNow = time_now_us();
        bool bLease = tNow >= tLease;
        bool bWoken = atomic_exchange(&g_purge.bWoken, false);
        bool bRead = bWoken || tNow >= tRead;
        if (bLease || bRead || g_purge.savedId < g_purge.doneId) {
            int rc = purge_db(bLease, bRead);
            if (rc != OK && !bFailing) {
                log_warn("purge: the database did not answer (%d); "
                         "trying again",
                         rc);
            }
            bFailing = rc != OK;
            if (bLease) {
                tLease = tNow + PURGE_RENEW_MS * 1000LL;
            }
            if (bRead) {
                tRead = tNow + PURGE_TICK_MS * 1000LL;
            }
            if (g_purge.bHolder && (bFailing || bLease) &&
                time_now() >= g_purge.tLeaseEnd) {
                /* The lease ran out unrenewed: another node may hold it
                   now and send from the stored cursor. */
                log_warn("purge: this node's lease ran out; it stops "
                         "sending");
                purge_forget();
                g_purge.bHolder = false;
            }
        }
        int64_t tWake = tLease < tRead ? tLease : tRead;
        if (g_purge.bHolder) {
            purge_start_due(&tWake);
        }
        int nRunning = 0;
        curl_multi_perform(g_purge.pMulti, &nRunning);
        CURLMsg *m;
        int nLeft = 0;
        while ((m = curl_multi_info_read(g_purge.pMulti, &nLeft)) != NULL) {
            if (m->msg == CURLMSG_DONE) {
                PurgeTarget *t = NULL;
                curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &t);
                purge_done(t, m->data.result);
            }
        }
        purge_pop();
        if (g_purge.bHolder) {
            /* A send that just finished may let the next one start. */
            purge_start_due(&tWake);
            curl_multi_perform(g_purge.pMulti, &nRunning);
        }
        int64_t nWait = (tWake - time_now_us()) / 1000;
        if (g_purge.savedId < g_purge.doneId && !bFailing) {
            nWait = 0;
        }
        nWait = nWait < 0 ? 0 : nWait > PURGE_TICK_MS ? PURGE_TICK_MS : nWait;
        if (nWait > 0) {
            curl_multi_poll(g_purge.pMulti, NULL, 0, (int)nWait, NULL);
        }
    }
    purge_forget();
    return NULL;
}

int purge_start(const Config *pCfg, Store *pStore)
{
    ConfigPurgeUrl *aUrl = xmalloc(CONFIG_PURGE_MAX * sizeof(ConfigPurgeUrl));
    int nUrl = 0;
    int rc = config_parse_purge_urls(pCfg->zPurgeUrls, aUrl, &nUrl);
    if (rc != 0 || nUrl == 0) {
        free(aUrl);
        return rc == 0 ? OK : ERR_INVALID;
    }
    memset(&g_purge, 0, sizeof(g_purge));
    for (int i = 0; i < nUrl; i++) {
        if (aUrl[i].style == CONFIG_PURGE_FASTLY && pCfg->zPurgeKey[0] == 0) {
            log_error("purge_urls: %s needs purge_key (a Fastly API token "
                      "with purge rights)",
                      aUrl[i].zUrl);
            free(aUrl);
            return ERR_INVALID;
        }
        g_purge.aTarget[i].url = aUrl[i];
    }
    free(aUrl);
    g_purge.nTarget = nUrl;
    g_purge.pStore = pStore;
    g_purge.zKey = pCfg->zPurgeKey;
    g_purge.nRetry = pCfg->nPurgeRetries;
    char zHost[64] = "";
    gethostname(zHost, sizeof(zHost) - 1);
    snprintf(g_purge.zHolder, sizeof(g_purge.zHolder), "%.63s:%ld:%lld", zHost,
             (long)getpid(), (long long)(time_now_us() % 1000000));
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
        (g_purge.pMulti = curl_multi_init()) == NULL) {
        return ERR_NOMEM;
    }
    atomic_store(&g_purge.bStop, false);
    atomic_store(&g_purge.bWoken, false);
    atomic_store(&g_purge.handledId, 0);
    if (pthread_create(&g_purge.thread, NULL, purge_main, NULL) != 0) {
        curl_multi_cleanup(g_purge.pMulti);
        return ERR_NOMEM;
    }
    __atomic_store_n(&g_purge.bRunning, true, __ATOMIC_RELEASE);
    for (int i = 0; i < nUrl; i++) {
        log_info("purge: %s (%s)", g_purge.aTarget[i].url.zUrl,
                 g_purge.aTarget[i].url.style == CONFIG_PURGE_XKEY
                     ? "Varnish xkey"
                     : "Fastly");
    }
    return OK;
}

void purge_wake(int64_t lastId)
{
    /* pMulti is set before the thread starts and cleared after it ended:
       bRunning says which. */
    if (!__atomic_load_n(&g_purge.bRunning, __ATOMIC_ACQUIRE)) {
        return;
    }
    int64_t was = atomic_load(&g_purge.handledId);
    while (lastId > was &&
           !atomic_compare_exchange_weak(&g_purge.handledId, &was, lastId)) {
    }
    atomic_store(&g_purge.bWoken, true);
    curl_multi_wakeup(g_purge.pMulti);
}

void purge_stop(void)
{
    if (!g_purge.bRunning) {
        return;
    }
    atomic_store(&g_purge.bStop, true);
    curl_multi_wakeup(g_purge.pMulti);
    pthread_join(g_purge.thread, NULL);
    __atomic_store_n(&g_purge.bRunning, false, __ATOMIC_RELEASE);
    curl_multi_cleanup(g_purge.pMulti);
    g_purge.pMulti = NULL;
    curl_global_cleanup();
}
