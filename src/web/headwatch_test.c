/*
 * headwatch_test.c — unit tests for the request-head deadline and cap
 * (web/headwatch.c), with socket pairs standing in for connections: a
 * connection the watch closes shows up as the end of the stream on the
 * other side of its pair.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "web/headwatch.h"

/* A connection: the watched end and the client's end. */
typedef struct Pair {
    int fdServer;    /* what the watch may shut down */
    int fdClient;    /* sees the end of the stream when it does */
    HeadEntry entry; /* its place in the watch */
} Pair;

static void pair_open(Pair *p)
{
    int aFd[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, aFd), 0);
    memset(p, 0, sizeof(*p));
    p->fdServer = aFd[0];
    p->fdClient = aFd[1];
}

static void pair_close(Pair *p)
{
    close(p->fdServer);
    close(p->fdClient);
}

/* True when the client's end sees the stream end within 'nMs'. */
static bool pair_shut(Pair *p, int nMs)
{
    struct pollfd pfd = {p->fdClient, POLLIN, 0};
    if (poll(&pfd, 1, nMs) != 1) {
        return false;
    }
    char c;
    return recv(p->fdClient, &c, 1, MSG_DONTWAIT) == 0;
}

static void test_headwatch_cap_closes_the_oldest(void **state)
{
    (void)state;
    HeadWatch *w = headwatch_open(60 * 1000, 3);
    Pair a[5];
    for (int i = 0; i < 5; i++) {
        pair_open(&a[i]);
    }
    for (int i = 0; i < 3; i++) {
        headwatch_enter(w, &a[i].entry, a[i].fdServer);
    }
    assert_int_equal(headwatch_waiting(w), 3);
    /* a[0]'s head arrives: it leaves, and is safe from the cap. */
    headwatch_leave(w, &a[0].entry);
    headwatch_enter(w, &a[3].entry, a[3].fdServer);
    assert_false(pair_shut(&a[0], 50));
    /* Now full (a[1], a[2], a[3]): a fifth drops a[1], the oldest. */
    headwatch_enter(w, &a[4].entry, a[4].fdServer);
    assert_true(pair_shut(&a[1], 1000));
    assert_false(a[1].entry.bListed);
    assert_false(pair_shut(&a[2], 50));
    assert_false(pair_shut(&a[4], 50));
    assert_int_equal(headwatch_waiting(w), 3);
    uint64_t nLate = 99, nOver = 99;
    headwatch_closed(w, &nLate, &nOver);
    assert_int_equal(nLate, 0);
    assert_int_equal(nOver, 1);
    /* Leaving twice, or an entry the cap already dropped, is fine. */
    headwatch_leave(w, &a[1].entry);
    headwatch_leave(w, &a[0].entry);
    headwatch_close(w);
    for (int i = 0; i < 5; i++) {
        pair_close(&a[i]);
    }
}

static void test_headwatch_reentering_moves_to_the_back(void **state)
{
    (void)state;
    HeadWatch *w = headwatch_open(60 * 1000, 2);
    Pair a[3];
    for (int i = 0; i < 3; i++) {
        pair_open(&a[i]);
    }
    headwatch_enter(w, &a[0].entry, a[0].fdServer);
    headwatch_enter(w, &a[1].entry, a[1].fdServer);
    /* a[0] answered a request and waits again: now the newest. */
    headwatch_enter(w, &a[0].entry, a[0].fdServer);
    assert_int_equal(headwatch_waiting(w), 2);
    headwatch_enter(w, &a[2].entry, a[2].fdServer);
    assert_true(pair_shut(&a[1], 1000));
    assert_false(pair_shut(&a[0], 50));
    headwatch_close(w);
    for (int i = 0; i < 3; i++) {
        pair_close(&a[i]);
    }
}

static void test_headwatch_deadline_closes_a_late_head(void **state)
{
    (void)state;
    HeadWatch *w = headwatch_open(100, 100);
    Pair late, done;
    pair_open(&late);
    pair_open(&done);
    headwatch_enter(w, &late.entry, late.fdServer);
    headwatch_enter(w, &done.entry, done.fdServer);
    headwatch_leave(w, &done.entry);
    /* Sending does not help: only a complete head takes it off. */
    assert_int_equal(send(late.fdClient, "X-Slow: 1\r\n", 11, 0), 11);
    assert_true(pair_shut(&late, 5000));
    assert_false(pair_shut(&done, 300));
    uint64_t nLate = 0;
    headwatch_closed(w, &nLate, NULL);
    assert_int_equal(nLate, 1);
    assert_int_equal(headwatch_waiting(w), 0);
    headwatch_close(w);
    pair_close(&late);
    pair_close(&done);
}

int main(void)
{
    const struct CMUnitTest aTest[] = {
        cmocka_unit_test(test_headwatch_cap_closes_the_oldest),
        cmocka_unit_test(test_headwatch_reentering_moves_to_the_back),
        cmocka_unit_test(test_headwatch_deadline_closes_a_late_head),
    };
    return cmocka_run_group_tests(aTest, NULL, NULL);
}
