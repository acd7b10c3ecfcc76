/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * base64.h: standard base64 (RFC 4648, padded), how console bytes travel
 * in JSON: console.output and console.input (hv-rpc(7)), and the
 * monitor's monitor.console.* (hv-vm(8)).
 */
#ifndef HV_PROTO_BASE64_H
#define HV_PROTO_BASE64_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Characters the encoding of n bytes takes (without the NUL). */
size_t b64_encoded_len(size_t n);
/* Encodes n bytes into out (b64_encoded_len(n) + 1 bytes, NUL-ended). */
void b64_encode(const uint8_t *in, size_t n, char *out);
/* Decodes len characters into out (at least len / 4 * 3 bytes); the byte
 * count, or -1 when in is not padded base64. */
ssize_t b64_decode(const char *in, size_t len, uint8_t *out);

#endif
