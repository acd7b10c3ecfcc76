// SPDX-License-Identifier: GPL-2.0-only
/*
 * lifecycle.c: VM state changes, start, stop, re-attach and autostart
 * (lifecycle.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/console.h"
#include "daemon/events.h"
#include "daemon/helper-link.h"
#include "daemon/lifecycle.h"
#include "daemon/log.h"
#include "daemon/monitor-link.h"
#include "daemon/monitor-spawn.h"
#include "daemon/vm-stats.h"

/* The journal's HV_EVENT= of each state. */
static const char *const state_events[VM_STATE_COUNT] = {
	[VM_DEFINED] = "VM_DEFINED",
	[VM_STARTING] = "VM_STARTING",
	[VM_RUNNING] = "VM_RUNNING",
	[VM_STOPPING] = "VM_STOPPING",
	[VM_STOPPED] = "VM_STOPPED",
	[VM_CRASHED] = "VM_CRASHED",
};

static void set_state(struct hvd *h, struct vm *vm, enum vm_state state,
		      const char *why)
{
	enum vm_state previous = vm->state;

	if (previous == state)
		return;
	vm->state = state;
	h->reg.generation++;
	hvd_log(state == VM_CRASHED ? LOG_WARNING : LOG_INFO, vm->name,
		state_events[state], "%s -> %s%s%s", vm_state_name(previous),
		vm_state_name(state), why ? ": " : "", why ? why : "");
	events_emit(h, vm, VM_EVENT_STATE, previous);
}

static void on_answered(void *arg, struct json_object *info)
{
	struct vm *vm = arg;
	struct json_object *st;
	enum vm_state state = VM_RUNNING;

	if (json_object_object_get_ex(info, "state", &st))
		vm_state_parse(json_object_get_string(st), &state);
	if (vm->state == VM_STARTING && (state == VM_RUNNING ||
					 state == VM_STOPPING))
		set_state(vm->hvd, vm, state, NULL);
}

/* The helper's record of the monitor: its wait status when it has one. */
static bool reap(struct hvd *h, struct vm *vm, pid_t pid, int *status)
{
	struct hw_request req = { .type = HW_REAP };
	struct hw_reply rep;
	struct rpc_error err;
	int fd;

	if (pid <= 0)
		return false;
	strcpy(req.vm, vm->name);
	req.u.reap.pid = (uint32_t)pid;
	if (helper_call(h, &req, NULL, 0, &rep, &fd, &err) < 0 ||
	    rep.status < 0)
		return false;
	if (fd >= 0)
		close(fd);
	*status = (int)rep.value;
	return true;
}

/* monitor.ended's params, or what the wait status says. */
static struct json_object *end_of(struct hvd *h, struct vm *vm)
{
	struct json_object *end = monitor_link_end(vm->mon), *o;
	bool reaped;
	int status;

	reaped = reap(h, vm, monitor_link_pid(vm->mon), &status);
	if (end)
		return json_object_get(end);
	o = json_object_new_object();
	if (!reaped) {
		json_object_object_add(o, "reason",
				       json_object_new_string("unknown"));
		json_object_object_add(o, "detail", json_object_new_string(
			"the monitor ended without saying how"));
	} else if (WIFSIGNALED(status)) {
		json_object_object_add(o, "reason",
				       json_object_new_string("killed"));
		json_object_object_add(o, "signal",
				       json_object_new_int(WTERMSIG(status)));
	} else {
		json_object_object_add(o, "reason", json_object_new_string(
			WEXITSTATUS(status) == 8 ? "refused" : "exited"));
		json_object_object_add(o, "status", json_object_new_int(
					       WEXITSTATUS(status)));
		json_object_object_add(o, "detail", json_object_new_string(
			"see the console log for the monitor's message"));
	}
	return o;
}

/* How a run ended decides between stopped and crashed. */
static enum vm_state final_state(const struct vm *vm)
{
	static const char *const crashes[] = {
		"shutdown", "error", "refused", "unknown", "exited"
	};
	const char *reason = json_object_get_string(
		json_object_object_get(vm->end, "reason"));

	if (!reason)
		return VM_CRASHED;
	if (strcmp(reason, "killed") == 0)
		return vm->stop_asked ? VM_STOPPED : VM_CRASHED;
	for (size_t i = 0; i < sizeof(crashes) / sizeof(crashes[0]); i++)
		if (strcmp(reason, crashes[i]) == 0)
			return VM_CRASHED;
	return VM_STOPPED;
}

static void on_gone(void *arg)
{
	struct vm *vm = arg;
	struct hvd *h = vm->hvd;
	const char *reason;

	json_object_put(vm->end);
	vm->end = end_of(h, vm);
	monitor_link_free(vm->mon);
	vm->mon = NULL;
	vm->console = false;
	vm_stats_close(vm);
	monitor_sock_remove(h, vm->name);
	reason = json_object_get_string(json_object_object_get(vm->end,
							       "reason"));
	set_state(h, vm, final_state(vm), reason);
	vm->stop_asked = false;
}

