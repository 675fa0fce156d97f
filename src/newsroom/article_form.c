/*
 * article_form.c — the article editor's form: reading and checking what
 * was sent (article_form_read()) and showing the editor again with it
 * (article_editor_render(), templates/newsroom/article_editor.html).
 * Used by GET/POST /newsroom/articles/new and /newsroom/articles/{id}/
 * edit, the autosave and the conflict page.  Every limit has a Korean
 * message naming the field, and the form always comes back with what was
 * typed.
 */
#include "newsroom/newsroom_internal.h"

#include <string.h>

#include "accounts/accounts.h"
#include "base/utf8.h"
#include "newsroom/manuscript.h"
#include "site/site.h"
#include "web/router.h"
#include "web/static.h"

/* ------------------------------------------------------------------
 * Reading
 */

/* The form field 'zName' as sent; "" when missing. */
static const char *form_field(Request *req, const char *zName)
{
    const char *z = req_form(req, zName);
    return z ? z : "";
}

/* 'z' without white space at either end, in 'a'. */
static const char *form_trim(Arena *a, const char *z)
{
    while (*z == ' ' || *z == '\t' || *z == '\n') {
        z++;
    }
    size_t n = strlen(z);
    while (n > 0 && (z[n - 1] == ' ' || z[n - 1] == '\t' || z[n - 1] == '\n')) {
        n--;
    }
    return arena_strndup(a, z, n);
}

static int64_t form_chars(const char *z)
{
    return (int64_t)utf8_graphemes(z, strlen(z));
}

/* Set the form's first error: 'zField' and the message. */
static void form_error(ArticleForm *pf, const char *zField, const char *zMsg)
{
    if (pf->zError == NULL) {
        pf->zError = zMsg;
        pf->zErrorField = zField;
    }
}

/* Check the length of field 'zValue' against 'nMax' characters; 'zLabel'
   is its name with its particle ("제목은"). */
static void form_limit(Request *req, ArticleForm *pf, const char *zField,
                       const char *zLabel, const char *zValue, int64_t nMax)
{
    int64_t n = form_chars(zValue);
    if (n > nMax) {
        form_error(pf, zField,
                   arena_printf(req->a,
                                "%s %lld자까지입니다. 지금 %lld자입니다.",
                                zLabel, (long long)nMax, (long long)n));
    }
}

/* Split the keywords field at commas into pf->text. */
static void form_keywords(Request *req, ArticleForm *pf)
{
    const char *z = pf->zKeywords;
    ArticleText *t = &pf->text;
    t->nKeyword = 0;
    while (*z != 0) {
        const char *zEnd = strchr(z, ',');
        size_t n = zEnd ? (size_t)(zEnd - z) : strlen(z);
        const char *zWord = form_trim(req->a, arena_strndup(req->a, z, n));
        z += n + (zEnd ? 1 : 0);
        if (zWord[0] == 0) {
            continue;
        }
        if (strchr(zWord, '\n') != NULL) {
            form_error(pf, "f-keywords",
                       "키워드는 쉼표로 나누어 한 줄로 적어 주십시오.");
            return;
        }
        if (form_chars(zWord) > NEWSROOM_KEYWORD_MAX) {
            form_error(pf, "f-keywords",
                       arena_printf(req->a,
                                    "키워드 하나는 %d자까지입니다: ‘%s’",
                                    NEWSROOM_KEYWORD_MAX, zWord));
            return;
        }
        for (int i = 0; i < t->nKeyword; i++) {
            if (strcmp(t->azKeyword[i], zWord) == 0) {
                form_error(pf, "f-keywords",
                           arena_printf(req->a,
                                        "같은 키워드가 두 번 있습니다: ‘%s’",
                                        zWord));
                return;
            }
        }
        if (t->nKeyword == ARTICLE_KEYWORDS_MAX) {
            form_error(pf, "f-keywords",
                       arena_printf(req->a, "키워드는 %d개까지입니다.",
                                    ARTICLE_KEYWORDS_MAX));
            return;
        }
        t->azKeyword[t->nKeyword++] = zWord;
    }
}

