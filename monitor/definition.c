// SPDX-License-Identifier: GPL-2.0-only
/*
 * definition.c: the VM definition file (see definition.h). Keys:
 *   name (1-64 of [A-Za-z0-9._-]), memory_mib (1..1048576), vcpus (1..256),
 *   image {path, format: multiboot|elf|flat|bzimage}, cmdline, initrd,
 *   accel (auto|kvm|hv), memory_backend (anon|memfd|hugetlb|file|uffd,
 *   default memfd), memory_path (file backend; default an unlinked file in
 *   $TMPDIR), uffd_delay_us (0..1000000), async_pf (bool, default true:
 *   advertise the paravirtual async page faults), dirty_log (bool),
 *   autostart (bool, hvd's business, accepted and ignored).
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/definition.h"
#include "monitor/loader.h"

struct key {
	const char *name;
	json_type type;
	int (*set)(struct vm_config *c, struct json_object *v, char *err,
		   size_t errlen);
};

static int bad(char *err, size_t errlen, const char *key, const char *why)
{
	snprintf(err, errlen, "definition: %s: %s", key, why);
	return -1;
}

static int set_string(char **dst, struct json_object *v)
{
	free(*dst);
	*dst = strdup(json_object_get_string(v));
	return *dst ? 0 : -1;
}

static int get_uint(struct json_object *v, uint64_t min, uint64_t max,
		    uint64_t *out)
{
	int64_t n = json_object_get_int64(v);

	if (n < 0 || (uint64_t)n < min || (uint64_t)n > max)
		return -1;
	*out = n;
	return 0;
}

static int set_name(struct vm_config *c, struct json_object *v, char *err,
		    size_t errlen)
{
	const char *s = json_object_get_string(v);
	size_t n = strlen(s);

	if (n < 1 || n > 64 || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				      "abcdefghijklmnopqrstuvwxyz"
				      "0123456789._-") != n)
		return bad(err, errlen, "name",
			   "1-64 characters of [A-Za-z0-9._-]");
	return set_string(&c->name, v);
}

static int set_memory_mib(struct vm_config *c, struct json_object *v,
			  char *err, size_t errlen)
{
	if (get_uint(v, 1, DEF_MAX_MEMORY_MIB, &c->memory_mib) < 0)
		return bad(err, errlen, "memory_mib", "must be 1..1048576");
	return 0;
}

static int set_vcpus(struct vm_config *c, struct json_object *v, char *err,
		     size_t errlen)
{
	uint64_t n;

	if (get_uint(v, 1, DEF_MAX_VCPUS, &n) < 0)
		return bad(err, errlen, "vcpus", "must be 1..256");
	c->vcpus = n;
	return 0;
}

static int set_image(struct vm_config *c, struct json_object *v, char *err,
		     size_t errlen)
{
	struct json_object *path = NULL, *format = NULL;

	json_object_object_foreach(v, k, val) {
		if (strcmp(k, "path") && strcmp(k, "format"))
			return bad(err, errlen, "image", "unknown key (only "
				   "path and format)");
		if (!json_object_is_type(val, json_type_string))
			return bad(err, errlen, k, "must be a string");
	}
	json_object_object_get_ex(v, "path", &path);
	json_object_object_get_ex(v, "format", &format);
	if (!path || !*json_object_get_string(path))
		return bad(err, errlen, "image.path", "missing");
	if (!format)
		return bad(err, errlen, "image.format", "missing");
	if (!loader_find(json_object_get_string(format)))
		return bad(err, errlen, "image.format",
			   "must be multiboot, elf, flat or bzimage");
	if (set_string(&c->image_path, path) < 0 ||
	    set_string(&c->image_format, format) < 0)
		return bad(err, errlen, "image", "out of memory");
	return 0;
}

static int set_cmdline(struct vm_config *c, struct json_object *v,
		       char *err, size_t errlen)
{
	if (strlen(json_object_get_string(v)) >= BOOT_CMDLINE_MAX)
		return bad(err, errlen, "cmdline", "longer than 2047 bytes");
	return set_string(&c->cmdline, v);
}

static int set_initrd(struct vm_config *c, struct json_object *v, char *err,
		      size_t errlen)
{
	return set_string(&c->initrd_path, v);
}

static int set_accel(struct vm_config *c, struct json_object *v, char *err,
		     size_t errlen)
{
	const char *s = json_object_get_string(v);

	if (!strcmp(s, "hv"))
		c->accel = &accel_hv_ops;
	else if (strcmp(s, "auto") && strcmp(s, "kvm"))
		return bad(err, errlen, "accel", "must be auto, kvm or hv");
	return 0;
}

static int set_backend(struct vm_config *c, struct json_object *v,
		       char *err, size_t errlen)
{
	int b = mem_backend_parse(json_object_get_string(v));

	if (b < 0)
		return bad(err, errlen, "memory_backend",
			   "must be anon, memfd, hugetlb, file or uffd");
	c->backend = b;
	return 0;
}

static int set_memory_path(struct vm_config *c, struct json_object *v,
			   char *err, size_t errlen)
{
	return set_string(&c->memory_path, v);
}

static int set_uffd_delay(struct vm_config *c, struct json_object *v,
			  char *err, size_t errlen)
{
	uint64_t n;

	if (get_uint(v, 0, DEF_MAX_UFFD_DELAY_US, &n) < 0)
		return bad(err, errlen, "uffd_delay_us", "must be 0..1000000");
	c->uffd_delay_us = n;
	return 0;
}

static int set_async_pf(struct vm_config *c, struct json_object *v,
			char *err, size_t errlen)
{
	c->async_pf = json_object_get_boolean(v);
	return 0;
}

static int set_dirty_log(struct vm_config *c, struct json_object *v,
			 char *err, size_t errlen)
{
	c->dirty_log = json_object_get_boolean(v);
	return 0;
}

static int set_nothing(struct vm_config *c, struct json_object *v,
		       char *err, size_t errlen)
{
	return 0;
}

static const struct key keys[] = {
	{ "name", json_type_string, set_name },
	{ "memory_mib", json_type_int, set_memory_mib },
	{ "vcpus", json_type_int, set_vcpus },
	{ "image", json_type_object, set_image },
	{ "cmdline", json_type_string, set_cmdline },
	{ "initrd", json_type_string, set_initrd },
	{ "accel", json_type_string, set_accel },
	{ "memory_backend", json_type_string, set_backend },
	{ "memory_path", json_type_string, set_memory_path },
	{ "uffd_delay_us", json_type_int, set_uffd_delay },
	{ "async_pf", json_type_boolean, set_async_pf },
	{ "dirty_log", json_type_boolean, set_dirty_log },
	{ "autostart", json_type_boolean, set_nothing },
};

static const struct key *find_key(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

static int apply(struct vm_config *c, struct json_object *root, char *err,
		 size_t errlen)
{
	static const char *const required[] = { "name", "memory_mib",
						"vcpus", "image" };
	size_t i;

	if (!json_object_is_type(root, json_type_object))
		return bad(err, errlen, "top level", "must be an object");
	json_object_object_foreach(root, k, v) {
		const struct key *key = find_key(k);

		if (!key)
			return bad(err, errlen, k, "unknown key");
		if (!json_object_is_type(v, key->type))
			return bad(err, errlen, k, "wrong type");
		if (key->set(c, v, err, errlen) < 0)
			return -1;
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!json_object_object_get_ex(root, required[i], NULL))
			return bad(err, errlen, required[i], "missing");
	if (c->memory_path && c->backend != MEM_FILE)
		return bad(err, errlen, "memory_path",
			   "only for memory_backend file");
	return 0;
}

/* Applies a parsed definition (root may be NULL: json-c's error). */
static int load_root(struct json_object *root, const char *what,
		     struct vm_config *c, char *err, size_t errlen)
{
	int ret;

	c->backend = MEM_MEMFD;
	c->async_pf = true;
	if (!root) {
		snprintf(err, errlen, "definition %s: %s", what,
			 json_util_get_last_err());
		return -1;
	}
	ret = apply(c, root, err, errlen);
	json_object_put(root);
	if (ret < 0)
		definition_free(c);
	return ret;
}

int definition_load(const char *path, struct vm_config *c, char *err,
		    size_t errlen)
{
	return load_root(json_object_from_file(path), path, c, err, errlen);
}

int definition_load_fd(int fd, struct vm_config *c, char *err,
		       size_t errlen)
{
	return load_root(json_object_from_fd(fd), "(passed fd)", c, err,
			 errlen);
}

void definition_free(struct vm_config *c)
{
	free(c->name);
	free(c->image_path);
	free(c->image_format);
	free(c->cmdline);
	free(c->initrd_path);
	free(c->memory_path);
	c->name = c->image_path = c->image_format = NULL;
	c->cmdline = c->initrd_path = c->memory_path = NULL;
}
