/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv-module.h: hvd's link to hv.ko over its generic netlink family
 * (proto/hv-genl.h). hvd has no CAP_NET_ADMIN, so it asks hvd-helper
 * (HW_OPEN_GENL) for a socket the helper opened and subscribed to the
 * family's "events" group. Through it hvd reads the statistics of VMs
 * whose accel is "hv" (vm.stats) and turns the module's events into
 * "module" events of events.subscribe and journal lines. Where hv.ko is
 * absent there is no socket, one journal line says so, and everything
 * else (VMs on kvm) works as before; hvd asks again when an hv VM's
 * statistics are wanted, so loading hv.ko later is noticed.
 */
#ifndef HV_DAEMON_HV_MODULE_H
#define HV_DAEMON_HV_MODULE_H

#include <stdbool.h>
#include <stdint.h>

#include <event2/event.h>
#include <json-c/json.h>

struct hvd;
struct vm;

struct hv_module {
	int fd;			/* -1: no socket */
	uint16_t family;
	struct event *ev;	/* fd readable: events */
	char *buf;		/* HV_GENL_BUF bytes while fd >= 0 */
	char why[256];		/* why fd is -1 (last journal line) */
};

/* Gets the socket from the helper if there is none yet (logs why not). */
void hv_module_open(struct hvd *h);
void hv_module_close(struct hvd *h);

/*
 * Adds hv.ko's figures for vm to stats (monitor.stats' answer for a VM on
 * accel "hv", which names the module's VM id in vm.hv.vm_id): every
 * figure under "hv" of the VM and of each vCPU, those of the catalogue
 * also under "stats", vCPU sums in "total". On failure stats gets
 * "module_error" and stays otherwise as it was.
 */
void hv_module_stats(struct hvd *h, struct vm *vm, struct json_object *stats);

/* JSON for daemon.info: {"netlink": bool, "reason": why not}. */
/*
 * Turns the multicast of hv VM vm's async page faults on or off in hv.ko
 * (module events apf_not_present, apf_ready). 0, or -1 with err set (not
 * an hv VM, not running, hv.ko unreachable).
 */
struct rpc_error;
int hv_module_apf_events(struct hvd *h, struct vm *vm, bool on,
			 struct rpc_error *err);

struct json_object *hv_module_info_json(const struct hvd *h);

#endif
