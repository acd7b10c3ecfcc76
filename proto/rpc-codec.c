// SPDX-License-Identifier: GPL-2.0-only
/*
 * rpc-codec.c: JSON-RPC 2.0 parsing, request checking, dispatch of single
 * messages and batches, and the construction of replies and requests.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/rpc-codec.h"
#include "proto/rpc-raw.h"

#define TEXT_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

static void error_vset(struct rpc_error *err, int code, const char *param,
		       const char *fmt, va_list ap)
{
	const struct rpc_error_info *info = rpc_error_by_code(code);

	err->code = code;
	snprintf(err->name, sizeof(err->name), "%s",
		 info ? info->name : "UNKNOWN");
	snprintf(err->param, sizeof(err->param), "%s", param ? param : "");
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
}

void rpc_error_set(struct rpc_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, code, NULL, fmt, ap);
	va_end(ap);
}

void rpc_error_param(struct rpc_error *err, const char *param,
		     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, RPC_ERR_INVALID_PARAMS, param, fmt, ap);
	va_end(ap);
}

bool rpc_codec_init(struct rpc_codec *c)
{
	c->tok = json_tokener_new_ex(RPC_MAX_DEPTH);
	if (!c->tok)
		return false;
	json_tokener_set_flags(c->tok, JSON_TOKENER_STRICT |
			       JSON_TOKENER_VALIDATE_UTF8);
	return true;
}

void rpc_codec_free(struct rpc_codec *c)
{
	if (c->tok)
		json_tokener_free(c->tok);
	c->tok = NULL;
}

static bool all_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\n')
			return false;
	return true;
}

bool rpc_parse(struct rpc_codec *c, const char *line, size_t len,
	       struct json_object **out, struct rpc_error *err)
{
	enum json_tokener_error jerr;
	struct json_object *obj;
	size_t end;

	json_tokener_reset(c->tok);
	/* The terminating NUL ends a bare number at the end of the line. */
	obj = json_tokener_parse_ex(c->tok, line, (int)len + 1);
	jerr = json_tokener_get_error(c->tok);
	end = json_tokener_get_parse_end(c->tok);
	if (jerr == json_tokener_error_depth) {
		rpc_error_set(err, RPC_ERR_INVALID_REQUEST,
			      "message nested deeper than %d levels",
			      RPC_MAX_DEPTH);
		return false;
	}
	if (jerr != json_tokener_success || end > len ||
	    !all_blank(line + end, len - end)) {
		json_object_put(obj);
		rpc_error_set(err, RPC_ERR_PARSE, "parse error: %s",
			      jerr == json_tokener_success ?
			      "unexpected data after the message" :
			      json_tokener_error_desc(jerr));
		return false;
	}
	*out = obj;
	return true;
}

/* Members a request may have; anything else makes it invalid. */
static const char *const request_members[] = {
	"jsonrpc", "method", "params", "id", NULL
};

static bool known_member(const char *key)
{
	for (const char *const *m = request_members; *m; m++)
		if (strcmp(*m, key) == 0)
			return true;
	return false;
}

bool rpc_request_check(struct json_object *msg, struct rpc_request *req,
		       struct rpc_error *err)
{
	struct json_object *v;

	memset(req, 0, sizeof(*req));
	if (!json_object_is_type(msg, json_type_object)) {
		rpc_error_set(err, RPC_ERR_INVALID_REQUEST,
			      "a request must be a JSON object");
		return false;
	}
	if (json_object_object_get_ex(msg, "id", &v)) {
		if (!v || json_object_is_type(v, json_type_string) ||
		    json_object_is_type(v, json_type_int) ||
		    json_object_is_type(v, json_type_double))
			req->id = v;
		else {
			rpc_error_set(err, RPC_ERR_INVALID_REQUEST,
				      "id must be a string, a number or null");
			return false;
		}
	} else {
		req->notification = true;
	}
	if (!json_object_object_get_ex(msg, "jsonrpc", &v) ||
	    !json_object_is_type(v, json_type_string) ||
	    strcmp(json_object_get_string(v), "2.0") != 0) {
		rpc_error_set(err, RPC_ERR_INVALID_REQUEST,
			      "jsonrpc must be \"2.0\"");
		return false;
	}
	if (!json_object_object_get_ex(msg, "method", &v) ||
	    !json_object_is_type(v, json_type_string)) {
		rpc_error_set(err, RPC_ERR_INVALID_REQUEST,
			      "method must be a string");
		return false;
	}
	req->method = json_object_get_string(v);
	if (json_object_object_get_ex(msg, "params", &v)) {
		if (!json_object_is_type(v, json_type_object) &&
		    !json_object_is_type(v, json_type_array)) {
			rpc_error_set(err, RPC_ERR_INVALID_REQUEST,
				      "params must be an object or an array");
			return false;
		}
		req->params = v;
	}
	json_object_object_foreach(msg, key, val) {
		(void)val;
		if (!known_member(key)) {
			rpc_error_set(err, RPC_ERR_INVALID_REQUEST,
				      "unknown member \"%s\" in request", key);
			return false;
		}
	}
	return true;
}

