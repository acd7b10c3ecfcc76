// SPDX-License-Identifier: GPL-2.0-only
/*
 * spawn.c: starts a VM's monitor: the fixed program, never one named by
 * the request, as user hv-vm (spawn-child.c sets the process up), inside
 * its own transient scope where systemd runs; returns a pidfd to hvd and
 * records the monitor.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helper/helper.h"

/* Waits for the child's exec: 0 when it ran, else the child's errno. */
static int exec_result(int err_fd)
{
	int child_errno;
	ssize_t n;

	do
		n = read(err_fd, &child_errno, sizeof(child_errno));
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return 0;
	return n == sizeof(child_errno) ? -child_errno : -EIO;
}

int handle_spawn(struct hreq *h)
{
	const char *vm = h->req->vm;
	int go[2], fail[2], pidfd, err;
	pid_t pid;

	if (registry_find_vm(vm))
		return hfail(h, -EEXIST, "VM %s already has a monitor", vm);
	if (registry_full())
		return hfail(h, -EAGAIN, "too many monitors");
	if (pipe2(go, O_CLOEXEC) < 0)
		return hfail(h, -errno, "pipe: %s", strerror(errno));
	if (pipe2(fail, O_CLOEXEC) < 0) {
		err = hfail(h, -errno, "pipe: %s", strerror(errno));
		goto close_go;
	}
	pid = fork();
	if (pid < 0) {
		err = hfail(h, -errno, "fork: %s", strerror(errno));
		goto close_fail;
	}
	if (pid == 0) {
		close(go[1]);
		close(fail[0]);
		spawn_child(h, go[0], fail[1]);
	}
	close(go[0]);
	go[0] = -1;
	close(fail[1]);
	fail[1] = -1;
	pidfd = pidfd_open(pid, 0);
	err = pidfd < 0 ? -errno : 0;
	if (!err) {
		scope_create(&h->peer, vm, pid);
		err = write(go[1], "", 1) == 1 ? exec_result(fail[0]) : -EIO;
	}
	if (err) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		if (pidfd >= 0)
			close(pidfd);
		hfail(h, err, "cannot start %s: %s", h->cfg->monitor,
		      strerror(-err));
		goto close_fail;
	}
	h->fd_out = pidfd;
	h->rep->value = pid;
	snprintf(h->rep->text, sizeof(h->rep->text), "monitor pid %d%s",
		 (int)pid, registry_add(pid, vm) ? " (not recorded!)" : "");
close_fail:
	if (fail[0] >= 0)
		close(fail[0]);
	if (fail[1] >= 0)
		close(fail[1]);
close_go:
	if (go[0] >= 0)
		close(go[0]);
	close(go[1]);
	return err;
}
