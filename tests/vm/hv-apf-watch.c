// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv-apf-watch.c: "hv-apf-watch SECONDS" (as root): joins hv.ko's events
 * group, turns async PF events on for the next VM created and counts them
 * until that VM is destroyed, then prints one line
 *   hv-apf-watch: vm=N not_present=A ready=B unmatched=U lost=L
 * (unmatched: "page ready" tokens no "not present" announced; lost: the
 * socket overflowed). The emulated machine's hv case compares the counts
 * with the module's counters. Exit 1 on error or after SECONDS.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <linux/netlink.h>

#include "proto/hv-genl-client.h"
#include "proto/hv-genl.h"

#define MAX_TOKENS	4096	/* outstanding "not present" tokens kept */

struct watch {
	int fd;
	uint16_t family;
	uint32_t vm;
	bool have_vm, done;
	unsigned long np, ready, unmatched, lost;
	uint64_t tokens[MAX_TOKENS];
	char buf[HV_GENL_BUF];		/* what recv() read */
	char reply[HV_GENL_BUF];	/* the command's answer */
};

/* Forgets token t if it was announced; false if it was not. */
static bool take_token(struct watch *w, uint64_t t)
{
	for (size_t i = 0; i < MAX_TOKENS; i++) {
		if (w->tokens[i] == t) {
			w->tokens[i] = 0;
			return true;
		}
	}
	return false;
}

static void keep_token(struct watch *w, uint64_t t)
{
	for (size_t i = 0; i < MAX_TOKENS; i++) {
		if (!w->tokens[i]) {
			w->tokens[i] = t;
			return;
		}
	}
}

static void on_msg(void *ctx, const void *msg, size_t len)
{
	struct watch *w = ctx;
	struct hv_genl_event_msg ev;

	if (hv_genl_parse_event(msg, len, w->family, &ev) < 0 ||
	    !w->have_vm || ev.vm_id != w->vm)
		return;
	if (ev.event == HV_GENL_EVENT_APF_NOT_PRESENT) {
		w->np++;
		keep_token(w, ev.token);
	} else if (ev.event == HV_GENL_EVENT_APF_READY) {
		w->ready++;
		w->unmatched += !take_token(w, ev.token);
	} else if (ev.event == HV_GENL_EVENT_VM_DESTROYED) {
		w->done = true;
	}
}

/* A VM created: the one watched, if none is yet. */
static int on_first(struct watch *w, const void *msg, size_t len)
{
	struct hv_genl_event_msg ev;

	if (w->have_vm || hv_genl_parse_event(msg, len, w->family, &ev) < 0 ||
	    ev.event != HV_GENL_EVENT_VM_CREATED)
		return 0;
	w->vm = ev.vm_id;
	w->have_vm = true;
	return hv_genl_set_apf_events(w->fd, w->family, w->vm, true,
				      w->reply, on_msg, w);
}

static int open_socket(struct watch *w, uint32_t *group)
{
	struct timeval tv = { 1, 0 };
	int size = 8 << 20;
	int r;

	w->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (w->fd < 0)
		return -errno;
	r = hv_genl_resolve(w->fd, &w->family, group);
	if (r)
		return r;
	if (setsockopt(w->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
		       sizeof(size)) < 0 ||
	    setsockopt(w->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    setsockopt(w->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group,
		       sizeof(*group)) < 0)
		return -errno;
	return 0;
}

int main(int argc, char **argv)
{
	static struct watch w;
	const struct nlmsghdr *h;
	unsigned long secs;
	uint32_t group;
	time_t end;
	char *stop;
	ssize_t n;
	size_t left;
	int r;

	if (argc != 2 || (secs = strtoul(argv[1], &stop, 10), *stop) ||
	    !secs || secs > 3600) {
		fprintf(stderr, "usage: hv-apf-watch SECONDS\n");
		return 2;
	}
	r = open_socket(&w, &group);
	if (r) {
		fprintf(stderr, "hv-apf-watch: %s\n", strerror(-r));
		return 1;
	}
	printf("hv-apf-watch: listening\n");
	fflush(stdout);
	end = time(NULL) + (time_t)secs;
	while (!w.done && time(NULL) < end) {
		n = recv(w.fd, w.buf, sizeof(w.buf), 0);
		if (n < 0 && errno == ENOBUFS)
			w.lost++;
		if (n <= 0)
			continue;
		left = (size_t)n;
		for (h = (void *)w.buf; NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left)) {
			on_msg(&w, h, h->nlmsg_len);
			r = on_first(&w, h, h->nlmsg_len);
			if (r) {
				fprintf(stderr, "hv-apf-watch: VM %u: %s\n",
					w.vm, strerror(-r));
				return 1;
			}
		}
	}
	printf("hv-apf-watch: vm=%u not_present=%lu ready=%lu unmatched=%lu "
	       "lost=%lu\n", w.vm, w.np, w.ready, w.unmatched, w.lost);
	return w.done ? 0 : 1;
}
