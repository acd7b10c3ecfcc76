// SPDX-License-Identifier: GPL-2.0-only
/*
 * vm-state.c: the wire names of VM states.
 */
#include <string.h>

#include "proto/vm-state.h"

static const char *const state_names[VM_STATE_COUNT] = {
	[VM_DEFINED] = "defined",
	[VM_STARTING] = "starting",
	[VM_RUNNING] = "running",
	[VM_STOPPING] = "stopping",
	[VM_STOPPED] = "stopped",
	[VM_CRASHED] = "crashed",
};

const char *vm_state_name(enum vm_state s)
{
	return state_names[s];
}

bool vm_state_parse(const char *name, enum vm_state *out)
{
	for (int i = 0; i < VM_STATE_COUNT; i++) {
		if (strcmp(state_names[i], name) == 0) {
			*out = (enum vm_state)i;
			return true;
		}
	}
	return false;
}
