/*
 * front_layout.c — the front page's layout arithmetic (front_layout.h):
 * filling unpinned slots and section blocks without repeats, and the
 * edits of the pins and of the section order.  Pure functions.
 */
#include "articles/front_layout.h"

#include <string.h>

bool front_shown_has(const FrontShown *pShown, int64_t id)
{
    for (int i = 0; i < pShown->n; i++) {
        if (pShown->aId[i] == id) {
            return true;
        }
    }
    return false;
}

/* Add 'id' to 'pShown' (the caller checked it is new). */
static void front_shown_add(FrontShown *pShown, int64_t id)
{
    if (pShown->n < FRONT_SHOWN_MAX) {
        pShown->aId[pShown->n++] = id;
    }
}

/*
 * The next of 'aLatest' from '*piNext' on that is not shown (advancing
 * '*piNext' past it), or 0 when they ran out.
 */
static int64_t front_next_latest(const int64_t *aLatest, int nLatest,
                                 int *piNext, const FrontShown *pShown)
{
    while (*piNext < nLatest) {
        int64_t id = aLatest[(*piNext)++];
        if (id != 0 && !front_shown_has(pShown, id)) {
            return id;
        }
    }
    return 0;
}

void front_fill_slots(const FrontPins *pPins, const int64_t *aLatest,
                      int nLatest, FrontPins *pOut, bool *abPinned,
                      FrontShown *pShown)
{
    /* Pins first, in slot order, so a pinned article is never taken by
       an earlier self-filling slot. */
    int64_t aWant[1 + FRONT_TOP_SLOTS];
    aWant[0] = pPins->headline;
    memcpy(&aWant[1], pPins->aTop, sizeof(pPins->aTop));
    int64_t aGot[1 + FRONT_TOP_SLOTS];
    for (int i = 0; i < 1 + FRONT_TOP_SLOTS; i++) {
        aGot[i] = 0;
        abPinned[i] = false;
        if (aWant[i] != 0 && !front_shown_has(pShown, aWant[i])) {
            aGot[i] = aWant[i];
            abPinned[i] = true;
            front_shown_add(pShown, aWant[i]);
        }
    }
    int iNext = 0;
    for (int i = 0; i < 1 + FRONT_TOP_SLOTS; i++) {
        if (aGot[i] == 0) {
            aGot[i] = front_next_latest(aLatest, nLatest, &iNext, pShown);
            if (aGot[i] != 0) {
                front_shown_add(pShown, aGot[i]);
            }
        }
    }
    pOut->headline = aGot[0];
    memcpy(pOut->aTop, &aGot[1], sizeof(pOut->aTop));
}

int front_fill_list(const int64_t *aCand, int nCand, int nWant,
                    FrontShown *pShown, int *aiPick)
{
    int n = 0;
    for (int i = 0; i < nCand && n < nWant; i++) {
        if (aCand[i] != 0 && !front_shown_has(pShown, aCand[i])) {
            aiPick[n++] = i;
            front_shown_add(pShown, aCand[i]);
        }
    }
    return n;
}

/* Unpin 'id' wherever it is pinned. */
static void front_pins_forget(FrontPins *pPins, int64_t id)
{
    if (pPins->headline == id) {
        pPins->headline = 0;
    }
    for (int i = 0; i < FRONT_TOP_SLOTS; i++) {
        if (pPins->aTop[i] == id) {
            pPins->aTop[i] = 0;
        }
    }
}

void front_pins_set_headline(FrontPins *pPins, int64_t id)
{
    front_pins_forget(pPins, id);
    pPins->headline = id;
}

const char *front_pins_set_top(FrontPins *pPins, int64_t id, int iPos)
{
    if (iPos < -1 || iPos >= FRONT_TOP_SLOTS) {
        return "주요 기사 자리가 잘못되었습니다.";
    }
    for (int i = 0; i < FRONT_TOP_SLOTS; i++) {
        if (pPins->aTop[i] == id && (iPos == -1 || iPos == i)) {
            return NULL; /* already there */
        }
    }
    FrontPins next = *pPins;
    front_pins_forget(&next, id);
    if (iPos == -1) {
        for (int i = 0; i < FRONT_TOP_SLOTS && iPos == -1; i++) {
            if (next.aTop[i] == 0) {
                iPos = i;
            }
        }
        if (iPos == -1) {
            return "주요 기사 자리가 모두 고정되어 있습니다. 먼저 하나를 "
                   "빼 주십시오.";
        }
    }
    next.aTop[iPos] = id;
    *pPins = next;
    return NULL;
}

