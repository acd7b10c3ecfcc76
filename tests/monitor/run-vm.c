// SPDX-License-Identifier: GPL-2.0-only
/*
 * run-vm.c: spawning hv-vm for tests and benchmarks (see run-vm.h). The
 * monitor's path comes from HV_VM (set by the build, overridable by the
 * environment variable of that name).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/monitor/run-vm.h"

static const char *const run_files[] = {
	"def.json", "console.log", "stats.json", "image", "bad.json",
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static bool openable(const char *dev, char *reason, size_t len)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		snprintf(reason, len, "%s: %s", dev, strerror(errno));
		return false;
	}
	close(fd);
	return true;
}

bool kvm_usable(char *reason, size_t len)
{
	return openable("/dev/kvm", reason, len);
}

bool uffd_usable(char *reason, size_t len)
{
	return openable("/dev/userfaultfd", reason, len);
}

int write_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	bool ok;

	if (fd < 0)
		return -1;
	ok = write(fd, buf, len) == (ssize_t)len;
	return close(fd) == 0 && ok ? 0 : -1;
}

int vm_run_prepare(struct vm_run *r, const char *definition)
{
	char path[128];

	memset(r, 0, sizeof(*r));
	r->pid = -1;
	r->err_fd = -1;
	r->out_fd = -1;
	snprintf(r->dir, sizeof(r->dir), "/tmp/hv-vm-test.XXXXXX");
	if (!mkdtemp(r->dir))
		return -1;
	snprintf(path, sizeof(path), "%s/def.json", r->dir);
	return write_file(path, definition, strlen(definition));
}

static const char *monitor_path(void)
{
	const char *p = getenv("HV_VM");

	return p && *p ? p : HV_VM;
}

int vm_run_spawn(struct vm_run *r, const char *const *args)
{
	char def[128], log[128], stats[128];
	const char *argv[32];
	int pipefd[2], outfd[2] = { -1, -1 }, n = 0, i;

	snprintf(def, sizeof(def), "%s/def.json", r->dir);
	snprintf(log, sizeof(log), "%s/console.log", r->dir);
	snprintf(stats, sizeof(stats), "%s/stats.json", r->dir);
	argv[n++] = monitor_path();
	argv[n++] = "--definition";
	argv[n++] = def;
	argv[n++] = "--console-log";
	argv[n++] = log;
	argv[n++] = "--stats-json";
	argv[n++] = stats;
	if (!r->console_pipe)
		argv[n++] = "--no-console";
	for (i = 0; args && args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (r->console_pipe && pipe2(outfd, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		goto fail_out;
	r->start_ms = now_ms();
	r->pid = fork();
	if (r->pid == 0) {
		dup2(pipefd[1], STDERR_FILENO);
		if (outfd[1] >= 0)
			dup2(outfd[1], STDOUT_FILENO);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	if (r->pid < 0) {
		close(pipefd[0]);
		goto fail_out;
	}
	r->err_fd = pipefd[0];
	if (outfd[1] >= 0)
		close(outfd[1]);
	r->out_fd = outfd[0];
	return 0;
fail_out:
	if (outfd[0] >= 0) {
		close(outfd[0]);
		close(outfd[1]);
	}
	return -1;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, 0, f) < 0) {
		free(buf);
		buf = strdup("");
	}
	fclose(f);
	return buf;
}

int vm_run_wait(struct vm_run *r, unsigned int timeout_ms)
{
	double deadline = now_ms() + timeout_ms;
	size_t got = 0;
	char path[128];
	int st;

	for (;;) {
		struct pollfd p = { .fd = r->err_fd, .events = POLLIN };
		double left = deadline - now_ms();
		ssize_t n;

		if (left <= 0) {
			kill(r->pid, SIGKILL);
			break;
		}
		if (poll(&p, 1, (int)left + 1) <= 0)
			continue;
		n = read(r->err_fd, r->err + got, sizeof(r->err) - 1 - got);
		if (n <= 0)
			break;
		got += n;
		if (got == sizeof(r->err) - 1)
			got = 0;	/* keep reading, keep the tail */
	}
	r->err[got] = 0;
	close(r->err_fd);
	r->err_fd = -1;
	if (r->out_fd >= 0)
		close(r->out_fd);
	r->out_fd = -1;
	if (waitpid(r->pid, &st, 0) < 0)
		return -1;
	r->wall_ms = now_ms() - r->start_ms;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	r->pid = -1;
	snprintf(path, sizeof(path), "%s/console.log", r->dir);
	r->console = slurp(path);
	if (!r->console)
		r->console = strdup("");
	snprintf(path, sizeof(path), "%s/stats.json", r->dir);
	if (access(path, R_OK) == 0)
		r->stats = json_object_from_file(path);
	return 0;
}

int vm_run(struct vm_run *r, const char *definition,
	   const char *const *args, unsigned int timeout_ms)
{
	if (vm_run_prepare(r, definition) < 0 || vm_run_spawn(r, args) < 0)
		return -1;
	return vm_run_wait(r, timeout_ms);
}

void vm_run_free(struct vm_run *r)
{
	char path[128];
	size_t i;

	for (i = 0; i < sizeof(run_files) / sizeof(run_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", r->dir, run_files[i]);
		unlink(path);
	}
	if (r->dir[0])
		rmdir(r->dir);
	free(r->console);
	json_object_put(r->stats);
	r->console = NULL;
	r->stats = NULL;
}

bool stat_get(const struct vm_run *r, const char *path, uint64_t *v)
{
	struct json_object *o = r->stats;
	char buf[128], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok && o;
	     tok = strtok_r(NULL, ".", &save)) {
		if (json_object_is_type(o, json_type_array))
			o = json_object_array_get_idx(o, atoi(tok));
		else if (!json_object_object_get_ex(o, tok, &o))
			return false;
	}
	if (!o || !json_object_is_type(o, json_type_int))
		return false;
	*v = json_object_get_uint64(o);
	return true;
}

int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;	/* the directory's own fd */
}