/* Read the byline fields author1, author2 … (in that order; empty ones
   skipped) into pf->text. */
static void form_authors(Request *req, const Person *aPerson, int nPerson,
                         bool bLenient, ArticleForm *pf)
{
    ArticleText *t = &pf->text;
    t->nAuthor = 0;
    for (int i = 1; i <= ARTICLE_AUTHORS_MAX; i++) {
        const char *zValue = req_form(req, arena_printf(req->a, "author%d", i));
        if (zValue == NULL || zValue[0] == 0) {
            continue;
        }
        int64_t id = http_parse_id(zValue);
        bool bKnown = false;
        for (int k = 0; k < nPerson && id != 0; k++) {
            bKnown = bKnown || aPerson[k].id == id;
        }
        if (!bKnown) {
            form_error(pf, "f-author-1", "기자 목록에 없는 사람입니다.");
            continue;
        }
        bool bTwice = false;
        for (int k = 0; k < t->nAuthor; k++) {
            bTwice = bTwice || t->aAuthor[k] == id;
        }
        if (bTwice) {
            form_error(pf, "f-author-1", "같은 기자를 두 번 고를 수 없습니다.");
            continue;
        }
        if (t->nAuthor == ARTICLE_AUTHORS_MAX) {
            form_error(pf, "f-author-1",
                       arena_printf(req->a, "기자는 %d명까지입니다.",
                                    ARTICLE_AUTHORS_MAX));
            break;
        }
        t->aAuthor[t->nAuthor++] = id;
    }
    if (t->nAuthor == 0 && !bLenient) {
        form_error(pf, "f-author-1", "기자를 한 명 이상 골라 주십시오.");
    }
}

/* Parse the 예약 field ("YYYY-MM-DDTHH:MM", the site's zone). */
static UnixTime form_publish_at(Request *req, const char *z)
{
    UnixTime t = 0;
    size_t n = strlen(z);
    if (n == 16) {
        z = arena_printf(req->a, "%s:00", z);
    }
    return n >= 16 && n <= 19 && time_parse_iso(z, &t) ? t : 0;
}

void article_form_read(Request *req, const Person *aPerson, int nPerson,
                       bool bLenient, ArticleForm *pf)
{
    memset(pf, 0, sizeof(*pf));
    ArticleText *t = &pf->text;
    t->zTitle = form_trim(req->a, form_field(req, "title"));
    t->zSubtitle = form_field(req, "subtitle");
    t->zDateline = form_trim(req->a, form_field(req, "dateline"));
    t->zSummary = form_field(req, "summary");
    t->zBodyMd = form_field(req, "body");
    pf->zKeywords = form_field(req, "keywords");
    pf->zPublishAt = form_field(req, "publish_at");
    pf->zDeskNote = form_field(req, "desk_note");
    pf->baseVersion = http_parse_id(req_form(req, "base_version"));
    const char *zAction = form_field(req, "action");
    pf->action = ARTICLE_SAVE;
    if (strcmp(zAction, "preview") == 0) {
        pf->bPreview = true;
    } else if (zAction[0] != 0 && !article_action_parse(zAction, &pf->action)) {
        form_error(pf, NULL, "알 수 없는 단추입니다. 다시 눌러 주십시오.");
    }

    if (t->zTitle[0] == 0 && !bLenient) {
        form_error(pf, "f-title", "제목을 적어 주십시오.");
    } else if (strchr(t->zTitle, '\n') != NULL) {
        form_error(pf, "f-title", "제목은 한 줄로 적어 주십시오.");
    }
    form_limit(req, pf, "f-title", "제목은", t->zTitle, NEWSROOM_TITLE_MAX);
    form_limit(req, pf, "f-subtitle", "부제는", t->zSubtitle,
               NEWSROOM_SUBTITLE_MAX);
    int nLines = t->zSubtitle[0] ? 1 : 0;
    for (const char *z = t->zSubtitle; *z; z++) {
        nLines += *z == '\n';
    }
    if (nLines > NEWSROOM_SUBTITLE_LINES) {
        form_error(pf, "f-subtitle",
                   arena_printf(req->a,
                                "부제는 %d줄까지입니다. 지금 %d줄입니다.",
                                NEWSROOM_SUBTITLE_LINES, nLines));
    }
    int64_t sectionId = http_parse_id(req_form(req, "section"));
    if (sectionId != 0 &&
        site_section_by_id(site_current(), sectionId) != NULL) {
        t->sectionId = sectionId;
    } else if (!bLenient) {
        form_error(pf, "f-section", "섹션을 골라 주십시오.");
    }
    form_authors(req, aPerson, nPerson, bLenient, pf);
    if (strchr(t->zDateline, '\n') != NULL) {
        form_error(pf, "f-dateline", "발신지는 한 줄로 적어 주십시오.");
    }
    form_limit(req, pf, "f-dateline", "발신지는", t->zDateline,
               NEWSROOM_DATELINE_MAX);
    form_limit(req, pf, "f-summary", "요약은", t->zSummary,
               NEWSROOM_SUMMARY_MAX);
    form_keywords(req, pf);
    form_limit(req, pf, "f-body", "본문은", t->zBodyMd, NEWSROOM_BODY_MAX);
    form_limit(req, pf, "f-desk-note", "돌려보내는 이유는", pf->zDeskNote,
               NEWSROOM_NOTE_MAX);
    if (pf->zPublishAt[0] != 0) {
        pf->tPublishAt = form_publish_at(req, pf->zPublishAt);
    }
}

