/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fsutil.h: file-system helpers for hvd's state: directories and atomic,
 * durable file replacement.
 */
#ifndef HV_DAEMON_FSUTIL_H
#define HV_DAEMON_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Creates dir and its missing parents with mode; 0 or -1 and errno. */
int mkdir_p(const char *dir, mode_t mode);

/*
 * Replaces dirfd/name with data so that a crash at any moment leaves
 * either the old or the new content: writes ".name.tmp", fsyncs it,
 * renames it over name and fsyncs the directory. 0 or -1 and errno.
 */
int write_file_atomic(int dirfd, const char *name, const void *data,
		      size_t len, mode_t mode);

/* Writes all of buf to fd; 0 or -1 and errno. */
int write_all(int fd, const void *buf, size_t len);

#endif
