/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * monitor-link.h: hvd's side of one running VM monitor: the connection to
 * its socket RUNTIME/vms/NAME/monitor.sock (proto/'s JSON-RPC codec, the
 * methods of hv-vm(8)) and a pidfd that becomes readable when the monitor
 * process ends. Calls are synchronous and bounded (the monitor is local
 * and answers from memory); between calls, lines that arrive (the
 * "monitor.ended" notification, the reply to the first monitor.info) are
 * read from the event loop. The owner learns of progress through
 * callbacks: answered (the monitor answered its first request: it runs),
 * console (guest output, once attached) and gone (the process ended).
 */
#ifndef HV_DAEMON_MONITOR_LINK_H
#define HV_DAEMON_MONITOR_LINK_H

#include <stdbool.h>
#include <sys/types.h>

#include <event2/event.h>
#include <json-c/json.h>

#include "proto/rpc-codec.h"

#define MONITOR_CALL_TIMEOUT_MS	2000

struct monitor_link;

struct monitor_link_ops {
	void (*answered)(void *arg, struct json_object *info);
	void (*gone)(void *arg);
	/* monitor.console.output's data (base64) */
	void (*console)(void *arg, const char *data);
};

/*
 * Connects to path (a monitor's socket) and sends monitor.info; the
 * monitor's pidfd (taken over) is watched. With pidfd -1 (re-attaching),
 * the pid comes from monitor.info and NULL (why filled) means no monitor
 * answers there; with a pidfd, a monitor that already ended (refused
 * its VM) still gives a link, whose gone() follows from the loop.
 */
struct monitor_link *monitor_link_open(struct event_base *base,
				       const char *path, int pidfd,
				       pid_t pid,
				       const struct monitor_link_ops *ops,
				       void *arg, char *why, size_t len);
void monitor_link_free(struct monitor_link *m);

/*
 * Calls method with params (taken; may be NULL); the result (a new
 * reference) or NULL with err filled (INTERNAL when the monitor is gone
 * or silent, or the monitor's own error).
 */
struct json_object *monitor_link_call(struct monitor_link *m,
				      const char *method,
				      struct json_object *params,
				      struct rpc_error *err);

/* The monitor's pid (0 until known). */
pid_t monitor_link_pid(const struct monitor_link *m);
/* monitor.ended's params once received (owned by m), or NULL. */
struct json_object *monitor_link_end(const struct monitor_link *m);

#endif
