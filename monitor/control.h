/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * control.h: the monitor's unix socket (RUNTIME/vms/NAME/monitor.sock for
 * hvd), speaking proto/'s JSON-RPC codec, one request per line:
 *   monitor.info   {} -> {"name", "state", "accel", "vcpus", "memory_mib",
 *                  "pid", "end": {reason, value, status, detail, run_ns}}
 *   monitor.stats  {} -> the statistics object of stats.h
 *   monitor.stop   {"force": bool = false, "timeout_ms": 0..600000 = 5000}
 *                  -> {"state": "stopping"}. There is no guest-visible
 *                  shutdown request device (no ACPI), so "nicely" means the
 *                  guest gets timeout_ms to end by itself (debug-exit, halt)
 *                  before it is forced; force ends it at once.
 * state is running, stopping, stopped (it ended itself or was stopped) or
 * crashed (shutdown, accelerator error). When the VM ends, every client
 * gets the notification {"method": "monitor.ended", "params": end} and the
 * monitor exits.
 */
#ifndef HV_MONITOR_CONTROL_H
#define HV_MONITOR_CONTROL_H

#include <stddef.h>

#include "monitor/vm.h"

struct control;

int control_open(struct control **out, const char *path, struct vm *vm,
		 char *err, size_t errlen);
/* Serve for up to timeout_ms; returns when the VM ended or time is up. */
void control_serve(struct control *c, int timeout_ms);
/* Ends a VM whose stop timeout passed. */
void control_tick(struct control *c);
/* Tell the clients how the VM ended, close them and remove the socket. */
void control_close(struct control *c);

#endif
