/*
 * plaintext.c — comment text to SafeHtml; see plaintext.h.
 *
 * One pass over the bytes: runs of ordinary text go through html_escape(),
 * line breaks become <br>, addresses become links whose href and text are
 * both the escaped address.  Addresses are recognised by plain byte rules
 * (no regular expressions, no URL parser) so that counting links for the
 * spam guard and rendering them can never disagree: both call
 * plaintext_link_at().
 */
#include "view/plaintext.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/str.h"
#include "view/template.h"
#include "view/safe_html.h"

/* The tags this file writes, and nothing else. */
#define PLAINTEXT_BR "<br>\n"
#define PLAINTEXT_A_OPEN "<a href=\""
#define PLAINTEXT_A_REL "\" rel=\"nofollow ugc\">"
#define PLAINTEXT_A_CLOSE "</a>"

static bool plaintext_is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

/* True for a byte that may appear inside an address. */
static bool plaintext_is_url_byte(unsigned char c)
{
    return c > 0x20 && c < 0x7f && strchr("<>\"'`{}|\\^", c) == NULL;
}

/* Count of byte 'c' in 'n' bytes of 'p'. */
static size_t plaintext_count(const char *p, size_t n, char c)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        k += p[i] == c;
    }
    return k;
}

/*
 * If an address starts at byte 'i' of 'p' ('n' bytes), return its length
 * in bytes, else 0.
 */
static size_t plaintext_link_at(const char *p, size_t n, size_t i)
{
    size_t nScheme;
    if (n - i >= 8 && strncasecmp(p + i, "https://", 8) == 0) {
        nScheme = 8;
    } else if (n - i >= 7 && strncasecmp(p + i, "http://", 7) == 0) {
        nScheme = 7;
    } else {
        return 0;
    }
    if (i > 0 &&
        (plaintext_is_alnum((unsigned char)p[i - 1]) || p[i - 1] == '/')) {
        return 0;
    }
    size_t j = i + nScheme;
    if (j >= n || !plaintext_is_alnum((unsigned char)p[j])) {
        return 0;
    }
    while (j < n && plaintext_is_url_byte((unsigned char)p[j])) {
        j++;
    }
    /* Punctuation that ends a sentence, and closing brackets that close
       something outside the address, stay outside it. */
    for (;;) {
        char c = p[j - 1];
        size_t nLen = j - i;
        if (strchr(".,;:!?", c) != NULL) {
            j--;
        } else if (c == ')' && plaintext_count(p + i, nLen, '(') <
                                   plaintext_count(p + i, nLen, ')')) {
            j--;
        } else if (c == ']' && plaintext_count(p + i, nLen, '[') <
                                   plaintext_count(p + i, nLen, ']')) {
            j--;
        } else {
            break;
        }
    }
    /* The letter or digit after "//" always stays, so j > i + nScheme. */
    return j - i;
}

