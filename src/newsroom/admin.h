/*
 * admin.h — what the admin's pages under /newsroom/admin share (admin
 * role): the audit log (audit_db.c, table audit_log of migration 11), the
 * checks every form field goes through and the pages' common view parts
 * (admin.c).
 *
 * Every change an admin makes — a person added or edited, a reporter
 * linked to an account, a section added, renamed or moved, a site setting
 * — writes one audit_log row per thing changed in the transaction of the
 * change itself: who (accounts.id), when, what ("person.update"), which
 * ("person:12") and a line of what changed ("부서: '산업1부' → '산업2부'").
 * /newsroom/admin/audit lists them, newest first.
 */
#ifndef SINMUN_NEWSROOM_ADMIN_H
#define SINMUN_NEWSROOM_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/rc.h"
#include "base/timeutil.h"
#include "store/store.h"
#include "view/view.h"
#include "web/http.h"
#include "web/keyset.h"

/* Most characters of each side of a change in an audit line. */
#define ADMIN_AUDIT_VALUE_CHARS 80
/* Rows a page of the audit log or the people list shows. */
#define ADMIN_PAGE_ROWS 50

/* One row of audit_log. */
typedef struct AuditEntry {
    int64_t id;        /* audit_log.id */
    int64_t accountId; /* who, accounts.id */
    UnixTime tAt;      /* when */
    char *zAction;     /* what: "person.update", "section.move" … */
    char *zTarget;     /* which: "person:12", "section:3", "setting:phone" */
    char *zDetail;     /* what changed, one line */
} AuditEntry;

/*
 * Record on 'c', inside the caller's transaction, that account
 * 'accountId' did 'zAction' to 'zTarget' at 'tAt', 'zDetail' saying
 * what changed.  Return OK or ERR_*.
 */
int audit_db_add(StoreConn *c, int64_t accountId, UnixTime tAt,
                 const char *zAction, const char *zTarget,
                 const char *zDetail) WARN_UNUSED;

/*
 * One page of the audit log, newest first by (at, id), at 'pos' of the
 * list at 'zPath' (web/keyset.h).  Set '*paOut' (OUT, in 'a': the first
 * pResult->nRow) and '*pResult' (OUT).  Return OK or ERR_*.
 */
int audit_db_page(StoreConn *c, Arena *a, const KeysetPos *pos,
                  const char *zPath, int nLimit, AuditEntry **paOut,
                  KeysetResult *pResult) WARN_UNUSED;

/*
 * Check the form value 'z' (NFC, CRLF made LF by req_form()): at most
 * 'nMaxChars' characters (grapheme clusters, after a byte bound), one
 * line when 'bOneLine', no control character but LF and TAB, and not
 * blank unless 'zMissing' is NULL.  'zTopic' names the field with its
 * particle ("이름은"); 'zMissing' is the whole message for a blank one
 * ("이름을 적어 주십시오.").  Return NULL when good, else the Korean
 * message (in 'a').
 */
const char *admin_check_text(Arena *a, const char *z, const char *zTopic,
                             const char *zMissing, int nMaxChars,
                             bool bOneLine);

/*
 * 'z' for an audit line: white space runs made one space, cut to
 * ADMIN_AUDIT_VALUE_CHARS characters with "…", in quotes ('산업1부'); ''
 * for "".  In 'a'.
 */
const char *admin_audit_value(Arena *a, const char *z);

/*
 * Fill 'v' with what every admin page shows: the tab bar (list 'tabs':
 * href, label, current) with 'zCurrent' ("people", "sections",
 * "settings", "audit" or NULL) marked.
 */
void admin_view_tabs(View *v, const char *zCurrent);

/*
 * Append the 'n' audit rows 'aEntry' to list 'zList' of 'v' (the list
 * exists even when empty): when (site zone and ISO), who (the account's
 * shown name and login, read through accounts/), what in Korean, which
 * (with a link to its admin page) and the detail line.  Return OK or
 * ERR_*.
 */
int admin_view_audit(Request *req, StoreConn *c, View *v, const char *zList,
                     const AuditEntry *aEntry, int n) WARN_UNUSED;

/* The person form, as stored or as typed, with a message per field. */
typedef struct AdminPersonForm {
    const char *zName;       /* 이름 */
    const char *zEmail;      /* e-mail */
    const char *zDesk;       /* 부서 */
    const char *zBio;        /* 소개 */
    const char *zNameError;  /* what is wrong with each, NULL when good */
    const char *zEmailError; /* … */
    const char *zDeskError;  /* … */
    const char *zBioError;   /* … */
    const char *zLogin;      /* the account form's login as typed, or "" */
    const char *zLoginError; /* what is wrong with it, NULL when good */
} AdminPersonForm;

/*
 * Render the person page (admin_person_page.c) for person 'id' (0: a new
 * one) with the form 'f', 'zNote' after a save (may be NULL) and
 * 'status'.  The account form (admin_person_account.c) shows errors
 * through the same page.  Return OK or ERR_*.
 */
int admin_person_render(Request *req, Response *res, StoreConn *c, int64_t id,
                        const AdminPersonForm *f, const char *zNote,
                        int status) WARN_UNUSED;

/* The sections page's forms, as typed, with their messages. */
typedef struct AdminSectionForm {
    const char *zSlug;        /* the add form's slug */
    const char *zName;        /* the add form's name */
    const char *zSlugError;   /* what is wrong with each, NULL when good */
    const char *zNameError;   /* … */
    int64_t renameId;         /* the section whose rename failed, or 0 */
    const char *zRename;      /* its name as typed */
    const char *zRenameError; /* what is wrong with it */
} AdminSectionForm;

/*
 * Render the sections page (admin_sections_page.c) with the forms 'f',
 * 'zNote' (may be NULL) and 'status'.  Return OK or ERR_*.
 */
int admin_sections_render(Request *req, Response *res, StoreConn *c,
                          const AdminSectionForm *f, const char *zNote,
                          int status) WARN_UNUSED;

/*
 * What is wrong with 'zName' as the name of section 'selfId' (0: a new
 * one): blank, too long, more than a line, or another section's name;
 * NULL when good.  '*pRc' (OUT) is OK or the ERR_* of reading the
 * sections.
 */
const char *admin_section_name_error(Request *req, StoreConn *c,
                                     const char *zName, int64_t selfId,
                                     int *pRc);

/*
 * The form field 'zName' of 'req' as sent, "" when missing (so what was
 * typed always comes back to the form).
 */
const char *admin_field(Request *req, const char *zName);

#endif
