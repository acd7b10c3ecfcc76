// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-registry.c: VM definitions survive a reopen; corrupt, foreign and
 * future state files are reported by name, skipped and left untouched;
 * images are copied with the right SHA-256; files are replaced atomically.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "daemon/fsutil.h"
#include "daemon/log.h"
#include "daemon/registry.h"
#include "daemon/sha256.h"
#include "tests/rpc/harness.h"

static char dir[64], state[128], image[128], errlog[128];
static int saved_stderr = -1;

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/hvreg.XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(state, sizeof(state), "%s/state", dir);
	snprintf(image, sizeof(image), "%s/image", dir);
	snprintf(errlog, sizeof(errlog), "%s/stderr", dir);
	/* log.c writes to stderr here (no journal socket in the check) */
	log_init();
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	int fd = open(errlog, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	dup2(fd, STDERR_FILENO);
	close(fd);
}

static void teardown(void)
{
	char cmd[128];

	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

/* Imports image and stores a VM called name in r. */
static struct vm *add_vm(struct registry *r, const char *name, int vcpus)
{
	char text[400], why[300];
	struct image_copy copy;
	struct json_object *def;
	struct vm *vm;
	int fd = open(image, O_RDONLY);

	cr_assert_geq(fd, 0);
	cr_assert_eq(image_import(r->images_dirfd, name, fd, &copy, why,
				  sizeof(why)), 0, "%s", why);
	close(fd);
	snprintf(text, sizeof(text), "{\"name\":\"%s\",\"memory_mib\":128,"
		 "\"vcpus\":%d,\"image\":{\"path\":\"%s\",\"format\":\"elf\"},"
		 "\"autostart\":true}", name, vcpus, image);
	def = json_tokener_parse(text);
	vm = vm_new(def, &copy);
	cr_assert_not_null(vm);
	cr_assert_eq(registry_store(r, vm), 0);
	return vm;
}

TestSuite(registry, .init = setup, .fini = teardown);

Test(registry, survives_reopen)
{
	struct registry r;
	char why[300], a[2048];
	struct vm *vm;

	put_file(image, "abc");
	cr_assert_eq(registry_open(&r, state, why, sizeof(why)), 0, "%s", why);
	add_vm(&r, "beta", 2);
	add_vm(&r, "..", 2);	/* names may start with dots */
	add_vm(&r, ".hidden", 2);
	vm = add_vm(&r, "alpha", 1);
	snprintf(a, sizeof(a), "%s", json_object_to_json_string(
			 vm_info_json(vm)));
	cr_assert_eq(r.count, 4);
	cr_assert_str_eq(r.vms[2]->name, "alpha", "kept sorted");
	registry_close(&r);

	cr_assert_eq(registry_open(&r, state, why, sizeof(why)), 0);
	cr_assert_eq(r.count, 4);
	cr_assert_not_null(registry_find(&r, ".."));
	cr_assert_not_null(registry_find(&r, ".hidden"));
	cr_assert_eq(r.skipped, 0);
	vm = registry_find(&r, "alpha");
	cr_assert_not_null(vm);
	cr_assert_str_eq(json_object_to_json_string(vm_info_json(vm)), a);
	cr_assert_str_eq(vm->image.sha256, "ba7816bf8f01cfea414140de5dae2223"
			 "b00361a396177a9cb410ff61f20015ad");
	cr_assert_eq(vm->image.size, 3);
	cr_assert(vm_def_bool(vm, "autostart"));
	cr_assert_not(vm_def_bool(vm, "dirty_log"), "defaults filled");
	cr_assert_null(registry_find(&r, "gamma"));
	registry_close(&r);
}

Test(registry, replace_and_delete)
{
	struct registry r;
	char why[300], path[512];
	struct vm *vm;
	struct json_object *v;

	put_file(image, "abc");
	cr_assert_eq(registry_open(&r, state, why, sizeof(why)), 0);
	add_vm(&r, "a", 1);
	add_vm(&r, "a", 3);
	cr_assert_eq(r.count, 1);
	vm = registry_find(&r, "a");
	json_object_object_get_ex(vm->def, "vcpus", &v);
	cr_assert_eq(json_object_get_int(v), 3);
	snprintf(path, sizeof(path), "%s/images/%s", state, vm->image.file);
	cr_assert_eq(access(path, F_OK), 0);
	cr_assert_eq(registry_delete(&r, vm), 0);
	cr_assert_eq(r.count, 0);
	cr_assert_neq(access(path, F_OK), 0, "image copy removed");
	snprintf(path, sizeof(path), "%s/vms/a.json", state);
	cr_assert_neq(access(path, F_OK), 0, "definition removed");
	registry_close(&r);
}

static const struct {
	const char *file;
	const char *text;
	const char *logged;
} bad_files[] = {
	{ "garbage.json", "{not json", "garbage.json" },
	{ "future.json", "{\"format_version\":99,\"definition\":{}}",
	  "future.json: format_version 99 is newer" },
	{ "other.json", NULL, "other.json: definition is for VM 'good'" },
	{ "noimage.json", NULL, "noimage.json: image_copy" },
	{ "badparam.json", "{\"format_version\":1,\"definition\":{\"name\":"
	  "\"badparam\",\"memory_mib\":0}}", "badparam.json: bad definition" },
	{ "empty.json", "", "empty.json" },
};

Test(registry, corrupt_files_skipped_and_kept)
{
	struct registry r;
	char why[300], path[512], good[1 << 16], text[1 << 16];
	size_t n = sizeof(bad_files) / sizeof(bad_files[0]);
	const char *log;
	char *s;

	put_file(image, "abc");
	cr_assert_eq(registry_open(&r, state, why, sizeof(why)), 0);
	add_vm(&r, "good", 1);
	registry_close(&r);
	snprintf(path, sizeof(path), "%s/vms/good.json", state);
	snprintf(good, sizeof(good), "%s", read_text_file(path));

	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/vms/%s", state,
			 bad_files[i].file);
		if (bad_files[i].text) {
			put_file(path, bad_files[i].text);
			continue;
		}
		/* a well-formed file that does not match its name/image */
		snprintf(text, sizeof(text), "%s", good);
		if (strcmp(bad_files[i].file, "noimage.json") == 0) {
			s = strstr(text, "\"good\"");
			memcpy(s, "\"noim\"", 6);
			s = strstr(text, "good-");
			cr_assert_not_null(s);
			memcpy(s, "noim-", 5);
			snprintf(path, sizeof(path), "%s/vms/noim.json", state);
		}
		put_file(path, text);
	}
	snprintf(path, sizeof(path), "%s/vms/.good.json.tmp", state);
	put_file(path, "half-writ");

	cr_assert_eq(registry_open(&r, state, why, sizeof(why)), 0);
	cr_assert_eq(r.count, 1, "only the good VM loads");
	cr_assert_not_null(registry_find(&r, "good"));
	cr_assert_eq(r.skipped, n);
	registry_close(&r);
	fflush(stderr);
	log = read_text_file(errlog);
	cr_assert_not_null(log);
	for (size_t i = 0; i < n; i++) {
		const char *want = bad_files[i].logged;

		if (strcmp(bad_files[i].file, "noimage.json") == 0)
			want = "noim.json: image copy";
		cr_assert_not_null(strstr(log, want), "log lacks '%s':\n%s",
				   want, log);
	}
	/* nothing deleted or rewritten */
	for (size_t i = 0; i < n; i++) {
		if (!bad_files[i].text)
			continue;
		snprintf(path, sizeof(path), "%s/vms/%s", state,
			 bad_files[i].file);
		cr_assert_str_eq(read_text_file(path), bad_files[i].text);
	}
}

