// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-auth.c: the authorization rule (read-only socket, root, hvd's own
 * user, hvd's group as primary or supplementary group, everyone else), and
 * reading real peer credentials from a socket pair.
 */
#include <sys/socket.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "daemon/auth.h"

static const struct auth_policy policy = {
	.self_uid = 990, .have_admin_gid = true, .admin_gid = 990,
};

static struct peer_cred peer(uid_t uid, gid_t gid, gid_t extra)
{
	struct peer_cred p = { .pid = 1, .uid = uid, .gid = gid };

	if (extra) {
		p.groups[0] = extra;
		p.ngroups = 1;
	}
	return p;
}

Test(auth, read_only_methods_open_to_all)
{
	struct peer_cred p = peer(1000, 1000, 0);

	cr_assert_eq(auth_check(&policy, &p, false, false), AUTH_ALLOWED);
	cr_assert_eq(auth_check(&policy, &p, true, false), AUTH_ALLOWED);
}

Test(auth, ro_socket_refuses_changes_even_to_root)
{
	struct peer_cred p = peer(0, 0, 0);

	cr_assert_eq(auth_check(&policy, &p, true, true),
		     AUTH_DENIED_RO_SOCKET);
}

Test(auth, who_may_change_state)
{
	struct peer_cred root = peer(0, 0, 0), self = peer(990, 5, 0);
	struct peer_cred primary = peer(1000, 990, 0);
	struct peer_cred supplementary = peer(1000, 1000, 990);
	struct peer_cred other = peer(1000, 1000, 27);

	cr_assert_eq(auth_check(&policy, &root, false, true), AUTH_ALLOWED);
	cr_assert_eq(auth_check(&policy, &self, false, true), AUTH_ALLOWED);
	cr_assert_eq(auth_check(&policy, &primary, false, true), AUTH_ALLOWED);
	cr_assert_eq(auth_check(&policy, &supplementary, false, true),
		     AUTH_ALLOWED);
	cr_assert_eq(auth_check(&policy, &other, false, true),
		     AUTH_DENIED_PEER);
}

Test(auth, no_group_means_no_group_members)
{
	struct auth_policy nogroup = { .self_uid = 990 };
	struct peer_cred p = peer(1000, 0, 0);

	/* gid 0 would match admin_gid 0 if the missing group counted */
	cr_assert_eq(auth_check(&nogroup, &p, false, true), AUTH_DENIED_PEER);
}

Test(auth, reads_peer_credentials)
{
	struct peer_cred p;
	int sv[2];

	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	cr_assert(auth_read_peer(sv[0], &p));
	cr_assert_eq(p.uid, getuid());
	cr_assert_eq(p.gid, getgid());
	cr_assert_eq(p.pid, getpid());
	close(sv[0]);
	close(sv[1]);
	cr_assert_not(auth_read_peer(-1, &p));
}
