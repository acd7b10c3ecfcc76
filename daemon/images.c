// SPDX-License-Identifier: GPL-2.0-only
/*
 * images.c: copies VM images into the state directory with their SHA-256.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/fsutil.h"
#include "daemon/images.h"

int image_open(const char *path, char *why, size_t whysize)
{
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(why, whysize, "cannot open image %s: %s", path,
			 strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, whysize, "image %s is not a regular file", path);
		close(fd);
		return -1;
	}
	return fd;
}

static int copy_hashed(int src, int dst, struct sha256 *h, long long *size,
		       char *why, size_t whysize)
{
	static char buf[1 << 16];
	off_t off = 0;

	for (;;) {
		ssize_t n = pread(src, buf, sizeof(buf), off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(why, whysize, "reading the image: %s",
				 strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		sha256_update(h, buf, (size_t)n);
		if (write_all(dst, buf, (size_t)n) < 0) {
			snprintf(why, whysize, "writing the image copy: %s",
				 strerror(errno));
			return -1;
		}
		off += n;
	}
	*size = (long long)off;
	return 0;
}

int image_import(int images_dirfd, const char *vm_name, int src,
		 struct image_copy *out, char *why, size_t whysize)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	char tmp[NAME_MAX + 1];
	struct sha256 h;
	struct stat st;
	int dst;

	if (fstat(src, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, whysize, "the image is not a regular file");
		return -1;
	}
	snprintf(tmp, sizeof(tmp), ".%s.import.tmp", vm_name);
	dst = openat(images_dirfd, tmp,
		     O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (dst < 0) {
		snprintf(why, whysize, "creating the image copy: %s",
			 strerror(errno));
		return -1;
	}
	sha256_init(&h);
	if (copy_hashed(src, dst, &h, &out->size, why, whysize) < 0)
		goto fail;
	if (fsync(dst) < 0) {
		snprintf(why, whysize, "syncing the image copy: %s",
			 strerror(errno));
		goto fail;
	}
	sha256_final(&h, digest);
	sha256_hex(digest, out->sha256);
	snprintf(out->file, sizeof(out->file), "%s-%s.img", vm_name,
		 out->sha256);
	if (renameat(images_dirfd, tmp, images_dirfd, out->file) < 0 ||
	    fsync(images_dirfd) < 0) {
		snprintf(why, whysize, "storing the image copy: %s",
			 strerror(errno));
		goto fail;
	}
	close(dst);
	return 0;
fail:
	close(dst);
	unlinkat(images_dirfd, tmp, 0);
	return -1;
}

void image_remove(int images_dirfd, const struct image_copy *img)
{
	if (img->file[0])
		unlinkat(images_dirfd, img->file, 0);
}
