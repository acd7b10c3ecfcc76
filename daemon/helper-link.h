/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * helper-link.h: hvd's connection to hvd-helper (proto/helper-wire.h says
 * how it is made). As root outside systemd, hvd starts the helper on a
 * socketpair and then drops to its user; otherwise it connects to
 * helper_socket. A helper that goes away (its end closes, or a call fails
 * on the transport) is logged (HV_EVENT=HELPER_DOWN) and every privileged
 * call fails at once with HELPER_UNAVAILABLE; each later call first tries
 * helper_socket again, so a helper restarted there (systemd restarts
 * hvd-helper.service; root may start one by hand) restores service.
 * Running VMs do not depend on the helper.
 */
#ifndef HV_DAEMON_HELPER_LINK_H
#define HV_DAEMON_HELPER_LINK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <event2/event.h>
#include <json-c/json.h>

#include "proto/helper-wire.h"
#include "proto/rpc-codec.h"

enum helper_state {
	HELPER_DISABLED,	/* helper = no */
	HELPER_UP,
	HELPER_DOWN,
};

struct helper_link {
	enum helper_state state;
	bool started;		/* the helper is hvd's child */
	pid_t pid;		/* that child, 0 when none */
	int sock;
	uint32_t seq;
	struct event *watch;	/* the socket closing: the helper died */
	char why[200];		/* why it is down */
};

struct hvd;

/*
 * At start, before anything else runs: starts or reaches the helper and,
 * when hvd is root, drops privileges (see privdrop.h). -1 with why when
 * hvd must not go on; a helper merely unreachable is not fatal.
 */
int helper_open(struct hvd *h, char *why, size_t len);
/* Watches the helper's socket once the event loop exists. */
void helper_watch(struct hvd *h);
void helper_close(struct hvd *h);

/*
 * One request (req->seq is set here). 0 when the helper answered (the
 * reply's status says how it went), or -1 with err set to
 * HELPER_UNAVAILABLE.
 */
int helper_call(struct hvd *h, struct hw_request *req, const int *fds,
		unsigned int nfds, struct hw_reply *rep, int *fd_out,
		struct rpc_error *err);

/* daemon.info's "helper" member (a new reference). */
struct json_object *helper_info_json(const struct hvd *h);

#endif
