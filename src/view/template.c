/*
 * template.c — compile templates once at start-up, render them per request.
 *
 * This is the last step of every page (see view/template.h for the
 * syntax): a handler fills a View and calls template_render(), and the
 * result becomes the response body.  main.c calls templates_open() on
 * templates/ at start-up; any syntax error, missing partial or recursive
 * partial stops the program there with "file:line: message".
 *
 * Compiling turns each source into a tree of Nodes (text runs, values,
 * blocks, partials) allocated in the Templates' own arena, which is
 * malloc-backed and freed by templates_close().  Text nodes point into a
 * copy of the source, so rendering never parses and never allocates
 * except into the output Str.  templates_link() resolves partial names to
 * pointers and refuses cycles, so rendering cannot recurse forever.
 * After linking the tree is read-only: any number of threads may render.
 *
 * Escaping is the default and the only raw writer is this file's
 * value_write() for a SafeHtml with |trusted, and the template's own text.
 */
#include "view/template.h"
#include "view/safe_html.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/arena.h"
#include "base/xmalloc.h"

/* Deepest nesting of {{#if}}/{{#unless}}/{{#each}} blocks in one file. */
#define TEMPLATE_DEPTH_MAX 64
/* Deepest folder below the templates folder (guards symlink loops). */
#define TEMPLATE_DIR_DEPTH_MAX 16
/* Longest piece of a bad tag quoted back in an error message. */
#define TEMPLATE_QUOTE_MAX 40

/* What a Node does when rendered. */
typedef enum NodeKind {
    NODE_TEXT,    /* template text, written as it is */
    NODE_VAR,     /* {{name}} or {{name|filter}} */
    NODE_IF,      /* {{#if name}} body {{else}} else {{/if}} */
    NODE_UNLESS,  /* {{#unless name}} body {{else}} else {{/unless}} */
    NODE_EACH,    /* {{#each name}} body {{else}} else {{/each}} */
    NODE_PARTIAL, /* {{> name}} */
} NodeKind;

/* How a NODE_VAR writes its value. */
typedef enum Filter {
    FILTER_HTML,    /* default: HTML-escaped */
    FILTER_URL,     /* |url: percent-encoded */
    FILTER_JSON,    /* |json: JSON string literal */
    FILTER_TRUSTED, /* |trusted: raw when SafeHtml, else HTML-escaped */
} Filter;

typedef struct Node Node;
typedef struct Template Template;

/* One piece of a compiled template. */
struct Node {
    NodeKind eKind;     /* what it does */
    const char *z;      /* text, value name or partial name */
    size_t n;           /* length of z */
    bool bIndex;        /* the name is @index */
    Filter eFilter;     /* NODE_VAR: how to write the value */
    int iLine;          /* line of the tag, for messages */
    Node *pBody;        /* blocks: first node of the body */
    Node *pElse;        /* blocks: first node after {{else}} */
    bool bHasElse;      /* blocks: {{else}} seen (compiling) */
    Node *pUp;          /* enclosing open block (compiling) */
    Template *pPartial; /* NODE_PARTIAL: target, set by link */
    Node *pNextPartial; /* NODE_PARTIAL: next in the same file */
    Node *pNext;        /* next node at the same level */
    uint32_t *aHash;    /* view_name_hash() of each segment of the name */
};

/* One compiled file. */
struct Template {
    const char *zName;   /* "articles/article_page" */
    uint32_t hName;      /* view_name_hash() of zName, compared first */
    const char *zFile;   /* path (or name) used in error messages */
    Node *pBody;         /* first node */
    Node *pFirstPartial; /* every NODE_PARTIAL, for linking */
    int eMark;           /* link-time cycle search state (MARK_*) */
    Template *pNext;     /* next template in the set */
};

/* Cycle search states for Template.eMark. */
enum {
    MARK_NEW = 0,  /* not visited yet */
    MARK_OPEN = 1, /* on the current path: reaching it again is a cycle */
    MARK_DONE = 2, /* visited, no cycle below */
};

/* Every compiled template of the site; owned by main.c. */
struct Templates {
    Arena arena;      /* nodes, names and sources of all templates */
    Template *pFirst; /* templates, in the order added */
    bool bLinked;     /* templates_link() succeeded since the last add */
};

/* Name of a block kind as written after '#' and '/'. */
static const char *node_block_name(NodeKind eKind)
{
    switch (eKind) {
    case NODE_IF:
        return "if";
    case NODE_UNLESS:
        return "unless";
    case NODE_EACH:
        return "each";
    default:
        return "?";
    }
}

/* ------------------------------------------------------------------ */
/* Escaping                                                            */
/* ------------------------------------------------------------------ */

/* Which bytes html_escape() replaces: index into its table of entities. */
static const unsigned char g_aHtmlEsc[256] = {
    ['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4, ['\''] = 5,
};

