// SPDX-License-Identifier: GPL-2.0-only
/*
 * control.c: the monitor's JSON-RPC socket (see control.h): a poll loop
 * over the listening socket, its clients and the VM's end eventfd.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "monitor/control.h"
#include "monitor/stats.h"
#include "proto/base64.h"
#include "proto/rpc-codec.h"
#include "proto/vm-state.h"

#define CONTROL_MAX_CLIENTS	8
#define STOP_TIMEOUT_MS		5000
#define STOP_TIMEOUT_MAX_MS	600000
#define CONTROL_INPUT_MAX	4096	/* bytes per monitor.console.input */
#define CONTROL_OUTPUT_CHUNK	3072	/* bytes per console.output */

struct client {
	int fd;
	bool console;		/* monitor.console.attach: gets the output */
	struct rpc_framer framer;
	struct rpc_codec codec;
};

struct control {
	struct vm *vm;
	char path[108];
	int listen_fd;
	int console_fd;		/* the live console's pipe, or -1 */
	struct client clients[CONTROL_MAX_CLIENTS];
	uint64_t stop_deadline_ms;	/* 0: no stop asked */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

static const char *state_of(struct control *c)
{
	enum vm_end end;

	pthread_mutex_lock(&c->vm->lock);
	end = c->vm->end;
	pthread_mutex_unlock(&c->vm->lock);
	if (end == VM_END_NONE)
		return vm_state_name(c->stop_deadline_ms ? VM_STOPPING :
				     VM_RUNNING);
	return vm_state_name(end == VM_END_SHUTDOWN || end == VM_END_ERROR ?
			     VM_CRASHED : VM_STOPPED);
}

static struct json_object *m_info(struct control *c, struct client *cl,
				  const struct rpc_request *req,
				  struct rpc_error *err)
{
	struct json_object *o = json_object_new_object();
	const struct vm_config *cfg = c->vm->cfg;

	json_object_object_add(o, "name", json_object_new_string(cfg->name));
	json_object_object_add(o, "state",
			       json_object_new_string(state_of(c)));
	json_object_object_add(o, "accel",
			       json_object_new_string(c->vm->ops->name));
	json_object_object_add(o, "vcpus", json_object_new_int(cfg->vcpus));
	json_object_object_add(o, "memory_mib",
			       json_object_new_uint64(cfg->memory_mib));
	json_object_object_add(o, "pid", json_object_new_int(getpid()));
	json_object_object_add(o, "end", stats_end(c->vm));
	return o;
}

static struct json_object *m_stats(struct control *c, struct client *cl,
				   const struct rpc_request *req,
				   struct rpc_error *err)
{
	return stats_collect(c->vm);
}

static struct json_object *m_stop(struct control *c, struct client *cl,
				  const struct rpc_request *req,
				  struct rpc_error *err)
{
	int64_t timeout = STOP_TIMEOUT_MS;
	struct json_object *v;
	bool force = false;

	if (req->params) {
		json_object_object_foreach(req->params, k, val) {
			if (!strcmp(k, "force") &&
			    json_object_is_type(val, json_type_boolean)) {
				force = json_object_get_boolean(val);
			} else if (!strcmp(k, "timeout_ms") &&
				   json_object_is_type(val, json_type_int) &&
				   json_object_get_int64(val) >= 0 &&
				   json_object_get_int64(val) <=
				   STOP_TIMEOUT_MAX_MS) {
				timeout = json_object_get_int64(val);
			} else {
				rpc_error_param(err, k, "%s: expected force "
						"(bool) or timeout_ms (0..%d)",
						k, STOP_TIMEOUT_MAX_MS);
				return NULL;
			}
		}
	}
	if (force || timeout == 0)
		vm_end(c->vm, VM_END_STOPPED, 0, force ? "forced stop" :
		       "stopped");
	else if (!c->stop_deadline_ms)
		c->stop_deadline_ms = now_ms() + timeout;
	v = json_object_new_object();
	json_object_object_add(v, "state",
			       json_object_new_string(state_of(c)));
	return v;
}

static struct json_object *state_answer(struct control *c)
{
	struct json_object *v = json_object_new_object();

	json_object_object_add(v, "state",
			       json_object_new_string(state_of(c)));
	return v;
}

static struct json_object *m_console_attach(struct control *c,
					    struct client *cl,
					    const struct rpc_request *req,
					    struct rpc_error *err)
{
	cl->console = true;
	return state_answer(c);
}

static struct json_object *m_console_detach(struct control *c,
					    struct client *cl,
					    const struct rpc_request *req,
					    struct rpc_error *err)
{
	cl->console = false;
	return state_answer(c);
}

/* {"data": base64} into the UART's receiver; answers how many fitted. */
static struct json_object *m_console_input(struct control *c,
					   struct client *cl,
					   const struct rpc_request *req,
					   struct rpc_error *err)
{
	struct json_object *data, *o;
	uint8_t buf[CONTROL_INPUT_MAX];
	const char *text;
	ssize_t n;
	size_t len, took;

