/*
 * worddiff.c — word-level diff for Korean (and any) text; see worddiff.h.
 *
 * Steps: split both texts into tokens (worddiff_token_end()), hash each;
 * cut the common head and tail; run Myers' greedy forward search on the
 * middle, keeping each round's furthest points (the trace) so the path
 * can be walked back; turn the path into byte spans, merging neighbours
 * of one kind.
 */
#include "worddiff.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* One token: where it is and a hash to compare quickly. */
typedef struct WdToken {
    size_t i;   /* byte offset */
    size_t n;   /* byte length */
    uint64_t h; /* FNV-1a of its bytes */
} WdToken;

/* The class of one character for splitting. */
typedef enum WdClass {
    WD_SPACE, /* white space: a run is one token */
    WD_PUNCT, /* punctuation or symbol: a token of its own */
    WD_WORD,  /* letters, digits, marks: runs make an 어절 */
    WD_BAD,   /* a byte that is not UTF-8: a token of its own */
} WdClass;

/* Decode the character at 'i'; set '*pnLen' (OUT) to its byte length. */
static WdClass wd_class_at(const char *z, size_t n, size_t i, size_t *pnLen)
{
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)z + i,
                                          (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) {
        *pnLen = 1;
        return WD_BAD;
    }
    *pnLen = (size_t)k;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return WD_SPACE;
    case UTF8PROC_CATEGORY_CC:
        return cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' ||
                       cp == '\f'
                   ? WD_SPACE
                   : WD_PUNCT;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
        return WD_PUNCT;
    default:
        return WD_WORD;
    }
}

/* True when the character at 'i' is a combining mark. */
static bool wd_mark_at(const char *z, size_t n, size_t i, size_t *pnLen)
{
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)z + i,
                                          (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) {
        return false;
    }
    *pnLen = (size_t)k;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
           cat == UTF8PROC_CATEGORY_ME;
}

size_t worddiff_token_end(const char *z, size_t n, size_t i)
{
    size_t nLen = 0;
    WdClass first = wd_class_at(z, n, i, &nLen);
    size_t j = i + nLen;
    if (first == WD_BAD) {
        return j;
    }
    if (first == WD_PUNCT) {
        /* A mark on a symbol stays with it. */
        while (j < n && wd_mark_at(z, n, j, &nLen)) {
            j += nLen;
        }
        return j;
    }
    while (j < n && wd_class_at(z, n, j, &nLen) == first) {
        j += nLen;
    }
    return j;
}

/* Split 'z' into tokens in one pass; set '*pn' (OUT). */
static WdToken *wd_tokens(Arena *a, const char *z, size_t n, int *pn)
{
    /* A guess of one token per four bytes, doubled when short. */
    int nCap = (int)(n / 4) + 16;
    WdToken *aTok = arena_alloc(a, sizeof(WdToken) * (size_t)nCap);
    int k = 0;
    for (size_t i = 0; i < n;) {
        size_t j = worddiff_token_end(z, n, i);
        uint64_t h = 1469598103934665603ULL;
        for (size_t m = i; m < j; m++) {
            h = (h ^ (unsigned char)z[m]) * 1099511628211ULL;
        }
        if (k == nCap) {
            WdToken *aNew = arena_alloc(a, sizeof(WdToken) * (size_t)nCap * 2);
            memcpy(aNew, aTok, sizeof(WdToken) * (size_t)nCap);
            aTok = aNew;
            nCap *= 2;
        }
        aTok[k].i = i;
        aTok[k].n = j - i;
        aTok[k].h = h;
        k++;
        i = j;
    }
    *pn = k;
    return aTok;
}

/* The texts and their tokens, shared by the steps below. */
typedef struct WdInput {
    const char *zA;   /* first text */
    const char *zB;   /* second text */
    const WdToken *a; /* tokens of A */
    const WdToken *b; /* tokens of B */
} WdInput;

static bool wd_equal(const WdInput *in, int ia, int ib)
{
    const WdToken *x = &in->a[ia], *y = &in->b[ib];
    return x->h == y->h && x->n == y->n &&
           memcmp(in->zA + x->i, in->zB + y->i, x->n) == 0;
}

/* One step of the edit path, in tokens. */
typedef struct WdStep {
    WordDiffKind kind; /* same, deleted, inserted */
    int ia;            /* token index in A (SAME, DEL) */
    int ib;            /* token index in B (SAME, INS) */
} WdStep;

