// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-codec.c: unit tests of proto/'s framing and JSON-RPC codec: every
 * error path of the protocol (parse errors, invalid UTF-8, depth, size,
 * invalid requests, batches, notifications) and the client-side helpers.
 */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "proto/rpc-codec.h"
#include "proto/rpc-raw.h"

/* A server endpoint that records replies and answers "echo"/"fail". */
static char out[1 << 16];
static size_t out_len;
static int calls;
static struct rpc_codec codec;

static struct json_object *call(void *ctx, const struct rpc_request *req,
				struct rpc_error *err)
{
	calls++;
	if (strcmp(req->method, "echo") == 0)
		return req->params ? json_object_get(req->params) : NULL;
	if (strcmp(req->method, "raw") == 0) {
		struct json_object *v = json_tokener_parse("[\"r\"]");
		struct json_object *raw = rpc_raw_new(v);

		json_object_put(v);
		return raw;
	}
	if (strcmp(req->method, "fail") == 0) {
		rpc_error_set(err, RPC_ERR_VM_NOT_FOUND, "nope");
		return NULL;
	}
	rpc_error_set(err, RPC_ERR_METHOD_NOT_FOUND, "no method %s",
		      req->method);
	return NULL;
}

static void write_out(void *ctx, const char *data, size_t len)
{
	cr_assert_lt(out_len + len, sizeof(out));
	memcpy(out + out_len, data, len);
	out_len += len;
	out[out_len] = '\0';
}

static const struct rpc_server_ops ops = { call, write_out };

static void setup(void)
{
	out_len = 0;
	out[0] = '\0';
	calls = 0;
	cr_assert(rpc_codec_init(&codec));
}

static void teardown(void)
{
	rpc_codec_free(&codec);
}

/* Serves line and returns the reply parsed (NULL when none was written). */
static struct json_object *serve(const char *line)
{
	out_len = 0;
	out[0] = '\0';
	rpc_serve_line(&codec, line, strlen(line), &ops, NULL);
	if (out_len == 0)
		return NULL;
	cr_assert_eq(out[out_len - 1], '\n', "reply must end with a newline");
	cr_assert_null(memchr(out, '\n', out_len - 1), "one line per reply");
	return json_tokener_parse(out);
}

static int code_of(struct json_object *reply)
{
	struct json_object *e, *c;

	cr_assert(json_object_object_get_ex(reply, "error", &e), "%s", out);
	cr_assert(json_object_object_get_ex(e, "code", &c));
	return json_object_get_int(c);
}

static bool id_is_null(struct json_object *reply)
{
	struct json_object *id;

	return json_object_object_get_ex(reply, "id", &id) && id == NULL;
}

TestSuite(codec, .init = setup, .fini = teardown);

Test(codec, result_single)
{
	struct json_object *r = serve(
		"{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"a\":1},"
		"\"id\":7}");

	cr_assert_not_null(r);
	cr_assert_str_eq(json_object_to_json_string_ext(r,
			 JSON_C_TO_STRING_PLAIN),
			 "{\"jsonrpc\":\"2.0\",\"result\":{\"a\":1},\"id\":7}");
	json_object_put(r);
}

TestSuite(codec_errors, .init = setup, .fini = teardown);

struct error_case {
	const char *line;
	int code;
	bool null_id;
};

static const struct error_case error_cases[] = {
	{ "not json", RPC_ERR_PARSE, true },
	{ "{\"jsonrpc\":\"2.0\",", RPC_ERR_PARSE, true },
	{ "{} {}", RPC_ERR_PARSE, true },
	{ "{\"a\":\"\xff\xfe\"}", RPC_ERR_PARSE, true },	/* bad UTF-8 */
	{ "\"\xc3\x28\"", RPC_ERR_PARSE, true },		/* bad UTF-8 */
	{ "42", RPC_ERR_INVALID_REQUEST, true },
	{ "null", RPC_ERR_INVALID_REQUEST, true },
	{ "\"str\"", RPC_ERR_INVALID_REQUEST, true },
	{ "[]", RPC_ERR_INVALID_REQUEST, true },
	{ "{\"method\":\"echo\",\"id\":1}", RPC_ERR_INVALID_REQUEST, false },
	{ "{\"jsonrpc\":\"1.0\",\"method\":\"echo\",\"id\":1}",
	  RPC_ERR_INVALID_REQUEST, false },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1}", RPC_ERR_INVALID_REQUEST, false },
	{ "{\"jsonrpc\":\"2.0\",\"method\":5,\"id\":1}",
	  RPC_ERR_INVALID_REQUEST, false },
	{ "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":3,\"id\":1}",
	  RPC_ERR_INVALID_REQUEST, false },
	{ "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"id\":{}}",
	  RPC_ERR_INVALID_REQUEST, true },
	{ "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"extra\":1,\"id\":1}",
	  RPC_ERR_INVALID_REQUEST, false },
	{ "{\"jsonrpc\":\"2.0\",\"method\":\"nosuch\",\"id\":1}",
	  RPC_ERR_METHOD_NOT_FOUND, false },
	{ "{\"jsonrpc\":\"2.0\",\"method\":\"fail\",\"id\":1}",
	  RPC_ERR_VM_NOT_FOUND, false },
};

