// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-hvd.c: integration tests. Each starts the built hvd on a private
 * socket and state directory and drives it with raw socket clients:
 * pipelining, batches, notifications, broken clients, size and depth
 * limits, many concurrent clients, kill -9 and restart, the read-only
 * socket, peers without rights, image fds over SCM_RIGHTS, events,
 * signals.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "proto/rpc-errors.h"
#include "proto/rpc-fdpass.h"
#include "proto/rpc-methods.h"
#include "tests/rpc/harness.h"

static struct hvd_proc hvd;

static void start_with(const char *conf)
{
	cr_assert(hvd_prepare(&hvd, conf));
	cr_assert(hvd_start(&hvd), "hvd did not start");
}

static void start(void)
{
	start_with("");
}

static void stop(void)
{
	hvd_cleanup(&hvd);
}

static void connect_rw(struct client *c)
{
	cr_assert(client_open(c, hvd.sock), "cannot connect to %s", hvd.sock);
}

static char *image_path(const char *name, size_t size)
{
	static char path[160];

	snprintf(path, sizeof(path), "%s/%s", hvd.dir, name);
	cr_assert(write_test_file(path, size));
	return path;
}

static void create_vm(struct client *c, const char *name)
{
	char *line = create_line(name, image_path("img", 4096), 1);
	struct json_object *r = client_call(c, line);

	cr_assert_not_null(r);
	cr_assert_eq(reply_code(r), 0, "%s", json_object_to_json_string(r));
	json_object_put(r);
	free(line);
}

static long long reply_id(struct json_object *r)
{
	struct json_object *id;

	cr_assert(json_object_object_get_ex(r, "id", &id));
	return id ? json_object_get_int64(id) : -1;
}

/* Checks that the client other still gets answers. */
static void expect_served(struct client *other)
{
	struct json_object *r = client_call(other, "{\"jsonrpc\":\"2.0\","
					    "\"method\":\"vm.list\","
					    "\"id\":2}\n");

	cr_assert_eq(reply_id(r), 2, "other clients unaffected");
	json_object_put(r);
}

TestSuite(hvd, .init = start, .fini = stop, .timeout = 30);
/* Tests that start hvd themselves, with their own hvd.conf. */
TestSuite(hvd_conf, .fini = stop, .timeout = 30);

Test(hvd, daemon_info)
{
	struct client c;
	struct json_object *r, *res, *v;

	connect_rw(&c);
	r = client_call(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.info\","
			"\"id\":1}\n");
	res = reply_result(r);
	cr_assert_not_null(res);
	cr_assert(json_object_object_get_ex(res, "protocol_version", &v));
	cr_assert_eq(json_object_get_int(v), 1);
	cr_assert(json_object_object_get_ex(res, "accelerators", &v));
	cr_assert_eq(json_object_array_length(v), 2);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(
		json_object_array_get_idx(v, 0), "device")), "/dev/kvm");
	json_object_put(r);
	client_close(&c);
}

Test(hvd, methods_match_the_table)
{
	struct client c;
	struct json_object *r, *list;

	connect_rw(&c);
	r = client_call(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.methods\","
			"\"id\":1}\n");
	cr_assert(json_object_object_get_ex(reply_result(r), "methods", &list));
	cr_assert_eq(json_object_array_length(list), HVD_METHOD_COUNT);
	for (size_t i = 0; i < HVD_METHOD_COUNT; i++) {
		struct json_object *m = json_object_array_get_idx(list, i);

		cr_assert_str_eq(json_object_get_string(json_object_object_get(
					 m, "name")), hvd_methods[i].name);
		cr_assert_eq(json_object_get_boolean(json_object_object_get(
					 m, "changes_state")),
			     hvd_methods[i].changes_state);
	}
	json_object_put(r);
	client_close(&c);
}

Test(hvd, pipelined_requests_answered_in_order)
{
	struct client c;
	char *all = malloc(200 * 100), *p = all;

	connect_rw(&c);
	for (int i = 1; i <= 200; i++)
		p += sprintf(p, "{\"jsonrpc\":\"2.0\",\"method\":\"%s\","
			     "\"params\":{\"name\":\"n%d\"},\"id\":%d}\n",
			     i % 2 ? "vm.info" : "vm.delete", i, i);
	cr_assert(client_send(&c, all, (size_t)(p - all)));
	for (int i = 1; i <= 200; i++) {
		struct json_object *r = client_json(&c);

		cr_assert_not_null(r, "reply %d missing", i);
		cr_assert_eq(reply_id(r), i);
		cr_assert_str_eq(reply_error_name(r), "VM_NOT_FOUND");
		json_object_put(r);
	}
	free(all);
	client_close(&c);
}

