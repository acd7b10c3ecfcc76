// SPDX-License-Identifier: GPL-2.0-only
/*
 * lifecycle.c: VM state changes and autostart.
 */
#include "daemon/lifecycle.h"
#include "daemon/log.h"

bool vm_start(struct hvd *h, struct vm *vm, struct rpc_error *err)
{
	if (vm->state == VM_STARTING || vm->state == VM_RUNNING ||
	    vm->state == VM_STOPPING) {
		rpc_error_set(err, RPC_ERR_INVALID_STATE,
			      "VM '%s' is %s", vm->name,
			      vm_state_name(vm->state));
		return false;
	}
	rpc_error_set(err, RPC_ERR_NO_ACCELERATOR,
		      "cannot start VM '%s': this hvd has no VM monitor yet, "
		      "so no accelerator can run it", vm->name);
	return false;
}

void vm_autostart_all(struct hvd *h)
{
	struct rpc_error err;

	for (size_t i = 0; i < h->reg.count; i++) {
		struct vm *vm = h->reg.vms[i];

		if (vm_def_bool(vm, "autostart") && !vm_start(h, vm, &err))
			hvd_log(LOG_WARNING, vm->name, "AUTOSTART_FAILED",
				"autostart failed: %s (%s)", err.message,
				err.name);
	}
}
