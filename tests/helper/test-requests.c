// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-requests.c: each hvd-helper request against a real helper (--fd
 * mode): the success path where this machine allows it (/dev/kvm,
 * /dev/userfaultfd, spawning, signalling, reaping, tracepoint counters)
 * and the clear error where it does not (/dev/hv, hv.ko, its netlink
 * family); the helper's own and a monitor's /proc status.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/helper/harness.h"

/* CAP_KILL, SETGID, SETUID, SETPCAP, NET_ADMIN, SYS_MODULE, PERFMON */
#define HELPER_CAPS	"00000040000111e0"
#define NO_CAPS		"0000000000000000"

#define NELEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* What hvd-helper(8) says of the helper's and a monitor's status. */
static const struct h_expect helper_status[] = {
	{ "Uid", "0\t0\t0\t0" },
	{ "CapEff", HELPER_CAPS },
	{ "CapPrm", HELPER_CAPS },
	{ "CapBnd", HELPER_CAPS },
	{ "CapInh", NO_CAPS },
	{ "CapAmb", NO_CAPS },
	{ "NoNewPrivs", "1" },
};

static const struct h_expect monitor_status[] = {
	{ "Uid", "64302\t64302\t64302\t64302" },
	{ "Gid", "64302\t64302\t64302\t64302" },
	{ "Groups", "" },
	{ "CapEff", NO_CAPS },
	{ "CapPrm", NO_CAPS },
	{ "CapInh", NO_CAPS },
	{ "CapBnd", NO_CAPS },
	{ "CapAmb", NO_CAPS },
	{ "NoNewPrivs", "1" },
	{ "Seccomp", "2" },
	{ "dumpable", "0" },
	/* outside the allow-list: EPERM */
	{ "inet socket", "Operation not permitted" },
};

TestSuite(requests, .init = hx_setup_started, .fini = hx_teardown, .timeout = 20);

static struct hw_request request(unsigned int type, const char *vm)
{
	struct hw_request req = { .type = (uint16_t)type, .seq = 42 };

	snprintf(req.vm, sizeof(req.vm), "%s", vm);
	return req;
}

static void fd_target(int fd, char *buf, size_t len)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, buf, len - 1);
	cr_assert(n > 0);
	buf[n] = '\0';
}

Test(requests, helper_status_is_documented)
{
	char path[64], text[4096];
	struct hw_request req = request(HW_OPEN_ACCEL, "vm0");
	struct hw_reply rep;
	FILE *f;
	int fd;

	/* One answered request: the helper is past its capability cut. */
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	close(fd);
	snprintf(path, sizeof(path), "/proc/%d/status", (int)hx.helper);
	f = fopen(path, "r");
	cr_assert(f);
	text[fread(text, 1, sizeof(text) - 1, f)] = '\0';
	fclose(f);
	h_expect_fields(text, helper_status, NELEMS(helper_status));
}

Test(requests, open_kvm)
{
	struct hw_request req = request(HW_OPEN_ACCEL, "vm0");
	struct hw_reply rep;
	char target[64];
	int fd;

	req.u.open_accel.accel = HW_ACCEL_KVM;
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_assert_eq(rep.status, 0, "%s", rep.text);
	cr_assert_eq(rep.seq, 42);
	fd_target(fd, target, sizeof(target));
	cr_expect_str_eq(target, "/dev/kvm");
	cr_expect_eq(ioctl(fd, KVM_GET_API_VERSION, 0), KVM_API_VERSION);
	close(fd);
	cr_expect(h_logged(&hx, "request=open-accel", "done"));
}

Test(requests, open_hv_fails_clearly)
{
	struct hw_request req = request(HW_OPEN_ACCEL, "vm0");
	struct hw_reply rep;
	int fd;

	req.u.open_accel.accel = HW_ACCEL_HV;
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_expect_eq(rep.status, -ENOENT);
	cr_expect_eq(fd, -1);
	cr_expect(strstr(rep.text, "/dev/hv") && strstr(rep.text, "hv.ko"),
		  "text: %s", rep.text);
	cr_expect(h_logged(&hx, "peer_uid=64301", "refused: cannot open "
			   "/dev/hv"));
}

Test(requests, open_userfaultfd)
{
	struct hw_request req = request(HW_OPEN_UFFD, "vm0");
	struct hw_reply rep;
	char target[64];
	int fd;

	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_assert_eq(rep.status, 0, "%s", rep.text);
	fd_target(fd, target, sizeof(target));
	cr_expect_str_eq(target, "/dev/userfaultfd");
	close(fd);
}

Test(requests, genl_without_hv_family_fails_clearly)
{
	struct hw_request req = request(HW_OPEN_GENL, "");
	struct hw_reply rep;
	int fd;

	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_expect_eq(rep.status, -ENOENT, "%d %s", rep.status, rep.text);
	cr_expect_eq(fd, -1);
	cr_expect(strstr(rep.text, "\"hv\"") && strstr(rep.text, "hv.ko"),
		  "text: %s", rep.text);
}

Test(requests, load_module_without_module_fails_clearly)
{
	struct hw_request req = request(HW_LOAD_MODULE, "");
	struct hw_reply rep;
	int fd;

	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_expect_eq(rep.status, -ENOENT);
	cr_expect(strstr(rep.text, "modules.dep"), "text: %s", rep.text);
	cr_expect(h_logged(&hx, "request=load-module", "refused"));
}

