/*
 * template_fuzz.c — fuzz the template compiler and renderer.
 *
 * The input is compiled as one template (templates_add, then
 * templates_link).  When it compiles, it is rendered twice with the same
 * View shape: once with every string holding <script>"'& and once with a
 * harmless word.  Escaped output never holds '<' or '>' from a value, so
 * both renderings must contain "<script>" equally often (only the
 * template's own text can make one).  The input also goes through
 * html_escape(), url_encode() and json_escape(), whose outputs must not
 * hold the characters they exist to remove.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"
#include "view/safe_html.h"
#include "view/template.h"
#include "view/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A view where every string is 'zStr': top level, nested and in a list. */
static View *fuzz_view(Arena *a, const char *zStr)
{
    View *v = view_new(a);
    view_str(v, "x", zStr);
    view_str(v, "title", zStr);
    view_int(v, "n", 7);
    view_bool(v, "b", true);
    /* A harness of view/'s own parser: it may make a SafeHtml. */
    view_safe(v, "body", safe_html_wrap(a, "<b>ok</b>", 9));
    view_str(view_obj(v, "o"), "x", zStr);
    for (int i = 0; i < 2; i++) {
        View *pItem = view_list_add(v, "l");
        view_str(pItem, "x", zStr);
        view_int(pItem, "i", i);
    }
    view_list(v, "empty");
    return v;
}

/* Occurrences of "<script>" in 's'. */
static size_t fuzz_count_script(const Str *s)
{
    size_t nFound = 0;
    for (size_t i = 0; i + 8 <= s->n; i++) {
        if (memcmp(s->z + i, "<script>", 8) == 0) {
            nFound++;
        }
    }
    return nFound;
}

/* Abort when any byte of 'zBad' occurs in 's'. */
static void fuzz_check_absent(const Str *s, const char *zBad)
{
    for (size_t i = 0; i < s->n; i++) {
        if (strchr(zBad, s->z[i]) != NULL && s->z[i] != 0) {
            abort();
        }
    }
}

/* Check one input; abort() on a broken invariant.  Always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    Arena a;
    arena_init(&a);

    Str s;
    str_init(&s, &a);
    html_escape(&s, p, size);
    fuzz_check_absent(&s, "<>\"'");
    str_clear(&s);
    json_escape(&s, p, size);
    fuzz_check_absent(&s, "<>&");
    str_clear(&s);
    url_encode(&s, p, size);
    fuzz_check_absent(&s, "<>&\"' /?#");

    char zErr[256];
    Templates *t = templates_new();
    if (templates_add(t, "fuzz", p, size, zErr, sizeof(zErr)) == OK &&
        templates_link(t, zErr, sizeof(zErr)) == OK) {
        Str sEvil;
        Str sPlain;
        str_init(&sEvil, &a);
        str_init(&sPlain, &a);
        if (template_render(t, "fuzz", fuzz_view(&a, "<script>\"'&"), &sEvil) !=
                OK ||
            template_render(t, "fuzz", fuzz_view(&a, "zz"), &sPlain) != OK) {
            abort();
        }
        if (fuzz_count_script(&sEvil) != fuzz_count_script(&sPlain)) {
            abort();
        }
    }
    templates_close(t);
    arena_close(&a);
    return 0;
}
