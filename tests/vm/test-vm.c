// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-vm.c: hvd, hvd-helper and hv-vm end to end on /dev/kvm, as root:
 * the privileges of each process as the man pages state them, a guest
 * through its whole lifecycle with its events, end and console log,
 * vm.stop, vm.stats, an hvd killed and restarted while a VM runs, a dead
 * helper and a restarted one, an accelerator that is absent, and hvd
 * without hv.ko's netlink family.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/vm/vm-harness.h"

/* Guests are slow here (KVM on shadow paging): generous bounds. */
#define GUEST_MS	20000
/* memtouch that runs until stopped, small. */
#define LONG_RUN	"spaces=2 mib=1 rounds=1000000"

#define NO_CAPS		"0000000000000000"
/* hvd-helper(8): KILL, SETGID, SETUID, SETPCAP, NET_ADMIN, SYS_MODULE,
 * PERFMON */
#define HELPER_CAPS	"00000040000111e0"

static struct vmh v;

static void setup(void)
{
	const char *why = vmh_unusable();

	if (why)
		cr_skip_test("SKIP: %s", why);
	cr_assert(vmh_start(&v), "hvd did not start: %s",
		  read_text_file(v.p.log));
}

static void teardown(void)
{
	vmh_cleanup(&v);
}

TestSuite(vm, .init = setup, .fini = teardown, .timeout = 90);

static json_object *ok_call(const char *method, const char *params)
{
	struct json_object *r = vmh_call(&v, method, params);

	cr_assert(r, "%s: no answer", method);
	cr_assert_eq(reply_code(r), 0, "%s: %s", method,
		     json_object_to_json_string(r));
	return r;
}

static void start_vm(const char *name)
{
	char params[128];

	snprintf(params, sizeof(params), "{\"name\":\"%s\"}", name);
	json_object_put(ok_call("vm.start", params));
}

static void expect_status(int pid, const char *uids, const char *caps)
{
	static const char *const keys[] = { "CapEff", "CapPrm", "CapBnd" };

	cr_expect_str_eq(vmh_status(pid, "Uid"), uids, "pid %d", pid);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		cr_expect_str_eq(vmh_status(pid, keys[i]), caps, "pid %d %s",
				 pid, keys[i]);
	cr_expect_str_eq(vmh_status(pid, "NoNewPrivs"), "1", "pid %d", pid);
}

static int helper_pid(void)
{
	struct json_object *r = ok_call("daemon.info", "");
	struct json_object *h = json_object_object_get(reply_result(r),
						       "helper");
	int pid = json_object_get_int(json_object_object_get(h, "pid"));

	cr_assert_str_eq(json_object_get_string(json_object_object_get(
				 h, "state")), "up");
	json_object_put(r);
	return pid;
}

Test(vm, privileges_as_documented)
{
	int monitor;

	expect_status(v.p.pid, "64311\t64311\t64311\t64311", NO_CAPS);
	cr_assert(vmh_create(&v, "long", "memtouch", 16, LONG_RUN));
	start_vm("long");
	cr_assert(vmh_wait_state(&v, "long", "running", GUEST_MS, NULL, 0));
	/* the helper has served requests: its start-up cut is done */
	expect_status(helper_pid(), "0\t0\t0\t0", HELPER_CAPS);
	monitor = atoi(vmh_info(&v, "long", "pid"));
	cr_assert_gt(monitor, 1);
	expect_status(monitor, "64312\t64312\t64312\t64312", NO_CAPS);
}