static void check_error_case(const struct error_case *tc)
{
	struct json_object *r = serve(tc->line);

	cr_assert_not_null(r, "no reply to %s", tc->line);
	cr_assert(json_object_is_type(r, json_type_object), "%s", out);
	cr_assert_eq(code_of(r), tc->code, "%s -> %s", tc->line, out);
	cr_assert_eq(id_is_null(r), tc->null_id, "%s -> %s", tc->line, out);
	json_object_put(r);
}

Test(codec_errors, each_error_path)
{
	for (size_t i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]);
	     i++)
		check_error_case(&error_cases[i]);
}

/* n nested empty arrays, as a NUL-terminated line in buf. */
static const char *nested(char *buf, int n)
{
	memset(buf, '[', (size_t)n);
	memset(buf + n, ']', (size_t)n);
	buf[2 * n] = '\0';
	return buf;
}

Test(codec, depth_64_parses_65_is_invalid_request)
{
	char line[200];
	struct json_object *r;

	/* 64 levels: parses; an array of arrays is a batch of bad requests */
	r = serve(nested(line, 64));
	cr_assert(json_object_is_type(r, json_type_array), "%s", out);
	json_object_put(r);
	r = serve(nested(line, 65));
	cr_assert(json_object_is_type(r, json_type_object), "%s", out);
	cr_assert_eq(code_of(r), RPC_ERR_INVALID_REQUEST);
	cr_assert(id_is_null(r));
	json_object_put(r);
}

Test(codec, raw_result_spliced)
{
	struct json_object *r = serve(
		"{\"jsonrpc\":\"2.0\",\"method\":\"raw\",\"id\":\"k\"}");

	cr_assert_not_null(r);
	cr_assert_str_eq(out, "{\"jsonrpc\":\"2.0\",\"result\":[\"r\"],"
			 "\"id\":\"k\"}\n");
	json_object_put(r);
	r = serve("[{\"jsonrpc\":\"2.0\",\"method\":\"raw\",\"id\":1}]");
	cr_assert_str_eq(out, "[{\"jsonrpc\":\"2.0\",\"result\":[\"r\"],"
			 "\"id\":1}]\n", "and inside batches");
	json_object_put(r);
}

Test(codec, error_has_symbolic_name)
{
	struct json_object *r = serve(
		"{\"jsonrpc\":\"2.0\",\"method\":\"fail\",\"id\":\"x\"}");
	struct json_object *e, *d, *n, *id;

	cr_assert(json_object_object_get_ex(r, "error", &e));
	cr_assert(json_object_object_get_ex(e, "data", &d));
	cr_assert(json_object_object_get_ex(d, "name", &n));
	cr_assert_str_eq(json_object_get_string(n), "VM_NOT_FOUND");
	cr_assert(json_object_object_get_ex(r, "id", &id));
	cr_assert_str_eq(json_object_get_string(id), "x");
	json_object_put(r);
}

Test(codec, notification_gets_no_reply)
{
	cr_assert_null(serve("{\"jsonrpc\":\"2.0\",\"method\":\"echo\"}"));
	cr_assert_null(serve("{\"jsonrpc\":\"2.0\",\"method\":\"fail\"}"));
	cr_assert_eq(calls, 2, "notifications are still executed");
}

Test(codec, blank_lines_are_ignored)
{
	cr_assert_null(serve(""));
	cr_assert_null(serve("   \t"));
	cr_assert_eq(calls, 0);
}

Test(codec, batch_in_order_without_notifications)
{
	struct json_object *r = serve(
		"[{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[1],\"id\":1},"
		"{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[2]},"
		"1,"
		"{\"jsonrpc\":\"2.0\",\"method\":\"fail\",\"id\":3}]");
	struct json_object *id;

	cr_assert(json_object_is_type(r, json_type_array), "%s", out);
	cr_assert_eq(json_object_array_length(r), 3);
	json_object_object_get_ex(json_object_array_get_idx(r, 0), "id", &id);
	cr_assert_eq(json_object_get_int(id), 1);
	cr_assert_eq(code_of(json_object_array_get_idx(r, 1)),
		     RPC_ERR_INVALID_REQUEST);
	cr_assert_eq(code_of(json_object_array_get_idx(r, 2)),
		     RPC_ERR_VM_NOT_FOUND);
	cr_assert_eq(calls, 3);
	json_object_put(r);
}

