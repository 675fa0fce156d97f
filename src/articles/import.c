/*
 * import.c — `sinmun import articles FILE.jsonl`: the line parser and the
 * command that reads the file and writes the articles in batches (SQL in
 * import_db.c, HTML bodies through import_html.c).  docs/import.md has
 * the format; import.h the contracts.
 *
 * A line is read whole (at most IMPORT_LINE_BYTES_MAX), parsed and checked
 * before anything is written; a bad line is reported with its number and
 * skipped.  Good lines are written IMPORT_BATCH at a time, each batch in
 * one transaction with its cache changes, so a running server drops its
 * pages as the import goes on, and an import stopped half-way leaves
 * whole batches.  People and sections are looked up in memory, loaded
 * once, so a line costs a few indexed statements.
 */
#include "articles/import.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "base/utf8.h"
#include "site/site.h"
#include "site/site_db.h"

/* ---------------------------------------------------------------------
 * The line parser
 */

/* The keys a line may have. */
static const char *const azImportKey[] = {
    "title",         "subtitle",  "section", "authors",      "dateline",
    "body_markdown", "body_html", "summary", "published_at", "modified_at",
    "keywords",      "url",       "status",
};

/* How a text field is checked. */
typedef struct ImportField {
    const char *zKey; /* JSON key */
    bool bRequired;   /* missing, null or blank is an error */
    bool bOneLine;    /* no line feed */
    int nMaxChars;    /* most characters (grapheme clusters) */
} ImportField;

/*
 * The text 'v' of field 'f' checked and normalised into '*pzOut' (OUT, in
 * 'a'; "" for a missing optional one): a string, valid UTF-8 (jansson
 * checked), stream-safe, NFC, CRLF → LF, trimmed when one line, no
 * control character but LF and TAB, within its length.  Return OK or
 * ERR_INVALID with 'zErr'.
 */
static int import_text(Arena *a, json_t *v, const ImportField *f, char **pzOut,
                       char zErr[200])
{
    if (v == NULL || json_is_null(v)) {
        if (f->bRequired) {
            snprintf(zErr, 200, "'%s' is missing", f->zKey);
            return ERR_INVALID;
        }
        *pzOut = "";
        return OK;
    }
    if (!json_is_string(v)) {
        snprintf(zErr, 200, "'%s' must be a string", f->zKey);
        return ERR_INVALID;
    }
    const char *p = json_string_value(v);
    size_t n = json_string_length(v);
    if (memchr(p, 0, n) != NULL) {
        snprintf(zErr, 200, "'%s' contains a NUL character", f->zKey);
        return ERR_INVALID;
    }
    char *z = utf8_nfc(a, p, n, &n);
    if (z == NULL) {
        snprintf(zErr, 200,
                 "'%s' has a run of more than 30 combining marks or is not "
                 "UTF-8",
                 f->zKey);
        return ERR_INVALID;
    }
    n = utf8_crlf_to_lf(z);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)z[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
            snprintf(zErr, 200, "'%s' contains a control character (0x%02x)",
                     f->zKey, c);
            return ERR_INVALID;
        }
        if (c == '\n' && f->bOneLine) {
            snprintf(zErr, 200, "'%s' must be one line", f->zKey);
            return ERR_INVALID;
        }
    }
    if (f->bOneLine) {
        while (n > 0 && (z[n - 1] == ' ' || z[n - 1] == '\t')) {
            z[--n] = 0;
        }
        while (*z == ' ' || *z == '\t') {
            z++;
            n--;
        }
    }
    if (f->bRequired && utf8_is_blank(z, n)) {
        snprintf(zErr, 200, "'%s' is empty", f->zKey);
        return ERR_INVALID;
    }
    size_t nChars = utf8_graphemes(z, n);
    if (nChars > (size_t)f->nMaxChars) {
        snprintf(zErr, 200, "'%s' is %zu characters long; at most %d", f->zKey,
                 nChars, f->nMaxChars);
        return ERR_INVALID;
    }
    *pzOut = z;
    return OK;
}

/*
 * An ISO 8601 time with an offset ("2014-12-19T18:00:10+09:00", "…Z";
 * fractions of a second are dropped) into '*pt' (OUT); 0 when missing.
 */