Test(vm, hello_lifecycle_events_end_and_console)
{
	char seen[256] = "", log[256];
	const char *text;

	cr_assert(vmh_create(&v, "hello", "hello", 16, ""));
	start_vm("hello");
	cr_assert(vmh_wait_state(&v, "hello", "stopped", GUEST_MS, seen,
				 sizeof(seen)), "states: %s", seen);
	cr_expect_str_eq(seen, "starting running stopped ");
	cr_expect_str_eq(vmh_info(&v, "hello", "end.reason"), "debug-exit");
	cr_expect_str_eq(vmh_info(&v, "hello", "end.status"), "1");
	cr_expect_str_eq(vmh_info(&v, "hello", "pid"), "");
	snprintf(log, sizeof(log), "%s/log/hello.console.log", v.p.dir);
	text = read_text_file(log);
	cr_assert(text && strstr(text, "Hello from hv guest"), "console: %s",
		  text ? text : "(none)");
	cr_expect(hvd_log_contains(&v.p, "hello: running -> stopped"));
	/* it starts again from stopped */
	start_vm("hello");
	cr_assert(vmh_wait_state(&v, "hello", "stopped", GUEST_MS, NULL, 0));
}

Test(vm, stop_stats_and_vcpu_stats)
{
	struct json_object *r = NULL, *res, *vcpus, *tp;
	long long t0;
	char seen[256] = "";

	cr_assert(vmh_create(&v, "mt", "memtouch", 16, LONG_RUN));
	start_vm("mt");
	cr_assert(vmh_wait_state(&v, "mt", "running", GUEST_MS, NULL, 0));
	/* the vCPU thread reports its tid once it runs: then hvd has the
	 * helper's per-thread tracepoint counters and reads them */
	t0 = now_ms();
	do {
		if (r)
			json_object_put(r);
		usleep(50000);
		r = ok_call("vm.stats", "{\"name\":\"mt\"}");
		res = reply_result(r);
		cr_assert(json_object_object_get_ex(res, "vcpus", &vcpus));
		tp = json_object_object_get(json_object_array_get_idx(vcpus,
								      0),
					    "tracepoints");
	} while (!json_object_object_get_ex(tp, "kvm:kvm_async_pf_ready",
					    NULL) && now_ms() - t0 < 5000);
	cr_expect(json_object_object_get_ex(res, "timestamp_ns", NULL));
	cr_expect_eq(json_object_array_length(vcpus), 1);
	cr_expect(json_object_object_get_ex(tp, "kvm:kvm_async_pf_ready",
					    NULL) &&
		  json_object_object_get_ex(tp, "kvmmmu:fast_page_fault",
					    NULL), "%s",
		  json_object_to_json_string(res));
	json_object_put(r);
	r = ok_call("vm.stats", "{\"name\":\"mt\",\"vcpu\":0}");
	cr_expect(json_object_object_get_ex(reply_result(r), "vcpu", NULL));
	json_object_put(r);
	r = vmh_call(&v, "vm.stats", "{\"name\":\"mt\",\"vcpu\":1}");
	cr_expect_str_eq(reply_error_name(r), "INVALID_PARAMS");
	json_object_put(r);
	json_object_put(ok_call("vm.stop", "{\"name\":\"mt\",\"force\":true}"));
	cr_assert(vmh_wait_state(&v, "mt", "stopped", GUEST_MS, seen,
				 sizeof(seen)), "states: %s", seen);
	cr_expect_str_eq(seen, "stopping stopped ");
	cr_expect_str_eq(vmh_info(&v, "mt", "end.reason"), "stopped");
	r = vmh_call(&v, "vm.stats", "{\"name\":\"mt\"}");
	cr_expect_str_eq(reply_error_name(r), "INVALID_STATE");
	json_object_put(r);
}

/* hvctl's output for args (stdout a pipe), at most len bytes. */
static void hvctl(const char *args, char *out, size_t len)
{
	char cmd[512];
	size_t n;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "timeout 60 %s --socket %s %s", HVCTL_PATH,
		 v.p.sock, args);
	f = popen(cmd, "r");
	cr_assert(f);
	n = fread(out, 1, len - 1, f);
	out[n] = '\0';
	pclose(f);
}