Test(codec, batch_of_notifications_gets_no_reply)
{
	cr_assert_null(serve("[{\"jsonrpc\":\"2.0\",\"method\":\"echo\"},"
			     "{\"jsonrpc\":\"2.0\",\"method\":\"echo\"}]"));
	cr_assert_eq(calls, 2);
}

Test(codec, too_long_reply)
{
	struct json_object *r;

	rpc_serve_too_long(&ops, NULL);
	r = json_tokener_parse(out);
	cr_assert_eq(code_of(r), RPC_ERR_INVALID_REQUEST);
	cr_assert(id_is_null(r));
	json_object_put(r);
}

Test(codec, crlf_and_trailing_space_accepted)
{
	struct rpc_framer f;
	struct json_object *r;
	char *line;
	size_t len;
	const char *in =
		"{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"id\":1}  \r\n";

	rpc_framer_init(&f, RPC_MAX_MESSAGE);
	cr_assert(rpc_framer_feed(&f, in, strlen(in)));
	cr_assert_eq(rpc_framer_next(&f, &line, &len), RPC_FRAME_LINE);
	cr_assert_eq(line[len], '\0');
	cr_assert_neq(line[len - 1], '\r');
	out_len = 0;
	rpc_serve_line(&codec, line, len, &ops, NULL);
	r = json_tokener_parse(out);
	cr_assert(json_object_object_get_ex(r, "result", NULL), "%s", out);
	json_object_put(r);
	rpc_framer_free(&f);
}

Test(framing, splits_lines_across_feeds)
{
	struct rpc_framer f;
	char *line;
	size_t len;

	rpc_framer_init(&f, 100);
	cr_assert(rpc_framer_feed(&f, "ab", 2));
	cr_assert_eq(rpc_framer_next(&f, &line, &len), RPC_FRAME_NEED_MORE);
	cr_assert_eq(rpc_framer_pending(&f), 2);
	cr_assert(rpc_framer_feed(&f, "c\nde\nf", 6));
	cr_assert_eq(rpc_framer_next(&f, &line, &len), RPC_FRAME_LINE);
	cr_assert_str_eq(line, "abc");
	cr_assert_eq(len, 3);
	cr_assert_eq(rpc_framer_offset(&f), 4);
	cr_assert_eq(rpc_framer_next(&f, &line, &len), RPC_FRAME_LINE);
	cr_assert_str_eq(line, "de");
	cr_assert_eq(rpc_framer_offset(&f), 7);
	cr_assert_eq(rpc_framer_next(&f, &line, &len), RPC_FRAME_NEED_MORE);
	cr_assert_eq(rpc_framer_pending(&f), 1);
	cr_assert(rpc_framer_feed(&f, "\n", 1));
	cr_assert_eq(rpc_framer_next(&f, &line, &len), RPC_FRAME_LINE);
	cr_assert_str_eq(line, "f");
	cr_assert_eq(rpc_framer_offset(&f), 9);
	rpc_framer_free(&f);
}

Test(framing, nothing_fed)
{
	struct rpc_framer f;
	char *line;
	size_t len;

	rpc_framer_init(&f, 10);
	cr_assert_eq(rpc_framer_next(&f, &line, &len), RPC_FRAME_NEED_MORE);
	cr_assert_eq(rpc_framer_pending(&f), 0);
	cr_assert_eq(rpc_framer_offset(&f), 0);
	rpc_framer_free(&f);
}

Test(framing, limit_is_exact)
{
	struct rpc_framer f;
	char buf[12];
	char *line;
	size_t len;

	memset(buf, 'x', sizeof(buf));
	rpc_framer_init(&f, 10);
	buf[10] = '\n';
	cr_assert(rpc_framer_feed(&f, buf, 11));
	cr_assert_eq(rpc_framer_next(&f, &line, &len), RPC_FRAME_LINE);
	cr_assert_eq(len, 10);
	buf[10] = 'x';
	buf[11] = '\n';
	cr_assert(rpc_framer_feed(&f, buf, 12));
	cr_assert_eq(rpc_framer_next(&f, &line, &len), RPC_FRAME_TOO_LONG);
	cr_assert_eq(rpc_framer_next(&f, &line, &len), RPC_FRAME_TOO_LONG,
		     "the stream stays unusable");
	rpc_framer_free(&f);
}

