// SPDX-License-Identifier: GPL-2.0-only
/*
 * devices.c: the requests that hand hvd an open device or socket: an
 * accelerator (by enum, never by path), /dev/userfaultfd, and a
 * generic-netlink socket for hv.ko's family, subscribed to its events.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "helper/helper.h"
#include "proto/hv-genl-client.h"
#include "proto/hv-genl.h"

static const struct {
	const char *path, *missing;
} accels[HW_ACCEL_END] = {
	[HW_ACCEL_KVM] = { "/dev/kvm", "is kvm_intel or kvm_amd loaded?" },
	[HW_ACCEL_HV] = { "/dev/hv", "is hv.ko loaded?" },
};

static int open_device(struct hreq *h, const char *path, const char *hint)
{
	int fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return hfail(h, -errno, "cannot open %s: %s%s%s", path,
			     strerror(errno), errno == ENOENT ? "; " : "",
			     errno == ENOENT ? hint : "");
	h->fd_out = fd;
	return 0;
}

int handle_open_accel(struct hreq *h)
{
	unsigned int a = h->req->u.open_accel.accel;

	return open_device(h, accels[a].path, accels[a].missing);
}

int handle_open_uffd(struct hreq *h)
{
	return open_device(h, "/dev/userfaultfd",
			   "the kernel lacks CONFIG_USERFAULTFD");
}

/*
 * A NETLINK_GENERIC socket for hv.ko's family, already a member of its
 * "events" group: joining a group of GENL_UNS_ADMIN_PERM needs
 * CAP_NET_ADMIN of the joiner, which hvd lacks. The family's commands
 * check the socket's opener, which is this helper.
 */
int handle_open_genl(struct hreq *h)
{
	uint16_t family;
	uint32_t group;
	int fd, err;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return hfail(h, -errno, "netlink socket: %s", strerror(errno));
	err = hv_genl_resolve(fd, &family, &group);
	if (!err && setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
			       &group, sizeof(group)) < 0)
		err = -errno;
	if (err) {
		close(fd);
		return hfail(h, err, "generic netlink family \"%s\": %s%s",
			     HV_GENL_NAME, strerror(-err),
			     err == -ENOENT ? " (is hv.ko loaded?)" : "");
	}
	h->fd_out = fd;
	return 0;
}