bool front_pins_clear(FrontPins *pPins, bool bHeadline, int iPos)
{
    if (bHeadline) {
        pPins->headline = 0;
        return true;
    }
    if (iPos < 0 || iPos >= FRONT_TOP_SLOTS) {
        return false;
    }
    pPins->aTop[iPos] = 0;
    return true;
}

bool front_pins_move(FrontPins *pPins, int iPos, int iDir)
{
    return front_order_move(pPins->aTop, FRONT_TOP_SLOTS, iPos, iDir);
}

/*
 * True when 'aA' and 'aB' ('n' each) hold the same ids, counted with
 * repeats (the row's zeros repeat).
 */
static bool front_same_ids(const int64_t *aA, const int64_t *aB, int n)
{
    for (int i = 0; i < n; i++) {
        int nA = 0;
        int nB = 0;
        for (int j = 0; j < n; j++) {
            nA += aA[j] == aA[i];
            nB += aB[j] == aA[i];
        }
        if (nA != nB) {
            return false;
        }
    }
    return true;
}

const char *front_pins_reorder(FrontPins *pPins, const int64_t *aNew, int nNew)
{
    if (nNew != FRONT_TOP_SLOTS ||
        !front_same_ids(pPins->aTop, aNew, FRONT_TOP_SLOTS)) {
        return "그사이 다른 편집자가 주요 기사를 바꿨습니다. 지금 배치를 "
               "확인하고 다시 옮겨 주십시오.";
    }
    memcpy(pPins->aTop, aNew, sizeof(pPins->aTop));
    return NULL;
}

bool front_order_move(int64_t *aId, int n, int i, int iDir)
{
    int j = i + iDir;
    if ((iDir != -1 && iDir != 1) || i < 0 || i >= n || j < 0 || j >= n) {
        return false;
    }
    int64_t t = aId[i];
    aId[i] = aId[j];
    aId[j] = t;
    return true;
}

const char *front_order_reorder(int64_t *aId, int n, const int64_t *aNew,
                                int nNew)
{
    if (nNew != n || !front_same_ids(aId, aNew, n)) {
        return "그사이 분류가 바뀌었습니다. 지금 순서를 확인하고 다시 "
               "옮겨 주십시오.";
    }
    memmove(aId, aNew, sizeof(int64_t) * (size_t)n);
    return NULL;
}

/* True when 'id' is among the 'n' ids of 'aId'. */
static bool front_ids_have(const int64_t *aId, int n, int64_t id)
{
    for (int i = 0; i < n; i++) {
        if (aId[i] == id) {
            return true;
        }
    }
    return false;
}

int front_order_sections(const int64_t *aStored, int nStored,
                         const int64_t *aSite, int nSite, int64_t *aOut)
{
    int n = 0;
    for (int i = 0; i < nStored; i++) {
        if (front_ids_have(aSite, nSite, aStored[i]) &&
            !front_ids_have(aOut, n, aStored[i])) {
            aOut[n++] = aStored[i];
        }
    }
    for (int i = 0; i < nSite; i++) {
        if (!front_ids_have(aOut, n, aSite[i])) {
            aOut[n++] = aSite[i];
        }
    }
    return n;
}

bool front_parse_ids(const char *z, int64_t *aOut, int nMax, int *pn)
{
    int n = 0;
    const char *p = z;
    if (z == NULL || *z == 0) {
        return false;
    }
    for (;;) {
        int64_t v = 0;
        int nDigit = 0;
        while (*p >= '0' && *p <= '9') {
            if (nDigit == 16) {
                return false; /* past 2^53 is no id */
            }
            v = v * 10 + (*p - '0');
            nDigit++;
            p++;
        }
        if (nDigit == 0 || n == nMax) {
            return false;
        }
        aOut[n++] = v;
        if (*p == 0) {
            break;
        }
        if (*p != ',') {
            return false;
        }
        p++;
    }
    *pn = n;
    return true;
}
