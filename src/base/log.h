/*
 * log.h — one line per event on standard error, and the access log.
 *
 * Levels: error (environment failures), warn (start-up warnings such as an
 * empty legal field), info (request errors, lifecycle).  Those lines are
 * written at once, one write(2) each.
 *
 * The access log is a separate stream, buffered: each thread that writes
 * access lines formats them into its own chunk (LOG_ACCESS_BUF_BYTES) and
 * hands a full one to a writer thread, which writes chunks in order, whole
 * lines only, and once a second also takes the partly filled ones; so a
 * server thread never waits for the disk (unless 64 chunks, 4 MiB, are
 * already waiting).  log_access_flush() writes everything out and waits
 * for it; the program calls it through log_access_reopen() (SIGHUP, for
 * logrotate) and log_access_close() (before it exits).  Every write to
 * the file is one write(2) of whole lines made under one lock, so lines of
 * different threads never interleave or tear.  A crash loses what is not
 * written yet: about the last second of lines.
 *
 * Owner: main.c sets the level and the access file before the server
 * starts, calls log_access_reopen() on SIGHUP and log_access_close()
 * after the last thread that wrote access lines has stopped.
 */
#ifndef SINMUN_BASE_LOG_H
#define SINMUN_BASE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Bytes of access lines a thread gathers before handing them over. */
#define LOG_ACCESS_BUF_BYTES (64u * 1024u)

/* Bytes of "[10/Oct/2000:13:55:36 +0000]" without a NUL. */
#define LOG_CLF_TIME_BYTES 28u

/* Severity of a log line; lines below the configured level are dropped. */
typedef enum LogLevel {
    LOG_DEBUG = 0, /* developer detail */
    LOG_INFO = 1,  /* lifecycle and request errors */
    LOG_WARN = 2,  /* something the operator should fix */
    LOG_ERROR = 3, /* an environment failure */
} LogLevel;

/* Set the lowest level written; default LOG_INFO. */
void log_set_level(LogLevel level);

/*
 * Send access-log lines to the file 'zPath' (appended, created 0640), "-"
 * for standard error, "off" to drop them; starts the writer thread.  Call
 * before any thread writes access lines; lines still buffered go to the
 * previous file first.  Return 0, or -1 when the file cannot be opened or
 * the thread started (the setting is then unchanged).
 */
int log_set_access(const char *zPath);

/*
 * Write out every thread's buffered access lines, then open the access
 * file again by its name, so that lines after this call go to a new file
 * when the old one was renamed (logrotate's default).  Standard error and
 * "off" are left as they are.  Return 0, or -1 when the file cannot be
 * opened (logged; lines keep going to the old file).  Thread-safe.
 */
int log_access_reopen(void);

/*
 * Write out every thread's buffered access lines now and return when
 * they are written.  Thread-safe; the owner threads may go on adding
 * lines meanwhile (those may wait for the next write).
 */
void log_access_flush(void);

/*
 * Flush, stop the writer thread, close the access file and free every
 * thread's buffer.  Call only when no thread will write access lines
 * again; afterwards the access log is off.
 */
void log_access_close(void);

/* Write one line at 'level'. */
void log_msg(LogLevel level, const char *zFmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Start an access line in the calling thread's buffer: return where to
 * write at most 'nMax' bytes (the line and its newline; at most
 * LOG_ACCESS_BUF_BYTES), handing earlier lines to the writer first when
 * they leave too little room.  NULL when the access log is off.  The
 * thread's buffer stays locked until log_access_end(), which must follow
 * with no other log call in between.
 */
char *log_access_begin(size_t nMax);

/* Finish the line started by log_access_begin(): 'nUsed' bytes were written. */
void log_access_end(size_t nUsed);

/* Format one access line (a newline is added) with log_access_begin(). */
void log_access(const char *zFmt, ...) __attribute__((format(printf, 1, 2)));

/* True when access lines are written anywhere. */
bool log_access_enabled(void);

/*
 * Write the time 't' (UTC) as the Common Log Format shows it,
 * "[10/Oct/2000:13:55:36 +0000]", into 'zOut' (LOG_CLF_TIME_BYTES, not
 * NUL-terminated).  The calling thread formats each second only once.
 */
void log_clf_time(time_t t, char zOut[LOG_CLF_TIME_BYTES]);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
