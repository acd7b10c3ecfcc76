// SPDX-License-Identifier: GPL-2.0-only
/*
 * events.c: events.subscribe and the delivery of "event" notifications.
 * A subscriber first receives the current state of every VM it follows,
 * after the subscription's reply and after the rest of that request line
 * has been answered; live events are held back until then, since the
 * snapshot already reflects them.
 */
#include <stdio.h>
#include <string.h>

#include "daemon/dispatch.h"
#include "daemon/events.h"
#include "daemon/hv-module.h"
#include "daemon/registry.h"
#include "proto/hv-genl-client.h"
#include "proto/hv-genl.h"
#include "daemon/vm-stats.h"

static const char *const event_names[] = {
	[VM_EVENT_CURRENT] = "current",
	[VM_EVENT_CREATED] = "created",
	[VM_EVENT_UPDATED] = "updated",
	[VM_EVENT_DELETED] = "deleted",
	[VM_EVENT_STATE] = "state",
};

static struct json_object *notification(const struct vm *vm,
					enum vm_event event,
					enum vm_state previous)
{
	struct json_object *p = json_object_new_object();

	json_object_object_add(p, "vm", json_object_new_string(vm->name));
	json_object_object_add(p, "event",
			       json_object_new_string(event_names[event]));
	json_object_object_add(p, "state", vm_state_json(vm->state));
	if (event == VM_EVENT_STATE)
		json_object_object_add(p, "previous", vm_state_json(previous));
	return rpc_notification_new(HV_EVENT_METHOD, p);
}

static bool follows(const struct conn *c, const struct vm *vm)
{
	return !c->filter[0] || strcmp(c->filter, vm->name) == 0;
}

static void send_line(struct conn *c, struct json_object *msg)
{
	size_t len;
	const char *text = rpc_text(msg, &len);

	conn_send(c, text, len);
	conn_send(c, "\n", 1);
}

void events_emit(struct hvd *h, const struct vm *vm, enum vm_event event,
		 enum vm_state previous)
{
	struct json_object *msg;
	struct conn *c, *next;

	if (h->nsubscribers == 0)
		return;
	msg = notification(vm, event, previous);
	for (c = h->conns; c; c = next) {
		next = c->next;	/* conn_send may drop c */
		if (c->subscribed && !c->snapshot_pending && follows(c, vm))
			send_line(c, msg);
	}
	json_object_put(msg);
}

void events_emit_module(struct hvd *h, const struct vm *vm,
			const char *what, const struct hv_genl_event_msg *ev)
{
	struct json_object *p, *msg;
	struct conn *c, *next;

	if (h->nsubscribers == 0)
		return;
	p = json_object_new_object();
	if (vm)
		json_object_object_add(p, "vm",
				       json_object_new_string(vm->name));
	json_object_object_add(p, "event", json_object_new_string("module"));
	json_object_object_add(p, "module_event",
			       json_object_new_string(what));
	json_object_object_add(p, "module_vm_id",
			       json_object_new_int64(ev->vm_id));
	if (ev->event == HV_GENL_EVENT_APF_NOT_PRESENT ||
	    ev->event == HV_GENL_EVENT_APF_READY) {
		json_object_object_add(p, "vcpu",
				       json_object_new_int64(ev->vcpu_id));
		json_object_object_add(p, "token",
				       json_object_new_uint64(ev->token));
		json_object_object_add(p, "gfn",
				       json_object_new_uint64(ev->gfn));
	}
	msg = rpc_notification_new(HV_EVENT_METHOD, p);
	for (c = h->conns; c; c = next) {
		next = c->next;	/* conn_send may drop c */
		if (c->subscribed && !c->snapshot_pending &&
		    (vm ? follows(c, vm) : !c->filter[0]))
			send_line(c, msg);
	}
	json_object_put(msg);
}

void events_snapshot(struct conn *c)
{
	struct registry *reg = &c->hvd->reg;

	c->snapshot_pending = false;
	for (size_t i = 0; i < reg->count && !c->dead; i++) {
		struct json_object *msg;

		if (!follows(c, reg->vms[i]))
			continue;
		msg = notification(reg->vms[i], VM_EVENT_CURRENT, VM_DEFINED);
		send_line(c, msg);
		json_object_put(msg);
	}
}

/* Every stats_interval_ms: each followed running VM's vm.stats. */
static void on_stats_timer(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	struct registry *reg = &c->hvd->reg;
	struct rpc_error err;

	for (size_t i = 0; i < reg->count && !c->dead; i++) {
		struct vm *vm = reg->vms[i];
		struct json_object *stats, *p, *msg;

		if (!vm->mon || vm->state != VM_RUNNING || !follows(c, vm))
			continue;
		stats = vm_stats_collect(c->hvd, vm, &err);
		if (!stats)
			continue;
		p = json_object_new_object();
		json_object_object_add(p, "vm",
				       json_object_new_string(vm->name));
		json_object_object_add(p, "stats", stats);
		msg = rpc_notification_new(HV_STATS_METHOD, p);
		send_line(c, msg);
		json_object_put(msg);
	}
}

static void stats_stream(struct conn *c, struct json_object *interval)
{
	long long ms = json_object_get_int64(interval);
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	if (!c->stats_timer)
		c->stats_timer = event_new(c->hvd->base, -1, EV_PERSIST,
					   on_stats_timer, c);
	if (c->stats_timer)
		event_add(c->stats_timer, &tv);
}

struct json_object *method_events_subscribe(struct call_ctx *cc,
					    struct json_object *params,
					    struct rpc_error *err)
{
	struct conn *c = cc->conn;
	struct json_object *name = NULL, *interval = NULL, *apf = NULL;
	struct json_object *result;
	struct vm *vm;

	if (params) {
		json_object_object_get_ex(params, "name", &name);
		json_object_object_get_ex(params, "stats_interval_ms",
					  &interval);
		json_object_object_get_ex(params, "apf_events", &apf);
	}
	if (apf && !name) {
		rpc_error_param(err, "apf_events", "apf_events needs the "
				"name of an hv VM");
		return NULL;
	}
	if (apf) {
		vm = registry_find(&c->hvd->reg, json_object_get_string(name));
		if (!vm) {
			rpc_error_set(err, RPC_ERR_VM_NOT_FOUND,
				      "no VM named '%s'",
				      json_object_get_string(name));
			return NULL;
		}
		if (hv_module_apf_events(c->hvd, vm,
					 json_object_get_boolean(apf), err))
			return NULL;
	}
	if (interval)
		stats_stream(c, interval);
	else if (c->stats_timer)
		event_del(c->stats_timer);
	snprintf(c->filter, sizeof(c->filter), "%s",
		 name ? json_object_get_string(name) : "");
	if (!c->subscribed)
		c->hvd->nsubscribers++;
	c->subscribed = true;
	c->snapshot_pending = true;
	result = json_object_new_object();
	json_object_object_add(result, "subscribed",
			       json_object_new_boolean(true));
	return result;
}
