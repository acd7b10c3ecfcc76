// SPDX-License-Identifier: GPL-2.0-only
/*
 * registry.c: the VM set in memory and its one-file-per-VM store.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/fsutil.h"
#include "daemon/log.h"
#include "daemon/registry.h"
#include "proto/rpc-framing.h"

#define SUFFIX ".json"

static int open_dir(const char *state_dir, const char *sub)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", state_dir, sub);
	if (mkdir_p(path, 0750) < 0)
		return -1;
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* Index of name, or of where it would go (with *found false). */
static size_t lookup(const struct registry *r, const char *name, bool *found)
{
	size_t lo = 0, hi = r->count;

	*found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->vms[mid]->name, name);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct vm *registry_find(const struct registry *r, const char *name)
{
	bool found;
	size_t i = lookup(r, name, &found);

	return found ? r->vms[i] : NULL;
}

/* Puts vm in the set, replacing one of the same name. */
static int insert(struct registry *r, struct vm *vm)
{
	bool found;
	size_t i = lookup(r, vm->name, &found);

	if (found) {
		vm_free(r->vms[i]);
		r->vms[i] = vm;
		return 0;
	}
	if (r->count == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct vm **v = realloc(r->vms, cap * sizeof(*v));

		if (!v)
			return -1;
		r->vms = v;
		r->cap = cap;
	}
	memmove(r->vms + i + 1, r->vms + i, (r->count - i) * sizeof(*r->vms));
	r->vms[i] = vm;
	r->count++;
	return 0;
}

static struct json_object *read_json(int dirfd, const char *file,
				     char *why, size_t whysize)
{
	struct json_tokener *tok;
	struct json_object *o = NULL;
	static char buf[RPC_MAX_MESSAGE];
	ssize_t n;
	int fd;

	fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(why, whysize, "%s", strerror(errno));
		return NULL;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0 || n == (ssize_t)sizeof(buf)) {
		snprintf(why, whysize, "%s", n < 0 ? strerror(errno) :
			 "file too large");
		return NULL;
	}
	tok = json_tokener_new_ex(RPC_MAX_DEPTH);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
			       JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, buf, (int)n);
	if (!o || json_tokener_get_parse_end(tok) != (size_t)n) {
		snprintf(why, whysize, "not JSON (%s)",
			 json_tokener_error_desc(json_tokener_get_error(tok)));
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

static void load_one(struct registry *r, const char *file)
{
	size_t len = strlen(file) - strlen(SUFFIX);
	char name[HV_VM_NAME_MAX + 1], why[300];
	struct json_object *o;
	struct vm *vm = NULL;
	bool future = false;

	if (len == 0 || len > HV_VM_NAME_MAX) {
		snprintf(why, sizeof(why), "not a VM name");
		goto skip;
	}
	memcpy(name, file, len);
	name[len] = '\0';
	o = read_json(r->vms_dirfd, file, why, sizeof(why));
	if (o)
		vm = vm_from_file(o, name, &future, why, sizeof(why));
	json_object_put(o);
	if (vm && faccessat(r->images_dirfd, vm->image.file, R_OK, 0) < 0) {
		snprintf(why, sizeof(why), "image copy %s: %s",
			 vm->image.file, strerror(errno));
		vm_free(vm);
		vm = NULL;
	}
	if (vm && insert(r, vm) == 0)
		return;
	vm_free(vm);
skip:
	r->skipped++;
	hvd_log(LOG_ERR, NULL,
		future ? "STATE_FILE_FUTURE" : "STATE_FILE_CORRUPT",
		"skipping state file vms/%s: %s (left untouched)", file, why);
}

static int load(struct registry *r)
{
	int fd = dup(r->vms_dirfd);
	struct dirent *e;
	DIR *d;

	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		/*
		 * Temporaries of interrupted writes (".NAME.json.tmp") do not
		 * end in .json; VM names may start with a dot, so dot files
		 * are definitions too.
		 */
		if (len <= strlen(SUFFIX) ||
		    strcmp(e->d_name + len - strlen(SUFFIX), SUFFIX) != 0)
			continue;
		load_one(r, e->d_name);
	}
	closedir(d);
	return 0;
}

int registry_open(struct registry *r, const char *state_dir,
		  char *why, size_t whysize)
{
	memset(r, 0, sizeof(*r));
	r->images_dirfd = -1;
	r->vms_dirfd = open_dir(state_dir, "vms");
	if (r->vms_dirfd >= 0)
		r->images_dirfd = open_dir(state_dir, "images");
	if (r->vms_dirfd < 0 || r->images_dirfd < 0 || load(r) < 0) {
		snprintf(why, whysize, "state directory %s: %s", state_dir,
			 strerror(errno));
		registry_close(r);
		return -1;
	}
	return 0;
}

void registry_close(struct registry *r)
{
	for (size_t i = 0; i < r->count; i++)
		vm_free(r->vms[i]);
	free(r->vms);
	if (r->vms_dirfd >= 0)
		close(r->vms_dirfd);
	if (r->images_dirfd >= 0)
		close(r->images_dirfd);
	memset(r, 0, sizeof(*r));
	r->vms_dirfd = r->images_dirfd = -1;
}

int registry_store(struct registry *r, struct vm *vm)
{
	struct json_object *o = vm_to_file(vm);
	char file[HV_VM_NAME_MAX + sizeof(SUFFIX)];
	const char *text;
	size_t len;
	int ret;

	snprintf(file, sizeof(file), "%s" SUFFIX, vm->name);
	text = json_object_to_json_string_length(o, JSON_C_TO_STRING_PRETTY |
						 JSON_C_TO_STRING_NOSLASHESCAPE,
						 &len);
	ret = write_file_atomic(r->vms_dirfd, file, text, len, 0640);
	json_object_put(o);
	if (ret == 0 && insert(r, vm) < 0) {
		errno = ENOMEM;
		ret = -1;
	}
	if (ret == 0)
		r->generation++;
	return ret;
}

int registry_delete(struct registry *r, struct vm *vm)
{
	char file[HV_VM_NAME_MAX + sizeof(SUFFIX)];
	bool found;
	size_t i = lookup(r, vm->name, &found);

	snprintf(file, sizeof(file), "%s" SUFFIX, vm->name);
	if (unlinkat(r->vms_dirfd, file, 0) < 0 || fsync(r->vms_dirfd) < 0)
		return -1;
	image_remove(r->images_dirfd, &vm->image);
	if (found) {
		memmove(r->vms + i, r->vms + i + 1,
			(r->count - i - 1) * sizeof(*r->vms));
		r->count--;
	}
	vm_free(vm);
	r->generation++;
	return 0;
}