struct json_object *rpc_result_new(struct json_object *id,
				   struct json_object *result)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "jsonrpc", json_object_new_string("2.0"));
	json_object_object_add(o, "result", result);
	json_object_object_add(o, "id", json_object_get(id));
	return o;
}

struct json_object *rpc_error_new(struct json_object *id,
				  const struct rpc_error *err)
{
	struct json_object *o = json_object_new_object();
	struct json_object *e = json_object_new_object();
	struct json_object *data = json_object_new_object();

	json_object_object_add(data, "name",
			       json_object_new_string(err->name));
	if (err->param[0])
		json_object_object_add(data, "param",
				       json_object_new_string(err->param));
	json_object_object_add(e, "code", json_object_new_int(err->code));
	json_object_object_add(e, "message",
			       json_object_new_string(err->message));
	json_object_object_add(e, "data", data);
	json_object_object_add(o, "jsonrpc", json_object_new_string("2.0"));
	json_object_object_add(o, "error", e);
	json_object_object_add(o, "id", json_object_get(id));
	return o;
}

struct json_object *rpc_notification_new(const char *method,
					  struct json_object *params)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "jsonrpc", json_object_new_string("2.0"));
	json_object_object_add(o, "method", json_object_new_string(method));
	if (params)
		json_object_object_add(o, "params", params);
	return o;
}

const char *rpc_text(struct json_object *msg, size_t *len)
{
	return json_object_to_json_string_length(msg, TEXT_FLAGS, len);
}

/* Checks and calls one request; false for a notification (no reply). */
static bool call_one(struct json_object *msg, const struct rpc_server_ops *ops,
		     void *ctx, struct rpc_request *req,
		     struct json_object **result, struct rpc_error *err)
{
	*result = NULL;
	if (!rpc_request_check(msg, req, err))
		return true;
	err->code = 0;		/* NULL without an error is a null result */
	*result = ops->call(ctx, req, err);
	if (req->notification) {
		json_object_put(*result);
		*result = NULL;
		return false;
	}
	return true;
}

/* Answers one element of a batch: the reply, or NULL for a notification. */
static struct json_object *serve_one(struct json_object *msg,
				     const struct rpc_server_ops *ops,
				     void *ctx)
{
	struct rpc_request req;
	struct rpc_error err = { 0 };
	struct json_object *result;

	if (!call_one(msg, ops, ctx, &req, &result, &err))
		return NULL;
	if (!result && err.code != 0)
		return rpc_error_new(req.id, &err);
	return rpc_result_new(req.id, result);
}

static void send_msg(struct json_object *msg, const struct rpc_server_ops *ops,
		     void *ctx)
{
	size_t len;
	const char *s = rpc_text(msg, &len);

	ops->write(ctx, s, len);
	ops->write(ctx, "\n", 1);
}

static void send_text(struct json_object *v, const struct rpc_server_ops *ops,
		      void *ctx)
{
	size_t len;
	const char *s;

	if (!v) {
		ops->write(ctx, "null", 4);
		return;
	}
	if (!rpc_raw_text(v, &s, &len))
		s = rpc_text(v, &len);
	ops->write(ctx, s, len);
}

/*
 * Answers a single request. A result is written around the result's text
 * (the same bytes rpc_result_new() would give) without building the
 * envelope: the hot path of every endpoint.
 */
static void serve_single(struct json_object *msg,
			 const struct rpc_server_ops *ops, void *ctx)
{
	static const char head[] = "{\"jsonrpc\":\"2.0\",\"result\":";
	struct rpc_request req;
	struct rpc_error err = { 0 };
	struct json_object *result, *reply;

	if (!call_one(msg, ops, ctx, &req, &result, &err))
		return;
	if (!result && err.code != 0) {
		reply = rpc_error_new(req.id, &err);
		send_msg(reply, ops, ctx);
		json_object_put(reply);
		return;
	}
	ops->write(ctx, head, sizeof(head) - 1);
	send_text(result, ops, ctx);
	ops->write(ctx, ",\"id\":", 6);
	send_text(req.id, ops, ctx);
	ops->write(ctx, "}\n", 2);
	json_object_put(result);
}

static void send_error(const struct rpc_error *err,
		       const struct rpc_server_ops *ops, void *ctx)
{
	struct json_object *reply = rpc_error_new(NULL, err);

	send_msg(reply, ops, ctx);
	json_object_put(reply);
}

