/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dispatch.h: from a checked request to its handler: method lookup in
 * hvd_methods, authorization, parameter validation, then the handler that
 * the method's row maps to. Handlers live in methods-*.c and events.c.
 */
#ifndef HV_DAEMON_DISPATCH_H
#define HV_DAEMON_DISPATCH_H

#include "daemon/conn.h"

/* The context of the line being answered. */
struct call_ctx {
	struct conn *conn;
	struct conn_fd *fds;	/* the fds that came with this line */
	size_t nfds;
	size_t taken;		/* fds already claimed by its requests */
};

typedef struct json_object *method_fn(struct call_ctx *cc,
				      struct json_object *params,
				      struct rpc_error *err);

extern const struct rpc_server_ops dispatch_ops;

/* Claims the line's next fd (the caller closes it), or -1. */
int call_take_fd(struct call_ctx *cc);

/* The VM params' "name" names, or NULL with RPC_ERR_VM_NOT_FOUND in err. */
struct vm *call_find_vm(struct call_ctx *cc, struct json_object *params,
			struct rpc_error *err);

/* Handlers, one per row of hvd_methods. */
method_fn method_daemon_info, method_daemon_methods;
method_fn method_vm_create, method_vm_update, method_vm_list, method_vm_info;
method_fn method_vm_start, method_vm_stop, method_vm_delete, method_vm_stats;
method_fn method_events_subscribe;
method_fn method_vm_console_attach, method_vm_console_detach;
method_fn method_console_input;

#endif
