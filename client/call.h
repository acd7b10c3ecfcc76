/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * call.h: hvctl's connection to hvd: connect to the socket, send one
 * request (optionally with an open file, SCM_RIGHTS), wait a bounded time
 * for its answer, and read notifications. Failures are reported on stderr
 * and returned as hvctl exit statuses (hvctl.h).
 */
#ifndef HV_CLIENT_CALL_H
#define HV_CLIENT_CALL_H

#include <json-c/json.h>

#include "client/hvctl.h"
#include "proto/rpc-codec.h"

struct hvctl_conn {
	const char *path;
	int sock;
	int timeout_ms;
	long long next_id;
	struct rpc_framer framer;
	struct rpc_codec codec;
};

/* Connects to o->socket; HVCTL_EXIT_CONNECT with a message on failure. */
int conn_open(struct hvctl_conn *c, const struct hvctl_opts *o);
void conn_close(struct hvctl_conn *c);

/*
 * For the commands that stay connected: parses argv[1..argc) for cmd into
 * *params (as args_parse does; a file it opened is closed) and connects.
 * On failure nothing is left open or allocated.
 */
int conn_open_command(struct hvctl_conn *c, const struct hvctl_opts *o,
		      const struct hvctl_command *cmd, int argc, char **argv,
		      struct json_object **params);

/*
 * Calls method with params (reference taken; NULL for none), sending fd
 * with the request when fd >= 0. On HVCTL_OK, *reply holds the reply
 * (the caller puts it) and *result points into it.
 */
int conn_call(struct hvctl_conn *c, const char *method,
	      struct json_object *params, int fd,
	      struct json_object **reply, struct json_object **result);

/* Sends a notification (no answer comes); params' reference is taken. */
int conn_notify(struct hvctl_conn *c, const char *method,
		struct json_object *params);

/* Whether bytes of hvd's are buffered (poll() on sock would not say). */
bool conn_buffered(const struct hvctl_conn *c);

/*
 * Waits, with no time limit, for the next notification. On HVCTL_OK, *msg
 * holds it (the caller puts it) and *params points into it.
 */
int conn_next_notification(struct hvctl_conn *c, struct json_object **msg,
			   struct json_object **params);

/* Connects, calls, closes: the whole life of most commands. */
int hvctl_call(const struct hvctl_opts *o, const char *method,
	       struct json_object *params, int fd,
	       struct json_object **reply, struct json_object **result);

#endif
