/*
 * pdf_article.c — an article's fields to A4 PDF bytes; see pdf.h.
 *
 * The page is built from blocks (masthead, title, subtitle, byline,
 * times, rules, dateline, body paragraphs).  Each text block is one
 * PangoLayout as wide as the text column; its lines are then placed one
 * by one down the pages (so a paragraph can continue on the next page),
 * and only when every line has a place is the document drawn, because
 * the footer of each page says "page / pages".
 *
 * Korean line breaking.  Pango follows UAX #14, which allows a break
 * between any two Hangul syllables, so a paragraph set with defaults
 * splits words (어절) at the right margin.  Korean newspapers break at
 * spaces and leave the right edge ragged.  We mark every space-separated
 * word with pango_attr_allow_breaks_new(FALSE), which leaves the breaks
 * at the spaces only; a word wider than the whole column (a long URL)
 * loses the mark again, so it breaks inside rather than running off the
 * page.  Measured with pango 1.50: this keeps every line break at a
 * source space, and pdftotext gives the words back whole.
 *
 * Fonts.  NanumMyeongjo has no Hanja (訪中, 長江): the family list
 * "NanumMyeongjo, NanumGothic" makes pango take those characters from
 * NanumGothic.  cairo embeds a subset of each font used, with a ToUnicode
 * map, so the text can be searched and copied.
 *
 * Threads and memory.  Everything (surface, context, layouts, font
 * descriptions) is registered on a scratch arena that is closed before
 * returning, so nothing made here outlives the call or is released on
 * another thread; only the PDF bytes go to the caller's Str.
 */
#include "pdf/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
/*
 * LeakSanitizer's built-in suppressions for every binary that links the
 * PDF code (the server and the unit tests).  fontconfig 2.14.1 (Debian
 * 12) loses 288 bytes once while parsing its XML configuration in
 * FcInitLoadConfigAndFonts(), which pango calls on the first render; the
 * memory is not ours to free.  The name is the sanitizer's hook.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}
#endif

/* ---------------------------------------------------------------------
 * Page geometry, in PostScript points (1/72 inch), and type
 */

/* Points per millimetre. */
#define PDF_MM (72.0 / 25.4)
/* A4 width and height. */
#define PDF_PAGE_W (210.0 * PDF_MM)
#define PDF_PAGE_H (297.0 * PDF_MM)
/* Left and right margin. */
#define PDF_MARGIN_X (22.0 * PDF_MM)
/* Top margin, to the top of the first line. */
#define PDF_MARGIN_TOP (20.0 * PDF_MM)
/* Bottom margin: no text line goes below PDF_PAGE_H minus this. */
#define PDF_MARGIN_BOTTOM (26.0 * PDF_MM)
/* The footer's rule and its text's top, from the bottom edge. */
#define PDF_FOOTER_RULE (19.0 * PDF_MM)
#define PDF_FOOTER_TEXT (17.0 * PDF_MM)
/* Width of the text column. */
#define PDF_TEXT_W (PDF_PAGE_W - 2 * PDF_MARGIN_X)
/* Width kept for "page / pages" at the right of the footer. */
#define PDF_FOOTER_NUM_W (24.0 * PDF_MM)

/* Serif text: NanumMyeongjo, NanumGothic for what it lacks (Hanja). */
#define PDF_SERIF "NanumMyeongjo, NanumGothic"
/* Sans text (byline, times, footer). */
#define PDF_SANS "NanumGothic, NanumMyeongjo"

/* Passes that take the no-break mark off words wider than the column. */
#define PDF_FIT_PASSES 4

/* How a block looks. */
typedef struct PdfStyle {
    const char *zFont;  /* pango font description: families, weight, size */
    double size;        /* font size in points (matches zFont) */
    double lineFactor;  /* line advance as a multiple of the size */
    double spaceBefore; /* gap above the block (not at a page top) */
    double spaceAfter;  /* gap below the block */
    double gray;        /* text colour, 0 black … 1 white */
    double rule;        /* > 0: a horizontal rule this thick, no text */
} PdfStyle;

/* The styles, by what they set (sizes and gaps in points). */
static const PdfStyle pdfMasthead = {.zFont = PDF_SERIF " Bold 15",
                                     .size = 15,
                                     .lineFactor = 1.2,
                                     .spaceAfter = 4,
                                     .gray = 0.1};
