/*
 * import.h — `sinmun import articles FILE.jsonl`: a paper moving to
 * sinmun brings its archive as one JSON object per line (the format is
 * docs/import.md).
 *
 * Three parts, each usable alone:
 *   import_parse_line()      one line → an ImportArticle, or the reason it
 *                            is refused (import.c; fuzzed)
 *   import_html_to_markdown() an HTML body → Markdown the editor can open,
 *                            through libxml2's HTML parser (import_html.c;
 *                            fuzzed)
 *   import_articles()        the command: reads the file, writes in
 *                            batches, one transaction each (import.c, SQL
 *                            in import_db.c)
 *
 * Tables written: articles (source_url makes a line idempotent),
 * article_authors, article_keywords, article_revisions (kind 'import'),
 * people and sections (made when a line names one that does not exist).
 */
#ifndef SINMUN_ARTICLES_IMPORT_H
#define SINMUN_ARTICLES_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "articles/articles.h"
#include "base/arena.h"
#include "base/rc.h"
#include "base/timeutil.h"
#include "store/store.h"

/* Limits of one line's fields: the editor's own (so every imported
   article can be opened and saved there), in characters unless said. */
#define IMPORT_TITLE_MAX 100
#define IMPORT_SUBTITLE_MAX 300
#define IMPORT_DATELINE_MAX 50
#define IMPORT_SUMMARY_MAX 300
#define IMPORT_BODY_MAX 100000
#define IMPORT_KEYWORD_MAX 30
#define IMPORT_KEYWORDS_MAX 20
/* An HTML body before conversion, in bytes. */
#define IMPORT_HTML_BYTES_MAX (2 * 1024 * 1024)
/* The original address, in bytes. */
#define IMPORT_URL_BYTES_MAX 2000
/* A whole line, in bytes (longer ones are refused unread). */
#define IMPORT_LINE_BYTES_MAX (4 * 1024 * 1024)
/* Lines written per transaction. */
#define IMPORT_BATCH 1000

/* A byline as a line names it. */
typedef struct ImportAuthor {
    char *zName;  /* shown name, 1 … PERSON_NAME_MAX characters */
    char *zEmail; /* lower-case address, "" when none */
} ImportAuthor;

/* One line, checked and normalised (NFC, CRLF → LF). */
typedef struct ImportArticle {
    char *zTitle;          /* 제목, one line */
    char *zSubtitle;       /* 부제, "" when none (lines by LF) */
    char *zSection;        /* section slug */
    char *zDateline;       /* "" when none */
    char *zBodyMd;         /* Markdown (body_markdown, or converted) */
    bool bFromHtml;        /* the body came as body_html */
    char *zSummary;        /* 요약, "" when none */
    char *zUrl;            /* original address, NULL when none */
    const char *zStatus;   /* published, draft, review or retracted */
    UnixTime tPublished;   /* 기사입력, 0 when none (only not published) */
    UnixTime tModified;    /* 기사수정, 0 when none */
    ImportAuthor *aAuthor; /* bylines in order, 1 … ARTICLE_AUTHORS_MAX */
    int nAuthor;           /* how many */
    char **azKeyword;      /* tags in order, no repeats */
    int nKeyword;          /* how many, 0 … IMPORT_KEYWORDS_MAX */
} ImportArticle;

/*
 * Parse the line 'p' ('n' bytes, without its newline) into '*pOut' (OUT,
 * strings in 'a').  The line must be a JSON object with only the keys of
 * docs/import.md, each within its limit; an HTML body is converted with
 * import_html_to_markdown().  Return OK, or ERR_INVALID with the reason
 * in plain English in 'zErr' (200 bytes, for the operator's
 * terminal).  Never touches the database.
 */
int import_parse_line(Arena *a, const uint8_t *p, size_t n, ImportArticle *pOut,
                      char zErr[200]) WARN_UNUSED;

/*
 * Convert the HTML 'p' ('n' bytes, valid UTF-8) into Markdown in
 * '*pzOut' (OUT, NUL-terminated, in 'a') with libxml2's HTML parser:
 * paragraphs, headings, lists, quotes, code, tables, links (http, https,
 * mailto) and images (http, https) become their Markdown; bold, italic,
 * strikethrough and code spans too; script, style, iframe, object, form
 * controls and the like are dropped with their content; every attribute
 * but href, src, alt and start is dropped (so no inline style and no
 * event handler survives); text that Markdown would read as syntax is
 * escaped.  Return OK, or ERR_INVALID when 'p' is not valid UTF-8 or
 * larger than IMPORT_HTML_BYTES_MAX.
 */
