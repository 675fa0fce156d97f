/*
 * headwatch.h — connections still sending their request head: a deadline
 * for the whole head, and a cap on how many may be at it at once.
 *
 * libmicrohttpd's timeout is an idle timeout: a client sending one header
 * line every few seconds keeps a connection forever, and a few thousand
 * such connections from a handful of addresses fill the connection limit
 * so nobody else gets in (issue 8: 4,300 of them from 18 loopback
 * addresses made the site unreachable).  The server enters a connection
 * here when it starts waiting for a request head (a new connection, or a
 * kept-alive one after its answer) and takes it out when the head is
 * complete or the connection closes.  Past the deadline, or when a new
 * one would pass the cap, the connection that has waited longest is
 * closed by shutting its socket down (libmicrohttpd then reads the end of
 * the stream and closes it as usual), so readers whose requests are
 * complete are always served.
 *
 * Owner: server.c opens one per Server with headwatch_open() and closes
 * it with headwatch_close() after libmicrohttpd has closed every
 * connection.  Every function is safe from any thread.
 */
#ifndef SINMUN_WEB_HEADWATCH_H
#define SINMUN_WEB_HEADWATCH_H

#include <stdbool.h>
#include <stdint.h>

typedef struct HeadWatch HeadWatch;

/* A connection as the watch sees it; lives inside the server's Conn. */
typedef struct HeadEntry {
    int fd;                  /* its socket, shut down to close it */
    int64_t tStart;          /* monotonic µs it began waiting for a head */
    struct HeadEntry *pPrev; /* entered before it */
    struct HeadEntry *pNext; /* entered after it */
    bool bListed;            /* on the watch's list now */
} HeadEntry;

/*
 * Start watching with a deadline of 'nTimeoutMs' milliseconds for a whole
 * head and at most 'nMax' connections waiting for one ('nMax' >= 1).
 * Starts one thread that enforces the deadline.  Never NULL; aborts when
 * out of memory or when the thread cannot start.
 */
HeadWatch *headwatch_open(int64_t nTimeoutMs, int nMax);

/*
 * Stop the thread and free 'w' (NULL is fine).  Entries still listed are
 * forgotten, not shut down.
 */
void headwatch_close(HeadWatch *w);

/*
 * The connection 'e' with socket 'fd' starts waiting for a request head,
 * now.  When that would make more than the cap, the connection that has
 * waited longest is shut down and taken off first (never 'e').  Entering
 * an entry already listed restarts its clock.
 */
void headwatch_enter(HeadWatch *w, HeadEntry *e, int fd);

/*
 * 'e' is no longer waiting for a head (it arrived, or the connection is
 * closing).  Fine when 'e' is not listed.  After this returns the watch
 * never touches 'e' or its socket again.
 */
void headwatch_leave(HeadWatch *w, HeadEntry *e);

/* Connections waiting for a head right now (for tests and metrics). */
int headwatch_waiting(HeadWatch *w);

/*
 * Connections closed so far: past the deadline ('*pnLate', OUT) and to
 * stay under the cap ('*pnOver', OUT).  Either may be NULL.
 */
void headwatch_closed(HeadWatch *w, uint64_t *pnLate, uint64_t *pnOver);

#endif
