/*
 * keyset_test.c — unit tests for web/keyset.c: page addresses in their
 * one canonical form, and the driver walking a list with runs of equal
 * times forwards and back without repeating or losing a row (issue 9,
 * point 9).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "web/keyset.h"

static void test_keyset_parse_accepts_only_the_canonical_form(void **state)
{
    (void)state;
    KeysetCursor c;
    assert_true(keyset_parse("1418979610.42", &c));
    assert_int_equal(c.t, 1418979610);
    assert_int_equal(c.id, 42);
    assert_true(keyset_parse("0.1", &c));
    assert_int_equal(c.t, 0);
    assert_true(keyset_parse("-86400.7", &c));
    assert_int_equal(c.t, -86400);
    static const char *azBad[] = {
        "",
        "1",
        ".1",
        "1.",
        "1.0",
        "01.1",
        "1.01",
        "-0.1",
        "-.1",
        "+1.1",
        "1.1.1",
        "1 .1",
        "1.-1",
        "a.1",
        "1.1x",
        "--1.1",
        "1234567890123456.1",
        "1.1234567890123456",
        "1,1",
    };
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        assert_false(keyset_parse(azBad[i], &c));
    }
    assert_false(keyset_parse(NULL, &c));
}

static void test_keyset_format_round_trips(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    KeysetCursor c = {-5, 9}, d;
    assert_string_equal(keyset_format(&a, &c), "-5.9");
    assert_true(keyset_parse(keyset_format(&a, &c), &d));
    assert_int_equal(d.t, -5);
    assert_int_equal(d.id, 9);
    assert_string_equal(keyset_url(&a, "/section/x", "before", &c),
                        "/section/x?before=-5.9");
    assert_string_equal(keyset_url(&a, "/people?q=%EA%B9%80", "after", &c),
                        "/people?q=%EA%B9%80&after=-5.9");
    arena_close(&a);
}

/* A request with the query parameters 'az' (name, value, name, …). */
static Request keyset_req(Arena *a, const char **az, int n)
{
    Request req;
    memset(&req, 0, sizeof(req));
    req.a = a;
    req.aQuery = arena_alloc(a, sizeof(Param) * (size_t)(n / 2 + 1));
    for (int i = 0; i + 1 < n; i += 2) {
        Param *p = &req.aQuery[req.nQuery++];
        memset(p, 0, sizeof(*p));
        p->zName = az[i];
        p->zValue = az[i + 1];
        p->nValue = strlen(az[i + 1]);
    }
    return req;
}

static void test_keyset_from_query_reads_one_parameter(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    KeysetPos pos;
    Request r0 = keyset_req(&a, NULL, 0);
    assert_true(keyset_from_query(&r0, &pos));
    assert_int_equal(pos.mode, KEYSET_FIRST);
    const char *az1[] = {"before", "100.3"};
    Request r1 = keyset_req(&a, az1, 2);
    assert_true(keyset_from_query(&r1, &pos));
    assert_int_equal(pos.mode, KEYSET_BEFORE);
    assert_int_equal(pos.cur.t, 100);
    assert_int_equal(pos.cur.id, 3);
    const char *az2[] = {"after", "100.3"};
    Request r2 = keyset_req(&a, az2, 2);
    assert_true(keyset_from_query(&r2, &pos));
    assert_int_equal(pos.mode, KEYSET_AFTER);
    const char *az3[] = {"page", "4000"};
    Request r3 = keyset_req(&a, az3, 2);
    assert_true(keyset_from_query(&r3, &pos));
    assert_int_equal(pos.mode, KEYSET_PAGE);
    assert_int_equal(pos.iPage, 4000);
    static const char *azBad[][4] = {
        {"page", "0"},
        {"page", "-1"},
        {"page", "abc"},
        {"page", "100001"},
        {"page", "02"},
        {"before", "x"},
        {"after", "1.0"},
        {"before", "1.1", "after", "1.1"},
        {"page", "2", "before", "1.1"},
    };
    for (size_t i = 0; i < sizeof(azBad) / sizeof(azBad[0]); i++) {
        int n = azBad[i][2] ? 4 : 2;
        Request r = keyset_req(&a, azBad[i], n);
        assert_false(keyset_from_query(&r, &pos));
    }
    arena_close(&a);
}

/* ------------------------------------------------------------------
 * A list in memory, newest first: keys sorted by t desc, id desc.
 */

typedef struct FakeList {
    KeysetCursor *aRow; /* the list, in list order */
    int nRow;           /* how many */
    int64_t *aKept;     /* ids the driver asked to keep, in order */
    int nKept;          /* how many */
    int nFetch;         /* calls of fnFetch */
} FakeList;

/* True when row 'r' comes after 'c' in list order (older). */
static bool fake_after(const KeysetCursor *r, const KeysetCursor *c)
{
    return r->t < c->t || (r->t == c->t && r->id < c->id);
}