static int import_time(Arena *a, json_t *v, const char *zKey, UnixTime *pt,
                       char zErr[200])
{
    *pt = 0;
    if (v == NULL || json_is_null(v)) {
        return OK;
    }
    const char *z = json_string_value(v);
    size_t n = json_string_length(v);
    if (z == NULL || n > 40) {
        snprintf(zErr, 200,
                 "'%s' must be an ISO 8601 time such as "
                 "2014-12-19T18:00:10+09:00",
                 zKey);
        return ERR_INVALID;
    }
    /* Drop ".123" after the seconds. */
    char *zCopy = arena_strndup(a, z, n);
    if (n > 19 && zCopy[19] == '.') {
        size_t j = 20;
        while (zCopy[j] >= '0' && zCopy[j] <= '9') {
            j++;
        }
        memmove(zCopy + 19, zCopy + j, strlen(zCopy + j) + 1);
    }
    UnixTime t = 0;
    if (strlen(zCopy) <= 19 || !time_parse_iso(zCopy, &t)) {
        snprintf(zErr, 200,
                 "'%s' must be an ISO 8601 time with its offset, such as "
                 "2014-12-19T18:00:10+09:00 or …Z",
                 zKey);
        return ERR_INVALID;
    }
    *pt = t;
    return OK;
}

/* True when 'z' looks like an e-mail address (no spaces, one '@'). */
static bool import_email_ok(const char *z)
{
    const char *zAt = strchr(z, '@');
    if (zAt == NULL || zAt == z || zAt[1] == 0 || strchr(zAt + 1, '@')) {
        return false;
    }
    for (const char *p = z; *p; p++) {
        if ((unsigned char)*p <= 0x20 || *p == 0x7f || strchr("<>\",;", *p)) {
            return false;
        }
    }
    return true;
}

/* The 'authors' list into pOut->aAuthor. */
static int import_authors(Arena *a, json_t *v, ImportArticle *pOut,
                          char zErr[200])
{
    if (!json_is_array(v) || json_array_size(v) == 0) {
        snprintf(zErr, 200,
                 "'authors' must be a list of at least one "
                 "{\"name\", \"email\"}");
        return ERR_INVALID;
    }
    if (json_array_size(v) > ARTICLE_AUTHORS_MAX) {
        snprintf(zErr, 200, "'authors' has %zu bylines; at most %d",
                 json_array_size(v), ARTICLE_AUTHORS_MAX);
        return ERR_INVALID;
    }
    pOut->nAuthor = (int)json_array_size(v);
    pOut->aAuthor =
        arena_alloc(a, sizeof(ImportAuthor) * (size_t)pOut->nAuthor);
    static const ImportField fName = {"authors[].name", true, true,
                                      PERSON_NAME_MAX};
    static const ImportField fEmail = {"authors[].email", false, true,
                                       PERSON_EMAIL_BYTES_MAX};
    for (int i = 0; i < pOut->nAuthor; i++) {
        json_t *o = json_array_get(v, (size_t)i);
        if (!json_is_object(o)) {
            snprintf(zErr, 200, "'authors' item %d must be an object", i + 1);
            return ERR_INVALID;
        }
        const char *zKey;
        json_t *x;
        json_object_foreach(o, zKey, x)
        {
            if (strcmp(zKey, "name") != 0 && strcmp(zKey, "email") != 0) {
                snprintf(zErr, 200,
                         "'authors' item %d has an unknown field '%.40s' "
                         "(name, email)",
                         i + 1, zKey);
                return ERR_INVALID;
            }
        }
        ImportAuthor *p = &pOut->aAuthor[i];
        if (import_text(a, json_object_get(o, "name"), &fName, &p->zName,
                        zErr) != OK ||
            import_text(a, json_object_get(o, "email"), &fEmail, &p->zEmail,
                        zErr) != OK) {
            return ERR_INVALID;
        }
        if (strlen(p->zEmail) > PERSON_EMAIL_BYTES_MAX ||
            (p->zEmail[0] != 0 && !import_email_ok(p->zEmail))) {
            snprintf(zErr, 200, "'authors' item %d: '%.60s' is not an e-mail",
                     i + 1, p->zEmail);
            return ERR_INVALID;
        }
        for (char *q = p->zEmail; *q; q++) {
            if (*q >= 'A' && *q <= 'Z') {
                *q = (char)(*q - 'A' + 'a');
            }
        }
    }
    return OK;
}

