/*
 * manuscript.h — 원고지 매수: how long an article is the way Korean desks
 * count it, in 200-character manuscript sheets.
 *
 * Characters are user-perceived characters (grapheme clusters) of the
 * text after NFC with CRLF turned into LF, spaces included and line
 * breaks not (the same count as static/editor.js, which segments with
 * Intl.Segmenter); a sheet holds MANUSCRIPT_SHEET_CHARS of them and a
 * started sheet counts whole.
 */
#ifndef SINMUN_NEWSROOM_MANUSCRIPT_H
#define SINMUN_NEWSROOM_MANUSCRIPT_H

#include <stddef.h>
#include <stdint.h>

/* Characters on one 원고지 sheet. */
#define MANUSCRIPT_SHEET_CHARS 200

/* What manuscript_count() finds. */
typedef struct ManuscriptCount {
    int64_t nChars;  /* characters, spaces included, line breaks not */
    int64_t nSheets; /* 200-character sheets, the last one started */
} ManuscriptCount;

/*
 * Count the valid UTF-8 'z' of 'n' bytes (NFC, line breaks as LF: as a
 * form field or a stored body is) into '*pOut' (OUT).
 */
void manuscript_count(const char *z, size_t n, ManuscriptCount *pOut);

#endif
