// SPDX-License-Identifier: GPL-2.0-only
/*
 * monitor-link.c: one monitor's socket and pidfd (monitor-link.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "daemon/monitor-link.h"

/* The id of the first monitor.info, sent at open. */
#define INFO_ID	1

struct monitor_link {
	int fd;			/* -1 once the monitor closed it */
	int pidfd;
	pid_t pid;
	struct rpc_framer framer;
	struct rpc_codec codec;
	struct event *sock_ev, *pid_ev;
	struct event_base *base;
	const struct monitor_link_ops *ops;
	void *arg;
	long long next_id;
	bool info_pending;
	/* the synchronous call waiting for its reply */
	long long wait_id;
	bool wait_done;
	struct json_object *wait_result;
	struct rpc_error wait_err;
	struct json_object *end;
};

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int read_some(struct monitor_link *m);
static void close_sock(struct monitor_link *m);

static void on_pidfd(evutil_socket_t fd, short what, void *arg)
{
	struct monitor_link *m = arg;
	int r;

	event_del(m->pid_ev);
	/* the process is gone: what it wrote (monitor.ended) is queued */
	while (m->fd >= 0 && (r = read_some(m)) != 0)
		if (r < 0)
			close_sock(m);
	m->ops->gone(m->arg);	/* may free m */
}

static void watch_pid(struct monitor_link *m)
{
	if (m->pidfd < 0 && m->pid > 0)
		m->pidfd = (int)syscall(SYS_pidfd_open, m->pid, 0);
	if (m->pidfd < 0) {
		/* already gone: report it from the loop */
		m->pid_ev = event_new(m->base, -1, 0, on_pidfd, m);
		if (m->pid_ev)
			event_active(m->pid_ev, EV_TIMEOUT, 0);
		return;
	}
	m->pid_ev = event_new(m->base, m->pidfd, EV_READ, on_pidfd, m);
	if (m->pid_ev)
		event_add(m->pid_ev, NULL);
}

static void handle_line(struct monitor_link *m, const char *line,
			size_t len)
{
	struct json_object *msg = NULL, *result = NULL, *id = NULL;
	const char *method, *data;
	struct rpc_error err;
	long long n;

	switch (rpc_reply_parse(&m->codec, line, len, &msg, &result, &id,
				&err)) {
	case RPC_REPLY_NOTIFICATION:
		method = json_object_get_string(json_object_object_get(
			msg, "method"));
		if (strcmp(method, "monitor.ended") == 0) {
			json_object_put(m->end);
			m->end = json_object_get(result);
		} else if (strcmp(method, "monitor.console.output") == 0 &&
			   (data = json_object_get_string(
				   json_object_object_get(result, "data")))) {
			m->ops->console(m->arg, data);
		}
		break;
	case RPC_REPLY_RESULT:
	case RPC_REPLY_ERROR:
		n = id ? json_object_get_int64(id) : -1;
		if (n == INFO_ID && m->info_pending) {
			m->info_pending = false;
			if (result) {
				struct json_object *pid;

				if (json_object_object_get_ex(result, "pid",
							      &pid) &&
				    m->pid <= 0)
					m->pid = json_object_get_int(pid);
				if (!m->pid_ev)
					watch_pid(m);
				m->ops->answered(m->arg, result);
			}
		} else if (n == m->wait_id) {
			m->wait_done = true;
			m->wait_result = json_object_get(result);
			m->wait_err = err;
		}
		break;
	default:
		break;
	}
	json_object_put(msg);
}

/* Reads what is there: 1 read, 0 nothing yet, -1 the connection ended. */
static int read_some(struct monitor_link *m)
{
	char buf[65536], *line;
	size_t len;
	ssize_t n = recv(m->fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0 || !rpc_framer_feed(&m->framer, buf, (size_t)n))
		return -1;
	while (rpc_framer_next(&m->framer, &line, &len) == RPC_FRAME_LINE)
		handle_line(m, line, len);
	return 1;
}

static void close_sock(struct monitor_link *m)
{
	if (m->sock_ev)
		event_free(m->sock_ev);
	m->sock_ev = NULL;
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}

