// SPDX-License-Identifier: GPL-2.0-only
/*
 * call.c: hvctl's connection to hvd. Requests are built and replies
 * classified by proto/'s codec; this file adds the socket, the bounded
 * waits and the mapping of failures to hvctl's exit statuses.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "client/args.h"
#include "client/call.h"
#include "proto/rpc-fdpass.h"

/* hvd's answers may be longer than its requests (vm.list of many VMs). */
#define REPLY_MAX	(64 * RPC_MAX_MESSAGE)

static int unreachable(const struct hvctl_conn *c, const char *what)
{
	fprintf(stderr, "hvctl: cannot reach hvd at %s: %s\n", c->path, what);
	return HVCTL_EXIT_CONNECT;
}

int conn_open(struct hvctl_conn *c, const struct hvctl_opts *o)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	memset(c, 0, sizeof(*c));
	c->path = o->socket;
	c->timeout_ms = o->timeout_ms;
	c->next_id = 1;
	c->sock = -1;
	if (strlen(c->path) >= sizeof(sa.sun_path))
		return unreachable(c, "socket path too long");
	strcpy(sa.sun_path, c->path);
	c->sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->sock < 0)
		return unreachable(c, strerror(errno));
	if (connect(c->sock, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int ret = unreachable(c, strerror(errno));

		close(c->sock);
		c->sock = -1;
		return ret;
	}
	rpc_framer_init(&c->framer, REPLY_MAX);
	if (!rpc_codec_init(&c->codec)) {
		rpc_framer_free(&c->framer);
		close(c->sock);
		c->sock = -1;
		fprintf(stderr, "hvctl: out of memory\n");
		return HVCTL_EXIT_CONNECT;
	}
	return HVCTL_OK;
}

int conn_open_command(struct hvctl_conn *c, const struct hvctl_opts *o,
		      const struct hvctl_command *cmd, int argc, char **argv,
		      struct json_object **params)
{
	int fd, ret;

	ret = args_parse(cmd, argc, argv, params, &fd);
	if (ret)
		return ret;
	if (fd >= 0)
		close(fd);
	ret = conn_open(c, o);
	if (ret)
		json_object_put(*params);
	return ret;
}

void conn_close(struct hvctl_conn *c)
{
	if (c->sock < 0)
		return;
	rpc_codec_free(&c->codec);
	rpc_framer_free(&c->framer);
	close(c->sock);
	c->sock = -1;
}

/* The next message from hvd, waiting at most timeout_ms (-1: forever). */
static int read_message(struct hvctl_conn *c, int timeout_ms,
			struct json_object **msg)
{
	struct rpc_error err;
	char buf[65536];
	char *line;
	size_t len;

	for (;;) {
		struct pollfd p = { .fd = c->sock, .events = POLLIN };
		ssize_t n;
		int r;

		/* Nothing buffered (never fed, too): no line to look for. */
		switch (!rpc_framer_pending(&c->framer) ? RPC_FRAME_NEED_MORE :
			rpc_framer_next(&c->framer, &line, &len)) {
		case RPC_FRAME_LINE:
			if (!len)
				continue;
			if (!rpc_parse(&c->codec, line, len, msg, &err))
				return unreachable(c, err.message);
			if (!*msg)
				return unreachable(c, "answer is null");
			return HVCTL_OK;
		case RPC_FRAME_TOO_LONG:
			return unreachable(c, "answer too long");
		case RPC_FRAME_NEED_MORE:
			break;
		}
		r = poll(&p, 1, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return unreachable(c, strerror(errno));
		if (!r) {
			fprintf(stderr, "hvctl: no answer from hvd at %s "
				"within %d s\n", c->path, timeout_ms / 1000);
			return HVCTL_EXIT_CONNECT;
		}
		n = recv(c->sock, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return unreachable(c, strerror(errno));
		if (!n)
			return unreachable(c, "hvd closed the connection");
		if (!rpc_framer_feed(&c->framer, buf, (size_t)n))
			return unreachable(c, "out of memory");
	}
}

static int send_line(struct hvctl_conn *c, const char *line, size_t len,
		     int fd)
{
	size_t done = 0;

	if (fd >= 0)
		return rpc_fdpass_send(c->sock, line, len, fd) ? -1 : 0;
	while (done < len) {
		ssize_t n = send(c->sock, line + done, len - done,
				 MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

static void print_rpc_error(const char *method, const struct rpc_error *e)
{
	fprintf(stderr, "hvctl: %s: %s (%s", method, e->message,
		e->name[0] ? e->name : "code");
	if (!e->name[0])
		fprintf(stderr, " %d", e->code);
	if (e->param[0])
		fprintf(stderr, ", parameter %s", e->param);
	fprintf(stderr, ")\n");
}

int conn_call(struct hvctl_conn *c, const char *method,
	      struct json_object *params, int fd,
	      struct json_object **reply, struct json_object **result)
{
	long long id = c->next_id++;
	struct rpc_error err;
	struct json_object *rid;
	char *line;
	size_t len;
	int ret;

	*reply = NULL;
	line = rpc_request_line(method, params, id, &len);
	if (!line) {
		return unreachable(c, "out of memory");
	}
	ret = send_line(c, line, len, fd);
	free(line);
	if (ret)
		return unreachable(c, strerror(errno));
	for (;;) {
		enum rpc_reply_kind kind;

		ret = read_message(c, c->timeout_ms, reply);
		if (ret)
			return ret;
		kind = rpc_reply_classify(*reply, result, &rid, &err);
		if (kind == RPC_REPLY_NOTIFICATION) {
			json_object_put(*reply);
			continue;
		}
		if ((kind != RPC_REPLY_RESULT && kind != RPC_REPLY_ERROR) ||
		    !rid || json_object_get_int64(rid) != id)
			break;
		if (kind == RPC_REPLY_RESULT)
			return HVCTL_OK;
		print_rpc_error(method, &err);
		json_object_put(*reply);
		*reply = NULL;
		return HVCTL_EXIT_RPC;
	}
	json_object_put(*reply);
	*reply = NULL;
	return unreachable(c, "unexpected answer");
}

int conn_notify(struct hvctl_conn *c, const char *method,
		struct json_object *params)
{
	size_t len;
	char *line = rpc_request_line(method, params, -1, &len);
	int ret;

	if (!line)
		return unreachable(c, "out of memory");
	ret = send_line(c, line, len, -1);
	free(line);
	return ret;
}

bool conn_buffered(const struct hvctl_conn *c)
{
	return rpc_framer_pending(&c->framer) != 0;
}

int conn_next_notification(struct hvctl_conn *c, struct json_object **msg,
			   struct json_object **params)
{
	struct json_object *id;
	struct rpc_error err;

	int ret = read_message(c, -1, msg);

	if (ret)
		return ret;
	if (rpc_reply_classify(*msg, params, &id, &err) ==
	    RPC_REPLY_NOTIFICATION)
		return HVCTL_OK;
	json_object_put(*msg);
	*msg = NULL;
	return unreachable(c, "unexpected answer");
}

int hvctl_call(const struct hvctl_opts *o, const char *method,
	       struct json_object *params, int fd,
	       struct json_object **reply, struct json_object **result)
{
	struct hvctl_conn c;
	int ret;

	ret = conn_open(&c, o);
	if (ret) {
		json_object_put(params);
		return ret;
	}
	ret = conn_call(&c, method, params, fd, reply, result);
	conn_close(&c);
	return ret;
}
