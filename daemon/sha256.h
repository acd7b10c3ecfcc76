/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sha256.h: SHA-256 (FIPS 180-4), used to record the checksum of each VM
 * image copied into the state directory.
 */
#ifndef HV_DAEMON_SHA256_H
#define HV_DAEMON_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE	32
#define SHA256_HEX_SIZE		(2 * SHA256_DIGEST_SIZE + 1)

struct sha256 {
	uint32_t h[8];
	uint64_t length;	/* bytes hashed */
	uint8_t block[64];
	size_t used;		/* bytes in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t digest[SHA256_DIGEST_SIZE]);
/* Lower-case hex of the digest, NUL-terminated. */
void sha256_hex(const uint8_t digest[SHA256_DIGEST_SIZE],
		char hex[SHA256_HEX_SIZE]);

#endif
