// SPDX-License-Identifier: GPL-2.0-only
/*
 * rpc-framing.c: splits a byte stream into newline-terminated messages,
 * bounding how much an unterminated line may hold.
 */
#include <stdlib.h>
#include <string.h>

#include "proto/rpc-framing.h"

void rpc_framer_init(struct rpc_framer *f, size_t limit)
{
	memset(f, 0, sizeof(*f));
	f->limit = limit;
}

void rpc_framer_free(struct rpc_framer *f)
{
	free(f->buf);
	memset(f, 0, sizeof(*f));
}

/* Drops the lines already returned so that buf starts at a pending byte. */
static void compact(struct rpc_framer *f)
{
	if (f->start == 0)
		return;
	memmove(f->buf, f->buf + f->start, f->len - f->start);
	f->len -= f->start;
	f->scan -= f->start;
	f->base += f->start;
	f->start = 0;
}

bool rpc_framer_feed(struct rpc_framer *f, const void *data, size_t len)
{
	size_t need;

	compact(f);
	need = f->len + len + 1;	/* room for the NUL of a last line */
	if (need > f->cap) {
		size_t cap = f->cap ? f->cap : 4096;
		char *p;

		while (cap < need)
			cap *= 2;
		p = realloc(f->buf, cap);
		if (!p)
			return false;
		f->buf = p;
		f->cap = cap;
	}
	memcpy(f->buf + f->len, data, len);
	f->len += len;
	return true;
}

enum rpc_frame rpc_framer_next(struct rpc_framer *f, char **line, size_t *len)
{
	char *nl;
	size_t n;

	if (f->too_long)
		return RPC_FRAME_TOO_LONG;
	nl = f->scan < f->len ? memchr(f->buf + f->scan, '\n',
				       f->len - f->scan) : NULL;
	if (!nl) {
		f->scan = f->len;
		if (f->len - f->start > f->limit) {
			f->too_long = true;
			return RPC_FRAME_TOO_LONG;
		}
		return RPC_FRAME_NEED_MORE;
	}
	n = (size_t)(nl - (f->buf + f->start));
	if (n > f->limit) {
		f->too_long = true;
		return RPC_FRAME_TOO_LONG;
	}
	*line = f->buf + f->start;
	*nl = '\0';
	if (n > 0 && (*line)[n - 1] == '\r')
		(*line)[--n] = '\0';
	*len = n;
	f->start = (size_t)(nl - f->buf) + 1;
	f->scan = f->start;
	return RPC_FRAME_LINE;
}

size_t rpc_framer_pending(const struct rpc_framer *f)
{
	return f->len - f->start;
}

uint64_t rpc_framer_offset(const struct rpc_framer *f)
{
	return f->base + f->start;
}