static const PdfStyle pdfMastRule = {
    .spaceAfter = 10, .gray = 0.1, .rule = 1.6};
static const PdfStyle pdfTitle = {.zFont = PDF_SERIF " Bold 20",
                                  .size = 20,
                                  .lineFactor = 1.35,
                                  .spaceBefore = 6,
                                  .spaceAfter = 4,
                                  .gray = 0.1};
static const PdfStyle pdfSubtitle = {.zFont = PDF_SERIF " 12.5",
                                     .size = 12.5,
                                     .lineFactor = 1.45,
                                     .spaceBefore = 2,
                                     .spaceAfter = 8,
                                     .gray = 0.2};
static const PdfStyle pdfByline = {.zFont = PDF_SANS " 9",
                                   .size = 9,
                                   .lineFactor = 1.5,
                                   .spaceBefore = 2,
                                   .gray = 0.33};
static const PdfStyle pdfHeadRule = {
    .spaceBefore = 8, .spaceAfter = 14, .gray = 0.6, .rule = 0.5};
static const PdfStyle pdfDateline = {.zFont = PDF_SERIF " Bold 10.5",
                                     .size = 10.5,
                                     .lineFactor = 1.75,
                                     .spaceAfter = 4,
                                     .gray = 0.1};
static const PdfStyle pdfBody = {.zFont = PDF_SERIF " 10.5",
                                 .size = 10.5,
                                 .lineFactor = 1.75,
                                 .spaceAfter = 7,
                                 .gray = 0.1};
static const PdfStyle pdfFooter = {
    .zFont = PDF_SANS " 7.5", .size = 7.5, .lineFactor = 1.3, .gray = 0.4};

/* One block of the document. */
typedef struct PdfBlock {
    const PdfStyle *pStyle; /* how it looks */
    PangoLayout *pLayout;   /* its text, NULL for a rule */
} PdfBlock;

/* One placed line (or rule) of the document. */
typedef struct PdfPlaced {
    const PdfBlock *pBlock; /* the block it belongs to */
    PangoLayoutLine *pLine; /* the line, owned by the block's layout;
                               NULL for a rule */
    int iPage;              /* 0-based page */
    double x;               /* left edge of the line */
    double y;               /* baseline (a rule: its centre) */
} PdfPlaced;

/* A space-separated word of a block's text. */
typedef struct PdfWord {
    int iStart;  /* byte offset of its first byte */
    int iEnd;    /* byte offset after its last byte */
    bool bBreak; /* too wide for the column: may break inside */
} PdfWord;

/* ---------------------------------------------------------------------
 * Releasing cairo and pango objects through the scratch arena
 */

static void pdf_free_surface(void *p)
{
    cairo_surface_destroy(p);
}

static void pdf_free_cairo(void *p)
{
    cairo_destroy(p);
}

static void pdf_free_gobject(void *p)
{
    g_object_unref(p);
}

static void pdf_free_font(void *p)
{
    pango_font_description_free(p);
}

static void pdf_free_font_options(void *p)
{
    cairo_font_options_destroy(p);
}

/* cairo's write callback: append to the caller's Str. */
static cairo_status_t pdf_write(void *pArg, const unsigned char *p,
                                unsigned int n)
{
    str_append(pArg, (const char *)p, n);
    return CAIRO_STATUS_SUCCESS;
}

/* ---------------------------------------------------------------------
 * Line breaking between words
 */

static bool pdf_is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t';
}

/*
 * Split 'z' at spaces into words; set '*paWord', '*pnWord' (OUT, in
 * 'a').
 */
static void pdf_words(Arena *a, const char *z, PdfWord **paWord, int *pnWord)
{
    int nMax = 1;
    for (const char *p = z; *p; p++) {
        nMax += pdf_is_space(*p);
    }
    PdfWord *aWord = arena_alloc(a, sizeof(PdfWord) * (size_t)nMax);
    int n = 0;
    int i = 0;
    while (z[i] != 0) {
        while (pdf_is_space(z[i])) {
            i++;
        }
        int iStart = i;
        while (z[i] != 0 && !pdf_is_space(z[i])) {
            i++;
        }
        if (i > iStart) {
            aWord[n].iStart = iStart;
            aWord[n].iEnd = i;
            aWord[n].bBreak = false;
            n++;
        }
    }
    *paWord = aWord;
    *pnWord = n;
}