/* The 'keywords' list into pOut->azKeyword, repeats dropped. */
static int import_keywords(Arena *a, json_t *v, ImportArticle *pOut,
                           char zErr[200])
{
    pOut->nKeyword = 0;
    pOut->azKeyword = NULL;
    if (v == NULL || json_is_null(v)) {
        return OK;
    }
    if (!json_is_array(v)) {
        snprintf(zErr, 200, "'keywords' must be a list of strings");
        return ERR_INVALID;
    }
    size_t nIn = json_array_size(v);
    if (nIn > IMPORT_KEYWORDS_MAX) {
        snprintf(zErr, 200, "'keywords' has %zu words; at most %d", nIn,
                 IMPORT_KEYWORDS_MAX);
        return ERR_INVALID;
    }
    pOut->azKeyword = arena_alloc(a, sizeof(char *) * (nIn + 1));
    static const ImportField fWord = {"keywords[]", true, true,
                                      IMPORT_KEYWORD_MAX};
    for (size_t i = 0; i < nIn; i++) {
        char *z = NULL;
        if (import_text(a, json_array_get(v, i), &fWord, &z, zErr) != OK) {
            return ERR_INVALID;
        }
        bool bSeen = false;
        for (int k = 0; k < pOut->nKeyword; k++) {
            bSeen = bSeen || strcmp(pOut->azKeyword[k], z) == 0;
        }
        if (!bSeen) {
            pOut->azKeyword[pOut->nKeyword++] = z;
        }
    }
    return OK;
}

/* 'url': empty, or an http(s) address of one line without spaces. */
static int import_url(Arena *a, json_t *v, ImportArticle *pOut, char zErr[200])
{
    pOut->zUrl = NULL;
    if (v == NULL || json_is_null(v)) {
        return OK;
    }
    const char *z = json_string_value(v);
    size_t n = json_string_length(v);
    if (z == NULL || n > IMPORT_URL_BYTES_MAX) {
        snprintf(zErr, 200, "'url' must be a string of at most %d bytes",
                 IMPORT_URL_BYTES_MAX);
        return ERR_INVALID;
    }
    bool bScheme =
        strncmp(z, "http://", 7) == 0 || strncmp(z, "https://", 8) == 0;
    for (size_t i = 0; bScheme && i < n; i++) {
        if ((unsigned char)z[i] <= 0x20 || z[i] == 0x7f) {
            bScheme = false;
        }
    }
    if (!bScheme || n <= 8) {
        snprintf(zErr, 200,
                 "'url' must be the article's http(s) address, without "
                 "spaces");
        return ERR_INVALID;
    }
    pOut->zUrl = arena_strndup(a, z, n);
    return OK;
}

