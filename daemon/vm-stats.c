// SPDX-License-Identifier: GPL-2.0-only
/*
 * vm-stats.c: the monitor's statistics plus the tracepoint counters hvd
 * reads itself and, for VMs on hv.ko, the module's own figures
 * (vm-stats.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/helper-link.h"
#include "daemon/hv-module.h"
#include "daemon/monitor-link.h"
#include "daemon/vm-stats.h"
#include "proto/stats-catalogue.h"

/* The catalogue name of each tracepoint's count, where it has one. */
static const char *const tp_stat[HW_TP_END] = {
	[HW_TP_APF_NOT_PRESENT] = "apf_not_present",
	[HW_TP_APF_READY] = "apf_ready",
	[HW_TP_APF_REPEATED_FAULT] = "apf_repeated",
};

/* One vCPU thread's counters: fd >= 0 open, -1 refused. */
struct vm_tp {
	pid_t tid;
	int fd[HW_TP_END];
};

struct vm_tracepoints {
	size_t n;
	struct vm_tp *vcpu;
	char error[sizeof(((struct rpc_error *)0)->message)];
};

void vm_stats_close(struct vm *vm)
{
	struct vm_tracepoints *t = vm->tracepoints;

	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		for (unsigned int k = 0; k < HW_TP_END; k++)
			if (t->vcpu[i].fd[k] >= 0)
				close(t->vcpu[i].fd[k]);
	free(t->vcpu);
	free(t);
	vm->tracepoints = NULL;
}

/* Opens the counters of thread tid (vCPU slot tp) through the helper. */
static void open_counters(struct hvd *h, struct vm *vm, struct vm_tp *tp,
			  pid_t tid, char *error, size_t len)
{
	struct hw_request req = { .type = HW_PERF_OPEN };
	struct hw_reply rep;
	struct rpc_error err;
	int fd;

	tp->tid = tid;
	strcpy(req.vm, vm->name);
	req.u.perf_open.tid = (uint32_t)tid;
	for (unsigned int k = 0; k < HW_TP_END; k++) {
		tp->fd[k] = -1;
		req.u.perf_open.tracepoint = k;
		if (helper_call(h, &req, NULL, 0, &rep, &fd, &err) < 0) {
			snprintf(error, len, "%s", err.message);
			continue;
		}
		if (rep.status == 0 && fd >= 0)
			tp->fd[k] = fd;
		else if (rep.text[0])
			snprintf(error, len, "%s", rep.text);
		if (rep.status != 0 && fd >= 0)
			close(fd);
	}
}

static struct vm_tp *slot(struct vm *vm, size_t i)
{
	struct vm_tracepoints *t = vm->tracepoints;
	struct vm_tp *more;

	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t)
			return NULL;
		vm->tracepoints = t;
	}
	if (i >= t->n) {
		more = realloc(t->vcpu, (i + 1) * sizeof(*more));
		if (!more)
			return NULL;
		memset(more + t->n, 0, (i + 1 - t->n) * sizeof(*more));
		t->vcpu = more;
		t->n = i + 1;
	}
	return &t->vcpu[i];
}

static void add_to(struct json_object *o, const char *key, uint64_t n)
{
	struct json_object *v;

	if (json_object_object_get_ex(o, key, &v))
		n += json_object_get_uint64(v);
	json_object_object_add(o, key, json_object_new_uint64(n));
}

/* This vCPU's counts into its object (and the VM's total). */
static void add_vcpu(struct hvd *h, struct vm *vm, size_t i,
		     struct json_object *vo, struct json_object *total)
{
	struct json_object *stats, *counts, *tid;
	struct vm_tp *tp;
	char key[96];
	uint64_t n;

	if (!json_object_object_get_ex(vo, "tid", &tid) ||
	    !(tp = slot(vm, i)))
		return;
	if (tp->tid != json_object_get_int(tid))
		open_counters(h, vm, tp, json_object_get_int(tid),
			      vm->tracepoints->error,
			      sizeof(vm->tracepoints->error));
	if (!json_object_object_get_ex(vo, "tracepoints", &counts)) {
		counts = json_object_new_object();
		json_object_object_add(vo, "tracepoints", counts);
	}
	stats = json_object_object_get(vo, "stats");
	for (unsigned int k = 0; k < HW_TP_END; k++) {
		if (tp->fd[k] < 0 ||
		    read(tp->fd[k], &n, sizeof(n)) != sizeof(n))
			continue;
		snprintf(key, sizeof(key), "%s:%s", hw_tp_category(k),
			 hw_tp_event(k));
		json_object_object_add(counts, key,
				       json_object_new_uint64(n));
		if (!tp_stat[k] || !stats)
			continue;
		json_object_object_add(stats, tp_stat[k],
				       json_object_new_uint64(n));
		if (total)
			add_to(total, tp_stat[k], n);
	}
}

struct json_object *vm_stats_collect(struct hvd *h, struct vm *vm,
				     struct rpc_error *err)
{
	struct json_object *stats, *vcpus, *total;
	const char *accel;

	stats = monitor_link_call(vm->mon, "monitor.stats", NULL, err);
	if (!stats)
		return NULL;
	accel = json_object_get_string(json_object_object_get(stats, "accel"));
	if (accel && !strcmp(accel, "hv"))
		hv_module_stats(h, vm, stats);
	vcpus = json_object_object_get(stats, "vcpus");
	total = json_object_object_get(stats, "total");
	for (size_t i = 0; i < json_object_array_length(vcpus); i++)
		add_vcpu(h, vm, i, json_object_array_get_idx(vcpus, i),
			 total);
	if (vm->tracepoints && vm->tracepoints->error[0] &&
	    !json_object_object_get_ex(stats, "tracepoint_error", NULL))
		json_object_object_add(stats, "tracepoint_error",
				       json_object_new_string(
					       vm->tracepoints->error));
	return stats;
}
