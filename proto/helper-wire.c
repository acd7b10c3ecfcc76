// SPDX-License-Identifier: GPL-2.0-only
/*
 * helper-wire.c: encodes and decodes hvd <-> hvd-helper messages (format
 * in helper-wire.h) from one table of request kinds, and hvd's hw_call().
 */
#include "proto/helper-wire.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define HW_REPLY_BODY	(4 + 4 + 8 + HW_TEXT_FIELD)

/* One numeric field of a request body: where it lives and its range. */
struct hw_field {
	size_t off;
	unsigned int size;
	uint64_t min, max;
};

struct hw_kind {
	const char *name;
	int vm_required;
	unsigned int nfields;
	struct hw_field fields[3];
};

#define F(member, lo, hi) \
	{ offsetof(struct hw_request, u.member), \
	  sizeof(((struct hw_request *)0)->u.member), (lo), (hi) }

static const struct hw_kind kinds[HW_TYPE_END] = {
	[HW_OPEN_ACCEL] = { "open-accel", 1, 1,
		{ F(open_accel.accel, 0, HW_ACCEL_END - 1) } },
	[HW_OPEN_UFFD] = { "open-uffd", 1, 0, { { 0 } } },
	[HW_OPEN_GENL] = { "open-genl", 0, 0, { { 0 } } },
	[HW_LOAD_MODULE] = { "load-module", 0, 0, { { 0 } } },
	[HW_SPAWN] = { "spawn", 1, 3,
		{ F(spawn.memory_mib, 1, HW_MEMORY_MIB_MAX),
		  F(spawn.vcpus, 1, HW_VCPUS_MAX),
		  F(spawn.nfds, 0, HW_SPAWN_MAX_FDS) } },
	[HW_PERF_OPEN] = { "perf-open", 1, 2,
		{ F(perf_open.tid, 1, INT_MAX),
		  F(perf_open.tracepoint, 0, HW_TP_END - 1) } },
	[HW_SIGNAL] = { "signal", 1, 2,
		{ F(signal.pid, 1, INT_MAX),
		  F(signal.signal, 0, HW_SIG_END - 1) } },
	[HW_REAP] = { "reap", 1, 1, { F(reap.pid, 1, INT_MAX) } },
};

#undef F

static const char *const accel_names[HW_ACCEL_END] = {
	[HW_ACCEL_KVM] = "kvm",
	[HW_ACCEL_HV] = "hv",
};

static const struct {
	const char *category, *event;
} tracepoints[HW_TP_END] = {
	[HW_TP_APF_NOT_PRESENT] = { "kvm", "kvm_async_pf_not_present" },
	[HW_TP_APF_READY] = { "kvm", "kvm_async_pf_ready" },
	[HW_TP_APF_REPEATED_FAULT] = { "kvm", "kvm_async_pf_repeated_fault" },
	[HW_TP_TRY_ASYNC_GET_PAGE] = { "kvm", "kvm_try_async_get_page" },
	[HW_TP_FAST_PAGE_FAULT] = { "kvmmmu", "fast_page_fault" },
};

static const int signals[HW_SIG_END] = {
	[HW_SIG_TERM] = SIGTERM,
	[HW_SIG_KILL] = SIGKILL,
	[HW_SIG_INT] = SIGINT,
};

const char *hw_type_name(unsigned int type)
{
	return type < HW_TYPE_END ? kinds[type].name : NULL;
}

unsigned int hw_request_fds(const struct hw_request *req)
{
	return req->type == HW_SPAWN ? req->u.spawn.nfds : 0;
}

const char *hw_accel_name(unsigned int accel)
{
	return accel < HW_ACCEL_END ? accel_names[accel] : NULL;
}

const char *hw_tp_category(unsigned int tp)
{
	return tp < HW_TP_END ? tracepoints[tp].category : NULL;
}

const char *hw_tp_event(unsigned int tp)
{
	return tp < HW_TP_END ? tracepoints[tp].event : NULL;
}

int hw_sig_number(unsigned int sig)
{
	return sig < HW_SIG_END ? signals[sig] : 0;
}

int hw_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n < 1 || n > HW_NAME_MAX)
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

static size_t body_size(const struct hw_kind *k)
{
	size_t n = HW_NAME_FIELD;
	unsigned int i;

	for (i = 0; i < k->nfields; i++)
		n += k->fields[i].size;
	return n;
}

static void put(uint8_t **p, const void *v, size_t n)
{
	memcpy(*p, v, n);
	*p += n;
}