int import_parse_line(Arena *a, const uint8_t *p, size_t n, ImportArticle *pOut,
                      char zErr[200])
{
    memset(pOut, 0, sizeof(*pOut));
    zErr[0] = 0;
    if (n > IMPORT_LINE_BYTES_MAX) {
        snprintf(zErr, 200, "the line is longer than %d bytes",
                 IMPORT_LINE_BYTES_MAX);
        return ERR_INVALID;
    }
    json_error_t err;
    json_t *root = json_loadb((const char *)p, n, JSON_REJECT_DUPLICATES, &err);
    if (root == NULL) {
        snprintf(zErr, 200, "not JSON: %.120s (column %d)", err.text,
                 err.column);
        return ERR_INVALID;
    }
    int rc = ERR_INVALID;
    if (!json_is_object(root)) {
        snprintf(zErr, 200, "the line must hold one JSON object");
        goto done;
    }
    const char *zKey;
    json_t *v;
    json_object_foreach(root, zKey, v)
    {
        bool bKnown = false;
        for (size_t i = 0; i < sizeof(azImportKey) / sizeof(azImportKey[0]);
             i++) {
            bKnown = bKnown || strcmp(zKey, azImportKey[i]) == 0;
        }
        if (!bKnown) {
            snprintf(zErr, 200,
                     "unknown field '%.60s' (docs/import.md lists the "
                     "fields)",
                     zKey);
            goto done;
        }
    }
    static const ImportField fTitle = {"title", true, true, IMPORT_TITLE_MAX};
    static const ImportField fSubtitle = {"subtitle", false, false,
                                          IMPORT_SUBTITLE_MAX};
    static const ImportField fSection = {"section", true, true, SITE_SLUG_MAX};
    static const ImportField fDateline = {"dateline", false, true,
                                          IMPORT_DATELINE_MAX};
    static const ImportField fSummary = {"summary", false, false,
                                         IMPORT_SUMMARY_MAX};
    static const ImportField fBody = {"body_markdown", true, false,
                                      IMPORT_BODY_MAX};
    static const ImportField fStatus = {"status", false, true, 20};
    if (import_text(a, json_object_get(root, "title"), &fTitle, &pOut->zTitle,
                    zErr) != OK ||
        import_text(a, json_object_get(root, "subtitle"), &fSubtitle,
                    &pOut->zSubtitle, zErr) != OK ||
        import_text(a, json_object_get(root, "section"), &fSection,
                    &pOut->zSection, zErr) != OK ||
        import_text(a, json_object_get(root, "dateline"), &fDateline,
                    &pOut->zDateline, zErr) != OK ||
        import_text(a, json_object_get(root, "summary"), &fSummary,
                    &pOut->zSummary, zErr) != OK) {
        goto done;
    }
    if (!site_slug_valid(pOut->zSection)) {
        snprintf(zErr, 200,
                 "'section' must be a slug: a-z, 0-9 and '-', at most %d",
                 SITE_SLUG_MAX);
        goto done;
    }
    /* Exactly one body. */
    json_t *vMd = json_object_get(root, "body_markdown");
    json_t *vHtml = json_object_get(root, "body_html");
    if (vMd != NULL && json_is_null(vMd)) {
        vMd = NULL;
    }
    if (vHtml != NULL && json_is_null(vHtml)) {
        vHtml = NULL;
    }
    if ((vMd == NULL) == (vHtml == NULL)) {
        snprintf(zErr, 200,
                 vMd ? "give 'body_markdown' or 'body_html', not both"
                     : "'body_markdown' or 'body_html' is missing");
        goto done;
    }
    if (vHtml != NULL) {
        if (!json_is_string(vHtml)) {
            snprintf(zErr, 200, "'body_html' must be a string");
            goto done;
        }
        size_t nHtml = json_string_length(vHtml);
        if (nHtml > IMPORT_HTML_BYTES_MAX) {
            snprintf(zErr, 200, "'body_html' is larger than %d bytes",
                     IMPORT_HTML_BYTES_MAX);
            goto done;
        }
        char *zMd = NULL;
        if (import_html_to_markdown(a,
                                    (const uint8_t *)json_string_value(vHtml),
                                    nHtml, &zMd) != OK) {
            snprintf(zErr, 200, "'body_html' could not be read as HTML");
            goto done;
        }
        /* The converted text is checked like a Markdown body. */
        json_t *vConv = json_string(zMd);
        if (vConv == NULL) {
            snprintf(zErr, 200, "'body_html' gave text that is not UTF-8");
            goto done;
        }
        static const ImportField fHtml = {"body_html", true, false,
                                          IMPORT_BODY_MAX};
        rc = import_text(a, vConv, &fHtml, &pOut->zBodyMd, zErr);
        json_decref(vConv);
        if (rc != OK) {
            goto done;
        }
        rc = ERR_INVALID;
        pOut->bFromHtml = true;
    } else if (import_text(a, vMd, &fBody, &pOut->zBodyMd, zErr) != OK) {
        goto done;
    }
    char *zStatus = NULL;
    if (import_text(a, json_object_get(root, "status"), &fStatus, &zStatus,
                    zErr) != OK) {
        goto done;
    }
    static const char *const azStatus[] = {"published", "draft", "review",
                                           "retracted"};
    pOut->zStatus = zStatus[0] == 0 ? "published" : NULL;
    for (size_t i = 0; i < sizeof(azStatus) / sizeof(azStatus[0]); i++) {
        if (strcmp(zStatus, azStatus[i]) == 0) {
            pOut->zStatus = azStatus[i];
        }
    }
    if (pOut->zStatus == NULL) {
        snprintf(zErr, 200,
                 "'status' must be published, draft, review or retracted "
                 "(a scheduled article has no time here: import it as a "
                 "draft)");
        goto done;
    }
    if (import_time(a, json_object_get(root, "published_at"), "published_at",
                    &pOut->tPublished, zErr) != OK ||
        import_time(a, json_object_get(root, "modified_at"), "modified_at",
                    &pOut->tModified, zErr) != OK) {
        goto done;
    }
    if (pOut->tPublished == 0 && (strcmp(pOut->zStatus, "published") == 0 ||
                                  strcmp(pOut->zStatus, "retracted") == 0)) {
        snprintf(zErr, 200, "'published_at' is missing (the article is %s)",
                 pOut->zStatus);
        goto done;
    }
    if (pOut->tModified != 0 && pOut->tModified < pOut->tPublished) {
        snprintf(zErr, 200, "'modified_at' is before 'published_at'");
        goto done;
    }
    if (import_authors(a, json_object_get(root, "authors"), pOut, zErr) != OK ||
        import_keywords(a, json_object_get(root, "keywords"), pOut, zErr) !=
            OK ||
        import_url(a, json_object_get(root, "url"), pOut, zErr) != OK) {
        goto done;
    }
    rc = OK;
done:
    json_decref(root);
    return rc;
}

