/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lifecycle.h: moving VMs between states. Until the VM monitor exists
 * (a later issue), no accelerator can run a VM and starting one fails
 * with NO_ACCELERATOR.
 */
#ifndef HV_DAEMON_LIFECYCLE_H
#define HV_DAEMON_LIFECYCLE_H

#include "daemon/hvd.h"
#include "daemon/vm.h"
#include "proto/rpc-codec.h"

/* Starts vm; false with err filled when it cannot. */
bool vm_start(struct hvd *h, struct vm *vm, struct rpc_error *err);

/* Starts every VM whose definition says autostart (at hvd's start). */
void vm_autostart_all(struct hvd *h);

#endif
