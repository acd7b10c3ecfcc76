/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * auth.h: who may call what. A pure decision on the peer's credentials
 * (SO_PEERCRED and SO_PEERGROUPS, read when the client connects) so that
 * unit tests can exercise every case.
 */
#ifndef HV_DAEMON_AUTH_H
#define HV_DAEMON_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define AUTH_MAX_GROUPS 64

struct peer_cred {
	pid_t pid;
	uid_t uid;
	gid_t gid;
	size_t ngroups;			/* supplementary groups known */
	gid_t groups[AUTH_MAX_GROUPS];
};

/* Who hvd trusts with state changes. */
struct auth_policy {
	uid_t self_uid;			/* hvd's own uid */
	bool have_admin_gid;		/* the group (hvd) exists */
	gid_t admin_gid;
};

enum auth_verdict {
	AUTH_ALLOWED,
	AUTH_DENIED_RO_SOCKET,	/* state change on the read-only socket */
	AUTH_DENIED_PEER,	/* peer neither root, hvd's uid, nor in group */
};

enum auth_verdict auth_check(const struct auth_policy *policy,
			     const struct peer_cred *peer,
			     bool ro_socket, bool changes_state);

/* Reads the peer's credentials from a connected unix socket. */
bool auth_read_peer(int fd, struct peer_cred *peer);

#endif
