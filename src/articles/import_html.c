/*
 * import_html.c — an imported article's HTML body into Markdown, so the
 * article stays editable and is rendered like any other (cmark-gfm in
 * safe mode, at save).
 *
 * libxml2's HTML parser reads the markup the way a browser would
 * (unclosed <p> and <li>, stray end tags, entities, <br> without a
 * slash): old CMS exports are full of those, and a hand-written parser
 * would get them wrong (docs/import.md says why it beats writing one).
 * This file walks the tree it builds:
 *
 *   blocks    p div section article header footer main aside figure …,
 *             h1–h6, blockquote, ul/ol/li, pre, hr, table → Markdown
 *             blocks separated by blank lines; containers (quotes, list
 *             items) prefix their children's lines
 *   inline    text (white space collapsed as HTML does), strong/b,
 *             em/i, del/s/strike, code, a (http, https, mailto), img
 *             (http, https), br
 *   dropped   script style noscript iframe object embed template svg
 *             math canvas audio video, form controls, head: with their
 *             content
 *   kept      every other element's content, as text
 *
 * Attributes other than href, src, alt and start are never read, so no
 * style, class or event handler reaches the Markdown, and Markdown itself
 * has no way to write one.  Text is escaped wherever Markdown would read
 * it as syntax: \ ` * _ [ ] < | ~ everywhere, & before what looks like an
 * entity, and # > - + = "1." at the start of a line.
 */
#include "articles/import.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/str.h"
#include "base/utf8.h"

/* Deepest element rendered as structure; deeper ones give their text. */
#define H2M_DEPTH_MAX 200
/* Deepest nesting of quotes and lists that prefixes lines. */
#define H2M_CONTAINERS_MAX 16
/* Most columns of a table. */
#define H2M_COLUMNS_MAX 50

/* What kind of element a tag is. */
typedef enum H2mKind {
    H2M_INLINE = 0, /* its content flows in the line (also unknown tags) */
    H2M_BLOCK,      /* a paragraph-like container */
    H2M_DROP,       /* dropped with everything inside */
    H2M_HEADING,    /* h1 … h6 */
    H2M_QUOTE,      /* blockquote */
    H2M_LIST,       /* ul, ol */
    H2M_ITEM,       /* li */
    H2M_PRE,        /* pre */
    H2M_RULE,       /* hr */
    H2M_TABLE,      /* table */
    H2M_BREAK,      /* br */
    H2M_STRONG,     /* strong, b */
    H2M_EM,         /* em, i */
    H2M_DEL,        /* del, s, strike */
    H2M_CODE,       /* code, kbd, samp, tt */
    H2M_LINK,       /* a */
    H2M_IMAGE,      /* img */
} H2mKind;

static const struct {
    const char *zTag; /* lower-case tag name */
    H2mKind kind;     /* how it converts */
} aH2mTag[] = {
    {"p", H2M_BLOCK},        {"div", H2M_BLOCK},     {"section", H2M_BLOCK},
    {"article", H2M_BLOCK},  {"header", H2M_BLOCK},  {"footer", H2M_BLOCK},
    {"main", H2M_BLOCK},     {"aside", H2M_BLOCK},   {"nav", H2M_BLOCK},
    {"address", H2M_BLOCK},  {"figure", H2M_BLOCK},  {"figcaption", H2M_BLOCK},
    {"dl", H2M_BLOCK},       {"dt", H2M_BLOCK},      {"dd", H2M_BLOCK},
    {"center", H2M_BLOCK},   {"details", H2M_BLOCK}, {"summary", H2M_BLOCK},
    {"fieldset", H2M_BLOCK}, {"legend", H2M_BLOCK},  {"caption", H2M_BLOCK},
    {"body", H2M_BLOCK},     {"html", H2M_BLOCK},    {"form", H2M_BLOCK},
    {"hgroup", H2M_BLOCK},   {"tbody", H2M_BLOCK},   {"h1", H2M_HEADING},
    {"h2", H2M_HEADING},     {"h3", H2M_HEADING},    {"h4", H2M_HEADING},
    {"h5", H2M_HEADING},     {"h6", H2M_HEADING},    {"blockquote", H2M_QUOTE},
    {"ul", H2M_LIST},        {"ol", H2M_LIST},       {"li", H2M_ITEM},
    {"pre", H2M_PRE},        {"xmp", H2M_PRE},       {"listing", H2M_PRE},
    {"plaintext", H2M_PRE},  {"hr", H2M_RULE},       {"table", H2M_TABLE},
    {"br", H2M_BREAK},       {"strong", H2M_STRONG}, {"b", H2M_STRONG},
    {"em", H2M_EM},          {"i", H2M_EM},          {"del", H2M_DEL},
    {"s", H2M_DEL},          {"strike", H2M_DEL},    {"code", H2M_CODE},
    {"kbd", H2M_CODE},       {"samp", H2M_CODE},     {"tt", H2M_CODE},
    {"a", H2M_LINK},         {"img", H2M_IMAGE},     {"script", H2M_DROP},
    {"style", H2M_DROP},     {"noscript", H2M_DROP}, {"iframe", H2M_DROP},
    {"frame", H2M_DROP},     {"frameset", H2M_DROP}, {"noframes", H2M_DROP},
    {"object", H2M_DROP},    {"embed", H2M_DROP},    {"applet", H2M_DROP},
    {"param", H2M_DROP},     {"template", H2M_DROP}, {"head", H2M_DROP},
    {"title", H2M_DROP},     {"meta", H2M_DROP},     {"link", H2M_DROP},
    {"base", H2M_DROP},      {"input", H2M_DROP},    {"button", H2M_DROP},
    {"select", H2M_DROP},    {"option", H2M_DROP},   {"optgroup", H2M_DROP},
    {"textarea", H2M_DROP},  {"svg", H2M_DROP},      {"math", H2M_DROP},
    {"canvas", H2M_DROP},    {"audio", H2M_DROP},    {"video", H2M_DROP},
    {"source", H2M_DROP},    {"track", H2M_DROP},    {"map", H2M_DROP},
    {"area", H2M_DROP},      {"datalist", H2M_DROP}, {"output", H2M_DROP},
    {"progress", H2M_DROP},  {"meter", H2M_DROP},    {"dialog", H2M_DROP},
    {"slot", H2M_DROP},      {"portal", H2M_DROP},   {"colgroup", H2M_DROP},
    {"col", H2M_DROP},
};