/* Set the attributes of 'pLayout': no hyphens, no break inside words. */
static void pdf_set_breaks(PangoLayout *pLayout, const PdfWord *aWord,
                           int nWord)
{
    PangoAttrList *pList = pango_attr_list_new();
    pango_attr_list_insert(pList, pango_attr_insert_hyphens_new(FALSE));
    for (int i = 0; i < nWord; i++) {
        if (!aWord[i].bBreak) {
            PangoAttribute *pAttr = pango_attr_allow_breaks_new(FALSE);
            pAttr->start_index = (guint)aWord[i].iStart;
            pAttr->end_index = (guint)aWord[i].iEnd;
            pango_attr_list_insert(pList, pAttr);
        }
    }
    pango_layout_set_attributes(pLayout, pList);
    pango_attr_list_unref(pList);
}

/*
 * Width of 'pLine' of the text 'z' up to its last visible character (in
 * pango units): a space that ends a line may hang past the column, so the
 * line's logical width would count it.
 */
static int pdf_line_width(PangoLayoutLine *pLine, const char *z)
{
    int iEnd = pLine->start_index + pLine->length;
    while (iEnd > pLine->start_index && pdf_is_space(z[iEnd - 1])) {
        iEnd--;
    }
    if (iEnd == pLine->start_index) {
        return 0;
    }
    /* Back to the first byte of the last UTF-8 character. */
    int iLast = iEnd - 1;
    while (iLast > pLine->start_index && (z[iLast] & 0xC0) == 0x80) {
        iLast--;
    }
    int x = 0;
    pango_layout_line_index_to_x(pLine, iLast, TRUE, &x);
    return x;
}

/*
 * Let the words on lines wider than the column break inside; return true
 * when any changed (lay out again).
 */
static bool pdf_unmark_wide(PangoLayout *pLayout, PdfWord *aWord, int nWord)
{
    bool bChanged = false;
    int wMax = pango_layout_get_width(pLayout);
    const char *z = pango_layout_get_text(pLayout);
    PangoLayoutIter *pIter = pango_layout_get_iter(pLayout);
    do {
        PangoLayoutLine *pLine = pango_layout_iter_get_line_readonly(pIter);
        if (pdf_line_width(pLine, z) <= wMax) {
            continue;
        }
        int iStart = pLine->start_index;
        int iEnd = pLine->start_index + pLine->length;
        for (int i = 0; i < nWord; i++) {
            if (!aWord[i].bBreak && aWord[i].iStart < iEnd &&
                aWord[i].iEnd > iStart) {
                aWord[i].bBreak = true;
                bChanged = true;
            }
        }
    } while (pango_layout_iter_next_line(pIter));
    pango_layout_iter_free(pIter);
    return bChanged;
}

/* ---------------------------------------------------------------------
 * Blocks
 */

/* Everything a render holds while it builds the document. */
typedef struct PdfDoc {
    Arena *a;           /* scratch arena of this render */
    PangoContext *pCtx; /* pango context for PDF (72 dpi, no hinting) */
    PdfBlock *aBlock;   /* blocks in reading order */
    int nBlock;         /* how many */
    int nBlockAlloc;    /* room in aBlock */
    int nUnknownGlyph;  /* sum over the layouts */
} PdfDoc;