/* ---------------------------------------------------------------------
 * Names to ids, in memory
 */

/* A string → id map (open addressing; keys in the import's arena). */
typedef struct ImportMap {
    char **azKey;    /* keys, NULL for a free slot */
    int64_t *aValue; /* their ids */
    size_t nSlot;    /* slots, a power of two */
    size_t nUsed;    /* keys held */
} ImportMap;

static uint64_t import_hash(const char *z)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *z; z++) {
        h = (h ^ (unsigned char)*z) * 1099511628211ULL;
    }
    return h;
}

static void import_map_init(ImportMap *m)
{
    memset(m, 0, sizeof(*m));
}

static void import_map_free(ImportMap *m)
{
    for (size_t i = 0; i < m->nSlot; i++) {
        free(m->azKey[i]);
    }
    free(m->azKey);
    free(m->aValue);
}

/* The id of 'zKey', or 0. */
static int64_t import_map_get(const ImportMap *m, const char *zKey)
{
    if (m->nSlot == 0) {
        return 0;
    }
    for (size_t i = import_hash(zKey) & (m->nSlot - 1);;
         i = (i + 1) & (m->nSlot - 1)) {
        if (m->azKey[i] == NULL) {
            return 0;
        }
        if (strcmp(m->azKey[i], zKey) == 0) {
            return m->aValue[i];
        }
    }
}

/* Map 'zKey' to 'id' unless it is there already. */
static void import_map_put(ImportMap *m, const char *zKey, int64_t id)
{
    if ((m->nUsed + 1) * 2 > m->nSlot) {
        ImportMap g;
        g.nSlot = m->nSlot ? m->nSlot * 2 : 256;
        g.nUsed = 0;
        g.azKey = xcalloc(g.nSlot, sizeof(char *));
        g.aValue = xcalloc(g.nSlot, sizeof(int64_t));
        for (size_t i = 0; i < m->nSlot; i++) {
            if (m->azKey[i] != NULL) {
                size_t k = import_hash(m->azKey[i]) & (g.nSlot - 1);
                while (g.azKey[k] != NULL) {
                    k = (k + 1) & (g.nSlot - 1);
                }
                g.azKey[k] = m->azKey[i];
                g.aValue[k] = m->aValue[i];
                g.nUsed++;
            }
        }
        free(m->azKey);
        free(m->aValue);
        *m = g;
    }
    size_t i = import_hash(zKey) & (m->nSlot - 1);
    while (m->azKey[i] != NULL) {
        if (strcmp(m->azKey[i], zKey) == 0) {
            return;
        }
        i = (i + 1) & (m->nSlot - 1);
    }
    m->azKey[i] = xstrdup(zKey);
    m->aValue[i] = id;
    m->nUsed++;
}

/* The state of one import. */
typedef struct Import {
    Store *pStore;      /* the database */
    const char *zPath;  /* the file, for messages */
    FILE *fpErr;        /* where bad lines and progress go */
    ImportMap sections; /* slug → sections.id */
    ImportMap people;   /* "e:" + e-mail or "n:" + name → people.id */
    ImportStats *st;    /* the counts */
} Import;

static void import_on_section(void *pArg, int64_t id, const char *zSlug,
                              const char *zName)
{
    (void)zName;
    import_map_put(&((Import *)pArg)->sections, zSlug, id);
}

/* The map keys of a person: by e-mail when there is one, else by name. */
static char *import_person_key(Arena *a, const char *zName, const char *zEmail)
{
    return zEmail[0] ? arena_printf(a, "e:%s", zEmail)
                     : arena_printf(a, "n:%s", zName);
}

static void import_on_person(void *pArg, int64_t id, const char *zName,
                             const char *zEmail)
{
    Import *im = pArg;
    char zKey[PERSON_EMAIL_BYTES_MAX * 4 + 8];
    if (zEmail[0] != 0) {
        snprintf(zKey, sizeof(zKey), "e:%s", zEmail);
        for (char *q = zKey; *q; q++) {
            if (*q >= 'A' && *q <= 'Z') {
                *q = (char)(*q - 'A' + 'a');
            }
        }
        import_map_put(&im->people, zKey, id);
    }
    /* A line's author without an e-mail is the first person of that name
       (ids come in order, and put() keeps the first). */
    snprintf(zKey, sizeof(zKey), "n:%s", zName);
    import_map_put(&im->people, zKey, id);
}

