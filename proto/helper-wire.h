/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * helper-wire.h: the request/reply format between hvd and hvd-helper, and
 * the two calls hvd uses to speak it (link proto/libhvhelperwire.a).
 *
 * Transport. An AF_UNIX SOCK_SEQPACKET connection: one datagram is one
 * message, so a message is never split or merged and a truncated or
 * oversized one is seen as such (MSG_TRUNC). Either hvd connects to the
 * socket systemd made (/run/hvd-helper.sock, hvd-helper.socket), or hvd,
 * started as root outside systemd, creates a socketpair(AF_UNIX,
 * SOCK_SEQPACKET), sets SO_PASSCRED on the helper's end, starts
 * "hvd-helper --fd N" with that end before it drops to its user, and keeps
 * the other. Every request carries the sender's SCM_CREDENTIALS (hw_call
 * attaches them; the kernel vouches for them) and the helper checks them
 * on every message, and SO_PEERCRED on every accepted connection: only the
 * configured hvd user is served, so hvd must drop privileges (real, saved
 * and effective uid) before its first request.
 *
 * Why binary and not JSON: the helper runs as root, so its parser is the
 * smallest thing that can do the job: fixed little messages (at most
 * HW_MSG_MAX bytes), each field at a fixed offset, decoded without
 * allocation and fuzzed (tests/helper/fuzz-helper-wire.c). Numbers are in
 * host byte order: both ends run on the same machine.
 *
 * Layout. Header (16 bytes): u32 magic HW_MAGIC, u16 version HW_VERSION,
 * u16 type, u32 body length, u32 seq (echoed in the reply). Every request
 * body starts with the VM name (HW_NAME_FIELD bytes, NUL-padded, the rest
 * after the name all NUL; empty for requests about no VM) followed by its
 * own u32/u64 fields, in the order of struct hw_request below. The body
 * length must be exactly the one of the type. A reply has the same header
 * (type = request type | HW_REPLY_FLAG) and a fixed body: i32 status (0 or
 * -errno), u32 count of fds attached, i64 value (pid, exit status), then
 * HW_TEXT_FIELD bytes of NUL-terminated human-readable error text.
 *
 * Requests (fds travel by SCM_RIGHTS; at most the "fds in" column may be
 * attached to a request, and every reply carries at most one fd):
 *   HW_OPEN_ACCEL   accel (enum hw_accel)         -> fd of /dev/kvm or /dev/hv
 *   HW_OPEN_UFFD    -                             -> fd of /dev/userfaultfd
 *   HW_OPEN_GENL    -                             -> NETLINK_GENERIC socket,
 *                   a member of the family's "events" multicast group
 *                   (refused with -ENOENT while the "hv" family is absent;
 *                   the opener holds CAP_NET_ADMIN, hvd does not, so hv.ko
 *                   must check file_ns_capable() of the socket's file:
 *                   GENL_ADMIN_PERM and netlink_capable() also demand it of
 *                   the sender and would refuse hvd)
 *   HW_LOAD_MODULE  -                             -> loads hv.ko (no fd)
 *   HW_SPAWN        memory_mib, vcpus, nfds       -> pidfd, value = pid
 *                   fds in: exactly nfds (<= HW_SPAWN_MAX_FDS)
 *   HW_PERF_OPEN    tid, tracepoint (enum hw_tp)  -> perf event fd
 *   HW_SIGNAL       pid, signal (enum hw_sig)      -> no fd
 *   HW_REAP         pid                           -> value = wait status, or
 *                   -EAGAIN while it runs, -ECHILD (record dropped) when it
 *                   ended while another helper instance was its parent
 * The monitor of HW_SPAWN is the helper's fixed program (build option or
 * --monitor), run as "PROGRAM --name NAME" with the passed fds as 3, 4, ...
 * in request order, 0-2 on /dev/null and the environment exactly
 * LISTEN_FDS=nfds, LISTEN_PID=its pid (sd_listen_fds(3) reads them).
 * hvd watches the returned pidfd (it becomes readable when the monitor
 * ends) and then asks HW_REAP for the status.
 *
 * hvd's side, step by step: under systemd, hvd.service gets
 * Requires=/After=hvd-helper.socket and hvd connects a SOCK_SEQPACKET
 * socket to HW_SOCKET_PATH; as root outside systemd, it does the
 * socketpair dance above, then drops to hvd:hvd (no capabilities, no new
 * privileges). Either way it may set SO_RCVTIMEO on its end so that a
 * stuck helper makes hw_call() fail with -EAGAIN instead of hanging; a
 * dead one makes it fail with -EPIPE or -ECONNRESET, and hvd then refuses
 * privileged work with a clear error until it reconnects. One call at a
 * time per socket: replies come in request order.
 */
