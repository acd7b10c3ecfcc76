// SPDX-License-Identifier: GPL-2.0-only
/*
 * base64.c: RFC 4648 base64 with padding (base64.h).
 */
#include <stdbool.h>

#include "proto/base64.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t b64_encoded_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

void b64_encode(const uint8_t *in, size_t n, char *out)
{
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = in[i] << 16 | in[i + 1] << 8 | in[i + 2];

		*out++ = alphabet[v >> 18];
		*out++ = alphabet[(v >> 12) & 63];
		*out++ = alphabet[(v >> 6) & 63];
		*out++ = alphabet[v & 63];
	}
	if (i < n) {
		uint32_t v = in[i] << 16 | (i + 1 < n ? in[i + 1] << 8 : 0);

		*out++ = alphabet[v >> 18];
		*out++ = alphabet[(v >> 12) & 63];
		*out++ = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
		*out++ = '=';
	}
	*out = '\0';
}

static int value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

ssize_t b64_decode(const char *in, size_t len, uint8_t *out)
{
	size_t i, n = 0;

	if (len % 4)
		return -1;
	for (i = 0; i < len; i += 4) {
		int a = value(in[i]), b = value(in[i + 1]);
		int c = value(in[i + 2]), d = value(in[i + 3]);
		bool last = i + 4 == len;

		if (a < 0 || b < 0)
			return -1;
		/* '=' only at the very end, "x=" never followed by data */
		if ((c < 0 && !(last && in[i + 2] == '=' &&
				in[i + 3] == '=')) ||
		    (d < 0 && !(last && in[i + 3] == '=')))
			return -1;
		out[n++] = (uint8_t)(a << 2 | b >> 4);
		if (c >= 0)
			out[n++] = (uint8_t)((b & 15) << 4 | c >> 2);
		if (d >= 0)
			out[n++] = (uint8_t)((c & 3) << 6 | d);
	}
	return (ssize_t)n;
}