Test(hvd, batches_and_notifications)
{
	struct client c;
	struct json_object *r;

	connect_rw(&c);
	create_vm(&c, "b1");
	cr_assert(client_send_str(&c,
		"[{\"jsonrpc\":\"2.0\",\"method\":\"vm.list\",\"id\":\"a\"},"
		"{\"jsonrpc\":\"2.0\",\"method\":\"vm.list\"},"
		"{\"jsonrpc\":\"2.0\",\"method\":\"nosuch\",\"id\":\"b\"},"
		"{\"jsonrpc\":\"2.0\",\"method\":\"vm.info\",\"id\":\"c\","
		"\"params\":{\"name\":\"b1\"}}]\n"));
	r = client_json(&c);
	cr_assert(json_object_is_type(r, json_type_array));
	cr_assert_eq(json_object_array_length(r), 3);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(
		json_object_array_get_idx(r, 0), "id")), "a");
	cr_assert_eq(reply_code(json_object_array_get_idx(r, 1)),
		     RPC_ERR_METHOD_NOT_FOUND);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(
		json_object_array_get_idx(r, 2), "id")), "c");
	json_object_put(r);

	/* notifications, alone or in a batch, get nothing; the next
	 * reply is for the next request */
	cr_assert(client_send_str(&c,
		"{\"jsonrpc\":\"2.0\",\"method\":\"vm.list\"}\n"
		"[{\"jsonrpc\":\"2.0\",\"method\":\"vm.info\"}]\n"
		"{\"jsonrpc\":\"2.0\",\"method\":\"nosuch\"}\n"
		"[]\n"
		"{\"jsonrpc\":\"2.0\",\"method\":\"vm.list\",\"id\":9}\n"));
	r = client_json(&c);
	cr_assert(json_object_is_type(r, json_type_object), "empty batch: "
		  "one error object");
	cr_assert_eq(reply_code(r), RPC_ERR_INVALID_REQUEST);
	json_object_put(r);
	r = client_json(&c);
	cr_assert_eq(reply_id(r), 9);
	json_object_put(r);
	client_close(&c);
}

Test(hvd, parse_errors_keep_the_connection)
{
	struct client c;
	struct json_object *r;
	char deep[200];

	connect_rw(&c);
	r = client_call(&c, "this is not json\n");
	cr_assert_eq(reply_code(r), RPC_ERR_PARSE);
	cr_assert_eq(reply_id(r), -1);
	json_object_put(r);
	r = client_call(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"vm.info\","
			"\"params\":{\"name\":\"\xff\xfe\"},\"id\":3}\n");
	cr_assert_eq(reply_code(r), RPC_ERR_PARSE, "invalid UTF-8");
	cr_assert_eq(reply_id(r), -1);
	json_object_put(r);
	memset(deep, '[', 65);
	memset(deep + 65, ']', 65);
	strcpy(deep + 130, "\n");
	r = client_call(&c, deep);
	cr_assert_eq(reply_code(r), RPC_ERR_INVALID_REQUEST, "too deep");
	json_object_put(r);
	r = client_call(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"vm.list\","
			"\"id\":4}\n");
	cr_assert_eq(reply_id(r), 4);
	cr_assert_not_null(reply_result(r));
	json_object_put(r);
	client_close(&c);
}

Test(hvd, two_mib_line_is_refused_and_closed)
{
	struct client c, other;
	size_t size = 2 << 20;
	char *big = malloc(size + 1);
	struct json_object *r;

	connect_rw(&c);
	connect_rw(&other);
	memset(big, ' ', size);
	memcpy(big, "{\"jsonrpc\":\"2.0\",\"method\":\"vm.list\",\"id\":1,"
	       "\"pad\":\"", 50);
	big[size - 2] = '"';
	big[size - 1] = '}';
	big[size] = '\n';
	/* hvd may close before taking it all; a failed send is fine */
	client_send(&c, big, size + 1);
	r = client_json(&c);
	cr_assert_not_null(r);
	cr_assert_eq(reply_code(r), RPC_ERR_INVALID_REQUEST);
	cr_assert_eq(reply_id(r), -1);
	json_object_put(r);
	cr_assert(client_wait_eof(&c, HARNESS_TIMEOUT_MS), "not closed");
	expect_served(&other);
	free(big);
	client_close(&c);
	client_close(&other);
}

