/*
 * arena.c — bump allocator with deferred releases; see arena.h.
 *
 * Blocks grow geometrically from 8 KiB; a request that renders one page
 * usually fits in two or three.  Under AddressSanitizer the unused tail of
 * each block is poisoned so that a read past an allocation is caught.
 */
#include "arena.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* gcc says __SANITIZE_ADDRESS__; clang (make fuzz) says __has_feature. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(ARENA_ASAN)
#include <sanitizer/asan_interface.h>
#define ARENA_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define ARENA_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define ARENA_POISON(p, n) ((void)(p), (void)(n))
#define ARENA_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* Smallest block; later blocks double up to ARENA_BLOCK_MAX. */
#define ARENA_BLOCK_MIN (8u * 1024u)
/* Largest block allocated for small requests. */
#define ARENA_BLOCK_MAX (1024u * 1024u)
/* Alignment of every allocation. */
#define ARENA_ALIGN 16u

struct ArenaBlock {
    ArenaBlock *pPrev;                  /* older block */
    size_t nSize;                       /* usable bytes in aData */
    size_t nUsed;                       /* bytes handed out */
    _Alignas(16) unsigned char aData[]; /* the memory */
};

struct ArenaDefer {
    ArenaDefer *pNext;  /* older deferral */
    void (*fn)(void *); /* release function */
    void *p;            /* its argument */
};

void arena_init(Arena *a)
{
    a->pBlock = NULL;
    a->pDefer = NULL;
    a->nTotal = 0;
}

static ArenaBlock *arena_new_block(Arena *a, size_t nNeed)
{
    size_t nSize = a->pBlock ? a->pBlock->nSize * 2 : ARENA_BLOCK_MIN;
    if (nSize > ARENA_BLOCK_MAX) {
        nSize = ARENA_BLOCK_MAX;
    }
    if (nSize < nNeed) {
        nSize = nNeed;
    }
    ArenaBlock *b = malloc(sizeof(ArenaBlock) + nSize);
    if (b == NULL) {
        fprintf(stderr, "sinmun: out of memory (%zu bytes)\n", nSize);
        abort();
    }
    b->pPrev = a->pBlock;
    b->nSize = nSize;
    b->nUsed = 0;
    ARENA_POISON(b->aData, nSize);
    a->pBlock = b;
    return b;
}

void *arena_alloc(Arena *a, size_t n)
{
    void *p = arena_alloc_raw(a, n);
    memset(p, 0, n);
    return p;
}

void *arena_alloc_raw(Arena *a, size_t n)
{
    /* Rounding up or adding the block header must not wrap round. */
    if (n > SIZE_MAX - ARENA_ALIGN - sizeof(ArenaBlock)) {
        fprintf(stderr, "sinmun: out of memory (%zu bytes)\n", n);
        abort();
    }
    size_t nRound = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (nRound == 0) {
        nRound = ARENA_ALIGN;
    }
    ArenaBlock *b = a->pBlock;
    if (b == NULL || b->nSize - b->nUsed < nRound) {
        b = arena_new_block(a, nRound);
    }
    void *p = b->aData + b->nUsed;
    b->nUsed += nRound;
    a->nTotal += nRound;
    ARENA_UNPOISON(p, n);
    return p;
}

bool arena_extend(Arena *a, void *p, size_t nOld, size_t nNew)
{
    ArenaBlock *b = a->pBlock;
    if (b == NULL || p == NULL || nNew < nOld) {
        return false;
    }
    size_t nOldRound = (nOld + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (nOldRound == 0) {
        nOldRound = ARENA_ALIGN;
    }
    /* Only the newest allocation of the newest block can grow in place. */
    if ((unsigned char *)p + nOldRound != b->aData + b->nUsed) {
        return false;
    }
    size_t nStart = (size_t)((unsigned char *)p - b->aData);
    if (nNew > b->nSize - nStart) {
        return false;
    }
    size_t nNewRound = (nNew + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    b->nUsed = nStart + nNewRound;
    a->nTotal += nNewRound - nOldRound;
    ARENA_UNPOISON(p, nNew);
    return true;
}

void *arena_grow(Arena *a, void *p, int n, int *pnAlloc, size_t size)
{
    assert(n >= 0 && n <= *pnAlloc && (p != NULL || n == 0));
    if (n < *pnAlloc) {
        return p;
    }
    int nNew = *pnAlloc > 0 ? *pnAlloc * 2 : ARENA_GROW_FIRST;
    void *pNew = arena_alloc(a, size * (size_t)nNew);
    if (n > 0) {
        memcpy(pNew, p, size * (size_t)n);
    }
    *pnAlloc = nNew;
    return pNew;
}

char *arena_strndup(Arena *a, const char *p, size_t n)
{
    char *z = arena_alloc_raw(a, n + 1);
    if (n > 0) {
        memcpy(z, p, n);
    }
    z[n] = 0;
    return z;
}

char *arena_strdup(Arena *a, const char *z)
{
    if (z == NULL) {
        return NULL;
    }
    return arena_strndup(a, z, strlen(z));
}

void arena_defer(Arena *a, void (*fn)(void *), void *p)
{
    ArenaDefer *d = arena_alloc(a, sizeof(*d));
    d->fn = fn;
    d->p = p;
    d->pNext = a->pDefer;
    a->pDefer = d;
}

void arena_close(Arena *a)
{
    /* Deferrals live inside the blocks: run them all before freeing. */
    for (ArenaDefer *d = a->pDefer; d != NULL; d = d->pNext) {
        d->fn(d->p);
    }
    a->pDefer = NULL;
    ArenaBlock *b = a->pBlock;
    while (b != NULL) {
        ArenaBlock *pPrev = b->pPrev;
        ARENA_UNPOISON(b->aData, b->nSize);
        free(b);
        b = pPrev;
    }
    a->pBlock = NULL;
    a->nTotal = 0;
}
