// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-modes.c: hvd-helper started the systemd way (socket activation:
 * LISTEN_FDS with a listening socket, SO_PEERCRED on every connection)
 * and a restarted helper that still knows the monitors of the last one;
 * a monitor program others could write stops the helper at start; a dead
 * helper fails hvd's calls at once.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/helper/harness.h"

TestSuite(modes, .init = hx_setup, .fini = hx_teardown, .timeout = 20);

static int open_kvm(int sock, struct hw_reply *rep)
{
	struct hw_request req = { .type = HW_OPEN_ACCEL, .seq = 1 };
	int fd = -1, err;

	strcpy(req.vm, "vm0");
	h_become(T_HVD_UID);
	err = hw_call(sock, &req, NULL, 0, rep, &fd);
	h_become(0);
	if (fd >= 0)
		close(fd);
	return err;
}

Test(modes, socket_activation_serves_hvd_only)
{
	struct hw_reply rep;
	int other;
	char c;

	h_start(&hx, 1);
	cr_assert_eq(open_kvm(hx.sock, &rep), 0);
	cr_expect_eq(rep.status, 0, "%s", rep.text);
	/* another user's connection is closed unanswered and logged */
	h_become(T_OTHER_UID);
	other = h_connect(&hx);
	h_become(0);
	cr_expect_eq(recv(other, &c, 1, 0), 0);
	close(other);
	cr_expect(h_logged(&hx, "peer_uid=64303", "refused: connection"));
	/* root connecting is refused as well */
	other = h_connect(&hx);
	cr_expect_eq(recv(other, &c, 1, 0), 0);
	close(other);
	/* and hvd is still served */
	cr_assert_eq(open_kvm(hx.sock, &rep), 0);
	cr_expect_eq(rep.status, 0);
}

Test(modes, restarted_helper_knows_earlier_monitors)
{
	struct hw_request req = { .type = HW_SIGNAL, .seq = 2 };
	char report[16384];
	struct hw_reply rep;
	int pidfd, fd;
	pid_t pid;

	/* Orphaned monitors come to us, so that we can reap them. */
	cr_assert_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	h_start(&hx, 0);
	pid = h_spawn(&hx, "vm6", &pidfd, report, sizeof(report));
	h_stop(&hx);
	h_start(&hx, 0);
	strcpy(req.vm, "vm6");
	req.type = HW_REAP;
	req.u.reap.pid = (uint32_t)pid;
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_expect_eq(rep.status, -EAGAIN, "%s", rep.text);
	req.type = HW_SIGNAL;
	req.u.signal.pid = (uint32_t)pid;
	req.u.signal.signal = HW_SIG_TERM;
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_assert_eq(rep.status, 0, "%s", rep.text);
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
	req.type = HW_REAP;
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_expect_eq(rep.status, -ECHILD, "%s", rep.text);
	cr_expect(strstr(rep.text, "exit status unknown"));
	close(pidfd);
}

Test(modes, monitor_writable_by_others_stops_the_helper)
{
	char monitor[128];
	int status;

	snprintf(monitor, sizeof(monitor), "%s/hv-vm", hx.dir);
	cr_assert_eq(chmod(monitor, 0731), 0);
	h_start(&hx, 0);
	cr_assert_eq(waitpid(hx.helper, &status, 0), hx.helper);
	hx.helper = 0;
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 1);
	cr_expect(h_logged(&hx, "writable by root only", NULL));
}

/* hvd's side of a dead helper: a clear error at once, no hang. */
Test(modes, dead_helper_fails_calls_at_once)
{
	struct hw_reply rep;
	int err;

	h_start(&hx, 0);
	cr_assert_eq(kill(hx.helper, SIGKILL), 0);
	cr_assert_eq(waitpid(hx.helper, NULL, 0), hx.helper);
	hx.helper = 0;
	err = open_kvm(hx.sock, &rep);
	cr_expect(err == -EPIPE || err == -ECONNRESET, "hw_call: %d", err);
}
