// SPDX-License-Identifier: GPL-2.0-only
/*
 * privdrop.c: hvd's one-way change from root to its user (privdrop.h).
 * libcap-ng clears every capability set and the bounding set while
 * changing ids; PR_SET_NO_NEW_PRIVS then keeps any exec from gaining one.
 */
#include <errno.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cap-ng.h>

#include "daemon/privdrop.h"

static uid_t chown_uid;
static gid_t chown_gid;

int user_resolve(const char *user, uid_t *uid, gid_t *gid, char *why,
		 size_t len)
{
	struct passwd *pw;
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(user, &end, 10);
	if (*user && !*end && !errno && n < (uid_t)-1) {
		*uid = (uid_t)n;
		*gid = (gid_t)n;
		return 0;
	}
	pw = getpwnam(user);
	if (!pw) {
		snprintf(why, len, "user '%s' does not exist", user);
		return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

static int give(const char *path, const struct stat *st, int flag,
		struct FTW *ftw)
{
	return lchown(path, chown_uid, chown_gid) < 0 ? -1 : 0;
}

int privdrop(const char *user, const char *top, const char *const *dirs,
	     char *why, size_t len)
{
	struct passwd *pw;
	uid_t uid;
	gid_t gid;
	int err;

	if (user_resolve(user, &uid, &gid, why, len) < 0)
		return -1;
	if (uid == 0) {
		snprintf(why, len, "user '%s' is root: hvd must not run as "
			 "root", user);
		return -1;
	}
	chown_uid = uid;
	chown_gid = gid;
	if (lchown(top, uid, gid) < 0) {
		snprintf(why, len, "cannot give %s to %s: %s", top, user,
			 strerror(errno));
		return -1;
	}
	for (; *dirs; dirs++) {
		if (nftw(*dirs, give, 16, FTW_PHYS) < 0) {
			snprintf(why, len, "cannot give %s to %s: %s", *dirs,
				 user, strerror(errno));
			return -1;
		}
	}
	pw = getpwuid(uid);
	err = pw ? initgroups(pw->pw_name, gid) : setgroups(0, NULL);
	if (err < 0) {
		snprintf(why, len, "groups of %s: %s", user, strerror(errno));
		return -1;
	}
	capng_clear(CAPNG_SELECT_BOTH);
	err = capng_change_id((int)uid, (int)gid, CAPNG_CLEAR_BOUNDING);
	if (err < 0) {
		snprintf(why, len, "cannot become %s (capng_change_id %d)",
			 user, err);
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(why, len, "no_new_privs: %s", strerror(errno));
		return -1;
	}
	return 0;
}
