/*
 * pieces.h — values every page shares, built once and kept until a change
 * that could alter them: the section's latest-articles list under an
 * article, the comment settings.  The page cache keeps whole pages; with
 * it off (or for a page not in it yet) these keep a render from reading
 * and formatting the same rows for every page.
 *
 * A feature describes a kind of piece with APP_PIECE_KIND(): a name and
 * the change tags that drop every piece of that kind (app_change() tags:
 * "articles", "site").  app_invalidate() — called by the change feed for
 * every change on every node, and by a writer on its own node at once —
 * drops them; the next page that needs one builds it again.
 *
 * Correct across nodes and against races: a piece remembers the epoch at
 * which the reads it was built from began (for a request, when it took
 * its database connection: app_db()), and a drop moves its kind past the
 * current epoch, so a piece built from reads that began before a drop is
 * never kept as current, however late it arrives.  With a read replica the
 * change feed drops only after the replica has replayed the change.
 *
 * Memory: each piece owns an arena (malloc-backed); a request holds a
 * reference until it ends (released through its arena), the kind's table
 * holds one while the piece is current.  A kind keeps at most
 * APP_PIECE_SLOTS pieces (by key); more are built per request and freed.
 */
#ifndef SINMUN_APP_PIECES_H
#define SINMUN_APP_PIECES_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "base/arena.h"
#include "base/rc.h"

/* Pieces one kind keeps (one per key, e.g. per section). */
#define APP_PIECE_SLOTS 64
/* Change tags one kind listens to. */
#define APP_PIECE_TAGS 4

typedef struct AppPiece AppPiece;

/* One kind of shared piece; a static object of the feature that owns it,
   made with APP_PIECE_KIND(). */
typedef struct AppPieceKind {
    const char *zName;                 /* what it holds, for readers */
    const char *azTag[APP_PIECE_TAGS]; /* tags that drop it, NULL-ended */
    pthread_mutex_t mu;                /* guards apSlot */
    _Atomic uint64_t nDropEpoch;       /* epoch of the last drop: pieces
                                          built from reads that began
                                          before it are stale */
    _Atomic bool bListed;              /* on the list app_invalidate()
                                          walks (on first use) */
    AppPiece *apSlot[APP_PIECE_SLOTS]; /* current pieces, by key */
    struct AppPieceKind *pNextKind;    /* the list of kinds in use */
} AppPieceKind;

/* A kind named 'zName' dropped by the change tags that follow. */
#define APP_PIECE_KIND(zName, ...)                                             \
    {                                                                          \
        (zName), {__VA_ARGS__, NULL}, PTHREAD_MUTEX_INITIALIZER, 0, false,     \
            {NULL}, NULL                                                       \
    }

/*
 * Build the value of one piece: read what it needs on 'c' and allocate
 * the value, and everything it points to, in 'a' (the piece's own arena,
 * which lives as long as the piece).  'pArg' is app_piece_get()'s.  Set
 * '*ppValue' (OUT).  Return OK or ERR_* (nothing is kept).
 */
typedef int (*AppPieceBuildFn)(StoreConn *c, Arena *a, void *pArg,
                               const void **ppValue);

/*
 * The current piece of 'kind' for 'key' as '*ppValue' (OUT, valid until
 * 'req' ends): the kept one when no change dropped it since it was read,
 * else built now by 'fn(c, a, pArg, ppValue)' on the request's database
 * connection (app_db()) and kept, unless a drop came while it was being
 * built.  Return OK or ERR_* (the connection's or 'fn''s).
 */
int app_piece_get(Request *req, AppPieceKind *kind, int64_t key,
                  AppPieceBuildFn fn, void *pArg,
                  const void **ppValue) WARN_UNUSED;

/*
 * Drop every piece whose kind listens to 'zTag' (app_invalidate() calls
 * it for every change it hears of, cache on or off).
 */
void app_pieces_drop(const char *zTag);

/* The current epoch (app_db() stores it in the request as it takes a
   connection). */
uint64_t app_pieces_epoch(void);

/* Free every kept piece of every kind (at exit, for leak checkers). */
void app_pieces_close(void);

#endif