static long long count_clients(struct client *c)
{
	struct json_object *r = client_call(c, "{\"jsonrpc\":\"2.0\","
					    "\"method\":\"daemon.info\","
					    "\"id\":1}\n"), *counts, *n;
	long long v;

	cr_assert(json_object_object_get_ex(reply_result(r), "counts",
					    &counts));
	cr_assert(json_object_object_get_ex(counts, "clients", &n));
	v = json_object_get_int64(n);
	json_object_put(r);
	return v;
}

Test(hvd, disconnect_mid_line)
{
	struct client c, probe;
	long long deadline = now_ms() + HARNESS_TIMEOUT_MS;

	connect_rw(&probe);
	for (int i = 0; i < 20; i++) {
		connect_rw(&c);
		cr_assert(client_send_str(&c, "{\"jsonrpc\":\"2.0\",\"meth"));
		client_close(&c);
	}
	while (count_clients(&probe) != 1 && now_ms() < deadline)
		usleep(10000);
	cr_assert_eq(count_clients(&probe), 1, "half-line clients released");
	client_close(&probe);
}

Test(hvd_conf, half_sent_line_times_out)
{
	struct client c;
	long long t0;

	start_with("idle_timeout_ms = 300\n");
	connect_rw(&c);
	cr_assert(client_send_str(&c, "{\"jsonrpc\":"));
	t0 = now_ms();
	cr_assert(client_wait_eof(&c, HARNESS_TIMEOUT_MS));
	cr_assert_geq(now_ms() - t0, 250, "closed too early");
	cr_assert(hvd_log_contains(&hvd, "half-sent request line"));
	client_close(&c);
}

/* Waits (bounded) until hvd's log contains s. */
static bool wait_log(const char *s)
{
	for (long long t = now_ms() + HARNESS_TIMEOUT_MS; now_ms() < t;) {
		if (hvd_log_contains(&hvd, s))
			return true;
		usleep(10000);
	}
	return false;
}

/* Defines a VM whose vm.info answer is over 4 KiB (a long cmdline). */
static void create_big_vm(struct client *c, const char *name)
{
	char *line, cmdline[4097];
	struct json_object *r;

	memset(cmdline, 'x', 4096);
	cmdline[4096] = '\0';
	cr_assert(asprintf(&line, "{\"jsonrpc\":\"2.0\",\"method\":"
			   "\"vm.create\",\"id\":1,\"params\":{\"name\":"
			   "\"%s\",\"memory_mib\":8,\"vcpus\":1,\"cmdline\":"
			   "\"%s\",\"image\":{\"path\":\"%s\",\"format\":"
			   "\"flat\"}}}\n", name, cmdline,
			   image_path("img", 100)) > 0);
	r = client_call(c, line);
	cr_assert_eq(reply_code(r), 0);
	json_object_put(r);
	free(line);
}

static const char big_info[] = "{\"jsonrpc\":\"2.0\",\"method\":"
	"\"vm.info\",\"params\":{\"name\":\"big\"},\"id\":1}";

Test(hvd_conf, client_that_stops_reading_is_dropped)
{
	struct client c, other;
	char *all = malloc(2000 * sizeof(big_info) + 1), *p = all;

	start_with("client_output_limit = 65536\nidle_timeout_ms = 400\n");
	connect_rw(&c);
	connect_rw(&other);
	create_big_vm(&c, "big");
	/* 2000 requests for 9 MB of answers, none of them read */
	for (int i = 0; i < 2000; i++)
		p += sprintf(p, "%s\n", big_info);
	client_send(&c, all, (size_t)(p - all));
	cr_assert(wait_log("replies not read for idle_timeout_ms"));
	expect_served(&other);
	free(all);
	client_close(&c);
	client_close(&other);
}

