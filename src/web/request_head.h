/*
 * request_head.h — a raw HTTP request through the parsers the server
 * applies to it, as one entry point for the request fuzz target
 * (tests/fuzz/request_fuzz.c).
 *
 * libmicrohttpd splits the request line and the header lines; everything
 * after that is ours: the target (form_parse_target()), the Cookie header
 * (form_parse_cookies()), the forwarding headers (client_addr_resolve())
 * and an urlencoded body (form_parse_body(), form_value()).  This runs
 * them in the server's order on text split the way libmicrohttpd splits
 * it, and checks what each promises.
 */
#ifndef SINMUN_WEB_REQUEST_HEAD_H
#define SINMUN_WEB_REQUEST_HEAD_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parse the 'n' bytes at 'p' as "METHOD TARGET VERSION\r\n", header lines
 * "Name: value\r\n" (LF alone also ends a line), an empty line and a body.
 * Traps (__builtin_trap) when a parser breaks its promise: a decoded path,
 * query value, cookie or form value that is not NUL-free valid UTF-8, a
 * form value holding CR or a long run of combining marks, a form value
 * that changes when read twice, or a client address taken from a header
 * sent by a peer that is not a trusted proxy.  Returns 0.
 */
int request_head_fuzz_one(const uint8_t *p, size_t n);

#endif
