/*
 * view.c — the value tree a handler fills and a template reads; see view.h.
 *
 * A handler builds one View per page in the request's arena (step 4 of a
 * handler, after the store reads) and hands it to template_render().
 * Everything here allocates from the View's arena and nothing is freed.
 * Names and text are copied (but for view_str_ref()), so a handler may
 * pass a stack buffer.
 * Values are kept in a short linked list per View, in the order set; a
 * page view has a few dozen names, so a linear search is the fast path.
 */
#include "view/view.h"
#include "view/safe_html.h"

#include <assert.h>
#include <string.h>

View *view_new(Arena *a)
{
    assert(a != NULL);
    View *v = arena_alloc(a, sizeof(*v));
    v->a = a;
    return v;
}

/* FNV-1a of a name: a page renders hundreds of lookups through views of
   a dozen fields, and comparing a number first skips most string
   compares (measured: name lookups were ~17% of an uncached page).
   Compiled templates keep the hashes of their names (template.c). */
uint32_t view_name_hash(const char *z, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (unsigned char)z[i]) * 16777619u;
    }
    return h;
}

/*
 * Return the value named by the 'n' bytes of 'zName' (whose hash is 'h')
 * in 'v' itself (not its parents), or NULL.
 */
/* The bit of View.nBloom for a name hash 'h'. */
static uint64_t view_bloom_bit(uint32_t h)
{
    return (uint64_t)1 << (h >> 26);
}

static ViewValue *view_find_h(const View *v, const char *zName, size_t n,
                              uint32_t h)
{
    /* Most lookups miss most views (names resolve outward through the
       parents): one test answers those. */
    if ((v->nBloom & view_bloom_bit(h)) == 0) {
        return NULL;
    }
    for (ViewValue *pVal = v->pFirst; pVal != NULL; pVal = pVal->pNext) {
        if (pVal->hName == h && pVal->nName == n &&
            memcmp(pVal->zName, zName, n) == 0) {
            return pVal;
        }
    }
    return NULL;
}

/* view_find_h() hashing 'zName' itself. */
static ViewValue *view_find(const View *v, const char *zName, size_t n)
{
    return view_find_h(v, zName, n, view_name_hash(zName, n));
}

/*
 * Return the value 'zName' of 'v', emptied and ready to be set: the
 * existing one (which keeps its place in the order) or a new one at the
 * end.
 */
static ViewValue *view_slot(View *v, const char *zName)
{
    assert(v != NULL && zName != NULL && zName[0] != 0);
    /* A dotted name could never be looked up: view_lookup() splits it. */
    assert(strchr(zName, '.') == NULL);
    size_t n = strlen(zName);
    uint32_t h = view_name_hash(zName, n);
    ViewValue *pVal = view_find_h(v, zName, n, h);
    if (pVal != NULL) {
        const char *zKeep = pVal->zName;
        ViewValue *pNext = pVal->pNext;
        memset(pVal, 0, sizeof(*pVal));
        pVal->zName = zKeep;
        pVal->hName = h;
        pVal->nName = (uint32_t)n;
        pVal->pNext = pNext;
        return pVal;
    }
    pVal = arena_alloc(v->a, sizeof(*pVal));
    pVal->zName = arena_strndup(v->a, zName, n);
    pVal->hName = h;
    pVal->nName = (uint32_t)n;
    if (v->pLast == NULL) {
        v->pFirst = pVal;
    } else {
        v->pLast->pNext = pVal;
    }
    v->pLast = pVal;
    v->nBloom |= view_bloom_bit(h);
    return pVal;
}

void view_str(View *v, const char *zName, const char *z)
{
    if (z != NULL) {
        view_strn(v, zName, z, strlen(z));
        return;
    }
    /* NULL means missing: drop any earlier value of that name. */
    assert(v != NULL && zName != NULL);
    ViewValue *pPrev = NULL;
    for (ViewValue **ppVal = &v->pFirst; *ppVal != NULL;
         ppVal = &(*ppVal)->pNext) {
        if (strcmp((*ppVal)->zName, zName) == 0) {
            if (v->pLast == *ppVal) {
                v->pLast = pPrev;
            }
            /* Its bloom bit stays: a lookup then searches, and misses. */
            *ppVal = (*ppVal)->pNext;
            return;
        }
        pPrev = *ppVal;
    }
}

