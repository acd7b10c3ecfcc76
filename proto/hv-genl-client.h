/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv-genl-client.h: the userspace side of hv.ko's generic netlink family
 * (hv-genl.h), shared by hvd-helper (resolving the family and its events
 * group), hvd (statistics and events on the socket the helper opened) and
 * hv-vm (statistics when it runs standalone as root). Plain sockets and
 * hand-checked attributes: every length is checked before it is read.
 */
#ifndef HV_PROTO_HV_GENL_CLIENT_H
#define HV_PROTO_HV_GENL_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Large enough for one VM's reply with HV_MAX_VCPUS vCPUs. */
#define HV_GENL_BUF	65536

/* One statistic of a reply: vcpu is -1 for the VM's own counters. */
typedef void (*hv_genl_stat_fn)(void *ctx, int vcpu, const char *name,
				uint64_t value);
/* A message that is not the reply awaited (an event, say). */
typedef void (*hv_genl_msg_fn)(void *ctx, const void *msg, size_t len);

/*
 * Asks the controller on NETLINK_GENERIC socket fd for the family "hv":
 * its id in *family and, when events is not NULL, the id of its "events"
 * multicast group in *events. 0 or -errno (-ENOENT: hv.ko not loaded).
 */
int hv_genl_resolve(int fd, uint16_t *family, uint32_t *events);

/*
 * HV_GENL_CMD_GET_STATS for VM vm_id: calls stat_fn(stat_ctx, ...) on
 * every statistic of the reply, other_fn(other_ctx, ...) (if not NULL) on
 * every other message read while waiting for it. buf holds HV_GENL_BUF
 * bytes. 0 or -errno (-ENOENT: no such VM, -EPERM: the socket's opener
 * lacks CAP_NET_ADMIN).
 */
int hv_genl_get_stats(int fd, uint16_t family, uint32_t vm_id, char *buf,
		      hv_genl_stat_fn stat_fn, void *stat_ctx,
		      hv_genl_msg_fn other_fn, void *other_ctx);

/* One event of the "events" group. */
struct hv_genl_event_msg {
	uint32_t vm_id;
	uint32_t event;		/* enum hv_genl_event */
	/* Async PF events only (both APF_* events carry all three). */
	uint32_t vcpu_id;
	uint64_t token, gfn;
};

/*
 * Decodes one HV_GENL_CMD_EVENT message of family into *ev: 0, or -EINVAL
 * for anything else (an async PF event lacking its vCPU, token or gfn).
 */
int hv_genl_parse_event(const void *msg, size_t len, uint16_t family,
			struct hv_genl_event_msg *ev);

/*
 * HV_GENL_CMD_SET_APF_EVENTS: turns the multicast of VM vm_id's async page
 * faults on or off; other messages read meanwhile go to other_fn as with
 * hv_genl_get_stats. 0 or -errno (-ENOENT: no such VM).
 */
int hv_genl_set_apf_events(int fd, uint16_t family, uint32_t vm_id, bool on,
			   char *buf, hv_genl_msg_fn other_fn,
			   void *other_ctx);

#endif
