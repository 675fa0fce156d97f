/*
 * log.h — one line per event on standard error (or a file), thread-safe.
 *
 * Levels: error (environment failures), warn (start-up warnings such as an
 * empty legal field), info (request errors, lifecycle).  The access log is
 * a separate stream so that an operator can send it elsewhere.
 */
#ifndef SINMUN_BASE_LOG_H
#define SINMUN_BASE_LOG_H

#include <stdbool.h>

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
 * Send access-log lines to the file 'zPath' ("-" is standard error, "off"
 * drops them).  Return 0, or -1 when the file cannot be opened.
 */
int log_set_access(const char *zPath);

/* Write one line at 'level'. */
void log_msg(LogLevel level, const char *zFmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Write one access-log line (no level prefix); dropped when access is off. */
void log_access(const char *zFmt, ...) __attribute__((format(printf, 1, 2)));

/* True when access lines are written anywhere. */
bool log_access_enabled(void);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