static void on_console(void *arg, const char *data)
{
	struct vm *vm = arg;

	console_output(vm->hvd, vm, data);
}

static const struct monitor_link_ops link_ops = {
	.answered = on_answered,
	.gone = on_gone,
	.console = on_console,
};

/* Connects to vm's monitor socket; false with why filled. */
static bool attach(struct hvd *h, struct vm *vm, int pidfd, pid_t pid,
		   char *why, size_t len)
{
	char path[4200];

	monitor_sock_path(h, vm->name, path, sizeof(path), false);
	vm->hvd = h;
	vm->mon = monitor_link_open(h->base, path, pidfd, pid, &link_ops, vm,
				    why, len);
	return vm->mon != NULL;
}

bool vm_start(struct hvd *h, struct vm *vm, struct rpc_error *err)
{
	char why[256];
	pid_t pid;
	int pidfd;

	if (vm->state == VM_STARTING || vm->state == VM_RUNNING ||
	    vm->state == VM_STOPPING) {
		rpc_error_set(err, RPC_ERR_INVALID_STATE,
			      "VM '%s' is %s", vm->name,
			      vm_state_name(vm->state));
		return false;
	}
	pidfd = monitor_spawn(h, vm, &pid, err);
	if (pidfd < 0) {
		hvd_log(LOG_WARNING, vm->name, "VM_START_FAILED", "%s (%s)",
			err->message, err->name);
		return false;
	}
	json_object_put(vm->end);
	vm->end = NULL;
	vm->stop_asked = false;
	if (!attach(h, vm, pidfd, pid, why, sizeof(why))) {
		close(pidfd);	/* out of memory */
		rpc_error_set(err, RPC_ERR_INTERNAL, "monitor of '%s' "
			      "unreachable: %s", vm->name, why);
		monitor_sock_remove(h, vm->name);
		return false;
	}
	set_state(h, vm, VM_STARTING, NULL);
	return true;
}

/* The monitor does not answer: the helper signals it instead. */
static bool signal_monitor(struct hvd *h, struct vm *vm, bool force,
			   struct rpc_error *err)
{
	struct hw_request req = { .type = HW_SIGNAL };
	struct hw_reply rep;
	int fd;

	strcpy(req.vm, vm->name);
	req.u.signal.pid = (uint32_t)monitor_link_pid(vm->mon);
	req.u.signal.signal = force ? HW_SIG_KILL : HW_SIG_TERM;
	if (helper_call(h, &req, NULL, 0, &rep, &fd, err) < 0)
		return false;
	if (fd >= 0)
		close(fd);
	if (rep.status == 0)
		return true;
	rpc_error_set(err, RPC_ERR_INTERNAL, "cannot stop '%s': %s",
		      vm->name, rep.text);
	return false;
}

bool vm_stop(struct hvd *h, struct vm *vm, bool force,
	     struct rpc_error *err)
{
	struct json_object *params, *result;

	if (!vm->mon) {
		rpc_error_set(err, RPC_ERR_INVALID_STATE, "VM '%s' is not "
			      "running (state %s)", vm->name,
			      vm_state_name(vm->state));
		return false;
	}
	params = json_object_new_object();
	json_object_object_add(params, "force",
			       json_object_new_boolean(force));
	result = monitor_link_call(vm->mon, "monitor.stop", params, err);
	if (!result && !signal_monitor(h, vm, force, err))
		return false;
	json_object_put(result);
	vm->stop_asked = true;
	if (vm->mon)	/* it may have ended during the call */
		set_state(h, vm, VM_STOPPING, force ? "forced" : NULL);
	return true;
}

void vm_reattach_all(struct hvd *h)
{
	char path[4200], why[256];

	for (size_t i = 0; i < h->reg.count; i++) {
		struct vm *vm = h->reg.vms[i];

		monitor_sock_path(h, vm->name, path, sizeof(path), false);
		if (access(path, F_OK) < 0)
			continue;
		if (!attach(h, vm, -1, 0, why, sizeof(why))) {
			hvd_log(LOG_INFO, vm->name, "VM_MONITOR_GONE",
				"stale monitor socket removed: %s", why);
			monitor_sock_remove(h, vm->name);
			continue;
		}
		hvd_log(LOG_INFO, vm->name, "VM_REATTACHED",
			"re-attached to its running monitor");
		set_state(h, vm, VM_STARTING, "re-attaching");
	}
}

void vm_autostart_all(struct hvd *h)
{
	struct rpc_error err;

	for (size_t i = 0; i < h->reg.count; i++) {
		struct vm *vm = h->reg.vms[i];

		if (vm_def_bool(vm, "autostart") && !vm->mon &&
		    !vm_start(h, vm, &err))
			hvd_log(LOG_WARNING, vm->name, "AUTOSTART_FAILED",
				"autostart failed: %s (%s)", err.message,
				err.name);
	}
}
