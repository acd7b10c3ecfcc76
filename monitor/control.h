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
 *   monitor.console.attach {} / monitor.console.detach {} -> {"state"}:
 *                  this client gets (or stops getting) the notification
 *                  {"method": "monitor.console.output", "params":
 *                  {"data": base64}} for what the guest writes to its
 *                  serial port from then on
 *   monitor.console.input {"data": base64 of at most 4096 bytes}
 *                  -> {"accepted": N}: bytes queued in the UART's
 *                  receiver (those past its FIFO are dropped)
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
/* Serves a socket hvd bound and passed (listening, path unknown: hvd
 * removes it); the fd is taken over. */
int control_adopt(struct control **out, int listen_fd, struct vm *vm,
		  char *err, size_t errlen);
/* The read end of the live console's pipe (non-blocking), served to
 * attached clients. */
void control_console(struct control *c, int fd);
/* Serve for up to timeout_ms; returns when the VM ended or time is up. */
void control_serve(struct control *c, int timeout_ms);
/* Ends a VM whose stop timeout passed. */
void control_tick(struct control *c);
/* Tell the clients how the VM ended, close them and remove the socket. */
void control_close(struct control *c);

#endif
