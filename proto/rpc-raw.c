// SPDX-License-Identifier: GPL-2.0-only
/*
 * rpc-raw.c: pre-serialized JSON values (see rpc-raw.h), built on json-c's
 * custom serializer hook.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/printbuf.h>

#include "proto/rpc-codec.h"
#include "proto/rpc-raw.h"

struct raw_json {
	size_t len;
	char text[];
};

static int raw_serialize(struct json_object *o, struct printbuf *pb,
			 int level, int flags)
{
	struct raw_json *raw = json_object_get_userdata(o);

	return printbuf_memappend(pb, raw->text, (int)raw->len);
}

static void raw_free(struct json_object *o, void *userdata)
{
	free(userdata);
}

struct json_object *rpc_raw_new(struct json_object *v)
{
	struct json_object *o;
	struct raw_json *raw;
	const char *s;
	size_t len;

	s = rpc_text(v, &len);
	raw = malloc(sizeof(*raw) + len + 1);
	o = json_object_new_object();
	if (!raw || !o) {
		free(raw);
		json_object_put(o);
		return NULL;
	}
	raw->len = len;
	memcpy(raw->text, s, len + 1);
	json_object_set_serializer(o, raw_serialize, raw, raw_free);
	return o;
}

bool rpc_raw_text(struct json_object *o, const char **text, size_t *len)
{
	struct raw_json *raw;

	/* Only raw values are objects with a serializer of ours. */
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_get_userdata(o) ||
	    json_object_object_length(o) != 0)
		return false;
	raw = json_object_get_userdata(o);
	*text = raw->text;
	*len = raw->len;
	return true;
}
