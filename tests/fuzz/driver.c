/*
** Replay driver for the fuzz targets, used by `make test` instead of
** libFuzzer. It is linked with one tests/fuzz/<name>.c (which defines
** LLVMFuzzerTestOneInput) and the library objects into
** build/san/fuzz/<name>, built with gcc's ASan+UBSan.
**
**     build/san/fuzz/<name> tests/fuzz/corpus/<name> tests/fuzz/regress/<name>
**
** Each argument is a file or a directory; a directory contributes every
** regular file directly inside it (not recursively), in name order, skipping
** dotfiles such as .gitkeep. Every input is copied into a heap block of its
** exact size, so ASan sees a read past its end. A crash or a sanitizer report
** ends the process with a non-zero status after naming the input; otherwise
** the driver prints "<name>: N inputs ok" and exits 0.
*/
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The target under test, defined by tests/fuzz/<name>.c. */
int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);

/* Optional one-time setup a target may define, as libFuzzer allows. */
int LLVMFuzzerInitialize(int *pArgc, char ***pArgv) __attribute__((weak));

/* Called by the sanitizer runtime just before it ends the process; weak so
** the driver also links without sanitizers. */
void __sanitizer_set_death_callback(void (*xCallback)(void))
    __attribute__((weak));

/* Path of the input being replayed, for the crash message; set before each
** call into the target. Fixed-size so the signal handler only reads it. */
static char zCurrentInput[4096];

/*
** Write "driver: crashed on input <path>" to stderr. Async-signal-safe: it
** only calls write(), so both the death callback and the signal handler use
** it.
*/
static void driver_report_current(void)
{
    static const char zPrefix[] = "driver: crashed on input ";
    ssize_t nIgnored;

    if (zCurrentInput[0] == '\0') {
        return;
    }
    nIgnored = write(STDERR_FILENO, zPrefix, sizeof(zPrefix) - 1);
    nIgnored = write(STDERR_FILENO, zCurrentInput, strlen(zCurrentInput));
    nIgnored = write(STDERR_FILENO, "\n", 1);
    (void)nIgnored;
}

/*
** Signal handler for SIGABRT (failed assert) and SIGSEGV/SIGBUS/SIGFPE when no
** sanitizer catches them: name the input, then die of the same signal with
** the default action so the exit status shows it.
*/
static void driver_on_signal(int iSignal)
{
    driver_report_current();
    signal(iSignal, SIG_DFL);
    raise(iSignal);
}

/*
** Read the whole file 'zPath' into a malloc'd block of exactly its size
** (malloc(0) for an empty file, so any read of it is reported). Returns the
** block, never NULL, which the caller frees, and stores the size in
** '*pnData'. Exits with status 2 when the file cannot be read: a missing
** corpus file is a broken test, not a passing one.
*/
static uint8_t *driver_read_file(const char *zPath, size_t *pnData /* OUT: */)
{
    FILE *pFile;
    struct stat st;
    uint8_t *aData;
    size_t nData;

    pFile = fopen(zPath, "rb");
    if (pFile == NULL || fstat(fileno(pFile), &st) != 0) {
        fprintf(stderr, "driver: cannot read %s: %s\n", zPath, strerror(errno));
        exit(2);
    }
    nData = (size_t)st.st_size;
    aData = malloc(nData);
    if (aData == NULL && nData == 0) {
        aData = malloc(1); /* a libc whose malloc(0) is NULL */
    }
    if (aData == NULL) {
        fprintf(stderr, "driver: out of memory for %s\n", zPath);
        exit(2);
    }
    if (nData > 0 && fread(aData, 1, nData, pFile) != nData) {
        fprintf(stderr, "driver: short read on %s\n", zPath);
        exit(2);
    }
    fclose(pFile);
    *pnData = nData;
    return aData;
}

/*
** Replay one file 'zPath' through the target. Returns 1 (the number of
** inputs run).
*/
static int driver_run_file(const char *zPath)
{
    uint8_t *aData;
    size_t nData;

    aData = driver_read_file(zPath, &nData);
    snprintf(zCurrentInput, sizeof(zCurrentInput), "%s", zPath);
    LLVMFuzzerTestOneInput(aData, nData);
    zCurrentInput[0] = '\0';
    free(aData);
    return 1;
}

/* qsort comparator for an array of char* file names. */
static int driver_compare_names(const void *pA, const void *pB)
{
    return strcmp(*(char *const *)pA, *(char *const *)pB);
}

/*
** Replay every regular, non-dot file directly inside directory 'zDir', in
** name order. Returns the number of inputs run.
*/
static int driver_run_dir(const char *zDir)
{
    DIR *pDir;
    struct dirent *pEntry;
    char **azName = NULL;
    size_t nName = 0;
    size_t nAlloc = 0;
    int nRun = 0;

    pDir = opendir(zDir);
    if (pDir == NULL) {
        fprintf(stderr, "driver: cannot open %s: %s\n", zDir, strerror(errno));
        exit(2);
    }
    while ((pEntry = readdir(pDir)) != NULL) {
        if (pEntry->d_name[0] == '.') {
            continue;
        }
        if (nName == nAlloc) {
            nAlloc = nAlloc ? nAlloc * 2 : 64;
            azName = realloc(azName, nAlloc * sizeof(*azName));
            if (azName == NULL) {
                fprintf(stderr, "driver: out of memory\n");
                exit(2);
            }
        }
        azName[nName] = strdup(pEntry->d_name);
        if (azName[nName] == NULL) {
            fprintf(stderr, "driver: out of memory\n");
            exit(2);
        }
        nName++;
    }
    closedir(pDir);
    if (nName > 0) {
        qsort(azName, nName, sizeof(*azName), driver_compare_names);
    }

    for (size_t i = 0; i < nName; i++) {
        size_t nPath = strlen(zDir) + 1 + strlen(azName[i]) + 1;
        char *zPath = malloc(nPath);
        struct stat st;

        if (zPath == NULL) {
            fprintf(stderr, "driver: out of memory\n");
            exit(2);
        }
        snprintf(zPath, nPath, "%s/%s", zDir, azName[i]);
        if (stat(zPath, &st) == 0 && S_ISREG(st.st_mode)) {
            nRun += driver_run_file(zPath);
        }
        free(zPath);
        free(azName[i]);
    }
    free(azName);
    return nRun;
}

int main(int argc, char **argv)
{
    const char *zName;
    int nRun = 0;

    zName = strrchr(argv[0], '/');
    zName = zName ? zName + 1 : argv[0];

    if (__sanitizer_set_death_callback != NULL) {
        __sanitizer_set_death_callback(driver_report_current);
    }
    signal(SIGABRT, driver_on_signal);
    signal(SIGSEGV, driver_on_signal);
    signal(SIGBUS, driver_on_signal);
    signal(SIGFPE, driver_on_signal);

    if (LLVMFuzzerInitialize != NULL) {
        LLVMFuzzerInitialize(&argc, &argv);
    }

    for (int i = 1; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "driver: cannot stat %s: %s\n", argv[i],
                    strerror(errno));
            return 2;
        }
        if (S_ISDIR(st.st_mode)) {
            nRun += driver_run_dir(argv[i]);
        } else {
            nRun += driver_run_file(argv[i]);
        }
    }
    printf("%s: %d inputs ok\n", zName, nRun);
    return 0;
}
