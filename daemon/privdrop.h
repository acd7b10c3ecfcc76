/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * privdrop.h: hvd, started as root, becoming its configured user for good:
 * real, effective and saved uid and gid, that user's groups, no
 * capability in any set nor in the bounding set, no new privileges.
 */
#ifndef HV_DAEMON_PRIVDROP_H
#define HV_DAEMON_PRIVDROP_H

#include <stddef.h>
#include <sys/types.h>

/* NAME or a number (uid and gid both); 0 or -1 with why filled. */
int user_resolve(const char *user, uid_t *uid, gid_t *gid, char *why,
		 size_t len);

/*
 * Gives top (itself only: the helper keeps a root-only directory in the
 * runtime directory) and the dirs (with what they hold; NULL-terminated)
 * to user, then drops to it. 0, or -1 with why filled (hvd must then
 * exit: it may be half-dropped).
 */
int privdrop(const char *user, const char *top, const char *const *dirs,
	     char *why, size_t len);

#endif