/* A new layout of 'z' in 'pStyle', 'width' points wide. */
static PangoLayout *pdf_layout(PdfDoc *d, const PdfStyle *pStyle, const char *z,
                               double width)
{
    PangoLayout *pLayout = pango_layout_new(d->pCtx);
    arena_defer(d->a, pdf_free_gobject, pLayout);
    PangoFontDescription *pFont =
        pango_font_description_from_string(pStyle->zFont);
    arena_defer(d->a, pdf_free_font, pFont);
    pango_layout_set_font_description(pLayout, pFont);
    pango_layout_set_width(pLayout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(pLayout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(pLayout, PANGO_ALIGN_LEFT);
    pango_layout_set_text(pLayout, z, -1);
    PdfWord *aWord = NULL;
    int nWord = 0;
    pdf_words(d->a, z, &aWord, &nWord);
    pdf_set_breaks(pLayout, aWord, nWord);
    for (int i = 0;
         i < PDF_FIT_PASSES && pdf_unmark_wide(pLayout, aWord, nWord); i++) {
        pdf_set_breaks(pLayout, aWord, nWord);
    }
    d->nUnknownGlyph += pango_layout_get_unknown_glyphs_count(pLayout);
    return pLayout;
}

/* Append a block: text 'z' (NULL for a rule) in 'pStyle'. */
static void pdf_add(PdfDoc *d, const PdfStyle *pStyle, const char *z)
{
    if (d->nBlock == d->nBlockAlloc) {
        int nNew = d->nBlockAlloc ? 2 * d->nBlockAlloc : 16;
        PdfBlock *aNew = arena_alloc(d->a, sizeof(PdfBlock) * (size_t)nNew);
        if (d->nBlock > 0) {
            memcpy(aNew, d->aBlock, sizeof(PdfBlock) * (size_t)d->nBlock);
        }
        d->aBlock = aNew;
        d->nBlockAlloc = nNew;
    }
    PdfBlock *b = &d->aBlock[d->nBlock++];
    b->pStyle = pStyle;
    b->pLayout = z ? pdf_layout(d, pStyle, z, PDF_TEXT_W) : NULL;
}

/* The article's blocks, in reading order. */
static void pdf_add_article(PdfDoc *d, const PdfArticle *pArt)
{
    pdf_add(d, &pdfMasthead, pArt->zSiteName);
    pdf_add(d, &pdfMastRule, NULL);
    pdf_add(d, &pdfTitle, pArt->zTitle);
    if (pArt->zSubtitle[0] != 0) {
        pdf_add(d, &pdfSubtitle, pArt->zSubtitle);
    }
    Str s;
    str_init(&s, d->a);
    str_appendf(&s, "%s 기자", pArt->zReporter);
    if (pArt->zEmail[0] != 0) {
        str_appendf(&s, "  |  %s", pArt->zEmail);
    }
    pdf_add(d, &pdfByline, s.z);
    str_init(&s, d->a);
    str_appendf(&s, "기사입력 %s", pArt->zPublished);
    if (pArt->zModified[0] != 0) {
        str_appendf(&s, "  ·  기사수정 %s", pArt->zModified);
    }
    pdf_add(d, &pdfByline, s.z);
    pdf_add(d, &pdfHeadRule, NULL);
    if (pArt->zDateline[0] != 0) {
        pdf_add(d, &pdfDateline, pArt->zDateline);
    }
    for (int i = 0; i < pArt->nPara; i++) {
        pdf_add(d, &pdfBody, pArt->azPara[i]);
    }
}

/* ---------------------------------------------------------------------
 * Placing lines on pages
 */

/* Height and baseline offset of the line at 'pIter' in 'pStyle'. */
static void pdf_line_metrics(PangoLayoutIter *pIter, const PdfStyle *pStyle,
                             double *pAdvance, double *pBaseline)
{
    PangoRectangle r;
    pango_layout_iter_get_line_extents(pIter, NULL, &r);
    double height = (double)r.height / PANGO_SCALE;
    double ascent =
        (double)(pango_layout_iter_get_baseline(pIter) - r.y) / PANGO_SCALE;
    double advance = pStyle->size * pStyle->lineFactor;
    if (advance < height) {
        advance = height;
    }
    *pAdvance = advance;
    /* Centre the glyph box in the advance, as CSS line-height does. */
    *pBaseline = (advance - height) / 2 + ascent;
}

/*
 * Give every line of the blocks a page and a position.  Set '*paPlaced',
 * '*pnPlaced' and '*pnPage' (OUT, in d->a).
 */
static void pdf_place(PdfDoc *d, PdfPlaced **paPlaced, int *pnPlaced,
                      int *pnPage)
{
    int nMax = 0;
    for (int i = 0; i < d->nBlock; i++) {
        nMax += d->aBlock[i].pLayout
                    ? pango_layout_get_line_count(d->aBlock[i].pLayout)
                    : 1;
    }
    PdfPlaced *aPlaced =
        arena_alloc(d->a, sizeof(PdfPlaced) * (size_t)(nMax + 1));
    int n = 0;
    int iPage = 0;
    const double yTop = PDF_MARGIN_TOP;
    const double yBottom = PDF_PAGE_H - PDF_MARGIN_BOTTOM;
    double y = yTop;
    for (int i = 0; i < d->nBlock; i++) {
        const PdfBlock *b = &d->aBlock[i];
        const PdfStyle *st = b->pStyle;
        if (y > yTop) {
            y += st->spaceBefore;
        }
        if (b->pLayout == NULL) {
            aPlaced[n++] =
                (PdfPlaced){b, NULL, iPage, PDF_MARGIN_X, y + st->rule / 2};
            y += st->rule + st->spaceAfter;
            continue;
        }
        int nLine = pango_layout_get_line_count(b->pLayout);
        PangoLayoutIter *pIter = pango_layout_get_iter(b->pLayout);
        int iLine = 0;
        do {
            double advance = 0;
            double baseline = 0;
            pdf_line_metrics(pIter, st, &advance, &baseline);
            /* No paragraph starts on a page's last line (an orphan). */
            double need = (iLine == 0 && nLine > 1) ? 2 * advance : advance;
            if (y + need > yBottom && y > yTop) {
                iPage++;
                y = yTop;
            }
            aPlaced[n++] =
                (PdfPlaced){b, pango_layout_iter_get_line_readonly(pIter),
                            iPage, PDF_MARGIN_X, y + baseline};
            y += advance;
            iLine++;
        } while (pango_layout_iter_next_line(pIter));
        pango_layout_iter_free(pIter);
        y += st->spaceAfter;
    }
    *paPlaced = aPlaced;
    *pnPlaced = n;
    *pnPage = iPage + 1;
}

/* ---------------------------------------------------------------------
 * Drawing
 */

/*
 * Draw the footer of page 'iPage' (0-based) of 'nPage': a thin rule, the
 * article's URL at the left, "page / pages" at the right.
 */
static void pdf_draw_footer(PdfDoc *d, cairo_t *cr, const PdfArticle *pArt,
                            int iPage, int nPage)
{
    double yRule = PDF_PAGE_H - PDF_FOOTER_RULE;
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.4);
    cairo_move_to(cr, PDF_MARGIN_X, yRule);
    cairo_line_to(cr, PDF_PAGE_W - PDF_MARGIN_X, yRule);
    cairo_stroke(cr);

    double g = pdfFooter.gray;
    cairo_set_source_rgb(cr, g, g, g);
    double yText = PDF_PAGE_H - PDF_FOOTER_TEXT;
    PangoLayout *pUrl =
        pdf_layout(d, &pdfFooter, pArt->zUrl, PDF_TEXT_W - PDF_FOOTER_NUM_W);
    /* Plain text, not a link: cairo 1.16.0's CAIRO_TAG_LINK writes a
       cross-reference table that qpdf --check reports as damaged. */
    cairo_move_to(cr, PDF_MARGIN_X, yText);
    pango_cairo_show_layout(cr, pUrl);

    PangoLayout *pNum = pdf_layout(
        d, &pdfFooter, arena_printf(d->a, "%d / %d", iPage + 1, nPage),
        PDF_FOOTER_NUM_W);
    pango_layout_set_alignment(pNum, PANGO_ALIGN_RIGHT);
    cairo_move_to(cr, PDF_PAGE_W - PDF_MARGIN_X - PDF_FOOTER_NUM_W, yText);
    pango_cairo_show_layout(cr, pNum);
}

/* Draw every page: placed lines, then the footer. */
static void pdf_draw(PdfDoc *d, cairo_t *cr, const PdfArticle *pArt,
                     const PdfPlaced *aPlaced, int nPlaced, int nPage)
{
    int i = 0;
    for (int iPage = 0; iPage < nPage; iPage++) {
        for (; i < nPlaced && aPlaced[i].iPage == iPage; i++) {
            const PdfPlaced *pl = &aPlaced[i];
            const PdfStyle *st = pl->pBlock->pStyle;
            cairo_set_source_rgb(cr, st->gray, st->gray, st->gray);
            if (pl->pLine == NULL) {
                cairo_set_line_width(cr, st->rule);
                cairo_move_to(cr, pl->x, pl->y);
                cairo_line_to(cr, PDF_PAGE_W - PDF_MARGIN_X, pl->y);
                cairo_stroke(cr);
            } else {
                cairo_move_to(cr, pl->x, pl->y);
                pango_cairo_show_layout_line(cr, pl->pLine);
            }
        }
        pdf_draw_footer(d, cr, pArt, iPage, nPage);
        cairo_show_page(cr);
    }
}

/* ERR_* for a cairo status other than success. */
static int pdf_rc(cairo_status_t status)
{
    if (status == CAIRO_STATUS_SUCCESS) {
        return OK;
    }
    return status == CAIRO_STATUS_NO_MEMORY ? ERR_NOMEM : ERR_IO;
}

/* Set the document's title, author, subject and dates. */
static void pdf_metadata(cairo_surface_t *pSurface, const PdfArticle *pArt)
{
    cairo_pdf_surface_set_metadata(pSurface, CAIRO_PDF_METADATA_TITLE,
                                   pArt->zTitle);
    cairo_pdf_surface_set_metadata(pSurface, CAIRO_PDF_METADATA_AUTHOR,
                                   pArt->zReporter);
    cairo_pdf_surface_set_metadata(pSurface, CAIRO_PDF_METADATA_SUBJECT,
                                   pArt->zSubtitle[0] ? pArt->zSubtitle
                                                      : pArt->zTitle);
    cairo_pdf_surface_set_metadata(pSurface, CAIRO_PDF_METADATA_KEYWORDS,
                                   pArt->zSiteName);
    cairo_pdf_surface_set_metadata(pSurface, CAIRO_PDF_METADATA_CREATOR,
                                   "sinmun");
    /* Dates from the article, not the clock: the same article gives the
       same bytes (and ETag) on every render. */
    if (pArt->zPublishedIso[0] != 0) {
        cairo_pdf_surface_set_metadata(pSurface, CAIRO_PDF_METADATA_CREATE_DATE,
                                       pArt->zPublishedIso);
        cairo_pdf_surface_set_metadata(
            pSurface, CAIRO_PDF_METADATA_MOD_DATE,
            pArt->zModifiedIso[0] ? pArt->zModifiedIso : pArt->zPublishedIso);
    }
}

/* The pango context for PDF output: 72 dpi, unhinted, Korean. */
static PangoContext *pdf_context(Arena *a)
{
    PangoFontMap *pMap = pango_cairo_font_map_get_default();
    PangoContext *pCtx = pango_font_map_create_context(pMap);
    arena_defer(a, pdf_free_gobject, pCtx);
    cairo_font_options_t *pOpt = cairo_font_options_create();
    arena_defer(a, pdf_free_font_options, pOpt);
    /* Hinted metrics round advances to whole points: uneven spacing. */
    cairo_font_options_set_hint_metrics(pOpt, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(pOpt, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pCtx, pOpt);
    pango_cairo_context_set_resolution(pCtx, 72.0);
    pango_context_set_round_glyph_positions(pCtx, FALSE);
    pango_context_set_language(pCtx, pango_language_from_string("ko"));
    return pCtx;
}

int pdf_article_render(const PdfArticle *pArt, Str *pOut, PdfInfo *pInfo)
{
    Arena scratch;
    arena_init(&scratch);
    PdfDoc d = {.a = &scratch};
    d.pCtx = pdf_context(&scratch);
    pdf_add_article(&d, pArt);
    PdfPlaced *aPlaced = NULL;
    int nPlaced = 0;
    int nPage = 0;
    pdf_place(&d, &aPlaced, &nPlaced, &nPage);

    str_reserve(pOut, 64 * 1024);
    cairo_surface_t *pSurface = cairo_pdf_surface_create_for_stream(
        pdf_write, pOut, PDF_PAGE_W, PDF_PAGE_H);
    arena_defer(&scratch, pdf_free_surface, pSurface);
    int rc = pdf_rc(cairo_surface_status(pSurface));
    if (rc == OK) {
        pdf_metadata(pSurface, pArt);
        cairo_t *cr = cairo_create(pSurface);
        arena_defer(&scratch, pdf_free_cairo, cr);
        pdf_draw(&d, cr, pArt, aPlaced, nPlaced, nPage);
        rc = pdf_rc(cairo_status(cr));
        cairo_surface_finish(pSurface);
        if (rc == OK) {
            rc = pdf_rc(cairo_surface_status(pSurface));
        }
    }
    if (pInfo != NULL) {
        pInfo->nPage = nPage;
        pInfo->nUnknownGlyph = d.nUnknownGlyph;
        pInfo->nLine = 0;
        for (int i = 0; i < nPlaced; i++) {
            pInfo->nLine += aPlaced[i].pLine != NULL;
        }
    }
    arena_close(&scratch);
    return rc;
}
