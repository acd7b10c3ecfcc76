// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-refusals.c: what hvd-helper must refuse, each with a logged reason
 * and no side effect: bad messages, unknown requests and versions, values
 * outside the allow-lists, fd counts that do not match, pids it did not
 * start or that were recycled, and peers other than the hvd user.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/helper/harness.h"

TestSuite(refusals, .init = hx_setup_started, .fini = hx_teardown, .timeout = 20);

/* Stops the helper and writes its state file as a predecessor would. */
static void write_state(const char *text)
{
	char dir[160];
	FILE *f;

	h_stop(&hx);
	snprintf(dir, sizeof(dir), "%s/state", hx.dir);
	mkdir(dir, 0700);
	f = fopen(hx.state, "w");
	cr_assert(f);
	fputs(text, f);
	fclose(f);
}

static int encode(unsigned int type, const char *vm, uint8_t *buf)
{
	struct hw_request req = { .type = (uint16_t)type, .seq = 9 };

	snprintf(req.vm, sizeof(req.vm), "%s", vm);
	if (type == HW_SPAWN) {
		req.u.spawn.memory_mib = 64;
		req.u.spawn.vcpus = 1;
	}
	return hw_encode_request(&req, buf, HW_MSG_MAX);
}

/* Sends raw bytes; expects the status and the reason in the log. */
static void refused(const void *msg, size_t len, int status,
		    const char *reason)
{
	struct hw_reply rep;

	cr_assert_eq(h_raw(&hx, msg, len, NULL, 0, &rep), 0);
	cr_expect_eq(rep.status, status, "status %d (%s)", rep.status,
		     rep.text);
	cr_expect(strstr(rep.text, reason), "text: %s", rep.text);
	cr_expect(h_logged(&hx, "refused", reason), "log lacks %s", reason);
}

Test(refusals, truncated_message)
{
	uint8_t buf[HW_MSG_MAX];
	int len = encode(HW_OPEN_UFFD, "vm0", buf);

	refused(buf, 10, -EBADMSG, "shorter than its header");
	refused(buf, (size_t)len - 1, -EBADMSG, "body length");
}

Test(refusals, oversized_message)
{
	uint8_t buf[HW_MSG_MAX + 64] = { 0 };

	encode(HW_OPEN_UFFD, "vm0", buf);
	refused(buf, sizeof(buf), -EMSGSIZE, "larger than HW_MSG_MAX");
}

Test(refusals, unsupported_version)
{
	uint8_t buf[HW_MSG_MAX];
	int len = encode(HW_OPEN_UFFD, "vm0", buf);
	uint16_t v = HW_VERSION + 1;

	memcpy(buf + 4, &v, 2);
	refused(buf, (size_t)len, -EPROTONOSUPPORT, "unsupported protocol");
}

Test(refusals, unknown_request)
{
	uint8_t buf[HW_MSG_MAX];
	int len = encode(HW_OPEN_UFFD, "vm0", buf);
	uint16_t type = 99;

	memcpy(buf + 6, &type, 2);
	refused(buf, (size_t)len, -EOPNOTSUPP, "unknown request type");
}

Test(refusals, device_outside_the_enum)
{
	uint8_t buf[HW_MSG_MAX];
	int len = encode(HW_OPEN_ACCEL, "vm0", buf);
	uint32_t accel = HW_ACCEL_END;

	memcpy(buf + HW_HEADER_SIZE + HW_NAME_FIELD, &accel, 4);
	refused(buf, (size_t)len, -EINVAL, "out of range");
}

Test(refusals, tracepoint_and_signal_outside_the_allow_lists)
{
	struct hw_request req = { .type = HW_PERF_OPEN, .seq = 1 };
	uint8_t buf[HW_MSG_MAX];
	int len;

	strcpy(req.vm, "vm0");
	req.u.perf_open.tid = 1;
	req.u.perf_open.tracepoint = HW_TP_END;
	len = hw_encode_request(&req, buf, sizeof(buf));
	refused(buf, (size_t)len, -EINVAL, "out of range");
	req.type = HW_SIGNAL;
	req.u.signal.pid = 1;
	req.u.signal.signal = HW_SIG_END;
	len = hw_encode_request(&req, buf, sizeof(buf));
	refused(buf, (size_t)len, -EINVAL, "out of range");
}

Test(refusals, bad_vm_name)
{
	uint8_t buf[HW_MSG_MAX];
	int len = encode(HW_OPEN_UFFD, "../etc", buf);

	refused(buf, (size_t)len, -EINVAL, "invalid VM name");
}

Test(refusals, fds_on_a_request_without_fds)
{
	uint8_t buf[HW_MSG_MAX];
	int len = encode(HW_OPEN_ACCEL, "vm0", buf);
	int fd = open("/dev/null", O_RDONLY);
	struct hw_reply rep;

	cr_assert_eq(h_raw(&hx, buf, (size_t)len, &fd, 1, &rep), 0);
	cr_expect_eq(rep.status, -E2BIG);
	cr_expect(h_logged(&hx, "refused", "more fds than the request"));
	close(fd);
}

