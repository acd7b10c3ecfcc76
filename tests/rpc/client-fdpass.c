// SPDX-License-Identifier: GPL-2.0-only
/*
 * client-fdpass.c: hvctl sends the image file itself (SCM_RIGHTS), so a
 * file hvd cannot open by its path still makes a VM.
 *
 * Such a file, honestly made: the tests run as root, and root opens any
 * file whatever its permissions, so modes cannot hide a file from hvd.
 * Instead the file exists only in hvctl's mount namespace: the child that
 * becomes hvctl unshares its mount namespace, mounts a private tmpfs over
 * an empty directory and writes the image there, then execs hvctl. hvd,
 * in the original namespace, sees an empty directory at that path; a raw
 * vm.create naming the path without a descriptor proves it (IMAGE_ERROR).
 * "hvctl create --image PATH" must still succeed, and hvd's copy in its
 * state directory must hold the bytes of the file hvctl saw.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/rpc/client-run.h"
#include "tests/rpc/harness.h"

#define IMAGE_SIZE	8192

static struct hvd_proc hvd;

static void start_hvd(void)
{
	cr_assert(hvd_prepare(&hvd, ""), "cannot make a test directory");
	cr_assert(hvd_start(&hvd), "hvd did not start; see %s", hvd.log);
}

static void stop_hvd(void)
{
	hvd_cleanup(&hvd);
}

TestSuite(hvctl_fdpass, .init = start_hvd, .fini = stop_hvd, .timeout = 60);

struct private_file {
	char dir[160];
	char path[200];
};

/* In the child, before exec: the file appears in its namespace only. */
static int private_mount(void *arg)
{
	struct private_file *pf = arg;

	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("hvtest", pf->dir, "tmpfs", 0, "mode=0700") ||
	    !write_test_file(pf->path, IMAGE_SIZE))
		return -1;
	return 0;
}

/* True when file holds what write_test_file() writes. */
static bool same_as_written(const char *file, size_t size)
{
	FILE *f = fopen(file, "r");
	size_t i;
	bool same = f != NULL;

	for (i = 0; same && i < size; i++)
		same = fgetc(f) == (int)((i * 7 + 3) & 0xff);
	same = same && fgetc(f) == EOF;
	if (f)
		fclose(f);
	return same;
}

Test(hvctl_fdpass, image_hvd_cannot_open_by_path)
{
	struct private_file pf;
	struct json_object *reply, *o, *img, *v;
	struct hvctl_proc r;
	struct client c;
	char copy[400];
	char *line;

	if (geteuid() != 0)
		cr_skip_test("a private mount namespace needs root");
	snprintf(pf.dir, sizeof(pf.dir), "%s/private", hvd.dir);
	snprintf(pf.path, sizeof(pf.path), "%s/guest.img", pf.dir);
	cr_assert(!mkdir(pf.dir, 0700));

	/* hvd cannot open the path: the file is not in its namespace. */
	cr_assert(client_open(&c, hvd.sock));
	line = create_line("byname", pf.path, 1);
	reply = client_call(&c, line);
	free(line);
	client_close(&c);
	cr_assert(reply, "no reply to vm.create");
	cr_expect_str_eq(reply_error_name(reply), "IMAGE_ERROR");
	json_object_put(reply);

	{
		char *argv[] = { "--socket", hvd.sock, "--json", "create",
				 "byfd", "--memory", "64", "--vcpus", "1",
				 "--image", pf.path, "--format", "flat", NULL };

		cr_assert(hvctl_spawn(&r, NULL, private_mount, &pf, argv));
		cr_assert(hvctl_finish(&r, false), "hvctl did not finish");
	}
	cr_assert_neq(r.status, 126, "could not mount a private tmpfs");
	cr_assert_eq(r.status, 0, "hvctl create: %d: %s", r.status, r.err);
	o = json_tokener_parse(r.out);
	cr_assert(o, "output: %s", r.out);
	hvctl_free(&r);
	cr_assert(json_object_object_get_ex(o, "image", &img));
	cr_assert(json_object_object_get_ex(img, "size", &v));
	cr_expect_eq(json_object_get_int64(v), IMAGE_SIZE);
	cr_assert(json_object_object_get_ex(img, "source", &v));
	cr_expect_str_eq(json_object_get_string(v), pf.path);
	cr_assert(json_object_object_get_ex(img, "file", &v));
	snprintf(copy, sizeof(copy), "%s/images/%s", hvd.state,
		 json_object_get_string(v));
	cr_expect(same_as_written(copy, IMAGE_SIZE),
		  "hvd's copy %s differs from the file hvctl sent", copy);
	json_object_put(o);
	/* And the path is still empty for everyone but that hvctl. */
	cr_expect(access(pf.path, F_OK) != 0, "%s visible outside", pf.path);
}