#ifndef HV_PROTO_HELPER_WIRE_H
#define HV_PROTO_HELPER_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define HW_MAGIC		0x70687668u	/* "hvhp" */
#define HW_VERSION		1
#define HW_HEADER_SIZE		16
#define HW_MSG_MAX		256
#define HW_NAME_MAX		64
#define HW_NAME_FIELD		HW_NAME_MAX
#define HW_TEXT_FIELD		128
#define HW_REPLY_FLAG		0x8000
#define HW_SPAWN_MAX_FDS	8
#define HW_MEMORY_MIB_MAX	1048576
#define HW_VCPUS_MAX		256
#define HW_SOCKET_PATH		"/run/hvd-helper.sock"

enum hw_type {
	HW_OPEN_ACCEL = 1,
	HW_OPEN_UFFD,
	HW_OPEN_GENL,
	HW_LOAD_MODULE,
	HW_SPAWN,
	HW_PERF_OPEN,
	HW_SIGNAL,
	HW_REAP,
	HW_TYPE_END
};

enum hw_accel {
	HW_ACCEL_KVM,
	HW_ACCEL_HV,
	HW_ACCEL_END
};

/* Tracepoints a monitor's vCPU threads may be counted on (issue 4). */
enum hw_tp {
	HW_TP_APF_NOT_PRESENT,
	HW_TP_APF_READY,
	HW_TP_APF_REPEATED_FAULT,
	HW_TP_TRY_ASYNC_GET_PAGE,
	HW_TP_FAST_PAGE_FAULT,
	HW_TP_END
};

/* Signals hvd may have sent to a monitor (SIGTERM, SIGKILL, SIGINT). */
enum hw_sig {
	HW_SIG_TERM,
	HW_SIG_KILL,
	HW_SIG_INT,
	HW_SIG_END
};

struct hw_request {
	uint16_t type;
	uint32_t seq;
	char vm[HW_NAME_MAX + 1];
	union {
		struct {
			uint32_t accel;
		} open_accel;
		struct {
			uint64_t memory_mib;
			uint32_t vcpus;
			uint32_t nfds;
		} spawn;
		struct {
			uint32_t tid;
			uint32_t tracepoint;
		} perf_open;
		struct {
			uint32_t pid;
			uint32_t signal;
		} signal;
		struct {
			uint32_t pid;
		} reap;
	} u;
};

struct hw_reply {
	uint16_t type;
	uint32_t seq;
	int32_t status;
	uint32_t nfds;
	int64_t value;
	char text[HW_TEXT_FIELD];
};

/* Request names ("spawn", ...) for logs; NULL for an unknown type. */
const char *hw_type_name(unsigned int type);
/* Fds a request of this type may carry (its nfds field for HW_SPAWN). */
unsigned int hw_request_fds(const struct hw_request *req);
const char *hw_accel_name(unsigned int accel);
/* "kvm:kvm_async_pf_ready" style names; NULL outside the allow-list. */
const char *hw_tp_category(unsigned int tp);
const char *hw_tp_event(unsigned int tp);
/* The signal number of an enum hw_sig value (0 outside it). */
int hw_sig_number(unsigned int sig);
/* 1 when name matches [A-Za-z0-9._-]{1,64}. */
int hw_name_valid(const char *name);

/*
 * Encoders return the message length (at most HW_MSG_MAX) or -EINVAL
 * when the struct holds a value the format cannot carry. Decoders return
 * 0 or a negative errno (-EBADMSG truncated or malformed, -EMSGSIZE
 * oversized, -EPROTONOSUPPORT other version, -EOPNOTSUPP unknown type,
 * -EINVAL bad field) and point *why at a fixed reason text.
 */
int hw_encode_request(const struct hw_request *req, uint8_t *buf,
		      size_t cap);
int hw_decode_request(const uint8_t *buf, size_t len,
		      struct hw_request *req, const char **why);
int hw_encode_reply(const struct hw_reply *rep, uint8_t *buf, size_t cap);
int hw_decode_reply(const uint8_t *buf, size_t len, struct hw_reply *rep,
		    const char **why);

/*
 * hvd's side: sends req with nfds fds and waits for the reply; *fd_out
 * gets the fd the reply carries or -1. Returns 0 when a reply arrived (its
 * status says how the request went) or a negative errno (-EPIPE when the
 * helper is gone: hvd then reports it and refuses privileged work).
 */
int hw_call(int sock, const struct hw_request *req, const int *fds,
	    unsigned int nfds, struct hw_reply *rep, int *fd_out);

#endif