/* A growing list of steps (in reverse order while walking back). */
typedef struct WdSteps {
    WdStep *a; /* steps */
    int n;     /* how many */
    int nCap;  /* room */
} WdSteps;

static void wd_push(Arena *ar, WdSteps *s, WordDiffKind kind, int ia, int ib)
{
    if (s->n == s->nCap) {
        int nNew = s->nCap ? s->nCap * 2 : 64;
        WdStep *aNew = arena_alloc(ar, sizeof(WdStep) * (size_t)nNew);
        if (s->n > 0) {
            memcpy(aNew, s->a, sizeof(WdStep) * (size_t)s->n);
        }
        s->a = aNew;
        s->nCap = nNew;
    }
    s->a[s->n].kind = kind;
    s->a[s->n].ia = ia;
    s->a[s->n].ib = ib;
    s->n++;
}

/*
 * Myers' search over A tokens [a0, a0 + N) and B tokens [b0, b0 + M).
 * Append the path's steps to 's' in reverse order.  Return false (nothing
 * appended) when more than 'nMax' edits or WORDDIFF_WORK_MAX steps would
 * be needed.
 */
static bool wd_myers(Arena *ar, const WdInput *in, int a0, int N, int b0, int M,
                     int nMax, WdSteps *s)
{
    int dMax = N + M < nMax ? N + M : nMax;
    /* V[k] for k in [-dMax, dMax]: the furthest x on diagonal k. */
    int32_t *V = arena_alloc(ar, sizeof(int32_t) * (size_t)(2 * dMax + 3));
    int off = dMax + 1;
    /* trace[d] holds V[-d..d] after round d: (d + 1)² entries in all. */
    int32_t **aTrace = arena_alloc(ar, sizeof(int32_t *) * (size_t)(dMax + 1));
    int64_t nWork = 0;
    int dFound = -1;
    V[off + 1] = 0;
    for (int d = 0; d <= dMax && dFound < 0; d++) {
        for (int k = -d; k <= d; k += 2) {
            int x;
            if (k == -d || (k != d && V[off + k - 1] < V[off + k + 1])) {
                x = V[off + k + 1];
            } else {
                x = V[off + k - 1] + 1;
            }
            int y = x - k;
            while (x < N && y < M && wd_equal(in, a0 + x, b0 + y)) {
                x++;
                y++;
                nWork++;
            }
            V[off + k] = x;
            nWork++;
            if (x >= N && y >= M) {
                dFound = d;
            }
        }
        aTrace[d] = arena_alloc(ar, sizeof(int32_t) * (size_t)(2 * d + 1));
        memcpy(aTrace[d], &V[off - d], sizeof(int32_t) * (size_t)(2 * d + 1));
        if (nWork > WORDDIFF_WORK_MAX) {
            break;
        }
    }
    if (dFound < 0) {
        return false;
    }
    /* Walk back from (N, M). */
    int x = N, y = M;
    for (int d = dFound; d > 0; d--) {
        const int32_t *Vp = aTrace[d - 1]; /* index k + (d - 1) */
        int k = x - y;
        bool bDown =
            k == -d || (k != d && Vp[k - 1 + d - 1] < Vp[k + 1 + d - 1]);
        int kPrev = bDown ? k + 1 : k - 1;
        int xPrev = Vp[kPrev + d - 1];
        int yPrev = xPrev - kPrev;
        int xMid = bDown ? xPrev : xPrev + 1;
        while (x > xMid) {
            x--;
            y--;
            wd_push(ar, s, WORDDIFF_SAME, a0 + x, b0 + y);
        }
        if (bDown) {
            wd_push(ar, s, WORDDIFF_INS, a0 + xPrev, b0 + yPrev);
        } else {
            wd_push(ar, s, WORDDIFF_DEL, a0 + xPrev, b0 + yPrev);
        }
        x = xPrev;
        y = yPrev;
    }
    while (x > 0) {
        x--;
        y--;
        wd_push(ar, s, WORDDIFF_SAME, a0 + x, b0 + y);
    }
    return true;
}

/* Add one token step to the spans, merging it into the last when it
   continues it. */