static int fake_fetch(void *pArg, KeysetStep step, const KeysetCursor *pCur,
                      int nLimit, KeysetCursor *aKey, int *pnGot)
{
    FakeList *f = pArg;
    f->nFetch++;
    int n = 0;
    if (step == KEYSET_STEP_ON_SAME || step == KEYSET_STEP_ON) {
        for (int i = 0; i < f->nRow && n < nLimit; i++) {
            const KeysetCursor *r = &f->aRow[i];
            bool bTake =
                pCur == NULL || (step == KEYSET_STEP_ON_SAME
                                     ? r->t == pCur->t && r->id < pCur->id
                                     : r->t < pCur->t);
            if (bTake) {
                aKey[n++] = *r;
                f->aKept[f->nKept++] = r->id;
            }
        }
    } else {
        assert_non_null(pCur);
        for (int i = f->nRow - 1; i >= 0 && n < nLimit; i--) {
            const KeysetCursor *r = &f->aRow[i];
            bool bTake = step == KEYSET_STEP_BACK_SAME
                             ? r->t == pCur->t && r->id > pCur->id
                             : r->t > pCur->t;
            if (bTake) {
                aKey[n++] = *r;
            }
        }
    }
    *pnGot = n;
    return OK;
}

static int fake_nth(void *pArg, int64_t nOffset, KeysetCursor *pKey,
                    bool *pbFound, bool *pbFollowed)
{
    FakeList *f = pArg;
    *pbFound = nOffset < f->nRow;
    *pbFollowed = nOffset + 1 < f->nRow;
    if (*pbFound) {
        *pKey = f->aRow[nOffset];
    }
    return OK;
}

/*
 * 53 rows in runs of equal times (7 share one time, then pairs, then
 * singles), ids not in time order.
 */
static void fake_make(Arena *a, FakeList *f)
{
    memset(f, 0, sizeof(*f));
    f->nRow = 53;
    f->aRow = arena_alloc(a, sizeof(KeysetCursor) * 53);
    f->aKept = arena_alloc(a, sizeof(int64_t) * 100000);
    for (int i = 0; i < 53; i++) {
        f->aRow[i].t = i < 7 ? 1000 : i < 30 ? 900 - (i - 7) / 2 : 500 - i;
        f->aRow[i].id = 1000 - ((i * 37) % 53);
    }
    /* Sort into list order (t desc, id desc). */
    for (int i = 1; i < 53; i++) {
        for (int j = i; j > 0 && fake_after(&f->aRow[j - 1], &f->aRow[j]);
             j--) {
            KeysetCursor x = f->aRow[j];
            f->aRow[j] = f->aRow[j - 1];
            f->aRow[j - 1] = x;
        }
    }
}

/* Run the driver on 'zUrl''s position ("" = first page). */
static KeysetResult fake_run(Arena *a, FakeList *f, const KeysetPos *pos,
                             int nLimit, int64_t *aShown)
{
    KeysetList l = {fake_fetch, fake_nth, f};
    KeysetResult r;
    f->nKept = 0;
    assert_int_equal(keyset_run(a, &l, pos, "/s", nLimit, &r), OK);
    for (int i = 0; i < r.nRow; i++) {
        aShown[i] = f->aKept[i];
    }
    return r;
}

/* The position of a link the driver made. */
static KeysetPos fake_pos(const char *zUrl)
{
    KeysetPos pos;
    memset(&pos, 0, sizeof(pos));
    const char *q = strchr(zUrl, '?');
    if (q == NULL) {
        return pos;
    }
    pos.mode = strncmp(q + 1, "before=", 7) == 0 ? KEYSET_BEFORE : KEYSET_AFTER;
    assert_true(keyset_parse(strchr(q, '=') + 1, &pos.cur));
    return pos;
}

static void test_keyset_walks_forward_and_back_without_gaps(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    FakeList f;
    fake_make(&a, &f);
    for (int nLimit = 1; nLimit <= 8; nLimit++) {
        /* Forward over "다음" links: every row once, in order. */
        int64_t aShown[16];
        int64_t *aSeen = arena_alloc(&a, sizeof(int64_t) * 60);
        int nSeen = 0;
        const char **azSelf = arena_alloc(&a, sizeof(char *) * 60);
        int nPage = 0;
        KeysetPos pos = {0};
        for (;;) {
            KeysetResult r = fake_run(&a, &f, &pos, nLimit, aShown);
            assert_null(r.zRedirect);
            assert_false(r.bNotFound);
            assert_true(r.nRow == nLimit || r.zNextUrl == NULL);
            azSelf[nPage++] = r.zSelfUrl;
            if (nPage == 1) {
                assert_null(r.zPrevUrl);
            } else {
                assert_non_null(r.zPrevUrl);
            }
            for (int i = 0; i < r.nRow; i++) {
                aSeen[nSeen++] = aShown[i];
            }
            if (r.zNextUrl == NULL) {
                break;
            }
            pos = fake_pos(r.zNextUrl);
        }
        assert_int_equal(nSeen, f.nRow);
        for (int i = 0; i < f.nRow; i++) {
            assert_int_equal(aSeen[i], f.aRow[i].id);
        }
        /* Back over "이전" links from the last page: the same pages. */
        pos = fake_pos(azSelf[nPage - 1]);
        int iPage = nPage - 1;
        for (;;) {
            KeysetResult r = fake_run(&a, &f, &pos, nLimit, aShown);
            assert_null(r.zRedirect);
            /* Each page back shows the rows of the page before. */
            int iFirst = iPage * nLimit;
            for (int i = 0; i < r.nRow; i++) {
                assert_int_equal(aShown[i], f.aRow[iFirst + i].id);
            }
            if (r.zPrevUrl == NULL) {
                assert_int_equal(iPage, 0);
                break;
            }
            iPage--;
            pos = fake_pos(r.zPrevUrl);
            if (pos.mode == KEYSET_FIRST) {
                assert_int_equal(iPage, 0);
            } else {
                assert_non_null(r.zFirstUrl);
            }
        }
    }
    arena_close(&a);
}