static void put_header(uint8_t **p, uint16_t type, uint32_t len,
		       uint32_t seq)
{
	uint32_t magic = HW_MAGIC;
	uint16_t version = HW_VERSION;

	put(p, &magic, 4);
	put(p, &version, 2);
	put(p, &type, 2);
	put(p, &len, 4);
	put(p, &seq, 4);
}

static uint64_t field_get(const struct hw_request *req,
			  const struct hw_field *f)
{
	const uint8_t *at = (const uint8_t *)req + f->off;
	uint32_t v32;
	uint64_t v64;

	if (f->size == 4) {
		memcpy(&v32, at, 4);
		return v32;
	}
	memcpy(&v64, at, 8);
	return v64;
}

static void field_set(struct hw_request *req, const struct hw_field *f,
		      const uint8_t *src)
{
	memcpy((uint8_t *)req + f->off, src, f->size);
}

int hw_encode_request(const struct hw_request *req, uint8_t *buf, size_t cap)
{
	const struct hw_kind *k;
	uint8_t *p = buf;
	char name[HW_NAME_FIELD] = { 0 };
	size_t len, n;
	unsigned int i;

	if (req->type == 0 || req->type >= HW_TYPE_END)
		return -EINVAL;
	k = &kinds[req->type];
	len = body_size(k);
	n = strnlen(req->vm, sizeof(req->vm));
	if (n > HW_NAME_MAX || HW_HEADER_SIZE + len > cap)
		return -EINVAL;
	memcpy(name, req->vm, n);
	put_header(&p, req->type, len, req->seq);
	put(&p, name, sizeof(name));
	for (i = 0; i < k->nfields; i++)
		put(&p, (const uint8_t *)req + k->fields[i].off,
		    k->fields[i].size);
	return (int)(p - buf);
}

/* Checks the header; returns the body length or a negative errno. */
static int check_header(const uint8_t *buf, size_t len, uint16_t *type,
			uint32_t *seq, const char **why)
{
	uint32_t magic, body;
	uint16_t version;

	if (len > HW_MSG_MAX) {
		*why = "message larger than HW_MSG_MAX";
		return -EMSGSIZE;
	}
	if (len < HW_HEADER_SIZE) {
		*why = "message shorter than its header";
		return -EBADMSG;
	}
	memcpy(&magic, buf, 4);
	memcpy(&version, buf + 4, 2);
	memcpy(type, buf + 6, 2);
	memcpy(&body, buf + 8, 4);
	memcpy(seq, buf + 12, 4);
	if (magic != HW_MAGIC) {
		*why = "bad magic";
		return -EBADMSG;
	}
	if (version != HW_VERSION) {
		*why = "unsupported protocol version";
		return -EPROTONOSUPPORT;
	}
	if (body != len - HW_HEADER_SIZE) {
		*why = "body length does not match the message";
		return -EBADMSG;
	}
	return (int)body;
}

static int decode_name(const uint8_t *field, char *vm, int required,
		       const char **why)
{
	size_t n = strnlen((const char *)field, HW_NAME_FIELD), i;

	for (i = n; i < HW_NAME_FIELD; i++) {
		if (field[i]) {
			*why = "garbage after the VM name";
			return -EINVAL;
		}
	}
	memcpy(vm, field, n);
	vm[n] = '\0';
	if (n == 0 && !required)
		return 0;
	if (!hw_name_valid(vm)) {
		*why = "invalid VM name";
		return -EINVAL;
	}
	return 0;
}

int hw_decode_request(const uint8_t *buf, size_t len, struct hw_request *req,
		      const char **why)
{
	const struct hw_kind *k;
	const uint8_t *p;
	uint16_t type;
	uint32_t seq;
	unsigned int i;
	int body, err;

	memset(req, 0, sizeof(*req));
	body = check_header(buf, len, &type, &seq, why);
	if (body < 0)
		return body;
	req->seq = seq;
	if (type == 0 || type >= HW_TYPE_END) {
		*why = "unknown request type";
		return -EOPNOTSUPP;
	}
	req->type = type;
	k = &kinds[type];
	if ((size_t)body != body_size(k)) {
		*why = "body size wrong for the request type";
		return -EBADMSG;
	}
	p = buf + HW_HEADER_SIZE;
	err = decode_name(p, req->vm, k->vm_required, why);
	if (err)
		return err;
	p += HW_NAME_FIELD;
	for (i = 0; i < k->nfields; i++) {
		const struct hw_field *f = &k->fields[i];
		uint64_t v;

		field_set(req, f, p);
		p += f->size;
		v = field_get(req, f);
		if (v < f->min || v > f->max) {
			*why = "field out of range";
			return -EINVAL;
		}
	}
	return 0;
}

