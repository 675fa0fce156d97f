/*
 * worddiff.h — a word-level diff of two UTF-8 texts that reads Korean as
 * its writers do: tokens are 어절 (runs between spaces), each punctuation
 * mark or symbol on its own, and each run of white space; Hangul, Latin
 * letters and digits inside one 어절 stay together ("5G망을").  Character
 * classes come from utf8proc.  Bytes that are not UTF-8 count as one
 * token each, so any input gives a diff.
 *
 * The algorithm is Myers' O(ND) greedy diff on tokens after cutting the
 * common head and tail, with two caps so a request never runs long: at
 * most 'nMaxEdits' tokens deleted plus inserted, and a fixed budget of
 * steps (WORDDIFF_WORK_MAX).  Past either, the differing middle is shown
 * as one deletion and one insertion (WordDiff.bCapped).  Used by the
 * newsroom's revision comparison and its conflict page.
 */
#ifndef SINMUN_BASE_WORDDIFF_H
#define SINMUN_BASE_WORDDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* Steps (diagonals visited plus tokens compared along them) one diff may
   take before it gives up on finding the shortest edit. */
#define WORDDIFF_WORK_MAX 20000000

/* Edits the newsroom allows one comparison (see worddiff()): about 500
   words changed, 4 MB of trace at most. */
#define WORDDIFF_EDITS_DEFAULT 1000

/* What a span of the diff is. */
typedef enum WordDiffKind {
    WORDDIFF_SAME = 0, /* in both texts */
    WORDDIFF_DEL = 1,  /* only in the first (A) */
    WORDDIFF_INS = 2,  /* only in the second (B) */
} WordDiffKind;

/* A run of whole tokens of one kind. */
typedef struct WordDiffSpan {
    WordDiffKind kind; /* same, deleted or inserted */
    size_t iA;         /* byte offset in A where it starts (for DEL and
                          SAME; for INS where it would go in A) */
    size_t iB;         /* byte offset in B (for INS and SAME; for DEL
                          where it would go in B) */
    size_t n;          /* its length in bytes (in A for DEL, in B for INS,
                          in either for SAME: the bytes are equal) */
} WordDiffSpan;

/* The result of worddiff(): spans in text order.  Each changed region is
   one DEL span followed by one INS span (either may be absent); white
   space kept between two changes belongs to the region. */
typedef struct WordDiff {
    WordDiffSpan *aSpan; /* the spans; SAME and DEL spans in order rebuild
                            A, SAME and INS spans rebuild B */
    int nSpan;           /* how many */
    int nEdit;           /* tokens deleted plus inserted */
    bool bCapped;        /* a cap was reached: the changed middle is one
                            DEL and one INS, not the shortest edit */
} WordDiff;

/*
 * Compare 'zA' ('nA' bytes) with 'zB' ('nB' bytes) word by word (see
 * above) and fill '*pOut' (OUT; spans allocated in 'a').  'nMaxEdits'
 * caps the edit distance searched (at least 0); memory grows with its
 * square (4 bytes × (nMaxEdits + 1)², at most), time with the texts'
 * length times the distance found, both also bounded by
 * WORDDIFF_WORK_MAX.  Never fails: the arena aborts on out-of-memory.
 */
void worddiff(Arena *a, const char *zA, size_t nA, const char *zB, size_t nB,
              int nMaxEdits, WordDiff *pOut);

/*
 * The end of the token that starts at byte 'i' of 'z' ('n' bytes, i < n):
 * the offset just past it.  Exposed for the unit test.
 */
size_t worddiff_token_end(const char *z, size_t n, size_t i);

/*
 * Fuzz entry: the bytes before the first NUL of 'p' against those after
 * it, diffed with the default cap and with a cap of 3; abort() unless the
 * spans of each rebuild both texts exactly and stay inside them, equal
 * texts give no edit, and every span is non-empty.  Always returns 0.
 */
int worddiff_fuzz_one(const uint8_t *p, size_t n);

#endif
