// SPDX-License-Identifier: GPL-2.0-only
/*
 * devices.c: the requests that hand hvd an open device or socket: an
 * accelerator (by enum, never by path), /dev/userfaultfd, and a
 * generic-netlink socket once hv.ko's family exists.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "helper/helper.h"

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

/* Asks the netlink controller whether family name exists: 0 or -errno. */
static int genl_family_exists(int fd, const char *name)
{
	struct {
		struct nlmsghdr nh;
		struct genlmsghdr gh;
		struct nlattr na;
		char name[16];
	} q;
	union {
		struct nlmsghdr nh;
		char buf[8192];
	} a;
	struct nlmsgerr *e;
	ssize_t n;

	memset(&q, 0, sizeof(q));
	q.na.nla_type = CTRL_ATTR_FAMILY_NAME;
	q.na.nla_len = (uint16_t)(NLA_HDRLEN + strlen(name) + 1);
	q.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(q.na.nla_len);
	q.nh.nlmsg_type = GENL_ID_CTRL;
	q.nh.nlmsg_flags = NLM_F_REQUEST;
	q.nh.nlmsg_seq = 1;
	q.gh.cmd = CTRL_CMD_GETFAMILY;
	q.gh.version = 1;
	strcpy(q.name, name);
	if (send(fd, &q, q.nh.nlmsg_len, 0) < 0)
		return -errno;
	n = recv(fd, &a, sizeof(a), 0);
	if (n < 0)
		return -errno;
	if ((size_t)n < NLMSG_HDRLEN || !NLMSG_OK(&a.nh, (size_t)n))
		return -EBADMSG;
	if (a.nh.nlmsg_type != NLMSG_ERROR)
		return 0;
	e = NLMSG_DATA(&a.nh);
	return e->error ? e->error : -EBADMSG;
}

int handle_open_genl(struct hreq *h)
{
	int fd, err;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return hfail(h, -errno, "netlink socket: %s", strerror(errno));
	err = genl_family_exists(fd, HELPER_GENL_FAMILY);
	if (err) {
		close(fd);
		return hfail(h, err, "generic netlink family \"%s\": %s%s",
			     HELPER_GENL_FAMILY, strerror(-err),
			     err == -ENOENT ? " (is hv.ko loaded?)" : "");
	}
	h->fd_out = fd;
	return 0;
}
