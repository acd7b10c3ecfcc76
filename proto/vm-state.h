/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vm-state.h: the states a VM goes through, as every program names them,
 * and the "event" notification that events.subscribe delivers:
 *   {"jsonrpc":"2.0","method":"event","params":{"vm":NAME,
 *    "event":"current"|"created"|"updated"|"deleted"|"state",
 *    "state":STATE,"previous":STATE (only for "state")}}
 * "current" events describe each VM once, right after the subscription's
 * reply; the others follow as things happen.
 */
#ifndef HV_PROTO_VM_STATE_H
#define HV_PROTO_VM_STATE_H

#include <stdbool.h>

enum vm_state {
	VM_DEFINED,	/* never started since defined or since hvd started */
	VM_STARTING,
	VM_RUNNING,
	VM_STOPPING,
	VM_STOPPED,
	VM_CRASHED,
	VM_STATE_COUNT
};

#define HV_EVENT_METHOD		"event"

/* The state's wire name ("defined", "starting", ...). */
const char *vm_state_name(enum vm_state s);
/* The state named name; false when there is none. */
bool vm_state_parse(const char *name, enum vm_state *out);

#endif
