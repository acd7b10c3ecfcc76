/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rpc-methods.h: the methods of hvd's control sockets (hvd.sock and the
 * read-only hvd-ro.sock). hvd_methods[] is the single truth: hvd dispatches
 * and validates with it, daemon.methods describes it, hvctl's help and
 * hv-rpc(7) are derived from it. Methods with changes_state are refused on
 * the read-only socket (PERMISSION_DENIED).
 *
 * Results (all objects):
 *   daemon.info     {"version", "protocol_version", "state_format_version",
 *                    "pid", "uptime_ms", "accelerators": [{"name",
 *                    "device", "present"}], "counts": {"vms", "running",
 *                    "clients", "subscribers"}}
 *   daemon.methods  {"protocol_version", "methods": [rpc_method_describe()]}
 *   vm.create, vm.update, vm.info
 *                   the VM: {"name", "state", "memory_mib", "vcpus",
 *                    "image": {"format", "source", "sha256", "size",
 *                    "file"}, "cmdline", "initrd", "accel",
 *                    "memory_backend", "uffd_delay_us", "async_pf",
 *                    "dirty_log", "autostart"} (every optional parameter
 *                    present with its default when not given)
 *   vm.list         {"vms": [{"name", "state", "memory_mib", "vcpus",
 *                    "autostart"}]} sorted by name
 *   vm.start        the VM (until the monitor exists: NO_ACCELERATOR)
 *   vm.stop         the VM (INVALID_STATE unless starting or running)
 *   vm.delete       {"name"} (INVALID_STATE unless defined/stopped/crashed)
 *   vm.stats        {"name", "state", "stats": {...}} (INVALID_STATE
 *                    unless running)
 *   events.subscribe {"subscribed": true}; then the connection receives
 *                    notifications "event" (see vm-state.h), first one
 *                    "current" event per VM, then every change.
 *
 * Image passing (vm.create/vm.update "image"): "path" names the image file.
 * Without "fd" (or with "fd": false) hvd opens and reads the path itself.
 * With "fd": true the client sends the open file along with the request
 * over the socket, as SCM_RIGHTS ancillary data, and hvd reads that file
 * instead ("path" is then only recorded as the image's source). The rule:
 *   - the fd is sent by a sendmsg() whose data bytes all belong to that
 *     request's line (simplest: the whole line in one sendmsg() with the fd
 *     attached; rpc_fdpass_send() in rpc-fdpass.h does exactly that);
 *   - hvd ties each fd it receives to the line that holds the last byte
 *     received together with it, and gives a line's fds, in arrival order,
 *     to the requests of that line that say "fd": true (one each, so a
 *     batch may carry several);
 *   - a request with "fd": true and no fd left gets IMAGE_ERROR; fds no
 *     request claims are closed when the line is done.
 * In either case hvd copies the image into STATE/images/ and records its
 * SHA-256, so later changes to the user's file do not affect the VM.
 */
#ifndef HV_PROTO_RPC_METHODS_H
#define HV_PROTO_RPC_METHODS_H

#include "proto/rpc-schema.h"

enum hvd_method {
	HVD_DAEMON_INFO,
	HVD_DAEMON_METHODS,
	HVD_VM_CREATE,
	HVD_VM_UPDATE,
	HVD_VM_LIST,
	HVD_VM_INFO,
	HVD_VM_START,
	HVD_VM_STOP,
	HVD_VM_DELETE,
	HVD_VM_STATS,
	HVD_EVENTS_SUBSCRIBE,
	HVD_METHOD_COUNT
};

/* Indexed by enum hvd_method. */
extern const struct rpc_method hvd_methods[HVD_METHOD_COUNT];

/* Limits of a VM definition, shared by the schema and hvd. */
#define HV_VM_NAME_MAX		64
#define HV_VM_NAME_CHARSET	"A-Za-z0-9._-"
#define HV_VM_MEMORY_MIB_MAX	1048576
#define HV_VM_VCPUS_MAX		256
#define HV_VM_UFFD_DELAY_MAX	1000000
#define HV_PATH_MAX		4096

/* The allowed values of the enumerated parameters (NULL-terminated). */
extern const char *const hv_image_formats[];	/* multiboot elf bzimage flat */
extern const char *const hv_accels[];		/* auto kvm hv */
extern const char *const hv_memory_backends[];	/* anon memfd file ... */

#endif
