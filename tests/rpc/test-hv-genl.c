// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-hv-genl.c: proto/hv-genl-client.c against a fake kernel on the
 * other end of a SOCK_SEQPACKET pair (one datagram per message, as
 * netlink): the requests it sends, the family and events group it finds,
 * statistics of the VM and its vCPUs, an event read while waiting for a
 * reply, errors, and malformed attributes that must be skipped.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "proto/hv-genl-client.h"
#include "proto/hv-genl.h"

#define FAMILY	0x24

/* A message being built: header, genl header, attributes. */
struct msg {
	_Alignas(struct nlmsghdr) char b[4096];
	size_t nest[8];
	int depth;
};

static struct nlmsghdr *hdr(struct msg *m)
{
	return (struct nlmsghdr *)m->b;
}

static void msg_init(struct msg *m, uint16_t type, uint32_t seq, uint8_t cmd)
{
	struct genlmsghdr *g;

	memset(m, 0, sizeof(*m));
	hdr(m)->nlmsg_type = type;
	hdr(m)->nlmsg_seq = seq;
	hdr(m)->nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	g = NLMSG_DATA(hdr(m));
	g->cmd = cmd;
}

static void put(struct msg *m, uint16_t type, const void *data, size_t len)
{
	size_t at = NLMSG_ALIGN(hdr(m)->nlmsg_len);
	struct nlattr a = {
		.nla_len = (uint16_t)(NLA_HDRLEN + len),
		.nla_type = type,
	};

	/* A test message never fills the buffer. Saying so, and copying at
	 * offsets of the buffer rather than through a struct pointer, keeps
	 * gcc's object-size checks (TSan builds) from false reports. */
	cr_assert_leq(at + NLA_HDRLEN + len, sizeof(m->b));
	memcpy(m->b + at, &a, sizeof(a));
	if (len)
		memcpy(m->b + at + NLA_HDRLEN, data, len);
	hdr(m)->nlmsg_len = (uint32_t)(at + NLA_ALIGN(a.nla_len));
}

static void put_u32(struct msg *m, uint16_t type, uint32_t v)
{
	put(m, type, &v, sizeof(v));
}

static void nest_start(struct msg *m, uint16_t type)
{
	m->nest[m->depth++] = NLMSG_ALIGN(hdr(m)->nlmsg_len);
	put(m, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct msg *m)
{
	size_t at = m->nest[--m->depth];
	struct nlattr *a = (void *)(m->b + at);

	a->nla_len = (uint16_t)(hdr(m)->nlmsg_len - at);
}

static void put_stat(struct msg *m, const char *name, uint64_t v)
{
	nest_start(m, HV_GENL_A_STAT);
	put(m, HV_GENL_A_STAT_NAME, name, strlen(name) + 1);
	put(m, HV_GENL_A_STAT_VALUE, &v, sizeof(v));
	nest_end(m);
}

static void put_event(struct msg *m, uint16_t family, uint32_t vm,
		      uint32_t event)
{
	msg_init(m, family, 0, HV_GENL_CMD_EVENT);
	put_u32(m, HV_GENL_A_VM_ID, vm);
	put_u32(m, HV_GENL_A_EVENT, event);
}

static void put_error(struct msg *m, uint32_t seq, int error)
{
	struct nlmsgerr *e;

	memset(m, 0, sizeof(*m));
	hdr(m)->nlmsg_type = NLMSG_ERROR;
	hdr(m)->nlmsg_seq = seq;
	hdr(m)->nlmsg_len = NLMSG_LENGTH(sizeof(*e));
	e = NLMSG_DATA(hdr(m));
	e->error = error;
}

static int sv[2];
static char buf[HV_GENL_BUF];

static void setup(void)
{
	struct timeval tv = { 5, 0 };	/* a dead fake kernel fails, no hang */

	cr_assert_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	cr_assert_eq(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv,
				sizeof(tv)), 0);
}

static void teardown(void)
{
	close(sv[0]);
	if (sv[1] >= 0)
		close(sv[1]);
}

TestSuite(hv_genl, .init = setup, .fini = teardown, .timeout = 20);

/*
 * The fake kernel, in a child process: for each request it reads, checks
 * it is of type want_type with command want_cmd (exit 2 if not) and calls
 * reply() with its sequence number. Returns the child's pid.
 */
static pid_t kernel(uint16_t want_type, uint8_t want_cmd,
		    void (*reply)(const struct nlmsghdr *req))
{
	pid_t pid = fork();
	char req[512];
	ssize_t n;

	cr_assert_geq(pid, 0);
	if (pid > 0) {
		close(sv[1]);	/* its end: EOF here once it is gone */
		sv[1] = -1;
		return pid;
	}
	close(sv[0]);
	while ((n = recv(sv[1], req, sizeof(req), 0)) > 0) {
		struct nlmsghdr *h = (void *)req;
		struct genlmsghdr *g = NLMSG_DATA(h);

		if (!NLMSG_OK(h, (size_t)n) || h->nlmsg_type != want_type ||
		    !(h->nlmsg_flags & NLM_F_REQUEST) || g->cmd != want_cmd)
			_exit(2);
		reply(h);
	}
	_exit(0);
}

