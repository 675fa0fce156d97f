/*
 * import_line_fuzz.c — fuzz the import line parser (import_parse_line()
 * in src/articles/import.c: jansson, the field checks, HTML bodies
 * through the converter).
 *
 * On success every field must be within its limit and valid UTF-8 — a
 * title of one non-blank line, a section that is a slug, 1 … 8 bylines
 * with names, at most 20 distinct keywords, a status of the four, a
 * published time for a published article, modified not before published —
 * so nothing the command writes can break a page or the editor.  On
 * failure the reason must be written.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "articles/import.h"
#include "base/arena.h"
#include "base/utf8.h"
#include "site/site.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless 'z' is valid UTF-8 of at most 'nMax' characters. */
static void fuzz_text(const char *z, size_t nMax)
{
    if (z == NULL || !utf8_valid(z, strlen(z)) ||
        utf8_graphemes(z, strlen(z)) > nMax) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool bInit;
    if (!bInit) {
        import_init();
        bInit = true;
    }
    Arena a;
    arena_init(&a);
    ImportArticle art;
    char zErr[200] = "";
    if (import_parse_line(&a, data, size, &art, zErr) != OK) {
        if (zErr[0] == 0) {
            abort();
        }
        arena_close(&a);
        return 0;
    }
    fuzz_text(art.zTitle, IMPORT_TITLE_MAX);
    if (strchr(art.zTitle, '\n') != NULL ||
        utf8_is_blank(art.zTitle, strlen(art.zTitle))) {
        abort();
    }
    fuzz_text(art.zSubtitle, IMPORT_SUBTITLE_MAX);
    fuzz_text(art.zDateline, IMPORT_DATELINE_MAX);
    fuzz_text(art.zSummary, IMPORT_SUMMARY_MAX);
    fuzz_text(art.zBodyMd, IMPORT_BODY_MAX);
    if (!site_slug_valid(art.zSection)) {
        abort();
    }
    if (art.nAuthor < 1 || art.nAuthor > ARTICLE_AUTHORS_MAX) {
        abort();
    }
    for (int i = 0; i < art.nAuthor; i++) {
        fuzz_text(art.aAuthor[i].zName, PERSON_NAME_MAX);
        if (art.aAuthor[i].zName[0] == 0 || art.aAuthor[i].zEmail == NULL ||
            strlen(art.aAuthor[i].zEmail) > PERSON_EMAIL_BYTES_MAX) {
            abort();
        }
    }
    if (art.nKeyword < 0 || art.nKeyword > IMPORT_KEYWORDS_MAX) {
        abort();
    }
    for (int i = 0; i < art.nKeyword; i++) {
        fuzz_text(art.azKeyword[i], IMPORT_KEYWORD_MAX);
        for (int k = 0; k < i; k++) {
            if (strcmp(art.azKeyword[i], art.azKeyword[k]) == 0) {
                abort();
            }
        }
    }
    bool bPublished = strcmp(art.zStatus, "published") == 0;
    if (!bPublished && strcmp(art.zStatus, "draft") != 0 &&
        strcmp(art.zStatus, "review") != 0 &&
        strcmp(art.zStatus, "retracted") != 0) {
        abort();
    }
    if ((bPublished && art.tPublished == 0) ||
        (art.tModified != 0 && art.tModified < art.tPublished)) {
        abort();
    }
    if (art.zUrl != NULL && (strlen(art.zUrl) > IMPORT_URL_BYTES_MAX ||
                             strncmp(art.zUrl, "http", 4) != 0)) {
        abort();
    }
    arena_close(&a);
    return 0;
}
