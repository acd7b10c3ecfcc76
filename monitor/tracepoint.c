// SPDX-License-Identifier: GPL-2.0-only
/*
 * tracepoint.c: per-thread tracepoint counters (see tracepoint.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "monitor/tracepoint.h"

static const char *const tracefs_dirs[] = {
	"/sys/kernel/tracing",
	"/sys/kernel/debug/tracing",
};

#define NDIRS (sizeof(tracefs_dirs) / sizeof(tracefs_dirs[0]))

static int read_id(const char *dir, const char *system, const char *event)
{
	char path[256], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/events/%s/%s/id", dir, system,
		 event);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return atoi(buf);
}

static bool tracefs_mounted(const char *dir)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), "%s/events", dir);
	return stat(path, &st) == 0;
}

int tracepoint_id(const char *system, const char *event, char *err,
		  size_t errlen)
{
	size_t i;
	int id;

	for (i = 0; i < NDIRS; i++) {
		if (!tracefs_mounted(tracefs_dirs[i]))
			continue;
		id = read_id(tracefs_dirs[i], system, event);
		if (id >= 0)
			return id;
		snprintf(err, errlen, "tracepoint %s:%s not in %s", system,
			 event, tracefs_dirs[i]);
		return -1;
	}
	if (mount("nodev", tracefs_dirs[0], "tracefs", 0, NULL) < 0) {
		snprintf(err, errlen, "mount tracefs on %s: %s",
			 tracefs_dirs[0], strerror(errno));
		return -1;
	}
	id = read_id(tracefs_dirs[0], system, event);
	if (id < 0)
		snprintf(err, errlen, "tracepoint %s:%s not in %s", system,
			 event, tracefs_dirs[0]);
	return id;
}

int tracepoint_open(int id, pid_t tid, const char *filter, char *err,
		    size_t errlen)
{
	struct perf_event_attr a = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(a),
		.config = id,
		.sample_period = 0,
		.exclude_hv = 0,
	};
	int fd = syscall(SYS_perf_event_open, &a, tid, -1, -1,
			 PERF_FLAG_FD_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errlen, "perf_event_open(tracepoint %d, tid "
			 "%d): %s", id, (int)tid, strerror(errno));
		return -1;
	}
	if (filter && ioctl(fd, PERF_EVENT_IOC_SET_FILTER, filter) < 0) {
		snprintf(err, errlen, "tracepoint %d filter \"%s\": %s", id,
			 filter, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

uint64_t tracepoint_read(int fd)
{
	uint64_t v = 0;

	if (read(fd, &v, sizeof(v)) != sizeof(v))
		return 0;
	return v;
}