/* Bytes of 'x' equal to 'c' have their top bit set in the result (the
   classic "has zero byte" test on x ^ c…c); others are clear. */
static uint64_t html_bytes_equal(uint64_t x, unsigned char c)
{
    uint64_t y = x ^ (0x0101010101010101ull * c);
    return (y - 0x0101010101010101ull) & ~y & 0x8080808080808080ull;
}

/* True when one of the 8 bytes at 'p' is & < > " or '. */
static bool html_special8(const char *p)
{
    uint64_t x;
    memcpy(&x, p, sizeof(x));
    return (html_bytes_equal(x, '&') | html_bytes_equal(x, '<') |
            html_bytes_equal(x, '>') | html_bytes_equal(x, '"') |
            html_bytes_equal(x, '\'')) != 0;
}

void html_escape(Str *pOut, const char *p, size_t n)
{
    static const struct {
        const char *z; /* the entity */
        size_t n;      /* its length */
    } aRep[] = {{"", 0},     {"&amp;", 5},  {"&lt;", 4},
                {"&gt;", 4}, {"&quot;", 6}, {"&#39;", 5}};
    /* Most text needs no entity: one reserve, then runs copied whole,
       eight bytes tested at a time while none of them is special. */
    str_reserve(pOut, n);
    size_t iRun = 0;
    for (size_t i = 0; i < n; i++) {
        while (i + 8 <= n && !html_special8(p + i)) {
            i += 8;
        }
        if (i >= n) {
            break;
        }
        unsigned char k = g_aHtmlEsc[(unsigned char)p[i]];
        if (k == 0) {
            continue;
        }
        str_append(pOut, p + iRun, i - iRun);
        str_append(pOut, aRep[k].z, aRep[k].n);
        iRun = i + 1;
    }
    str_append(pOut, p + iRun, n - iRun);
}

void url_encode(Str *pOut, const char *p, size_t n)
{
    static const char aHex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
            c == '~') {
            str_append_char(pOut, (char)c);
        } else {
            char aEnc[3] = {'%', aHex[c >> 4], aHex[c & 15]};
            str_append(pOut, aEnc, 3);
        }
    }
}

void json_escape(Str *pOut, const char *p, size_t n)
{
    static const char aHex[] = "0123456789abcdef";
    str_append_char(pOut, '"');
    size_t iRun = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        char aEsc[6] = {'\\', 'u', '0', '0', 0, 0};
        size_t nEsc = 6;
        size_t nSrc = 1;
        if (c == '"' || c == '\\') {
            aEsc[1] = (char)c;
            nEsc = 2;
        } else if (c == '\n') {
            aEsc[1] = 'n';
            nEsc = 2;
        } else if (c == '\r') {
            aEsc[1] = 'r';
            nEsc = 2;
        } else if (c == '\t') {
            aEsc[1] = 't';
            nEsc = 2;
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'') {
            /* < > & ' as \u00XX so the string cannot end a <script>. */
            aEsc[4] = aHex[c >> 4];
            aEsc[5] = aHex[c & 15];
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)p[i + 1] == 0x80 &&
                   ((unsigned char)p[i + 2] == 0xA8 ||
                    (unsigned char)p[i + 2] == 0xA9)) {
            /* U+2028 and U+2029 end a line in JavaScript. */
            aEsc[2] = '2';
            aEsc[3] = '0';
            aEsc[4] = '2';
            aEsc[5] = (unsigned char)p[i + 2] == 0xA8 ? '8' : '9';
            nSrc = 3;
        } else {
            continue;
        }
        str_append(pOut, p + iRun, i - iRun);
        str_append(pOut, aEsc, nEsc);
        i += nSrc - 1;
        iRun = i + 1;
    }
    str_append(pOut, p + iRun, n - iRun);
    str_append_char(pOut, '"');
}

/* ------------------------------------------------------------------ */
/* Compiling                                                           */
/* ------------------------------------------------------------------ */

/* State while compiling one source. */
typedef struct Compiler {
    Templates *t;     /* where nodes are allocated */
    Template *pTmpl;  /* the template being built */
    const char *zSrc; /* the source (a copy owned by t) */
    size_t nSrc;      /* its length */
    int iLine;        /* line of the position being read */
    Node **ppTail;    /* where the next node is linked */
    Node *pOpen;      /* innermost open block, or NULL */
    int nDepth;       /* number of open blocks */
    char *zErr;       /* OUT: message buffer */
    size_t nErr;      /* its size */
} Compiler;

/*
 * Write "'zFile':'iLine': message" ("'zFile': message" when 'iLine' is 0)
 * into 'zErr' ('nErr' bytes; NULL or 0 writes nothing).  Return
 * ERR_INVALID so that callers can return it directly.
 */
