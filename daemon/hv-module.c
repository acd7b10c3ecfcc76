// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv-module.c: hvd's generic netlink socket to hv.ko: statistics of hv
 * VMs and the module's events (hv-module.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "daemon/events.h"
#include "daemon/hv-module.h"
#include "daemon/hvd.h"
#include "daemon/log.h"
#include "daemon/monitor-link.h"
#include "proto/hv-genl-client.h"
#include "proto/hv-genl.h"
#include "proto/stats-catalogue.h"

/* Longest wait for the module's answer: hvd's loop waits meanwhile. */
#define REPLY_TIMEOUT_MS	2000

/*
 * The module's events by number: their name on the wire and journal (none:
 * async page faults come too often to journal each).
 */
static const struct {
	const char *name, *journal;
} module_events[] = {
	[HV_GENL_EVENT_VM_CREATED] = { "vm_created", "MODULE_VM_CREATED" },
	[HV_GENL_EVENT_VM_DESTROYED] = { "vm_destroyed",
					 "MODULE_VM_DESTROYED" },
	[HV_GENL_EVENT_APF_NOT_PRESENT] = { "apf_not_present", NULL },
	[HV_GENL_EVENT_APF_READY] = { "apf_ready", NULL },
};

static void absent(struct hvd *h, const char *why)
{
	struct hv_module *m = &h->module;

	if (!strcmp(m->why, why))
		return;		/* said already */
	snprintf(m->why, sizeof(m->why), "%s", why);
	hvd_log(LOG_NOTICE, NULL, "HV_MODULE_ABSENT", "no statistics or "
		"events from hv.ko: %s; VMs on kvm are not affected", why);
}

void hv_module_close(struct hvd *h)
{
	struct hv_module *m = &h->module;

	if (m->ev)
		event_free(m->ev);
	if (m->fd >= 0)
		close(m->fd);
	free(m->buf);
	m->ev = NULL;
	m->fd = -1;
	m->buf = NULL;
}

/* The VM hvd knows under the module's id, or NULL. */
static struct vm *by_module_id(struct hvd *h, uint32_t id)
{
	for (size_t i = 0; i < h->reg.count; i++) {
		struct vm *vm = h->reg.vms[i];

		if (vm->module_id_known && vm->module_id == id)
			return vm;
	}
	return NULL;
}

/* Records the module id a monitor.stats answer names (vm.hv.vm_id). */
static void learn_id(struct vm *vm, struct json_object *stats)
{
	struct json_object *id = json_object_object_get(
		json_object_object_get(json_object_object_get(stats, "vm"),
				       "hv"), "vm_id");

	if (!json_object_is_type(id, json_type_int))
		return;
	vm->module_id = (uint32_t)json_object_get_int64(id);
	vm->module_id_known = true;
}

/*
 * A VM just created in the module: asks the monitors of hv VMs whose id
 * is not known yet which one it is (NULL when none says so in time).
 */
static struct vm *find_new(struct hvd *h, uint32_t id)
{
	struct rpc_error err;

	for (size_t i = 0; i < h->reg.count; i++) {
		struct vm *vm = h->reg.vms[i];
		struct json_object *stats, *accel;

		if (!vm->mon || vm->module_id_known ||
		    !json_object_object_get_ex(vm->def, "accel", &accel) ||
		    strcmp(json_object_get_string(accel), "hv"))
			continue;
		stats = monitor_link_call(vm->mon, "monitor.stats", NULL,
					  &err);
		learn_id(vm, stats);
		json_object_put(stats);
		if (vm->module_id_known && vm->module_id == id)
			return vm;
	}
	return NULL;
}

