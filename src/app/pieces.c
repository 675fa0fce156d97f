/*
 * pieces.c — shared pieces of pages, kept until a change drops them; see
 * pieces.h for what they are and why they stay correct on several nodes.
 *
 * The epoch is one process-wide counter.  A drop of a kind takes the next
 * epoch as the kind's nDropEpoch; a piece records the epoch its reads
 * began at (read before they began), so "piece epoch >= kind's drop epoch"
 * means the reads began after the last drop.  Reads that began between a
 * commit and its drop give a piece that is thrown away once: harmless.
 */
#include "app/pieces.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"

/* One kept value and its arena. */
struct AppPiece {
    Arena arena;        /* owns the value */
    const void *pValue; /* what the build made */
    int64_t key;        /* which one of its kind */
    uint64_t nEpoch;    /* epoch before its reads began */
    _Atomic int nRef;   /* the table's reference and each request's */
};

/* Every kind in use, for app_pieces_drop(). */
static struct {
    pthread_mutex_t mu;           /* guards adding to the list */
    AppPieceKind *_Atomic pFirst; /* newest kind first */
    _Atomic uint64_t nEpoch;      /* the epoch counter */
} g_pieces = {PTHREAD_MUTEX_INITIALIZER, NULL, 1};

uint64_t app_pieces_epoch(void)
{
    return atomic_load(&g_pieces.nEpoch);
}

/* Let go of one reference to 'p'; the last frees it. */
static void piece_unref(void *pArg)
{
    AppPiece *p = pArg;
    if (atomic_fetch_sub(&p->nRef, 1) == 1) {
        arena_close(&p->arena);
        free(p);
    }
}

/* Move 'kind''s drop epoch up to a new epoch (never down: two drops at
   once may store out of order). */
static void piece_kind_drop(AppPieceKind *kind)
{
    uint64_t nNew = atomic_fetch_add(&g_pieces.nEpoch, 1) + 1;
    uint64_t nOld = atomic_load(&kind->nDropEpoch);
    while (nOld < nNew &&
           !atomic_compare_exchange_weak(&kind->nDropEpoch, &nOld, nNew)) {
    }
}

/* Put 'kind' on the list the drops walk, once.  Reads that began before
   it was listed may have missed a drop: they count as stale. */
static void piece_kind_list(AppPieceKind *kind)
{
    if (atomic_load(&kind->bListed)) {
        return;
    }
    pthread_mutex_lock(&g_pieces.mu);
    if (!atomic_load(&kind->bListed)) {
        piece_kind_drop(kind);
        kind->pNextKind = atomic_load(&g_pieces.pFirst);
        atomic_store(&g_pieces.pFirst, kind);
        atomic_store(&kind->bListed, true);
    }
    pthread_mutex_unlock(&g_pieces.mu);
}

/* The slot of 'key' in 'kind', or of an empty one, or -1 (full); the
   kind's mutex held. */
static int piece_slot(const AppPieceKind *kind, int64_t key)
{
    int iFree = -1;
    for (int i = 0; i < APP_PIECE_SLOTS; i++) {
        if (kind->apSlot[i] == NULL) {
            if (iFree < 0) {
                iFree = i;
            }
        } else if (kind->apSlot[i]->key == key) {
            return i;
        }
    }
    return iFree;
}

int app_piece_get(Request *req, AppPieceKind *kind, int64_t key,
                  AppPieceBuildFn fn, void *pArg, const void **ppValue)
{
    piece_kind_list(kind);
    pthread_mutex_lock(&kind->mu);
    int iSlot = piece_slot(kind, key);
    AppPiece *p = iSlot >= 0 ? kind->apSlot[iSlot] : NULL;
    if (p != NULL && p->key == key &&
        p->nEpoch >= atomic_load(&kind->nDropEpoch)) {
        atomic_fetch_add(&p->nRef, 1);
        pthread_mutex_unlock(&kind->mu);
        arena_defer(req->a, piece_unref, p);
        *ppValue = p->pValue;
        return OK;
    }
    pthread_mutex_unlock(&kind->mu);

    /* Build it from the request's connection: its reads began no earlier
       than the epoch app_db() noted when it took the connection. */
    uint64_t nEpoch = req->pDb != NULL ? req->nDbEpoch : app_pieces_epoch();
    StoreConn *c = NULL;
    int rc = app_db(req, &c);
    if (rc != OK) {
        return rc;
    }
    p = xcalloc(1, sizeof(*p));
    arena_init(&p->arena);
    p->key = key;
    p->nEpoch = nEpoch;
    atomic_store(&p->nRef, 1);
    rc = fn(c, &p->arena, pArg, &p->pValue);
    if (rc != OK) {
        piece_unref(p);
        return rc;
    }
    arena_defer(req->a, piece_unref, p);
    pthread_mutex_lock(&kind->mu);
    if (nEpoch >= atomic_load(&kind->nDropEpoch)) {
        /* Still current: keep it (the table takes a reference). */
        iSlot = piece_slot(kind, key);
        if (iSlot >= 0) {
            AppPiece *pOld = kind->apSlot[iSlot];
            atomic_fetch_add(&p->nRef, 1);
            kind->apSlot[iSlot] = p;
            if (pOld != NULL) {
                piece_unref(pOld);
            }
        }
    }
    pthread_mutex_unlock(&kind->mu);
    *ppValue = p->pValue;
    return OK;
}

void app_pieces_drop(const char *zTag)
{
    for (AppPieceKind *kind = atomic_load(&g_pieces.pFirst); kind != NULL;
         kind = kind->pNextKind) {
        for (int i = 0; i < APP_PIECE_TAGS && kind->azTag[i] != NULL; i++) {
            if (strcmp(kind->azTag[i], zTag) == 0) {
                piece_kind_drop(kind);
                break;
            }
        }
    }
}

void app_pieces_close(void)
{
    for (AppPieceKind *kind = atomic_load(&g_pieces.pFirst); kind != NULL;
         kind = kind->pNextKind) {
        pthread_mutex_lock(&kind->mu);
        for (int i = 0; i < APP_PIECE_SLOTS; i++) {
            if (kind->apSlot[i] != NULL) {
                piece_unref(kind->apSlot[i]);
                kind->apSlot[i] = NULL;
            }
        }
        pthread_mutex_unlock(&kind->mu);
    }
}
