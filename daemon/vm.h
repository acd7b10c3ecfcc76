/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vm.h: a VM as hvd keeps it: its definition (the vm.create parameters in
 * canonical form: every optional one present with its default, no
 * image.fd), its image copy and its state; and the JSON forms of a VM: the
 * state file, vm.info's answer and vm.list's entry.
 *
 * State file STATE/vms/NAME.json:
 *   {"format_version": HV_STATE_FORMAT_VERSION,
 *    "definition": {canonical vm.create parameters},
 *    "image_copy": {"sha256": HEX, "size": BYTES, "file": NAME-HEX.img}}
 */
#ifndef HV_DAEMON_VM_H
#define HV_DAEMON_VM_H

#include <json-c/json.h>

#include "daemon/images.h"
#include "proto/rpc-methods.h"
#include "proto/vm-state.h"

struct hvd;
struct monitor_link;
struct vm_tracepoints;

struct vm {
	char name[HV_VM_NAME_MAX + 1];
	struct json_object *def;
	struct image_copy image;
	enum vm_state state;
	/* while a monitor runs (lifecycle.c) */
	struct hvd *hvd;
	struct monitor_link *mon;
	bool stop_asked;
	bool console;		/* attached to the monitor's console */
	struct vm_tracepoints *tracepoints;	/* vm-stats.c */
	/* its VM in hv.ko, once a monitor on accel "hv" named it */
	uint32_t module_id;
	bool module_id_known;
	/* how the last run ended: monitor.ended's {reason, status, ...} */
	struct json_object *end;
};

/*
 * A VM from a definition: def (validated vm.create parameters; the
 * reference is taken) is made canonical. NULL when memory runs out.
 */
struct vm *vm_new(struct json_object *def, const struct image_copy *image);
void vm_free(struct vm *vm);

/*
 * vm.update: a new definition from the VM's and the changes (validated
 * vm.update parameters). A new reference.
 */
struct json_object *vm_def_merge(const struct vm *vm,
				 struct json_object *changes);

/* The state file's JSON (a new reference). */
struct json_object *vm_to_file(const struct vm *vm);
/*
 * Reads a state file's JSON for the VM called name; NULL with why on any
 * inconsistency, *future set when the file's format is newer than ours.
 */
struct vm *vm_from_file(struct json_object *file, const char *name,
			bool *future, char *why, size_t whysize);

/* vm.info's answer (with "end" after a run, "pid" while one runs) and
 * vm.list's entry (new references). */
struct json_object *vm_info_json(const struct vm *vm);
struct json_object *vm_list_entry(const struct vm *vm);

/* A state as a JSON string (a new reference). */
struct json_object *vm_state_json(enum vm_state state);

/* A definition field, for callers that need one value. */
bool vm_def_bool(const struct vm *vm, const char *key);

#endif
