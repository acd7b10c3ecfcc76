// SPDX-License-Identifier: GPL-2.0-only
/*
 * serve.c: hvd-helper's loop: accepts connections of the hvd user only,
 * reads one request per datagram with its sender credentials and fds,
 * refuses anything malformed before it acts, dispatches the rest to the
 * handler table and answers every request it does not drop.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include "helper/helper.h"

#define MAX_CONNS	8

static int (*const handlers[HW_TYPE_END])(struct hreq *) = {
	[HW_OPEN_ACCEL] = handle_open_accel,
	[HW_OPEN_UFFD] = handle_open_uffd,
	[HW_OPEN_GENL] = handle_open_genl,
	[HW_LOAD_MODULE] = handle_load_module,
	[HW_SPAWN] = handle_spawn,
	[HW_PERF_OPEN] = handle_perf_open,
	[HW_SIGNAL] = handle_signal,
	[HW_REAP] = handle_reap,
};

/* A received datagram: its bytes, sender, fds and truncation flags. */
struct inbound {
	uint8_t buf[HW_MSG_MAX];
	ssize_t len;
	int has_creds;
	struct peer peer;
	int fds[HW_SPAWN_MAX_FDS];
	unsigned int nfds;
	int flags;
};

int hfail(struct hreq *h, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->rep->text, sizeof(h->rep->text), fmt, ap);
	va_end(ap);
	return err;
}

static void close_fds(struct inbound *in)
{
	while (in->nfds)
		close(in->fds[--in->nfds]);
}

static void take_cmsgs(struct msghdr *mh, struct inbound *in)
{
	struct cmsghdr *cm;

	for (cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		size_t i, n;
		int fd;

		if (cm->cmsg_level != SOL_SOCKET)
			continue;
		if (cm->cmsg_type == SCM_CREDENTIALS &&
		    cm->cmsg_len == CMSG_LEN(sizeof(struct ucred))) {
			struct ucred uc;

			memcpy(&uc, CMSG_DATA(cm), sizeof(uc));
			in->peer.uid = uc.uid;
			in->peer.pid = uc.pid;
			in->has_creds = 1;
		} else if (cm->cmsg_type == SCM_RIGHTS) {
			n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			for (i = 0; i < n; i++) {
				memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int),
				       sizeof(fd));
				if (in->nfds < HW_SPAWN_MAX_FDS)
					in->fds[in->nfds++] = fd;
				else {
					close(fd);
					in->flags |= MSG_CTRUNC;
				}
			}
		}
	}
}

static int receive(int sock, struct inbound *in)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct ucred)) +
			 CMSG_SPACE(sizeof(int) * HW_SPAWN_MAX_FDS)];
	} control;
	struct iovec iov = { in->buf, sizeof(in->buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = control.buf,
			     .msg_controllen = sizeof(control.buf) };

	memset(in, 0, sizeof(*in));
	do
		in->len = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (in->len < 0 && errno == EINTR);
	if (in->len < 0)
		return -errno;
	take_cmsgs(&mh, in);
	in->flags |= mh.msg_flags;
	return 0;
}

