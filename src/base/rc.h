/*
 * rc.h — return codes for environment errors.
 *
 * Functions that can fail because of the world (database busy, disk full)
 * return an int: OK or a negative ERR_*.  Request errors are HTTP statuses
 * chosen by handlers; bugs are assert()s.
 */
#ifndef SINMUN_BASE_RC_H
#define SINMUN_BASE_RC_H

/* Mark a function whose result must be checked. */
#define WARN_UNUSED __attribute__((warn_unused_result))

enum {
    OK = 0,               /* success */
    ERR_NOTFOUND = -1,    /* no such row or file */
    ERR_BUSY = -2,        /* database locked or pool exhausted: 503 */
    ERR_IO = -3,          /* file or network failure */
    ERR_DB = -4,          /* database error other than busy */
    ERR_INVALID = -5,     /* bad data from a file or the command line */
    ERR_CONSTRAINT = -6,  /* unique or foreign-key constraint failed */
    ERR_NOMEM = -7,       /* a library ran out of memory */
    ERR_UNAVAILABLE = -8, /* the database server cannot be reached: 503 */
};

#endif
