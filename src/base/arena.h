/*
 * arena.h — one region of memory per request (or per job).
 *
 * Everything a request allocates comes from its arena and is released at
 * once by arena_close() after the response is queued; nothing calls free()
 * on arena memory.  Non-memory resources (statements, files) are registered
 * with arena_defer() right after they are acquired and released, newest
 * first, when the arena closes.  arena_alloc() never returns NULL: on
 * out-of-memory it logs and aborts, because input limits keep every request
 * bounded and there is nothing sensible left to do.
 */
#ifndef SINMUN_BASE_ARENA_H
#define SINMUN_BASE_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct ArenaDefer ArenaDefer;

/* A growing list of blocks; allocation bumps a pointer in the newest one. */
typedef struct Arena {
    ArenaBlock *pBlock; /* newest block, linked to older ones */
    ArenaDefer *pDefer; /* deferred releases, newest first */
    size_t nTotal;      /* bytes handed out, for limits and metrics */
} Arena;

/* Prepare 'a' for use; allocates nothing until the first arena_alloc(). */
void arena_init(Arena *a);

/*
 * Run every deferred release of 'a' (newest first), then free all its
 * blocks.  'a' may be reused after arena_init().
 */
void arena_close(Arena *a);

/*
 * Return 'n' bytes of zeroed memory from 'a', aligned for any type.  Never
 * NULL; aborts when the system is out of memory.
 */
void *arena_alloc(Arena *a, size_t n);

/*
 * arena_alloc() without the zeroing, for memory the caller fills at once
 * (copies, string buffers): a page's text is most of what a request
 * allocates, and clearing it first cost ~3% of an uncached page.
 */
void *arena_alloc_raw(Arena *a, size_t n);

/*
 * Grow the allocation 'p' of 'nOld' bytes from 'a' to 'nNew' bytes where
 * it is, and return true, when it is the newest allocation of 'a' and
 * its block has room; else change nothing and return false.  The added
 * bytes are not zeroed.  Lets a growing Str (a page being rendered)
 * skip copying itself each time it doubles.
 */
bool arena_extend(Arena *a, void *p, size_t nOld, size_t nNew);

/*
 * Make room for element 'n' of the array 'p' (from 'a', '*pnAlloc'
 * elements of 'size' bytes, the first 'n' in use) and return the array:
 * 'p' itself while n < *pnAlloc, else a zeroed copy twice as long
 * ('*pnAlloc' doubled; from 0, with 'p' NULL, ARENA_GROW_FIRST
 * elements).  For lists read row by row:
 *
 *     aRow = arena_grow(a, aRow, n, &nAlloc, sizeof(*aRow));
 *     aRow[n++] = …;
 */
void *arena_grow(Arena *a, void *p, int n, int *pnAlloc, size_t size);

/* Elements of the first array arena_grow() makes for an empty list. */
#define ARENA_GROW_FIRST 16

/* Copy 'n' bytes of 'p' into 'a' and NUL-terminate the copy. */
char *arena_strndup(Arena *a, const char *p, size_t n);

/* Copy the NUL-terminated 'z' into 'a'.  NULL stays NULL. */
char *arena_strdup(Arena *a, const char *z);

/*
 * Call 'fn(p)' when 'a' closes.  Register right after acquiring the
 * resource, so that an early return cannot leak it.
 */
void arena_defer(Arena *a, void (*fn)(void *), void *p);

#endif