static void answer(struct msg *m)
{
	if (send(sv[1], m->b, hdr(m)->nlmsg_len, 0) !=
	    (ssize_t)hdr(m)->nlmsg_len)
		_exit(3);
}

/* Ends the fake kernel and checks it saw only the requests it wanted. */
static void kernel_done(pid_t pid)
{
	int status;

	shutdown(sv[0], SHUT_WR);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "fake kernel status %d", status);
}

struct seen {
	int n;
	int vcpu[16];
	char name[16][32];
	uint64_t value[16];
	int events;
	uint32_t event_vm, event;
};

static void on_stat(void *ctx, int vcpu, const char *name, uint64_t value)
{
	struct seen *s = ctx;

	cr_assert_lt(s->n, 16);
	s->vcpu[s->n] = vcpu;
	snprintf(s->name[s->n], sizeof(s->name[0]), "%s", name);
	s->value[s->n++] = value;
}

static void on_other(void *ctx, const void *msg, size_t len)
{
	struct seen *s = ctx;

	struct hv_genl_event_msg ev;

	if (hv_genl_parse_event(msg, len, FAMILY, &ev) == 0) {
		s->events++;
		s->event_vm = ev.vm_id;
		s->event = ev.event;
	}
}

/* The controller's answer: the family's id and two groups. */
static void family_reply(const struct nlmsghdr *req)
{
	const struct nlattr *a = (const void *)((const char *)NLMSG_DATA(req) +
						GENL_HDRLEN);
	uint16_t id = FAMILY;
	struct msg m;

	if (a->nla_type != CTRL_ATTR_FAMILY_NAME ||
	    strcmp((const char *)a + NLA_HDRLEN, HV_GENL_NAME))
		_exit(4);
	msg_init(&m, GENL_ID_CTRL, req->nlmsg_seq, CTRL_CMD_NEWFAMILY);
	put(&m, CTRL_ATTR_FAMILY_NAME, HV_GENL_NAME, sizeof(HV_GENL_NAME));
	put(&m, CTRL_ATTR_FAMILY_ID, &id, sizeof(id));
	nest_start(&m, CTRL_ATTR_MCAST_GROUPS);
	nest_start(&m, 1);
	put(&m, CTRL_ATTR_MCAST_GRP_NAME, "other", 6);
	put_u32(&m, CTRL_ATTR_MCAST_GRP_ID, 5);
	nest_end(&m);
	nest_start(&m, 2);
	put(&m, CTRL_ATTR_MCAST_GRP_NAME, HV_GENL_MCGRP_EVENTS,
	    sizeof(HV_GENL_MCGRP_EVENTS));
	put_u32(&m, CTRL_ATTR_MCAST_GRP_ID, 7);
	nest_end(&m);
	nest_end(&m);
	answer(&m);
}

Test(hv_genl, resolve_finds_the_family_and_its_events_group)
{
	pid_t pid = kernel(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, family_reply);
	uint16_t family = 0;
	uint32_t events = 0;

	cr_expect_eq(hv_genl_resolve(sv[0], &family, &events), 0);
	cr_expect_eq(family, FAMILY);
	cr_expect_eq(events, 7);
	kernel_done(pid);
}

static void absent_reply(const struct nlmsghdr *req)
{
	struct msg m;

	put_error(&m, req->nlmsg_seq, -ENOENT);
	answer(&m);
}

Test(hv_genl, resolve_without_the_module_is_enoent)
{
	pid_t pid = kernel(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, absent_reply);
	uint16_t family;

	cr_expect_eq(hv_genl_resolve(sv[0], &family, NULL), -ENOENT);
	kernel_done(pid);
}

/*
 * An event first (sequence 0), a stale reply of another request, then the
 * answer: VM 3's counters, vCPU 0's and a vCPU 1 whose statistics hold a
 * malformed entry (no value) and one whose length runs past its nest.
 */
