/*
 * view.h — the values a handler hands to a template.
 *
 * A View is a small tree built in the request's arena: named strings,
 * numbers, flags, nested views and lists of views.  Strings are always
 * escaped by the template; the only value a template may write raw is a
 * SafeHtml, and only the Markdown renderer (view/markdown.h) and the
 * template engine itself make one.
 */
#ifndef SINMUN_VIEW_VIEW_H
#define SINMUN_VIEW_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

/*
 * HTML that is already safe to write as it is.  Opaque outside view/
 * (view/safe_html.h): only view/ makes one, so the compiler, not a
 * convention, keeps every other string escaped.
 */
typedef struct SafeHtml SafeHtml;

/* Kind of a view value. */
typedef enum ViewType {
    VIEW_STR,  /* text, escaped on output */
    VIEW_INT,  /* integer, printed in decimal */
    VIEW_BOOL, /* flag for #if; prints nothing */
    VIEW_SAFE, /* SafeHtml, written raw only with |trusted */
    VIEW_OBJ,  /* nested View */
    VIEW_LIST, /* list of Views for #each */
} ViewType;

typedef struct View View;
typedef struct ViewValue ViewValue;

/* One named value in a View. */
struct ViewValue {
    const char *zName;     /* field name */
    uint32_t hName;        /* its hash (view.c): lookups compare this first */
    uint32_t nName;        /* its length */
    ViewType type;         /* which member below is set */
    const char *z;         /* VIEW_STR: the text */
    size_t n;              /* VIEW_STR/VIEW_SAFE: byte length */
    int64_t i;             /* VIEW_INT value, VIEW_BOOL 0/1, VIEW_LIST count */
    const SafeHtml *pSafe; /* VIEW_SAFE (never NULL) */
    View *pObj;            /* VIEW_OBJ */
    View *pFirst;          /* VIEW_LIST: first item */
    View *pLast;           /* VIEW_LIST: last item */
    ViewValue *pNext;      /* next value in the same View */
};

/* A set of named values; items of a list are linked through pNextItem. */
struct View {
    Arena *a;          /* where values are allocated */
    View *pParent;     /* enclosing view, for name lookup */
    ViewValue *pFirst; /* values, in the order set */
    ViewValue *pLast;  /* the last of them, where a new one goes */
    uint64_t nBloom;   /* a bit per name hash set here (view.c): a clear
                          bit means "not here" without a search */
    View *pNextItem;   /* next item when this View is in a list */
};

/* A new empty View in 'a' (no parent). */
View *view_new(Arena *a);

/* Set text 'zName' to the NUL-terminated 'z' (NULL leaves it missing). */
void view_str(View *v, const char *zName, const char *z);
/* Set text 'zName' to 'n' bytes of 'p'. */
void view_strn(View *v, const char *zName, const char *p, size_t n);
/*
 * Set text 'zName' to the NUL-terminated 'z' without copying it: 'z' must
 * outlive every render of 'v' (a string of a long-lived snapshot, or of
 * the view's own arena).  NULL leaves it missing.
 */
void view_str_ref(View *v, const char *zName, const char *z);
/* Set integer 'zName'. */
void view_int(View *v, const char *zName, int64_t i);
/* Set flag 'zName'. */
void view_bool(View *v, const char *zName, bool b);
/* Set trusted HTML 'zName' ('h' NULL: empty). */
void view_safe(View *v, const char *zName, const SafeHtml *h);

/*
 * The bytes of 'h' with their length in '*pn' (OUT), e.g. to store
 * rendered Markdown; NUL-terminated.
 */
const char *safe_html_bytes(const SafeHtml *h, size_t *pn);
/* Create, set and return a nested View 'zName'. */
View *view_obj(View *v, const char *zName);
/* Make sure list 'zName' exists (possibly empty) and return its value. */
ViewValue *view_list(View *v, const char *zName);
/* Append a new item View to list 'zName' (creating it) and return it. */
View *view_list_add(View *v, const char *zName);

/*
 * Find 'zName' in 'v' or, failing that, its parents.  A dotted name
 * ("article.title") walks into nested views.  NULL when missing.
 */
const ViewValue *view_lookup(const View *v, const char *zName, size_t nName);

/*
 * view_lookup() with the hash of each dot-separated segment of 'zName'
 * given in 'aHash' (view_name_hash() of each; NULL: computed here), so a
 * compiled template hashes its names once, not at every lookup.
 */
const ViewValue *view_lookup_hashed(const View *v, const char *zName,
                                    size_t nName, const uint32_t *aHash);

/* The hash views keep of a name ('n' bytes of 'z'): FNV-1a. */
uint32_t view_name_hash(const char *z, size_t n);

#endif