const SafeHtml *plaintext_render(Arena *a, const char *p, size_t n)
{
    Str s;
    str_init(&s, a);
    str_reserve(&s, n + n / 8 + 16);
    size_t iRun = 0; /* start of the text not yet written */
    size_t i = 0;
    while (i < n) {
        char c = p[i];
        if (c == '\n' || c == '\r') {
            html_escape(&s, p + iRun, i - iRun);
            str_append_z(&s, PLAINTEXT_BR);
            i += (c == '\r' && i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
            iRun = i;
            continue;
        }
        size_t nLink = (c == 'h' || c == 'H') ? plaintext_link_at(p, n, i) : 0;
        if (nLink > 0) {
            html_escape(&s, p + iRun, i - iRun);
            str_append_z(&s, PLAINTEXT_A_OPEN);
            html_escape(&s, p + i, nLink);
            str_append_z(&s, PLAINTEXT_A_REL);
            html_escape(&s, p + i, nLink);
            str_append_z(&s, PLAINTEXT_A_CLOSE);
            i += nLink;
            iRun = i;
            continue;
        }
        i++;
    }
    html_escape(&s, p + iRun, n - iRun);
    return safe_html_wrap(a, s.z, s.n);
}

int plaintext_count_links(const char *p, size_t n)
{
    int nLink = 0;
    size_t i = 0;
    while (i < n) {
        size_t k =
            (p[i] == 'h' || p[i] == 'H') ? plaintext_link_at(p, n, i) : 0;
        if (k > 0) {
            nLink++;
            i += k;
        } else {
            i++;
        }
    }
    return nLink;
}

/* ---------------------------------------------------------------------
 * Fuzz entry point
 */

/* True when 'z' starts at 'p' (with 'n' bytes left). */
static bool plaintext_at(const char *p, size_t n, const char *z)
{
    size_t k = strlen(z);
    return n >= k && memcmp(p, z, k) == 0;
}

/* Decode the entities html_escape() writes; abort() on any other '&'. */
static void plaintext_unescape(Str *pOut, const char *p, size_t n)
{
    static const struct {
        const char *zEntity; /* as html_escape() writes it */
        char c;              /* the character */
    } aEntity[] = {
        {"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
        {"&quot;", '"'}, {"&#39;", '\''},
    };
    size_t i = 0;
    while (i < n) {
        if (p[i] == '<' || p[i] == '>' || p[i] == '"' || p[i] == '\'') {
            abort(); /* unescaped markup character in text */
        }
        if (p[i] != '&') {
            str_append_char(pOut, p[i++]);
            continue;
        }
        size_t k = 0;
        for (; k < sizeof(aEntity) / sizeof(aEntity[0]); k++) {
            if (plaintext_at(p + i, n - i, aEntity[k].zEntity)) {
                break;
            }
        }
        if (k == sizeof(aEntity) / sizeof(aEntity[0])) {
            abort(); /* a bare '&' */
        }
        str_append_char(pOut, aEntity[k].c);
        i += strlen(aEntity[k].zEntity);
    }
}

int plaintext_fuzz_one(const uint8_t *pData, size_t n)
{
    const char *p = (const char *)pData;
    Arena a;
    arena_init(&a);
    const SafeHtml *pH = plaintext_render(&a, p, n);
    SafeHtml h = *pH;
    if (h.z == NULL || h.z[h.n] != 0) {
        abort();
    }
    /* Take the made tags out, decode the rest, compare with the input
       whose line breaks are LF. */
    Str back;
    str_init(&back, &a);
    const char *z = h.z;
    size_t nLeft = h.n;
    size_t iText = 0;
    size_t i = 0;
    while (i < nLeft) {
        if (z[i] != '<') {
            i++;
            continue;
        }
        plaintext_unescape(&back, z + iText, i - iText);
        if (plaintext_at(z + i, nLeft - i, PLAINTEXT_BR)) {
            str_append_char(&back, '\n');
            i += strlen(PLAINTEXT_BR);
        } else if (plaintext_at(z + i, nLeft - i, PLAINTEXT_A_CLOSE)) {
            i += strlen(PLAINTEXT_A_CLOSE);
        } else if (plaintext_at(z + i, nLeft - i, PLAINTEXT_A_OPEN)) {
            i += strlen(PLAINTEXT_A_OPEN);
            const char *zQuote = memchr(z + i, '"', nLeft - i);
            if (zQuote == NULL || (strncasecmp(z + i, "http://", 7) != 0 &&
                                   strncasecmp(z + i, "https://", 8) != 0)) {
                abort();
            }
            i = (size_t)(zQuote - z);
            if (!plaintext_at(z + i, nLeft - i, PLAINTEXT_A_REL)) {
                abort();
            }
            i += strlen(PLAINTEXT_A_REL);
        } else {
            abort(); /* a '<' that is not one of ours */
        }
        iText = i;
    }
    plaintext_unescape(&back, z + iText, nLeft - iText);
    /* The input with CRLF and lone CR as LF, as the output reads back. */
    char *zIn = arena_alloc(&a, n + 1);
    size_t nIn = 0;
    for (size_t k = 0; k < n; k++) {
        if (p[k] == '\r') {
            zIn[nIn++] = '\n';
            k += (k + 1 < n && p[k + 1] == '\n') ? 1 : 0;
        } else {
            zIn[nIn++] = p[k];
        }
    }
    if (back.n != nIn || memcmp(back.z, zIn, nIn) != 0) {
        abort();
    }
    if (plaintext_count_links(p, n) < 0) {
        abort();
    }
    arena_close(&a);
    return 0;
}
