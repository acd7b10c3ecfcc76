// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv-genl-client.c: resolving hv.ko's generic netlink family, reading its
 * statistics and decoding its events (hv-genl-client.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "proto/hv-genl-client.h"
#include "proto/hv-genl.h"

/* Sequence numbers of this process's requests: replies are matched on them. */
static uint32_t last_seq;

struct nl_req {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char attrs[64];
};

/* The attributes in [p, p + len), each checked to lie inside it. */
#define for_each_attr(a, p, len) \
	for (a = (const struct nlattr *)(p); \
	     (const char *)a + NLA_HDRLEN <= (const char *)(p) + (len) && \
	     a->nla_len >= NLA_HDRLEN && \
	     (const char *)a + a->nla_len <= (const char *)(p) + (len); \
	     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len)))

static int type_of(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static const void *payload(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static size_t payload_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static bool get_u32(const struct nlattr *a, uint32_t *v)
{
	if (payload_len(a) != sizeof(*v))
		return false;
	memcpy(v, payload(a), sizeof(*v));
	return true;
}

/* A NUL-terminated string attribute, or NULL. */
static const char *get_str(const struct nlattr *a)
{
	size_t n = payload_len(a);

	if (n == 0 || ((const char *)payload(a))[n - 1] != '\0')
		return NULL;
	return payload(a);
}

static void req_init(struct nl_req *r, uint16_t family, uint8_t cmd,
		     uint32_t seq)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->n.nlmsg_type = family;
	r->n.nlmsg_flags = NLM_F_REQUEST;
	r->n.nlmsg_seq = seq;
	r->g.cmd = cmd;
	r->g.version = HV_GENL_VERSION;
}

static void put_attr(struct nl_req *r, uint16_t type, const void *data,
		     uint16_t len)
{
	struct nlattr *a = (void *)((char *)r + NLMSG_ALIGN(r->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/* The genl attributes of message h (already checked by NLMSG_OK). */
static const void *attrs_of(const struct nlmsghdr *h, size_t *len)
{
	if (h->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return *len = 0, NULL;
	*len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	return (const char *)NLMSG_DATA(h) + GENL_HDRLEN;
}

/*
 * Sends r, then reads until the message answering it (same sequence
 * number, of type type or an error) is in buf (cap bytes); messages read
 * before it go to other_fn. Returns the reply's offset in buf or -errno;
 * with type NLMSG_ERROR (r asked for an ACK), 0 for the ACK.
 */
static int transact(int fd, struct nl_req *r, uint16_t type, char *buf,
		    size_t cap, hv_genl_msg_fn other_fn, void *ctx)
{
	const struct nlmsghdr *h;
	ssize_t n;
	size_t left;

	if (send(fd, r, r->n.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		n = recv(fd, buf, cap, MSG_TRUNC);
		if (n < 0)
			return -errno;
		if ((size_t)n > cap)
			return -EMSGSIZE;
		left = (size_t)n;
		for (h = (void *)buf; NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_seq != r->n.nlmsg_seq ||
			    (h->nlmsg_type != type &&
			     h->nlmsg_type != NLMSG_ERROR)) {
				if (other_fn)
					other_fn(ctx, h, h->nlmsg_len);
				continue;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					return -EIO;
				if (e->error || type == NLMSG_ERROR)
					return e->error;	/* or the ACK */
				return -EIO;
			}
			return (int)((const char *)h - buf);
		}
	}
}

/* The id of the group called "events" in a CTRL_ATTR_MCAST_GROUPS nest. */
static int events_group(const struct nlattr *groups, uint32_t *id)
{
	const struct nlattr *g, *f;

	for_each_attr(g, payload(groups), payload_len(groups)) {
		const char *name = NULL;
		bool have = false;
		uint32_t v = 0;

		for_each_attr(f, payload(g), payload_len(g)) {
			if (type_of(f) == CTRL_ATTR_MCAST_GRP_NAME)
				name = get_str(f);
			if (type_of(f) == CTRL_ATTR_MCAST_GRP_ID)
				have = get_u32(f, &v);
		}
		if (have && name && !strcmp(name, HV_GENL_MCGRP_EVENTS)) {
			*id = v;
			return 0;
		}
	}
	return -ENOENT;
}

int hv_genl_resolve(int fd, uint16_t *family, uint32_t *events)
{
	const struct nlattr *a;
	char buf[HV_GENL_BUF / 8];	/* the controller's reply is small */
	struct nl_req r;
	bool have_id = false, have_group = !events;
	const void *p;
	size_t len;
	int off;

	req_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, ++last_seq);
	put_attr(&r, CTRL_ATTR_FAMILY_NAME, HV_GENL_NAME,
		 sizeof(HV_GENL_NAME));
	off = transact(fd, &r, GENL_ID_CTRL, buf, sizeof(buf), NULL, NULL);
	if (off < 0)
		return off;
	p = attrs_of((const void *)(buf + off), &len);
	for_each_attr(a, p, len) {
		if (type_of(a) == CTRL_ATTR_FAMILY_ID &&
		    payload_len(a) == sizeof(*family)) {
			memcpy(family, payload(a), sizeof(*family));
			have_id = true;
		}
		if (events && type_of(a) == CTRL_ATTR_MCAST_GROUPS)
			have_group = events_group(a, events) == 0;
	}
	return have_id && have_group ? 0 : -ENOENT;
}

/* Every HV_GENL_A_STAT of the nest stats, as vCPU vcpu's (-1: the VM's). */
static void each_stat(const struct nlattr *stats, int vcpu,
		      hv_genl_stat_fn fn, void *ctx)
{
	const struct nlattr *st, *f;

	for_each_attr(st, payload(stats), payload_len(stats)) {
		const char *name = NULL;
		uint64_t value = 0;
		bool have = false;

		if (type_of(st) != HV_GENL_A_STAT)
			continue;
		for_each_attr(f, payload(st), payload_len(st)) {
			if (type_of(f) == HV_GENL_A_STAT_NAME)
				name = get_str(f);
			if (type_of(f) == HV_GENL_A_STAT_VALUE &&
			    payload_len(f) == sizeof(value)) {
				memcpy(&value, payload(f), sizeof(value));
				have = true;
			}
		}
		if (name && have)
			fn(ctx, vcpu, name, value);
	}
}

/* An HV_GENL_A_VCPU nest: its id first, then its statistics. */
static void each_vcpu(const struct nlattr *vcpu, hv_genl_stat_fn fn,
		      void *ctx)
{
	const struct nlattr *b;
	uint32_t id;
	bool have = false;

	for_each_attr(b, payload(vcpu), payload_len(vcpu))
		if (type_of(b) == HV_GENL_A_VCPU_ID)
			have = get_u32(b, &id);
	if (!have || id > INT32_MAX)
		return;
	for_each_attr(b, payload(vcpu), payload_len(vcpu))
		if (type_of(b) == HV_GENL_A_STATS)
			each_stat(b, (int)id, fn, ctx);
}

int hv_genl_get_stats(int fd, uint16_t family, uint32_t vm_id, char *buf,
		      hv_genl_stat_fn stat_fn, void *stat_ctx,
		      hv_genl_msg_fn other_fn, void *other_ctx)
{
	const struct nlattr *a;
	const struct nlmsghdr *h;
	struct nl_req r;
	const void *p;
	size_t len;
	int off;

	req_init(&r, family, HV_GENL_CMD_GET_STATS, ++last_seq);
	put_attr(&r, HV_GENL_A_VM_ID, &vm_id, sizeof(vm_id));
	off = transact(fd, &r, family, buf, HV_GENL_BUF, other_fn,
		       other_ctx);
	if (off < 0)
		return off;
	h = (const void *)(buf + off);
	p = attrs_of(h, &len);
	for_each_attr(a, p, len) {
		if (type_of(a) == HV_GENL_A_STATS)
			each_stat(a, -1, stat_fn, stat_ctx);
		if (type_of(a) == HV_GENL_A_VCPU)
			each_vcpu(a, stat_fn, stat_ctx);
	}
	return 0;
}

static bool get_u64(const struct nlattr *a, uint64_t *v)
{
	if (payload_len(a) != sizeof(*v))
		return false;
	memcpy(v, payload(a), sizeof(*v));
	return true;
}

int hv_genl_parse_event(const void *msg, size_t len, uint16_t family,
			struct hv_genl_event_msg *ev)
{
	const struct nlmsghdr *h = msg;
	const struct genlmsghdr *g;
	const struct nlattr *a;
	unsigned int have = 0;	/* bit per attribute type seen */
	const unsigned int base = 1u << HV_GENL_A_VM_ID | 1u << HV_GENL_A_EVENT;
	const unsigned int apf = 1u << HV_GENL_A_VCPU_ID |
				 1u << HV_GENL_A_TOKEN | 1u << HV_GENL_A_GFN;
	const void *p;
	size_t n;

	if (!NLMSG_OK(h, len) || h->nlmsg_type != family ||
	    h->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return -EINVAL;
	g = NLMSG_DATA(h);
	if (g->cmd != HV_GENL_CMD_EVENT)
		return -EINVAL;
	memset(ev, 0, sizeof(*ev));
	p = attrs_of(h, &n);
	for_each_attr(a, p, n) {
		bool ok = false;

		if (type_of(a) == HV_GENL_A_VM_ID)
			ok = get_u32(a, &ev->vm_id);
		if (type_of(a) == HV_GENL_A_EVENT)
			ok = get_u32(a, &ev->event);
		if (type_of(a) == HV_GENL_A_VCPU_ID)
			ok = get_u32(a, &ev->vcpu_id);
		if (type_of(a) == HV_GENL_A_TOKEN)
			ok = get_u64(a, &ev->token);
		if (type_of(a) == HV_GENL_A_GFN)
			ok = get_u64(a, &ev->gfn);
		if (ok)
			have |= 1u << type_of(a);
	}
	if ((have & base) != base)
		return -EINVAL;
	if ((ev->event == HV_GENL_EVENT_APF_NOT_PRESENT ||
	     ev->event == HV_GENL_EVENT_APF_READY) && (have & apf) != apf)
		return -EINVAL;
	return 0;
}

int hv_genl_set_apf_events(int fd, uint16_t family, uint32_t vm_id, bool on,
			   char *buf, hv_genl_msg_fn other_fn,
			   void *other_ctx)
{
	struct nl_req r;
	uint8_t v = on;
	int off;

	req_init(&r, family, HV_GENL_CMD_SET_APF_EVENTS, ++last_seq);
	r.n.nlmsg_flags |= NLM_F_ACK;
	put_attr(&r, HV_GENL_A_VM_ID, &vm_id, sizeof(vm_id));
	put_attr(&r, HV_GENL_A_APF_EVENTS, &v, sizeof(v));
	off = transact(fd, &r, NLMSG_ERROR, buf, HV_GENL_BUF, other_fn,
		       other_ctx);
	return off < 0 ? off : 0;
}
