/*
 * static.h — the files under static/ (CSS, small scripts, icons), read
 * into memory at start-up and served by GET /static/{file}.
 *
 * Owner: main.c calls static_open() before the server starts and
 * static_close() after it stops; the table is read-only in between.
 */
#ifndef SINMUN_WEB_STATIC_H
#define SINMUN_WEB_STATIC_H

#include "base/rc.h"
#include "web/http.h"

/*
 * Read every regular file directly inside 'zDir'.  Return OK or ERR_IO
 * (logged).
 */
int static_open(const char *zDir) WARN_UNUSED;

/* Free the table. */
void static_close(void);

/*
 * A short version string for 'zName' (a hash of its bytes), for cache
 * busting in links: "/static/site.css?v=…".  "" when unknown.
 */
const char *static_version(const char *zName);

/* ROUTE handlers: GET /static/{file}; GET /favicon.ico and
   /apple-touch-icon.png (the static file of that name). */
int static_file_page(Request *req, Response *res);
int static_icon_page(Request *req, Response *res);

#endif