static void serve_batch(struct json_object *batch,
			const struct rpc_server_ops *ops, void *ctx)
{
	size_t n = json_object_array_length(batch);
	struct json_object *replies;
	struct rpc_error err;

	if (n == 0) {
		rpc_error_set(&err, RPC_ERR_INVALID_REQUEST, "empty batch");
		send_error(&err, ops, ctx);
		return;
	}
	replies = json_object_new_array_ext((int)n);
	for (size_t i = 0; i < n; i++) {
		struct json_object *r;

		r = serve_one(json_object_array_get_idx(batch, i), ops, ctx);
		if (r)
			json_object_array_add(replies, r);
	}
	if (json_object_array_length(replies) > 0)
		send_msg(replies, ops, ctx);
	json_object_put(replies);
}

void rpc_serve_line(struct rpc_codec *c, const char *line, size_t len,
		    const struct rpc_server_ops *ops, void *ctx)
{
	struct json_object *msg;
	struct rpc_error err;

	if (all_blank(line, len))
		return;
	if (!rpc_parse(c, line, len, &msg, &err)) {
		send_error(&err, ops, ctx);
		return;
	}
	if (json_object_is_type(msg, json_type_array))
		serve_batch(msg, ops, ctx);
	else
		serve_single(msg, ops, ctx);
	json_object_put(msg);
}

void rpc_serve_too_long(const struct rpc_server_ops *ops, void *ctx)
{
	struct rpc_error err;

	rpc_error_set(&err, RPC_ERR_INVALID_REQUEST,
		      "message longer than %d bytes", RPC_MAX_MESSAGE);
	send_error(&err, ops, ctx);
}

char *rpc_request_line(const char *method, struct json_object *params,
		       long long id, size_t *len)
{
	struct json_object *o = rpc_notification_new(method, params);
	const char *s;
	char *line;

	if (id >= 0)
		json_object_object_add(o, "id", json_object_new_int64(id));
	s = rpc_text(o, len);
	line = malloc(*len + 2);
	if (line) {
		memcpy(line, s, *len);
		line[(*len)++] = '\n';
		line[*len] = '\0';
	}
	json_object_put(o);
	return line;
}

static void error_from_json(struct json_object *e, struct rpc_error *err)
{
	struct json_object *v, *data;
	const struct rpc_error_info *info;

	memset(err, 0, sizeof(*err));
	if (json_object_object_get_ex(e, "code", &v))
		err->code = json_object_get_int(v);
	if (json_object_object_get_ex(e, "message", &v))
		snprintf(err->message, sizeof(err->message), "%s",
			 json_object_get_string(v));
	info = rpc_error_by_code(err->code);
	snprintf(err->name, sizeof(err->name), "%s",
		 info ? info->name : "UNKNOWN");
	if (!json_object_object_get_ex(e, "data", &data) ||
	    !json_object_is_type(data, json_type_object))
		return;
	if (json_object_object_get_ex(data, "name", &v) &&
	    json_object_is_type(v, json_type_string))
		snprintf(err->name, sizeof(err->name), "%s",
			 json_object_get_string(v));
	if (json_object_object_get_ex(data, "param", &v) &&
	    json_object_is_type(v, json_type_string))
		snprintf(err->param, sizeof(err->param), "%s",
			 json_object_get_string(v));
}

enum rpc_reply_kind rpc_reply_classify(struct json_object *msg,
				       struct json_object **result,
				       struct json_object **id,
				       struct rpc_error *err)
{
	struct json_object *v;

	*result = NULL;
	*id = NULL;
	if (json_object_is_type(msg, json_type_array))
		return RPC_REPLY_BATCH;
	if (!json_object_is_type(msg, json_type_object) ||
	    !json_object_object_get_ex(msg, "jsonrpc", &v) ||
	    !json_object_is_type(v, json_type_string) ||
	    strcmp(json_object_get_string(v), "2.0") != 0) {
		rpc_error_set(err, RPC_ERR_INVALID_REQUEST,
			      "not a JSON-RPC 2.0 message");
		return RPC_REPLY_INVALID;
	}
	if (json_object_object_get_ex(msg, "method", &v)) {
		json_object_object_get_ex(msg, "params", result);
		return RPC_REPLY_NOTIFICATION;
	}
	json_object_object_get_ex(msg, "id", id);
	if (json_object_object_get_ex(msg, "result", result))
		return RPC_REPLY_RESULT;
	if (json_object_object_get_ex(msg, "error", &v) &&
	    json_object_is_type(v, json_type_object)) {
		error_from_json(v, err);
		return RPC_REPLY_ERROR;
	}
	rpc_error_set(err, RPC_ERR_INVALID_REQUEST,
		      "reply has neither result nor error");
	return RPC_REPLY_INVALID;
}

enum rpc_reply_kind rpc_reply_parse(struct rpc_codec *c, const char *line,
				    size_t len, struct json_object **msg,
				    struct json_object **result,
				    struct json_object **id,
				    struct rpc_error *err)
{
	*msg = NULL;
	*result = NULL;
	*id = NULL;
	if (!rpc_parse(c, line, len, msg, err))
		return RPC_REPLY_INVALID;
	return rpc_reply_classify(*msg, result, id, err);
}