/* ------------------------------------------------------------------
 * Showing
 */

ArticleVerdict newsroom_may(const Request *req, const ArticleEdit *art,
                            bool bAuthor, ArticleAction action,
                            const char **pzWhy)
{
    ArticleState to = ARTICLE_DRAFT;
    ArticleState from = art ? art->state : ARTICLE_DRAFT;
    unsigned roles = req->pViewer ? req->pViewer->roles : 0;
    return article_transition(from, action, roles, bAuthor, &to, pzWhy);
}

const char *newsroom_keywords_text(Arena *a, const ArticleText *t)
{
    Str s;
    str_init(&s, a);
    for (int i = 0; i < t->nKeyword; i++) {
        if (i > 0) {
            str_append_z(&s, ", ");
        }
        str_append_z(&s, t->azKeyword[i]);
    }
    return s.z;
}

const char *newsroom_byline_names(Arena *a, const ArticleText *t,
                                  const Person *aPerson, int nPerson)
{
    Str s;
    str_init(&s, a);
    for (int i = 0; i < t->nAuthor; i++) {
        const char *zName = NULL;
        for (int k = 0; k < nPerson && zName == NULL; k++) {
            if (aPerson[k].id == t->aAuthor[i]) {
                zName = aPerson[k].zName;
            }
        }
        if (i > 0) {
            str_append_z(&s, ", ");
        }
        if (zName != NULL) {
            str_append_z(&s, zName);
        } else {
            str_appendf(&s, "#%lld", (long long)t->aAuthor[i]);
        }
    }
    return s.z;
}

const char *newsroom_section_name(int64_t id)
{
    const SiteSection *sec = site_section_by_id(site_current(), id);
    return sec ? sec->zName : "";
}

/* "2026-12-02T09:00" for a datetime-local field. */
static const char *editor_datetime_local(Arena *a, UnixTime t)
{
    char *z = time_format_iso(a, t);
    z[16] = 0;
    return z;
}

/* The byline fields: one per byline, and one empty more (at most the
   limit). */
