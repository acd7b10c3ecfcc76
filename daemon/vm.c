// SPDX-License-Identifier: GPL-2.0-only
/*
 * vm.c: a VM's definition in canonical form and its JSON representations
 * (state file, vm.info, vm.list).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/vm.h"
#include "proto/rpc-version.h"

/* Values of the optional vm.create parameters when they are not given. */
static const struct {
	const char *key;
	enum rpc_type type;
	const char *text;
	long long number;
} defaults[] = {
	{ "cmdline", RPC_TYPE_STRING, "", 0 },
	{ "accel", RPC_TYPE_STRING, "auto", 0 },
	{ "memory_backend", RPC_TYPE_STRING, "anon", 0 },
	{ "uffd_delay_us", RPC_TYPE_INT, NULL, 0 },
	{ "async_pf", RPC_TYPE_BOOL, NULL, 0 },
	{ "dirty_log", RPC_TYPE_BOOL, NULL, 0 },
	{ "autostart", RPC_TYPE_BOOL, NULL, 0 },
};

static struct json_object *default_value(size_t i)
{
	switch (defaults[i].type) {
	case RPC_TYPE_STRING:
		return json_object_new_string(defaults[i].text);
	case RPC_TYPE_INT:
		return json_object_new_int64(defaults[i].number);
	case RPC_TYPE_BOOL:
		return json_object_new_boolean(defaults[i].number != 0);
	case RPC_TYPE_OBJECT:
		break;
	}
	return NULL;
}

static void canonicalize(struct json_object *def)
{
	struct json_object *image;

	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		if (!json_object_object_get_ex(def, defaults[i].key, NULL))
			json_object_object_add(def, defaults[i].key,
					       default_value(i));
	if (json_object_object_get_ex(def, "image", &image))
		json_object_object_del(image, "fd");
}

struct vm *vm_new(struct json_object *def, const struct image_copy *image)
{
	struct json_object *name;
	struct vm *vm = calloc(1, sizeof(*vm));

	if (!vm) {
		json_object_put(def);
		return NULL;
	}
	canonicalize(def);
	json_object_object_get_ex(def, "name", &name);
	snprintf(vm->name, sizeof(vm->name), "%s",
		 json_object_get_string(name));
	vm->def = def;
	vm->image = *image;
	vm->state = VM_DEFINED;
	return vm;
}

void vm_free(struct vm *vm)
{
	if (!vm)
		return;
	json_object_put(vm->def);
	free(vm);
}

static struct json_object *deep_copy(struct json_object *o)
{
	struct json_object *copy = NULL;

	json_object_deep_copy(o, &copy, NULL);
	return copy;
}

struct json_object *vm_def_merge(const struct vm *vm,
				 struct json_object *changes)
{
	struct json_object *def = deep_copy(vm->def);

	json_object_object_foreach(changes, key, val) {
		if (strcmp(key, "name") != 0)
			json_object_object_add(def, key, deep_copy(val));
	}
	return def;
}

/* Adds the image copy's sha256, size and file to img. */
static void add_image_copy(struct json_object *img, const struct vm *vm)
{
	json_object_object_add(img, "sha256",
			       json_object_new_string(vm->image.sha256));
	json_object_object_add(img, "size",
			       json_object_new_int64(vm->image.size));
	json_object_object_add(img, "file",
			       json_object_new_string(vm->image.file));
}

struct json_object *vm_to_file(const struct vm *vm)
{
	struct json_object *o = json_object_new_object();
	struct json_object *img = json_object_new_object();

	add_image_copy(img, vm);
	json_object_object_add(o, "format_version",
			       json_object_new_int(HV_STATE_FORMAT_VERSION));
	json_object_object_add(o, "definition", deep_copy(vm->def));
	json_object_object_add(o, "image_copy", img);
	return o;
}