	if (!req->params ||
	    !json_object_object_get_ex(req->params, "data", &data) ||
	    !json_object_is_type(data, json_type_string) ||
	    json_object_object_length(req->params) != 1) {
		rpc_error_param(err, "data", "expected {\"data\": base64}");
		return NULL;
	}
	text = json_object_get_string(data);
	len = strlen(text);
	if (len > b64_encoded_len(sizeof(buf)) ||
	    (n = b64_decode(text, len, buf)) < 0) {
		rpc_error_param(err, "data", "data: base64 of at most %zu "
				"bytes expected", sizeof(buf));
		return NULL;
	}
	pthread_mutex_lock(&c->vm->pio.lock);
	took = uart_input(&c->vm->uart, buf, (size_t)n);
	pthread_mutex_unlock(&c->vm->pio.lock);
	o = json_object_new_object();
	json_object_object_add(o, "accepted", json_object_new_int64(
				       (int64_t)took));
	return o;
}

struct method {
	const char *name;
	struct json_object *(*fn)(struct control *c, struct client *cl,
				  const struct rpc_request *req,
				  struct rpc_error *err);
};

static const struct method methods[] = {
	{ "monitor.info", m_info },
	{ "monitor.stats", m_stats },
	{ "monitor.stop", m_stop },
	{ "monitor.console.attach", m_console_attach },
	{ "monitor.console.detach", m_console_detach },
	{ "monitor.console.input", m_console_input },
};

static struct json_object *call(struct control *c, struct client *cl,
				const struct rpc_request *req,
				struct rpc_error *err)
{
	size_t i;

	if (req->params && !json_object_is_type(req->params,
						json_type_object)) {
		rpc_error_param(err, "params", "params must be an object");
		return NULL;
	}
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (!strcmp(methods[i].name, req->method))
			return methods[i].fn(c, cl, req, err);
	rpc_error_set(err, RPC_ERR_METHOD_NOT_FOUND, "no method %s",
		      req->method);
	return NULL;
}

struct write_ctx {
	struct control *c;
	struct client *cl;
};

static void client_write(void *ctx, const char *data, size_t len)
{
	struct write_ctx *w = ctx;

	while (len && w->cl->fd >= 0) {
		ssize_t n = send(w->cl->fd, data, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(w->cl->fd);	/* stuck or gone reader */
			w->cl->fd = -1;
			return;
		}
		data += n;
		len -= n;
	}
}

static struct json_object *call_ctx(void *ctx, const struct rpc_request *req,
				    struct rpc_error *err)
{
	struct write_ctx *w = ctx;

