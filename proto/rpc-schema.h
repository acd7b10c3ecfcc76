/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rpc-schema.h: how an endpoint's method table describes its methods, and
 * the generic checks derived from it. Every endpoint (hvd, later the
 * monitor) has one table of struct rpc_method; dispatch, validation,
 * introspection (daemon.methods), hvctl's help and hv-rpc(7) all come from
 * or are checked against that table.
 */
#ifndef HV_PROTO_RPC_SCHEMA_H
#define HV_PROTO_RPC_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "proto/rpc-codec.h"

enum rpc_type {
	RPC_TYPE_STRING,
	RPC_TYPE_INT,		/* a JSON integer (1.0 is refused) */
	RPC_TYPE_BOOL,
	RPC_TYPE_OBJECT,	/* members described by .fields */
};

/* One parameter (or one member of an object parameter). */
struct rpc_param {
	const char *name;	/* NULL ends a list */
	enum rpc_type type;
	bool required;
	/* INT: the value's range; STRING: the length range, in bytes. */
	long long min, max;
	/* STRING: the allowed values (NULL-terminated), or NULL for any. */
	const char *const *choices;
	/*
	 * STRING: the allowed characters as the inside of a regular
	 * expression bracket ("A-Za-z0-9._-": ranges and single characters,
	 * a '-' last is literal), or NULL for any.
	 */
	const char *charset;
	const struct rpc_param *fields;	/* OBJECT: its members */
	const char *summary;		/* one line for help and manuals */
};

struct rpc_method {
	const char *name;
	const struct rpc_param *params;	/* ends with a NULL name */
	bool changes_state;	/* refused on read-only sockets */
	const char *summary;	/* one line for help and manuals */
};

/* The method called name in table[0..n), or NULL. */
const struct rpc_method *rpc_method_find(const struct rpc_method *table,
					 size_t n, const char *name);

/* The type's name as daemon.methods and the manual write it. */
const char *rpc_type_name(enum rpc_type type);

/*
 * Checks params (an object, or NULL for none) against the method's schema:
 * every required parameter present, none unknown, each of its type and in
 * its range/choices/charset, recursively for objects. On failure fills err
 * with RPC_ERR_INVALID_PARAMS naming the parameter ("image.format").
 */
bool rpc_params_check(const struct rpc_method *m, struct json_object *params,
		      struct rpc_error *err);

/* True when every character of s (len bytes) is in charset. */
bool rpc_charset_match(const char *charset, const char *s, size_t len);

/*
 * The method described as JSON (what daemon.methods answers):
 * {"name","summary","changes_state","params":[{"name","type","required",
 *  "summary", and when they apply "minimum"/"maximum" (INT),
 *  "min_length"/"max_length"/"enum"/"pattern" (STRING), "fields" (OBJECT)}]}
 */
struct json_object *rpc_method_describe(const struct rpc_method *m);

#endif
