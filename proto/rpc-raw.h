/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rpc-raw.h: a JSON value kept as its serialized text, for results that
 * are answered often and change rarely (vm.list): serialized once, then
 * copied into each reply as is. Inside other json-c objects it serializes
 * as its text; rpc_serve_line() writes it without reserializing.
 * Within hv, user data on a json-c object (json_object_set_userdata(),
 * json_object_set_serializer()) is reserved for these values.
 */
#ifndef HV_PROTO_RPC_RAW_H
#define HV_PROTO_RPC_RAW_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

/* A value whose serialization is v's, frozen now. NULL without memory. */
struct json_object *rpc_raw_new(struct json_object *v);

/* When o came from rpc_raw_new(), its text and length. */
bool rpc_raw_text(struct json_object *o, const char **text, size_t *len);

#endif
