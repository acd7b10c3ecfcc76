/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * monitor-spawn.h: what it takes to start a VM's monitor: the accelerator
 * (and /dev/userfaultfd for the uffd backend) opened by hvd-helper, the
 * monitor's socket bound at RUNTIME/vms/NAME/monitor.sock, the console log
 * LOG_DIR/NAME.console.log, the image copy and the definition, all handed
 * to "hv-vm --name NAME" through the helper's spawn request in the order
 * of proto/monitor-fds.h.
 */
#ifndef HV_DAEMON_MONITOR_SPAWN_H
#define HV_DAEMON_MONITOR_SPAWN_H

#include <stddef.h>

#include "daemon/hvd.h"
#include "daemon/vm.h"
#include "proto/rpc-codec.h"

/* RUNTIME/vms/NAME/monitor.sock (and its directory) into buf. */
void monitor_sock_path(const struct hvd *h, const char *vm, char *buf,
		       size_t len, bool dir_only);

/* Removes a monitor's socket and its directory. */
void monitor_sock_remove(const struct hvd *h, const char *vm);

/* Spawns the monitor; its pidfd (*pid its pid), or -1 with err filled
 * (nothing left). */
int monitor_spawn(struct hvd *h, struct vm *vm, pid_t *pid,
		  struct rpc_error *err);

#endif
