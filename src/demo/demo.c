/*
 * demo.c — load the seed article and generate the rest of the demo site.
 *
 * Generated articles are built from fixed Korean phrase lists with a fixed
 * pseudo-random sequence, so every `sinmun demo` makes the same site.
 * Their dates fall on weekdays between 2014-11-03 and the seed article's
 * day, in working hours, so the seed article is the newest one, as on the
 * page sinmun started from.
 */
#include "demo/demo.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "articles/articles.h"
#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "base/utf8.h"
#include "site/site.h"
#include "site/site_db.h"

/* Generated articles (the seed makes one more). */
#define DEMO_GENERATED 130
/* Largest seed file read. */
#define DEMO_SEED_MAX (1024 * 1024)

/* ---------------------------------------------------------------------
 * Seed file
 */

static char *demo_json_str(Arena *a, json_t *obj, const char *zKey,
                           char zErr[200])
{
    json_t *v = json_object_get(obj, zKey);
    if (!json_is_string(v) || json_string_length(v) == 0) {
        snprintf(zErr, 200, "'%s' must be a non-empty string", zKey);
        return NULL;
    }
    const char *z = json_string_value(v);
    size_t n = json_string_length(v);
    if (!utf8_valid(z, n)) {
        snprintf(zErr, 200, "'%s' is not valid UTF-8", zKey);
        return NULL;
    }
    char *zNfc = utf8_nfc(a, z, n, NULL);
    if (zNfc == NULL) {
        snprintf(zErr, 200, "'%s' has more than %d combining marks in a row",
                 zKey, UTF8_NONSTARTERS_MAX);
    }
    return zNfc;
}

int demo_parse_seed(Arena *a, const char *p, size_t n, DemoSeed *pOut,
                    char zErr[200])
{
    json_error_t err;
    json_t *root = json_loadb(p, n, JSON_REJECT_DUPLICATES, &err);
    if (root == NULL) {
        snprintf(zErr, 200, "line %d: %.150s", err.line, err.text);
        return ERR_INVALID;
    }
    memset(pOut, 0, sizeof(*pOut));
    int rc = ERR_INVALID;
    json_t *site = json_object_get(root, "site");
    json_t *art = json_object_get(root, "article");
    json_t *rep = json_object_get(root, "reporter");
    if (!json_is_object(site) || !json_is_object(art) || !json_is_object(rep)) {
        snprintf(zErr, 200,
                 "'site', 'article' and 'reporter' must be "
                 "objects");
        goto done;
    }
    json_t *paras = json_object_get(art, "body_paragraphs");
    if (!json_is_array(paras) || json_array_size(paras) == 0 ||
        json_array_size(paras) > DEMO_PARAGRAPHS_MAX) {
        snprintf(zErr, 200,
                 "'body_paragraphs' must be an array of 1 to %d "
                 "strings",
                 DEMO_PARAGRAPHS_MAX);
        goto done;
    }
    if (!(pOut->zSiteName = demo_json_str(a, site, "name", zErr)) ||
        !(pOut->zSection = demo_json_str(a, root, "section", zErr)) ||
        !(pOut->zTitle = demo_json_str(a, art, "title", zErr)) ||
        !(pOut->zSubtitle = demo_json_str(a, art, "subtitle", zErr)) ||
        !(pOut->zPublished = demo_json_str(a, art, "published_at", zErr)) ||
        !(pOut->zDateline = demo_json_str(a, art, "dateline", zErr)) ||
        !(pOut->zReporter = demo_json_str(a, rep, "name", zErr)) ||
        !(pOut->zEmail = demo_json_str(a, rep, "email", zErr)) ||
        !(pOut->zDesk = demo_json_str(a, rep, "desk", zErr)) ||
        !(pOut->zBio = demo_json_str(a, rep, "bio", zErr))) {
        goto done;
    }
    UnixTime t;
    if (!time_parse_iso(pOut->zPublished, &t)) {
        snprintf(zErr, 200, "'published_at' is not an ISO 8601 time");
        goto done;
    }
    pOut->nParagraph = (int)json_array_size(paras);
    pOut->azParagraph =
        arena_alloc(a, sizeof(char *) * (size_t)pOut->nParagraph);
    for (int i = 0; i < pOut->nParagraph; i++) {
        json_t *v = json_array_get(paras, (size_t)i);
        const char *z = json_string_value(v);
        if (z == NULL || !utf8_valid(z, json_string_length(v))) {
            snprintf(zErr, 200, "paragraph %d is not a UTF-8 string", i + 1);
            goto done;
        }
        pOut->azParagraph[i] = utf8_nfc(a, z, json_string_length(v), NULL);
        if (pOut->azParagraph[i] == NULL) {
            snprintf(zErr, 200,
                     "paragraph %d has more than %d combining marks in a row",
                     i + 1, UTF8_NONSTARTERS_MAX);
            goto done;
        }
    }
    rc = OK;
done:
    json_decref(root);
    return rc;
}

