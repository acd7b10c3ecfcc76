/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vm-stats.h: a running VM's statistics as vm.stats answers them: the
 * monitor's (monitor.stats) plus the tracepoint counts of each vCPU
 * thread, which the monitor, unprivileged, cannot count: hvd asks
 * hvd-helper (HW_PERF_OPEN) for one counter per tracepoint of
 * proto/helper-wire.h and vCPU thread the first time the monitor reports
 * the thread's tid, keeps the fds, and reads them at each call. Counts
 * appear under "tracepoints" ("kvm:kvm_async_pf_ready" style names) of
 * each vCPU and, where the catalogue has the figure, in its "stats" and
 * the "total"; a counter the helper refused is absent ("tracepoint_error"
 * says why).
 */
#ifndef HV_DAEMON_VM_STATS_H
#define HV_DAEMON_VM_STATS_H

#include "daemon/hvd.h"
#include "daemon/vm.h"
#include "proto/rpc-codec.h"

/* vm.stats' answer for a running vm (a new reference), or NULL + err. */
struct json_object *vm_stats_collect(struct hvd *h, struct vm *vm,
				     struct rpc_error *err);

/* Closes vm's tracepoint counters (its monitor ended). */
void vm_stats_close(struct vm *vm);

#endif
