// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz-helper-wire.c: libFuzzer target for the helper's message parser:
 * any bytes go to hw_decode_request() and hw_decode_reply(); whatever
 * decodes must encode back to the same bytes (the format is canonical).
 */
#include <stdlib.h>
#include <string.h>

#include "proto/helper-wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t again[HW_MSG_MAX];
	struct hw_request req;
	struct hw_reply rep;
	const char *why;
	int len;

	if (hw_decode_request(data, size, &req, &why) == 0) {
		len = hw_encode_request(&req, again, sizeof(again));
		if (len != (int)size || memcmp(again, data, size))
			abort();
		if (!hw_type_name(req.type) ||
		    hw_request_fds(&req) > HW_SPAWN_MAX_FDS)
			abort();
	}
	if (hw_decode_reply(data, size, &rep, &why) == 0 &&
	    (rep.status > 0 || rep.nfds > 1))
		abort();
	return 0;
}
