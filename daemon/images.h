/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * images.h: VM images kept by hvd. vm.create and vm.update copy the image
 * (from a path hvd opens, or an fd the client sent) into STATE/images/ as
 * NAME-SHA256.img, hashing while copying; the VM's definition then refers
 * to that copy only.
 */
#ifndef HV_DAEMON_IMAGES_H
#define HV_DAEMON_IMAGES_H

#include <limits.h>
#include <stddef.h>

#include "daemon/sha256.h"

struct image_copy {
	char sha256[SHA256_HEX_SIZE];
	long long size;
	char file[NAME_MAX + 1];	/* name inside STATE/images/ */
};

/* Opens path for import: must be a regular file. fd, or -1 with why. */
int image_open(const char *path, char *why, size_t whysize);

/*
 * Copies the regular file src (from offset 0; its file position is left
 * alone) into images_dirfd for VM vm_name, durably. 0, or -1 with why.
 */
int image_import(int images_dirfd, const char *vm_name, int src,
		 struct image_copy *out, char *why, size_t whysize);

/* Removes a copy (no error when it is already gone). */
void image_remove(int images_dirfd, const struct image_copy *img);

#endif