/* ---------------------------------------------------------------------
 * Generated content
 */

/* A section of the demo site. */
typedef struct DemoSection {
    const char *zSlug; /* URL part */
    const char *zName; /* shown name */
} DemoSection;

static const DemoSection aDemoSection[] = {
    {"industry1", "산업1부"}, {"industry2", "산업2부"},
    {"economy", "경제"},      {"policy", "정책"},
    {"tech", "IT·과학"},      {"exhibition", "전시·행사"},
};

/* A generated reporter; the seed's reporter is added from the seed. */
static const struct {
    const char *zName;  /* name */
    const char *zEmail; /* e-mail */
    const char *zDesk;  /* desk */
    const char *zBio;   /* box text */
} aDemoReporter[] = {
    {"김민준", "minjun.kim@example.com", "산업2부",
     "산업2부 김민준 기자입니다. 자동차·조선·철강 현장의 목소리를 "
     "전합니다."},
    {"이서연", "seoyeon.lee@example.com", "경제부",
     "경제부 이서연 기자입니다. 수출입과 금융, 중소기업 소식을 "
     "쉽게 풀어 씁니다."},
    {"박지훈", "jihoon.park@example.com", "정책부",
     "정책부 박지훈 기자입니다. 정부 부처와 국회의 산업 정책을 "
     "취재합니다."},
    {"최유진", "yujin.choi@example.com", "IT과학부",
     "IT과학부 최유진 기자입니다. 반도체와 소프트웨어, 연구개발 "
     "현장을 찾아갑니다."},
};

static const char *azCompany[] = {
    "한빛정밀", "대한기계",   "서해중공업", "미래로봇", "동양금형",
    "세진산업", "코리아센서", "우리테크",   "태성전자", "한길소재",
};
static const char *azThing[] = {
    "스마트공장 솔루션", "협동로봇",    "5축 가공기",    "사출금형",
    "산업용 센서",       "전기차 부품", "수소 연료전지", "물류 자동화 설비",
    "공작기계",          "반도체 장비",
};
static const char *azAction[] = {
    "수출 계약 체결", "신제품 공개",    "생산라인 증설",  "해외 시장 진출",
    "기술 개발 성공", "공동 연구 착수", "품질 인증 획득", "투자 유치",
};
static const char *azPlace[] = {
    "창원", "인천 남동공단", "시화", "구미", "울산", "광주", "대구", "판교",
};
static const char *azSentence[] = {
    /* One sentence in two pieces; the parentheses tell clang so. */
    ("업계에서는 이번 성과가 국내 제조업 경쟁력을 끌어올리는 계기가 될 "
     "것으로 보고 있다."),
    "회사 측은 내년 상반기까지 관련 인력을 두 배로 늘리겠다고 밝혔다.",
    "중소 협력사와의 상생 방안도 함께 추진된다.",
    "정부는 관련 규제를 정비하고 시험 인증 비용을 지원하기로 했다.",
    "전문가들은 원자재 가격과 환율 변동을 변수로 꼽았다.",
    "현장 관계자는 \"납기와 품질을 모두 잡는 것이 관건\"이라고 말했다.",
    "이번 사업에는 지역 대학과 연구기관도 참여한다.",
    "해외 바이어들의 문의도 꾸준히 늘고 있는 것으로 알려졌다.",
    "생산성은 기존 대비 30% 이상 높아질 것으로 예상된다.",
    "회사는 다음 달 열리는 산업전시회에서 시제품을 선보일 예정이다.",
};

/* Fixed xorshift sequence: the same demo site every time. */
static uint32_t demo_rand(uint32_t *pState)
{
    uint32_t x = *pState;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *pState = x;
    return x;
}