static void send_reply(int sock, struct hw_reply *rep, int fd)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	uint8_t msg[HW_MSG_MAX];
	struct iovec iov = { msg, 0 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;
	int len;

	rep->nfds = fd >= 0;
	len = hw_encode_reply(rep, msg, sizeof(msg));
	if (len < 0)
		return;
	iov.iov_len = (size_t)len;
	if (fd >= 0) {
		memset(&control, 0, sizeof(control));
		mh.msg_control = control.buf;
		mh.msg_controllen = sizeof(control.buf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	while (sendmsg(sock, &mh, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 &&
	       errno == EINTR)
		;
}

/* Checks and decodes in; returns 0 or the status to refuse it with. */
static int admit(struct inbound *in, struct hw_request *req,
		 const char **why)
{
	int err;

	if (in->flags & MSG_TRUNC) {
		*why = "message larger than HW_MSG_MAX";
		return -EMSGSIZE;
	}
	if (in->flags & MSG_CTRUNC) {
		*why = "more fds than any request carries";
		return -E2BIG;
	}
	err = hw_decode_request(in->buf, (size_t)in->len, req, why);
	if (err)
		return err;
	if (in->nfds > hw_request_fds(req)) {
		*why = "more fds than the request expects";
		return -E2BIG;
	}
	if (in->nfds < hw_request_fds(req)) {
		*why = "fewer fds than the request announces";
		return -EBADMSG;
	}
	return 0;
}

/* Serves one datagram; returns -1 when the connection must be closed. */
static int serve_one(const struct helper_config *cfg, int sock)
{
	struct hw_request req;
	struct hw_reply rep;
	struct inbound in;
	struct hreq h = { .cfg = cfg, .req = &req, .rep = &rep, .fd_out = -1 };
	const char *why = "";
	const char *name;
	int status;

	if (receive(sock, &in) < 0 || in.len == 0)
		return -1;
	if (!in.has_creds || in.peer.uid != cfg->hvd_uid) {
		hlog(LOG_WARNING, in.has_creds ? &in.peer : NULL, NULL, NULL,
		     "refused: message from a sender other than the hvd user");
		close_fds(&in);
		return -1;
	}
	memset(&rep, 0, sizeof(rep));
	status = admit(&in, &req, &why);
	if (in.len >= 16) {
		memcpy(&rep.type, in.buf + 6, 2);
		memcpy(&rep.seq, in.buf + 12, 4);
	}
	rep.type |= HW_REPLY_FLAG;
	name = hw_type_name(req.type);
	h.peer = in.peer;
	if (status) {
		snprintf(rep.text, sizeof(rep.text), "%s", why);
	} else {
		h.fds = in.fds;
		h.nfds = in.nfds;
		status = handlers[req.type](&h);
	}
	rep.status = status;
	if (status)
		hlog(LOG_WARNING, &in.peer, req.vm, name, "refused: %s (%s)",
		     rep.text, strerror(-status));
	else
		hlog(LOG_INFO, &in.peer, req.vm, name, "done%s%s",
		     *rep.text ? ": " : "", rep.text);
	close_fds(&in);
	send_reply(sock, &rep, h.fd_out);
	if (h.fd_out >= 0)
		close(h.fd_out);
	return 0;
}

static int accept_peer(const struct helper_config *cfg, int lsock)
{
	struct ucred uc;
	socklen_t len = sizeof(uc);
	struct peer peer;
	int one = 1;
	int fd;

	fd = accept4(lsock, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return -1;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) < 0 ||
	    uc.uid != cfg->hvd_uid) {
		peer.uid = len == sizeof(uc) ? uc.uid : (uid_t)-1;
		peer.pid = len == sizeof(uc) ? uc.pid : -1;
		hlog(LOG_WARNING, &peer, NULL, NULL,
		     "refused: connection from a peer other than the hvd user");
		close(fd);
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int serve(const struct helper_config *cfg, int sock)
{
	struct pollfd pfd[MAX_CONNS + 1];
	int listening = 0, one = 1;
	socklen_t len = sizeof(listening);
	unsigned int n = 1, i;

	if (getsockopt(sock, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) < 0)
		return -errno;
	if (!listening &&
	    setsockopt(sock, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0)
		return -errno;
	pfd[0].fd = sock;
	for (;;) {
		for (i = 0; i < n; i++)
			pfd[i].events = POLLIN;
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (listening && (pfd[0].revents & POLLIN)) {
			int fd = accept_peer(cfg, sock);

			if (fd >= 0 && n <= MAX_CONNS) {
				pfd[n++].fd = fd;
			} else if (fd >= 0) {
				hlog(LOG_WARNING, NULL, NULL, NULL, "refused: "
				     "more than %d connections", MAX_CONNS);
				close(fd);
			}
		}
		for (i = listening; i < n; i++) {
			if (!pfd[i].revents || serve_one(cfg, pfd[i].fd) == 0)
				continue;
			if (!listening)
				return 0;
			close(pfd[i].fd);
			pfd[i--] = pfd[--n];
		}
	}
}