static void wd_span_add(Arena *ar, WordDiff *d, int *pnCap, const WdInput *in,
                        const WdStep *st, size_t nA, size_t nB)
{
    size_t iA = st->ia < 0 ? nA : in->a[st->ia].i;
    size_t iB = st->ib < 0 ? nB : in->b[st->ib].i;
    size_t n = st->kind == WORDDIFF_INS ? in->b[st->ib].n : in->a[st->ia].n;
    if (d->nSpan > 0) {
        WordDiffSpan *last = &d->aSpan[d->nSpan - 1];
        if (last->kind == st->kind) {
            last->n += n;
            return;
        }
    }
    if (d->nSpan == *pnCap) {
        int nNew = *pnCap ? *pnCap * 2 : 16;
        WordDiffSpan *aNew =
            arena_alloc(ar, sizeof(WordDiffSpan) * (size_t)nNew);
        if (d->nSpan > 0) {
            memcpy(aNew, d->aSpan, sizeof(WordDiffSpan) * (size_t)d->nSpan);
        }
        d->aSpan = aNew;
        *pnCap = nNew;
    }
    WordDiffSpan *sp = &d->aSpan[d->nSpan++];
    sp->kind = st->kind;
    sp->iA = iA;
    sp->iB = iB;
    sp->n = n;
}

/* True when the 'n' bytes at 'p' are all white space (as tokens see it). */
static bool wd_blank(const char *p, size_t n)
{
    size_t nLen = 0;
    for (size_t i = 0; i < n; i += nLen) {
        if (wd_class_at(p, n, i, &nLen) != WD_SPACE) {
            return false;
        }
    }
    return true;
}

/*
 * Make each changed region one DEL span and one INS span, as a reader
 * takes it in: the path interleaves them token by token, and a space
 * kept between two changed 어절 ("[-이데스크가-] [-고친-]") splits what
 * was one rewrite.  Such a space joins the region on both sides.
 */
static void wd_regroup(Arena *ar, WordDiff *d, const char *zA)
{
    WordDiffSpan *aOut =
        arena_alloc(ar, sizeof(WordDiffSpan) * (size_t)(d->nSpan + 1));
    int nOut = 0;
    int i = 0;
    while (i < d->nSpan) {
        if (d->aSpan[i].kind == WORDDIFF_SAME) {
            aOut[nOut++] = d->aSpan[i++];
            continue;
        }
        size_t iA = d->aSpan[i].iA, iB = d->aSpan[i].iB;
        size_t nDel = 0, nIns = 0;
        for (; i < d->nSpan; i++) {
            const WordDiffSpan *sp = &d->aSpan[i];
            if (sp->kind == WORDDIFF_SAME) {
                bool bJoin = i + 1 < d->nSpan &&
                             d->aSpan[i + 1].kind != WORDDIFF_SAME &&
                             wd_blank(zA + sp->iA, sp->n);
                if (!bJoin) {
                    break;
                }
                nDel += sp->n;
                nIns += sp->n;
            } else if (sp->kind == WORDDIFF_DEL) {
                nDel += sp->n;
            } else {
                nIns += sp->n;
            }
        }
        if (nDel > 0) {
            aOut[nOut++] = (WordDiffSpan){WORDDIFF_DEL, iA, iB, nDel};
        }
        if (nIns > 0) {
            aOut[nOut++] = (WordDiffSpan){WORDDIFF_INS, iA + nDel, iB, nIns};
        }
    }
    d->aSpan = aOut;
    d->nSpan = nOut;
}