static H2mKind h2m_kind(const xmlNode *node)
{
    const char *zName = (const char *)node->name;
    for (size_t i = 0; i < sizeof(aH2mTag) / sizeof(aH2mTag[0]); i++) {
        if (strcasecmp(aH2mTag[i].zTag, zName) == 0) {
            return aH2mTag[i].kind;
        }
    }
    return H2M_INLINE;
}

/* The conversion of one document. */
typedef struct H2m {
    Arena *a;       /* where everything goes */
    int nContainer; /* quotes and list items around the current node */
    int nStrong;    /* strong elements around it (no **** for nesting) */
    int nEm;        /* em elements around it */
    int nDel;       /* del elements around it */
    bool bInLink;   /* inside a link: no link in a link */
} H2m;

/* A run of inline Markdown being built, white space collapsed. */
typedef struct H2mLine {
    Str s;       /* the Markdown so far */
    bool bSpace; /* it ends in a space or a line start: drop more */
} H2mLine;

static void h2m_line_init(H2mLine *l, Arena *a)
{
    str_init(&l->s, a);
    l->bSpace = true;
}

/* True for the white space HTML collapses. */
static bool h2m_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * True when '&' at 'z' starts something an entity parser would read:
 * '&' then letters/digits or '#', then ';'.
 */
static bool h2m_entity_like(const char *z)
{
    size_t i = 1;
    if (z[i] == '#') {
        i++;
    }
    size_t nStart = i;
    while ((z[i] >= 'a' && z[i] <= 'z') || (z[i] >= 'A' && z[i] <= 'Z') ||
           (z[i] >= '0' && z[i] <= '9')) {
        i++;
    }
    return i > nStart && z[i] == ';';
}

/* Append the text 'z' to 'l': white space collapsed, syntax escaped. */
static void h2m_text(H2mLine *l, const char *z)
{
    for (; *z; z++) {
        char c = *z;
        if (h2m_is_space(c)) {
            if (!l->bSpace) {
                str_append_char(&l->s, ' ');
                l->bSpace = true;
            }
            continue;
        }
        l->bSpace = false;
        if (strchr("\\`*_[]<|~", c) != NULL ||
            (c == '&' && h2m_entity_like(z))) {
            str_append_char(&l->s, '\\');
        }
        str_append_char(&l->s, c);
    }
}

/* Append raw Markdown 'z' (markers this file writes) to 'l'. */
static void h2m_raw(H2mLine *l, const char *z)
{
    str_append_z(&l->s, z);
    l->bSpace = false;
}

/*
 * The text of 'node' and everything under it (dropped elements left out,
 * <br> as a line feed), appended raw to 's'; walks without recursion, so
 * any depth is safe.
 */