/* One message from the module that is not a reply: an event or noise. */
static void on_message(void *arg, const void *msg, size_t len)
{
	struct hvd *h = arg;
	struct hv_genl_event_msg ev;
	uint32_t event;
	struct vm *vm;

	if (hv_genl_parse_event(msg, len, h->module.family, &ev) < 0 ||
	    ev.event >= sizeof(module_events) / sizeof(module_events[0]) ||
	    !module_events[ev.event].name)
		return;
	event = ev.event;
	vm = by_module_id(h, ev.vm_id);
	if (!vm && event == HV_GENL_EVENT_VM_CREATED)
		vm = find_new(h, ev.vm_id);
	if (module_events[event].journal)
		hvd_log(LOG_INFO, vm ? vm->name : NULL,
			module_events[event].journal, "hv.ko: VM %u %s",
			(unsigned int)ev.vm_id,
			event == HV_GENL_EVENT_VM_CREATED ? "created" :
							    "destroyed");
	events_emit_module(h, vm, module_events[event].name, &ev);
	if (vm && event == HV_GENL_EVENT_VM_DESTROYED)
		vm->module_id_known = false;
}

static void on_readable(evutil_socket_t fd, short what, void *arg)
{
	struct hvd *h = arg;
	const struct nlmsghdr *nh;
	ssize_t n;
	size_t left;

	for (;;) {
		n = recv(fd, h->module.buf, HV_GENL_BUF, MSG_DONTWAIT);
		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0 && errno == ENOBUFS) {
			hvd_log(LOG_WARNING, NULL, "HV_MODULE_EVENTS_LOST",
				"hv.ko's events came faster than hvd read "
				"them; some were lost");
			continue;
		}
		if (n <= 0) {
			hv_module_close(h);
			absent(h, n < 0 ? strerror(errno) :
			       "the netlink socket closed");
			return;
		}
		left = (size_t)n;
		for (nh = (void *)h->module.buf; NLMSG_OK(nh, left);
		     nh = NLMSG_NEXT(nh, left))
			on_message(h, nh, nh->nlmsg_len);
	}
}

void hv_module_open(struct hvd *h)
{
	struct hw_request req = { .type = HW_OPEN_GENL };
	struct timeval tv = { REPLY_TIMEOUT_MS / 1000,
			      REPLY_TIMEOUT_MS % 1000 * 1000 };
	struct hv_module *m = &h->module;
	struct hw_reply rep;
	struct rpc_error err;
	char why[sizeof(m->why)];
	int fd, r;

	if (m->fd >= 0)
		return;
	if (helper_call(h, &req, NULL, 0, &rep, &fd, &err) < 0) {
		absent(h, err.message);
		return;
	}
	if (rep.status < 0 || fd < 0) {
		if (fd >= 0)
			close(fd);
		snprintf(why, sizeof(why), "hvd-helper: %s", rep.text);
		absent(h, why);
		return;
	}
	r = hv_genl_resolve(fd, &m->family, NULL);
	m->fd = fd;
	m->buf = malloc(HV_GENL_BUF);
	m->ev = event_new(h->base, fd, EV_READ | EV_PERSIST, on_readable, h);
	if (r < 0 || !m->buf || !m->ev ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    event_add(m->ev, NULL) < 0) {
		hv_module_close(h);
		absent(h, r < 0 ? strerror(-r) : "out of memory");
		return;
	}
	m->why[0] = '\0';
	hvd_log(LOG_INFO, NULL, "HV_MODULE", "hv.ko's statistics and events "
		"over generic netlink (family %u)", (unsigned int)m->family);
}

int hv_module_apf_events(struct hvd *h, struct vm *vm, bool on,
			 struct rpc_error *err)
{
	struct json_object *accel, *stats;
	int r;

	if (!vm->mon || !json_object_object_get_ex(vm->def, "accel", &accel) ||
	    strcmp(json_object_get_string(accel), "hv")) {
		rpc_error_set(err, RPC_ERR_INVALID_STATE, "VM '%s' is not "
			      "running on accel hv", vm->name);
		return -1;
	}
	if (!vm->module_id_known) {
		stats = monitor_link_call(vm->mon, "monitor.stats", NULL, err);
		learn_id(vm, stats);
		json_object_put(stats);
	}
	if (!vm->module_id_known) {
		rpc_error_set(err, RPC_ERR_INVALID_STATE, "the monitor of VM "
			      "'%s' names no hv.ko VM", vm->name);
		return -1;
	}
	hv_module_open(h);
	if (h->module.fd < 0) {
		rpc_error_set(err, RPC_ERR_IO_ERROR, "%s", h->module.why);
		return -1;
	}
	r = hv_genl_set_apf_events(h->module.fd, h->module.family,
				   vm->module_id, on, h->module.buf,
				   on_message, h);
	if (r < 0) {
		rpc_error_set(err, RPC_ERR_IO_ERROR, "hv.ko VM %u: %s",
			      (unsigned int)vm->module_id, strerror(-r));
		if (r != -ENOENT)
			hv_module_close(h);
		return -1;
	}
	return 0;
}