Test(refusals, more_fds_than_any_request)
{
	uint8_t buf[HW_MSG_MAX];
	int len = encode(HW_SPAWN, "vm0", buf);
	int fds[HW_SPAWN_MAX_FDS + 4], i;
	struct hw_reply rep;

	for (i = 0; i < HW_SPAWN_MAX_FDS + 4; i++)
		fds[i] = open("/dev/null", O_RDONLY);
	cr_assert_eq(h_raw(&hx, buf, (size_t)len, fds, HW_SPAWN_MAX_FDS + 4,
			   &rep), 0);
	cr_expect_eq(rep.status, -E2BIG);
	cr_expect(h_logged(&hx, "refused", "more fds than any request"));
	for (i = 0; i < HW_SPAWN_MAX_FDS + 4; i++)
		close(fds[i]);
	/* no side effect: no monitor was started for vm0 */
	cr_expect(!h_logged(&hx, "request=spawn", "done"));
}

Test(refusals, spawn_fd_count_mismatch)
{
	struct hw_request req = { .type = HW_SPAWN, .seq = 3 };
	int fds[2] = { open("/dev/null", O_RDONLY), open("/dev/null", 0) };
	struct hw_reply rep;
	int fd;

	strcpy(req.vm, "vm0");
	req.u.spawn.memory_mib = 64;
	req.u.spawn.vcpus = 1;
	req.u.spawn.nfds = 1;
	cr_assert_eq(h_call(&hx, &req, fds, 2, &rep, &fd), 0);
	cr_expect_eq(rep.status, -E2BIG);
	req.u.spawn.nfds = 2;
	cr_assert_eq(h_call(&hx, &req, fds, 1, &rep, &fd), 0);
	cr_expect_eq(rep.status, -EBADMSG);
	cr_expect(!h_logged(&hx, "request=spawn", "done"));
	close(fds[0]);
	close(fds[1]);
}

Test(refusals, signal_pid_not_started)
{
	struct hw_request req = { .type = HW_SIGNAL, .seq = 4 };
	struct hw_reply rep;
	pid_t victim = fork();
	int fd, status;

	if (victim == 0) {
		pause();
		_exit(0);
	}
	strcpy(req.vm, "vm0");
	req.u.signal.pid = (uint32_t)victim;
	req.u.signal.signal = HW_SIG_KILL;
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_expect_eq(rep.status, -ESRCH);
	cr_expect(h_logged(&hx, "refused", "is not a monitor I started"));
	cr_expect_eq(waitpid(victim, &status, WNOHANG), 0, "victim died");
	kill(victim, SIGKILL);
	waitpid(victim, NULL, 0);
}

Test(refusals, wrong_peer_uid)
{
	uint8_t buf[HW_MSG_MAX];
	int len = encode(HW_OPEN_UFFD, "vm0", buf);
	char c;

	h_become(T_OTHER_UID);
	cr_assert_eq(send(hx.sock, buf, (size_t)len, 0), len);
	h_become(0);
	cr_expect_eq(recv(hx.sock, &c, 1, 0), 0, "connection not closed");
	cr_expect(h_logged(&hx, "peer_uid=64303", "refused"));
	cr_expect(!h_logged(&hx, "request=open-uffd", "done"));
}

Test(refusals, root_is_not_the_hvd_user)
{
	uint8_t buf[HW_MSG_MAX];
	int len = encode(HW_OPEN_UFFD, "vm0", buf);
	char c;

	cr_assert_eq(send(hx.sock, buf, (size_t)len, 0), len);
	cr_expect_eq(recv(hx.sock, &c, 1, 0), 0, "connection not closed");
	cr_expect(h_logged(&hx, "peer_uid=0", "refused"));
}

/* A restarted helper keeps only records whose start time still matches. */
Test(refusals, recycled_pid_is_not_signalled)
{
	struct hw_request req = { .type = HW_SIGNAL, .seq = 5 };
	struct hw_reply rep;
	pid_t victim;
	char state[64];
	int fd, status;

	victim = fork();
	if (victim == 0) {
		pause();
		_exit(0);
	}
	snprintf(state, sizeof(state), "hvd-helper-monitors 1\n%d 1 vm5\n",
		 (int)victim);
	write_state(state);
	h_start(&hx, 0);
	strcpy(req.vm, "vm5");
	req.u.signal.pid = (uint32_t)victim;
	req.u.signal.signal = HW_SIG_KILL;
	cr_assert_eq(h_call(&hx, &req, NULL, 0, &rep, &fd), 0);
	cr_expect_eq(rep.status, -ESRCH);
	cr_expect_eq(waitpid(victim, &status, WNOHANG), 0, "victim died");
	kill(victim, SIGKILL);
	waitpid(victim, NULL, 0);
}

Test(refusals, unknown_state_version_stops_the_helper)
{
	int status;

	write_state("hvd-helper-monitors 2\n");
	h_start(&hx, 0);
	cr_assert_eq(waitpid(hx.helper, &status, 0), hx.helper);
	hx.helper = 0;
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 1);
	cr_expect(h_logged(&hx, "unknown format version", NULL));
}