static void editor_authors(View *v, const EditorPage *pg)
{
    const ArticleText *t = pg->pText;
    int nField = t->nAuthor + 1;
    if (nField > ARTICLE_AUTHORS_MAX) {
        nField = ARTICLE_AUTHORS_MAX;
    }
    view_list(v, "author_fields");
    for (int i = 0; i < nField; i++) {
        View *f = view_list_add(v, "author_fields");
        view_int(f, "n", i + 1);
        view_bool(f, "first", i == 0);
        int64_t chosen = i < t->nAuthor ? t->aAuthor[i] : 0;
        view_list(f, "people");
        for (int k = 0; k < pg->nPerson; k++) {
            View *o = view_list_add(f, "people");
            view_int(o, "id", pg->aPerson[k].id);
            view_str(o, "name", pg->aPerson[k].zName);
            view_str(o, "desk", pg->aPerson[k].zDesk);
            view_bool(o, "selected", pg->aPerson[k].id == chosen);
        }
    }
}

/* The buttons the viewer may press, as flags. */
static void editor_actions(Request *req, View *v, const EditorPage *pg)
{
    static const struct {
        ArticleAction action; /* the button */
        const char *zFlag;    /* its view flag */
    } aButton[] = {
        {ARTICLE_SAVE, "can_save"},
        {ARTICLE_SUBMIT, "can_submit"},
        {ARTICLE_SEND_BACK, "can_send_back"},
        {ARTICLE_PUBLISH, "can_publish"},
        {ARTICLE_SCHEDULE, "can_schedule"},
        {ARTICLE_UNSCHEDULE, "can_unschedule"},
        {ARTICLE_RETRACT, "can_retract"},
        {ARTICLE_REOPEN, "can_reopen"},
    };
    bool bAny = false;
    for (size_t i = 0; i < sizeof(aButton) / sizeof(aButton[0]); i++) {
        const char *zWhy = NULL;
        bool b = newsroom_may(req, pg->pCur, pg->bAuthor, aButton[i].action,
                              &zWhy) == ARTICLE_ALLOWED;
        view_bool(v, aButton[i].zFlag, b);
        bAny = bAny || b;
        if (aButton[i].action == ARTICLE_SAVE && !b && pg->pCur != NULL) {
            view_str(v, "read_only", zWhy);
        }
    }
    view_bool(v, "desk_actions",
              (req->pViewer->roles & ARTICLE_ROLES_DESK) != 0 && bAny);
}

