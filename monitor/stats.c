// SPDX-License-Identifier: GPL-2.0-only
/*
 * stats.c: collects a VM's statistics into JSON (see stats.h):
 *   { name, accel, timestamp_ns,
 *     end:   { reason, value (debug-exit v), status, detail, run_ns },
 *     vm:    { stats: {catalogue...}, <accel>: {own names...} },
 *     vcpus: [ { id, stats, <accel>, tracepoints, async_pf_msr (now),
 *                async_pf_msr_enabled (last value with enable set) } ],
 *     total: { vCPU catalogue figures summed over the vCPUs },
 *     monitor: { uffd_pages, dirty_rounds, dirty_busy_rounds, ... },
 *     tracepoint_error: why tracepoints are not counted (if so) }
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "monitor/stats.h"
#include "monitor/tracepoint.h"
#include "monitor/uffd.h"
#include "proto/stats-catalogue.h"

struct collect {
	const struct accel_stat_alias *aliases;
	struct json_object *stats;	/* catalogue names */
	struct json_object *own;	/* accelerator names */
};

static void put_u64(struct json_object *o, const char *k, uint64_t v)
{
	json_object_object_add(o, k, json_object_new_uint64(v));
}

static void add_to(struct json_object *o, const char *k, uint64_t v)
{
	struct json_object *old;

	if (json_object_object_get_ex(o, k, &old))
		v += json_object_get_uint64(old);
	put_u64(o, k, v);
}

static void one_stat(void *ctx, const struct accel_stat *st)
{
	struct collect *c = ctx;
	const struct accel_stat_alias *a;
	struct json_object *arr;
	size_t i;

	if (st->n != 1) {
		arr = json_object_new_array();
		for (i = 0; i < st->n; i++)
			json_object_array_add(arr,
				json_object_new_uint64(st->values[i]));
		json_object_object_add(c->own, st->name, arr);
		return;
	}
	put_u64(c->own, st->name, st->values[0]);
	for (a = c->aliases; a->accel_name; a++)
		if (!strcmp(a->accel_name, st->name))
			put_u64(c->stats, a->catalogue_name, st->values[0]);
}

static struct json_object *scope_object(struct vm *vm, struct vcpu *v,
					struct json_object **stats)
{
	struct json_object *o = json_object_new_object();
	struct collect c = {
		.aliases = vm->ops->aliases,
		.stats = json_object_new_object(),
		.own = json_object_new_object(),
	};

	vm->ops->read_stats(vm->avm, v ? v->av : NULL, one_stat, &c);
	json_object_object_add(o, "stats", c.stats);
	json_object_object_add(o, vm->ops->name, c.own);
	*stats = c.stats;
	return o;
}

static void vcpu_tracepoints(struct vm *vm, struct vcpu *v,
			     struct json_object *stats,
			     struct json_object *o)
{
	const struct accel_tracepoint *t = vm->ops->tracepoints;
	struct json_object *tp = json_object_new_object();
	int fds[VM_MAX_TRACEPOINTS];
	char key[128];
	uint64_t n;
	unsigned int i;

	pthread_mutex_lock(&vm->lock);	/* the vCPU thread opens them */
	memcpy(fds, v->tp_fds, sizeof(fds));
	pthread_mutex_unlock(&vm->lock);
	for (i = 0; t && t[i].event && i < VM_MAX_TRACEPOINTS; i++) {
		if (fds[i] < 0)
			continue;
		n = tracepoint_read(fds[i]);
		snprintf(key, sizeof(key), "%s:%s%s%s%s", t[i].system,
			 t[i].event, t[i].filter ? "[" : "",
			 t[i].filter ? t[i].filter : "",
			 t[i].filter ? "]" : "");
		put_u64(tp, key, n);
		if (hv_stat_find(t[i].name))
			put_u64(stats, t[i].name, n);
	}
	json_object_object_add(o, "tracepoints", tp);
}