	return call(w->c, w->cl, req, err);
}

static const struct rpc_server_ops server_ops = { call_ctx, client_write };

static void client_drop(struct client *cl)
{
	if (cl->fd >= 0)
		close(cl->fd);
	cl->fd = -1;
	rpc_framer_free(&cl->framer);
	rpc_codec_free(&cl->codec);
}

static void client_read(struct control *c, struct client *cl)
{
	struct write_ctx w = { c, cl };
	char buf[4096], *line;
	size_t len;
	ssize_t n = read(cl->fd, buf, sizeof(buf));
	enum rpc_frame f;

	if (n <= 0 || !rpc_framer_feed(&cl->framer, buf, n)) {
		client_drop(cl);
		return;
	}
	while (cl->fd >= 0 &&
	       (f = rpc_framer_next(&cl->framer, &line, &len)) !=
	       RPC_FRAME_NEED_MORE) {
		if (f == RPC_FRAME_TOO_LONG) {
			rpc_serve_too_long(&server_ops, &w);
			break;
		}
		rpc_serve_line(&cl->codec, line, len, &server_ops, &w);
	}
	if (cl->fd < 0 || f == RPC_FRAME_TOO_LONG)
		client_drop(cl);
}

static void client_accept(struct control *c)
{
	struct timeval tv = { .tv_sec = 1 };
	unsigned int i;
	int fd = accept4(c->listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	for (i = 0; i < CONTROL_MAX_CLIENTS; i++) {
		struct client *cl = &c->clients[i];

		if (cl->fd >= 0)
			continue;
		if (!rpc_codec_init(&cl->codec))
			break;
		cl->fd = fd;
		cl->console = false;
		rpc_framer_init(&cl->framer, RPC_MAX_MESSAGE);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		return;
	}
	close(fd);	/* full */
}

static struct control *control_new(struct vm *vm, int listen_fd)
{
	struct control *c = calloc(1, sizeof(*c));
	unsigned int i;

	if (!c)
		return NULL;
	c->vm = vm;
	c->listen_fd = listen_fd;
	c->console_fd = -1;
	for (i = 0; i < CONTROL_MAX_CLIENTS; i++)
		c->clients[i].fd = -1;
	return c;
}

int control_open(struct control **out, const char *path, struct vm *vm,
		 char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct control *c;
	mode_t old;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "socket path %s: too long", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	old = umask(0077);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, CONTROL_MAX_CLIENTS) < 0) {
		snprintf(err, errlen, "socket %s: %s", path, strerror(errno));
		umask(old);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	umask(old);
	c = control_new(vm, fd);
	if (!c) {
		snprintf(err, errlen, "socket: out of memory");
		close(fd);
		unlink(path);
		return -1;
	}
	strcpy(c->path, path);
	*out = c;
	return 0;
}

int control_adopt(struct control **out, int listen_fd, struct vm *vm,
		  char *err, size_t errlen)
{
	int type = 0, acc = 0;
	socklen_t len = sizeof(type), alen = sizeof(acc);
	struct control *c;

	if (getsockopt(listen_fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
	    getsockopt(listen_fd, SOL_SOCKET, SO_ACCEPTCONN, &acc,
		       &alen) < 0 || type != SOCK_STREAM || !acc) {
		snprintf(err, errlen, "control fd %d: not a listening "
			 "stream socket", listen_fd);
		return -1;
	}
	c = control_new(vm, listen_fd);
	if (!c) {
		snprintf(err, errlen, "socket: out of memory");
		return -1;
	}
	*out = c;
	return 0;
}

void control_console(struct control *c, int fd)
{
	c->console_fd = fd;
}

/* Sends one notification line to every client that wants it. */
static void broadcast(struct control *c, struct json_object *n,
		      bool console_only)
{
	const char *text;
	unsigned int i;
	size_t len;

	text = rpc_text(n, &len);
	for (i = 0; i < CONTROL_MAX_CLIENTS; i++) {
		struct client *cl = &c->clients[i];
		struct write_ctx w = { c, cl };

		if (cl->fd < 0 || (console_only && !cl->console))
			continue;
		client_write(&w, text, len);
		client_write(&w, "\n", 1);
	}
}

/* What the guest wrote since: monitor.console.output to attached ones. */
static void console_flush(struct control *c)
{
	uint8_t buf[CONTROL_OUTPUT_CHUNK];
	char text[CONTROL_OUTPUT_CHUNK / 3 * 4 + 8];
	struct json_object *p, *n;
	ssize_t got;

	while ((got = read(c->console_fd, buf, sizeof(buf))) > 0) {
		b64_encode(buf, (size_t)got, text);
		p = json_object_new_object();
		json_object_object_add(p, "data",
				       json_object_new_string(text));
		n = rpc_notification_new("monitor.console.output", p);
		broadcast(c, n, true);
		json_object_put(n);
	}
}

void control_serve(struct control *c, int timeout_ms)
{
	struct pollfd p[CONTROL_MAX_CLIENTS + 3];
	unsigned int i, n = 3;
	struct client *who[CONTROL_MAX_CLIENTS + 3];

	p[0] = (struct pollfd){ .fd = c->vm->end_fd, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = c->listen_fd, .events = POLLIN };
	p[2] = (struct pollfd){ .fd = c->console_fd, .events = POLLIN };
	for (i = 0; i < CONTROL_MAX_CLIENTS; i++) {
		if (c->clients[i].fd < 0)
			continue;
		who[n] = &c->clients[i];
		p[n++] = (struct pollfd){ .fd = c->clients[i].fd,
					  .events = POLLIN };
	}
	if (poll(p, n, timeout_ms) <= 0)
		return;
	if (p[1].revents)
		client_accept(c);
	if (p[2].revents)
		console_flush(c);
	for (i = 3; i < n; i++)
		if (p[i].revents && who[i]->fd >= 0)
			client_read(c, who[i]);
}

void control_tick(struct control *c)
{
	if (c->stop_deadline_ms && now_ms() >= c->stop_deadline_ms)
		vm_end(c->vm, VM_END_STOPPED, 0,
		       "stop timeout: forced");
}

void control_close(struct control *c)
{
	struct json_object *n = rpc_notification_new("monitor.ended",
						     stats_end(c->vm));
	unsigned int i;

	if (c->console_fd >= 0)
		console_flush(c);	/* the guest's last words first */
	broadcast(c, n, false);
	for (i = 0; i < CONTROL_MAX_CLIENTS; i++)
		if (c->clients[i].fd >= 0)
			client_drop(&c->clients[i]);
	json_object_put(n);
	close(c->listen_fd);
	if (c->path[0])
		unlink(c->path);
	free(c);
}