static void h2m_gather(const xmlNode *node, Str *s)
{
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        if (node->content != NULL) {
            str_append_z(s, (const char *)node->content);
        }
        return;
    }
    if (node->type != XML_ELEMENT_NODE || h2m_kind(node) == H2M_DROP) {
        return;
    }
    const xmlNode *cur = node->children;
    while (cur != NULL) {
        bool bDescend = false;
        if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
            if (cur->content != NULL) {
                str_append_z(s, (const char *)cur->content);
            }
        } else if (cur->type == XML_ELEMENT_NODE) {
            H2mKind kind = h2m_kind(cur);
            if (kind == H2M_BREAK) {
                str_append_char(s, '\n');
            } else if (kind != H2M_DROP && cur->children != NULL) {
                bDescend = true;
            }
        }
        if (bDescend) {
            cur = cur->children;
            continue;
        }
        while (cur != NULL && cur->next == NULL) {
            cur = cur->parent;
            if (cur == node) {
                return;
            }
        }
        if (cur != NULL) {
            cur = cur->next;
        }
    }
}

/* The value of attribute 'zName' of 'node' in 'a' (trimmed), or NULL. */
static char *h2m_attr(Arena *a, xmlNode *node, const char *zName)
{
    xmlChar *z = xmlGetProp(node, (const xmlChar *)zName);
    if (z == NULL) {
        return NULL;
    }
    const char *p = (const char *)z;
    size_t n = strlen(p);
    while (n > 0 && h2m_is_space(*p)) {
        p++;
        n--;
    }
    while (n > 0 && h2m_is_space(p[n - 1])) {
        n--;
    }
    char *zOut = arena_strndup(a, p, n);
    xmlFree(z);
    return zOut;
}

/*
 * 'zUrl' for a link or image destination when its scheme is allowed
 * (http, https; mailto for links), with the bytes Markdown would stop at
 * percent-encoded; else NULL.
 */
static const char *h2m_url(Arena *a, const char *zUrl, bool bMail)
{
    if (zUrl == NULL || !(strncasecmp(zUrl, "http://", 7) == 0 ||
                          strncasecmp(zUrl, "https://", 8) == 0 ||
                          (bMail && strncasecmp(zUrl, "mailto:", 7) == 0))) {
        return NULL;
    }
    Str s;
    str_init(&s, a);
    for (const char *p = zUrl; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c == 0x7f || strchr("()<>\"\\`", c) != NULL) {
            str_appendf(&s, "%%%02X", c);
        } else {
            str_append_char(&s, (char)c);
        }
    }
    return s.z;
}

static void h2m_inline(H2m *h, xmlNode *node, H2mLine *l, int nDepth);

/* The inline children of 'node' into 'l'. */
static void h2m_inline_children(H2m *h, xmlNode *node, H2mLine *l, int nDepth)
{
    for (xmlNode *c = node->children; c != NULL; c = c->next) {
        h2m_inline(h, c, l, nDepth + 1);
    }
}

/*
 * Trim the inline Markdown '*pp' ('*pn' bytes): a leading space
 * ('*pbLead', OUT) and trailing spaces and hard breaks ('*pbTrail', OUT),
 * which belong outside emphasis markers and link brackets.
 */
static void h2m_trim_inner(const char **pp, size_t *pn, bool *pbLead,
                           bool *pbTrail)
{
    const char *p = *pp;
    size_t n = *pn;
    *pbLead = n > 0 && p[0] == ' ';
    if (*pbLead) {
        p++;
        n--;
    }
    *pbTrail = false;
    for (;;) {
        while (n > 0 && p[n - 1] == ' ') {
            n--;
            *pbTrail = true;
        }
        if (n >= 2 && p[n - 1] == '\n' && p[n - 2] == '\\') {
            size_t nSlash = 0;
            while (nSlash + 2 <= n && p[n - 2 - nSlash] == '\\') {
                nSlash++;
            }
            if (nSlash % 2 == 1) {
                n -= 2;
                *pbTrail = true;
                continue;
            }
        }
        break;
    }
    *pp = p;
    *pn = n;
}

/*
 * Wrap what 'node''s children give in 'zMark' ("**", "*", "~~"): spaces
 * at either end go outside the markers, where Markdown wants them; an
 * empty inside gives only its spaces.
 */
static void h2m_wrap(H2m *h, xmlNode *node, H2mLine *l, int nDepth,
                     const char *zMark)
{
    H2mLine in;
    h2m_line_init(&in, h->a);
    in.bSpace = l->bSpace;
    h2m_inline_children(h, node, &in, nDepth);
    const char *p = in.s.z;
    size_t n = in.s.n;
    bool bLead, bTrail;
    h2m_trim_inner(&p, &n, &bLead, &bTrail);
    if (bLead && !l->bSpace) {
        str_append_char(&l->s, ' ');
        l->bSpace = true;
    }
    if (n > 0) {
        h2m_raw(l, zMark);
        str_append(&l->s, p, n);
        h2m_raw(l, zMark);
    }
    if (bTrail && !l->bSpace) {
        str_append_char(&l->s, ' ');
        l->bSpace = true;
    }
}