/* ---------------------------------------------------------------------
 * Writing a batch
 */

/* A parsed line waiting for its batch. */
typedef struct ImportLine {
    int64_t iLine;     /* its number in the file, from 1 */
    ImportArticle art; /* what it says */
} ImportLine;

/* Resolve the section and bylines of 'art' into 'row', making what is
   missing.  '*pbSite' (OUT) true when a section was made. */
static int import_resolve(Import *im, StoreConn *c, Arena *a,
                          const ImportArticle *art, ImportRow *row,
                          bool *pbSite)
{
    memset(row, 0, sizeof(*row));
    row->art = art;
    int rc = OK;
    row->sectionId = import_map_get(&im->sections, art->zSection);
    if (row->sectionId == 0) {
        int nPos = 0;
        rc = site_db_next_position(c, &nPos);
        if (rc == OK) {
            rc = site_db_add_section(c, art->zSection, art->zSection, nPos,
                                     &row->sectionId);
        }
        if (rc != OK) {
            return rc;
        }
        import_map_put(&im->sections, art->zSection, row->sectionId);
        im->st->nSections++;
        *pbSite = true;
        fprintf(im->fpErr,
                "import: made section '%s' (name it at "
                "/newsroom/admin/sections)\n",
                art->zSection);
    }
    Str authors;
    str_init(&authors, a);
    for (int i = 0; i < art->nAuthor; i++) {
        const ImportAuthor *au = &art->aAuthor[i];
        const char *zKey = import_person_key(a, au->zName, au->zEmail);
        int64_t id = import_map_get(&im->people, zKey);
        if (id == 0) {
            Person p = {0, au->zName, au->zEmail, "", ""};
            rc = person_db_insert(c, &p, time_now(), &id);
            if (rc != OK) {
                return rc;
            }
            import_map_put(&im->people, zKey, id);
            if (au->zEmail[0] != 0) {
                /* Later lines may name them without the address. */
                import_map_put(&im->people, import_person_key(a, au->zName, ""),
                               id);
            }
            im->st->nPeople++;
        }
        /* The same person twice in one byline is one byline. */
        bool bSeen = false;
        for (int k = 0; k < row->nPerson; k++) {
            bSeen = bSeen || row->aPerson[k] == id;
        }
        if (!bSeen) {
            row->aPerson[row->nPerson++] = id;
            str_appendf(&authors, "%s%lld", row->nPerson > 1 ? "," : "",
                        (long long)id);
        }
    }
    row->zAuthors = authors.z;
    Str keywords;
    str_init(&keywords, a);
    for (int i = 0; i < art->nKeyword; i++) {
        if (i > 0) {
            str_append_char(&keywords, '\n');
        }
        str_append_z(&keywords, art->azKeyword[i]);
    }
    row->zKeywords = keywords.z;
    return OK;
}

/* True when the stored article already says what 'row' says. */
static bool import_same(const ImportRow *row, const ImportStored *old)
{
    const ImportArticle *art = row->art;
    return old->sectionId == row->sectionId &&
           strcmp(old->zStatus, art->zStatus) == 0 &&
           strcmp(old->zTitle, art->zTitle) == 0 &&
           strcmp(old->zSubtitle, art->zSubtitle) == 0 &&
           strcmp(old->zDateline, art->zDateline) == 0 &&
           strcmp(old->zSummary, art->zSummary) == 0 &&
           strcmp(old->zBodyMd, art->zBodyMd) == 0 &&
           old->tPublished == art->tPublished &&
           old->tModified == art->tModified &&
           strcmp(old->zAuthors, row->zAuthors) == 0 &&
           strcmp(old->zKeywords, row->zKeywords) == 0;
}

