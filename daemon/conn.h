/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * conn.h: one connected client. Input is read with recvmsg() (so that
 * image fds can come along, see rpc-methods.h), framed into lines and
 * answered through the codec; output is queued in an evbuffer and written
 * at once when the socket takes it (a write event only when it does not).
 *
 * Protection: a client whose queued output passes client_output_limit / 2
 * is not read from until it drains to a quarter; one whose output passes
 * the whole limit (it reads neither replies nor events) is dropped, as is
 * one whose queued output does not move, or whose half-sent line is not
 * completed, for idle_timeout_ms.
 */
#ifndef HV_DAEMON_CONN_H
#define HV_DAEMON_CONN_H

#include <stdbool.h>
#include <stdint.h>

#include "daemon/auth.h"
#include "daemon/hvd.h"
#include "proto/rpc-codec.h"
#include "proto/rpc-fdpass.h"
#include "proto/rpc-framing.h"
#include "proto/rpc-methods.h"

#define CONN_MAX_FDS	(4 * RPC_FDPASS_MAX)

struct conn_fd {
	int fd;
	uint64_t offset;	/* stream offset of its last byte */
};

struct conn {
	struct hvd *hvd;
	struct conn *prev, *next;
	unsigned long id;
	int fd;
	bool ro;			/* accepted on the read-only socket */
	struct peer_cred peer;
	struct event *rd;
	struct event *wr;		/* armed while output is queued */
	struct evbuffer *out;
	struct event *idle;
	struct rpc_framer framer;
	struct rpc_codec codec;
	struct conn_fd fds[CONN_MAX_FDS];
	size_t nfds;
	bool paused;			/* output too full: not reading */
	bool eof;			/* the client sent its last byte */
	bool finishing;			/* close once output is flushed */
	bool dead;
	bool subscribed;
	bool snapshot_pending;		/* owes the "current" events */
	char filter[HV_VM_NAME_MAX + 1];/* "" = every VM */
};

/* Takes over fd, accepted on a read-only socket when ro. */
void conn_new(struct hvd *h, int fd, bool ro);

/* Queues bytes for the client; drops it past the output limit. */
void conn_send(struct conn *c, const char *data, size_t len);

/* Closes the client now (freed later by the reaper); why is logged. */
void conn_kill(struct conn *c, const char *why);

/* Stops reading; closes once everything queued is sent (SIGTERM). */
void conn_finish(struct conn *c);

/* Frees every dead connection (the reaper event runs it). */
void conn_reap(struct hvd *h);

#endif
