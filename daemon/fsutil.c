// SPDX-License-Identifier: GPL-2.0-only
/*
 * fsutil.c: directory creation and the temporary-file-fsync-rename-fsync
 * sequence that makes hvd's state files crash safe.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/fsutil.h"

int mkdir_p(const char *dir, mode_t mode)
{
	char path[PATH_MAX];
	size_t len = strlen(dir);

	if (len == 0 || len >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, len + 1);
	for (char *p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(path, mode) < 0 && errno != EEXIST)
			return -1;
		*p = c;
		if (!c)
			break;
	}
	return 0;
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int write_file_atomic(int dirfd, const char *name, const void *data,
		      size_t len, mode_t mode)
{
	char tmp[NAME_MAX + 1];
	int fd, saved;

	if (snprintf(tmp, sizeof(tmp), ".%s.tmp", name) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    mode);
	if (fd < 0)
		return -1;
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (renameat(dirfd, tmp, dirfd, name) < 0)
		goto fail_closed;
	return fsync(dirfd);
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	errno = saved;
fail_closed:
	saved = errno;
	unlinkat(dirfd, tmp, 0);
	errno = saved;
	return -1;
}