/* Write the 'nLine' lines 'aLine' in one transaction. */
static int import_batch(Import *im, Arena *a, ImportLine *aLine, int nLine)
{
    StoreConn *c = NULL;
    int rc = store_conn(im->pStore, a, &c);
    if (rc == OK) {
        rc = store_begin(c);
    }
    if (rc != OK) {
        return rc;
    }
    bool bSite = false;
    UnixTime tNow = time_now();
    int64_t nAdded = 0, nUpdated = 0, nUnchanged = 0, nKept = 0;
    for (int i = 0; rc == OK && i < nLine; i++) {
        ImportLine *ln = &aLine[i];
        ImportRow row;
        rc = import_resolve(im, c, a, &ln->art, &row, &bSite);
        ImportStored old;
        bool bFound = false;
        if (rc == OK && ln->art.zUrl != NULL) {
            rc = import_db_find(c, a, ln->art.zUrl, &old, &bFound);
        }
        if (rc != OK) {
            break;
        }
        if (bFound && import_same(&row, &old)) {
            nUnchanged++;
            continue;
        }
        if (bFound && strcmp(old.zLastKind, "import") != 0) {
            /* Edited, published or retracted in the newsroom since it was
               imported: that work is not overwritten. */
            fprintf(im->fpErr,
                    "%s:%lld: article %lld (this url) was changed in the "
                    "newsroom since it was imported; left as it is\n",
                    im->zPath, (long long)ln->iLine, (long long)old.id);
            nKept++;
            continue;
        }
        int64_t id = 0;
        rc = import_db_write(
            c, a, &row, bFound ? &old : NULL,
            bFound ? "가져오기 (다시 가져와 고침)" : "가져오기", tNow, &id);
        if (rc == OK && bFound) {
            /* Its own pages; lists drop with "articles" below. */
            rc = app_change(c, arena_printf(a, "article:%lld", (long long)id));
        }
        if (bFound) {
            nUpdated++;
        } else {
            nAdded++;
        }
        if (rc != OK) {
            fprintf(im->fpErr, "%s:%lld: the database refused the article\n",
                    im->zPath, (long long)ln->iLine);
        }
    }
    if (rc == OK && nAdded + nUpdated > 0) {
        rc = app_change(c, "articles");
        if (rc == OK) {
            rc = app_change(c, "front");
        }
    }
    if (rc == OK && bSite) {
        rc = app_change(c, "site");
    }
    if (rc == OK) {
        rc = store_commit(c);
    }
    if (rc != OK) {
        store_rollback(c);
        return rc;
    }
    im->st->nAdded += nAdded;
    im->st->nUpdated += nUpdated;
    im->st->nUnchanged += nUnchanged;
    im->st->nKept += nKept;
    return OK;
}

/* ---------------------------------------------------------------------
 * Reading the file
 */

/* Lines of a file, read in blocks (a line longer than the limit is
   skipped to its end and reported). */
typedef struct ImportReader {
    FILE *fp;    /* the file */
    char *aBuf;  /* read buffer */
    size_t nBuf; /* bytes in it */
    size_t iPos; /* next unread byte */
    bool bEof;   /* the file ended */
    Str line;    /* the current line */
} ImportReader;

#define IMPORT_READ_BLOCK (256 * 1024)

/*
 * The next line into r->line (without its LF or CRLF); '*pbLong' (OUT)
 * true when it was longer than IMPORT_LINE_BYTES_MAX (then r->line is
 * empty).  Return false at the end of the file.
 */
static bool import_read_line(ImportReader *r, bool *pbLong)
{
    str_clear(&r->line);
    *pbLong = false;
    bool bAny = false;
    for (;;) {
        if (r->iPos == r->nBuf) {
            if (r->bEof) {
                break;
            }
            r->nBuf = fread(r->aBuf, 1, IMPORT_READ_BLOCK, r->fp);
            r->iPos = 0;
            if (r->nBuf == 0) {
                r->bEof = true;
                break;
            }
        }
        bAny = true;
        const char *p = r->aBuf + r->iPos;
        size_t nLeft = r->nBuf - r->iPos;
        const char *zNl = memchr(p, '\n', nLeft);
        size_t nTake = zNl ? (size_t)(zNl - p) : nLeft;
        if (!*pbLong && r->line.n + nTake > IMPORT_LINE_BYTES_MAX) {
            *pbLong = true;
            str_clear(&r->line);
        }
        if (!*pbLong) {
            str_append(&r->line, p, nTake);
        }
        r->iPos += nTake + (zNl ? 1 : 0);
        if (zNl) {
            break;
        }
    }
    if (r->line.n > 0 && r->line.z[r->line.n - 1] == '\r') {
        r->line.z[--r->line.n] = 0;
    }
    return bAny;
}

