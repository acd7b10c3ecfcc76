// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-monitor.c: hv-vm end to end on /dev/kvm with the tiny guests of
 * tiny-guests.h: exit statuses, console, SMP start, memory backends, the
 * statistics file; and refusals of bad definitions and images, which must
 * leave no process and no fd behind.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/monitor/run-vm.h"
#include "tests/monitor/skip.h"
#include "tests/monitor/tiny-guests.h"

#define TIMEOUT_MS	20000

/* Spawn img in format with extra definition keys (",\"k\":v..." or "");
 * with sock, the monitor also serves its socket, whose path goes there. */
static void spawn_image(struct vm_run *r, const void *img, size_t len,
			const char *format, const char *extra,
			const char *const *args, char *sock, size_t socklen)
{
	const char *sock_args[] = { "--socket", sock, NULL };
	char path[128], def[1024];

	cr_assert_eq(vm_run_prepare(r, "{}"), 0);
	snprintf(path, sizeof(path), "%s/image", r->dir);
	cr_assert_eq(write_file(path, img, len), 0);
	snprintf(def, sizeof(def), "{\"name\":\"t\",\"memory_mib\":4,"
		 "\"vcpus\":1,\"image\":{\"path\":\"%s\",\"format\":\"%s\"}%s}",
		 path, format, extra);
	snprintf(path, sizeof(path), "%s/def.json", r->dir);
	cr_assert_eq(write_file(path, def, strlen(def)), 0);
	if (sock) {
		snprintf(sock, socklen, "%s/monitor.sock", r->dir);
		args = sock_args;
	}
	cr_assert_eq(vm_run_spawn(r, args), 0);
}

static void run_image(struct vm_run *r, const void *img, size_t len,
		      const char *format, const char *extra,
		      const char *const *args)
{
	spawn_image(r, img, len, format, extra, args, NULL, 0);
	cr_assert_eq(vm_run_wait(r, TIMEOUT_MS), 0);
}

/* jmp . with interrupts off: runs until stopped. */
static const uint8_t spin[] = { 0xeb, 0xfe };

static void expect_end(const struct vm_run *r, const char *reason)
{
	struct json_object *end, *why;

	cr_assert_not_null(r->stats, "no stats file; stderr: %s", r->err);
	cr_assert(json_object_object_get_ex(r->stats, "end", &end));
	cr_assert(json_object_object_get_ex(end, "reason", &why));
	cr_assert_str_eq(json_object_get_string(why), reason);
}

Test(monitor, hello_exits_with_v0_and_prints)
{
	struct vm_run r;
	uint64_t v, status;

	need_kvm();
	run_image(&r, tiny_hello, sizeof(tiny_hello), "flat", "", NULL);
	cr_expect_eq(r.status, 1, "status %d, stderr: %s", r.status, r.err);
	cr_expect_str_eq(r.console, TINY_HELLO_TEXT);
	expect_end(&r, "debug-exit");
	cr_expect(stat_get(&r, "end.value", &v) && v == 0);
	cr_expect(stat_get(&r, "end.status", &status) && status == 1);
	vm_run_free(&r);
}

Test(monitor, debug_exit_value_gives_status_2v_plus_1)
{
	uint8_t img[sizeof(tiny_hello)];
	struct vm_run r;
	uint64_t v;

	need_kvm();
	memcpy(img, tiny_hello, sizeof(img));
	img[TINY_HELLO_EXIT_BYTE] = 21;
	run_image(&r, img, sizeof(img), "flat", "", NULL);
	cr_expect_eq(r.status, (21 << 1) | 1, "status %d: %s", r.status,
		     r.err);
	cr_expect(stat_get(&r, "end.value", &v) && v == 21);
	vm_run_free(&r);
}

Test(monitor, halt_with_interrupts_off_ends_with_0)
{
	struct vm_run r;

	need_kvm();
	run_image(&r, tiny_halt, sizeof(tiny_halt), "flat", "", NULL);
	cr_expect_eq(r.status, 0, "status %d: %s", r.status, r.err);
	expect_end(&r, "halted");
	vm_run_free(&r);
}

Test(monitor, triple_fault_ends_with_2)
{
	struct vm_run r;

	need_kvm();
	run_image(&r, tiny_triple_fault, sizeof(tiny_triple_fault), "flat",
		  "", NULL);
	cr_expect_eq(r.status, 2, "status %d: %s", r.status, r.err);
	expect_end(&r, "shutdown");
	vm_run_free(&r);
}

Test(monitor, smp_guest_runs_with_parked_aps)
{
	struct vm_run r;
	struct json_object *vcpus;

	need_kvm();
	run_image(&r, tiny_hello, sizeof(tiny_hello), "flat",
		  ",\"vcpus\":4", NULL);
	cr_expect_eq(r.status, 1, "status %d: %s", r.status, r.err);
	cr_assert_not_null(r.stats);
	cr_assert(json_object_object_get_ex(r.stats, "vcpus", &vcpus));
	cr_expect_eq(json_object_array_length(vcpus), 4);
	vm_run_free(&r);
}

