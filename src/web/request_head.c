/*
 * request_head.c — a raw request through our request parsers, for
 * fuzzing; see request_head.h.
 */
#include "web/request_head.h"

#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/utf8.h"
#include "web/client_addr.h"
#include "web/form.h"

/* Most header lines looked at, as a bound on the work per input. */
#define REQUEST_HEAD_LINES_MAX 64

/* Trap unless 'z' is NUL-free valid UTF-8 of exactly 'n' bytes. */
static void request_head_check_text(const char *z, size_t n)
{
    if (z == NULL || strlen(z) != n || !utf8_valid(z, n)) {
        __builtin_trap();
    }
}

/* Check every Param of 'a' ('n' of them). */
static void request_head_check_params(const Param *a, int n)
{
    for (int i = 0; i < n; i++) {
        request_head_check_text(a[i].zName, strlen(a[i].zName));
        request_head_check_text(a[i].zValue, a[i].nValue);
    }
}

/*
 * The next line of 'p' from '*pi' to 'n' (ending at LF, a CR before it
 * dropped), NUL-terminated in 'a'; NULL at the end of the input.
 */
static char *request_head_line(Arena *a, const char *p, size_t n, size_t *pi)
{
    if (*pi >= n) {
        return NULL;
    }
    const char *zStart = p + *pi;
    const char *zLf = memchr(zStart, '\n', n - *pi);
    size_t nLine = zLf ? (size_t)(zLf - zStart) : n - *pi;
    *pi += nLine + (zLf ? 1 : 0);
    if (nLine > 0 && zStart[nLine - 1] == '\r') {
        nLine--;
    }
    return arena_strndup(a, zStart, nLine);
}

/* The client for a request from 'zPeer' with the forwarding lines. */
static NetAddr request_head_client(const NetList *pTrusted, const char *zPeer,
                                   ClientAddrHeader which,
                                   const char *const *azLine, int nLine)
{
    NetAddr peer, client;
    (void)netaddr_parse(zPeer, strlen(zPeer), &peer);
    client_addr_resolve(pTrusted, &peer, which, azLine, nLine, &client);
    /* The answer prints and reads back as itself. */
    char zText[NETADDR_TEXT_MAX];
    netaddr_format(&client, zText);
    NetAddr back;
    if (!netaddr_parse(zText, strlen(zText), &back) ||
        memcmp(&back, &client, sizeof(client)) != 0) {
        __builtin_trap();
    }
    return client;
}

int request_head_fuzz_one(const uint8_t *pData, size_t n)
{
    const char *p = (const char *)pData;
    Arena a;
    arena_init(&a);
    size_t i = 0;

    /* Request line: METHOD SP TARGET [SP VERSION]. */
    char *zLine = request_head_line(&a, p, n, &i);
    char *zTarget = zLine ? strchr(zLine, ' ') : NULL;
    if (zTarget != NULL) {
        zTarget++;
        char *zEnd = strrchr(zTarget, ' ');
        if (zEnd != NULL) {
            *zEnd = 0;
        }
        const char *zPath = NULL;
        Param *aQuery = NULL;
        int nQuery = 0;
        FormRc frc = form_parse_target(&a, zTarget, &zPath, &aQuery, &nQuery);
        if (frc == FORM_OK) {
            request_head_check_text(zPath, strlen(zPath));
            if (zPath[0] != '/') {
                __builtin_trap();
            }
            request_head_check_params(aQuery, nQuery);
        }
    }

    /* Header lines, up to the empty line. */
    const char *azXff[REQUEST_HEAD_LINES_MAX];
    const char *azFwd[REQUEST_HEAD_LINES_MAX];
    int nXff = 0, nFwd = 0, nHeader = 0;
    bool bForm = false;
    while ((zLine = request_head_line(&a, p, n, &i)) != NULL && zLine[0] != 0 &&
           nHeader++ < REQUEST_HEAD_LINES_MAX) {
        char *zColon = strchr(zLine, ':');
        if (zColon == NULL) {
            continue;
        }
        *zColon = 0;
        const char *zValue = zColon + 1;
        while (*zValue == ' ' || *zValue == '\t') {
            zValue++;
        }
        if (strcasecmp(zLine, "Cookie") == 0) {
            Param *aCookie = NULL;
            int nCookie = 0;
            form_parse_cookies(&a, zValue, &aCookie, &nCookie);
            request_head_check_params(aCookie, nCookie);
        } else if (strcasecmp(zLine, "X-Forwarded-For") == 0) {
            azXff[nXff++] = zValue;
        } else if (strcasecmp(zLine, "Forwarded") == 0) {
            azFwd[nFwd++] = zValue;
        } else if (strcasecmp(zLine, "Content-Type") == 0) {
            bForm = strncasecmp(zValue, "application/x-www-form-urlencoded",
                                33) == 0;
        }
    }

    /* The client: a trusted peer may be told; an untrusted one never. */
    NetList trusted;
    char zBad[64];
    (void)netaddr_parse_list("127.0.0.0/8, 10.0.0.0/8, ::1", &trusted, zBad);
    for (int k = 0; k < 2; k++) {
        ClientAddrHeader which = k ? CLIENT_ADDR_FORWARDED : CLIENT_ADDR_XFF;
        const char *const *azHop = k ? azFwd : azXff;
        int nHop = k ? nFwd : nXff;
        (void)request_head_client(&trusted, "127.0.0.1", which, azHop, nHop);
        NetAddr outside =
            request_head_client(&trusted, "2001:db8::9", which, azHop, nHop);
        NetAddr peer;
        (void)netaddr_parse("2001:db8::9", 11, &peer);
        if (memcmp(&outside, &peer, sizeof(peer)) != 0) {
            __builtin_trap();
        }
    }

    /* The body, as a form when it says so (and always when empty-typed,
       to reach the form parser from any input). */
    if (i <= n && (bForm || nHeader == 0)) {
        Param *aForm = NULL;
        int nForm = 0;
        if (form_parse_body(&a, p + i, n - i, &aForm, &nForm) == FORM_OK) {
            for (int k = 0; k < nForm; k++) {
                request_head_check_text(aForm[k].zName, strlen(aForm[k].zName));
                const char *zValue = form_value(&a, &aForm[k]);
                request_head_check_text(zValue, aForm[k].nValue);
                if (strchr(zValue, '\r') != NULL ||
                    !utf8_stream_safe(zValue, aForm[k].nValue) ||
                    form_value(&a, &aForm[k]) != zValue) {
                    __builtin_trap();
                }
            }
        }
    }
    arena_close(&a);
    return 0;
}