static void stats_reply(const struct nlmsghdr *req)
{
	const struct nlattr *a = (const void *)((const char *)NLMSG_DATA(req) +
						GENL_HDRLEN);
	struct nlattr *bad;
	uint32_t vm;
	struct msg m;

	memcpy(&vm, (const char *)a + NLA_HDRLEN, sizeof(vm));
	if (a->nla_type != HV_GENL_A_VM_ID || vm != 3)
		_exit(4);
	put_event(&m, FAMILY, 3, HV_GENL_EVENT_VM_CREATED);
	answer(&m);
	msg_init(&m, FAMILY, req->nlmsg_seq - 1, HV_GENL_CMD_GET_STATS);
	answer(&m);
	msg_init(&m, FAMILY, req->nlmsg_seq, HV_GENL_CMD_GET_STATS);
	put_u32(&m, HV_GENL_A_VM_ID, 3);
	nest_start(&m, HV_GENL_A_STATS);
	put_stat(&m, "pf_taken", 5);
	put_stat(&m, "mmu_cache_hit", 9);
	nest_end(&m);
	nest_start(&m, HV_GENL_A_VCPU);
	put_u32(&m, HV_GENL_A_VCPU_ID, 0);
	nest_start(&m, HV_GENL_A_STATS);
	put_stat(&m, "exits", 42);
	nest_end(&m);
	nest_end(&m);
	nest_start(&m, HV_GENL_A_VCPU);
	put_u32(&m, HV_GENL_A_VCPU_ID, 1);
	nest_start(&m, HV_GENL_A_STATS);
	nest_start(&m, HV_GENL_A_STAT);
	put(&m, HV_GENL_A_STAT_NAME, "no_value", 9);
	nest_end(&m);
	put_stat(&m, "io_exits", 7);
	/* an entry claiming more than its nest holds: the walk stops */
	bad = (void *)(m.b + NLMSG_ALIGN(hdr(&m)->nlmsg_len));
	put(&m, HV_GENL_A_STAT, NULL, 0);
	bad->nla_len = 200;
	nest_end(&m);
	nest_end(&m);
	answer(&m);
}

Test(hv_genl, stats_of_the_vm_and_its_vcpus_and_an_event_meanwhile)
{
	pid_t pid = kernel(FAMILY, HV_GENL_CMD_GET_STATS, stats_reply);
	struct seen s = { 0 }, ev = { 0 };

	cr_assert_eq(hv_genl_get_stats(sv[0], FAMILY, 3, buf, on_stat, &s,
				       on_other, &ev), 0);
	kernel_done(pid);
	cr_assert_eq(s.n, 4);
	cr_expect(s.vcpu[0] == -1 && !strcmp(s.name[0], "pf_taken") &&
		  s.value[0] == 5);
	cr_expect(s.vcpu[1] == -1 && !strcmp(s.name[1], "mmu_cache_hit") &&
		  s.value[1] == 9);
	cr_expect(s.vcpu[2] == 0 && !strcmp(s.name[2], "exits") &&
		  s.value[2] == 42);
	cr_expect(s.vcpu[3] == 1 && !strcmp(s.name[3], "io_exits") &&
		  s.value[3] == 7);
	/* the event went to other_fn, the stale reply was not taken */
	cr_expect_eq(ev.events, 1);
	cr_expect_eq(ev.event_vm, 3);
	cr_expect_eq(ev.event, HV_GENL_EVENT_VM_CREATED);
}

static void eperm_reply(const struct nlmsghdr *req)
{
	struct msg m;

	put_error(&m, req->nlmsg_seq, -EPERM);
	answer(&m);
}

Test(hv_genl, stats_refused_to_an_opener_without_cap_net_admin)
{
	pid_t pid = kernel(FAMILY, HV_GENL_CMD_GET_STATS, eperm_reply);
	struct seen s = { 0 };

	cr_expect_eq(hv_genl_get_stats(sv[0], FAMILY, 3, buf, on_stat, &s,
				       NULL, NULL), -EPERM);
	cr_expect_eq(s.n, 0);
	kernel_done(pid);
}

Test(hv_genl, events_are_decoded_and_anything_else_refused)
{
	struct hv_genl_event_msg ev;
	struct msg m;

	put_event(&m, FAMILY, 9, HV_GENL_EVENT_VM_DESTROYED);
	cr_expect_eq(hv_genl_parse_event(m.b, hdr(&m)->nlmsg_len, FAMILY,
					 &ev), 0);
	cr_expect_eq(ev.vm_id, 9);
	cr_expect_eq(ev.event, HV_GENL_EVENT_VM_DESTROYED);
	/* another family, a truncated message */
	cr_expect_eq(hv_genl_parse_event(m.b, hdr(&m)->nlmsg_len, FAMILY + 1,
					 &ev), -EINVAL);
	cr_expect_eq(hv_genl_parse_event(m.b, hdr(&m)->nlmsg_len - 1, FAMILY,
					 &ev), -EINVAL);
	/* another command */
	msg_init(&m, FAMILY, 0, HV_GENL_CMD_GET_STATS);
	put_u32(&m, HV_GENL_A_VM_ID, 9);
	put_u32(&m, HV_GENL_A_EVENT, HV_GENL_EVENT_VM_CREATED);
	cr_expect_eq(hv_genl_parse_event(m.b, hdr(&m)->nlmsg_len, FAMILY,
					 &ev), -EINVAL);
	/* no event attribute; a VM id of the wrong size */
	msg_init(&m, FAMILY, 0, HV_GENL_CMD_EVENT);
	put_u32(&m, HV_GENL_A_VM_ID, 9);
	cr_expect_eq(hv_genl_parse_event(m.b, hdr(&m)->nlmsg_len, FAMILY,
					 &ev), -EINVAL);
	msg_init(&m, FAMILY, 0, HV_GENL_CMD_EVENT);
	put(&m, HV_GENL_A_VM_ID, "\1\0", 2);
	put_u32(&m, HV_GENL_A_EVENT, HV_GENL_EVENT_VM_CREATED);
	cr_expect_eq(hv_genl_parse_event(m.b, hdr(&m)->nlmsg_len, FAMILY,
					 &ev), -EINVAL);
}

