// SPDX-License-Identifier: GPL-2.0-only
// qemu-run.c: spawns timeout(1) + qemu-system-x86_64 with the guest as a
// multiboot kernel, collects the serial console from a pipe and finds the
// "hv-test:" line.
#include <errno.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "qemu-run.h"

#define QEMU		"qemu-system-x86_64"
#define LINE_PREFIX	"hv-test: "
#define MAX_ARGS	40

extern char **environ;

bool qemu_available(void)
{
	const char *path = getenv("PATH");
	char dir[4096];

	while (path && *path) {
		size_t n = strcspn(path, ":");

		snprintf(dir, sizeof(dir), "%.*s/" QEMU, (int)n, path);
		if (access(dir, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

static bool read_all(int fd, struct qemu_run *run)
{
	size_t cap = 4096;
	ssize_t n;

	run->output = malloc(cap);
	if (!run->output)
		return false;
	for (;;) {
		if (cap - run->len < 2048) {
			char *p = realloc(run->output, cap * 2);

			if (!p)
				return false;
			run->output = p;
			cap *= 2;
		}
		n = read(fd, run->output + run->len, cap - run->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		run->len += n;
	}
	run->output[run->len] = '\0';
	return n == 0;
}

static const char *find_line(const char *out)
{
	const char *p = out, *found = NULL;

	/* The last one counts: a guest prints exactly one. */
	while ((p = strstr(p, LINE_PREFIX))) {
		if (p == out || p[-1] == '\n')
			found = p + strlen(LINE_PREFIX);
		p++;
	}
	return found;
}

bool qemu_run_guest(struct qemu_run *run, const char *name,
		    const char *cmdline, const char *const *extra)
{
	char image[4096], timeout_s[16];
	const char *argv[MAX_ARGS] = {
		"timeout", timeout_s, QEMU, "-accel", "tcg", "-m", "64",
		"-nographic", "-no-reboot", "-kernel", image, "-append",
		cmdline, "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
		"-serial", "stdio", "-monitor", "none",
	};
	posix_spawn_file_actions_t fa;
	int fds[2], ws, argc = 19;
	bool ok;
	pid_t pid;

	memset(run, 0, sizeof(*run));
	run->status = -1;
	snprintf(image, sizeof(image), "%s/%s.elf", HV_GUEST_DIR, name);
	snprintf(timeout_s, sizeof(timeout_s), "%d", QEMU_RUN_TIMEOUT_S);
	while (extra && *extra && argc < MAX_ARGS - 1)
		argv[argc++] = *extra++;
	argv[argc] = NULL;
	if (pipe(fds))
		return false;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", 0, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	ok = !posix_spawnp(&pid, "timeout", &fa, NULL, (char *const *)argv,
			   environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (ok)
		ok = read_all(fds[0], run);
	close(fds[0]);
	if (!ok)
		return false;
	if (waitpid(pid, &ws, 0) != pid)
		return false;
	if (WIFEXITED(ws))
		run->status = WEXITSTATUS(ws);
	run->line = find_line(run->output);
	return true;
}

bool qemu_run_value(const struct qemu_run *run, const char *key,
		    char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *p = run->line;

	while (p && *p && *p != '\n' && *p != '\r') {
		size_t n = strcspn(p, " \r\n");

		if (n > klen && !strncmp(p, key, klen) && p[klen] == '=') {
			snprintf(buf, size, "%.*s", (int)(n - klen - 1),
				 p + klen + 1);
			return true;
		}
		p += n;
		p += *p == ' ';
	}
	return false;
}

bool qemu_run_u64(const struct qemu_run *run, const char *key,
		  uint64_t *value)
{
	char buf[64], *end;

	if (!qemu_run_value(run, key, buf, sizeof(buf)))
		return false;
	errno = 0;
	*value = strtoull(buf, &end, 0);
	return !errno && end != buf && !*end;
}

bool qemu_run_fails(struct qemu_run *run, const char *name,
		    const char *cmdline, int code, const char *reason,
		    const char *detail)
{
	char buf[64];

	return qemu_run_guest(run, name, cmdline, NULL) &&
	       run->status == QEMU_EXIT_STATUS(code) &&
	       qemu_run_value(run, "fail", buf, sizeof(buf)) &&
	       !strcmp(buf, reason) && strstr(run->line, detail);
}

unsigned int qemu_run_count_lines(const struct qemu_run *run,
				  const char *prefix)
{
	const char *p = run->output;
	unsigned int n = 0;

	while (p) {
		if (!strncmp(p, prefix, strlen(prefix)))
			n++;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return n;
}

void qemu_run_free(struct qemu_run *run)
{
	free(run->output);
	run->output = NULL;
	run->line = NULL;
}