static int template_verror(char *zErr, size_t nErr, const char *zFile,
                           int iLine, const char *zFmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

static int template_verror(char *zErr, size_t nErr, const char *zFile,
                           int iLine, const char *zFmt, va_list ap)
{
    if (zErr == NULL || nErr == 0) {
        return ERR_INVALID;
    }
    int k = iLine > 0 ? snprintf(zErr, nErr, "%s:%d: ", zFile, iLine)
                      : snprintf(zErr, nErr, "%s: ", zFile);
    if (k >= 0 && (size_t)k < nErr) {
        vsnprintf(zErr + k, nErr - (size_t)k, zFmt, ap);
    }
    return ERR_INVALID;
}

static int template_error(char *zErr, size_t nErr, const char *zFile, int iLine,
                          const char *zFmt, ...)
    __attribute__((format(printf, 5, 6)));

/* template_verror() with the message's arguments inline. */
static int template_error(char *zErr, size_t nErr, const char *zFile, int iLine,
                          const char *zFmt, ...)
{
    va_list ap;
    va_start(ap, zFmt);
    int rc = template_verror(zErr, nErr, zFile, iLine, zFmt, ap);
    va_end(ap);
    return rc;
}

/* Number of '\n' in the 'n' bytes of 'p'. */
static int count_lines(const char *p, size_t n)
{
    int nLine = 0;
    const char *pEnd = p + n;
    while ((p = memchr(p, '\n', (size_t)(pEnd - p))) != NULL) {
        nLine++;
        p++;
    }
    return nLine;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Strip white space from both ends of the span '*pp' of '*pn' bytes. */
static void trim_span(const char **pp, size_t *pn)
{
    while (*pn > 0 && is_space(**pp)) {
        (*pp)++;
        (*pn)--;
    }
    while (*pn > 0 && is_space((*pp)[*pn - 1])) {
        (*pn)--;
    }
}

/* First occurrence of the two bytes 'zPair' in 'n' bytes of 'p', or NULL. */
static const char *find_pair(const char *p, size_t n, const char *zPair)
{
    const char *pEnd = p + n;
    while (p + 1 < pEnd) {
        const char *q = memchr(p, zPair[0], (size_t)(pEnd - p - 1));
        if (q == NULL) {
            return NULL;
        }
        if (q[1] == zPair[1]) {
            return q;
        }
        p = q + 1;
    }
    return NULL;
}

/* True when 'c' may appear in a value name segment. */
static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* True when 'p' ('n' > 0 bytes) is "seg" or "seg.seg…" of name chars. */
static bool name_valid(const char *p, size_t n)
{
    bool bSegEmpty = true;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '.') {
            if (bSegEmpty) {
                return false;
            }
            bSegEmpty = true;
        } else if (is_name_char(p[i])) {
            bSegEmpty = false;
        } else {
            return false;
        }
    }
    return !bSegEmpty;
}

/* True when 'p' ('n' > 0 bytes) is a template path like "partials/x". */
static bool partial_name_valid(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_name_char(p[i]) && p[i] != '/' && p[i] != '.') {
            return false;
        }
    }
    return true;
}

/* Quote at most TEMPLATE_QUOTE_MAX bytes of a bad tag in a message. */
static int quote_len(size_t n)
{
    return n > TEMPLATE_QUOTE_MAX ? TEMPLATE_QUOTE_MAX : (int)n;
}

