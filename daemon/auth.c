// SPDX-License-Identifier: GPL-2.0-only
/*
 * auth.c: the authorization rule for hvd's sockets, and reading a peer's
 * credentials. Reading is open to anyone who can connect (the sockets'
 * modes decide that); changing state needs the read-write socket and a
 * peer that is root, hvd's own user, or a member of hvd's group.
 */
#include <sys/socket.h>

#include "daemon/auth.h"

static bool in_group(const struct peer_cred *peer, gid_t gid)
{
	if (peer->gid == gid)
		return true;
	for (size_t i = 0; i < peer->ngroups; i++)
		if (peer->groups[i] == gid)
			return true;
	return false;
}

enum auth_verdict auth_check(const struct auth_policy *policy,
			     const struct peer_cred *peer,
			     bool ro_socket, bool changes_state)
{
	if (!changes_state)
		return AUTH_ALLOWED;
	if (ro_socket)
		return AUTH_DENIED_RO_SOCKET;
	if (peer->uid == 0 || peer->uid == policy->self_uid)
		return AUTH_ALLOWED;
	if (policy->have_admin_gid && in_group(peer, policy->admin_gid))
		return AUTH_ALLOWED;
	return AUTH_DENIED_PEER;
}

bool auth_read_peer(int fd, struct peer_cred *peer)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return false;
	peer->pid = cred.pid;
	peer->uid = cred.uid;
	peer->gid = cred.gid;
	len = sizeof(peer->groups);
	/* Without SO_PEERGROUPS (or with too many groups) only gid counts. */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, peer->groups, &len) == 0)
		peer->ngroups = len / sizeof(gid_t);
	else
		peer->ngroups = 0;
	return true;
}