int hw_encode_reply(const struct hw_reply *rep, uint8_t *buf, size_t cap)
{
	char text[HW_TEXT_FIELD] = { 0 };
	uint8_t *p = buf;

	if (HW_HEADER_SIZE + HW_REPLY_BODY > cap)
		return -EINVAL;
	memcpy(text, rep->text, strnlen(rep->text, sizeof(text) - 1));
	put_header(&p, rep->type, HW_REPLY_BODY, rep->seq);
	put(&p, &rep->status, 4);
	put(&p, &rep->nfds, 4);
	put(&p, &rep->value, 8);
	put(&p, text, sizeof(text));
	return (int)(p - buf);
}

int hw_decode_reply(const uint8_t *buf, size_t len, struct hw_reply *rep,
		    const char **why)
{
	const uint8_t *p = buf + HW_HEADER_SIZE;
	int body;

	memset(rep, 0, sizeof(*rep));
	body = check_header(buf, len, &rep->type, &rep->seq, why);
	if (body < 0)
		return body;
	if (body != HW_REPLY_BODY || !(rep->type & HW_REPLY_FLAG)) {
		*why = "not a reply";
		return -EBADMSG;
	}
	memcpy(&rep->status, p, 4);
	memcpy(&rep->nfds, p + 4, 4);
	memcpy(&rep->value, p + 8, 8);
	memcpy(rep->text, p + 16, HW_TEXT_FIELD);
	rep->text[HW_TEXT_FIELD - 1] = '\0';
	if (rep->status > 0 || rep->nfds > 1) {
		*why = "reply field out of range";
		return -EBADMSG;
	}
	return 0;
}

/* Sends msg with our credentials (checked by the kernel) and the fds. */
static int send_request(int sock, const uint8_t *msg, size_t len,
			const int *fds, unsigned int nfds)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct ucred)) +
			 CMSG_SPACE(sizeof(int) * HW_SPAWN_MAX_FDS)];
	} control;
	struct ucred uc = { getpid(), getuid(), getgid() };
	struct iovec iov = { (void *)msg, len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = control.buf };
	struct cmsghdr *cm;
	ssize_t n;

	if (nfds > HW_SPAWN_MAX_FDS)
		return -EINVAL;
	memset(&control, 0, sizeof(control));
	mh.msg_controllen = CMSG_SPACE(sizeof(uc)) +
			    (nfds ? CMSG_SPACE(sizeof(int) * nfds) : 0);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_CREDENTIALS;
	cm->cmsg_len = CMSG_LEN(sizeof(uc));
	memcpy(CMSG_DATA(cm), &uc, sizeof(uc));
	if (nfds) {
		cm = CMSG_NXTHDR(&mh, cm);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == (ssize_t)len ? 0 : -EIO;
}

/* Receives one reply; keeps at most one fd, closes any other. */
static int recv_reply(int sock, uint8_t *msg, size_t cap, int *fd_out)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * 4)];
	} control;
	struct iovec iov = { msg, cap };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = control.buf,
			     .msg_controllen = sizeof(control.buf) };
	struct cmsghdr *cm;
	ssize_t n;

	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		size_t i, k;
		int fd;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < k; i++) {
			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(fd));
			if (*fd_out < 0)
				*fd_out = fd;
			else
				close(fd);
		}
	}
	if (n == 0)
		return -EPIPE;
	if (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
		return -EBADMSG;
	return (int)n;
}

int hw_call(int sock, const struct hw_request *req, const int *fds,
	    unsigned int nfds, struct hw_reply *rep, int *fd_out)
{
	uint8_t msg[HW_MSG_MAX];
	const char *why;
	int len, err;

	*fd_out = -1;
	len = hw_encode_request(req, msg, sizeof(msg));
	if (len < 0)
		return len;
	err = send_request(sock, msg, (size_t)len, fds, nfds);
	if (err)
		return err;
	len = recv_reply(sock, msg, sizeof(msg), fd_out);
	if (len >= 0)
		err = hw_decode_reply(msg, (size_t)len, rep, &why);
	else
		err = len;
	if (!err && (rep->seq != req->seq ||
		     rep->type != (req->type | HW_REPLY_FLAG) ||
		     (rep->nfds == 1) != (*fd_out >= 0)))
		err = -EBADMSG;
	if (err && *fd_out >= 0) {
		close(*fd_out);
		*fd_out = -1;
	}
	return err;
}