int import_html_to_markdown(Arena *a, const uint8_t *p, size_t n,
                            char **pzOut) WARN_UNUSED;

/*
 * Set up libxml2's parser once, before threads (main.c for the import
 * command; the fuzz targets).  Safe to call again.
 */
void import_init(void);

/* What an import did. */
typedef struct ImportStats {
    int64_t nLine;      /* lines read */
    int64_t nBlank;     /* empty lines, skipped */
    int64_t nBad;       /* lines refused (each reported) */
    int64_t nAdded;     /* articles created */
    int64_t nUpdated;   /* articles whose url was known, changed */
    int64_t nUnchanged; /* articles whose url was known, same as stored */
    int64_t nKept;      /* articles whose url was known, left alone: the
                           newsroom changed them since (each reported) */
    int64_t nPeople;    /* people created for bylines */
    int64_t nSections;  /* sections created */
    double seconds;     /* wall time */
} ImportStats;

/*
 * Import the JSON-lines file 'zPath' into 'pStore': every good line
 * becomes an article (or updates the one with its url), IMPORT_BATCH per
 * transaction; every bad line is reported on 'fpErr' as "FILE:LINE:
 * reason" and skipped; progress goes to 'fpErr' every batch, the counts
 * to 'fpOut' at the end.  '*pStats' (OUT) holds the counts.  Return OK
 * when the file was read (even if lines were bad), ERR_NOTFOUND or ERR_IO
 * when it could not be, or ERR_* of the database (batches before stay
 * committed; importing again continues, lines with a url being
 * idempotent).
 */
int import_articles(Store *pStore, const char *zPath, FILE *fpOut, FILE *fpErr,
                    ImportStats *pStats) WARN_UNUSED;

/* ---------------------------------------------------------------------
 * Queries (import_db.c), inside the caller's transaction
 */

/* An article as stored, to compare a line with. */
typedef struct ImportStored {
    int64_t id;          /* articles.id */
    int64_t version;     /* articles.version */
    int64_t sectionId;   /* section */
    char *zStatus;       /* status */
    char *zTitle;        /* title */
    char *zSubtitle;     /* subtitle */
    char *zDateline;     /* dateline */
    char *zSummary;      /* summary */
    char *zBodyMd;       /* body_md */
    UnixTime tPublished; /* published_at, 0 when NULL */
    UnixTime tModified;  /* modified_at, 0 when NULL */
    char *zAuthors;      /* bylines as people ids joined by "," */
    char *zKeywords;     /* keywords joined by LF */
    char *zLastKind;     /* kind of its newest revision ("import" when
                            nobody changed it since; "" when it has none) */
} ImportStored;

/* An article to write: a parsed line with its ids resolved. */
typedef struct ImportRow {
    const ImportArticle *art;             /* the line */
    int64_t sectionId;                    /* sections.id */
    int64_t aPerson[ARTICLE_AUTHORS_MAX]; /* people.id, byline order */
    int nPerson;                          /* how many (repeats merged) */
    const char *zAuthors;                 /* aPerson joined by "," */
    const char *zKeywords;                /* azKeyword joined by LF */
} ImportRow;

/*
 * Call 'fn(pArg, id, name, email)' for every person (strings in 'a').
 * Return OK or ERR_*.
 */
int import_db_people(StoreConn *c, Arena *a,
                     void (*fn)(void *, int64_t, const char *, const char *),
                     void *pArg) WARN_UNUSED;

/*
 * The article with source_url 'zUrl' into '*pOut' (OUT, in 'a');
 * '*pbFound' (OUT) false when there is none.  Return OK or ERR_*.
 */
int import_db_find(StoreConn *c, Arena *a, const char *zUrl, ImportStored *pOut,
                   bool *pbFound) WARN_UNUSED;

/*
 * Write 'row' as a new article (version 1), or over 'pOld' (not NULL:
 * version + 1), with its bylines, keywords and an 'import' revision
 * whose note is 'zNote'; the body is rendered to HTML with 'a' as
 * scratch.  Set '*pId' (OUT).  Return OK or ERR_*.
 */
int import_db_write(StoreConn *c, Arena *a, const ImportRow *row,
                    const ImportStored *pOld, const char *zNote, UnixTime tNow,
                    int64_t *pId) WARN_UNUSED;

#endif
