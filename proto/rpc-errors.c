// SPDX-License-Identifier: GPL-2.0-only
/*
 * rpc-errors.c: the table of error codes, their symbolic names and default
 * messages; hv-rpc(7) lists the same rows.
 */
#include <string.h>

#include "proto/rpc-errors.h"

const struct rpc_error_info rpc_errors[] = {
	{ RPC_ERR_PARSE, "PARSE_ERROR",
	  "the line is not valid JSON or not valid UTF-8" },
	{ RPC_ERR_INVALID_REQUEST, "INVALID_REQUEST",
	  "the message is not a valid JSON-RPC 2.0 request" },
	{ RPC_ERR_METHOD_NOT_FOUND, "METHOD_NOT_FOUND",
	  "no such method" },
	{ RPC_ERR_INVALID_PARAMS, "INVALID_PARAMS",
	  "a parameter is missing, unknown or out of range" },
	{ RPC_ERR_INTERNAL, "INTERNAL_ERROR",
	  "internal error in the server" },
	{ RPC_ERR_VM_NOT_FOUND, "VM_NOT_FOUND",
	  "no VM with that name" },
	{ RPC_ERR_VM_EXISTS, "VM_EXISTS",
	  "a VM with that name already exists" },
	{ RPC_ERR_INVALID_STATE, "INVALID_STATE",
	  "the VM is not in a state that allows this" },
	{ RPC_ERR_PERMISSION_DENIED, "PERMISSION_DENIED",
	  "the caller may not change state through this socket" },
	{ RPC_ERR_NO_ACCELERATOR, "NO_ACCELERATOR",
	  "no usable accelerator to run the VM" },
	{ RPC_ERR_LIMIT_REACHED, "LIMIT_REACHED",
	  "a configured limit was reached" },
	{ RPC_ERR_IO_ERROR, "IO_ERROR",
	  "a file could not be read or written" },
	{ RPC_ERR_IMAGE_ERROR, "IMAGE_ERROR",
	  "the VM image could not be obtained" },
	{ RPC_ERR_SHUTTING_DOWN, "SHUTTING_DOWN",
	  "the server is shutting down" },
};

const size_t rpc_errors_count = sizeof(rpc_errors) / sizeof(rpc_errors[0]);

const struct rpc_error_info *rpc_error_by_code(int code)
{
	for (size_t i = 0; i < rpc_errors_count; i++)
		if (rpc_errors[i].code == code)
			return &rpc_errors[i];
	return NULL;
}

const struct rpc_error_info *rpc_error_by_name(const char *name)
{
	for (size_t i = 0; i < rpc_errors_count; i++)
		if (strcmp(rpc_errors[i].name, name) == 0)
			return &rpc_errors[i];
	return NULL;
}