Test(registry, image_copy_is_independent_of_source)
{
	struct registry r;
	char why[300], path[512];
	struct vm *vm;

	put_file(image, "abc");
	cr_assert_eq(registry_open(&r, state, why, sizeof(why)), 0);
	vm = add_vm(&r, "a", 1);
	put_file(image, "changed");
	snprintf(path, sizeof(path), "%s/images/%s", state, vm->image.file);
	cr_assert_str_eq(read_text_file(path), "abc");
	cr_assert_eq(image_open("/dev/null", why, sizeof(why)), -1,
		     "only regular files are images");
	cr_assert_eq(image_open("/nonexistent", why, sizeof(why)), -1);
	registry_close(&r);
}

Test(registry, atomic_write_replaces)
{
	char path[300];
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);

	cr_assert_eq(write_file_atomic(dfd, "f", "one", 3, 0600), 0);
	cr_assert_eq(write_file_atomic(dfd, "f", "two!", 4, 0600), 0);
	snprintf(path, sizeof(path), "%s/f", dir);
	cr_assert_str_eq(read_text_file(path), "two!");
	snprintf(path, sizeof(path), "%s/.f.tmp", dir);
	cr_assert_neq(access(path, F_OK), 0, "no temporary left");
	close(dfd);
}

static void hex_of(const void *data, size_t len, size_t chunk, char *hex)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	const char *p = data;
	struct sha256 s;

	sha256_init(&s);
	for (size_t off = 0; off < len; off += chunk)
		sha256_update(&s, p + off,
			      len - off < chunk ? len - off : chunk);
	sha256_final(&s, d);
	sha256_hex(d, hex);
}

Test(sha256, fips_vectors)
{
	static const char *const msg448 =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const char *const msg896 =
		"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	char hex[SHA256_HEX_SIZE];
	char *million = malloc(1000000);

	hex_of("", 0, 1, hex);
	cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb924"
			 "27ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, 1, hex);
	cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
			 "b00361a396177a9cb410ff61f20015ad");
	for (size_t chunk = 1; chunk <= 64; chunk += 7) {
		hex_of(msg448, strlen(msg448), chunk, hex);
		cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039"
				 "a33ce45964ff2167f6ecedd419db06c1");
	}
	hex_of(msg896, strlen(msg896), 1000, hex);
	cr_assert_str_eq(hex, "cf5b16a778af8380036ce59e7b049237"
			 "0b249b11e8f07a51afac45037afee9d1");
	memset(million, 'a', 1000000);
	hex_of(million, 1000000, 4099, hex);
	cr_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
			 "f1809a48a497200e046d39ccc7112cd0");
	free(million);
}
