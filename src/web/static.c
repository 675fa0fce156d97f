/*
 * static.c — in-memory static files; see static.h.
 *
 * A handful of small files: a linear table is enough.  Names with '/' or
 * a leading '.' never match, so no path can leave the folder.
 */
#include "web/static.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/log.h"
#include "base/xmalloc.h"
#include "web/cache.h"

/* Largest static file read. */
#define STATIC_FILE_MAX (4 * 1024 * 1024)

/* One file. */
typedef struct StaticFile {
    char *zName;       /* file name */
    char *pData;       /* bytes */
    size_t nData;      /* length */
    const char *zType; /* MIME type */
    char zVersion[17]; /* 16 hex of the ETag */
} StaticFile;

static StaticFile *g_aFile;
static int g_nFile;

static const char *static_type(const char *zName)
{
    static const struct {
        const char *zExt;  /* extension */
        const char *zType; /* MIME type */
    } aType[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"},
    };
    const char *zDot = strrchr(zName, '.');
    for (size_t i = 0; zDot && i < sizeof(aType) / sizeof(aType[0]); i++) {
        if (strcmp(zDot, aType[i].zExt) == 0) {
            return aType[i].zType;
        }
    }
    return "application/octet-stream";
}

static int static_read(const char *zDir, const char *zName, StaticFile *f)
{
    char zPath[1024];
    snprintf(zPath, sizeof(zPath), "%s/%s", zDir, zName);
    FILE *fp = fopen(zPath, "rb");
    if (fp == NULL) {
        return ERR_IO;
    }
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_size > STATIC_FILE_MAX) {
        fclose(fp);
        return ERR_NOTFOUND;
    }
    f->nData = (size_t)st.st_size;
    f->pData = xmalloc(f->nData + 1);
    if (fread(f->pData, 1, f->nData, fp) != f->nData) {
        fclose(fp);
        free(f->pData);
        return ERR_IO;
    }
    fclose(fp);
    f->zName = xstrdup(zName);
    f->zType = static_type(zName);
    char zEtag[24];
    cache_etag(f->pData, f->nData, zEtag);
    memcpy(f->zVersion, zEtag + 1, 16);
    f->zVersion[16] = 0;
    return OK;
}

int static_open(const char *zDir)
{
    DIR *d = opendir(zDir);
    if (d == NULL) {
        log_error("static: cannot open folder %s", zDir);
        return ERR_IO;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        StaticFile f = {0};
        if (static_read(zDir, e->d_name, &f) != OK) {
            continue;
        }
        StaticFile *a =
            xrealloc(g_aFile, sizeof(StaticFile) * (size_t)(g_nFile + 1));
        g_aFile = a;
        g_aFile[g_nFile++] = f;
    }
    closedir(d);
    return OK;
}

void static_close(void)
{
    for (int i = 0; i < g_nFile; i++) {
        free(g_aFile[i].zName);
        free(g_aFile[i].pData);
    }
    free(g_aFile);
    g_aFile = NULL;
    g_nFile = 0;
}

static const StaticFile *static_find(const char *zName)
{
    for (int i = 0; i < g_nFile; i++) {
        if (strcmp(g_aFile[i].zName, zName) == 0) {
            return &g_aFile[i];
        }
    }
    return NULL;
}

const char *static_version(const char *zName)
{
    const StaticFile *f = static_find(zName);
    return f ? f->zVersion : "";
}

/*
 * ROUTE: GET /apple-touch-icon.png
 *   (no parameters) — static/apple-touch-icon.png, where iOS looks
 */
/*
 * ROUTE: GET /favicon.ico
 *   (no parameters) — static/favicon.ico, where every browser looks first
 */
int static_icon_page(Request *req, Response *res)
{
    const StaticFile *f = static_find(req->zPath + 1);
    if (f == NULL) {
        return 404;
    }
    res->zContentType = f->zType;
    str_append(&res->body, f->pData, f->nData);
    res_tag(res, req->a, "static");
    /* A fixed address: a day, then the browser revalidates (ETag). */
    res_header(res, "Cache-Control", "public, max-age=86400");
    return OK;
}

/*
 * ROUTE: GET /static/{file}
 *   file  a file name inside static/ (no '/'), at most 255 bytes
 */
int static_file_page(Request *req, Response *res)
{
    const char *zName = req_path(req, "file");
    const StaticFile *f = zName ? static_find(zName) : NULL;
    if (f == NULL) {
        return 404;
    }
    res->zContentType = f->zType;
    str_append(&res->body, f->pData, f->nData);
    res_tag(res, req->a, "static");
    /* Links carry ?v=<hash>, so a long life is safe. */
    res_header(res, "Cache-Control", "public, max-age=31536000, immutable");
    return OK;
}