/* A code span of the text of 'node'. */
static void h2m_code(H2m *h, xmlNode *node, H2mLine *l)
{
    Str t;
    str_init(&t, h->a);
    h2m_gather(node, &t);
    /* One line; the longest run of backticks decides the fence. */
    size_t nRun = 0, nLongest = 0;
    bool bAny = false;
    for (size_t i = 0; i < t.n; i++) {
        if (h2m_is_space(t.z[i])) {
            t.z[i] = ' ';
        } else {
            bAny = true;
        }
        nRun = t.z[i] == '`' ? nRun + 1 : 0;
        if (nRun > nLongest) {
            nLongest = nRun;
        }
    }
    if (!bAny) {
        h2m_text(l, t.z);
        return;
    }
    Str fence;
    str_init(&fence, h->a);
    for (size_t i = 0; i <= nLongest; i++) {
        str_append_char(&fence, '`');
    }
    bool bPad = t.z[0] == '`' || t.z[t.n - 1] == '`' ||
                (t.z[0] == ' ' && t.z[t.n - 1] == ' ');
    h2m_raw(l, fence.z);
    if (bPad) {
        str_append_char(&l->s, ' ');
    }
    str_append(&l->s, t.z, t.n);
    if (bPad) {
        str_append_char(&l->s, ' ');
    }
    h2m_raw(l, fence.z);
}

/* A link: its text in brackets and its address, or just its text. */
static void h2m_link(H2m *h, xmlNode *node, H2mLine *l, int nDepth)
{
    const char *zUrl =
        h->bInLink ? NULL : h2m_url(h->a, h2m_attr(h->a, node, "href"), true);
    if (zUrl == NULL) {
        h2m_inline_children(h, node, l, nDepth);
        return;
    }
    H2mLine in;
    h2m_line_init(&in, h->a);
    in.bSpace = l->bSpace;
    h->bInLink = true;
    h2m_inline_children(h, node, &in, nDepth);
    h->bInLink = false;
    const char *p = in.s.z;
    size_t n = in.s.n;
    bool bLead, bTrail;
    h2m_trim_inner(&p, &n, &bLead, &bTrail);
    if (n == 0) {
        /* No text (an empty anchor): the address is the text. */
        H2mLine t;
        h2m_line_init(&t, h->a);
        h2m_text(&t, zUrl);
        p = t.s.z;
        n = t.s.n;
    }
    if (bLead && !l->bSpace) {
        str_append_char(&l->s, ' ');
    }
    h2m_raw(l, "[");
    str_append(&l->s, p, n);
    str_appendf(&l->s, "](%s)", zUrl);
    if (bTrail) {
        str_append_char(&l->s, ' ');
        l->bSpace = true;
    }
}

/* An image with an allowed address, else its alt text. */
static void h2m_image(H2m *h, xmlNode *node, H2mLine *l)
{
    const char *zAlt = h2m_attr(h->a, node, "alt");
    const char *zSrc = h2m_url(h->a, h2m_attr(h->a, node, "src"), false);
    if (zSrc == NULL) {
        if (zAlt != NULL) {
            h2m_text(l, zAlt);
        }
        return;
    }
    H2mLine alt;
    h2m_line_init(&alt, h->a);
    if (zAlt != NULL) {
        h2m_text(&alt, zAlt);
    }
    h2m_raw(l, "![");
    str_append(&l->s, alt.s.z, alt.s.n);
    str_appendf(&l->s, "](%s)", zSrc);
}

/* One node in inline context. */
static void h2m_inline(H2m *h, xmlNode *node, H2mLine *l, int nDepth)
{
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        if (node->content != NULL) {
            h2m_text(l, (const char *)node->content);
        }
        return;
    }
    if (node->type != XML_ELEMENT_NODE) {
        return;
    }
    if (nDepth > H2M_DEPTH_MAX) {
        Str t;
        str_init(&t, h->a);
        h2m_gather(node, &t);
        h2m_text(l, t.z);
        return;
    }
    switch (h2m_kind(node)) {
    case H2M_DROP:
        return;
    case H2M_BREAK:
        /* A hard break; at a line's start it would be a lone backslash. */
        if (l->s.n > 0) {
            while (l->s.n > 0 && l->s.z[l->s.n - 1] == ' ') {
                l->s.z[--l->s.n] = 0;
            }
            h2m_raw(l, "\\\n");
            l->bSpace = true;
        }
        return;
    case H2M_STRONG:
        if (h->nStrong > 0) {
            h2m_inline_children(h, node, l, nDepth);
            return;
        }
        h->nStrong++;
        h2m_wrap(h, node, l, nDepth, "**");
        h->nStrong--;
        return;
    case H2M_EM:
        if (h->nEm > 0) {
            h2m_inline_children(h, node, l, nDepth);
            return;
        }
        h->nEm++;
        h2m_wrap(h, node, l, nDepth, "*");
        h->nEm--;
        return;
    case H2M_DEL:
        if (h->nDel > 0) {
            h2m_inline_children(h, node, l, nDepth);
            return;
        }
        h->nDel++;
        h2m_wrap(h, node, l, nDepth, "~~");
        h->nDel--;
        return;
    case H2M_CODE:
        h2m_code(h, node, l);
        return;
    case H2M_LINK:
        h2m_link(h, node, l, nDepth);
        return;
    case H2M_IMAGE:
        h2m_image(h, node, l);
        return;
    case H2M_INLINE:
        h2m_inline_children(h, node, l, nDepth);
        return;
    default:
        /* A block inside a line (a <p> in an <a>, a <div> in a heading):
           its content, set off by spaces. */
        if (!l->bSpace) {
            str_append_char(&l->s, ' ');
            l->bSpace = true;
        }
        h2m_inline_children(h, node, l, nDepth);
        if (!l->bSpace) {
            str_append_char(&l->s, ' ');
            l->bSpace = true;
        }
        return;
    }
}