static void vm_figures(struct vm *vm, struct json_object *stats,
		       struct json_object *mon)
{
	if (vm->dirty_running) {
		pthread_mutex_lock(&vm->dirty.lock);
		put_u64(stats, "dirty_pages", vm->dirty.pages);
		put_u64(stats, "dirty_pages_last", vm->dirty.last);
		put_u64(mon, "dirty_rounds", vm->dirty.rounds);
		put_u64(mon, "dirty_busy_rounds", vm->dirty.busy_rounds);
		put_u64(mon, "dirty_enabled_ns", vm->dirty.enabled_ns);
		pthread_mutex_unlock(&vm->dirty.lock);
	}
	if (vm->uffd)
		put_u64(mon, "uffd_pages", uffd_pager_pages(vm->uffd));
	pthread_mutex_lock(&vm->pio.lock);	/* the UART writes it */
	put_u64(mon, "console_bytes", vm->console.total);
	pthread_mutex_unlock(&vm->pio.lock);
	put_u64(mon, "start_ns", vm->start_ns);
}

static void sum_vcpu(struct json_object *total, struct json_object *stats)
{
	json_object_object_foreach(stats, k, val) {
		const struct hv_stat_desc *d = hv_stat_find(k);

		if (d && d->scope == HV_STAT_VCPU)
			add_to(total, k, json_object_get_uint64(val));
	}
}

struct json_object *stats_end(struct vm *vm)
{
	struct json_object *o = json_object_new_object();
	int status = vm_exit_status(vm);

	pthread_mutex_lock(&vm->lock);
	json_object_object_add(o, "reason",
			       json_object_new_string(vm_end_name(vm->end)));
	if (vm->end == VM_END_DEBUG_EXIT)
		put_u64(o, "value", vm->exit_value);
	if (vm->end != VM_END_NONE) {
		json_object_object_add(o, "status",
				       json_object_new_int(status));
		json_object_object_add(o, "detail",
				       json_object_new_string(vm->detail));
		put_u64(o, "run_ns", vm->end_ns - vm->start_ns);
	}
	pthread_mutex_unlock(&vm->lock);
	return o;
}

struct json_object *stats_collect(struct vm *vm)
{
	struct json_object *o = json_object_new_object();
	struct json_object *vcpus = json_object_new_array();
	struct json_object *total = json_object_new_object();
	struct json_object *mon = json_object_new_object();
	struct json_object *vo, *stats;
	struct timespec ts;
	unsigned int i;

	clock_gettime(CLOCK_REALTIME, &ts);
	json_object_object_add(o, "name",
			       json_object_new_string(vm->cfg->name));
	json_object_object_add(o, "accel",
			       json_object_new_string(vm->ops->name));
	put_u64(o, "timestamp_ns", ts.tv_sec * 1000000000ULL + ts.tv_nsec);
	json_object_object_add(o, "end", stats_end(vm));
	vo = scope_object(vm, NULL, &stats);
	vm_figures(vm, stats, mon);
	json_object_object_add(o, "vm", vo);
	for (i = 0; i < vm->nvcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];

		vo = scope_object(vm, v, &stats);
		json_object_object_add(vo, "id", json_object_new_int(i));
		vcpu_tracepoints(vm, v, stats, vo);
		pthread_mutex_lock(&vm->lock);
		if (v->apf_msr_valid)
			put_u64(vo, "async_pf_msr", v->apf_msr);
		if (v->apf_msr_enabled)
			put_u64(vo, "async_pf_msr_enabled", v->apf_msr_enabled);
		put_u64(vo, "monitor_exits", v->exits);
		pthread_mutex_unlock(&vm->lock);
		sum_vcpu(total, stats);
		json_object_array_add(vcpus, vo);
	}
	json_object_object_add(o, "vcpus", vcpus);
	json_object_object_add(o, "total", total);
	json_object_object_add(o, "monitor", mon);
	pthread_mutex_lock(&vm->lock);
	if (vm->tp_error[0])
		json_object_object_add(o, "tracepoint_error",
				       json_object_new_string(vm->tp_error));
	pthread_mutex_unlock(&vm->lock);
	return o;
}

int stats_write(struct vm *vm, const char *path, char *err, size_t errlen)
{
	struct json_object *o = stats_collect(vm);
	int ret = json_object_to_file_ext(path, o, JSON_C_TO_STRING_PRETTY);

	json_object_put(o);
	if (ret < 0)
		snprintf(err, errlen, "stats %s: %s", path,
			 json_util_get_last_err());
	return ret;
}