static bool read_image_copy(struct json_object *img, struct image_copy *out,
			    const char *name, char *why, size_t whysize)
{
	struct json_object *sha, *size, *file;
	char expect[NAME_MAX + 1];

	if (!json_object_object_get_ex(img, "sha256", &sha) ||
	    !json_object_is_type(sha, json_type_string) ||
	    json_object_get_string_len(sha) != SHA256_HEX_SIZE - 1 ||
	    !rpc_charset_match("0-9a-f", json_object_get_string(sha),
			       SHA256_HEX_SIZE - 1) ||
	    !json_object_object_get_ex(img, "size", &size) ||
	    !json_object_is_type(size, json_type_int) ||
	    json_object_get_int64(size) < 0 ||
	    !json_object_object_get_ex(img, "file", &file) ||
	    !json_object_is_type(file, json_type_string)) {
		snprintf(why, whysize, "bad image_copy");
		return false;
	}
	memcpy(out->sha256, json_object_get_string(sha), SHA256_HEX_SIZE);
	out->size = json_object_get_int64(size);
	/* The copy's name is derived, never trusted from the file. */
	snprintf(expect, sizeof(expect), "%s-%s.img", name, out->sha256);
	if (strcmp(expect, json_object_get_string(file)) != 0) {
		snprintf(why, whysize, "image_copy.file is not %s", expect);
		return false;
	}
	memcpy(out->file, expect, sizeof(out->file));
	return true;
}

struct vm *vm_from_file(struct json_object *file, const char *name,
			bool *future, char *why, size_t whysize)
{
	struct json_object *ver, *def = NULL, *img, *n;
	struct image_copy copy;
	struct rpc_error err;

	*future = false;
	if (!json_object_is_type(file, json_type_object) ||
	    !json_object_object_get_ex(file, "format_version", &ver) ||
	    !json_object_is_type(ver, json_type_int) ||
	    json_object_get_int64(ver) < 1) {
		snprintf(why, whysize, "no valid format_version");
		return NULL;
	}
	if (json_object_get_int64(ver) > HV_STATE_FORMAT_VERSION) {
		*future = true;
		snprintf(why, whysize, "format_version %lld is newer than %d",
			 (long long)json_object_get_int64(ver),
			 HV_STATE_FORMAT_VERSION);
		return NULL;
	}
	if (!json_object_object_get_ex(file, "definition", &def) ||
	    !rpc_params_check(&hvd_methods[HVD_VM_CREATE], def, &err)) {
		snprintf(why, whysize, "bad definition: %s",
			 def ? err.message : "missing");
		return NULL;
	}
	json_object_object_get_ex(def, "name", &n);
	if (strcmp(json_object_get_string(n), name) != 0) {
		snprintf(why, whysize, "definition is for VM '%s'",
			 json_object_get_string(n));
		return NULL;
	}
	memset(&copy, 0, sizeof(copy));
	if (!json_object_object_get_ex(file, "image_copy", &img) ||
	    !read_image_copy(img, &copy, name, why, whysize))
		return NULL;
	return vm_new(deep_copy(def), &copy);
}

struct json_object *vm_info_json(const struct vm *vm)
{
	struct json_object *o = deep_copy(vm->def), *img;

	json_object_object_add(o, "state", vm_state_json(vm->state));
	if (!json_object_object_get_ex(o, "initrd", NULL))
		json_object_object_add(o, "initrd", NULL);
	json_object_object_get_ex(o, "image", &img);
	json_object_object_add(img, "source",
			       json_object_get(json_object_object_get(img,
								      "path")));
	json_object_object_del(img, "path");
	add_image_copy(img, vm);
	return o;
}

struct json_object *vm_list_entry(const struct vm *vm)
{
	static const char *const keys[] = {
		"memory_mib", "vcpus", "autostart"
	};
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(vm->name));
	json_object_object_add(o, "state", vm_state_json(vm->state));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		json_object_object_add(o, keys[i],
				       json_object_get(json_object_object_get(
					       vm->def, keys[i])));
	return o;
}

struct json_object *vm_state_json(enum vm_state state)
{
	return json_object_new_string(vm_state_name(state));
}

bool vm_def_bool(const struct vm *vm, const char *key)
{
	return json_object_get_boolean(json_object_object_get(vm->def, key));
}