/* ---------------------------------------------------------------------
 * Blocks
 */

/* Append the block 'z' ('n' bytes) to 'out', a blank line before it. */
static void h2m_add_block(Str *out, const char *z, size_t n)
{
    if (n == 0) {
        return;
    }
    if (out->n > 0) {
        str_append_z(out, "\n\n");
    }
    str_append(out, z, n);
}

/*
 * Trim the line run 'l' (spaces and hard breaks at either end) into 's'
 * and escape what would start a block at the start of each of its lines:
 * # > - + = and "12." / "12)".
 */
static void h2m_finish_line(Arena *a, const H2mLine *l, Str *s)
{
    const char *p = l->s.z;
    size_t n = l->s.n;
    for (;;) {
        while (n > 0 && (p[0] == ' ' || p[0] == '\n')) {
            p++;
            n--;
        }
        if (n >= 2 && p[0] == '\\' && p[1] == '\n') {
            p += 2;
            n -= 2;
            continue;
        }
        break;
    }
    for (;;) {
        while (n > 0 && p[n - 1] == ' ') {
            n--;
        }
        /* A trailing hard break: "\\\n" not itself escaped. */
        if (n >= 2 && p[n - 1] == '\n' && p[n - 2] == '\\') {
            size_t nSlash = 0;
            while (nSlash + 1 < n && p[n - 2 - nSlash] == '\\') {
                nSlash++;
            }
            if (nSlash % 2 == 1) {
                n -= 2;
                continue;
            }
        }
        break;
    }
    str_init(s, a);
    bool bLineStart = true;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (bLineStart) {
            if (strchr("#>-+=", c) != NULL) {
                str_append_char(s, '\\');
            } else if (c >= '0' && c <= '9') {
                size_t j = i;
                while (j < n && j - i < 10 && p[j] >= '0' && p[j] <= '9') {
                    j++;
                }
                if (j < n && (p[j] == '.' || p[j] == ')')) {
                    str_append(s, p + i, j - i);
                    str_append_char(s, '\\');
                    i = j - 1;
                    bLineStart = false;
                    continue;
                }
            }
        }
        str_append_char(s, c);
        bLineStart = c == '\n';
    }
}

/* Add the line run 'l' as a paragraph to 'out' and empty it. */
static void h2m_flush(H2m *h, H2mLine *l, Str *out)
{
    Str s;
    h2m_finish_line(h->a, l, &s);
    h2m_add_block(out, s.z, s.n);
    h2m_line_init(l, h->a);
}

/*
 * 'z' ('n' bytes) with 'zFirst' before its first line and 'zRest' before
 * every later line that is not empty ('zRestEmpty' before empty ones),
 * appended to 'out'.
 */
static void h2m_prefix(Str *out, const char *z, size_t n, const char *zFirst,
                       const char *zRest, const char *zRestEmpty)
{
    bool bFirst = true;
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && z[j] != '\n') {
            j++;
        }
        if (bFirst) {
            str_append_z(out, zFirst);
        } else {
            str_append_z(out, j > i ? zRest : zRestEmpty);
        }
        str_append(out, z + i, j - i);
        bFirst = false;
        if (j >= n) {
            break;
        }
        str_append_char(out, '\n');
        i = j + 1;
    }
}

static void h2m_blocks(H2m *h, xmlNode *first, Str *out, int nDepth);
static void h2m_blocks_one(H2m *h, xmlNode *node, Str *out, int nDepth);
static void h2m_block(H2m *h, xmlNode *node, H2mKind kind, Str *out, int nDepth,
                      bool bAlt);

