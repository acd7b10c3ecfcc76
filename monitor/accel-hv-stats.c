// SPDX-License-Identifier: GPL-2.0-only
/*
 * accel-hv-stats.c: hv.ko's statistics for the monitor when it runs
 * standalone as root (tests, the emulated machine): read from the generic
 * netlink family "hv" through proto/hv-genl-client.c. Under hvd the
 * monitor has no CAP_NET_ADMIN, so the reads fail and hvd fills the same
 * figures from its own socket (daemon/hv-module.c); the VM's id in the
 * family is always reported, as "vm_id", for hvd to ask about.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "monitor/accel-hv-stats.h"
#include "proto/hv-genl-client.h"

int hv_stats_open(struct hv_stats *s)
{
	uint16_t family;
	int r;

	s->family = -1;
	s->buf = malloc(HV_GENL_BUF);
	if (!s->buf)
		return -ENOMEM;
	/* Under hvd the seccomp filter refuses it (AF_UNIX only). */
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s->fd < 0)
		return -errno;
	r = hv_genl_resolve(s->fd, &family, NULL);
	if (r < 0)
		return r;
	s->family = family;
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

struct pick {
	int vcpu;
	accel_stat_fn fn;
	void *ctx;
};

/* Passes on the statistics of the scope asked for. */
static void pick_stat(void *ctx, int vcpu, const char *name, uint64_t value)
{
	struct pick *p = ctx;
	struct accel_stat a = { .name = name, .values = &value, .n = 1 };

	if (vcpu == p->vcpu)
		p->fn(p->ctx, &a);
}

int hv_stats_read(struct hv_stats *s, uint32_t vm_id, int vcpu_id,
		  accel_stat_fn fn, void *ctx)
{
	struct pick p = { vcpu_id < 0 ? -1 : vcpu_id, fn, ctx };
	uint64_t id = vm_id;
	struct accel_stat a = { .name = "vm_id", .values = &id, .n = 1,
				.instant = true };

	if (vcpu_id < 0)
		fn(ctx, &a);
	if (s->family < 0)
		return -ENODEV;
	return hv_genl_get_stats(s->fd, (uint16_t)s->family, vm_id, s->buf,
				 pick_stat, &p, NULL, NULL);
}
