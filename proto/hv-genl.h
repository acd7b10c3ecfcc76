/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * hv-genl.h: the generic netlink family "hv" of hv.ko: statistics of one
 * VM or of every VM, and a multicast group of events. Every command needs
 * CAP_NET_ADMIN, checked on the credentials of whoever opened the socket
 * (so an unprivileged daemon may use a socket a privileged helper opened);
 * joining the "events" group needs CAP_NET_ADMIN of the joiner.
 *
 * HV_GENL_CMD_GET_STATS, request: [HV_GENL_A_VM_ID] (doit, one VM) or no
 * attribute with NLM_F_DUMP (every VM). Reply, one message per VM:
 *   HV_GENL_A_VM_ID       u32
 *   HV_GENL_A_STATS       nested: HV_GENL_A_STAT nested { NAME, VALUE }*
 *   HV_GENL_A_VCPU*       nested: HV_GENL_A_VCPU_ID u32, HV_GENL_A_STATS
 * VM statistics are the MMU core's counters (pf_taken, mmu_cache_hit,
 * apf_not_present, ...); vCPU statistics hv.ko's own (exits, io_exits,
 * halt_exits, ...).
 * HV_GENL_CMD_EVENT (group "events"): HV_GENL_A_VM_ID, HV_GENL_A_EVENT;
 * async PF events add HV_GENL_A_VCPU_ID, HV_GENL_A_TOKEN and HV_GENL_A_GFN.
 * HV_GENL_CMD_SET_APF_EVENTS, request: HV_GENL_A_VM_ID, HV_GENL_A_APF_EVENTS
 * (u8, 1 on, 0 off; off when a VM is created). While on, the VM's async
 * page faults are multicast: one APF_NOT_PRESENT per not-present fault the
 * guest is told of (the MMU core's apf_not_present), one APF_READY per
 * "page ready" it is given (apf_ready). Never blocks the fault: an event
 * that cannot be allocated or that a listener's full socket refuses is
 * counted in the VM statistic apf_events_dropped instead.
 */
#ifndef HV_GENL_H
#define HV_GENL_H

#define HV_GENL_NAME		"hv"
#define HV_GENL_VERSION		1
#define HV_GENL_MCGRP_EVENTS	"events"

enum hv_genl_cmd {
	HV_GENL_CMD_UNSPEC,
	HV_GENL_CMD_GET_STATS,
	HV_GENL_CMD_EVENT,
	HV_GENL_CMD_SET_APF_EVENTS,
	__HV_GENL_CMD_MAX,
};
#define HV_GENL_CMD_MAX (__HV_GENL_CMD_MAX - 1)

enum hv_genl_attr {
	HV_GENL_A_UNSPEC,
	HV_GENL_A_VM_ID,	/* u32 */
	HV_GENL_A_STATS,	/* nested HV_GENL_A_STAT */
	HV_GENL_A_STAT,		/* nested NAME, VALUE */
	HV_GENL_A_STAT_NAME,	/* string */
	HV_GENL_A_STAT_VALUE,	/* u64 */
	HV_GENL_A_VCPU,		/* nested VCPU_ID, STATS */
	HV_GENL_A_VCPU_ID,	/* u32 */
	HV_GENL_A_EVENT,	/* u32: enum hv_genl_event */
	HV_GENL_A_PAD,
	HV_GENL_A_APF_EVENTS,	/* u8: 0 off, 1 on */
	HV_GENL_A_TOKEN,	/* u64: the async PF token */
	HV_GENL_A_GFN,		/* u64: the guest frame on its way */
	__HV_GENL_A_MAX,
};
#define HV_GENL_A_MAX (__HV_GENL_A_MAX - 1)

enum hv_genl_event {
	HV_GENL_EVENT_VM_CREATED = 1,
	HV_GENL_EVENT_VM_DESTROYED = 2,
	HV_GENL_EVENT_APF_NOT_PRESENT = 3,
	HV_GENL_EVENT_APF_READY = 4,
};

#endif
