// SPDX-License-Identifier: GPL-2.0-only
/*
 * rpc-fdpass.c: sendmsg()/recvmsg() with SCM_RIGHTS for request lines that
 * carry an open file.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "proto/rpc-fdpass.h"

/* Room for the most fds a line carries, aligned for a cmsghdr. */
union fdpass_control {
	char buf[CMSG_SPACE(RPC_FDPASS_MAX * sizeof(int))];
	struct cmsghdr align;
};

/* A one-buffer message whose control part is control's first len bytes. */
static struct msghdr fdpass_msg(struct iovec *iov,
				union fdpass_control *control, size_t len)
{
	memset(control, 0, sizeof(*control));
	return (struct msghdr){
		.msg_iov = iov, .msg_iovlen = 1,
		.msg_control = control->buf, .msg_controllen = len,
	};
}

int rpc_fdpass_send(int sock, const char *line, size_t len, int fd)
{
	union fdpass_control control;
	struct iovec iov = { .iov_base = (void *)line, .iov_len = len };
	/* Exactly one fd's room: the kernel reads all msg_controllen says. */
	struct msghdr msg = fdpass_msg(&iov, &control,
				       CMSG_SPACE(sizeof(int)));
	struct cmsghdr *cmsg;
	ssize_t n;

	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	/* The rest of the line follows without the fd; it is still the line. */
	while ((size_t)n < len) {
		ssize_t m = send(sock, line + n, len - (size_t)n, MSG_NOSIGNAL);

		if (m < 0 && errno == EINTR)
			continue;
		if (m < 0)
			return -1;
		n += m;
	}
	return 0;
}

ssize_t rpc_fdpass_recv(int sock, void *buf, size_t len,
			int fds[RPC_FDPASS_MAX], size_t *nfds)
{
	union fdpass_control control;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = fdpass_msg(&iov, &control, sizeof(control.buf));
	struct cmsghdr *cmsg;
	ssize_t n;

	*nfds = 0;
	n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	if (n < 0)
		return -1;
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
		size_t count;

		if (cmsg->cmsg_level != SOL_SOCKET ||
		    cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < count; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int),
			       sizeof(int));
			if (*nfds < RPC_FDPASS_MAX)
				fds[(*nfds)++] = fd;
			else
				close(fd);
		}
	}
	return n;
}
