// SPDX-License-Identifier: GPL-2.0-only
/*
 * harness.c: starts and talks to a real hvd-helper for the helper tests
 * (see harness.h). HV_HELPER and HV_FAKE_MONITOR name the built programs.
 */
#include "tests/helper/harness.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	int in = open(from, O_RDONLY), out;
	ssize_t n;

	cr_assert(in >= 0, "open %s: %s", from, strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, mode);
	cr_assert(out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		cr_assert(write(out, buf, (size_t)n) == n);
	close(in);
	cr_assert(fchmod(out, mode) == 0);
	close(out);
}

void h_setup(struct harness *t)
{
	char path[128];

	if (geteuid() != 0)
		cr_skip_test("the helper tests run as root");
	memset(t, 0, sizeof(*t));
	t->sock = -1;
	snprintf(t->dir, sizeof(t->dir), "/tmp/hv-helper-test.XXXXXX");
	cr_assert(mkdtemp(t->dir));
	cr_assert(chmod(t->dir, 0711) == 0);
	snprintf(path, sizeof(path), "%s/hv-vm", t->dir);
	copy_file(HV_FAKE_MONITOR, path, 0711);
	snprintf(t->state, sizeof(t->state), "%s/state/monitors", t->dir);
	snprintf(t->log, sizeof(t->log), "%s/helper.log", t->dir);
	snprintf(t->tracefs, sizeof(t->tracefs), "%s/tracefs", t->dir);
	cr_assert(mkdir(t->tracefs, 0700) == 0);
	if (mount("tracefs", t->tracefs, "tracefs", 0, NULL) < 0)
		t->tracefs[0] = '\0';
}

static void exec_helper(struct harness *t, int fd, int listening)
{
	char monitor[128], modules[128], fdarg[16];
	int log = open(t->log, O_WRONLY | O_CREAT | O_APPEND, 0600);

	snprintf(monitor, sizeof(monitor), "%s/hv-vm", t->dir);
	snprintf(modules, sizeof(modules), "%s/no-modules", t->dir);
	snprintf(fdarg, sizeof(fdarg), "%d", fd);
	if (log < 0 || dup2(log, 2) < 0)
		_exit(120);
	if (listening) {
		char pid[16];

		if (dup2(fd, 3) < 0)
			_exit(121);
		snprintf(pid, sizeof(pid), "%d", (int)getpid());
		setenv("LISTEN_FDS", "1", 1);
		setenv("LISTEN_PID", pid, 1);
	}
	execl(HV_HELPER, "hvd-helper", "--user", "64301",
	      "--monitor-user", "64302", "--monitor", monitor,
	      "--state", t->state, "--tracefs",
	      t->tracefs[0] ? t->tracefs : "/nonexistent",
	      "--modules", modules, "--stderr",
	      listening ? NULL : "--fd", fdarg, (char *)NULL);
	_exit(122);
}

void h_start(struct harness *t, int listening)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int sv[2], fd;

	if (listening) {
		fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
		cr_assert(fd >= 0);
		snprintf(t->listen_path, sizeof(t->listen_path),
			 "%s/helper.sock", t->dir);
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s",
			 t->listen_path);
		unlink(t->listen_path);
		cr_assert(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
		cr_assert(chmod(t->listen_path, 0666) == 0);
		cr_assert(listen(fd, 8) == 0);
	} else {
		cr_assert(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0,
				     sv) == 0);
		fd = sv[1];
		t->sock = sv[0];
		/* as hvd does: messages carry credentials from the start */
		cr_assert(setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &(int){ 1 },
				     sizeof(int)) == 0);
	}
	t->helper = fork();
	cr_assert(t->helper >= 0);
	if (t->helper == 0) {
		if (!listening)
			fcntl(fd, F_SETFD, 0);
		exec_helper(t, fd, listening);
	}
	close(fd);
	if (listening) {
		h_become(T_HVD_UID);
		t->sock = h_connect(t);
		h_become(0);
	}
}

int h_connect(struct harness *t)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", t->listen_path);
	cr_assert(fd >= 0);
	cr_assert(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0,
		  "connect: %s", strerror(errno));
	return fd;
}

void h_stop(struct harness *t)
{
	if (t->sock >= 0)
		close(t->sock);
	t->sock = -1;
	if (t->helper > 0) {
		kill(t->helper, SIGKILL);
		waitpid(t->helper, NULL, 0);
	}
	t->helper = 0;
}

void h_teardown(struct harness *t)
{
	char cmd[160];

	h_become(0);
	h_stop(t);
	if (t->tracefs[0])
		umount(t->tracefs);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", t->dir);
	if (t->dir[0] && system(cmd) != 0)
		cr_log_warn("cannot remove %s", t->dir);
}

void h_become(uid_t uid)
{
	cr_assert(setresuid(0, 0, 0) == 0);
	if (uid)
		cr_assert(setresuid(uid, uid, 0) == 0);
}

