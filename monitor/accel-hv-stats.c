// SPDX-License-Identifier: GPL-2.0-only
/*
 * accel-hv-stats.c: hv.ko's statistics for the monitor, read from the
 * generic netlink family "hv" (proto/hv-genl.h): the VM's counters (the
 * MMU core's) and each vCPU's (hv.ko's). Needs CAP_NET_ADMIN, as hvd's
 * socket from the helper has; without it the monitor has no hv figures.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "monitor/accel-hv-stats.h"
#include "proto/hv-genl.h"

#define NL_BUF	65536

struct nl_req {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char attrs[64];
};

static void put_attr(struct nl_req *r, uint16_t type, const void *data,
		     uint16_t len)
{
	struct nlattr *a = (void *)((char *)r + NLMSG_ALIGN(r->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/* Sends @r and reads its one reply into @buf; its length or -errno. */
static int transact(int fd, struct nl_req *r, char *buf)
{
	struct nlmsghdr *h = (void *)buf;
	ssize_t n;

	if (send(fd, r, r->n.nlmsg_len, 0) < 0)
		return -errno;
	n = recv(fd, buf, NL_BUF, 0);
	if (n < 0)
		return -errno;
	if (n < (ssize_t)sizeof(*h) || !NLMSG_OK(h, (size_t)n))
		return -EIO;
	if (h->nlmsg_type == NLMSG_ERROR) {
		struct nlmsgerr *e = NLMSG_DATA(h);

		return e->error ? e->error : -EIO;
	}
	return (int)n;
}

static void req_init(struct nl_req *r, uint16_t family, uint8_t cmd)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->n.nlmsg_type = family;
	r->n.nlmsg_flags = NLM_F_REQUEST;
	r->g.cmd = cmd;
	r->g.version = 1;
}

/* Walks the attributes in [p, p + len): calls @fn on each. */
#define for_each_attr(a, p, len) \
	for (a = (const struct nlattr *)(p); \
	     (const char *)a + NLA_HDRLEN <= (const char *)(p) + (len) && \
	     a->nla_len >= NLA_HDRLEN && \
	     (const char *)a + a->nla_len <= (const char *)(p) + (len); \
	     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len)))

/* The type without the nested and byte-order flags. */
static int type_of(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static const void *payload(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static int payload_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static int family_id(int fd, char *buf)
{
	const struct nlattr *a;
	struct nlmsghdr *h = (void *)buf;
	struct nl_req r;
	int n;

	req_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	put_attr(&r, CTRL_ATTR_FAMILY_NAME, HV_GENL_NAME,
		 sizeof(HV_GENL_NAME));
	n = transact(fd, &r, buf);
	if (n < 0)
		return n;
	for_each_attr(a, (char *)NLMSG_DATA(h) + GENL_HDRLEN,
		      h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN))
		if (type_of(a) == CTRL_ATTR_FAMILY_ID)
			return *(const uint16_t *)payload(a);
	return -ENOENT;
}

int hv_stats_open(struct hv_stats *s)
{
	char *buf = malloc(NL_BUF);
	int r;

	s->family = -1;
	s->buf = buf;
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (!buf || s->fd < 0)
		return -ENOMEM;
	r = family_id(s->fd, buf);
	if (r < 0)
		return r;
	s->family = r;
	return 0;
}

void hv_stats_close(struct hv_stats *s)
{
	if (s->fd >= 0)
		close(s->fd);
	free(s->buf);
	s->fd = -1;
	s->buf = NULL;
}

/* Calls @fn on every HV_GENL_A_STAT in the nest @stats. */
static void each_stat(const struct nlattr *stats, accel_stat_fn fn,
		      void *ctx)
{
	const struct nlattr *st, *f;

	for_each_attr(st, payload(stats), payload_len(stats)) {
		const char *name = NULL;
		uint64_t value = 0;
		bool have = false;
		struct accel_stat a = { .n = 1 };

		for_each_attr(f, payload(st), payload_len(st)) {
			if (type_of(f) == HV_GENL_A_STAT_NAME &&
			    payload_len(f) > 0 &&
			    ((const char *)payload(f))[payload_len(f) - 1] ==
			    '\0')
				name = payload(f);
			if (type_of(f) == HV_GENL_A_STAT_VALUE &&
			    payload_len(f) == 8) {
				memcpy(&value, payload(f), 8);
				have = true;
			}
		}
		if (!name || !have)
			continue;
		a.name = name;
		a.values = &value;
		fn(ctx, &a);
	}
}

/* The id in an HV_GENL_A_VCPU nest, or -1. */
static int vcpu_of(const struct nlattr *vcpu)
{
	const struct nlattr *b;

	for_each_attr(b, payload(vcpu), payload_len(vcpu))
		if (type_of(b) == HV_GENL_A_VCPU_ID && payload_len(b) == 4)
			return (int)*(const uint32_t *)payload(b);
	return -1;
}

int hv_stats_read(struct hv_stats *s, uint32_t vm_id, int vcpu_id,
		  accel_stat_fn fn, void *ctx)
{
	struct nlmsghdr *h = (void *)s->buf;
	const struct nlattr *a, *b;
	struct nl_req r;
	int n;

	if (s->family < 0)
		return -ENODEV;
	req_init(&r, s->family, HV_GENL_CMD_GET_STATS);
	put_attr(&r, HV_GENL_A_VM_ID, &vm_id, sizeof(vm_id));
	n = transact(s->fd, &r, s->buf);
	if (n < 0)
		return n;
	for_each_attr(a, (char *)NLMSG_DATA(h) + GENL_HDRLEN,
		      h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN)) {
		if (vcpu_id < 0 && type_of(a) == HV_GENL_A_STATS)
			each_stat(a, fn, ctx);
		if (vcpu_id < 0 || type_of(a) != HV_GENL_A_VCPU ||
		    vcpu_of(a) != vcpu_id)
			continue;
		for_each_attr(b, payload(a), payload_len(a))
			if (type_of(b) == HV_GENL_A_STATS)
				each_stat(b, fn, ctx);
	}
	return 0;
}