Test(hvd_conf, pipelining_reader_gets_every_reply)
{
	enum { N = 2000 };
	struct client c;
	char *all = malloc(N * sizeof(big_info) + 1), *p = all;
	size_t sent = 0, total;
	int got = 0;
	long long deadline;

	start_with("client_output_limit = 65536\n");
	connect_rw(&c);
	create_big_vm(&c, "big");
	for (int i = 0; i < N; i++)
		p += sprintf(p, "%s\n", big_info);
	total = (size_t)(p - all);
	/* send and read at once: hvd pauses reading while we lag behind */
	deadline = now_ms() + 4 * HARNESS_TIMEOUT_MS;
	while (got < N && now_ms() < deadline) {
		struct pollfd pfd = { .fd = c.fd, .events = POLLIN };
		char *line;

		if (sent < total)
			pfd.events |= POLLOUT;
		cr_assert_gt(poll(&pfd, 1, HARNESS_TIMEOUT_MS), 0, "stalled "
			     "after %d replies", got);
		if (pfd.revents & POLLOUT) {
			ssize_t n = send(c.fd, all + sent, total - sent,
					 MSG_DONTWAIT | MSG_NOSIGNAL);

			cr_assert(n > 0 || errno == EAGAIN);
			if (n > 0)
				sent += (size_t)n;
		}
		if (!(pfd.revents & POLLIN))
			continue;
		while ((line = client_line(&c, 0, NULL))) {
			cr_assert(strstr(line, "\"result\""), "%.80s", line);
			free(line);
			got++;
		}
	}
	cr_assert_eq(got, N);
	cr_assert_not(hvd_log_contains(&hvd, "dropping client"));
	free(all);
	client_close(&c);
}

Test(hvd_conf, batch_over_the_output_limit_is_dropped)
{
	struct client c;
	char *all = malloc(100 * sizeof(big_info) + 4), *p = all;

	start_with("client_output_limit = 65536\n");
	connect_rw(&c);
	create_big_vm(&c, "big");
	*p++ = '[';
	for (int i = 0; i < 100; i++)
		p += sprintf(p, "%s%s", i ? "," : "", big_info);
	p += sprintf(p, "]\n");
	cr_assert(client_send(&c, all, (size_t)(p - all)));
	cr_assert(client_wait_eof(&c, HARNESS_TIMEOUT_MS));
	cr_assert(wait_log("output limit reached"));
	free(all);
	client_close(&c);
}

Test(hvd, thousand_concurrent_clients)
{
	enum { N = 1000 };
	struct rlimit rl = { N + 200, N + 200 };
	struct client *cs = calloc(N, sizeof(*cs));
	char line[128];

	getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < N + 200) {
		rl.rlim_cur = N + 200;
		if (rl.rlim_max < rl.rlim_cur)
			rl.rlim_max = rl.rlim_cur;
		cr_assert_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	}
	for (int i = 0; i < N; i++)
		connect_rw(&cs[i]);
	for (int i = 0; i < N; i++) {
		snprintf(line, sizeof(line), "{\"jsonrpc\":\"2.0\",\"method\":"
			 "\"vm.list\",\"id\":%d}\n", i);
		cr_assert(client_send_str(&cs[i], line));
	}
	for (int i = 0; i < N; i++) {
		struct json_object *r = client_json(&cs[i]);

		cr_assert_not_null(r, "client %d got no reply", i);
		cr_assert_eq(reply_id(r), i);
		json_object_put(r);
	}
	cr_assert_eq(count_clients(&cs[0]), N);
	for (int i = 0; i < N; i++)
		client_close(&cs[i]);
	free(cs);
}

Test(hvd_conf, max_clients_refuses_with_a_warning)
{
	struct client cs[4], extra;
	struct json_object *r;

	start_with("max_clients = 4\n");
	long long deadline = now_ms() + HARNESS_TIMEOUT_MS;

	/* hvd_start's probe connection may not be released yet */
	connect_rw(&cs[0]);
	while (count_clients(&cs[0]) != 1 && now_ms() < deadline)
		usleep(10000);
	for (int i = 1; i < 4; i++)
		connect_rw(&cs[i]);
	/* connect() returns before hvd accepts: wait until it has */
	while (count_clients(&cs[0]) != 4 && now_ms() < deadline)
		usleep(10000);
	cr_assert_eq(count_clients(&cs[0]), 4);
	connect_rw(&extra);
	r = client_json(&extra);
	cr_assert_str_eq(reply_error_name(r), "LIMIT_REACHED");
	json_object_put(r);
	cr_assert(client_wait_eof(&extra, HARNESS_TIMEOUT_MS));
	cr_assert(hvd_log_contains(&hvd, "max_clients (4) reached"));
	client_close(&extra);
	for (int i = 0; i < 4; i++)
		client_close(&cs[i]);
}

