/*
 * demo.h — the demo site: the seed article of the page sinmun grew from
 * (data/seed/seed-article.json), its reporter and section, plus generated
 * Korean articles over several sections and reporters so that lists and
 * pagination are real.  The legal footer gets plainly fictional values.
 */
#ifndef SINMUN_DEMO_DEMO_H
#define SINMUN_DEMO_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/rc.h"
#include "store/store.h"

/* Most body paragraphs accepted from a seed file. */
#define DEMO_PARAGRAPHS_MAX 200

/* The seed article file, parsed. */
typedef struct DemoSeed {
    char *zSiteName;    /* "산업일보" */
    char *zSection;     /* "산업1부" */
    char *zTitle;       /* headline */
    char *zSubtitle;    /* sub-headline */
    char *zPublished;   /* ISO 8601 with offset */
    char *zDateline;    /* "[산업일보]" */
    char **azParagraph; /* body paragraphs */
    int nParagraph;     /* how many */
    char *zReporter;    /* reporter name */
    char *zEmail;       /* reporter e-mail */
    char *zDesk;        /* reporter desk */
    char *zBio;         /* reporter bio */
} DemoSeed;

/*
 * Parse the seed JSON 'p' ('n' bytes) into '*pOut' (OUT, strings in 'a').
 * Every field must be present, a string (paragraphs: an array of strings),
 * valid UTF-8 and non-empty.  Return OK or ERR_INVALID with a reason in
 * 'zErr' (OUT, 200 bytes).
 */
int demo_parse_seed(Arena *a, const char *p, size_t n, DemoSeed *pOut,
                    char zErr[200]) WARN_UNUSED;

/*
 * Fill the empty database behind 'pStore' with the demo site, reading the
 * seed from 'zSeedPath'.  Refuses a database that already has articles.
 * Return OK or ERR_* (logged).
 */
int demo_load(Store *pStore, const char *zSeedPath) WARN_UNUSED;

#endif