Test(vm, hvctl_stats_table_and_watch)
{
	char out[16384], *p;
	int draws = 0;

	cr_assert(vmh_create(&v, "mt", "memtouch", 16, LONG_RUN));
	start_vm("mt");
	cr_assert(vmh_wait_state(&v, "mt", "running", GUEST_MS, NULL, 0));
	hvctl("stats mt", out, sizeof(out));
	cr_expect(strstr(out, "COUNTER") && strstr(out, "\nexits "), "%s",
		  out);
	cr_expect(strstr(out, "\npf_fixed "), "%s", out);
	hvctl("stats mt --vcpu 0", out, sizeof(out));
	cr_expect(strstr(out, "\nexits ") && !strstr(out, "mmu_pte_write"),
		  "%s", out);
	/* --watch redraws until stopped: 2.5 s at 1 s is 2 or 3 draws */
	hvctl("stats mt --watch 1 & w=$!; sleep 2.5; kill $w", out,
	      sizeof(out));
	for (p = out; (p = strstr(p, "PER_SECOND")); p++)
		draws++;
	cr_expect(draws >= 2 && draws <= 3, "%d draws: %s", draws, out);
	cr_expect(strstr(out, "exits"), "%s", out);
	hvctl("stats mt --watch 0", out, sizeof(out));
	cr_expect_str_eq(out, "");
}

Test(vm, events_stream_stats_at_an_interval)
{
	struct json_object *r, *msg, *p;
	struct client s;
	long long t0;
	int n = 0;

	cr_assert(vmh_create(&v, "mt", "memtouch", 16, LONG_RUN));
	start_vm("mt");
	cr_assert(vmh_wait_state(&v, "mt", "running", GUEST_MS, NULL, 0));
	r = vmh_call(&v, "events.subscribe", "{\"stats_interval_ms\":50}");
	cr_expect_str_eq(reply_error_name(r), "INVALID_PARAMS");
	json_object_put(r);
	cr_assert(client_open(&s, v.p.sock));
	r = client_call(&s, "{\"jsonrpc\":\"2.0\",\"method\":"
			"\"events.subscribe\",\"params\":{\"name\":\"mt\","
			"\"stats_interval_ms\":200},\"id\":1}\n");
	cr_assert_eq(reply_code(r), 0);
	json_object_put(r);
	t0 = now_ms();
	while (n < 3 && now_ms() - t0 < 5000 && (msg = client_json(&s))) {
		if (strcmp(json_object_get_string(json_object_object_get(
				msg, "method")), "stats") == 0) {
			p = json_object_object_get(msg, "params");
			cr_expect_str_eq(json_object_get_string(
				json_object_object_get(p, "vm")), "mt");
			cr_expect(json_object_object_get_ex(json_object_object_get(
				p, "stats"), "timestamp_ns", NULL));
			n++;
		}
		json_object_put(msg);
	}
	cr_expect_eq(n, 3, "%d stats notifications", n);
	client_close(&s);
}

Test(vm, console_output_to_a_piped_hvctl_and_input_to_the_uart)
{
	struct json_object *r, *res;
	char out[16384];

	cr_assert(vmh_create(&v, "mt", "memtouch", 16,
			     "spaces=2 mib=1 rounds=10"));
	start_vm("mt");
	cr_assert(vmh_wait_state(&v, "mt", "running", GUEST_MS, NULL, 0));
	/* bytes reach the UART's receiver, up to its FIFO */
	r = ok_call("console.input", "{\"name\":\"mt\",\"data\":\"aGk=\"}");
	res = reply_result(r);
	cr_expect_eq(json_object_get_int(json_object_object_get(res,
			"accepted")), 2, "%s", json_object_to_json_string(r));
	json_object_put(r);
	r = vmh_call(&v, "console.input", "{\"name\":\"mt\",\"data\":\"%\"}");
	cr_expect_str_eq(reply_error_name(r), "INVALID_PARAMS");
	json_object_put(r);
	/* stdin not a terminal: hvctl prints the console until the end */
	hvctl("console mt </dev/null", out, sizeof(out));
	cr_expect(strstr(out, "hv-test: memtouch checksum="), "%s", out);
	cr_expect_str_eq(vmh_info(&v, "mt", "state"), "stopped");
	r = vmh_call(&v, "vm.console.attach", "{\"name\":\"mt\"}");
	cr_expect_str_eq(reply_error_name(r), "INVALID_STATE");
	json_object_put(r);
}

