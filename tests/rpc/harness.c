// SPDX-License-Identifier: GPL-2.0-only
/*
 * harness.c: starting and stopping a private hvd, raw socket clients with
 * bounded waits, and small JSON-RPC helpers for the tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/rpc/harness.h"

const char hvd_binary[] = HVD_PATH;

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

bool hvd_prepare(struct hvd_proc *p, const char *conf_text)
{
	FILE *f;

	memset(p, 0, sizeof(*p));
	snprintf(p->dir, sizeof(p->dir), "/tmp/hvtest.XXXXXX");
	if (!mkdtemp(p->dir))
		return false;
	snprintf(p->sock, sizeof(p->sock), "%s/run/hvd.sock", p->dir);
	snprintf(p->ro_sock, sizeof(p->ro_sock), "%s/run/hvd-ro.sock", p->dir);
	snprintf(p->state, sizeof(p->state), "%s/state", p->dir);
	snprintf(p->conf, sizeof(p->conf), "%s/hvd.conf", p->dir);
	snprintf(p->log, sizeof(p->log), "%s/hvd.err", p->dir);
	f = fopen(p->conf, "w");
	if (!f)
		return false;
	fputs(conf_text, f);
	return fclose(f) == 0;
}

/* Connects fd to the unix socket at path. */
static bool connect_path(int fd, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (strlen(path) >= sizeof(sa.sun_path))
		return false;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	return connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
}

static bool socket_answers(const char *path)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok = connect_path(fd, path);

	close(fd);
	return ok;
}

bool hvd_start(struct hvd_proc *p)
{
	char run[128], log[128];
	long long deadline = now_ms() + HARNESS_TIMEOUT_MS;

	snprintf(run, sizeof(run), "%s/run", p->dir);
	snprintf(log, sizeof(log), "%s/log", p->dir);
	p->pid = fork();
	if (p->pid < 0)
		return false;
	if (p->pid == 0) {
		int fd = open(p->log, O_WRONLY | O_CREAT | O_APPEND, 0644);

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (fd >= 0)
			dup2(fd, STDERR_FILENO);
		/* no journal for tests: log.c uses stderr without the socket */
		execl(hvd_binary, "hvd", "--foreground", "--config", p->conf,
		      "--runtime-dir", run, "--state-dir", p->state,
		      "--log-dir", log, (char *)NULL);
		_exit(127);
	}
	while (now_ms() < deadline) {
		int status;

		if (socket_answers(p->sock))
			return true;
		if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
			p->pid = 0;
			return false;
		}
		usleep(10000);
	}
	return false;
}

int hvd_signal(struct hvd_proc *p, int sig, bool wait)
{
	long long deadline = now_ms() + HARNESS_TIMEOUT_MS;
	int status = -1;

	if (p->pid <= 0)
		return -1;
	kill(p->pid, sig);
	if (!wait)
		return 0;
	while (now_ms() < deadline) {
		if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
			p->pid = 0;
			return status;
		}
		usleep(5000);
	}
	return -1;
}

void hvd_cleanup(struct hvd_proc *p)
{
	char cmd[128];

	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		waitpid(p->pid, NULL, 0);
		p->pid = 0;
	}
	if (p->dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", p->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "harness: could not remove %s\n",
				p->dir);
		p->dir[0] = '\0';
	}
}

const char *read_text_file(const char *path)
{
	static char buf[1 << 20];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

bool hvd_log_contains(const struct hvd_proc *p, const char *s)
{
	const char *text = read_text_file(p->log);

	return text && strstr(text, s) != NULL;
}

bool client_open(struct client *c, const char *path)
{
	memset(c, 0, sizeof(*c));
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return false;
	if (!connect_path(c->fd, path)) {
		close(c->fd);
		c->fd = -1;
		return false;
	}
	return true;
}

void client_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

bool client_send(struct client *c, const char *s, size_t len)
{
	long long deadline = now_ms() + HARNESS_TIMEOUT_MS;

	while (len > 0) {
		struct pollfd pfd = { .fd = c->fd, .events = POLLOUT };
		ssize_t n;

		if (poll(&pfd, 1, (int)(deadline - now_ms())) <= 0)
			return false;
		n = send(c->fd, s, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0)
			return false;
		s += n;
		len -= (size_t)n;
	}
	return true;
}

bool client_send_str(struct client *c, const char *s)
{
	return client_send(c, s, strlen(s));
}

char *client_line(struct client *c, int timeout_ms, bool *eof)
{
	long long deadline = now_ms() + timeout_ms;

	if (eof)
		*eof = false;
	for (;;) {
		char *nl = c->len ? memchr(c->buf, '\n', c->len) : NULL;
		struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
		long long left = deadline - now_ms();
		ssize_t n;

		if (nl) {
			size_t len = (size_t)(nl - c->buf);
			char *line = malloc(len + 1);

			memcpy(line, c->buf, len);
			line[len] = '\0';
			memmove(c->buf, nl + 1, c->len - len - 1);
			c->len -= len + 1;
			return line;
		}
		/* timeout 0 still takes what has already arrived */
		if (poll(&pfd, 1, left > 0 ? (int)left : 0) <= 0)
			return NULL;
		if (c->cap - c->len < 65536) {
			c->cap = c->cap ? 2 * c->cap : 65536 * 2;
			c->buf = realloc(c->buf, c->cap);
		}
		n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (eof)
				*eof = true;
			return NULL;
		}
		c->len += (size_t)n;
	}
}

struct json_object *client_json(struct client *c)
{
	char *line = client_line(c, HARNESS_TIMEOUT_MS, NULL);
	struct json_object *o;

	if (!line)
		return NULL;
	o = json_tokener_parse(line);
	free(line);
	return o;
}

bool client_wait_eof(struct client *c, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	bool eof = false;
	char *line;

	while (now_ms() < deadline) {
		line = client_line(c, (int)(deadline - now_ms()), &eof);
		if (!line)
			return eof;
		free(line);
	}
	return false;
}

struct json_object *client_call(struct client *c, const char *line)
{
	if (!client_send_str(c, line))
		return NULL;
	return client_json(c);
}

int reply_code(struct json_object *reply)
{
	struct json_object *e, *code;

	if (!json_object_object_get_ex(reply, "error", &e) ||
	    !json_object_object_get_ex(e, "code", &code))
		return 0;
	return json_object_get_int(code);
}

const char *reply_error_name(struct json_object *reply)
{
	struct json_object *e, *data, *name;

	if (!json_object_object_get_ex(reply, "error", &e) ||
	    !json_object_object_get_ex(e, "data", &data) ||
	    !json_object_object_get_ex(data, "name", &name))
		return "";
	return json_object_get_string(name);
}

struct json_object *reply_result(struct json_object *reply)
{
	struct json_object *r;

	return json_object_object_get_ex(reply, "result", &r) ? r : NULL;
}

bool write_test_file(const char *path, size_t size)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return false;
	for (size_t i = 0; i < size; i++)
		fputc((int)(i * 7 + 3) & 0xff, f);
	return fclose(f) == 0;
}

char *create_line(const char *name, const char *image, long long id)
{
	char *s;

	if (asprintf(&s, "{\"jsonrpc\":\"2.0\",\"method\":\"vm.create\","
		     "\"id\":%lld,\"params\":{\"name\":\"%s\","
		     "\"memory_mib\":64,\"vcpus\":1,\"image\":{\"path\":\"%s\","
		     "\"format\":\"flat\"}}}\n", id, name, image) < 0)
		return NULL;
	return s;
}