static int compile_error(Compiler *c, int iLine, const char *zFmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Report a syntax error at 'iLine' of the template being compiled. */
static int compile_error(Compiler *c, int iLine, const char *zFmt, ...)
{
    va_list ap;
    va_start(ap, zFmt);
    int rc =
        template_verror(c->zErr, c->nErr, c->pTmpl->zFile, iLine, zFmt, ap);
    va_end(ap);
    return rc;
}

/* Link a new node of 'eKind' at the current position and return it. */
static Node *compile_node(Compiler *c, NodeKind eKind, const char *p, size_t n)
{
    Node *pNode = arena_alloc(&c->t->arena, sizeof(*pNode));
    pNode->eKind = eKind;
    pNode->z = p;
    pNode->n = n;
    pNode->iLine = c->iLine;
    *c->ppTail = pNode;
    c->ppTail = &pNode->pNext;
    return pNode;
}

/*
 * Check a value name ('p', 'n' bytes, trimmed) and set it on 'pNode'.
 * Return OK or ERR_INVALID.
 */
static int compile_name(Compiler *c, Node *pNode, const char *p, size_t n)
{
    if (n == 0) {
        return compile_error(c, c->iLine, "empty name");
    }
    if (p[0] == '@') {
        if (!str_eq_n(p, n, "@index")) {
            return compile_error(c, c->iLine, "unknown name '%.*s'",
                                 quote_len(n), p);
        }
        pNode->bIndex = true;
    } else if (!name_valid(p, n)) {
        return compile_error(c, c->iLine, "bad name '%.*s'", quote_len(n), p);
    }
    pNode->z = p;
    pNode->n = n;
    if (!pNode->bIndex) {
        /* Hash each segment now, so rendering never hashes a name. */
        int nSeg = 1;
        for (size_t i = 0; i < n; i++) {
            nSeg += p[i] == '.';
        }
        pNode->aHash =
            arena_alloc(&c->t->arena, sizeof(uint32_t) * (size_t)nSeg);
        size_t iStart = 0;
        int iSeg = 0;
        for (size_t i = 0; i <= n; i++) {
            if (i == n || p[i] == '.') {
                pNode->aHash[iSeg++] = view_name_hash(p + iStart, i - iStart);
                iStart = i + 1;
            }
        }
    }
    return OK;
}

/* {{name}} or {{name|filter}}: the tag's trimmed text is 'p', 'n'. */
static int compile_var(Compiler *c, const char *p, size_t n)
{
    Node *pNode = compile_node(c, NODE_VAR, p, n);
    const char *pBar = memchr(p, '|', n);
    size_t nName = pBar == NULL ? n : (size_t)(pBar - p);
    const char *pName = p;
    trim_span(&pName, &nName);
    int rc = compile_name(c, pNode, pName, nName);
    if (rc != OK || pBar == NULL) {
        return rc;
    }
    const char *pFilter = pBar + 1;
    size_t nFilter = (size_t)(p + n - pFilter);
    trim_span(&pFilter, &nFilter);
    if (str_eq_n(pFilter, nFilter, "url")) {
        pNode->eFilter = FILTER_URL;
    } else if (str_eq_n(pFilter, nFilter, "json")) {
        pNode->eFilter = FILTER_JSON;
    } else if (str_eq_n(pFilter, nFilter, "trusted")) {
        pNode->eFilter = FILTER_TRUSTED;
    } else {
        return compile_error(c, c->iLine, "unknown filter '%.*s'",
                             quote_len(nFilter), pFilter);
    }
    return OK;
}

/* {{#if name}}, {{#unless name}}, {{#each name}}: text after the '#'. */
static int compile_open(Compiler *c, const char *p, size_t n)
{
    trim_span(&p, &n);
    size_t nWord = 0;
    while (nWord < n && !is_space(p[nWord])) {
        nWord++;
    }
    NodeKind eKind;
    if (str_eq_n(p, nWord, "if")) {
        eKind = NODE_IF;
    } else if (str_eq_n(p, nWord, "unless")) {
        eKind = NODE_UNLESS;
    } else if (str_eq_n(p, nWord, "each")) {
        eKind = NODE_EACH;
    } else {
        return compile_error(c, c->iLine, "unknown block '{{#%.*s}}'",
                             quote_len(nWord), p);
    }
    if (c->nDepth >= TEMPLATE_DEPTH_MAX) {
        return compile_error(c, c->iLine, "blocks nested deeper than %d",
                             TEMPLATE_DEPTH_MAX);
    }
    const char *pName = p + nWord;
    size_t nName = n - nWord;
    trim_span(&pName, &nName);
    Node *pNode = compile_node(c, eKind, pName, nName);
    int rc = compile_name(c, pNode, pName, nName);
    if (rc != OK) {
        return rc;
    }
    pNode->pUp = c->pOpen;
    c->pOpen = pNode;
    c->ppTail = &pNode->pBody;
    c->nDepth++;
    return OK;
}

/* {{/if}}, {{/unless}}, {{/each}}: text after the '/'. */
static int compile_close(Compiler *c, const char *p, size_t n)
{
    trim_span(&p, &n);
    Node *pOpen = c->pOpen;
    if (pOpen == NULL) {
        return compile_error(c, c->iLine, "stray {{/%.*s}}", quote_len(n), p);
    }
    const char *zOpen = node_block_name(pOpen->eKind);
    if (!str_eq_n(p, n, zOpen)) {
        return compile_error(c, c->iLine,
                             "{{/%.*s}} does not close {{#%s}} of line %d",
                             quote_len(n), p, zOpen, pOpen->iLine);
    }
    c->ppTail = &pOpen->pNext;
    c->pOpen = pOpen->pUp;
    pOpen->pUp = NULL;
    c->nDepth--;
    return OK;
}

/* {{else}} inside an open block. */
static int compile_else(Compiler *c)
{
    Node *pOpen = c->pOpen;
    if (pOpen == NULL) {
        return compile_error(c, c->iLine, "stray {{else}}");
    }
    if (pOpen->bHasElse) {
        return compile_error(c, c->iLine, "second {{else}} in {{#%s}}",
                             node_block_name(pOpen->eKind));
    }
    pOpen->bHasElse = true;
    c->ppTail = &pOpen->pElse;
    return OK;
}

/* {{> name}}: text after the '>'. */
static int compile_partial(Compiler *c, const char *p, size_t n)
{
    trim_span(&p, &n);
    if (n == 0) {
        return compile_error(c, c->iLine, "empty name");
    }
    if (!partial_name_valid(p, n)) {
        return compile_error(c, c->iLine, "bad partial name '%.*s'",
                             quote_len(n), p);
    }
    Node *pNode = compile_node(c, NODE_PARTIAL, p, n);
    pNode->pNextPartial = c->pTmpl->pFirstPartial;
    c->pTmpl->pFirstPartial = pNode;
    return OK;
}

/* One tag; 'p', 'n' is the text between "{{" and "}}". */
static int compile_tag(Compiler *c, const char *p, size_t n)
{
    trim_span(&p, &n);
    if (n > 0 && p[0] == '!') {
        return OK;
    }
    if (find_pair(p, n, "{{") != NULL) {
        return compile_error(c, c->iLine, "unterminated {{");
    }
    if (n > 0 && p[0] == '#') {
        return compile_open(c, p + 1, n - 1);
    }
    if (n > 0 && p[0] == '/') {
        return compile_close(c, p + 1, n - 1);
    }
    if (n > 0 && p[0] == '>') {
        return compile_partial(c, p + 1, n - 1);
    }
    if (str_eq_n(p, n, "else")) {
        return compile_else(c);
    }
    return compile_var(c, p, n);
}

/* Compile all of c->zSrc into c->pTmpl.  Return OK or ERR_INVALID. */
static int compile_source(Compiler *c)
{
    const char *p = c->zSrc;
    const char *pEnd = c->zSrc + c->nSrc;
    while (p < pEnd) {
        const char *pOpen = find_pair(p, (size_t)(pEnd - p), "{{");
        const char *pText = pOpen == NULL ? pEnd : pOpen;
        if (pText > p) {
            compile_node(c, NODE_TEXT, p, (size_t)(pText - p));
            c->iLine += count_lines(p, (size_t)(pText - p));
        }
        if (pOpen == NULL) {
            break;
        }
        const char *pIn = pOpen + 2;
        const char *pClose = find_pair(pIn, (size_t)(pEnd - pIn), "}}");
        if (pClose == NULL) {
            return compile_error(c, c->iLine, "unterminated {{");
        }
        int rc = compile_tag(c, pIn, (size_t)(pClose - pIn));
        if (rc != OK) {
            return rc;
        }
        c->iLine += count_lines(pIn, (size_t)(pClose - pIn));
        p = pClose + 2;
    }
    if (c->pOpen != NULL) {
        return compile_error(c, c->pOpen->iLine, "unclosed {{#%s}}",
                             node_block_name(c->pOpen->eKind));
    }
    return OK;
}

/* The template named 'zName' in 't', or NULL. */
static Template *templates_find(const Templates *t, const char *zName,
                                size_t nName)
{
    uint32_t h = view_name_hash(zName, nName);
    for (Template *p = t->pFirst; p != NULL; p = p->pNext) {
        if (p->hName == h && str_eq_n(zName, nName, p->zName)) {
            return p;
        }
    }
    return NULL;
}

/*
 * Compile 'zText' ('nText' bytes) as template 'zName'; 'zFile' names it in
 * messages.  Add it to 't' on success.
 */
static int templates_compile(Templates *t, const char *zName, const char *zFile,
                             const char *zText, size_t nText, char *zErr,
                             size_t nErr)
{
    if (templates_find(t, zName, strlen(zName)) != NULL) {
        return template_error(zErr, nErr, zFile, 0, "duplicate template '%s'",
                              zName);
    }
    Template *pTmpl = arena_alloc(&t->arena, sizeof(*pTmpl));
    pTmpl->zName = arena_strdup(&t->arena, zName);
    pTmpl->hName = view_name_hash(zName, strlen(zName));
    pTmpl->zFile = arena_strdup(&t->arena, zFile);
    Compiler c = {
        .t = t,
        .pTmpl = pTmpl,
        .zSrc = arena_strndup(&t->arena, zText, nText),
        .nSrc = nText,
        .iLine = 1,
        .ppTail = &pTmpl->pBody,
        .zErr = zErr,
        .nErr = nErr,
    };
    int rc = compile_source(&c);
    if (rc != OK) {
        return rc;
    }
    /* Append, so that the first of several errors is reported first. */
    Template **ppTmpl = &t->pFirst;
    while (*ppTmpl != NULL) {
        ppTmpl = &(*ppTmpl)->pNext;
    }
    *ppTmpl = pTmpl;
    t->bLinked = false;
    return OK;
}

Templates *templates_new(void)
{
    Templates *t = xcalloc(1, sizeof(*t));
    arena_init(&t->arena);
    return t;
}

int templates_add(Templates *t, const char *zName, const char *zText,
                  size_t nText, char *zErr, size_t nErr)
{
    assert(t != NULL && zName != NULL && (zText != NULL || nText == 0));
    return templates_compile(t, zName, zName, zText == NULL ? "" : zText, nText,
                             zErr, nErr);
}

/*
 * Depth-first search for a partial cycle from 'pTmpl'.  Return OK or
 * ERR_INVALID with the partial tag that closes the cycle.
 */
static int templates_check_cycle(Template *pTmpl, char *zErr, size_t nErr)
{
    pTmpl->eMark = MARK_OPEN;
    for (Node *p = pTmpl->pFirstPartial; p != NULL; p = p->pNextPartial) {
        Template *pTo = p->pPartial;
        if (pTo->eMark == MARK_OPEN) {
            return template_error(zErr, nErr, pTmpl->zFile, p->iLine,
                                  "recursive partial '%s'", pTo->zName);
        }
        if (pTo->eMark == MARK_NEW) {
            int rc = templates_check_cycle(pTo, zErr, nErr);
            if (rc != OK) {
                return rc;
            }
        }
    }
    pTmpl->eMark = MARK_DONE;
    return OK;
}

int templates_link(Templates *t, char *zErr, size_t nErr)
{
    assert(t != NULL);
    t->bLinked = false;
    for (Template *pTmpl = t->pFirst; pTmpl != NULL; pTmpl = pTmpl->pNext) {
        pTmpl->eMark = MARK_NEW;
        for (Node *p = pTmpl->pFirstPartial; p != NULL; p = p->pNextPartial) {
            p->pPartial = templates_find(t, p->z, p->n);
            if (p->pPartial == NULL) {
                return template_error(zErr, nErr, pTmpl->zFile, p->iLine,
                                      "missing partial '%.*s'", quote_len(p->n),
                                      p->z);
            }
        }
    }
    for (Template *pTmpl = t->pFirst; pTmpl != NULL; pTmpl = pTmpl->pNext) {
        if (pTmpl->eMark == MARK_NEW) {
            int rc = templates_check_cycle(pTmpl, zErr, nErr);
            if (rc != OK) {
                return rc;
            }
        }
    }
    t->bLinked = true;
    return OK;
}

void templates_close(Templates *t)
{
    if (t == NULL) {
        return;
    }
    arena_close(&t->arena);
    free(t);
}

int templates_has(const Templates *t, const char *zName)
{
    return templates_find(t, zName, strlen(zName)) != NULL;
}

/* ------------------------------------------------------------------ */
/* Reading a folder                                                    */
/* ------------------------------------------------------------------ */

/* Order folder entries by name, so errors come out the same every time. */
static int dir_entry_cmp(const void *pA, const void *pB)
{
    return strcmp(*(char *const *)pA, *(char *const *)pB);
}

/*
 * Read the whole file 'zPath' into 'a'.  Set '*pz' and '*pn' (OUT).
 * Return OK or ERR_IO with a message.
 */
static int template_read_file(Arena *a, const char *zPath, char **pz,
                              size_t *pn, char *zErr, size_t nErr)
{
    FILE *f = fopen(zPath, "rb");
    if (f == NULL) {
        template_error(zErr, nErr, zPath, 0, "%s", strerror(errno));
        return ERR_IO;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0) {
        template_error(zErr, nErr, zPath, 0, "%s", strerror(errno));
        fclose(f);
        return ERR_IO;
    }
    size_t n = (size_t)st.st_size;
    char *z = arena_alloc(a, n + 1);
    size_t nRead = fread(z, 1, n, f);
    bool bFail = nRead != n || ferror(f);
    fclose(f);
    if (bFail) {
        template_error(zErr, nErr, zPath, 0, "short read");
        return ERR_IO;
    }
    *pz = z;
    *pn = n;
    return OK;
}

/*
 * Length of the template extension 'zFile' ends with: ".html" (pages),
 * ".xml" (feeds, sitemaps) or ".txt" (robots.txt); 0 for any other file,
 * which templates_open() skips.  HTML escaping of & < > " ' is valid XML
 * escaping too, so one engine serves all three.
 */
static size_t template_ext(const char *zFile)
{
    static const char *const azExt[] = {".html", ".xml", ".txt"};
    size_t nFile = strlen(zFile);
    for (size_t i = 0; i < sizeof(azExt) / sizeof(azExt[0]); i++) {
        size_t nExt = strlen(azExt[i]);
        if (nFile > nExt && strcmp(zFile + nFile - nExt, azExt[i]) == 0) {
            return nExt;
        }
    }
    return 0;
}

/*
 * Compile every template file (see template_ext()) in the folder 'zRoot'/'zRel'
 * and below ('zRel' is
 * "" for the root itself); 'nDepth' counts folders entered.  Paths and
 * file contents go to 'tmp'.
 */
static int templates_scan(Templates *t, Arena *tmp, const char *zRoot,
                          const char *zRel, int nDepth, char *zErr, size_t nErr)
{
    const char *zPath =
        zRel[0] ? arena_printf(tmp, "%s/%s", zRoot, zRel) : zRoot;
    if (nDepth > TEMPLATE_DIR_DEPTH_MAX) {
        return template_error(zErr, nErr, zPath, 0,
                              "folders nested deeper than %d",
                              TEMPLATE_DIR_DEPTH_MAX);
    }
    DIR *pDir = opendir(zPath);
    if (pDir == NULL) {
        template_error(zErr, nErr, zPath, 0, "%s", strerror(errno));
        return ERR_IO;
    }
    char **azEntry = NULL;
    size_t nEntry = 0;
    size_t nAlloc = 0;
    struct dirent *pEnt;
    while ((pEnt = readdir(pDir)) != NULL) {
        if (pEnt->d_name[0] == '.') {
            continue; /* ".", ".." and hidden files such as editor swaps */
        }
        if (nEntry == nAlloc) {
            nAlloc = nAlloc ? nAlloc * 2 : 32;
            char **azNew = arena_alloc(tmp, nAlloc * sizeof(char *));
            if (nEntry > 0) {
                memcpy(azNew, azEntry, nEntry * sizeof(char *));
            }
            azEntry = azNew;
        }
        azEntry[nEntry++] = arena_strdup(tmp, pEnt->d_name);
    }
    closedir(pDir);
    if (nEntry > 0) {
        qsort(azEntry, nEntry, sizeof(char *), dir_entry_cmp);
    }
    for (size_t i = 0; i < nEntry; i++) {
        const char *zChild =
            zRel[0] ? arena_printf(tmp, "%s/%s", zRel, azEntry[i]) : azEntry[i];
        const char *zFile = arena_printf(tmp, "%s/%s", zRoot, zChild);
        struct stat st;
        if (stat(zFile, &st) != 0) {
            template_error(zErr, nErr, zFile, 0, "%s", strerror(errno));
            return ERR_IO;
        }
        int rc = OK;
        size_t nChild = strlen(zChild);
        if (S_ISDIR(st.st_mode)) {
            rc = templates_scan(t, tmp, zRoot, zChild, nDepth + 1, zErr, nErr);
        } else if (S_ISREG(st.st_mode) && template_ext(zChild) > 0) {
            char *zText;
            size_t nText;
            rc = template_read_file(tmp, zFile, &zText, &nText, zErr, nErr);
            if (rc == OK) {
                char *zName =
                    arena_strndup(tmp, zChild, nChild - template_ext(zChild));
                rc = templates_compile(t, zName, zFile, zText, nText, zErr,
                                       nErr);
            }
        }
        if (rc != OK) {
            return rc;
        }
    }
    return OK;
}

int templates_open(const char *zDir, Templates **ppT, char *zErr, size_t nErr)
{
    assert(zDir != NULL && ppT != NULL);
    *ppT = NULL;
    Templates *t = templates_new();
    Arena tmp;
    arena_init(&tmp);
    int rc = templates_scan(t, &tmp, zDir, "", 0, zErr, nErr);
    arena_close(&tmp);
    if (rc == OK) {
        rc = templates_link(t, zErr, nErr);
    }
    if (rc != OK) {
        templates_close(t);
        return rc;
    }
    *ppT = t;
    return OK;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */
/* ------------------------------------------------------------------ */

/*
 * One level of the rendering context, on the C stack: the page's View at
 * the bottom, one level per {{#each}} item above it.  Names resolve from
 * the top down, each level also searching its View's parents.
 */
typedef struct RenderScope RenderScope;
struct RenderScope {
    const View *v;             /* view of this level (may be NULL) */
    const RenderScope *pOuter; /* enclosing level, or NULL */
    bool bItem;                /* this level is an {{#each}} item */
    int64_t iIndex;            /* its 0-based position when bItem */
};

/*
 * Find the value named by 'pNode' in 'pScope'.  @index is made up in
 * '*pTmp'.  NULL when missing.
 */
static const ViewValue *scope_lookup(const RenderScope *pScope,
                                     const Node *pNode, ViewValue *pTmp)
{
    if (pNode->bIndex) {
        for (; pScope != NULL; pScope = pScope->pOuter) {
            if (pScope->bItem) {
                memset(pTmp, 0, sizeof(*pTmp));
                pTmp->zName = "@index";
                pTmp->type = VIEW_INT;
                pTmp->i = pScope->iIndex;
                return pTmp;
            }
        }
        return NULL;
    }
    for (; pScope != NULL; pScope = pScope->pOuter) {
        if (pScope->v != NULL) {
            const ViewValue *pVal =
                view_lookup_hashed(pScope->v, pNode->z, pNode->n, pNode->aHash);
            if (pVal != NULL) {
                return pVal;
            }
        }
    }
    return NULL;
}

/* Truth for #if, #unless and #each's else: see template.h. */
static bool value_truthy(const ViewValue *pVal)
{
    if (pVal == NULL) {
        return false;
    }
    switch (pVal->type) {
    case VIEW_STR:
        return pVal->n > 0;
    case VIEW_INT:
    case VIEW_BOOL:
        return pVal->i != 0;
    case VIEW_SAFE:
        return pVal->pSafe->n > 0;
    case VIEW_OBJ:
        return true;
    case VIEW_LIST:
        return pVal->pFirst != NULL;
    }
    return false;
}

/* Write text 'p' ('n' bytes) through 'eFilter' (never raw). */
static void text_write(Str *pOut, const char *p, size_t n, Filter eFilter)
{
    switch (eFilter) {
    case FILTER_URL:
        url_encode(pOut, p, n);
        break;
    case FILTER_JSON:
        json_escape(pOut, p, n);
        break;
    case FILTER_HTML:
    case FILTER_TRUSTED:
        html_escape(pOut, p, n);
        break;
    }
}

/* Write 'pVal' through 'eFilter'; missing, flags and views write nothing. */
static void value_write(Str *pOut, const ViewValue *pVal, Filter eFilter)
{
    if (pVal == NULL) {
        return;
    }
    switch (pVal->type) {
    case VIEW_STR:
        text_write(pOut, pVal->z, pVal->n, eFilter);
        break;
    case VIEW_INT: {
        /* Digits and '-' need no escaping in any context: a JSON number.
           Written by hand: snprintf was a visible part of a page. */
        char aNum[24];
        size_t k = sizeof(aNum);
        uint64_t u =
            pVal->i < 0 ? (uint64_t)0 - (uint64_t)pVal->i : (uint64_t)pVal->i;
        do {
            aNum[--k] = (char)('0' + u % 10);
            u /= 10;
        } while (u != 0);
        if (pVal->i < 0) {
            aNum[--k] = '-';
        }
        str_append(pOut, aNum + k, sizeof(aNum) - k);
        break;
    }
    case VIEW_SAFE:
        if (eFilter == FILTER_TRUSTED) {
            str_append(pOut, pVal->pSafe->z, pVal->pSafe->n);
        } else {
            text_write(pOut, pVal->pSafe->z, pVal->pSafe->n, eFilter);
        }
        break;
    case VIEW_BOOL:
    case VIEW_OBJ:
    case VIEW_LIST:
        break;
    }
}

/* Render the nodes from 'p' on with 'pScope', appending to 'pOut'. */
static void render_nodes(const Node *p, const RenderScope *pScope, Str *pOut)
{
    for (; p != NULL; p = p->pNext) {
        ViewValue tmp; /* holds a made-up @index */
        switch (p->eKind) {
        case NODE_TEXT:
            str_append(pOut, p->z, p->n);
            break;
        case NODE_VAR:
            value_write(pOut, scope_lookup(pScope, p, &tmp), p->eFilter);
            break;
        case NODE_IF:
        case NODE_UNLESS: {
            bool bTrue = value_truthy(scope_lookup(pScope, p, &tmp));
            if (p->eKind == NODE_UNLESS) {
                bTrue = !bTrue;
            }
            render_nodes(bTrue ? p->pBody : p->pElse, pScope, pOut);
            break;
        }
        case NODE_EACH: {
            const ViewValue *pVal = scope_lookup(pScope, p, &tmp);
            if (pVal == NULL || pVal->type != VIEW_LIST ||
                pVal->pFirst == NULL) {
                render_nodes(p->pElse, pScope, pOut);
                break;
            }
            RenderScope item = {.pOuter = pScope, .bItem = true};
            for (const View *v = pVal->pFirst; v != NULL; v = v->pNextItem) {
                item.v = v;
                render_nodes(p->pBody, &item, pOut);
                item.iIndex++;
            }
            break;
        }
        case NODE_PARTIAL:
            render_nodes(p->pPartial->pBody, pScope, pOut);
            break;
        }
    }
}

int template_render(const Templates *t, const char *zName, const View *v,
                    Str *pOut)
{
    assert(t != NULL && zName != NULL && pOut != NULL);
    /* Unlinked partials have no target: templates_link() first. */
    assert(t->bLinked);
    const Template *pTmpl = templates_find(t, zName, strlen(zName));
    if (pTmpl == NULL) {
        return ERR_NOTFOUND;
    }
    RenderScope root = {.v = v};
    render_nodes(pTmpl->pBody, &root, pOut);
    return OK;
}

int template_render_safe(const Templates *t, const char *zName, const View *v,
                         Arena *a, const SafeHtml **ppOut)
{
    Str s;
    str_init(&s, a);
    int rc = template_render(t, zName, v, &s);
    if (rc != OK) {
        return rc;
    }
    *ppOut = safe_html_wrap(a, s.z, s.n);
    return OK;
}