Test(vm, hvd_killed_and_restarted_keeps_the_vm)
{
	struct json_object *r;
	int monitor;

	cr_assert(vmh_create(&v, "mt", "memtouch", 16, LONG_RUN));
	start_vm("mt");
	cr_assert(vmh_wait_state(&v, "mt", "running", GUEST_MS, NULL, 0));
	monitor = atoi(vmh_info(&v, "mt", "pid"));
	cr_assert_eq(hvd_signal(&v.p, SIGKILL, true) & 0x7f, SIGKILL);
	cr_assert_eq(kill(monitor, 0), 0, "the monitor died with hvd");
	cr_assert(vmh_restart(&v), "%s", read_text_file(v.p.log));
	cr_assert(vmh_wait_state(&v, "mt", "running", GUEST_MS, NULL, 0) ||
		  strcmp(vmh_info(&v, "mt", "state"), "running") == 0,
		  "%s", read_text_file(v.p.log));
	cr_expect_eq(atoi(vmh_info(&v, "mt", "pid")), monitor);
	r = ok_call("vm.stats", "{\"name\":\"mt\"}");
	json_object_put(r);
	cr_expect(hvd_log_contains(&v.p, "re-attached"));
	json_object_put(ok_call("vm.stop", "{\"name\":\"mt\",\"force\":true}"));
	cr_assert(vmh_wait_state(&v, "mt", "stopped", GUEST_MS, NULL, 0));
}

/* A helper started by hand on helper_socket, the systemd way. */
static pid_t socket_helper(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char state[160], uid[16], vmuid[16], log[160];
	int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	pid_t pid;

	strcpy(sa.sun_path, v.helper_sock);
	cr_assert(fd >= 0 && bind(fd, (struct sockaddr *)&sa,
				  sizeof(sa)) == 0 && listen(fd, 4) == 0);
	cr_assert(chown(v.helper_sock, VMH_HVD_UID, 0) == 0);
	snprintf(state, sizeof(state), "%s/run/helper/monitors", v.p.dir);
	snprintf(uid, sizeof(uid), "%d", VMH_HVD_UID);
	snprintf(vmuid, sizeof(vmuid), "%d", VMH_VM_UID);
	snprintf(log, sizeof(log), "%s/helper.err", v.p.dir);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		char lpid[32];

		dup2(out, 1);
		dup2(out, 2);
		dup2(fd, 3);
		snprintf(lpid, sizeof(lpid), "%d", (int)getpid());
		setenv("LISTEN_FDS", "1", 1);
		setenv("LISTEN_PID", lpid, 1);
		execl(HV_HELPER_PATH, "hvd-helper", "--user", uid,
		      "--monitor-user", vmuid, "--monitor", v.monitor,
		      "--state", state, "--stderr", (char *)NULL);
		_exit(127);
	}
	close(fd);
	return pid;
}

Test(vm, dead_helper_fails_fast_and_a_new_one_serves)
{
	struct json_object *r;
	long long t;
	int helper, status;
	pid_t again;

	cr_assert(vmh_create(&v, "mt", "memtouch", 16, LONG_RUN));
	cr_assert(vmh_create(&v, "hello", "hello", 16, ""));
	start_vm("mt");
	cr_assert(vmh_wait_state(&v, "mt", "running", GUEST_MS, NULL, 0));
	helper = helper_pid();
	cr_assert_eq(kill(helper, SIGKILL), 0);
	t = now_ms();
	while (now_ms() - t < 5000 &&
	       !hvd_log_contains(&v.p, "hvd-helper unavailable"))
		usleep(10000);
	r = vmh_call(&v, "vm.start", "{\"name\":\"hello\"}");
	cr_expect_str_eq(reply_error_name(r), "HELPER_UNAVAILABLE");
	json_object_put(r);
	r = ok_call("daemon.info", "");
	cr_expect_str_eq(json_object_get_string(json_object_object_get(
		json_object_object_get(reply_result(r), "helper"), "state")),
		"down");
	json_object_put(r);
	/* the running VM is not harmed */
	json_object_put(ok_call("vm.stats", "{\"name\":\"mt\"}"));
	/* a helper on helper_socket restores service */
	again = socket_helper();
	start_vm("hello");
	cr_assert(vmh_wait_state(&v, "hello", "stopped", GUEST_MS, NULL, 0));
	cr_expect_str_eq(vmh_info(&v, "hello", "end.status"), "1");
	json_object_put(ok_call("vm.stop", "{\"name\":\"mt\",\"force\":true}"));
	cr_assert(vmh_wait_state(&v, "mt", "stopped", GUEST_MS, NULL, 0));
	kill(again, SIGKILL);
	waitpid(again, &status, 0);
}