void view_strn(View *v, const char *zName, const char *p, size_t n)
{
    ViewValue *pVal = view_slot(v, zName);
    pVal->type = VIEW_STR;
    pVal->z = arena_strndup(v->a, p, n);
    pVal->n = n;
}

void view_str_ref(View *v, const char *zName, const char *z)
{
    if (z == NULL) {
        view_str(v, zName, NULL);
        return;
    }
    ViewValue *pVal = view_slot(v, zName);
    pVal->type = VIEW_STR;
    pVal->z = z;
    pVal->n = strlen(z);
}

void view_int(View *v, const char *zName, int64_t i)
{
    ViewValue *pVal = view_slot(v, zName);
    pVal->type = VIEW_INT;
    pVal->i = i;
}

void view_bool(View *v, const char *zName, bool b)
{
    ViewValue *pVal = view_slot(v, zName);
    pVal->type = VIEW_BOOL;
    pVal->i = b ? 1 : 0;
}

void view_safe(View *v, const char *zName, const SafeHtml *h)
{
    static const SafeHtml empty = {"", 0};
    ViewValue *pVal = view_slot(v, zName);
    pVal->type = VIEW_SAFE;
    pVal->pSafe = h != NULL && h->z != NULL ? h : &empty;
    pVal->n = pVal->pSafe->n;
}

const SafeHtml *safe_html_wrap(Arena *a, const char *z, size_t n)
{
    SafeHtml *h = arena_alloc(a, sizeof(*h));
    h->z = z;
    h->n = n;
    return h;
}

const char *safe_html_bytes(const SafeHtml *h, size_t *pn)
{
    *pn = h->n;
    return h->z;
}

View *view_obj(View *v, const char *zName)
{
    ViewValue *pVal = view_slot(v, zName);
    pVal->type = VIEW_OBJ;
    pVal->pObj = view_new(v->a);
    pVal->pObj->pParent = v;
    return pVal->pObj;
}

ViewValue *view_list(View *v, const char *zName)
{
    assert(v != NULL && zName != NULL);
    ViewValue *pVal = view_find(v, zName, strlen(zName));
    if (pVal != NULL && pVal->type == VIEW_LIST) {
        return pVal;
    }
    pVal = view_slot(v, zName);
    pVal->type = VIEW_LIST;
    return pVal;
}

View *view_list_add(View *v, const char *zName)
{
    ViewValue *pList = view_list(v, zName);
    View *pItem = view_new(v->a);
    /* Names an item lacks resolve in the view that owns the list. */
    pItem->pParent = v;
    if (pList->pLast == NULL) {
        pList->pFirst = pItem;
    } else {
        pList->pLast->pNextItem = pItem;
    }
    pList->pLast = pItem;
    pList->i++;
    return pItem;
}

/* Length of the first dot-separated segment of the 'n' bytes of 'p'. */
static size_t view_segment(const char *p, size_t n)
{
    const char *pDot = memchr(p, '.', n);
    return pDot == NULL ? n : (size_t)(pDot - p);
}

const ViewValue *view_lookup(const View *v, const char *zName, size_t nName)
{
    return view_lookup_hashed(v, zName, nName, NULL);
}

const ViewValue *view_lookup_hashed(const View *v, const char *zName,
                                    size_t nName, const uint32_t *aHash)
{
    size_t nHead = view_segment(zName, nName);
    uint32_t h = aHash != NULL ? aHash[0] : view_name_hash(zName, nHead);
    const ViewValue *pVal = NULL;
    /* Only the first segment searches outward; the nearest one wins. */
    for (const View *p = v; p != NULL && pVal == NULL; p = p->pParent) {
        pVal = view_find_h(p, zName, nHead, h);
    }
    for (int iSeg = 1; pVal != NULL && nHead < nName; iSeg++) {
        if (pVal->type != VIEW_OBJ) {
            return NULL;
        }
        zName += nHead + 1;
        nName -= nHead + 1;
        nHead = view_segment(zName, nName);
        h = aHash != NULL ? aHash[iSeg] : view_name_hash(zName, nHead);
        pVal = view_find_h(pVal->pObj, zName, nHead, h);
    }
    return pVal;
}
