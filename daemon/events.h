/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * events.h: VM event notifications (format in proto/vm-state.h) pushed to
 * the clients that called events.subscribe.
 */
#ifndef HV_DAEMON_EVENTS_H
#define HV_DAEMON_EVENTS_H

#include "daemon/conn.h"
#include "daemon/vm.h"

enum vm_event {
	VM_EVENT_CURRENT,
	VM_EVENT_CREATED,
	VM_EVENT_UPDATED,
	VM_EVENT_DELETED,
	VM_EVENT_STATE,
};

/*
 * Tells every subscriber about vm (whose state is the one to report);
 * previous is the state before, for VM_EVENT_STATE.
 */
void events_emit(struct hvd *h, const struct vm *vm, enum vm_event event,
		 enum vm_state previous);

/*
 * Tells every subscriber following vm (every one without a filter when
 * vm is NULL: a VM hvd does not know) about hv.ko's event what
 * ("vm_created", ...) ev on its VM ev->vm_id.
 */
struct hv_genl_event_msg;
void events_emit_module(struct hvd *h, const struct vm *vm,
			const char *what, const struct hv_genl_event_msg *ev);

/* Sends c one "current" event per VM it follows. */
void events_snapshot(struct conn *c);

#endif