Test(hvd, kill9_and_restart_keep_every_definition)
{
	struct client c;
	char *all = NULL, *img = image_path("img", 100000);
	size_t len = 0;
	FILE *mem = open_memstream(&all, &len);
	int acked = 0;
	struct json_object *r, *vms;

	connect_rw(&c);
	for (int i = 0; i < 20; i++) {
		char name[16], *line;

		snprintf(name, sizeof(name), "vm%02d", i);
		line = create_line(name, img, i);
		fputs(line, mem);
		free(line);
	}
	fclose(mem);
	cr_assert(client_send(&c, all, len));
	/* take a few replies, then kill in the middle of the stream */
	for (; acked < 5; acked++) {
		r = client_json(&c);
		cr_assert_eq(reply_code(r), 0);
		json_object_put(r);
	}
	hvd_signal(&hvd, SIGKILL, true);
	client_close(&c);
	cr_assert(hvd_start(&hvd), "restart failed");
	connect_rw(&c);
	r = client_call(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"vm.list\","
			"\"id\":1}\n");
	cr_assert(json_object_object_get_ex(reply_result(r), "vms", &vms));
	cr_assert_geq(json_object_array_length(vms), (size_t)acked,
		      "acknowledged definitions lost");
	cr_assert_not(hvd_log_contains(&hvd, "skipping state file"),
		      "a definition was half-written");
	json_object_put(r);

	/* a clean restart keeps every one of them, identical */
	r = client_call(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"vm.info\","
			"\"params\":{\"name\":\"vm00\"},\"id\":2}\n");
	char before[2048];

	snprintf(before, sizeof(before), "%s",
		 json_object_to_json_string(reply_result(r)));
	json_object_put(r);
	client_close(&c);
	hvd_signal(&hvd, SIGKILL, true);
	cr_assert(hvd_start(&hvd));
	connect_rw(&c);
	r = client_call(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"vm.info\","
			"\"params\":{\"name\":\"vm00\"},\"id\":2}\n");
	cr_assert_str_eq(json_object_to_json_string(reply_result(r)), before);
	json_object_put(r);
	client_close(&c);
	free(all);
}

Test(hvd, read_only_socket)
{
	struct client ro;
	struct json_object *r;
	char *line = create_line("x", image_path("img", 10), 1);

	cr_assert(client_open(&ro, hvd.ro_sock));
	r = client_call(&ro, line);
	cr_assert_eq(reply_code(r), RPC_ERR_PERMISSION_DENIED);
	cr_assert_str_eq(reply_error_name(r), "PERMISSION_DENIED");
	json_object_put(r);
	r = client_call(&ro, "{\"jsonrpc\":\"2.0\",\"method\":\"vm.list\","
			"\"id\":2}\n");
	cr_assert_eq(reply_code(r), 0);
	json_object_put(r);
	cr_assert(hvd_log_contains(&hvd, "refused vm.create"));
	client_close(&ro);
	free(line);
}