/*
 * hv.ko's file and dependencies come from modules.dep (never from the
 * request), the last dependency first; a look-alike name is not taken.
 * The files here are no modules, so the kernel refuses the first one.
 */
Test(requests, load_module_follows_modules_dep)
{
	struct hw_request req = request(HW_LOAD_MODULE, "");
	char dir[160], path[200];
	struct hw_reply rep;
	FILE *f;
	int fd;

	snprintf(dir, sizeof(dir), "%s/no-modules", hx.dir);
	cr_assert_eq(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/modules.dep", dir);
	f = fopen(path, "w");
	cr_assert(f);
	fputs("kernel/hv_sock.ko:\nextra/hv.ko: kernel/dep1.ko kernel/dep2.ko"
	      "\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/kernel", dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/kernel/dep2.ko", dir);
	f = fopen(path, "w");
	cr_assert(f);
	fputs("not an ELF module\n", f);
	fclose(f);
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_expect(rep.status < 0);
	cr_expect(strstr(rep.text, "finit_module") &&
		  strstr(rep.text, "kernel/dep2.ko"), "text: %s", rep.text);
}

/* The monitor's /proc status, limits and fds are what the man page says. */
Test(requests, spawned_monitor_is_confined)
{
	char report[16384], v[128], want[64];
	struct hw_request req;
	struct hw_reply rep;
	int pidfd, status;
	pid_t pid;

	pid = h_spawn(&hx, "vm.one", &pidfd, report, sizeof(report));
	cr_assert(pid > 0);
	h_expect_fields(report, monitor_status, NELEMS(monitor_status));
	snprintf(want, sizeof(want), "%d", (int)pid);
	cr_expect_str_eq(h_field(report, "pgid", v, sizeof(v)), want);
	cr_expect_str_eq(h_field(report, "sid", v, sizeof(v)), want);
	/* fds 0-2 (/dev/null) and the two passed in, nothing else */
	cr_expect(strstr(report, "fd:\t0\nfd:\t1\nfd:\t2\nfd:\t3\nfd:\t4\n"
			 "env:"), "%s", report);
	snprintf(want, sizeof(want), "env:\tLISTEN_FDS=2\nenv:\tLISTEN_PID=%d"
		 "\narg:", (int)pid);
	cr_expect(strstr(report, want), "%s", report);
	cr_expect(strstr(report, "arg:\t--name\narg:\tvm.one\nnofile:"));
	cr_expect_str_eq(h_field(report, "nofile", v, sizeof(v)), "96 96");
#ifndef HV_SANITIZER_BUILD
	/* 256 MiB + 1024 MiB + 2 x 128 MiB */
	cr_expect_str_eq(h_field(report, "as", v, sizeof(v)),
			 "1610612736 1610612736");
#endif
	req = request(HW_SIGNAL, "vm.one");
	req.u.signal.pid = (uint32_t)pid;
	req.u.signal.signal = HW_SIG_TERM;
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &status), 0);
	cr_assert_eq(rep.status, 0, "%s", rep.text);
	cr_assert_eq(poll(&(struct pollfd){ pidfd, POLLIN, 0 }, 1, 5000), 1);
	req = request(HW_REAP, "vm.one");
	req.u.reap.pid = (uint32_t)pid;
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &status), 0);
	cr_assert_eq(rep.status, 0, "%s", rep.text);
	cr_expect(WIFSIGNALED(rep.value) && WTERMSIG(rep.value) == SIGTERM);
	/* reaped: the record is gone */
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &status), 0);
	cr_expect_eq(rep.status, -ESRCH);
	close(pidfd);
}

/* While a monitor runs, it cannot be reaped nor get a twin. */
Test(requests, running_monitor_is_not_reaped_or_doubled)
{
	char report[16384];
	struct hw_request req = request(HW_REAP, "vm2");
	struct hw_reply rep;
	int pidfd, fd;
	pid_t pid;

	pid = h_spawn(&hx, "vm2", &pidfd, report, sizeof(report));
	req.u.reap.pid = (uint32_t)pid;
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_expect_eq(rep.status, -EAGAIN);
	cr_expect_eq(kill(pid, 0), 0);
	req = request(HW_SPAWN, "vm2");
	req.u.spawn.memory_mib = 1;
	req.u.spawn.vcpus = 1;
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_expect_eq(rep.status, -EEXIST);
	cr_expect_eq(fd, -1);
	h_finish(&hx, "vm2", pid, pidfd);
}

Test(requests, tracepoint_counter_on_monitor_thread)
{
	struct hw_request req = request(HW_PERF_OPEN, "vm4");
	char report[16384];
	struct hw_reply rep;
	uint64_t count = 1;
	int pidfd, fd;
	pid_t pid;

	if (!hx.tracefs[0])
		cr_skip_test("cannot mount tracefs");
	pid = h_spawn(&hx, "vm4", &pidfd, report, sizeof(report));
	req.u.perf_open.tid = (uint32_t)pid;
	req.u.perf_open.tracepoint = HW_TP_FAST_PAGE_FAULT;
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_assert_eq(rep.status, 0, "%s", rep.text);
	cr_expect_eq(read(fd, &count, sizeof(count)), (ssize_t)sizeof(count));
	cr_expect_eq(count, 0);
	close(fd);
	/* a thread that is no monitor's: refused */
	req.u.perf_open.tid = (uint32_t)getpid();
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_expect_eq(rep.status, -ESRCH);
	cr_expect_eq(fd, -1);
	h_finish(&hx, "vm4", pid, pidfd);
}