/* An async PF event as hv.ko sends it; without skips one attribute. */
static void put_apf(struct msg *m, uint32_t event, int without)
{
	uint64_t token = 0x123001, gfn = 0xabcde;

	put_event(m, FAMILY, 4, event);
	if (without != HV_GENL_A_VCPU_ID)
		put_u32(m, HV_GENL_A_VCPU_ID, 1);
	if (without != HV_GENL_A_TOKEN)
		put(m, HV_GENL_A_TOKEN, &token, sizeof(token));
	if (without != HV_GENL_A_GFN)
		put(m, HV_GENL_A_GFN, &gfn, sizeof(gfn));
}

Test(hv_genl, apf_events_carry_vcpu_token_and_gfn)
{
	static const uint32_t kinds[] = { HV_GENL_EVENT_APF_NOT_PRESENT,
					  HV_GENL_EVENT_APF_READY };
	static const int attrs[] = { HV_GENL_A_VCPU_ID, HV_GENL_A_TOKEN,
				     HV_GENL_A_GFN };
	struct hv_genl_event_msg ev;
	struct msg m;

	for (size_t k = 0; k < 2; k++) {
		put_apf(&m, kinds[k], -1);
		cr_assert_eq(hv_genl_parse_event(m.b, hdr(&m)->nlmsg_len,
						 FAMILY, &ev), 0);
		cr_expect_eq(ev.vm_id, 4);
		cr_expect_eq(ev.event, kinds[k]);
		cr_expect_eq(ev.vcpu_id, 1);
		cr_expect_eq(ev.token, 0x123001);
		cr_expect_eq(ev.gfn, 0xabcde);
		/* each of the three missing refuses the event */
		for (size_t a = 0; a < 3; a++) {
			put_apf(&m, kinds[k], attrs[a]);
			cr_expect_eq(hv_genl_parse_event(m.b,
				hdr(&m)->nlmsg_len, FAMILY, &ev), -EINVAL,
				"event %u without attribute %d", kinds[k],
				attrs[a]);
		}
	}
	/* a token of the wrong size */
	put_event(&m, FAMILY, 4, HV_GENL_EVENT_APF_READY);
	put_u32(&m, HV_GENL_A_VCPU_ID, 1);
	put_u32(&m, HV_GENL_A_TOKEN, 7);
	put(&m, HV_GENL_A_GFN, "\0\0\0\0\0\0\0\0", 8);
	cr_expect_eq(hv_genl_parse_event(m.b, hdr(&m)->nlmsg_len, FAMILY,
					 &ev), -EINVAL);
}

/* Checks the request's VM id (5) and flag, then acknowledges it. */
static void set_apf_reply(const struct nlmsghdr *req)
{
	const struct nlattr *a = (const void *)((const char *)NLMSG_DATA(req) +
						GENL_HDRLEN);
	uint32_t id;
	uint8_t on;
	struct msg m;

	memcpy(&id, (const char *)a + NLA_HDRLEN, sizeof(id));
	a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	if (!(req->nlmsg_flags & NLM_F_ACK) || id != 5 ||
	    a->nla_type != HV_GENL_A_APF_EVENTS ||
	    a->nla_len != NLA_HDRLEN + 1)
		_exit(4);
	on = *((const uint8_t *)a + NLA_HDRLEN);
	put_error(&m, req->nlmsg_seq, on == 1 ? 0 : -ENOENT);
	answer(&m);
}

Test(hv_genl, set_apf_events_is_acknowledged_or_refused)
{
	pid_t pid = kernel(FAMILY, HV_GENL_CMD_SET_APF_EVENTS, set_apf_reply);

	/* the fake kernel acknowledges "on" and refuses "off" */
	cr_expect_eq(hv_genl_set_apf_events(sv[0], FAMILY, 5, true, buf,
					    NULL, NULL), 0);
	cr_expect_eq(hv_genl_set_apf_events(sv[0], FAMILY, 5, false, buf,
					    NULL, NULL), -ENOENT);
	kernel_done(pid);
}