Test(hvd, socket_modes)
{
	struct stat st;

	cr_assert_eq(stat(hvd.sock, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0660);
	cr_assert_eq(stat(hvd.ro_sock, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0666);
}

Test(hvd_conf, ro_socket_can_be_disabled)
{
	start_with("ro_socket_enabled = no\n");
	cr_assert_neq(access(hvd.ro_sock, F_OK), 0);
}

Test(hvd, unprivileged_peer_cannot_change_state)
{
	int status;
	pid_t pid;

	/* let anyone connect, so that the per-call check is what refuses */
	cr_assert_eq(chmod(hvd.sock, 0666), 0);
	cr_assert_eq(chmod(hvd.dir, 0755), 0);
	pid = fork();
	if (pid == 0) {
		struct client c;
		struct json_object *r;
		int ok;

		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(10);
		if (!client_open(&c, hvd.sock))
			_exit(11);
		r = client_call(&c, "{\"jsonrpc\":\"2.0\",\"method\":"
				"\"vm.delete\",\"params\":{\"name\":\"x\"},"
				"\"id\":1}\n");
		ok = reply_code(r) == RPC_ERR_PERMISSION_DENIED;
		json_object_put(r);
		r = client_call(&c, "{\"jsonrpc\":\"2.0\",\"method\":"
				"\"vm.list\",\"id\":2}\n");
		ok = ok && reply_code(r) == 0;
		_exit(ok ? 0 : 12);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), 0, "child status %d",
		     WEXITSTATUS(status));
	cr_assert(hvd_log_contains(&hvd, "refused vm.delete from pid"));
}

Test(hvd, image_fd_over_scm_rights)
{
	struct client c;
	struct json_object *r, *img;
	char *path = image_path("secret", 5000), *line;
	int fd = open(path, O_RDONLY);

	connect_rw(&c);
	cr_assert_geq(fd, 0);
	/* the path hvd is told is gone: only the fd can supply the data */
	cr_assert_eq(unlink(path), 0);
	cr_assert(asprintf(&line, "{\"jsonrpc\":\"2.0\",\"method\":"
			   "\"vm.create\",\"id\":1,\"params\":{\"name\":\"f\","
			   "\"memory_mib\":8,\"vcpus\":1,\"image\":{\"path\":"
			   "\"%s\",\"format\":\"flat\",\"fd\":true}}}\n",
			   path) > 0);
	cr_assert_eq(rpc_fdpass_send(c.fd, line, strlen(line), fd), 0);
	close(fd);
	r = client_json(&c);
	cr_assert_eq(reply_code(r), 0, "%s", json_object_to_json_string(r));
	cr_assert(json_object_object_get_ex(reply_result(r), "image", &img));
	cr_assert_eq(json_object_get_int(json_object_object_get(img, "size")),
		     5000);
	json_object_put(r);

	/* fd: true without an fd */
	line[strlen("{\"jsonrpc\":\"2.0\",\"method\":\"vm.create\",\"id\":1,"
		    "\"params\":{\"name\":\"")] = 'g';
	r = client_call(&c, line);
	cr_assert_str_eq(reply_error_name(r), "IMAGE_ERROR");
	json_object_put(r);
	/* without fd: true hvd opens the (missing) path */
	free(line);
	line = create_line("h", path, 3);
	r = client_call(&c, line);
	cr_assert_str_eq(reply_error_name(r), "IMAGE_ERROR");
	json_object_put(r);
	free(line);
	client_close(&c);
}

Test(hvd, vm_lifecycle_errors)
{
	struct client c;
	struct json_object *r, *v;
	static const struct {
		const char *line;
		const char *name;
	} steps[] = {
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"vm.start\",\"params\":"
		  "{\"name\":\"l\"},\"id\":1}\n", "HELPER_UNAVAILABLE" },
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"vm.stop\",\"params\":"
		  "{\"name\":\"l\",\"force\":true},\"id\":1}\n",
		  "INVALID_STATE" },
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"vm.stats\",\"params\":"
		  "{\"name\":\"l\"},\"id\":1}\n", "INVALID_STATE" },
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"vm.info\",\"params\":"
		  "{\"name\":\"zz\"},\"id\":1}\n", "VM_NOT_FOUND" },
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"vm.info\",\"params\":"
		  "{\"name\":\"l\",\"x\":1},\"id\":1}\n", "INVALID_PARAMS" },
		/* async PF events: of a named, running hv VM only */
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"events.subscribe\","
		  "\"params\":{\"apf_events\":true},\"id\":1}\n",
		  "INVALID_PARAMS" },
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"events.subscribe\","
		  "\"params\":{\"name\":\"zz\",\"apf_events\":true},"
		  "\"id\":1}\n", "VM_NOT_FOUND" },
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"events.subscribe\","
		  "\"params\":{\"name\":\"l\",\"apf_events\":true},"
		  "\"id\":1}\n", "INVALID_STATE" },
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"vm.update\",\"params\":"
		  "{\"name\":\"l\",\"vcpus\":4,\"autostart\":true},\"id\":1}\n",
		  "" },
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"vm.delete\",\"params\":"
		  "{\"name\":\"l\"},\"id\":1}\n", "" },
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"vm.delete\",\"params\":"
		  "{\"name\":\"l\"},\"id\":1}\n", "VM_NOT_FOUND" },
	};

	char *line;

	connect_rw(&c);
	create_vm(&c, "l");
	line = create_line("l", image_path("img", 10), 2);
	r = client_call(&c, line);
	free(line);
	cr_assert_str_eq(reply_error_name(r), "VM_EXISTS");
	json_object_put(r);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		r = client_call(&c, steps[i].line);
		cr_assert_str_eq(reply_error_name(r), steps[i].name,
				 "step %zu: %s", i,
				 json_object_to_json_string(r));
		if (strstr(steps[i].line, "vm.update")) {
			v = json_object_object_get(reply_result(r), "vcpus");
			cr_assert_eq(json_object_get_int(v), 4);
		}
		json_object_put(r);
	}
	client_close(&c);
}