/* Seconds since 't0' (a monotonic clock reading). */
static double import_elapsed(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) +
           (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int import_articles(Store *pStore, const char *zPath, FILE *fpOut, FILE *fpErr,
                    ImportStats *pStats)
{
    memset(pStats, 0, sizeof(*pStats));
    FILE *fp = fopen(zPath, "rb");
    if (fp == NULL) {
        fprintf(fpErr, "sinmun: cannot open %s: %s\n", zPath, strerror(errno));
        return errno == ENOENT ? ERR_NOTFOUND : ERR_IO;
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    Import im;
    memset(&im, 0, sizeof(im));
    im.pStore = pStore;
    im.zPath = zPath;
    im.fpErr = fpErr;
    im.st = pStats;
    import_map_init(&im.sections);
    import_map_init(&im.people);
    Arena aLong; /* the reader's buffers, for the whole import */
    arena_init(&aLong);
    ImportReader r;
    memset(&r, 0, sizeof(r));
    r.fp = fp;
    r.aBuf = arena_alloc(&aLong, IMPORT_READ_BLOCK);
    str_init(&r.line, &aLong);
    /* Names already in the database. */
    StoreConn *c = NULL;
    int rc = store_conn(pStore, &aLong, &c);
    if (rc == OK) {
        rc = site_db_sections(c, &aLong, import_on_section, &im);
    }
    if (rc == OK) {
        rc = import_db_people(c, &aLong, import_on_person, &im);
    }
    store_conn_put(c);
    Arena aBatch;
    arena_init(&aBatch);
    ImportLine *aLine = xcalloc(IMPORT_BATCH, sizeof(ImportLine));
    int nLine = 0;
    bool bLong = false;
    while (rc == OK) {
        bool bMore = import_read_line(&r, &bLong);
        if (bMore) {
            pStats->nLine++;
            const char *p = r.line.z;
            size_t n = r.line.n;
            if (pStats->nLine == 1 && n >= 3 &&
                memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
                p += 3; /* a byte-order mark */
                n -= 3;
            }
            char zErr[200];
            if (bLong) {
                fprintf(fpErr, "%s:%lld: the line is longer than %d bytes\n",
                        zPath, (long long)pStats->nLine, IMPORT_LINE_BYTES_MAX);
                pStats->nBad++;
            } else if (utf8_is_blank(p, n) || n == 0) {
                pStats->nBlank++;
            } else if (import_parse_line(&aBatch, (const uint8_t *)p, n,
                                         &aLine[nLine].art, zErr) != OK) {
                fprintf(fpErr, "%s:%lld: %s\n", zPath, (long long)pStats->nLine,
                        zErr);
                pStats->nBad++;
            } else {
                aLine[nLine++].iLine = pStats->nLine;
            }
        }
        if (nLine == IMPORT_BATCH || (!bMore && nLine > 0)) {
            rc = import_batch(&im, &aBatch, aLine, nLine);
            if (rc != OK) {
                fprintf(fpErr,
                        "%s:%lld: database error; the lines before line "
                        "%lld are in, import again to go on\n",
                        zPath, (long long)aLine[0].iLine,
                        (long long)aLine[0].iLine);
                break;
            }
            nLine = 0;
            arena_close(&aBatch);
            arena_init(&aBatch);
            int64_t nDone = pStats->nAdded + pStats->nUpdated +
                            pStats->nUnchanged + pStats->nKept;
            double s = import_elapsed(&t0);
            fprintf(fpErr,
                    "import: %lld lines, %lld articles, %lld bad, %.1f s, "
                    "%.0f articles/s\n",
                    (long long)pStats->nLine, (long long)nDone,
                    (long long)pStats->nBad, s, s > 0 ? (double)nDone / s : 0);
        }
        if (!bMore) {
            break;
        }
    }
    free(aLine);
    arena_close(&aBatch);
    arena_close(&aLong);
    import_map_free(&im.sections);
    import_map_free(&im.people);
    bool bReadError = ferror(fp) != 0;
    fclose(fp);
    pStats->seconds = import_elapsed(&t0);
    if (rc == OK && bReadError) {
        fprintf(fpErr, "sinmun: reading %s failed\n", zPath);
        rc = ERR_IO;
    }
    int64_t nDone =
        pStats->nAdded + pStats->nUpdated + pStats->nUnchanged + pStats->nKept;
    fprintf(fpOut,
            "%s: %lld lines: %lld added, %lld updated, %lld unchanged, "
            "%lld kept, %lld bad, %lld blank; %lld people and %lld "
            "sections made; %.1f s, %.0f articles/s\n",
            zPath, (long long)pStats->nLine, (long long)pStats->nAdded,
            (long long)pStats->nUpdated, (long long)pStats->nUnchanged,
            (long long)pStats->nKept, (long long)pStats->nBad,
            (long long)pStats->nBlank, (long long)pStats->nPeople,
            (long long)pStats->nSections, pStats->seconds,
            pStats->seconds > 0 ? (double)nDone / pStats->seconds : 0);
    return rc;
}
