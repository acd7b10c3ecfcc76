// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv-genl-dump.c: "hv-genl-dump VM_ID": hv.ko's own statistics of one VM,
 * read straight from its generic netlink family (as root), one
 * "vm.NAME VALUE" or "vcpuN.NAME VALUE" line each: the reference the
 * emulated machine's hvd case compares "hvctl stats" against. Exit 1 when
 * the module does not answer.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "proto/hv-genl-client.h"

static void print_stat(void *ctx, int vcpu, const char *name,
		       uint64_t value)
{
	if (vcpu < 0)
		printf("vm.%s %" PRIu64 "\n", name, value);
	else
		printf("vcpu%d.%s %" PRIu64 "\n", vcpu, name, value);
}

int main(int argc, char **argv)
{
	static char buf[HV_GENL_BUF];
	unsigned long id;
	uint16_t family;
	char *end;
	int fd, r;

	if (argc != 2 || (id = strtoul(argv[1], &end, 10), *end) ||
	    id > UINT32_MAX) {
		fprintf(stderr, "usage: hv-genl-dump VM_ID\n");
		return 2;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		r = -errno;
	else
		r = hv_genl_resolve(fd, &family, NULL);
	if (!r)
		r = hv_genl_get_stats(fd, family, (uint32_t)id, buf,
				      print_stat, NULL, NULL, NULL);
	if (r) {
		fprintf(stderr, "hv-genl-dump: VM %lu: %s\n", id,
			strerror(-r));
		return 1;
	}
	return 0;
}
