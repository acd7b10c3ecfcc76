/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * stats.h: a VM's statistics as one JSON object: the accelerator's own
 * statistics under their own names, their catalogue names
 * (proto/stats-catalogue.h), tracepoint counts per vCPU, the dirty log and
 * the guest's async-PF MSR. What cannot be measured is absent, not zero.
 */
#ifndef HV_MONITOR_STATS_H
#define HV_MONITOR_STATS_H

#include <json-c/json.h>

#include "monitor/vm.h"

struct json_object *stats_collect(struct vm *vm);
/* How the VM ended: { reason, value, status, detail, run_ns }. */
struct json_object *stats_end(struct vm *vm);
/* Write stats_collect() to path; err on failure. */
int stats_write(struct vm *vm, const char *path, char *err, size_t errlen);

#endif