/* A heading of level 'nLevel'. */
static void h2m_heading(H2m *h, xmlNode *node, Str *out, int nDepth, int nLevel)
{
    H2mLine l;
    h2m_line_init(&l, h->a);
    h2m_inline_children(h, node, &l, nDepth);
    Str s;
    h2m_finish_line(h->a, &l, &s);
    if (s.n == 0) {
        return;
    }
    Str b;
    str_init(&b, h->a);
    for (int i = 0; i < nLevel; i++) {
        str_append_char(&b, '#');
    }
    str_append_char(&b, ' ');
    /* One line: hard breaks become spaces; a closing '#' would vanish. */
    for (size_t i = 0; i < s.n; i++) {
        if (s.z[i] == '\\' && i + 1 < s.n && s.z[i + 1] == '\n') {
            str_append_char(&b, ' ');
            i++;
        } else if (s.z[i] == '\n') {
            str_append_char(&b, ' ');
        } else {
            str_append_char(&b, s.z[i]);
        }
    }
    if (b.z[b.n - 1] == '#') {
        b.z[b.n - 1] = '\\';
        str_append_char(&b, '#');
    }
    h2m_add_block(out, b.z, b.n);
}

/* A fenced code block of the text of 'node'. */
static void h2m_pre(H2m *h, xmlNode *node, Str *out)
{
    Str t;
    str_init(&t, h->a);
    h2m_gather(node, &t);
    if (t.n == 0) {
        return; /* nothing gathered: t.z is the shared empty string */
    }
    size_t n = utf8_crlf_to_lf(t.z);
    const char *p = t.z;
    if (n > 0 && p[0] == '\n') {
        p++;
        n--;
    }
    while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == ' ')) {
        n--;
    }
    if (n == 0) {
        return;
    }
    size_t nRun = 0, nLongest = 2;
    for (size_t i = 0; i < n; i++) {
        nRun = p[i] == '`' ? nRun + 1 : 0;
        if (nRun > nLongest) {
            nLongest = nRun;
        }
    }
    Str fence;
    str_init(&fence, h->a);
    for (size_t i = 0; i <= nLongest; i++) {
        str_append_char(&fence, '`');
    }
    Str b;
    str_init(&b, h->a);
    str_appendf(&b, "%s\n", fence.z);
    str_append(&b, p, n);
    str_appendf(&b, "\n%s", fence.z);
    h2m_add_block(out, b.z, b.n);
}

/* A quote: its blocks, every line behind "> ". */
static void h2m_quote(H2m *h, xmlNode *node, Str *out, int nDepth)
{
    Str in;
    str_init(&in, h->a);
    h->nContainer++;
    h2m_blocks(h, node->children, &in, nDepth + 1);
    h->nContainer--;
    if (in.n == 0) {
        return;
    }
    Str b;
    str_init(&b, h->a);
    h2m_prefix(&b, in.z, in.n, "> ", "> ", ">");
    h2m_add_block(out, b.z, b.n);
}

/*
 * A list: each item's blocks behind its marker ("- " or "1. "; 'bAlt'
 * uses "* " and "1) ", so a list right after another stays apart), later
 * lines indented to the marker's width.
 */
static void h2m_list(H2m *h, xmlNode *node, Str *out, int nDepth, bool bAlt)
{
    bool bOrdered = strcasecmp((const char *)node->name, "ol") == 0;
    long iNumber = 1;
    if (bOrdered) {
        const char *zStart = h2m_attr(h->a, node, "start");
        if (zStart != NULL && zStart[0] >= '0' && zStart[0] <= '9' &&
            strlen(zStart) <= 9) {
            iNumber = strtol(zStart, NULL, 10);
        }
    }
    int nItem = 0, nAlloc = 0;
    Str **apItem = NULL;
    h->nContainer++;
    for (xmlNode *c = node->children; c != NULL; c = c->next) {
        bool bElement = c->type == XML_ELEMENT_NODE;
        H2mKind kind = bElement ? h2m_kind(c) : H2M_INLINE;
        if (bElement && kind == H2M_LIST && nItem > 0) {
            /* <ul><li>a</li><ul>…</ul></ul>: the inner list belongs to a. */
            h2m_blocks_one(h, c, apItem[nItem - 1], nDepth + 1);
            continue;
        }
        if (bElement && kind == H2M_DROP) {
            continue;
        }
        if (!bElement && (c->type != XML_TEXT_NODE || c->content == NULL ||
                          utf8_is_blank((const char *)c->content,
                                        strlen((const char *)c->content)))) {
            continue; /* white space between items */
        }
        apItem = arena_grow(h->a, apItem, nItem, &nAlloc, sizeof(*apItem));
        Str *pItem = arena_alloc(h->a, sizeof(Str));
        str_init(pItem, h->a);
        if (bElement && kind == H2M_ITEM) {
            h2m_blocks(h, c->children, pItem, nDepth + 1);
        } else {
            h2m_blocks_one(h, c, pItem, nDepth + 1);
        }
        apItem[nItem++] = pItem;
    }
    h->nContainer--;
    if (nItem == 0) {
        return;
    }
    Str b;
    str_init(&b, h->a);
    for (int i = 0; i < nItem; i++) {
        const char *zMarker =
            bOrdered ? arena_printf(h->a, "%ld%c ", iNumber++, bAlt ? ')' : '.')
                     : (bAlt ? "* " : "- ");
        char zIndent[16];
        size_t nIndent = strlen(zMarker);
        memset(zIndent, ' ', nIndent);
        zIndent[nIndent] = 0;
        if (i > 0) {
            str_append_char(&b, '\n');
        }
        h2m_prefix(&b, apItem[i]->z, apItem[i]->n, zMarker, zIndent, "");
    }
    h2m_add_block(out, b.z, b.n);
}

