/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rpc-framing.h: newline-delimited framing of a byte stream. Bytes read from
 * a socket are fed in; complete lines come out, one JSON-RPC message each.
 * A line longer than the limit (RPC_MAX_MESSAGE, newline excluded) is
 * reported as RPC_FRAME_TOO_LONG, after which the stream is unusable: the
 * server answers -32600 and closes the connection.
 *
 * Every byte has a stream offset (0 for the first byte ever fed);
 * rpc_framer_offset() is the offset just past the last line returned, which
 * lets a reader tie out-of-band data (file descriptors, see rpc-fdpass.h)
 * to the line it came with.
 */
#ifndef HV_PROTO_RPC_FRAMING_H
#define HV_PROTO_RPC_FRAMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RPC_MAX_MESSAGE	(1024 * 1024)	/* bytes per line, '\n' excluded */
#define RPC_MAX_DEPTH	64		/* JSON nesting levels per message */

struct rpc_framer {
	char *buf;
	size_t len;		/* bytes held in buf */
	size_t cap;
	size_t start;		/* first byte not returned as a line yet */
	size_t scan;		/* where the search for '\n' resumes */
	size_t limit;
	uint64_t base;		/* stream offset of buf[0] */
	bool too_long;
};

enum rpc_frame {
	RPC_FRAME_LINE,		/* *line, *len hold one message */
	RPC_FRAME_NEED_MORE,	/* no complete line buffered */
	RPC_FRAME_TOO_LONG,	/* a line exceeds the limit: close */
};

void rpc_framer_init(struct rpc_framer *f, size_t limit);
void rpc_framer_free(struct rpc_framer *f);

/* Appends bytes; false when memory runs out (the stream is then unusable). */
bool rpc_framer_feed(struct rpc_framer *f, const void *data, size_t len);

/*
 * The next complete line without its '\n' (and without a '\r' before it),
 * NUL-terminated in place. It stays valid until the next feed.
 */
enum rpc_frame rpc_framer_next(struct rpc_framer *f, char **line, size_t *len);

/* Bytes of an incomplete line held (nonzero means a request is half-sent). */
size_t rpc_framer_pending(const struct rpc_framer *f);

/* Stream offset just past the last line returned by rpc_framer_next(). */
uint64_t rpc_framer_offset(const struct rpc_framer *f);

#endif
