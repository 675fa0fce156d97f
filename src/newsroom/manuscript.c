/*
 * manuscript.c — 원고지 매수 of an article body; see manuscript.h.  The
 * editor shows it under the body, computed here for the page as saved
 * and by static/editor.js while typing; both count the same way.
 */
#include "newsroom/manuscript.h"

#include "base/utf8.h"

void manuscript_count(const char *z, size_t n, ManuscriptCount *pOut)
{
    /* A line feed is always a grapheme cluster of its own (UAX #29
       GB4/GB5), so the count without them is the count minus them. */
    int64_t nBreaks = 0;
    for (size_t i = 0; i < n; i++) {
        nBreaks += z[i] == '\n';
    }
    pOut->nChars = (int64_t)utf8_graphemes(z, n) - nBreaks;
    pOut->nSheets =
        (pOut->nChars + MANUSCRIPT_SHEET_CHARS - 1) / MANUSCRIPT_SHEET_CHARS;
}
