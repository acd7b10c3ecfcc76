/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lifecycle.h: moving VMs between states: defined -> starting (monitor
 * spawned) -> running (it answered) -> stopping (vm.stop) -> stopped or
 * crashed (the monitor process ended; how is kept in vm->end). Every
 * change is an "event" notification and a journal line (HV_VM=,
 * HV_EVENT=VM_<STATE>). Monitors outlive hvd: at start hvd re-attaches
 * to every RUNTIME/vms/NAME/monitor.sock that answers.
 */
#ifndef HV_DAEMON_LIFECYCLE_H
#define HV_DAEMON_LIFECYCLE_H

#include "daemon/hvd.h"
#include "daemon/vm.h"
#include "proto/rpc-codec.h"

/* Starts vm; false with err filled when it cannot. */
bool vm_start(struct hvd *h, struct vm *vm, struct rpc_error *err);

/* Asks vm's monitor to stop (force: at once); false with err filled. */
bool vm_stop(struct hvd *h, struct vm *vm, bool force,
	     struct rpc_error *err);

/* Re-attaches to the monitors still running from an earlier hvd. */
void vm_reattach_all(struct hvd *h);

/* Starts every VM whose definition says autostart (at hvd's start). */
void vm_autostart_all(struct hvd *h);

#endif
