// SPDX-License-Identifier: GPL-2.0-only
/*
 * methods-vm.c: the vm.* methods: defining, changing, listing, showing,
 * starting, stopping and deleting VMs.
 */
#include <string.h>
#include <unistd.h>

#include "daemon/dispatch.h"
#include "daemon/events.h"
#include "daemon/lifecycle.h"
#include "daemon/monitor-link.h"
#include "daemon/vm-stats.h"
#include "daemon/log.h"
#include "proto/rpc-raw.h"

static const char *param_string(struct json_object *params, const char *key)
{
	struct json_object *v;

	if (!params || !json_object_object_get_ex(params, key, &v))
		return NULL;
	return json_object_get_string(v);
}

/* The image to import: the fd sent with the line, or image.path opened. */
static int image_source(struct call_ctx *cc, struct json_object *image,
			struct rpc_error *err)
{
	struct json_object *fd_flag;
	char why[300];
	int fd;

	if (json_object_object_get_ex(image, "fd", &fd_flag) &&
	    json_object_get_boolean(fd_flag)) {
		fd = call_take_fd(cc);
		if (fd < 0)
			rpc_error_set(err, RPC_ERR_IMAGE_ERROR,
				      "image.fd is true but no file descriptor "
				      "came with the request");
		return fd;
	}
	fd = image_open(param_string(image, "path"), why, sizeof(why));
	if (fd < 0)
		rpc_error_set(err, RPC_ERR_IMAGE_ERROR, "%s", why);
	return fd;
}

static bool import_image(struct call_ctx *cc, const char *name,
			 struct json_object *image, struct image_copy *out,
			 struct rpc_error *err)
{
	int src = image_source(cc, image, err);
	char why[300];
	int ret;

	if (src < 0)
		return false;
	ret = image_import(cc->conn->hvd->reg.images_dirfd, name, src, out,
			   why, sizeof(why));
	close(src);
	if (ret < 0)
		rpc_error_set(err, RPC_ERR_IO_ERROR, "%s", why);
	return ret == 0;
}

static struct json_object *deep_copy(struct json_object *o)
{
	struct json_object *copy = NULL;

	json_object_deep_copy(o, &copy, NULL);
	return copy;
}

struct json_object *method_vm_create(struct call_ctx *cc,
				     struct json_object *params,
				     struct rpc_error *err)
{
	struct hvd *h = cc->conn->hvd;
	const char *name = param_string(params, "name");
	struct image_copy copy = { 0 };
	struct vm *vm;

	if (registry_find(&h->reg, name)) {
		rpc_error_set(err, RPC_ERR_VM_EXISTS,
			      "a VM named '%s' already exists", name);
		return NULL;
	}
	if (!import_image(cc, name, json_object_object_get(params, "image"),
			  &copy, err))
		return NULL;
	vm = vm_new(deep_copy(params), &copy);
	if (!vm || registry_store(&h->reg, vm) < 0) {
		rpc_error_set(err, RPC_ERR_IO_ERROR,
			      "cannot save the definition of '%s': %m", name);
		image_remove(h->reg.images_dirfd, &copy);
		vm_free(vm);
		return NULL;
	}
	hvd_log(LOG_INFO, vm->name, "VM_CREATED", "defined (image sha256 %s)",
		vm->image.sha256);
	events_emit(h, vm, VM_EVENT_CREATED, vm->state);
	return vm_info_json(vm);
}

/* The VM params name, if it is not running (update and delete need so). */
static struct vm *find_stopped_vm(struct call_ctx *cc,
				  struct json_object *params,
				  struct rpc_error *err)
{
	struct vm *vm = call_find_vm(cc, params, err);

	if (!vm || vm->state == VM_DEFINED || vm->state == VM_STOPPED ||
	    vm->state == VM_CRASHED)
		return vm;
	rpc_error_set(err, RPC_ERR_INVALID_STATE,
		      "VM '%s' is %s; stop it first", vm->name,
		      vm_state_name(vm->state));
	return NULL;
}

struct json_object *method_vm_update(struct call_ctx *cc,
				     struct json_object *params,
				     struct rpc_error *err)
{
	struct hvd *h = cc->conn->hvd;
	struct json_object *image;
	struct image_copy old, copy;
	struct vm *vm = find_stopped_vm(cc, params, err), *updated;

	if (!vm)
		return NULL;
	old = copy = vm->image;
	if (json_object_object_get_ex(params, "image", &image) &&
	    !import_image(cc, vm->name, image, &copy, err))
		return NULL;
	updated = vm_new(vm_def_merge(vm, params), &copy);
	if (updated)
		updated->state = vm->state;
	if (!updated || registry_store(&h->reg, updated) < 0) {
		rpc_error_set(err, RPC_ERR_IO_ERROR,
			      "cannot save the definition of '%s': %m",
			      vm->name);
		if (strcmp(copy.file, old.file) != 0)
			image_remove(h->reg.images_dirfd, &copy);
		vm_free(updated);
		return NULL;
	}
	/* vm is freed: the registry holds updated now */
	if (strcmp(copy.file, old.file) != 0)
		image_remove(h->reg.images_dirfd, &old);
	hvd_log(LOG_INFO, updated->name, "VM_UPDATED", "definition changed");
	events_emit(h, updated, VM_EVENT_UPDATED, updated->state);
	return vm_info_json(updated);
}

