// SPDX-License-Identifier: GPL-2.0-only
/*
 * methods-daemon.c: daemon.info and daemon.methods.
 */
#include <time.h>
#include <unistd.h>

#include "daemon/dispatch.h"
#include "proto/rpc-version.h"

/* The accelerators hvd looks for, by device node. */
static const struct {
	const char *name;
	const char *device;
} accelerators[] = {
	{ "kvm", "/dev/kvm" },
	{ "hv", "/dev/hv" },
};

static void add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

static long long uptime_ms(const struct hvd *h)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - h->started.tv_sec) * 1000LL +
	       (now.tv_nsec - h->started.tv_nsec) / 1000000;
}

struct json_object *method_daemon_info(struct call_ctx *cc,
				       struct json_object *params,
				       struct rpc_error *err)
{
	struct hvd *h = cc->conn->hvd;
	struct json_object *o = json_object_new_object();
	struct json_object *accels = json_object_new_array();
	struct json_object *counts = json_object_new_object();
	size_t running = 0;

	for (size_t i = 0; i < sizeof(accelerators) / sizeof(accelerators[0]);
	     i++) {
		struct json_object *a = json_object_new_object();

		add(a, "name", json_object_new_string(accelerators[i].name));
		add(a, "device",
		    json_object_new_string(accelerators[i].device));
		add(a, "present", json_object_new_boolean(
			    access(accelerators[i].device, F_OK) == 0));
		json_object_array_add(accels, a);
	}
	for (size_t i = 0; i < h->reg.count; i++)
		running += h->reg.vms[i]->state == VM_RUNNING;
	add(counts, "vms", json_object_new_int64((int64_t)h->reg.count));
	add(counts, "running", json_object_new_int64((int64_t)running));
	add(counts, "clients", json_object_new_int64((int64_t)h->nconns));
	add(counts, "subscribers",
	    json_object_new_int64((int64_t)h->nsubscribers));
	add(o, "version", json_object_new_string(PACKAGE_VERSION));
	add(o, "protocol_version",
	    json_object_new_int(HV_RPC_PROTOCOL_VERSION));
	add(o, "state_format_version",
	    json_object_new_int(HV_STATE_FORMAT_VERSION));
	add(o, "pid", json_object_new_int((int)getpid()));
	add(o, "uptime_ms", json_object_new_int64(uptime_ms(h)));
	add(o, "accelerators", accels);
	add(o, "helper", helper_info_json(h));
	add(o, "hv_module", hv_module_info_json(h));
	add(o, "counts", counts);
	return o;
}

struct json_object *method_daemon_methods(struct call_ctx *cc,
					  struct json_object *params,
					  struct rpc_error *err)
{
	struct json_object *o = json_object_new_object();
	struct json_object *list = json_object_new_array();

	for (size_t i = 0; i < HVD_METHOD_COUNT; i++)
		json_object_array_add(list,
				      rpc_method_describe(&hvd_methods[i]));
	add(o, "protocol_version",
	    json_object_new_int(HV_RPC_PROTOCOL_VERSION));
	add(o, "methods", list);
	return o;
}
