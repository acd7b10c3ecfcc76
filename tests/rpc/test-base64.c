// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-base64.c: proto/base64: RFC 4648's test vectors both ways, every
 * byte value through a round trip, and malformed text refused.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "proto/base64.h"

Test(base64, rfc4648_vectors)
{
	static const char *const v[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	char enc[16];
	uint8_t dec[16];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t n = strlen(v[i][0]);

		cr_expect_eq(b64_encoded_len(n), strlen(v[i][1]));
		b64_encode((const uint8_t *)v[i][0], n, enc);
		cr_expect_str_eq(enc, v[i][1]);
		cr_assert_eq(b64_decode(v[i][1], strlen(v[i][1]), dec),
			     (ssize_t)n);
		cr_expect_eq(memcmp(dec, v[i][0], n), 0);
	}
}

Test(base64, every_byte_round_trips)
{
	uint8_t in[256], out[258];
	char enc[400];

	for (int i = 0; i < 256; i++)
		in[i] = (uint8_t)i;
	b64_encode(in, sizeof(in), enc);
	cr_assert_eq(b64_decode(enc, strlen(enc), out), 256);
	cr_expect_eq(memcmp(in, out, 256), 0);
}

Test(base64, malformed_is_refused)
{
	static const char *const bad[] = {
		"Zg=", "Z===", "Zg==Zg==", "Zm9*", "=Zg=", "Zm=v",
	};
	uint8_t out[16];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(b64_decode(bad[i], strlen(bad[i]), out), -1,
			     "%s", bad[i]);
}