Test(framing, unterminated_line_over_limit)
{
	struct rpc_framer f;
	char buf[64];
	char *line;
	size_t len;

	memset(buf, 'y', sizeof(buf));
	rpc_framer_init(&f, 50);
	cr_assert(rpc_framer_feed(&f, buf, 40));
	cr_assert_eq(rpc_framer_next(&f, &line, &len), RPC_FRAME_NEED_MORE);
	cr_assert(rpc_framer_feed(&f, buf, 20));
	cr_assert_eq(rpc_framer_next(&f, &line, &len), RPC_FRAME_TOO_LONG);
	rpc_framer_free(&f);
}

TestSuite(client, .init = setup, .fini = teardown);

Test(client, request_line_and_reply_parse)
{
	struct json_object *params = json_object_new_object(), *msg, *res, *id;
	struct rpc_error err;
	size_t len;
	char *line;

	json_object_object_add(params, "name", json_object_new_string("a/b"));
	line = rpc_request_line("vm.info", params, 5, &len);
	cr_assert_str_eq(line, "{\"jsonrpc\":\"2.0\",\"method\":\"vm.info\","
			 "\"params\":{\"name\":\"a/b\"},\"id\":5}\n");
	cr_assert_eq(len, strlen(line));
	free(line);
	line = rpc_request_line("vm.list", NULL, -1, &len);
	cr_assert_str_eq(line,
			 "{\"jsonrpc\":\"2.0\",\"method\":\"vm.list\"}\n");
	free(line);

	line = "{\"jsonrpc\":\"2.0\",\"result\":{\"x\":1},\"id\":5}";
	cr_assert_eq(rpc_reply_parse(&codec, line, strlen(line), &msg, &res,
				     &id, &err), RPC_REPLY_RESULT);
	cr_assert_eq(json_object_get_int(id), 5);
	cr_assert(json_object_is_type(res, json_type_object));
	json_object_put(msg);

	line = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":"
	       "\"bad\",\"data\":{\"name\":\"INVALID_PARAMS\",\"param\":"
	       "\"image.format\"}},\"id\":2}";
	cr_assert_eq(rpc_reply_parse(&codec, line, strlen(line), &msg, &res,
				     &id, &err), RPC_REPLY_ERROR);
	cr_assert_eq(err.code, RPC_ERR_INVALID_PARAMS);
	cr_assert_str_eq(err.name, "INVALID_PARAMS");
	cr_assert_str_eq(err.param, "image.format");
	cr_assert_str_eq(err.message, "bad");
	json_object_put(msg);

	line = "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{}}";
	cr_assert_eq(rpc_reply_parse(&codec, line, strlen(line), &msg, &res,
				     &id, &err), RPC_REPLY_NOTIFICATION);
	json_object_put(msg);
	cr_assert_eq(rpc_reply_parse(&codec, "[1]", 3, &msg, &res, &id, &err),
		     RPC_REPLY_BATCH);
	json_object_put(msg);
	cr_assert_eq(rpc_reply_parse(&codec, "{\"jsonrpc\":\"2.0\"}", 17, &msg,
				     &res, &id, &err), RPC_REPLY_INVALID);
	json_object_put(msg);
	cr_assert_eq(rpc_reply_parse(&codec, "{", 1, &msg, &res, &id, &err),
		     RPC_REPLY_INVALID);
	cr_assert_eq(err.code, RPC_ERR_PARSE);
}

Test(errors, table_is_consistent)
{
	for (size_t i = 0; i < rpc_errors_count; i++) {
		const struct rpc_error_info *e = &rpc_errors[i];

		cr_assert(e->code <= -32600 || (e->code >= -32099 &&
						e->code <= -32000),
			  "%s outside the reserved ranges", e->name);
		cr_assert_eq(rpc_error_by_code(e->code), e, "duplicate code");
		cr_assert_eq(rpc_error_by_name(e->name), e, "duplicate name");
	}
	cr_assert_null(rpc_error_by_code(1));
	cr_assert_null(rpc_error_by_name("NOPE"));
}

Test(raw, frozen_text_in_replies)
{
	struct json_object *v = json_tokener_parse("{\"vms\":[1,2]}");
	struct json_object *raw = rpc_raw_new(v), *outer;
	const char *text;
	size_t len;

	cr_assert_not_null(raw);
	json_object_object_add(v, "later", json_object_new_int(3));
	cr_assert(rpc_raw_text(raw, &text, &len));
	cr_assert_str_eq(text, "{\"vms\":[1,2]}", "frozen when made");
	cr_assert_eq(len, strlen(text));
	cr_assert_not(rpc_raw_text(v, &text, &len), "plain objects aren't");
	outer = json_object_new_object();
	json_object_object_add(outer, "r", json_object_get(raw));
	cr_assert_str_eq(rpc_text(outer, &len), "{\"r\":{\"vms\":[1,2]}}");
	json_object_put(outer);
	json_object_put(raw);
	json_object_put(v);
}
