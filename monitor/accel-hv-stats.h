/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * accel-hv-stats.h: hv.ko's statistics over generic netlink, for
 * accel-hv.c (see accel-hv-stats.c).
 */
#ifndef HV_MONITOR_ACCEL_HV_STATS_H
#define HV_MONITOR_ACCEL_HV_STATS_H

#include <stdint.h>
#include "monitor/accel.h"

struct hv_stats {
	int fd;
	int family;	/* the "hv" family's id, -1 if unknown */
	char *buf;
};

/* Opens the socket and finds the family; -errno (then reads fail). */
int hv_stats_open(struct hv_stats *s);
void hv_stats_close(struct hv_stats *s);
/* The VM's statistics (vcpu_id < 0) or one vCPU's, through @fn. */
int hv_stats_read(struct hv_stats *s, uint32_t vm_id, int vcpu_id,
		  accel_stat_fn fn, void *ctx);

#endif