void worddiff(Arena *ar, const char *zA, size_t nA, const char *zB, size_t nB,
              int nMaxEdits, WordDiff *pOut)
{
    memset(pOut, 0, sizeof(*pOut));
    if (nA == nB && memcmp(zA, zB, nA) == 0) {
        /* The common case of a field nobody changed: no tokens needed. */
        if (nA > 0) {
            pOut->aSpan = arena_alloc(ar, sizeof(WordDiffSpan));
            pOut->aSpan[0] = (WordDiffSpan){WORDDIFF_SAME, 0, 0, nA};
            pOut->nSpan = 1;
        }
        return;
    }
    int nTa = 0, nTb = 0;
    WdToken *aTa = wd_tokens(ar, zA, nA, &nTa);
    WdToken *aTb = wd_tokens(ar, zB, nB, &nTb);
    WdInput in = {zA, zB, aTa, aTb};
    /* The common head and tail need no search. */
    int nHead = 0;
    while (nHead < nTa && nHead < nTb && wd_equal(&in, nHead, nHead)) {
        nHead++;
    }
    int nTail = 0;
    while (nTail < nTa - nHead && nTail < nTb - nHead &&
           wd_equal(&in, nTa - 1 - nTail, nTb - 1 - nTail)) {
        nTail++;
    }
    int N = nTa - nHead - nTail, M = nTb - nHead - nTail;
    WdSteps mid = {0};
    if (nMaxEdits < 0) {
        nMaxEdits = 0;
    }
    if (N + M > 0 && !wd_myers(ar, &in, nHead, N, nHead, M, nMaxEdits, &mid)) {
        /* Too far apart to search: the middle is replaced whole.  Pushed
           in reverse, as wd_myers() would. */
        pOut->bCapped = true;
        mid.n = 0;
        for (int j = M - 1; j >= 0; j--) {
            wd_push(ar, &mid, WORDDIFF_INS, nHead + N, nHead + j);
        }
        for (int i = N - 1; i >= 0; i--) {
            wd_push(ar, &mid, WORDDIFF_DEL, nHead + i, nHead);
        }
    }
    int nCap = 0;
    for (int i = 0; i < nHead; i++) {
        WdStep st = {WORDDIFF_SAME, i, i};
        wd_span_add(ar, pOut, &nCap, &in, &st, nA, nB);
    }
    for (int i = mid.n - 1; i >= 0; i--) {
        WdStep st = mid.a[i];
        if (st.kind != WORDDIFF_SAME) {
            pOut->nEdit++;
        }
        /* An insertion at the end of A, a deletion at the end of B. */
        if (st.ia >= nTa) {
            st.ia = -1;
        }
        if (st.ib >= nTb) {
            st.ib = -1;
        }
        wd_span_add(ar, pOut, &nCap, &in, &st, nA, nB);
    }
    for (int i = 0; i < nTail; i++) {
        WdStep st = {WORDDIFF_SAME, nTa - nTail + i, nTb - nTail + i};
        wd_span_add(ar, pOut, &nCap, &in, &st, nA, nB);
    }
    wd_regroup(ar, pOut, zA);
}

/* ------------------------------------------------------------------------
 * Fuzz entry
 */

/* Rebuild one side from 'd' and compare it with 'z'; abort() on any
   difference or a span outside the texts. */
static void wd_fuzz_check(const WordDiff *d, const char *zA, size_t nA,
                          const char *zB, size_t nB)
{
    size_t iA = 0, iB = 0;
    for (int i = 0; i < d->nSpan; i++) {
        const WordDiffSpan *sp = &d->aSpan[i];
        if (sp->n == 0) {
            abort();
        }
        if (sp->kind != WORDDIFF_INS) {
            if (sp->iA != iA || sp->iA + sp->n > nA) {
                abort();
            }
            iA += sp->n;
        }
        if (sp->kind != WORDDIFF_DEL) {
            if (sp->iB != iB || sp->iB + sp->n > nB) {
                abort();
            }
            iB += sp->n;
        }
        if (sp->kind == WORDDIFF_SAME &&
            memcmp(zA + sp->iA, zB + sp->iB, sp->n) != 0) {
            abort();
        }
    }
    if (iA != nA || iB != nB) {
        abort();
    }
}

int worddiff_fuzz_one(const uint8_t *p, size_t n)
{
    const char *z = (const char *)p;
    const char *zSep = memchr(z, 0, n);
    size_t nA = zSep ? (size_t)(zSep - z) : n;
    const char *zB = zSep ? zSep + 1 : z;
    size_t nB = zSep ? n - nA - 1 : n;
    static const int aCap[] = {WORDDIFF_EDITS_DEFAULT, 3};
    for (size_t c = 0; c < sizeof(aCap) / sizeof(aCap[0]); c++) {
        Arena a;
        arena_init(&a);
        WordDiff d;
        worddiff(&a, z, nA, zB, nB, aCap[c], &d);
        wd_fuzz_check(&d, z, nA, zB, nB);
        bool bSame = nA == nB && memcmp(z, zB, nA) == 0;
        if (bSame && (d.nEdit != 0 || d.bCapped || d.nSpan > 1)) {
            abort();
        }
        if (!bSame && d.nEdit == 0) {
            abort();
        }
        arena_close(&a);
    }
    return 0;
}