#define DEMO_PICK(a, st) ((a)[demo_rand(st) % (sizeof(a) / sizeof((a)[0]))])

/* Build one generated article's title, subtitle and Markdown body. */
static void demo_make_article(Arena *a, uint32_t *pState, Article *art)
{
    const char *zCompany = DEMO_PICK(azCompany, pState);
    const char *zThing = DEMO_PICK(azThing, pState);
    const char *zAction = DEMO_PICK(azAction, pState);
    const char *zPlace = DEMO_PICK(azPlace, pState);
    art->zTitle = arena_printf(a, "%s, %s %s", zCompany, zThing, zAction);
    art->zSubtitle = arena_printf(a, "%s 공장 중심으로 연내 %u억 원 규모",
                                  zPlace, 10 + demo_rand(pState) % 490);
    art->zDateline = "[산업일보]";
    Str body;
    str_init(&body, a);
    str_appendf(&body,
                "%s가 %s 분야에서 %s 소식을 알렸다. 회사는 %s 공장을 "
                "거점으로 %s 사업을 넓힌다는 계획이다.\n\n",
                zCompany, zThing, zAction, zPlace, zThing);
    int nPara = 2 + (int)(demo_rand(pState) % 3);
    for (int i = 0; i < nPara; i++) {
        str_appendf(&body, "%s %s\n\n", DEMO_PICK(azSentence, pState),
                    DEMO_PICK(azSentence, pState));
    }
    art->zBodyMd = body.z;
}

/* ---------------------------------------------------------------------
 * Loading
 */

/* Settings of the demo site: plainly fictional legal values. */
static const struct {
    const char *zKey;   /* settings key */
    const char *zValue; /* value */
} aDemoSetting[] = {
    {"site_tagline", "산업 현장의 참 소리를 전하는 산업 전문 일간지 (데모)"},
    {"registration_number", "서울 아 00000 (데모용 가상 번호)"},
    {"registration_date", "2000년 1월 1일 (가상)"},
    {"publisher", "홍길동 (가상)"},
    {"editor", "성춘향 (가상)"},
    {"address", "서울특별시 가상구 예시로 123 데모빌딩 (가상 주소)"},
    {"phone", "02-0000-0000 (가상)"},
    {"youth_officer", "이몽룡 (가상)"},
    {"privacy_url", "/privacy"},
    {"privacy_policy",
     "이 사이트는 sinmun 데모입니다. 실제 개인정보를 수집하지 않습니다.\n"
     "댓글과 신고 기능이 생기면 수집 항목, 보유 기간, 파기 절차를 이곳에 "
     "적습니다."},
};

