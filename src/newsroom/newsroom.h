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

#endif