Test(vm, absent_accelerator_and_refused_image)
{
	struct json_object *r;

	cr_assert(vmh_create(&v, "h", "hello", 16, ""));
	json_object_put(ok_call("vm.update", "{\"name\":\"h\",\"accel\":"
				"\"hv\"}"));
	r = vmh_call(&v, "vm.start", "{\"name\":\"h\"}");
	cr_expect_str_eq(reply_error_name(r), "NO_ACCELERATOR");
	json_object_put(r);
	cr_expect_str_eq(vmh_info(&v, "h", "state"), "defined");
	/* a memory size the guest cannot load into: the monitor refuses */
	json_object_put(ok_call("vm.update", "{\"name\":\"h\",\"accel\":"
				"\"kvm\",\"memory_mib\":1}"));
	start_vm("h");
	cr_assert(vmh_wait_state(&v, "h", "crashed", GUEST_MS, NULL, 0));
	cr_expect_str_eq(vmh_info(&v, "h", "end.reason"), "refused");
}

/* Occurrences of s in hvd's stderr log. */
static int log_count(const char *s)
{
	const char *p = read_text_file(v.p.log);
	int n = 0;

	while (p && (p = strstr(p, s))) {
		n++;
		p += strlen(s);
	}
	return n;
}

/* Without hv.ko (this host): no netlink socket, one journal line saying
 * why, and VMs on kvm get their statistics as before, with no error of
 * the module's. */
Test(vm, no_hv_module_one_line_and_kvm_unaffected)
{
	struct json_object *r, *mod, *res;

	if (access("/sys/module/hv", F_OK) == 0)
		cr_skip_test("SKIP: hv.ko is loaded on this host");
	r = ok_call("daemon.info", "");
	cr_assert(json_object_object_get_ex(reply_result(r), "hv_module",
					    &mod));
	cr_expect(!json_object_get_boolean(json_object_object_get(mod,
								  "netlink")));
	cr_expect(strstr(json_object_get_string(json_object_object_get(
		mod, "reason")) ?: "", "is hv.ko loaded?"), "%s",
		json_object_to_json_string(mod));
	json_object_put(r);
	cr_expect(hvd_log_contains(&v.p, "hvd: notice: no statistics or "
				   "events from hv.ko: hvd-helper: generic "
				   "netlink family \"hv\""), "%s",
		  read_text_file(v.p.log));
	cr_assert(vmh_create(&v, "k", "memtouch", 16, LONG_RUN));
	start_vm("k");
	cr_assert(vmh_wait_state(&v, "k", "running", GUEST_MS, NULL, 0));
	r = ok_call("vm.stats", "{\"name\":\"k\"}");
	res = reply_result(r);
	cr_expect_str_eq(json_object_get_string(json_object_object_get(
		res, "accel")), "kvm");
	cr_expect(!json_object_object_get_ex(res, "module_error", NULL));
	cr_expect(json_object_object_get_ex(json_object_object_get(
		json_object_object_get(res, "vm"), "kvm"), "mmu_cache_miss",
		NULL), "%s", json_object_to_json_string(res));
	json_object_put(r);
	json_object_put(ok_call("vm.stop", "{\"name\":\"k\",\"force\":true}"));
	cr_assert(vmh_wait_state(&v, "k", "stopped", GUEST_MS, NULL, 0));
	/* said once, at start: not again for each VM or call */
	cr_expect_eq(log_count("no statistics or events from hv.ko"), 1);
}