/* One table row into 'row' ("| a | b "); return its number of cells. */
static int h2m_row(H2m *h, xmlNode *tr, Str *row, int nDepth)
{
    str_init(row, h->a);
    int nCell = 0;
    for (xmlNode *td = tr->children; td != NULL; td = td->next) {
        if (td->type != XML_ELEMENT_NODE ||
            (strcasecmp((const char *)td->name, "td") != 0 &&
             strcasecmp((const char *)td->name, "th") != 0) ||
            nCell == H2M_COLUMNS_MAX) {
            continue;
        }
        H2mLine l;
        h2m_line_init(&l, h->a);
        h2m_inline_children(h, td, &l, nDepth);
        Str cell;
        h2m_finish_line(h->a, &l, &cell);
        /* A cell is one line: hard breaks become spaces. */
        str_append_z(row, "| ");
        for (size_t i = 0; i < cell.n; i++) {
            if (cell.z[i] == '\\' && i + 1 < cell.n && cell.z[i + 1] == '\n') {
                str_append_char(row, ' ');
                i++;
            } else {
                str_append_char(row, cell.z[i] == '\n' ? ' ' : cell.z[i]);
            }
        }
        str_append_char(row, ' ');
        nCell++;
    }
    return nCell;
}

/* The table's rows: its tr children and those of thead, tbody, tfoot. */
typedef struct H2mRows {
    Str *aRow;    /* "| a | b " each */
    int *anCell;  /* cells of each */
    int nRow;     /* how many */
    int nAlloc;   /* room */
    int nColumns; /* the most cells of a row */
} H2mRows;

static void h2m_rows_add(H2m *h, xmlNode *tr, H2mRows *r, int nDepth)
{
    if (tr->type != XML_ELEMENT_NODE ||
        strcasecmp((const char *)tr->name, "tr") != 0) {
        return;
    }
    Str row;
    int nCell = h2m_row(h, tr, &row, nDepth);
    if (nCell == 0) {
        return;
    }
    if (r->nRow == r->nAlloc) {
        r->nAlloc = r->nAlloc ? r->nAlloc * 2 : 16;
        Str *aNew = arena_alloc(h->a, sizeof(Str) * (size_t)r->nAlloc);
        int *anNew = arena_alloc(h->a, sizeof(int) * (size_t)r->nAlloc);
        if (r->nRow > 0) {
            memcpy(aNew, r->aRow, sizeof(Str) * (size_t)r->nRow);
            memcpy(anNew, r->anCell, sizeof(int) * (size_t)r->nRow);
        }
        r->aRow = aNew;
        r->anCell = anNew;
    }
    r->aRow[r->nRow] = row;
    r->anCell[r->nRow++] = nCell;
    if (nCell > r->nColumns) {
        r->nColumns = nCell;
    }
}

/* A table as a GFM table: the first row is the header. */
static void h2m_table(H2m *h, xmlNode *node, Str *out, int nDepth)
{
    H2mRows r;
    memset(&r, 0, sizeof(r));
    for (xmlNode *c = node->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            continue;
        }
        const char *zName = (const char *)c->name;
        if (strcasecmp(zName, "thead") == 0 ||
            strcasecmp(zName, "tbody") == 0 ||
            strcasecmp(zName, "tfoot") == 0) {
            for (xmlNode *tr = c->children; tr != NULL; tr = tr->next) {
                h2m_rows_add(h, tr, &r, nDepth + 2);
            }
        } else if (strcasecmp(zName, "caption") == 0) {
            h2m_blocks_one(h, c, out, nDepth + 1);
        } else {
            h2m_rows_add(h, c, &r, nDepth + 1);
        }
    }
    Str b;
    str_init(&b, h->a);
    for (int i = 0; i < r.nRow; i++) {
        if (i > 0) {
            str_append_char(&b, '\n');
        }
        str_append(&b, r.aRow[i].z, r.aRow[i].n);
        for (int k = r.anCell[i]; k < r.nColumns; k++) {
            str_append_z(&b, "|  ");
        }
        str_append_char(&b, '|');
        if (i == 0) {
            str_append_char(&b, '\n');
            for (int k = 0; k < r.nColumns; k++) {
                str_append_z(&b, "| --- ");
            }
            str_append_char(&b, '|');
        }
    }
    h2m_add_block(out, b.z, b.n);
}