static void on_sock(evutil_socket_t fd, short what, void *arg)
{
	struct monitor_link *m = arg;

	if (read_some(m) < 0)
		close_sock(m);
}

static bool send_line(struct monitor_link *m, const char *method,
		      struct json_object *params, long long id)
{
	size_t len, off = 0;
	char *line = rpc_request_line(method, params, id, &len);
	bool ok = line != NULL;

	while (ok && off < len) {
		ssize_t n = send(m->fd, line + off, len - off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { m->fd, POLLOUT, 0 };

			ok = poll(&p, 1, MONITOR_CALL_TIMEOUT_MS) > 0;
			continue;
		}
		ok = n > 0;
		off += ok ? (size_t)n : 0;
	}
	free(line);
	return ok;
}

struct monitor_link *monitor_link_open(struct event_base *base,
				       const char *path, int pidfd,
				       pid_t pid,
				       const struct monitor_link_ops *ops,
				       void *arg, char *why, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct monitor_link *m = calloc(1, sizeof(*m));

	if (!m || strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(why, len, "%s: %s", path, m ? "path too long" :
			 "out of memory");
		free(m);
		return NULL;
	}
	strcpy(sa.sun_path, path);
	m->base = base;
	m->ops = ops;
	m->arg = arg;
	m->pidfd = pidfd;
	m->pid = pid;
	m->next_id = INFO_ID + 1;
	rpc_framer_init(&m->framer, RPC_MAX_MESSAGE);
	rpc_codec_init(&m->codec);
	m->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (m->fd < 0 ||
	    connect(m->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		if (pidfd < 0)
			goto fail;
		close_sock(m);	/* it ended before it could answer */
		watch_pid(m);
		return m;
	}
	m->info_pending = true;
	if (!send_line(m, "monitor.info", NULL, INFO_ID)) {
		snprintf(why, len, "%s: cannot send: %s", path,
			 strerror(errno));
		goto fail;
	}
	m->sock_ev = event_new(base, m->fd, EV_READ | EV_PERSIST, on_sock,
			       m);
	if (!m->sock_ev || event_add(m->sock_ev, NULL) < 0) {
		snprintf(why, len, "%s: out of memory", path);
		goto fail;
	}
	if (m->pidfd >= 0)
		watch_pid(m);
	return m;
fail:
	m->pidfd = -1;	/* the caller keeps it on failure */
	monitor_link_free(m);
	return NULL;
}

void monitor_link_free(struct monitor_link *m)
{
	if (!m)
		return;
	close_sock(m);
	if (m->pid_ev)
		event_free(m->pid_ev);
	if (m->pidfd >= 0)
		close(m->pidfd);
	rpc_framer_free(&m->framer);
	rpc_codec_free(&m->codec);
	json_object_put(m->end);
	free(m);
}

struct json_object *monitor_link_call(struct monitor_link *m,
				      const char *method,
				      struct json_object *params,
				      struct rpc_error *err)
{
	long long deadline = mono_ms() + MONITOR_CALL_TIMEOUT_MS, left;

	if (m->fd < 0 || !send_line(m, method, params, m->next_id)) {
		rpc_error_set(err, RPC_ERR_INTERNAL, "the VM's monitor "
			      "is gone");
		return NULL;
	}
	m->wait_id = m->next_id++;
	m->wait_done = false;
	m->wait_result = NULL;
	while (!m->wait_done && m->fd >= 0 &&
	       (left = deadline - mono_ms()) > 0) {
		struct pollfd p = { m->fd, POLLIN, 0 };

		if (poll(&p, 1, (int)left) > 0 && read_some(m) < 0)
			close_sock(m);
	}
	m->wait_id = 0;
	if (!m->wait_done) {
		rpc_error_set(err, RPC_ERR_INTERNAL, "the VM's monitor did "
			      "not answer %s", method);
		return NULL;
	}
	if (!m->wait_result)
		*err = m->wait_err;
	return m->wait_result;
}

pid_t monitor_link_pid(const struct monitor_link *m)
{
	return m->pid;
}

struct json_object *monitor_link_end(const struct monitor_link *m)
{
	return m->end;
}
