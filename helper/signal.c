// SPDX-License-Identifier: GPL-2.0-only
/*
 * signal.c: signalling and reaping monitors, only those in the registry
 * and only while the pid still names the process recorded (its start
 * time matches), so that a recycled pid is never touched.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helper/helper.h"

static struct monitor *lookup(struct hreq *h, pid_t pid, int *err)
{
	struct monitor *m = registry_find_vm(h->req->vm);

	if (!m || m->pid != pid) {
		*err = hfail(h, -ESRCH, "pid %d is not a monitor I started "
			     "for VM %s", (int)pid, h->req->vm);
		return NULL;
	}
	return m;
}

int handle_signal(struct hreq *h)
{
	pid_t pid = (pid_t)h->req->u.signal.pid;
	int sig = hw_sig_number(h->req->u.signal.signal);
	struct monitor *m;
	int pidfd, err = 0;

	m = lookup(h, pid, &err);
	if (!m)
		return err;
	/* The pidfd pins the process; the start time proves which one. */
	pidfd = pidfd_open(pid, 0);
	if (pidfd < 0 || !registry_alive(m)) {
		err = hfail(h, -ESRCH, "monitor %d of VM %s is gone", (int)pid,
			    m->vm);
		if (!m->child)
			registry_remove(m);
	} else if (pidfd_send_signal(pidfd, sig, NULL, 0) < 0) {
		err = hfail(h, -errno, "signal %s to %d: %s", strsignal(sig),
			    (int)pid, strerror(errno));
	} else {
		snprintf(h->rep->text, sizeof(h->rep->text), "sent %s to %d",
			 strsignal(sig), (int)pid);
	}
	if (pidfd >= 0)
		close(pidfd);
	return err;
}

static int64_t wait_status(const siginfo_t *si)
{
	if (si->si_code == CLD_EXITED)
		return (si->si_status & 0xff) << 8;
	return (si->si_status & 0x7f) | (si->si_code == CLD_DUMPED ? 0x80 : 0);
}

int handle_reap(struct hreq *h)
{
	pid_t pid = (pid_t)h->req->u.reap.pid;
	struct monitor *m;
	siginfo_t si;
	int err = 0;

	m = lookup(h, pid, &err);
	if (!m)
		return err;
	if (!m->child) {
		if (registry_alive(m))
			return hfail(h, -EAGAIN, "monitor %d still runs",
				     (int)pid);
		registry_remove(m);
		return hfail(h, -ECHILD, "monitor %d ended under an earlier "
			     "helper: exit status unknown", (int)pid);
	}
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG) < 0)
		return hfail(h, -errno, "waitid %d: %s", (int)pid,
			     strerror(errno));
	if (si.si_pid == 0)
		return hfail(h, -EAGAIN, "monitor %d still runs", (int)pid);
	h->rep->value = wait_status(&si);
	registry_remove(m);
	return 0;
}