static void test_keyset_old_page_numbers_redirect_to_the_same_rows(void **s)
{
    (void)s;
    Arena a;
    arena_init(&a);
    FakeList f;
    fake_make(&a, &f);
    int64_t aShown[16];
    int nLimit = 5;
    for (int iPage = 2; iPage <= 11; iPage++) {
        KeysetPos pos = {KEYSET_PAGE, {0, 0}, iPage};
        KeysetResult r = fake_run(&a, &f, &pos, nLimit, aShown);
        assert_non_null(r.zRedirect);
        assert_false(r.bPermanent);
        pos = fake_pos(r.zRedirect);
        r = fake_run(&a, &f, &pos, nLimit, aShown);
        int iFirst = (iPage - 1) * nLimit;
        assert_int_equal(r.nRow,
                         f.nRow - iFirst < nLimit ? f.nRow - iFirst : nLimit);
        for (int i = 0; i < r.nRow; i++) {
            assert_int_equal(aShown[i], f.aRow[iFirst + i].id);
        }
    }
    KeysetPos p1 = {KEYSET_PAGE, {0, 0}, 1};
    KeysetResult r = fake_run(&a, &f, &p1, nLimit, aShown);
    assert_string_equal(r.zRedirect, "/s");
    assert_true(r.bPermanent);
    /* 53 rows: page 11 has 3, page 12 none. */
    KeysetPos p12 = {KEYSET_PAGE, {0, 0}, 12};
    r = fake_run(&a, &f, &p12, nLimit, aShown);
    assert_true(r.bNotFound);
    arena_close(&a);
}

static void test_keyset_edges(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    FakeList f;
    fake_make(&a, &f);
    int64_t aShown[16];
    /* Past the oldest row: nothing to show. */
    KeysetPos past = {KEYSET_BEFORE, f.aRow[f.nRow - 1], 0};
    KeysetResult r = fake_run(&a, &f, &past, 5, aShown);
    assert_true(r.bNotFound);
    /* Newer than everything: it is the first page, under its own name. */
    KeysetPos top = {KEYSET_BEFORE, {999999, 1}, 0};
    r = fake_run(&a, &f, &top, 5, aShown);
    assert_string_equal(r.zRedirect, "/s");
    /* ?after= less than a page from the start: the first page. */
    KeysetPos near = {KEYSET_AFTER, f.aRow[4], 0};
    r = fake_run(&a, &f, &near, 5, aShown);
    assert_string_equal(r.zRedirect, "/s");
    /* An empty list is an empty first page, not a 404. */
    FakeList empty = f;
    empty.nRow = 0;
    KeysetPos first = {0};
    r = fake_run(&a, &empty, &first, 5, aShown);
    assert_int_equal(r.nRow, 0);
    assert_false(r.bNotFound);
    assert_null(r.zNextUrl);
    /* Each page costs a bounded number of fetches, whatever the depth. */
    KeysetPos deep = {KEYSET_BEFORE, f.aRow[40], 0};
    f.nFetch = 0;
    r = fake_run(&a, &f, &deep, 5, aShown);
    assert_true(f.nFetch <= 4);
    KeysetPos back = {KEYSET_AFTER, f.aRow[40], 0};
    f.nFetch = 0;
    r = fake_run(&a, &f, &back, 5, aShown);
    assert_true(f.nFetch <= 6);
    arena_close(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keyset_parse_accepts_only_the_canonical_form),
        cmocka_unit_test(test_keyset_format_round_trips),
        cmocka_unit_test(test_keyset_from_query_reads_one_parameter),
        cmocka_unit_test(test_keyset_walks_forward_and_back_without_gaps),
        cmocka_unit_test(
            test_keyset_old_page_numbers_redirect_to_the_same_rows),
        cmocka_unit_test(test_keyset_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