int article_editor_render(Request *req, Response *res, const EditorPage *pg)
{
    Arena *a = req->a;
    const ArticleText *t = pg->pText;
    const ArticleEdit *cur = pg->pCur;
    View *v = view_new(a);
    view_str(v, "csrf", csrf_token(req, res));
    view_bool(v, "is_new", cur == NULL);
    if (cur == NULL) {
        view_str(v, "action_url", "/newsroom/articles/new");
        view_str(v, "autosave_url", "/newsroom/articles/new");
        view_str(v, "state_label", "새 기사");
    } else {
        View *art = view_obj(v, "article");
        view_int(art, "id", cur->id);
        view_int(art, "version", cur->version);
        view_str(art, "state", article_state_name(cur->state));
        view_str(v, "state_label", article_state_label(cur->state));
        view_str(art, "updated", time_format_local(a, cur->tUpdated));
        view_str(art, "updated_by", cur->zUpdatedByName);
        if (cur->tPublished != 0) {
            view_str(art, "published", time_format_local(a, cur->tPublished));
        }
        if (cur->tModified != 0) {
            view_str(art, "modified", time_format_local(a, cur->tModified));
        }
        if (cur->tScheduled != 0) {
            view_str(art, "scheduled", time_format_local(a, cur->tScheduled));
        }
        if (cur->zDeskNote[0] != 0) {
            view_str(art, "desk_note", cur->zDeskNote);
        }
        if (cur->state == ARTICLE_PUBLISHED) {
            view_str(art, "public_url",
                     arena_printf(a, "/article/%lld", (long long)cur->id));
        }
        const char *zBase =
            arena_printf(a, "/newsroom/articles/%lld", (long long)cur->id);
        view_str(v, "action_url", arena_printf(a, "%s/edit", zBase));
        view_str(v, "autosave_url", arena_printf(a, "%s/autosave", zBase));
        view_str(v, "preview_url", arena_printf(a, "%s/preview", zBase));
        view_str(v, "revisions_url", arena_printf(a, "%s/revisions", zBase));
    }
    view_int(v, "base_version", pg->baseVersion);
    view_str(v, "note", pg->zNote);
    view_str(v, "error", pg->zError);
    view_str(v, "error_field", pg->zErrorField);

    View *f = view_obj(v, "form");
    view_str(f, "title", t->zTitle);
    view_str(f, "subtitle", t->zSubtitle);
    view_str(f, "dateline", t->zDateline);
    view_str(f, "summary", t->zSummary);
    view_str(f, "body", t->zBodyMd);
    view_str(f, "keywords",
             pg->zKeywords ? pg->zKeywords : newsroom_keywords_text(a, t));
    view_str(f, "publish_at",
             pg->zPublishAt ? pg->zPublishAt
             : cur && cur->tScheduled
                 ? editor_datetime_local(a, cur->tScheduled)
                 : NULL);
    view_str(f, "desk_note", pg->zDeskNote);
    ManuscriptCount mc;
    manuscript_count(t->zBodyMd, strlen(t->zBodyMd), &mc);
    view_int(f, "body_chars", mc.nChars);
    view_int(f, "body_sheets", mc.nSheets);
    view_int(v, "title_max", NEWSROOM_TITLE_MAX);
    view_int(v, "subtitle_max", NEWSROOM_SUBTITLE_MAX);
    view_int(v, "dateline_max", NEWSROOM_DATELINE_MAX);
    view_int(v, "summary_max", NEWSROOM_SUMMARY_MAX);
    view_int(v, "body_max", NEWSROOM_BODY_MAX);
    view_int(v, "keywords_max", ARTICLE_KEYWORDS_MAX);
    view_int(v, "keyword_max", NEWSROOM_KEYWORD_MAX);
    view_int(v, "authors_max", ARTICLE_AUTHORS_MAX);

    const Site *pSite = site_current();
    view_list(v, "sections");
    for (int i = 0; i < pSite->nSection; i++) {
        View *s = view_list_add(v, "sections");
        view_int(s, "id", pSite->aSection[i].id);
        view_str(s, "name", pSite->aSection[i].zName);
        view_bool(s, "selected", pSite->aSection[i].id == t->sectionId);
    }
    editor_authors(v, pg);
    editor_actions(req, v, pg);

    if (pg->pTheirs != NULL) {
        View *cf = view_obj(v, "conflict");
        view_int(cf, "version", pg->pTheirs->version);
        view_str(cf, "by", pg->pTheirs->zUpdatedByName);
        view_str(cf, "at", time_format_local(a, pg->pTheirs->tUpdated));
        /* Theirs on the left, as stored; mine on the right. */
        newsroom_diff_view(a, v, "fields", &pg->pTheirs->text, t, pg->aPerson,
                           pg->nPerson);
        view_str(v, "old_label",
                 arena_printf(a, "저장된 글 (%lld판)",
                              (long long)pg->pTheirs->version));
        view_str(v, "new_label", "내가 쓴 글 (아래 칸에 그대로 있습니다)");
    }
    if (pg->pAutosave != NULL && cur != NULL) {
        View *as = view_obj(v, "autosave");
        view_str(as, "at", time_format_local(a, pg->pAutosave->tSaved));
        view_str(as, "restore_url",
                 arena_printf(a, "/newsroom/articles/%lld/edit?autosave=1",
                              (long long)cur->id));
    }
    view_bool(v, "from_autosave", pg->bFromAutosave);
    view_str(v, "editor_js_version", static_version("editor.js"));

    res->status = pg->status ? pg->status : 200;
    res->bNoStore = true;
    const char *zTitle =
        cur ? arena_printf(a, "기사 편집: %s", cur->text.zTitle) : "새 기사";
    return site_page_render(req, res, "newsroom/article_editor", v, zTitle,
                            NULL);
}