/*
 * The sibling nodes from 'first' on as blocks appended to 'out': runs of
 * text and inline elements become paragraphs, block elements their own
 * blocks.
 */
static void h2m_blocks(H2m *h, xmlNode *first, Str *out, int nDepth)
{
    H2mLine l;
    h2m_line_init(&l, h->a);
    bool bPrevList = false; /* the last block written was a list */
    bool bPrevAlt = false;  /* with the other markers */
    for (xmlNode *c = first; c != NULL; c = c->next) {
        H2mKind kind = c->type == XML_ELEMENT_NODE ? h2m_kind(c) : H2M_INLINE;
        if (kind == H2M_DROP) {
            continue;
        }
        bool bBlock = kind != H2M_INLINE && kind != H2M_BREAK &&
                      kind != H2M_STRONG && kind != H2M_EM && kind != H2M_DEL &&
                      kind != H2M_CODE && kind != H2M_LINK && kind != H2M_IMAGE;
        if (!bBlock || nDepth > H2M_DEPTH_MAX) {
            h2m_inline(h, c, &l, nDepth);
            continue;
        }
        size_t nOut = out->n;
        h2m_flush(h, &l, out);
        if (out->n > nOut) {
            bPrevList = false;
        }
        nOut = out->n;
        /* Two lists in a row would merge: the second uses other markers. */
        bool bAlt = kind == H2M_LIST && bPrevList && !bPrevAlt;
        h2m_block(h, c, kind, out, nDepth, bAlt);
        if (out->n > nOut) {
            bPrevList = kind == H2M_LIST;
            bPrevAlt = bAlt;
        }
    }
    h2m_flush(h, &l, out);
}

/* The one node 'node' as blocks appended to 'out'. */
static void h2m_blocks_one(H2m *h, xmlNode *node, Str *out, int nDepth)
{
    xmlNode *pNext = node->next;
    node->next = NULL;
    h2m_blocks(h, node, out, nDepth);
    node->next = pNext;
}

/* The block element 'node' of kind 'kind' appended to 'out'. */
static void h2m_block(H2m *h, xmlNode *node, H2mKind kind, Str *out, int nDepth,
                      bool bAlt)
{
    bool bNest = h->nContainer < H2M_CONTAINERS_MAX;
    switch (kind) {
    case H2M_HEADING:
        h2m_heading(h, node, out, nDepth, node->name[1] - '0');
        return;
    case H2M_QUOTE:
        if (bNest) {
            h2m_quote(h, node, out, nDepth);
            return;
        }
        break;
    case H2M_LIST:
        if (bNest) {
            h2m_list(h, node, out, nDepth, bAlt);
            return;
        }
        break;
    case H2M_PRE:
        h2m_pre(h, node, out);
        return;
    case H2M_RULE:
        h2m_add_block(out, "---", 3);
        return;
    case H2M_TABLE:
        h2m_table(h, node, out, nDepth);
        return;
    default:
        break;
    }
    /* Paragraph-like containers, items outside a list, and quotes and
       lists nested too deep: their content as blocks. */
    h2m_blocks(h, node->children, out, nDepth + 1);
}

void import_init(void)
{
    xmlInitParser();
}

int import_html_to_markdown(Arena *a, const uint8_t *p, size_t n, char **pzOut)
{
    if (n > IMPORT_HTML_BYTES_MAX || !utf8_valid((const char *)p, n)) {
        return ERR_INVALID;
    }
    H2m h;
    memset(&h, 0, sizeof(h));
    h.a = a;
    Str out;
    str_init(&out, a);
    if (n > 0) {
        htmlDocPtr doc = htmlReadMemory(
            (const char *)p, (int)n, NULL, "UTF-8",
            HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                XML_PARSE_HUGE | HTML_PARSE_NONET);
        if (doc != NULL) {
            xmlNode *root = xmlDocGetRootElement(doc);
            if (root != NULL) {
                h2m_blocks_one(&h, root, &out, 0);
            }
            xmlFreeDoc(doc);
        }
    }
    /* libxml2 reads invalid bytes as Latin-1; the input was checked, but
       never hand on anything that is not UTF-8. */
    if (!utf8_valid(out.z, out.n)) {
        return ERR_INVALID;
    }
    *pzOut = out.z;
    return OK;
}
