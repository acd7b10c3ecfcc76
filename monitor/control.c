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
#include "proto/rpc-codec.h"
#include "proto/vm-state.h"

#define CONTROL_MAX_CLIENTS	8
#define STOP_TIMEOUT_MS		5000
#define STOP_TIMEOUT_MAX_MS	600000

struct client {
	int fd;
	struct rpc_framer framer;
	struct rpc_codec codec;
};

struct control {
	struct vm *vm;
	char path[108];
	int listen_fd;
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

static struct json_object *m_info(struct control *c,
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

static struct json_object *m_stats(struct control *c,
				   const struct rpc_request *req,
				   struct rpc_error *err)
{
	return stats_collect(c->vm);
}

static struct json_object *m_stop(struct control *c,
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

struct method {
	const char *name;
	struct json_object *(*fn)(struct control *c,
				  const struct rpc_request *req,
				  struct rpc_error *err);
};

static const struct method methods[] = {
	{ "monitor.info", m_info },
	{ "monitor.stats", m_stats },
	{ "monitor.stop", m_stop },
};

static struct json_object *call(void *ctx, const struct rpc_request *req,
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
			return methods[i].fn(ctx, req, err);
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
	return call(((struct write_ctx *)ctx)->c, req, err);
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
		rpc_framer_init(&cl->framer, RPC_MAX_MESSAGE);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		return;
	}
	close(fd);	/* full */
}

int control_open(struct control **out, const char *path, struct vm *vm,
		 char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct control *c;
	unsigned int i;
	mode_t old;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "socket path %s: too long", path);
		return -1;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(err, errlen, "socket: out of memory");
		return -1;
	}
	c->vm = vm;
	for (i = 0; i < CONTROL_MAX_CLIENTS; i++)
		c->clients[i].fd = -1;
	strcpy(sa.sun_path, path);
	strcpy(c->path, path);
	c->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC |
			      SOCK_NONBLOCK, 0);
	old = umask(0077);
	if (c->listen_fd < 0 ||
	    bind(c->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(c->listen_fd, CONTROL_MAX_CLIENTS) < 0) {
		snprintf(err, errlen, "socket %s: %s", path, strerror(errno));
		umask(old);
		if (c->listen_fd >= 0)
			close(c->listen_fd);
		free(c);
		return -1;
	}
	umask(old);
	*out = c;
	return 0;
}

void control_serve(struct control *c, int timeout_ms)
{
	struct pollfd p[CONTROL_MAX_CLIENTS + 2];
	unsigned int i, n = 2;
	struct client *who[CONTROL_MAX_CLIENTS + 2];

	p[0] = (struct pollfd){ .fd = c->vm->end_fd, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = c->listen_fd, .events = POLLIN };
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
	for (i = 2; i < n; i++)
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
	const char *text;
	unsigned int i;
	size_t len;

	text = rpc_text(n, &len);
	for (i = 0; i < CONTROL_MAX_CLIENTS; i++) {
		struct client *cl = &c->clients[i];
		struct write_ctx w = { c, cl };

		if (cl->fd < 0)
			continue;
		client_write(&w, text, len);
		client_write(&w, "\n", 1);
		client_drop(cl);
	}
	json_object_put(n);
	close(c->listen_fd);
	unlink(c->path);
	free(c);
}
