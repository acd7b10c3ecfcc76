/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rpc-errors.h: every error code hv's JSON-RPC endpoints answer with. The
 * standard JSON-RPC 2.0 codes come first, then hv's own in -32000..-32099.
 * Each code has a stable symbolic name, sent as error.data.name, which
 * clients and scripts match on (messages are for humans and may change).
 */
#ifndef HV_PROTO_RPC_ERRORS_H
#define HV_PROTO_RPC_ERRORS_H

#include <stddef.h>

enum rpc_err {
	RPC_ERR_PARSE		= -32700, /* not JSON, or invalid UTF-8 */
	RPC_ERR_INVALID_REQUEST	= -32600, /* not a request; too big/deep */
	RPC_ERR_METHOD_NOT_FOUND = -32601,
	RPC_ERR_INVALID_PARAMS	= -32602, /* data.param names the culprit */
	RPC_ERR_INTERNAL	= -32603,

	RPC_ERR_VM_NOT_FOUND	= -32000,
	RPC_ERR_VM_EXISTS	= -32001,
	RPC_ERR_INVALID_STATE	= -32002,
	RPC_ERR_PERMISSION_DENIED = -32003,
	RPC_ERR_NO_ACCELERATOR	= -32004,
	RPC_ERR_LIMIT_REACHED	= -32005,
	RPC_ERR_IO_ERROR	= -32006,
	RPC_ERR_IMAGE_ERROR	= -32007,
	RPC_ERR_SHUTTING_DOWN	= -32008,
};

struct rpc_error_info {
	int code;
	const char *name;	/* stable: error.data.name */
	const char *summary;	/* default error.message, one line */
};

extern const struct rpc_error_info rpc_errors[];
extern const size_t rpc_errors_count;

/* The entry for code, or NULL when code is not one of hv's. */
const struct rpc_error_info *rpc_error_by_code(int code);
/* The entry whose symbolic name is name, or NULL. */
const struct rpc_error_info *rpc_error_by_name(const char *name);

#endif
