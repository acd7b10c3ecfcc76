// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_genl.c: the generic netlink family "hv" (proto/hv-genl.h): every
 * statistic of one VM or of all VMs, per VM (the MMU core's counters) and
 * per vCPU (hv.ko's), and the "events" multicast group (VM created,
 * destroyed; a VM's async page faults once asked for). CAP_NET_ADMIN is checked on the socket's opener, not on the
 * sender, so hvd can use a socket that hvd-helper opened.
 */
#include <linux/file.h>
#include <linux/net.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include "kmod/hv.h"
#include "proto/hv-genl.h"

static struct genl_family hv_genl_family;

static bool opener_may(struct sk_buff *skb)
{
	struct sock *sk = NETLINK_CB(skb).sk;

	return sk && sk->sk_socket && sk->sk_socket->file &&
	       file_ns_capable(sk->sk_socket->file, sock_net(sk)->user_ns,
			       CAP_NET_ADMIN);
}

static int put_stat(struct sk_buff *msg, const char *name, u64 value)
{
	struct nlattr *st = nla_nest_start(msg, HV_GENL_A_STAT);

	if (!st || nla_put_string(msg, HV_GENL_A_STAT_NAME, name) ||
	    nla_put_u64_64bit(msg, HV_GENL_A_STAT_VALUE, value,
			      HV_GENL_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, st);
	return 0;
}

static int put_vm_stats(struct sk_buff *msg, struct hv_vm *vm)
{
	const struct hv_mmu_stat_desc *d;
	struct hv_mmu_stats s = { 0 };
	struct nlattr *nest = nla_nest_start(msg, HV_GENL_A_STATS);

	if (!nest)
		return -EMSGSIZE;
	if (vm->mmu)
		hv_mmu_get_stats(vm->mmu, &s);
	for (d = hv_mmu_stat_names; d->name; d++)
		if (put_stat(msg, d->name, *(u64 *)((u8 *)&s + d->offset)))
			return -EMSGSIZE;
	if (put_stat(msg, "apf_events_dropped",
		     atomic64_read(&vm->apf_events_dropped)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int put_vcpu(struct sk_buff *msg, struct hv_vcpu *v)
{
	const struct hv_stat_desc *d;
	struct nlattr *vn = nla_nest_start(msg, HV_GENL_A_VCPU), *sn;

	if (!vn || nla_put_u32(msg, HV_GENL_A_VCPU_ID, v->id))
		return -EMSGSIZE;
	sn = nla_nest_start(msg, HV_GENL_A_STATS);
	if (!sn)
		return -EMSGSIZE;
	for (d = hv_vcpu_stat_names; d->name; d++)
		if (put_stat(msg, d->name,
			     READ_ONCE(*(u64 *)((u8 *)&v->stats + d->offset))))
			return -EMSGSIZE;
	nla_nest_end(msg, sn);
	nla_nest_end(msg, vn);
	return 0;
}

/* One reply message for @vm. Under hv_vms_lock. */
static int fill_vm(struct sk_buff *msg, struct hv_vm *vm, u32 portid,
		   u32 seq, int flags)
{
	void *hdr = genlmsg_put(msg, portid, seq, &hv_genl_family, flags,
				HV_GENL_CMD_GET_STATS);
	unsigned int i;
	int r = -EMSGSIZE;

	if (!hdr)
		return -EMSGSIZE;
	mutex_lock(&vm->lock);
	if (nla_put_u32(msg, HV_GENL_A_VM_ID, vm->id) ||
	    put_vm_stats(msg, vm))
		goto fail;
	for (i = 0; i < HV_MAX_VCPUS; i++)
		if (vm->vcpus[i] && put_vcpu(msg, vm->vcpus[i]))
			goto fail;
	mutex_unlock(&vm->lock);
	genlmsg_end(msg, hdr);
	return 0;
fail:
	mutex_unlock(&vm->lock);
	genlmsg_cancel(msg, hdr);
	return r;
}

static int hv_genl_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	struct hv_vm *vm;
	u32 id;
	int r = -ENOENT;

	if (!opener_may(skb))
		return -EPERM;
	if (!info->attrs[HV_GENL_A_VM_ID]) {
		GENL_SET_ERR_MSG(info, "VM id missing (dump for every VM)");
		return -EINVAL;
	}
	id = nla_get_u32(info->attrs[HV_GENL_A_VM_ID]);
	msg = genlmsg_new(NLMSG_GOODSIZE * 4, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&hv_vms_lock);
	list_for_each_entry(vm, &hv_vms, node) {
		if (vm->id == id) {
			r = fill_vm(msg, vm, info->snd_portid, info->snd_seq,
				    0);
			break;
		}
	}
	mutex_unlock(&hv_vms_lock);
	if (r) {
		nlmsg_free(msg);
		return r;
	}
	return genlmsg_reply(msg, info);
}

static int hv_genl_get_start(struct netlink_callback *cb)
{
	return opener_may(cb->skb) ? 0 : -EPERM;
}

/* cb->args[0]: the id of the last VM sent. */
static int hv_genl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hv_vm *vm;
	int sent = 0;

	mutex_lock(&hv_vms_lock);
	list_for_each_entry(vm, &hv_vms, node) {
		if (vm->id <= cb->args[0])
			continue;
		if (fill_vm(skb, vm, NETLINK_CB(cb->skb).portid,
			    cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		cb->args[0] = vm->id;
		sent++;
	}
	mutex_unlock(&hv_vms_lock);
	return sent ? skb->len : 0;
}

/*
 * The async PF hook (kernel_plat.h), from a vCPU's fault path: allocates
 * and multicasts without sleeping; what cannot be sent is counted.
 */
static void hv_genl_apf_event(void *opaque, unsigned int vcpu_id, u64 token,
			      u64 gfn, bool ready)
{
	struct hv_vm *vm = opaque;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(3 * nla_total_size(sizeof(u32)) +
			  2 * nla_total_size_64bit(sizeof(u64)),
			  GFP_ATOMIC | __GFP_NOWARN);
	if (!msg)
		goto dropped;
	hdr = genlmsg_put(msg, 0, 0, &hv_genl_family, 0, HV_GENL_CMD_EVENT);
	if (!hdr || nla_put_u32(msg, HV_GENL_A_VM_ID, vm->id) ||
	    nla_put_u32(msg, HV_GENL_A_EVENT,
			ready ? HV_GENL_EVENT_APF_READY :
				HV_GENL_EVENT_APF_NOT_PRESENT) ||
	    nla_put_u32(msg, HV_GENL_A_VCPU_ID, vcpu_id) ||
	    nla_put_u64_64bit(msg, HV_GENL_A_TOKEN, token, HV_GENL_A_PAD) ||
	    nla_put_u64_64bit(msg, HV_GENL_A_GFN, gfn, HV_GENL_A_PAD)) {
		nlmsg_free(msg);
		goto dropped;
	}
	genlmsg_end(msg, hdr);
	/* GFP_ATOMIC: never waits for a congested listener. -ESRCH: none. */
	if (genlmsg_multicast(&hv_genl_family, msg, 0, 0, GFP_ATOMIC) !=
	    -ENOBUFS)
		return;
dropped:
	atomic64_inc(&vm->apf_events_dropped);
}

static int hv_genl_set_apf_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct hv_vm *vm;
	bool on;
	u32 id;
	int r = -ENOENT;

	if (!opener_may(skb))
		return -EPERM;
	if (!info->attrs[HV_GENL_A_VM_ID] ||
	    !info->attrs[HV_GENL_A_APF_EVENTS]) {
		GENL_SET_ERR_MSG(info, "VM id or apf_events missing");
		return -EINVAL;
	}
	id = nla_get_u32(info->attrs[HV_GENL_A_VM_ID]);
	on = nla_get_u8(info->attrs[HV_GENL_A_APF_EVENTS]);
	mutex_lock(&hv_vms_lock);
	list_for_each_entry(vm, &hv_vms, node) {
		if (vm->id == id) {
			hvpk_set_apf_hook(vm->plat,
					  on ? hv_genl_apf_event : NULL, vm);
			r = 0;
			break;
		}
	}
	mutex_unlock(&hv_vms_lock);
	if (r)
		GENL_SET_ERR_MSG(info, "no such VM");
	return r;
}

static const struct nla_policy hv_genl_policy[HV_GENL_A_MAX + 1] = {
	[HV_GENL_A_VM_ID] = { .type = NLA_U32 },
	[HV_GENL_A_APF_EVENTS] = NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct genl_ops hv_genl_ops[] = {
	{
		.cmd = HV_GENL_CMD_GET_STATS,
		.validate = GENL_DONT_VALIDATE_STRICT |
			    GENL_DONT_VALIDATE_DUMP,
		.doit = hv_genl_get_doit,
		.start = hv_genl_get_start,
		.dumpit = hv_genl_get_dumpit,
	},
	{
		.cmd = HV_GENL_CMD_SET_APF_EVENTS,
		.doit = hv_genl_set_apf_doit,
	},
};

static const struct genl_multicast_group hv_genl_mcgrps[] = {
	{ .name = HV_GENL_MCGRP_EVENTS, .flags = GENL_UNS_ADMIN_PERM },
};

static struct genl_family hv_genl_family = {
	.name = HV_GENL_NAME,
	.version = HV_GENL_VERSION,
	.maxattr = HV_GENL_A_MAX,
	.policy = hv_genl_policy,
	.module = THIS_MODULE,
	.ops = hv_genl_ops,
	.n_ops = ARRAY_SIZE(hv_genl_ops),
	.resv_start_op = HV_GENL_CMD_EVENT + 1,
	.mcgrps = hv_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(hv_genl_mcgrps),
};

void hv_genl_vm_event(unsigned int vm_id, bool created)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &hv_genl_family, 0, HV_GENL_CMD_EVENT);
	if (!hdr || nla_put_u32(msg, HV_GENL_A_VM_ID, vm_id) ||
	    nla_put_u32(msg, HV_GENL_A_EVENT,
			created ? HV_GENL_EVENT_VM_CREATED :
				  HV_GENL_EVENT_VM_DESTROYED)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&hv_genl_family, msg, 0, 0, GFP_KERNEL);
}

int hv_genl_init(void)
{
	return genl_register_family(&hv_genl_family);
}

void hv_genl_exit(void)
{
	genl_unregister_family(&hv_genl_family);
}
