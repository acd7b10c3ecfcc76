// SPDX-License-Identifier: GPL-2.0-only
/*
 * client-run.c: runs the built hvctl for the client tests: fork, exec
 * with the chosen HVD_SOCKET, collect stdout and stderr through pipes
 * with poll(), and reap it, each wait bounded.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/rpc/client-run.h"

#define ARGV_MAX	64

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

bool hvctl_spawn(struct hvctl_proc *p, const char *env_socket,
		 int (*setup)(void *arg), void *arg, char *const argv[])
{
	char *args[ARGV_MAX + 2];
	int out[2], err[2];
	size_t n;

	memset(p, 0, sizeof(*p));
	p->status = -1;
	args[0] = "hvctl";
	for (n = 0; argv[n] && n < ARGV_MAX; n++)
		args[n + 1] = argv[n];
	args[n + 1] = NULL;
	p->out = calloc(1, 1);
	p->err = calloc(1, 1);
	if (!p->out || !p->err || pipe2(out, O_CLOEXEC))
		return false;
	if (pipe2(err, O_CLOEXEC)) {
		close(out[0]);
		close(out[1]);
		return false;
	}
	p->pid = fork();
	if (p->pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		if (env_socket)
			setenv("HVD_SOCKET", env_socket, 1);
		else
			unsetenv("HVD_SOCKET");
		if (setup && setup(arg))
			_exit(126);
		execv(HVCTL_PATH, args);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	p->out_fd = out[0];
	p->err_fd = err[0];
	if (p->pid < 0) {
		close(out[0]);
		close(err[0]);
		p->out_fd = p->err_fd = -1;
		return false;
	}
	return true;
}

static void append(int *fd, char **buf, size_t *len)
{
	char chunk[4096], *grown;
	ssize_t n = read(*fd, chunk, sizeof(chunk));

	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0) {
		close(*fd);
		*fd = -1;
		return;
	}
	grown = realloc(*buf, *len + (size_t)n + 1);
	if (!grown)
		abort();
	memcpy(grown + *len, chunk, (size_t)n);
	*len += (size_t)n;
	grown[*len] = '\0';
	*buf = grown;
}

/* Reads what is available within ms; false when both streams ended. */
static bool collect(struct hvctl_proc *p, int ms)
{
	struct pollfd fds[2] = {
		{ .fd = p->out_fd, .events = POLLIN },
		{ .fd = p->err_fd, .events = POLLIN },
	};

	if (p->out_fd < 0 && p->err_fd < 0)
		return false;
	if (poll(fds, 2, ms) <= 0)
		return true;
	if (fds[0].revents)
		append(&p->out_fd, &p->out, &p->out_len);
	if (fds[1].revents)
		append(&p->err_fd, &p->err, &p->err_len);
	return true;
}

bool hvctl_wait_output(struct hvctl_proc *p, const char *s, int timeout_ms)
{
	long long end = ms_now() + timeout_ms;

	while (!strstr(p->out, s)) {
		long long left = end - ms_now();

		if (left <= 0 || !collect(p, (int)left))
			return strstr(p->out, s) != NULL;
	}
	return true;
}

bool hvctl_finish(struct hvctl_proc *p, bool interrupt)
{
	long long end = ms_now() + RUN_TIMEOUT_MS;
	bool in_time = true;
	int ws;

	if (interrupt)
		kill(p->pid, SIGINT);
	while (collect(p, 100) && ms_now() < end)
		;
	/* Output ended (or time is up): reap it, within the same bound. */
	while (waitpid(p->pid, &ws, WNOHANG) == 0) {
		if (ms_now() > end) {
			in_time = false;
			kill(p->pid, SIGKILL);
			waitpid(p->pid, &ws, 0);
			break;
		}
		usleep(10000);
	}
	p->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	return in_time;
}

void hvctl_free(struct hvctl_proc *p)
{
	if (p->out_fd >= 0)
		close(p->out_fd);
	if (p->err_fd >= 0)
		close(p->err_fd);
	free(p->out);
	free(p->err);
	memset(p, 0, sizeof(*p));
}

bool hvctl_run(struct hvctl_proc *p, const char *env_socket, ...)
{
	char *argv[ARGV_MAX + 1];
	va_list ap;
	size_t n = 0;

	va_start(ap, env_socket);
	while (n < ARGV_MAX && (argv[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	return hvctl_spawn(p, env_socket, NULL, NULL, argv) &&
	       hvctl_finish(p, false);
}
