// SPDX-License-Identifier: GPL-2.0-only
/*
 * perf.c: per-thread tracepoint counters for a monitor's threads: only
 * tracepoints of the wire allow-list, only on a thread of a monitor this
 * helper started (checked before and after perf_event_open, so that a
 * recycled tid is never counted).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "helper/helper.h"

static int tracepoint_id(struct hreq *h, unsigned int tp,
			 unsigned long long *id)
{
	char path[512], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/events/%s/%s/id", h->cfg->tracefs,
		 hw_tp_category(tp), hw_tp_event(tp));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return hfail(h, -errno, "cannot read %s: %s", path,
			     strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return hfail(h, -EIO, "cannot read %s", path);
	buf[n] = '\0';
	*id = strtoull(buf, NULL, 10);
	return 0;
}

static int thread_of(const struct monitor *m, pid_t tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task/%d", (int)m->pid,
		 (int)tid);
	return registry_alive(m) && access(path, F_OK) == 0;
}

int handle_perf_open(struct hreq *h)
{
	unsigned int tp = h->req->u.perf_open.tracepoint;
	pid_t tid = (pid_t)h->req->u.perf_open.tid;
	struct monitor *m = registry_find_vm(h->req->vm);
	struct perf_event_attr attr;
	unsigned long long id = 0;
	int fd, err;

	if (!m || !thread_of(m, tid))
		return hfail(h, -ESRCH, "tid %d is not a thread of a monitor "
			     "I started for VM %s", (int)tid, h->req->vm);
	err = tracepoint_id(h, tp, &id);
	if (err)
		return err;
	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.size = sizeof(attr);
	attr.config = id;
	fd = (int)syscall(SYS_perf_event_open, &attr, tid, -1, -1,
			  PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return hfail(h, -errno, "perf_event_open %s:%s on %d: %s",
			     hw_tp_category(tp), hw_tp_event(tp), (int)tid,
			     strerror(errno));
	if (!thread_of(m, tid)) {
		close(fd);
		return hfail(h, -ESRCH, "thread %d went away", (int)tid);
	}
	h->fd_out = fd;
	return 0;
}