Test(monitor, ap_starts_by_init_and_sipi)
{
	struct vm_run r;

	need_kvm();
	run_image(&r, tiny_smp, sizeof(tiny_smp), "flat", ",\"vcpus\":2",
		  NULL);
	cr_expect_eq(r.status, (3 << 1) | 1, "status %d: %s", r.status,
		     r.err);
	cr_expect_str_eq(r.console, "A");
	vm_run_free(&r);
}

Test(monitor, multiboot_gets_magic_and_cmdline)
{
	const char *extra = ",\"cmdline\":\"mb k=v\"";
	struct vm_run r;

	need_kvm();
	run_image(&r, tiny_multiboot, sizeof(tiny_multiboot), "multiboot",
		  extra, NULL);
	cr_expect_eq(r.status, 1, "status %d: %s", r.status, r.err);
	cr_expect_str_eq(r.console, "mb k=v");
	vm_run_free(&r);
}

static void backend_runs(const char *backend)
{
	char extra[128];
	struct vm_run r;

	need_kvm();
	snprintf(extra, sizeof(extra), ",\"memory_backend\":\"%s\"",
		 backend);
	run_image(&r, tiny_hello, sizeof(tiny_hello), "flat", extra, NULL);
	cr_expect_eq(r.status, 1, "%s: status %d: %s", backend, r.status,
		     r.err);
	cr_expect_str_eq(r.console, TINY_HELLO_TEXT);
	vm_run_free(&r);
}

Test(monitor, backend_anon) { backend_runs("anon"); }
Test(monitor, backend_memfd) { backend_runs("memfd"); }
Test(monitor, backend_file) { backend_runs("file"); }

Test(monitor, backend_uffd_serves_pages)
{
	struct vm_run r;
	uint64_t pages;

	need_uffd();
	run_image(&r, tiny_touch, sizeof(tiny_touch), "flat",
		  ",\"memory_backend\":\"uffd\",\"uffd_delay_us\":100", NULL);
	cr_expect_eq(r.status, 1, "status %d: %s", r.status, r.err);
	/* The loader filled the image's page; the page at 2 MiB is the
	 * pager's. */
	cr_expect(stat_get(&r, "monitor.uffd_pages", &pages) && pages >= 1,
		  "uffd pages");
	vm_run_free(&r);
}

Test(monitor, backend_file_at_a_path)
{
	char extra[256], path[128];
	struct vm_run r;
	struct stat st;

	need_kvm();
	snprintf(path, sizeof(path), "/tmp/hv-vm-test-ram.%d", (int)getpid());
	snprintf(extra, sizeof(extra), ",\"memory_backend\":\"file\","
		 "\"memory_path\":\"%s\"", path);
	run_image(&r, tiny_touch, sizeof(tiny_touch), "flat", extra, NULL);
	cr_expect_eq(r.status, 1, "status %d: %s", r.status, r.err);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_size, 4 << 20, "the file is the guest's RAM");
	unlink(path);
	vm_run_free(&r);
}

/* The helper's way: /dev/kvm and /dev/userfaultfd passed as open fds. */
Test(monitor, accel_and_userfaultfd_fds_passed_in)
{
	char kfd[16], ufd[16];
	const char *args[] = { "--accel-fd", kfd, "--uffd-dev-fd", ufd, NULL };
	struct vm_run r;
	uint64_t pages;
	int k, u;

	need_uffd();
	k = open("/dev/kvm", O_RDWR);
	u = open("/dev/userfaultfd", O_RDWR);
	cr_assert(k >= 0 && u >= 0, "cannot open the devices");
	snprintf(kfd, sizeof(kfd), "%d", k);
	snprintf(ufd, sizeof(ufd), "%d", u);
	run_image(&r, tiny_touch, sizeof(tiny_touch), "flat",
		  ",\"memory_backend\":\"uffd\"", args);
	close(k);
	close(u);
	cr_expect_eq(r.status, 1, "status %d: %s", r.status, r.err);
	cr_expect(stat_get(&r, "monitor.uffd_pages", &pages) && pages >= 1);
	vm_run_free(&r);
}