/* vm.list's answer, kept as text until the registry changes. */
static struct json_object *build_list(struct hvd *h)
{
	struct json_object *o = json_object_new_object(), *vms, *raw;

	vms = json_object_new_array_ext((int)h->reg.count);
	for (size_t i = 0; i < h->reg.count; i++)
		json_object_array_add(vms, vm_list_entry(h->reg.vms[i]));
	json_object_object_add(o, "vms", vms);
	raw = rpc_raw_new(o);
	json_object_put(o);
	return raw;
}

struct json_object *method_vm_list(struct call_ctx *cc,
				   struct json_object *params,
				   struct rpc_error *err)
{
	struct hvd *h = cc->conn->hvd;

	if (!h->list_cache || h->list_cache_gen != h->reg.generation) {
		json_object_put(h->list_cache);
		h->list_cache = build_list(h);
		h->list_cache_gen = h->reg.generation;
		if (!h->list_cache) {
			rpc_error_set(err, RPC_ERR_INTERNAL, "out of memory");
			return NULL;
		}
	}
	return json_object_get(h->list_cache);
}

struct json_object *method_vm_info(struct call_ctx *cc,
				   struct json_object *params,
				   struct rpc_error *err)
{
	struct vm *vm = call_find_vm(cc, params, err);

	return vm ? vm_info_json(vm) : NULL;
}

struct json_object *method_vm_start(struct call_ctx *cc,
				    struct json_object *params,
				    struct rpc_error *err)
{
	struct vm *vm = call_find_vm(cc, params, err);

	if (!vm || !vm_start(cc->conn->hvd, vm, err))
		return NULL;
	return vm_info_json(vm);
}

static bool check_running(const struct vm *vm, struct rpc_error *err)
{
	if (vm->state == VM_RUNNING || vm->state == VM_STARTING)
		return true;
	rpc_error_set(err, RPC_ERR_INVALID_STATE, "VM '%s' is not running "
		      "(state %s)", vm->name, vm_state_name(vm->state));
	return false;
}

struct json_object *method_vm_stop(struct call_ctx *cc,
				   struct json_object *params,
				   struct rpc_error *err)
{
	struct vm *vm = call_find_vm(cc, params, err);
	struct json_object *force;
	bool f = json_object_object_get_ex(params, "force", &force) &&
		 json_object_get_boolean(force);

	if (!vm || !check_running(vm, err) ||
	    !vm_stop(cc->conn->hvd, vm, f, err))
		return NULL;
	return vm_info_json(vm);
}

struct json_object *method_vm_delete(struct call_ctx *cc,
				     struct json_object *params,
				     struct rpc_error *err)
{
	struct hvd *h = cc->conn->hvd;
	struct vm *vm = find_stopped_vm(cc, params, err), gone;
	struct json_object *result;

	if (!vm)
		return NULL;
	memset(&gone, 0, sizeof(gone));
	memcpy(gone.name, vm->name, sizeof(gone.name));
	gone.state = vm->state;
	if (registry_delete(&h->reg, vm) < 0) {
		rpc_error_set(err, RPC_ERR_IO_ERROR,
			      "cannot delete the definition of '%s': %m",
			      gone.name);
		return NULL;
	}
	hvd_log(LOG_INFO, gone.name, "VM_DELETED", "deleted");
	events_emit(h, &gone, VM_EVENT_DELETED, gone.state);
	result = json_object_new_object();
	json_object_object_add(result, "name",
			       json_object_new_string(gone.name));
	return result;
}

/*
 * vm.stats: the monitor's statistics (monitor.stats, see hv-vm(8)) with
 * the tracepoint counts hvd reads (vm-stats.h): cumulative counters
 * under their catalogue names, a timestamp, absent where not provided;
 * with "vcpu", that vCPU's alone.
 */
struct json_object *method_vm_stats(struct call_ctx *cc,
				    struct json_object *params,
				    struct rpc_error *err)
{
	struct vm *vm = call_find_vm(cc, params, err);
	struct json_object *stats, *vcpu, *vcpus, *one;
	int n;

	if (!vm || !check_running(vm, err))
		return NULL;
	if (!vm->mon) {
		rpc_error_set(err, RPC_ERR_INVALID_STATE, "VM '%s' has no "
			      "monitor", vm->name);
		return NULL;
	}
	stats = vm_stats_collect(cc->conn->hvd, vm, err);
	if (!stats || !json_object_object_get_ex(params, "vcpu", &vcpu))
		return stats;
	n = json_object_get_int(vcpu);
	vcpus = json_object_object_get(stats, "vcpus");
	if (n >= (int)json_object_array_length(vcpus)) {
		rpc_error_param(err, "vcpu", "VM '%s' has %zu vCPUs",
				vm->name, json_object_array_length(vcpus));
		json_object_put(stats);
		return NULL;
	}
	one = json_object_get(json_object_array_get_idx(vcpus, (size_t)n));
	json_object_object_del(stats, "vcpus");
	json_object_object_del(stats, "total");
	json_object_object_del(stats, "vm");
	json_object_object_add(stats, "vcpu", one);
	return stats;
}