/* Reads the next line of sub: an "event" notification as described. */
static void expect_event(struct client *sub, const char *event,
			 const char *vm)
{
	struct json_object *r = client_json(sub), *p;

	cr_assert_not_null(r, "no %s event for %s", event, vm);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(r,
			 "method")), "event");
	p = json_object_object_get(r, "params");
	cr_assert_str_eq(json_object_get_string(json_object_object_get(p,
			 "event")), event);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(p,
			 "vm")), vm);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(p,
			 "state")), "defined");
	json_object_put(r);
}

/* The image copy's file name in vm.info's answer for name. */
static char *image_file_of(struct client *c, const char *name)
{
	static char file[300];
	char line[200];
	struct json_object *r, *img;

	snprintf(line, sizeof(line), "{\"jsonrpc\":\"2.0\",\"method\":"
		 "\"vm.info\",\"params\":{\"name\":\"%s\"},\"id\":1}\n",
		 name);
	r = client_call(c, line);
	cr_assert(json_object_object_get_ex(reply_result(r), "image", &img));
	snprintf(file, sizeof(file), "%s/images/%s", hvd.state,
		 json_object_get_string(json_object_object_get(img, "file")));
	json_object_put(r);
	return file;
}

Test(hvd, update_replaces_the_image_copy)
{
	struct client c;
	struct json_object *r;
	char old[300], *line;

	connect_rw(&c);
	create_vm(&c, "u");
	snprintf(old, sizeof(old), "%s", image_file_of(&c, "u"));
	cr_assert_eq(access(old, F_OK), 0);
	cr_assert(asprintf(&line, "{\"jsonrpc\":\"2.0\",\"method\":"
			   "\"vm.update\",\"id\":2,\"params\":{\"name\":\"u\","
			   "\"image\":{\"path\":\"%s\",\"format\":\"elf\"}}}\n",
			   image_path("other", 777)) > 0);
	r = client_call(&c, line);
	cr_assert_eq(reply_code(r), 0, "%s", json_object_to_json_string(r));
	json_object_put(r);
	free(line);
	cr_assert_str_neq(image_file_of(&c, "u"), old);
	cr_assert_eq(access(image_file_of(&c, "u"), F_OK), 0);
	cr_assert_neq(access(old, F_OK), 0, "the old copy is removed");
	client_close(&c);
}

Test(hvd, autostart_is_tried_at_start)
{
	struct client c;
	struct json_object *r;

	connect_rw(&c);
	create_vm(&c, "auto");
	r = client_call(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"vm.update\","
			"\"params\":{\"name\":\"auto\",\"autostart\":true},"
			"\"id\":2}\n");
	cr_assert_eq(reply_code(r), 0);
	json_object_put(r);
	client_close(&c);
	cr_assert_eq(hvd_signal(&hvd, SIGTERM, true), 0);
	cr_assert(hvd_start(&hvd));
	cr_assert(wait_log("auto: autostart failed"));
	cr_assert(hvd_log_contains(&hvd, "HELPER_UNAVAILABLE"));
}