struct merge {
	struct json_object *stats;	/* monitor.stats' answer */
	struct json_object *sums;	/* vCPU catalogue figures summed */
};

/* The object called key in o, made if missing. */
static struct json_object *child(struct json_object *o, const char *key)
{
	struct json_object *c;

	if (json_object_object_get_ex(o, key, &c))
		return c;
	c = json_object_new_object();
	json_object_object_add(o, key, c);
	return c;
}

/* vcpus[] entry whose "id" is id, or NULL. */
static struct json_object *vcpu_entry(struct json_object *stats, int id)
{
	struct json_object *vcpus = json_object_object_get(stats, "vcpus");

	for (size_t i = 0; i < json_object_array_length(vcpus); i++) {
		struct json_object *v = json_object_array_get_idx(vcpus, i);

		if (json_object_get_int(json_object_object_get(v, "id")) == id)
			return v;
	}
	return NULL;
}

static void add_sum(struct json_object *o, const char *key, uint64_t n)
{
	struct json_object *v;

	if (json_object_object_get_ex(o, key, &v))
		n += json_object_get_uint64(v);
	json_object_object_add(o, key, json_object_new_uint64(n));
}

static void merge_stat(void *ctx, int vcpu, const char *name, uint64_t value)
{
	struct merge *mg = ctx;
	const struct hv_stat_desc *d = hv_stat_find(name);
	struct json_object *scope;

	scope = vcpu < 0 ? json_object_object_get(mg->stats, "vm") :
		vcpu_entry(mg->stats, vcpu);
	if (!scope)
		return;
	json_object_object_add(child(scope, "hv"), name,
			       json_object_new_uint64(value));
	if (!d)
		return;
	json_object_object_add(child(scope, "stats"), name,
			       json_object_new_uint64(value));
	if (vcpu >= 0 && d->scope == HV_STAT_VCPU)
		add_sum(mg->sums, name, value);
}

void hv_module_stats(struct hvd *h, struct vm *vm, struct json_object *stats)
{
	struct merge mg = { stats, NULL };
	struct json_object *total;
	char why[sizeof(h->module.why) + 64];
	int r;

	learn_id(vm, stats);
	if (!vm->module_id_known) {
		snprintf(why, sizeof(why), "the monitor names no hv.ko VM");
		goto fail;
	}
	hv_module_open(h);
	if (h->module.fd < 0) {
		snprintf(why, sizeof(why), "%s", h->module.why);
		goto fail;
	}
	mg.sums = json_object_new_object();
	r = hv_genl_get_stats(h->module.fd, h->module.family, vm->module_id,
			      h->module.buf, merge_stat, &mg, on_message, h);
	if (r < 0) {
		snprintf(why, sizeof(why), "hv.ko VM %u: %s",
			 (unsigned int)vm->module_id, strerror(-r));
		/* A stale family (hv.ko reloaded) or a dead socket. */
		if (r != -ENOENT)
			hv_module_close(h);
		json_object_put(mg.sums);
		goto fail;
	}
	total = child(stats, "total");
	json_object_object_foreach(mg.sums, k, v)
		json_object_object_add(total, k, json_object_get(v));
	json_object_put(mg.sums);
	return;
fail:
	json_object_object_add(stats, "module_error",
			       json_object_new_string(why));
}

struct json_object *hv_module_info_json(const struct hvd *h)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "netlink",
			       json_object_new_boolean(h->module.fd >= 0));
	if (h->module.fd < 0 && h->module.why[0])
		json_object_object_add(o, "reason",
				       json_object_new_string(h->module.why));
	return o;
}
