/*
 * password.c — Argon2id password hashes (libsodium), with a cap on how
 * many run at once: one costs ~140 ms and 64 MiB at interactive limits, so
 * a burst of sign-ins must queue rather than exhaust memory.
 */
#include "accounts/accounts.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

/* Hashes allowed to run at the same time. */
#define PASSWORD_CONCURRENT 2

static pthread_mutex_t g_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cond = PTHREAD_COND_INITIALIZER;
static int g_nRunning;
static bool g_bMinCost;

void password_use_min_cost(void)
{
    g_bMinCost = true;
}

static void password_enter(void)
{
    pthread_mutex_lock(&g_mutex);
    while (g_nRunning >= PASSWORD_CONCURRENT) {
        pthread_cond_wait(&g_cond, &g_mutex);
    }
    g_nRunning++;
    pthread_mutex_unlock(&g_mutex);
}

static void password_leave(void)
{
    pthread_mutex_lock(&g_mutex);
    g_nRunning--;
    pthread_cond_signal(&g_cond);
    pthread_mutex_unlock(&g_mutex);
}

int password_hash(const char *zPassword, char *zOut)
{
    unsigned long long ops = g_bMinCost ? crypto_pwhash_OPSLIMIT_MIN
                                        : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = g_bMinCost ? crypto_pwhash_MEMLIMIT_MIN
                            : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    password_enter();
    int rc = crypto_pwhash_str(zOut, zPassword, strlen(zPassword), ops, mem);
    password_leave();
    return rc == 0 ? OK : ERR_NOMEM;
}

bool password_verify(const char *zHash, const char *zPassword)
{
    if (zHash == NULL || zHash[0] == 0) {
        return false;
    }
    password_enter();
    int rc = crypto_pwhash_str_verify(zHash, zPassword, strlen(zPassword));
    password_leave();
    return rc == 0;
}