Test(hvd, events_current_then_changes)
{
	struct client sub, c;
	struct json_object *r;

	connect_rw(&c);
	create_vm(&c, "e1");
	connect_rw(&sub);
	r = client_call(&sub, "{\"jsonrpc\":\"2.0\",\"method\":"
			"\"events.subscribe\",\"id\":1}\n");
	cr_assert_eq(reply_code(r), 0);
	json_object_put(r);
	expect_event(&sub, "current", "e1");
	create_vm(&c, "e2");
	expect_event(&sub, "created", "e2");
	r = client_call(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"vm.delete\","
			"\"params\":{\"name\":\"e1\"},\"id\":5}\n");
	json_object_put(r);
	expect_event(&sub, "deleted", "e1");
	client_close(&sub);
	client_close(&c);
}

Test(hvd, sigterm_exits_zero_and_removes_sockets)
{
	struct client c;
	int status;

	connect_rw(&c);
	status = hvd_signal(&hvd, SIGTERM, true);
	cr_assert(WIFEXITED(status), "status %d", status);
	cr_assert_eq(WEXITSTATUS(status), 0);
	cr_assert_neq(access(hvd.sock, F_OK), 0);
	cr_assert(client_wait_eof(&c, HARNESS_TIMEOUT_MS));
	client_close(&c);
}

Test(hvd, sighup_reloads_and_survives_bad_config)
{
	struct client c;
	FILE *f;

	connect_rw(&c);
	f = fopen(hvd.conf, "w");
	fputs("max_clients = 0\n", f);
	fclose(f);
	hvd_signal(&hvd, SIGHUP, false);
	cr_assert(wait_log("reload failed, keeping the old"));
	cr_assert_eq(count_clients(&c), 1, "still serving");
	f = fopen(hvd.conf, "w");
	fputs("idle_timeout_ms = 5000\nro_socket_enabled = no\n", f);
	fclose(f);
	hvd_signal(&hvd, SIGHUP, false);
	cr_assert(wait_log("configuration reloaded"));
	cr_assert(hvd_log_contains(&hvd, "ro_socket_enabled (and any other"));
	cr_assert_eq(count_clients(&c), 1);
	client_close(&c);
}

Test(hvd_conf, corrupt_state_file_reported_and_kept)
{
	char path[200];
	FILE *f;

	cr_assert(hvd_prepare(&hvd, ""));
	snprintf(path, sizeof(path), "%s/vms", hvd.state);
	cr_assert_eq(mkdir(hvd.state, 0750), 0);
	cr_assert_eq(mkdir(path, 0750), 0);
	snprintf(path, sizeof(path), "%s/vms/broken.json", hvd.state);
	f = fopen(path, "w");
	fputs("{\"format_version\":1,", f);
	fclose(f);
	cr_assert(hvd_start(&hvd));
	cr_assert(hvd_log_contains(&hvd, "vms/broken.json"));
	cr_assert_eq(access(path, F_OK), 0, "never deleted");
}

/* Waits (bounded) for a datagram on fd containing want. */
static bool notified(int fd, const char *want)
{
	long long deadline = now_ms() + HARNESS_TIMEOUT_MS;
	char buf[512];

	while (now_ms() < deadline) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, (int)(deadline - now_ms())) <= 0)
			return false;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			return false;
		buf[n] = '\0';
		if (strstr(buf, want))
			return true;
	}
	return false;
}

Test(hvd_conf, systemd_notifications)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	cr_assert(hvd_prepare(&hvd, ""));
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/notify", hvd.dir);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	setenv("NOTIFY_SOCKET", sa.sun_path, 1);
	setenv("WATCHDOG_USEC", "200000", 1);
	cr_assert(hvd_start(&hvd));
	cr_assert(notified(fd, "READY=1"));
	cr_assert(notified(fd, "WATCHDOG=1"), "no watchdog ping");
	hvd_signal(&hvd, SIGTERM, false);
	cr_assert(notified(fd, "STOPPING=1"));
	close(fd);
}

Test(hvd_conf, missing_explicit_config_is_an_error)
{
	char cmd[400];

	cr_assert(hvd_prepare(&hvd, ""));
	snprintf(cmd, sizeof(cmd), "%s --foreground --config %s/nope.conf "
		 "--runtime-dir %s/run --state-dir %s/state 2>/dev/null",
		 hvd_binary, hvd.dir, hvd.dir, hvd.dir);
	cr_assert_eq(WEXITSTATUS(system(cmd)), 1);
}
