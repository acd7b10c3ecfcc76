// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-rpc.c: vm.list round trips against a real hvd with 100 VMs
 * defined, from 1, 16 and 256 closed-loop clients (each sends its next
 * request only after the previous reply arrived). This program is the
 * load: one thread multiplexing every client with epoll, on the same
 * machine as hvd. Prints a table and records rpc.vm_list.rps.cN,
 * rpc.vm_list.p50_us.cN and rpc.vm_list.p99_us.cN, and, since the machine
 * is shared, the CPU time hvd and the load spent per request
 * (rpc.vm_list.hvd_cpu_us.cN, rpc.vm_list.load_cpu_us.cN), which does not
 * depend on how much of the machine the run was given.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tests/bench/report.h"
#include "tests/rpc/harness.h"

#define VMS		100
#define WARMUP_MS	300
#define MEASURE_MS	2500

static const char request[] =
	"{\"jsonrpc\":\"2.0\",\"method\":\"vm.list\",\"id\":1}\n";

struct loader {
	struct client c;
	long long sent_ns;	/* when the request in flight was sent */
	size_t got;		/* bytes of the reply received so far */
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static bool send_request(struct loader *l)
{
	l->sent_ns = now_ns();
	l->got = 0;
	return send(l->c.fd, request, sizeof(request) - 1, MSG_NOSIGNAL) ==
	       (ssize_t)(sizeof(request) - 1);
}

/* The reply every client must get, byte for byte. */
static char *expected_reply(const char *sock, size_t *len)
{
	struct client c;
	struct json_object *r, *vms;
	char *line;

	if (!client_open(&c, sock) || !client_send_str(&c, request))
		return NULL;
	line = client_line(&c, HARNESS_TIMEOUT_MS, NULL);
	client_close(&c);
	if (!line)
		return NULL;
	r = json_tokener_parse(line);
	if (!json_object_object_get_ex(reply_result(r), "vms", &vms) ||
	    json_object_array_length(vms) != VMS) {
		fprintf(stderr, "bench-rpc: unexpected reply: %s\n", line);
		json_object_put(r);
		free(line);
		return NULL;
	}
	json_object_put(r);
	*len = strlen(line);
	line[(*len)++] = '\n';	/* the wire form ends with it */
	return line;
}

struct result {
	double rps;
	double p50_us, p99_us;
	double hvd_cpu_us, load_cpu_us;	/* CPU time per request */
};

/* CPU time (user + system) of process pid so far, in microseconds. */
static double proc_cpu_us(pid_t pid)
{
	unsigned long long utime = 0, stime = 0;
	char path[64], buf[1024], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* fields 14 and 15, counted after the ")" that ends field 2 */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
			 "%*u %llu %llu", &utime, &stime) != 2)
		return 0;
	return (double)(utime + stime) * 1e6 / (double)sysconf(_SC_CLK_TCK);
}

static double self_cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static bool run_level(const struct hvd_proc *p, int n, const char *expect,
		      size_t expect_len, struct result *res)
{
	const char *sock = p->sock;
	double hvd_cpu0 = 0, load_cpu0 = 0;
	bool measuring = false;
	size_t cap = 4 << 20, count = 0;
	long long *lat = malloc(cap * sizeof(*lat));
	struct loader *ls = calloc((size_t)n, sizeof(*ls));
	struct epoll_event ev, evs[256];
	long long start, measure_from, end;
	static char buf[1 << 17];
	int ep = epoll_create1(EPOLL_CLOEXEC);
	bool ok = true;

	for (int i = 0; i < n && ok; i++) {
		ok = client_open(&ls[i].c, sock);
		ev.events = EPOLLIN;
		ev.data.ptr = &ls[i];
		ok = ok && epoll_ctl(ep, EPOLL_CTL_ADD, ls[i].c.fd, &ev) == 0;
	}
	start = now_ns();
	measure_from = start + WARMUP_MS * 1000000LL;
	end = measure_from + MEASURE_MS * 1000000LL;
	for (int i = 0; i < n && ok; i++)
		ok = send_request(&ls[i]);
	while (ok && now_ns() < end) {
		int k = epoll_wait(ep, evs, 256, HARNESS_TIMEOUT_MS);

		if (!measuring && now_ns() >= measure_from) {
			measuring = true;
			hvd_cpu0 = proc_cpu_us(p->pid);
			load_cpu0 = self_cpu_us();
		}
		if (k <= 0) {
			fprintf(stderr, "bench-rpc: no reply for %d ms\n",
				HARNESS_TIMEOUT_MS);
			ok = false;
			break;
		}
		for (int i = 0; i < k && ok; i++) {
			struct loader *l = evs[i].data.ptr;
			ssize_t r = recv(l->c.fd, buf, sizeof(buf), 0);
			long long t;

			if (r <= 0 || l->got + (size_t)r > expect_len ||
			    memcmp(buf, expect + l->got, (size_t)r) != 0) {
				fprintf(stderr, "bench-rpc: bad reply\n");
				ok = false;
				break;
			}
			l->got += (size_t)r;
			if (l->got < expect_len)
				continue;
			t = now_ns();
			if (l->sent_ns >= measure_from && count < cap)
				lat[count++] = t - l->sent_ns;
			ok = send_request(l);
		}
	}
	if (ok && count > 0) {
		res->hvd_cpu_us = (proc_cpu_us(p->pid) - hvd_cpu0) /
				  (double)count;
		res->load_cpu_us = (self_cpu_us() - load_cpu0) / (double)count;
		qsort(lat, count, sizeof(*lat), cmp_ll);
		res->rps = (double)count / (MEASURE_MS / 1000.0);
		res->p50_us = (double)lat[count / 2] / 1000.0;
		res->p99_us = (double)lat[count * 99 / 100] / 1000.0;
	}
	for (int i = 0; i < n; i++)
		client_close(&ls[i].c);
	close(ep);
	free(ls);
	free(lat);
	return ok && count > 0;
}

