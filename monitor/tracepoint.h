/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tracepoint.h: counting kernel tracepoints for one thread with
 * perf_event_open(PERF_TYPE_TRACEPOINT); ids come from tracefs, which is
 * mounted at /sys/kernel/tracing when it is not there yet.
 */
#ifndef HV_MONITOR_TRACEPOINT_H
#define HV_MONITOR_TRACEPOINT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The tracepoint's id, or -1 with err saying why. */
int tracepoint_id(const char *system, const char *event, char *err,
		  size_t errlen);
/* A counter of tracepoint id on thread tid (any CPU), optionally
 * filtered; -1 with err saying why. */
int tracepoint_open(int id, pid_t tid, const char *filter, char *err,
		    size_t errlen);
/* The counter's value; 0 if it cannot be read. */
uint64_t tracepoint_read(int fd);

#endif
