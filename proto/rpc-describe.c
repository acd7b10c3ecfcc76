// SPDX-License-Identifier: GPL-2.0-only
/*
 * rpc-describe.c: turns a method's schema into the JSON that introspection
 * (daemon.methods) answers, so that clients and manuals can be checked
 * against the table.
 */
#include <stdio.h>

#include "proto/rpc-schema.h"

static struct json_object *describe_params(const struct rpc_param *list);

static void add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

static struct json_object *describe_param(const struct rpc_param *p)
{
	struct json_object *o = json_object_new_object();

	add(o, "name", json_object_new_string(p->name));
	add(o, "type", json_object_new_string(rpc_type_name(p->type)));
	add(o, "required", json_object_new_boolean(p->required));
	add(o, "summary", json_object_new_string(p->summary));
	if (p->type == RPC_TYPE_INT) {
		add(o, "minimum", json_object_new_int64(p->min));
		add(o, "maximum", json_object_new_int64(p->max));
	} else if (p->type == RPC_TYPE_STRING && p->choices) {
		struct json_object *e = json_object_new_array();

		for (const char *const *c = p->choices; *c; c++)
			json_object_array_add(e, json_object_new_string(*c));
		add(o, "enum", e);
	} else if (p->type == RPC_TYPE_STRING) {
		add(o, "min_length", json_object_new_int64(p->min));
		add(o, "max_length", json_object_new_int64(p->max));
		if (p->charset) {
			char re[160];

			snprintf(re, sizeof(re), "^[%s]*$", p->charset);
			add(o, "pattern", json_object_new_string(re));
		}
	} else if (p->type == RPC_TYPE_OBJECT) {
		add(o, "fields", describe_params(p->fields));
	}
	return o;
}

static struct json_object *describe_params(const struct rpc_param *list)
{
	struct json_object *a = json_object_new_array();

	for (; list && list->name; list++)
		json_object_array_add(a, describe_param(list));
	return a;
}

struct json_object *rpc_method_describe(const struct rpc_method *m)
{
	struct json_object *o = json_object_new_object();

	add(o, "name", json_object_new_string(m->name));
	add(o, "summary", json_object_new_string(m->summary));
	add(o, "changes_state", json_object_new_boolean(m->changes_state));
	add(o, "params", describe_params(m->params));
	return o;
}
