/*
 * newsroom.h — the staff's pages under /newsroom (moderation lives with
 * reports/, which owns reports and takedowns).
 */
#ifndef SINMUN_NEWSROOM_NEWSROOM_H
#define SINMUN_NEWSROOM_NEWSROOM_H

#include "web/http.h"

/* ROUTE handlers. */
int newsroom_page(Request *req, Response *res);
int correction_page(Request *req, Response *res);
int correction_post(Request *req, Response *res);
int front_edit_page(Request *req, Response *res);
int front_edit_post(Request *req, Response *res);
int newsroom_list_page(Request *req, Response *res);

/* The article editor, revisions and preview (one file each). */
int article_new_page(Request *req, Response *res);
int article_new_post(Request *req, Response *res);
int article_edit_page(Request *req, Response *res);
int article_edit_post(Request *req, Response *res);
int article_autosave_post(Request *req, Response *res);
int article_preview_page(Request *req, Response *res);
int article_revisions_page(Request *req, Response *res);
int article_diff_page(Request *req, Response *res);
int article_restore_post(Request *req, Response *res);

/* ROUTE handlers of /newsroom/admin (admin role; admin_*.c). */
int admin_page(Request *req, Response *res);
int admin_audit_page(Request *req, Response *res);
int admin_people_page(Request *req, Response *res);
int admin_person_new_page(Request *req, Response *res);
int admin_person_page(Request *req, Response *res);
int admin_person_create(Request *req, Response *res);
int admin_person_update(Request *req, Response *res);
int admin_person_account_post(Request *req, Response *res);
int admin_sections_page(Request *req, Response *res);
int admin_section_create(Request *req, Response *res);
int admin_section_rename(Request *req, Response *res);
int admin_section_move(Request *req, Response *res);
int admin_settings_page(Request *req, Response *res);
int admin_settings_post(Request *req, Response *res);

#endif