static int demo_fill(StoreConn *c, Arena *a, const DemoSeed *seed)
{
    UnixTime tNow = time_now();
    int rc = app_setting_put(c, "site_name", seed->zSiteName);
    for (size_t i = 0;
         rc == OK && i < sizeof(aDemoSetting) / sizeof(aDemoSetting[0]); i++) {
        rc = app_setting_put(c, aDemoSetting[i].zKey, aDemoSetting[i].zValue);
    }
    int64_t aSectionId[sizeof(aDemoSection) / sizeof(aDemoSection[0])];
    int nSection = (int)(sizeof(aDemoSection) / sizeof(aDemoSection[0]));
    for (int i = 0; rc == OK && i < nSection; i++) {
        /* The seed names the first section's shown name. */
        const char *zName = i == 0 ? seed->zSection : aDemoSection[i].zName;
        rc = site_db_add_section(c, aDemoSection[i].zSlug, zName, i,
                                 &aSectionId[i]);
    }
    int nReporter = (int)(sizeof(aDemoReporter) / sizeof(aDemoReporter[0]));
    int64_t aReporterId[8];
    Person p = {0, seed->zReporter, seed->zEmail, seed->zDesk, seed->zBio};
    if (rc == OK) {
        rc = person_db_insert(c, &p, tNow, &aReporterId[0]);
    }
    for (int i = 0; rc == OK && i < nReporter; i++) {
        Person q = {
            0, (char *)aDemoReporter[i].zName, (char *)aDemoReporter[i].zEmail,
            (char *)aDemoReporter[i].zDesk, (char *)aDemoReporter[i].zBio};
        rc = person_db_insert(c, &q, tNow, &aReporterId[i + 1]);
    }

    /* The seed article first, so it is /article/1. */
    Article art = {0};
    Str body;
    str_init(&body, a);
    for (int i = 0; i < seed->nParagraph; i++) {
        str_append_z(&body, seed->azParagraph[i]);
        str_append_z(&body, "\n\n");
    }
    UnixTime tSeed = 0;
    if (!time_parse_iso(seed->zPublished, &tSeed)) {
        return ERR_INVALID;
    }
    art.sectionId = aSectionId[0];
    art.authorId = aReporterId[0];
    art.zStatus = "published";
    art.zTitle = seed->zTitle;
    art.zSubtitle = seed->zSubtitle;
    art.zDateline = seed->zDateline;
    art.zBodyMd = body.z;
    art.tPublished = tSeed;
    int64_t id = 0;
    if (rc == OK) {
        rc = article_db_insert(c, a, &art, tNow, &id);
    }

    /* Generated articles, oldest first, on weekdays in working hours. */
    uint32_t state = 20141219;
    UnixTime tStart = time_days_from_civil(2014, 11, 3) * 86400;
    int64_t nSpan = (tSeed - tStart) / DEMO_GENERATED;
    for (int i = 0; rc == OK && i < DEMO_GENERATED; i++) {
        Article g = {0};
        demo_make_article(a, &state, &g);
        UnixTime t = tStart + nSpan * i + (demo_rand(&state) % 3600);
        /* Saturday moves to Friday, Sunday to Monday (UTC days); the
           hour stays within 00–09 UTC, i.e. 09–18 in Seoul. */
        int64_t day = t / 86400;
        int wday = (int)((day + 4) % 7);
        day += wday == 6 ? -1 : wday == 0 ? 1 : 0;
        t = day * 86400 + (t % 86400) % (9 * 3600);
        if (t >= tSeed) {
            t = tSeed - 3600 * (DEMO_GENERATED - i);
        }
        /* Reporters write for their own desk's section; the seed's
           reporter (산업1부) also covers exhibitions. */
        static const int aDeskOf[] = {0, 1, 2, 3, 4, 0};
        int iSection = i % nSection;
        int iReporter = aDeskOf[iSection];
        g.sectionId = aSectionId[iSection];
        g.authorId = aReporterId[iReporter];
        g.zStatus = "published";
        g.tPublished = t;
        if (i % 9 == 4) {
            g.tModified = t + 5400;
        }
        rc = article_db_insert(c, a, &g, tNow, &id);
    }
    return rc;
}

int demo_load(Store *pStore, const char *zSeedPath)
{
    Arena a;
    arena_init(&a);
    int rc = OK;
    FILE *fp = fopen(zSeedPath, "rb");
    if (fp == NULL) {
        log_error("demo: cannot open seed file %s", zSeedPath);
        return ERR_IO;
    }
    char *p = arena_alloc(&a, DEMO_SEED_MAX + 1);
    size_t n = fread(p, 1, DEMO_SEED_MAX + 1, fp);
    fclose(fp);
    char zErr[200];
    DemoSeed seed;
    StoreConn *c = NULL;
    if (n > DEMO_SEED_MAX) {
        log_error("demo: %s is larger than %d bytes", zSeedPath, DEMO_SEED_MAX);
        rc = ERR_INVALID;
    } else if ((rc = demo_parse_seed(&a, p, n, &seed, zErr)) != OK) {
        log_error("demo: %s: %s", zSeedPath, zErr);
    } else if ((rc = store_conn(pStore, &a, &c)) == OK) {
        int64_t nHave = 0;
        rc = article_db_count(c, 0, 0, &nHave);
        if (rc == OK && nHave > 0) {
            log_error("demo: the database already has %lld articles; "
                      "use a new file",
                      (long long)nHave);
            rc = ERR_INVALID;
        }
        if (rc == OK) {
            rc = store_begin(c);
        }
        if (rc == OK) {
            rc = demo_fill(c, &a, &seed);
            if (rc == OK) {
                rc = store_commit(c);
            } else {
                store_rollback(c);
            }
        }
        if (rc == OK) {
            rc = store_analyze(c);
        }
    }
    arena_close(&a);
    return rc;
}