static bool define_vms(const struct hvd_proc *p)
{
	char img[160], name[16];
	struct client c;
	bool ok;

	snprintf(img, sizeof(img), "%s/image", p->dir);
	if (!write_test_file(img, 4096) || !client_open(&c, p->sock))
		return false;
	ok = true;
	for (int i = 0; i < VMS && ok; i++) {
		char *line;
		struct json_object *r;

		snprintf(name, sizeof(name), "bench-%03d", i);
		line = create_line(name, img, i);
		r = client_call(&c, line);
		ok = r && reply_code(r) == 0;
		json_object_put(r);
		free(line);
	}
	client_close(&c);
	return ok;
}

/* Records one level's figures as rpc.vm_list.<figure>.c<clients>. */
static void record(int clients, const struct result *res)
{
	const struct {
		const char *figure;
		double value;
		const char *unit;
	} figures[] = {
		{ "rps", res->rps, "req/s" },
		{ "p50_us", res->p50_us, "us" },
		{ "p99_us", res->p99_us, "us" },
		{ "hvd_cpu_us", res->hvd_cpu_us, "us" },
		{ "load_cpu_us", res->load_cpu_us, "us" },
	};
	char name[64];

	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
		snprintf(name, sizeof(name), "rpc.vm_list.%s.c%d",
			 figures[i].figure, clients);
		bench_record(name, figures[i].value, figures[i].unit);
	}
}

int main(void)
{
	static const int levels[] = { 1, 16, 256 };
	struct rlimit rl = { 1024, 1024 };
	struct hvd_proc p;
	struct result res;
	size_t expect_len;
	char *expect;
	int status = 1;

	signal(SIGPIPE, SIG_IGN);
	getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < 1024) {
		rl.rlim_cur = rl.rlim_max < 1024 ? rl.rlim_max : 1024;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (!hvd_prepare(&p, "") || !hvd_start(&p)) {
		fprintf(stderr, "bench-rpc: cannot start hvd\n");
		goto out;
	}
	if (!define_vms(&p) || !(expect = expected_reply(p.sock,
							 &expect_len))) {
		fprintf(stderr, "bench-rpc: cannot define %d VMs\n", VMS);
		goto out;
	}
	printf("vm.list with %d VMs (%zu-byte reply), closed-loop clients, "
	       "%d ms each\n", VMS, expect_len, MEASURE_MS);
	printf("%8s %12s %10s %10s %14s %15s\n", "clients", "requests/s",
	       "p50 us", "p99 us", "hvd cpu us/req", "load cpu us/req");
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		if (!run_level(&p, levels[i], expect, expect_len, &res)) {
			fprintf(stderr, "bench-rpc: %d clients failed\n",
				levels[i]);
			free(expect);
			goto out;
		}
		printf("%8d %12.0f %10.1f %10.1f %14.1f %15.1f\n", levels[i],
		       res.rps, res.p50_us, res.p99_us, res.hvd_cpu_us,
		       res.load_cpu_us);
		record(levels[i], &res);
	}
	free(expect);
	status = bench_report_write() ? 0 : 1;
out:
	hvd_cleanup(&p);
	return status;
}
