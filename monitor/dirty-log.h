/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dirty-log.h: the dirty-page logger: a thread that, every interval, fetches
 * and clears the accelerator's dirty log of every guest RAM region and
 * counts the pages found (cumulative and last round).
 */
#ifndef HV_MONITOR_DIRTY_LOG_H
#define HV_MONITOR_DIRTY_LOG_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "monitor/accel.h"
#include "monitor/guest-mem.h"

struct dirty_log {
	const struct accel_ops *ops;
	struct accel_vm *avm;
	const struct guest_mem *mem;
	unsigned int interval_ms;
	unsigned int delay_ms;	/* logging is turned on after this */
	uint64_t *bitmaps[GUEST_MAX_REGIONS];
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	/* under lock */
	bool enabled;
	uint64_t enabled_ns;	/* CLOCK_MONOTONIC when turned on */
	uint64_t pages;		/* dirty_pages */
	uint64_t last;		/* dirty_pages_last */
	uint64_t rounds;
	uint64_t busy_rounds;	/* rounds that found a dirty page */
	int error;
};

int dirty_log_start(struct dirty_log *d, const struct accel_ops *ops,
		    struct accel_vm *avm, const struct guest_mem *mem,
		    unsigned int interval_ms, unsigned int delay_ms);
/* Runs one last round, then ends the thread; the counters stay readable
 * until dirty_log_destroy(). */
void dirty_log_stop(struct dirty_log *d);
void dirty_log_destroy(struct dirty_log *d);

#endif
