/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rpc-codec.h: the JSON-RPC 2.0 codec shared by every hv endpoint (hvd's
 * sockets, the monitor's socket) and by clients.
 *
 * Server side: rpc_serve_line() takes one line from rpc-framing.h and does
 * everything the protocol demands: parse (strict, UTF-8 validated, at most
 * RPC_MAX_DEPTH levels), check the request shape, call the endpoint for each
 * request, and write back one reply line (an array for a batch, nothing
 * when every message was a notification):
 *   - not JSON or invalid UTF-8        -> -32700, id null
 *   - nested deeper than RPC_MAX_DEPTH -> -32600, id null
 *   - not a request object, empty batch -> -32600 (id kept when readable)
 * Empty and all-blank lines are ignored.
 *
 * Client side: rpc_request_line() builds a request, rpc_reply_parse()
 * classifies a line received from a server.
 */
#ifndef HV_PROTO_RPC_CODEC_H
#define HV_PROTO_RPC_CODEC_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "proto/rpc-errors.h"
#include "proto/rpc-framing.h"

struct rpc_request {
	const char *method;
	struct json_object *params;	/* object or array; NULL if absent */
	struct json_object *id;		/* NULL for notification or id null */
	bool notification;		/* no "id" member: no reply */
};

/* An error being answered, or received. */
struct rpc_error {
	int code;			/* enum rpc_err */
	char name[32];			/* error.data.name */
	char param[128];		/* INVALID_PARAMS: e.g. "image.path" */
	char message[256];
};

/* Fills err with code, its symbolic name and a printf-style message. */
void rpc_error_set(struct rpc_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Same, naming the parameter at fault (code RPC_ERR_INVALID_PARAMS). */
void rpc_error_param(struct rpc_error *err, const char *param,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * What an endpoint provides. call() answers one request: it returns the
 * result (a new reference) or NULL after filling err. For a notification
 * the result is discarded. write() receives the reply bytes, '\n' included,
 * possibly in several pieces.
 */
struct rpc_server_ops {
	struct json_object *(*call)(void *ctx, const struct rpc_request *req,
				    struct rpc_error *err);
	void (*write)(void *ctx, const char *data, size_t len);
};

/* Per-connection parser state (reused between lines for speed). */
struct rpc_codec {
	struct json_tokener *tok;
};

bool rpc_codec_init(struct rpc_codec *c);
void rpc_codec_free(struct rpc_codec *c);

/*
 * Parses one line into *out (a new reference; JSON null gives NULL and
 * true). false with err filled (PARSE or INVALID_REQUEST for depth).
 */
bool rpc_parse(struct rpc_codec *c, const char *line, size_t len,
	       struct json_object **out, struct rpc_error *err);

/*
 * Checks that msg is a JSON-RPC 2.0 request and points req into it.
 * On failure fills err and returns false; req->id then holds the id if
 * one could be read, so that the error reply carries it.
 */
bool rpc_request_check(struct json_object *msg, struct rpc_request *req,
		       struct rpc_error *err);

/* Parses, dispatches and answers one line (see the top of this file). */
void rpc_serve_line(struct rpc_codec *c, const char *line, size_t len,
		    const struct rpc_server_ops *ops, void *ctx);

/* Writes the reply for a line over RPC_MAX_MESSAGE: -32600, id null. */
void rpc_serve_too_long(const struct rpc_server_ops *ops, void *ctx);

/* Reply objects (new references); id may be NULL (JSON null). */
struct json_object *rpc_result_new(struct json_object *id,
				   struct json_object *result);
struct json_object *rpc_error_new(struct json_object *id,
				  const struct rpc_error *err);
/* A notification {"jsonrpc":"2.0","method":...,"params":...}. */
struct json_object *rpc_notification_new(const char *method,
					  struct json_object *params);

/*
 * The one-line text of msg (no '\n'), owned by msg; *len gets its length.
 * This is how every message goes on the wire: plain, no slash escapes.
 */
const char *rpc_text(struct json_object *msg, size_t *len);

/*
 * A request line with its '\n' (malloc'd, NUL-terminated) for method with
 * params (may be NULL; the reference is taken) and the integer id, or a
 * notification when id < 0. NULL when memory runs out.
 */
char *rpc_request_line(const char *method, struct json_object *params,
		       long long id, size_t *len);

enum rpc_reply_kind {
	RPC_REPLY_RESULT,	/* *result: the result (owned by *msg) */
	RPC_REPLY_ERROR,	/* *err filled from error.{code,message,data} */
	RPC_REPLY_NOTIFICATION,	/* *result: params (owned by *msg) */
	RPC_REPLY_BATCH,	/* an array: the caller walks *msg */
	RPC_REPLY_INVALID,	/* not a JSON-RPC 2.0 response: *err says why */
};

/*
 * Classifies one line received from a server. *msg gets the parsed message
 * (a new reference, NULL when unparsable) which the caller puts; *id (owned
 * by *msg) the response id, NULL for null or a notification.
 */
enum rpc_reply_kind rpc_reply_parse(struct rpc_codec *c, const char *line,
				    size_t len, struct json_object **msg,
				    struct json_object **result,
				    struct json_object **id,
				    struct rpc_error *err);

/* The same for one parsed message (e.g. an element of a batch reply). */
enum rpc_reply_kind rpc_reply_classify(struct json_object *msg,
				       struct json_object **result,
				       struct json_object **id,
				       struct rpc_error *err);

#endif
