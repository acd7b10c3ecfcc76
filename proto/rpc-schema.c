// SPDX-License-Identifier: GPL-2.0-only
/*
 * rpc-schema.c: validation of request parameters against a method's schema
 * and the lookup of methods in an endpoint's table.
 */
#include <stdio.h>
#include <string.h>

#include "proto/rpc-schema.h"

const struct rpc_method *rpc_method_find(const struct rpc_method *table,
					 size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

static const char *const type_names[] = {
	[RPC_TYPE_STRING] = "string",
	[RPC_TYPE_INT] = "integer",
	[RPC_TYPE_BOOL] = "boolean",
	[RPC_TYPE_OBJECT] = "object",
};

const char *rpc_type_name(enum rpc_type type)
{
	return type_names[type];
}

static bool in_charset(const char *cs, unsigned char c)
{
	for (; *cs; cs++) {
		if (cs[1] == '-' && cs[2]) {
			if (c >= (unsigned char)cs[0] &&
			    c <= (unsigned char)cs[2])
				return true;
			cs += 2;
		} else if ((unsigned char)*cs == c) {
			return true;
		}
	}
	return false;
}

bool rpc_charset_match(const char *charset, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!in_charset(charset, (unsigned char)s[i]))
			return false;
	return true;
}

static const struct rpc_param *find_param(const struct rpc_param *list,
					  const char *name)
{
	for (; list && list->name; list++)
		if (strcmp(list->name, name) == 0)
			return list;
	return NULL;
}

static void join(char *out, size_t size, const char *prefix, const char *name)
{
	if (prefix[0])
		snprintf(out, size, "%s.%s", prefix, name);
	else
		snprintf(out, size, "%s", name);
}

static bool check_string(const struct rpc_param *p, struct json_object *v,
			 const char *path, struct rpc_error *err)
{
	const char *s = json_object_get_string(v);
	size_t len = (size_t)json_object_get_string_len(v);

	if (p->choices) {
		char list[200] = "";

		for (const char *const *c = p->choices; *c; c++) {
			if (strcmp(*c, s) == 0 && strlen(*c) == len)
				return true;
			size_t used = strlen(list);

			snprintf(list + used, sizeof(list) - used, "%s%s",
				 c == p->choices ? "" : ", ", *c);
		}
		rpc_error_param(err, path, "parameter '%s' must be one of: %s",
				path, list);
		return false;
	}
	if ((long long)len < p->min || (long long)len > p->max ||
	    memchr(s, '\0', len) ||
	    (p->charset && !rpc_charset_match(p->charset, s, len))) {
		rpc_error_param(err, path,
				"parameter '%s' must be %lld to %lld characters%s%s%s",
				path, p->min, p->max,
				p->charset ? " of [" : "",
				p->charset ? p->charset : "",
				p->charset ? "]" : "");
		return false;
	}
	return true;
}

static bool check_object(const struct rpc_param *fields,
			 struct json_object *obj, const char *prefix,
			 struct rpc_error *err);

static bool check_value(const struct rpc_param *p, struct json_object *v,
			const char *path, struct rpc_error *err)
{
	long long n;

	switch (p->type) {
	case RPC_TYPE_STRING:
		if (!json_object_is_type(v, json_type_string))
			break;
		return check_string(p, v, path, err);
	case RPC_TYPE_INT:
		if (!json_object_is_type(v, json_type_int))
			break;
		n = json_object_get_int64(v);	/* clamps huge values */
		if (n >= p->min && n <= p->max)
			return true;
		rpc_error_param(err, path,
				"parameter '%s' must be an integer in %lld..%lld",
				path, p->min, p->max);
		return false;
	case RPC_TYPE_BOOL:
		if (json_object_is_type(v, json_type_boolean))
			return true;
		break;
	case RPC_TYPE_OBJECT:
		if (json_object_is_type(v, json_type_object))
			return check_object(p->fields, v, path, err);
		break;
	}
	rpc_error_param(err, path, "parameter '%s' must be of type %s",
			path, rpc_type_name(p->type));
	return false;
}

static bool check_object(const struct rpc_param *fields,
			 struct json_object *obj, const char *prefix,
			 struct rpc_error *err)
{
	char path[128];

	if (!obj)
		goto required;
	json_object_object_foreach(obj, key, val) {
		const struct rpc_param *p = find_param(fields, key);

		join(path, sizeof(path), prefix, key);
		if (!p) {
			rpc_error_param(err, path, "unknown parameter '%s'",
					path);
			return false;
		}
		if (!check_value(p, val, path, err))
			return false;
	}
required:
	for (const struct rpc_param *p = fields; p && p->name; p++) {
		if (!p->required || json_object_object_get_ex(obj, p->name,
							       NULL))
			continue;
		join(path, sizeof(path), prefix, p->name);
		rpc_error_param(err, path, "missing required parameter '%s'",
				path);
		return false;
	}
	return true;
}

bool rpc_params_check(const struct rpc_method *m, struct json_object *params,
		      struct rpc_error *err)
{
	if (params && !json_object_is_type(params, json_type_object)) {
		rpc_error_param(err, "", "%s takes its parameters by name "
				"(params must be an object)", m->name);
		return false;
	}
	return check_object(m->params, params, "", err);
}