/* The pool of 2 MiB pages: read, or set where $1 >= 0; -1 if unusable. */
static long hugepages(long set)
{
	const char *path = "/proc/sys/vm/nr_hugepages";
	long n = -1;
	FILE *f;

	if (set >= 0) {
		f = fopen(path, "w");
		if (!f)
			return -1;
		fprintf(f, "%ld\n", set);
		if (fclose(f) != 0)
			return -1;
	}
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

/* As root the test reserves the pages its 4 MiB guest needs, so that the
 * backend really runs; without them it must refuse and say why. */
Test(monitor, backend_hugetlb)
{
	long before = hugepages(-1), now = -1;
	struct vm_run r;

	need_kvm();
	if (before >= 0 && geteuid() == 0)
		now = hugepages(before + 4);
	run_image(&r, tiny_hello, sizeof(tiny_hello), "flat",
		  ",\"memory_backend\":\"hugetlb\"", NULL);
	if (now >= before + 2) {
		cr_expect_eq(r.status, 1, "status %d: %s", r.status, r.err);
	} else if (r.status == 8) {
		cr_expect(strstr(r.err, "nr_hugepages") != NULL,
			  "refusal should say why: %s", r.err);
	} else {
		cr_expect_eq(r.status, 1, "status %d: %s", r.status, r.err);
	}
	if (now >= 0)
		hugepages(before);
	vm_run_free(&r);
}

Test(monitor, stats_file_has_catalogue_and_kvm_names)
{
	struct vm_run r;
	uint64_t v;

	need_kvm();
	run_image(&r, tiny_hello, sizeof(tiny_hello), "flat",
		  ",\"dirty_log\":true", NULL);
	cr_assert_eq(r.status, 1, "status %d: %s", r.status, r.err);
	cr_expect(stat_get(&r, "vcpus.0.stats.exits", &v) && v > 0);
	cr_expect(stat_get(&r, "vcpus.0.kvm.exits", &v));
	cr_expect(stat_get(&r, "vm.stats.mmu_cache_miss", &v));
	cr_expect(stat_get(&r, "vm.stats.dirty_pages", &v));
	cr_expect(stat_get(&r, "monitor.dirty_rounds", &v) && v >= 1);
	/* KVM has no such figure: absent, not zero. */
	cr_expect(!stat_get(&r, "vm.stats.mmu_cache_hit", &v));
	cr_expect(!stat_get(&r, "vcpus.0.stats.apf_prefault", &v));
	vm_run_free(&r);
}

Test(monitor, sigterm_stops_with_6)
{
	struct vm_run r;

	need_kvm();
	spawn_image(&r, spin, sizeof(spin), "flat", ",\"vcpus\":2", NULL,
		    NULL, 0);
	usleep(300000);
	kill(r.pid, SIGTERM);
	cr_assert_eq(vm_run_wait(&r, TIMEOUT_MS), 0);
	cr_expect_eq(r.status, 6, "status %d: %s", r.status, r.err);
	expect_end(&r, "stopped");
	vm_run_free(&r);
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, i;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -1;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	for (i = 0; i < 100; i++) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		close(fd);
		usleep(20000);
	}
	return -1;
}

/* Send one request line, read lines until one has "id"; returns it. */
static struct json_object *request(FILE *f, int fd, const char *line)
{
	char *buf = NULL;
	size_t cap = 0;
	struct json_object *o = NULL;

	cr_assert_eq(write(fd, line, strlen(line)), (ssize_t)strlen(line));
	while (getline(&buf, &cap, f) > 0) {
		o = json_tokener_parse(buf);
		if (o && json_object_object_get_ex(o, "id", NULL))
			break;
		json_object_put(o);
		o = NULL;
	}
	free(buf);
	return o;
}

Test(monitor, socket_info_stats_and_forced_stop)
{
	struct json_object *o, *res, *v;
	char sock[128], *line = NULL;
	struct vm_run r;
	size_t cap = 0;
	FILE *f;
	int fd;

	need_kvm();
	spawn_image(&r, spin, sizeof(spin), "flat", "", NULL, sock,
		    sizeof(sock));
	fd = connect_to(sock);
	cr_assert_geq(fd, 0, "no monitor socket");
	f = fdopen(dup(fd), "r");
	o = request(f, fd, "{\"jsonrpc\":\"2.0\",\"id\":1,"
		    "\"method\":\"monitor.info\"}\n");
	cr_assert(o && json_object_object_get_ex(o, "result", &res));
	cr_assert(json_object_object_get_ex(res, "state", &v));
	cr_expect_str_eq(json_object_get_string(v), "running");
	json_object_put(o);
	o = request(f, fd, "{\"jsonrpc\":\"2.0\",\"id\":2,"
		    "\"method\":\"monitor.stats\"}\n");
	cr_assert(o && json_object_object_get_ex(o, "result", &res));
	cr_expect(json_object_object_get_ex(res, "vcpus", NULL));
	json_object_put(o);
	o = request(f, fd, "{\"jsonrpc\":\"2.0\",\"id\":3,"
		    "\"method\":\"monitor.bogus\"}\n");
	cr_expect(o && json_object_object_get_ex(o, "error", NULL));
	json_object_put(o);
	o = request(f, fd, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":"
		    "\"monitor.stop\",\"params\":{\"force\":true}}\n");
	cr_expect(o && json_object_object_get_ex(o, "result", NULL));
	json_object_put(o);
	if (getline(&line, &cap, f) <= 0) {
		free(line);
		line = NULL;
	}
	fclose(f);
	close(fd);
	cr_assert_eq(vm_run_wait(&r, TIMEOUT_MS), 0);
	cr_expect_eq(r.status, 6, "status %d: %s", r.status, r.err);
	cr_assert_not_null(line, "no monitor.ended; monitor said: %s", r.err);
	cr_expect(strstr(line, "\"monitor.ended\"") != NULL, "%s", line);
	cr_expect(strstr(line, "\"stopped\"") != NULL, "%s", line);
	free(line);
	cr_expect_neq(access(sock, F_OK), 0, "socket left behind");
	vm_run_free(&r);
}
