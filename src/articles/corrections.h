/*
 * corrections.h — 정정·반론보도·추후보도: dated notices an editor attaches
 * to a published article (issue 9 §5).
 *
 * Table: article_corrections (migration 10), and articles.corrected_at,
 * the newest notice's time, which the newsroom's "recently corrected"
 * list and the feeds read.  A notice is never edited or deleted: a
 * correction of a correction is a new notice.  The article page shows
 * them at the top of the article and in its JSON-LD (`correction`,
 * schema.org CorrectionComment); the newsroom page that writes them is
 * newsroom/correction_page.c.
 */
#ifndef SINMUN_ARTICLES_CORRECTIONS_H
#define SINMUN_ARTICLES_CORRECTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/timeutil.h"
#include "store/store.h"
#include "view/view.h"

/* Longest notice, in characters (graphemes, after NFC and CRLF → LF). */
#define CORRECTION_TEXT_MAX 2000
/* Most notices read for one article (the page shows them all). */
#define CORRECTIONS_MAX 100

/* One notice. */
typedef struct Correction {
    int64_t id;        /* article_corrections.id */
    int64_t articleId; /* articles.id */
    const char *zKind; /* "correction", "rebuttal" or "followup" */
    char *zText;       /* plain text as the editor typed it (NFC, LF) */
    UnixTime tCreated; /* when it was attached (shown, and its
                          datePublished) */
} Correction;

/*
 * The Korean name of the notice kind 'zKind': "정정", "반론보도",
 * "추후보도"; NULL for anything else (so it also checks a kind sent in
 * a form).
 */
const char *correction_kind_label(const char *zKind);

/*
 * The notices of article 'articleId', oldest first, at most
 * CORRECTIONS_MAX: set '*paOut', '*pnOut' (OUT, in 'a').  Return OK or
 * ERR_*.
 */
int correction_db_list(StoreConn *c, Arena *a, int64_t articleId,
                       Correction **paOut, int *pnOut) WARN_UNUSED;

/*
 * Attach a notice of kind 'zKind' (checked by the caller) and text
 * 'zText' to the published article 'articleId', written by account
 * 'accountId', at 'tNow', in one transaction: the row, the article's
 * corrected_at, and the change tags "article:{id}" (its page, print view
 * and PDF) and "articles" (lists and feeds, whose entry is updated).
 * Set '*pId' (OUT).  Return OK; ERR_NOTFOUND when the article is not
 * published (nothing is written); or ERR_*.
 */
int correction_db_add(StoreConn *c, int64_t articleId, const char *zKind,
                      const char *zText, int64_t accountId, UnixTime tNow,
                      int64_t *pId) WARN_UNUSED;

/*
 * Fill list 'zList' of 'v' with 'n' notices 'aCorr': kind (Korean),
 * kind_code, text (SafeHtml: escaped, line breaks, links), text_plain
 * (for JSON-LD), time (site zone, "2026-12-02 14:05:00"), time_iso, sep
 * (true but on the first: where JSON writes a comma).  Strings in 'a'.
 */
void correction_view_list(Arena *a, View *v, const char *zList,
                          const Correction *aCorr, int n);

#endif
