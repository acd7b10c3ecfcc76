/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vm-state.h: the states a VM goes through, as every program names them,
 * and the "event" notification that events.subscribe delivers:
 *   {"jsonrpc":"2.0","method":"event","params":{"vm":NAME,
 *    "event":"current"|"created"|"updated"|"deleted"|"state",
 *    "state":STATE,"previous":STATE (only for "state")}}
 * and, for hv.ko's events (daemon/hv-module.c), with "vm" only when hvd
 * knows the module's VM as one of its own:
 *   {"jsonrpc":"2.0","method":"event","params":{"vm":NAME,
 *    "event":"module","module_event":"vm_created"|"vm_destroyed",
 *    "module_vm_id":N}}
 * "current" events describe each VM once, right after the subscription's
 * reply; the others follow as things happen. With stats_interval_ms, the
 * subscriber also gets, every interval, for each running VM it follows:
 *   {"jsonrpc":"2.0","method":"stats","params":{"vm":NAME,
 *    "stats":{vm.stats' answer}}}
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
#define HV_STATS_METHOD		"stats"

/* The state's wire name ("defined", "starting", ...). */
const char *vm_state_name(enum vm_state s);
/* The state named name; false when there is none. */
bool vm_state_parse(const char *name, enum vm_state *out);

#endif
