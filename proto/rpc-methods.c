// SPDX-License-Identifier: GPL-2.0-only
/*
 * rpc-methods.c: hvd's method table: every method's name, parameter
 * schema, whether it changes state, and its summary.
 */
#include "proto/rpc-methods.h"

const char *const hv_image_formats[] = {
	"multiboot", "elf", "bzimage", "flat", NULL
};
const char *const hv_accels[] = { "auto", "kvm", "hv", NULL };
const char *const hv_memory_backends[] = {
	"anon", "memfd", "file", "hugetlb", "uffd", NULL
};

#define P_NAME(sum) { .name = "name", .type = RPC_TYPE_STRING, \
	.required = true, .min = 1, .max = HV_VM_NAME_MAX, \
	.charset = HV_VM_NAME_CHARSET, .summary = sum }

static const struct rpc_param image_fields[] = {
	{ .name = "path", .type = RPC_TYPE_STRING, .required = true,
	  .min = 1, .max = HV_PATH_MAX,
	  .summary = "image file (read by hvd unless fd is true)" },
	{ .name = "format", .type = RPC_TYPE_STRING, .required = true,
	  .choices = hv_image_formats,
	  .summary = "how the image is loaded" },
	{ .name = "fd", .type = RPC_TYPE_BOOL,
	  .summary = "the open file comes with the request (SCM_RIGHTS)" },
	{ 0 }
};

/*
 * The definition parameters, required for vm.create (REQ true) and all
 * optional for vm.update (REQ false).
 */
#define DEFINITION_PARAMS(REQ) \
	{ .name = "memory_mib", .type = RPC_TYPE_INT, .required = REQ, \
	  .min = 1, .max = HV_VM_MEMORY_MIB_MAX, \
	  .summary = "guest memory in MiB" }, \
	{ .name = "vcpus", .type = RPC_TYPE_INT, .required = REQ, \
	  .min = 1, .max = HV_VM_VCPUS_MAX, \
	  .summary = "number of virtual CPUs" }, \
	{ .name = "image", .type = RPC_TYPE_OBJECT, .required = REQ, \
	  .fields = image_fields, \
	  .summary = "the guest image, copied into hvd's state directory" }, \
	{ .name = "cmdline", .type = RPC_TYPE_STRING, .max = HV_PATH_MAX, \
	  .summary = "guest kernel command line (default empty)" }, \
	{ .name = "initrd", .type = RPC_TYPE_STRING, .min = 1, \
	  .max = HV_PATH_MAX, \
	  .summary = "initial ramdisk path (default none)" }, \
	{ .name = "accel", .type = RPC_TYPE_STRING, .choices = hv_accels, \
	  .summary = "accelerator (default auto)" }, \
	{ .name = "memory_backend", .type = RPC_TYPE_STRING, \
	  .choices = hv_memory_backends, \
	  .summary = "how guest memory is backed (default anon)" }, \
	{ .name = "uffd_delay_us", .type = RPC_TYPE_INT, \
	  .min = 0, .max = HV_VM_UFFD_DELAY_MAX, \
	  .summary = "delay per userfaultfd fault in us (default 0)" }, \
	{ .name = "async_pf", .type = RPC_TYPE_BOOL, \
	  .summary = "asynchronous page faults (default false)" }, \
	{ .name = "dirty_log", .type = RPC_TYPE_BOOL, \
	  .summary = "dirty page logging (default false)" }, \
	{ .name = "autostart", .type = RPC_TYPE_BOOL, \
	  .summary = "start the VM when hvd starts (default false)" }

static const struct rpc_param no_params[] = { { 0 } };

static const struct rpc_param vm_create_params[] = {
	P_NAME("VM name, unique"),
	DEFINITION_PARAMS(true),
	{ 0 }
};

static const struct rpc_param vm_update_params[] = {
	P_NAME("VM to change (must be stopped or defined)"),
	DEFINITION_PARAMS(false),
	{ 0 }
};

static const struct rpc_param vm_name_params[] = {
	P_NAME("VM name"),
	{ 0 }
};

static const struct rpc_param vm_stop_params[] = {
	P_NAME("VM name"),
	{ .name = "force", .type = RPC_TYPE_BOOL,
	  .summary = "kill instead of asking the guest (default false)" },
	{ 0 }
};

static const struct rpc_param vm_stats_params[] = {
	P_NAME("VM name"),
	{ .name = "vcpu", .type = RPC_TYPE_INT, .min = 0,
	  .max = HV_VM_VCPUS_MAX - 1,
	  .summary = "only this vCPU's figures (default all)" },
	{ 0 }
};

static const struct rpc_param console_input_params[] = {
	P_NAME("VM whose console gets the bytes"),
	{ .name = "data", .type = RPC_TYPE_STRING, .required = true,
	  .min = 4, .max = HV_CONSOLE_INPUT_B64_MAX,
	  .summary = "the bytes, base64 (at most 4096 bytes)" },
	{ 0 }
};

static const struct rpc_param events_params[] = {
	{ .name = "name", .type = RPC_TYPE_STRING, .min = 1,
	  .max = HV_VM_NAME_MAX, .charset = HV_VM_NAME_CHARSET,
	  .summary = "only events of this VM (default all)" },
	{ .name = "stats_interval_ms", .type = RPC_TYPE_INT, .min = 100,
	  .max = 3600000,
	  .summary = "also stream running VMs' statistics at this interval "
		     "(default none)" },
	{ .name = "apf_events", .type = RPC_TYPE_BOOL,
	  .summary = "turn hv.ko's async page fault events of the named hv "
		     "VM on or off (default unchanged)" },
	{ 0 }
};

const struct rpc_method hvd_methods[HVD_METHOD_COUNT] = {
	[HVD_DAEMON_INFO] = { "daemon.info", no_params, false,
		"version, uptime, accelerators found and counts" },
	[HVD_DAEMON_METHODS] = { "daemon.methods", no_params, false,
		"describe every method and its parameters" },
	[HVD_VM_CREATE] = { "vm.create", vm_create_params, true,
		"define a new VM" },
	[HVD_VM_UPDATE] = { "vm.update", vm_update_params, true,
		"change a stopped VM's definition" },
	[HVD_VM_LIST] = { "vm.list", no_params, false,
		"list every VM with its state" },
	[HVD_VM_INFO] = { "vm.info", vm_name_params, false,
		"show a VM's definition and state" },
	[HVD_VM_START] = { "vm.start", vm_name_params, true,
		"start a VM" },
	[HVD_VM_STOP] = { "vm.stop", vm_stop_params, true,
		"stop a running VM" },
	[HVD_VM_DELETE] = { "vm.delete", vm_name_params, true,
		"delete a VM that is not running, with its image copy" },
	[HVD_VM_STATS] = { "vm.stats", vm_stats_params, false,
		"statistics of a running VM" },
	[HVD_EVENTS_SUBSCRIBE] = { "events.subscribe", events_params, false,
		"receive VM state changes as \"event\" notifications" },
	[HVD_VM_CONSOLE_ATTACH] = { "vm.console.attach", vm_name_params, true,
		"receive a running VM's console as \"console.output\" "
		"notifications" },
	[HVD_VM_CONSOLE_DETACH] = { "vm.console.detach", vm_name_params, true,
		"stop receiving a VM's console" },
	[HVD_CONSOLE_INPUT] = { "console.input", console_input_params, true,
		"type bytes into a running VM's serial console" },
};
