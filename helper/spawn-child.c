// SPDX-License-Identifier: GPL-2.0-only
/*
 * spawn-child.c: the forked child's path from the helper to the monitor:
 * own session, the passed fds at 3.. and nothing else, limits, user and
 * group hv-vm without supplementary groups, no capabilities (bounding set
 * included), no new privileges, not dumpable, the seccomp allow-list,
 * empty environment but LISTEN_FDS/LISTEN_PID. Any failure is written to err_fd as an errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <cap-ng.h>

#include "helper/helper.h"

#define MIB			(1024ULL * 1024)
#define AS_OVERHEAD_MIB		1024ULL	/* libraries, heap, sockets */
#define AS_PER_VCPU_MIB		128ULL	/* stack, malloc arena, kvm_run */
#define NOFILE_BASE		64
#define NOFILE_PER_VCPU		16	/* vcpu, stats and perf fds */

static void __attribute__((noreturn)) die(int err_fd)
{
	int e = errno ? errno : EIO;

	if (write(err_fd, &e, sizeof(e)) < 0)
		_exit(126);
	_exit(127);
}

#define HIGH_FD			(3 + HW_SPAWN_MAX_FDS)

/* Moves fd above the slots the monitor's fds go to (close at exec). */
static int lift(int fd)
{
	return fd < 0 ? fd : fcntl(fd, F_DUPFD_CLOEXEC, HIGH_FD);
}

/* Puts /dev/null at 0-2 and fds[i] at 3 + i; all else closes at exec. */
static int place_fds(const int *fds, unsigned int n)
{
	int high[HW_SPAWN_MAX_FDS], null;
	unsigned int i;

	null = lift(open("/dev/null", O_RDWR | O_CLOEXEC));
	if (null < 0)
		return -1;
	for (i = 0; i < n; i++) {
		high[i] = lift(fds[i]);
		if (high[i] < 0)
			return -1;
	}
	for (i = 0; i < n; i++)
		if (dup2(high[i], 3 + (int)i) < 0)
			return -1;
	if (dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
		return -1;
	return close_range(3 + n, ~0U, CLOSE_RANGE_CLOEXEC);
}

/* Sanitizers reserve terabytes of shadow memory: no RLIMIT_AS for them. */
#ifdef HV_SANITIZER_BUILD
#define LIMIT_AS	0
#else
#define LIMIT_AS	1
#endif

static int set_limits(const struct hw_request *req)
{
	struct rlimit nofile, as, core = { 0, 0 };

	if (getrlimit(RLIMIT_NOFILE, &nofile) < 0)
		return -1;
	nofile.rlim_cur = NOFILE_BASE + NOFILE_PER_VCPU * req->u.spawn.vcpus;
	if (nofile.rlim_cur > nofile.rlim_max)
		nofile.rlim_cur = nofile.rlim_max;
	nofile.rlim_max = nofile.rlim_cur;
	as.rlim_cur = (req->u.spawn.memory_mib + AS_OVERHEAD_MIB +
		       AS_PER_VCPU_MIB * req->u.spawn.vcpus) * MIB;
	as.rlim_max = as.rlim_cur;
	if (setrlimit(RLIMIT_NOFILE, &nofile) < 0 ||
	    setrlimit(RLIMIT_CORE, &core) < 0 ||
	    (LIMIT_AS && setrlimit(RLIMIT_AS, &as) < 0))
		return -1;
	return 0;
}

/* Empties the bounding set, then becomes hv-vm with no capability. */
static int drop_privileges(uid_t uid, gid_t gid)
{
	int cap;

	for (cap = 0; cap <= CAP_LAST_CAP; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 &&
		    errno != EINVAL)
			return -1;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 ||
	    setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 ||
	    setresuid(uid, uid, uid) < 0)
		return -1;
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_apply(CAPNG_SELECT_BOTH))
		return errno = EPERM, -1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return -1;
	return 0;
}

void spawn_child(const struct hreq *h, int go_fd, int err_fd)
{
	const struct hw_request *req = h->req;
	char fds_env[32], pid_env[32];
	char *argv[] = { (char *)h->cfg->monitor, "--name",
			 (char *)req->vm, NULL };
	char *envp[] = { fds_env, pid_env, NULL };
	sigset_t none;
	char go;
	int sig, high;

	errno = 0;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	go_fd = lift(go_fd);
	high = lift(err_fd);
	if (go_fd < 0 || high < 0)
		die(err_fd);
	err_fd = high;
	if (setsid() < 0 || place_fds(h->fds, h->nfds) < 0)
		die(err_fd);
	/* The parent says go once the process sits in its scope. */
	if (read(go_fd, &go, 1) != 1)
		_exit(127);
	snprintf(fds_env, sizeof(fds_env), "LISTEN_FDS=%u", h->nfds);
	snprintf(pid_env, sizeof(pid_env), "LISTEN_PID=%d", (int)getpid());
	if (set_limits(req) < 0 ||
	    drop_privileges(h->cfg->vm_uid, h->cfg->vm_gid) < 0 ||
	    seccomp_confine(getpid()) < 0)
		die(err_fd);
	execve(h->cfg->monitor, argv, envp);
	die(err_fd);
}