int h_call(struct harness *t, struct hw_request *req, const int *fds,
	   unsigned int nfds, struct hw_reply *rep, int *fd_out)
{
	int err;

	h_become(T_HVD_UID);
	err = hw_call(t->sock, req, fds, nfds, rep, fd_out);
	h_become(0);
	return err;
}

int h_raw(struct harness *t, const void *msg, size_t len, const int *fds,
	  unsigned int nfds, struct hw_reply *rep)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * 16)];
	} control;
	struct iovec iov = { (void *)msg, len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;
	uint8_t buf[HW_MSG_MAX];
	const char *why;
	ssize_t n;

	cr_assert(nfds <= 16);
	if (nfds) {
		mh.msg_control = control.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	h_become(T_HVD_UID);
	n = sendmsg(t->sock, &mh, MSG_NOSIGNAL);
	h_become(0);
	cr_assert(n == (ssize_t)len, "sendmsg: %s", strerror(errno));
	n = recv(t->sock, buf, sizeof(buf), 0);
	if (n <= 0)
		return -EPIPE;
	return hw_decode_reply(buf, (size_t)n, rep, &why);
}

int h_logged(struct harness *t, const char *a, const char *b)
{
	char line[1024];
	FILE *f = fopen(t->log, "r");
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, a) && (!b || strstr(line, b));
	if (f)
		fclose(f);
	return found;
}

const char *h_field(const char *text, const char *key, char *buf,
		    size_t len)
{
	size_t k = strlen(key);
	const char *p = text, *end;

	while (p && *p) {
		if (!strncmp(p, key, k) && p[k] == ':') {
			p += k + 1;
			p += strspn(p, " \t");
			end = strchrnul(p, '\n');
			snprintf(buf, len, "%.*s", (int)(end - p), p);
			return buf;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return NULL;
}

void h_read_all(int fd, char *buf, size_t len)
{
	size_t off = 0;
	ssize_t n;

	while (off + 1 < len && (n = read(fd, buf + off, len - 1 - off)) > 0)
		off += (size_t)n;
	buf[off] = '\0';
}

pid_t h_spawn(struct harness *t, const char *vm, int *pidfd, char *report,
	      size_t len)
{
	struct hw_request req = { .type = HW_SPAWN, .seq = 7 };
	struct hw_reply rep;
	int p[2], fds[2];

	cr_assert(pipe(p) == 0);
	fds[0] = p[1];
	fds[1] = open("/dev/null", O_RDONLY);
	snprintf(req.vm, sizeof(req.vm), "%s", vm);
	req.u.spawn.memory_mib = 256;
	req.u.spawn.vcpus = 2;
	req.u.spawn.nfds = 2;
	cr_assert_eq(h_call(t, &req, fds, 2, &rep, pidfd), 0);
	cr_assert_eq(rep.status, 0, "spawn: %s", rep.text);
	cr_assert(*pidfd >= 0);
	close(p[1]);
	close(fds[1]);
	h_read_all(p[0], report, len);
	close(p[0]);
	return (pid_t)rep.value;
}

void h_finish(struct harness *t, const char *vm, pid_t pid, int pidfd)
{
	struct hw_request req = { .type = HW_SIGNAL, .seq = 8 };
	struct pollfd pfd = { pidfd, POLLIN, 0 };
	struct hw_reply rep;
	int fd;

	snprintf(req.vm, sizeof(req.vm), "%s", vm);
	req.u.signal.pid = (uint32_t)pid;
	req.u.signal.signal = HW_SIG_KILL;
	cr_assert_eq(h_call(t, &req, NULL, 0, &rep, &fd), 0);
	cr_assert_eq(rep.status, 0, "signal: %s", rep.text);
	cr_assert_eq(poll(&pfd, 1, 5000), 1);
	req.type = HW_REAP;
	req.u.reap.pid = (uint32_t)pid;
	cr_assert_eq(h_call(t, &req, NULL, 0, &rep, &fd), 0);
	cr_assert_eq(rep.status, 0, "reap: %s", rep.text);
	cr_expect(WIFSIGNALED(rep.value) && WTERMSIG(rep.value) == SIGKILL);
	close(pidfd);
}

struct harness hx;

void hx_setup(void)
{
	h_setup(&hx);
}

void hx_setup_started(void)
{
	h_setup(&hx);
	h_start(&hx, 0);
}

void hx_teardown(void)
{
	h_teardown(&hx);
}

void h_expect_fields(const char *text, const struct h_expect *e, size_t n)
{
	const char *got;
	char v[128];

	for (; n--; e++) {
		got = h_field(text, e->key, v, sizeof(v));
		cr_expect(got && !strcmp(got, e->value), "%s: '%s', want '%s'",
			  e->key, got ? got : "(none)", e->value);
	}
}
