// SPDX-License-Identifier: GPL-2.0-only
/*
 * console.c: vm.console.attach, vm.console.detach, console.input and the
 * console.output notifications (console.h).
 */
#include <string.h>

#include "daemon/console.h"
#include "daemon/dispatch.h"
#include "daemon/monitor-link.h"
#include "daemon/registry.h"

static struct vm *running_vm(struct call_ctx *cc, struct json_object *params,
			     struct rpc_error *err)
{
	struct vm *vm = call_find_vm(cc, params, err);

	if (!vm)
		return NULL;
	if (!vm->mon || (vm->state != VM_RUNNING &&
			 vm->state != VM_STARTING)) {
		rpc_error_set(err, RPC_ERR_INVALID_STATE, "VM '%s' is not "
			      "running (state %s)", vm->name,
			      vm_state_name(vm->state));
		return NULL;
	}
	return vm;
}

static struct json_object *answer(const struct vm *vm, bool attached)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(vm->name));
	json_object_object_add(o, "attached",
			       json_object_new_boolean(attached));
	return o;
}

struct json_object *method_vm_console_attach(struct call_ctx *cc,
					     struct json_object *params,
					     struct rpc_error *err)
{
	struct vm *vm = running_vm(cc, params, err);
	struct json_object *r;

	if (!vm)
		return NULL;
	if (!vm->console) {
		r = monitor_link_call(vm->mon, "monitor.console.attach", NULL,
				      err);
		if (!r)
			return NULL;
		json_object_put(r);
		vm->console = true;
	}
	snprintf(cc->conn->console, sizeof(cc->conn->console), "%s",
		 vm->name);
	return answer(vm, true);
}

struct json_object *method_vm_console_detach(struct call_ctx *cc,
					     struct json_object *params,
					     struct rpc_error *err)
{
	struct vm *vm = call_find_vm(cc, params, err);

	if (!vm)
		return NULL;
	if (strcmp(cc->conn->console, vm->name) == 0)
		cc->conn->console[0] = '\0';
	return answer(vm, false);
}

struct json_object *method_console_input(struct call_ctx *cc,
					 struct json_object *params,
					 struct rpc_error *err)
{
	struct vm *vm = running_vm(cc, params, err);
	struct json_object *p;

	if (!vm)
		return NULL;
	p = json_object_new_object();
	json_object_object_add(p, "data", json_object_get(
				       json_object_object_get(params, "data")));
	return monitor_link_call(vm->mon, "monitor.console.input", p, err);
}

void console_output(struct hvd *h, const struct vm *vm, const char *data)
{
	struct json_object *p = json_object_new_object(), *n;
	struct conn *c, *next;
	const char *text;
	size_t len;

	json_object_object_add(p, "vm", json_object_new_string(vm->name));
	json_object_object_add(p, "data", json_object_new_string(data));
	n = rpc_notification_new("console.output", p);
	text = rpc_text(n, &len);
	for (c = h->conns; c; c = next) {
		next = c->next;	/* conn_send may drop c */
		if (!c->dead && strcmp(c->console, vm->name) == 0) {
			conn_send(c, text, len);
			conn_send(c, "\n", 1);
		}
	}
	json_object_put(n);
}
