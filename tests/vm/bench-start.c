// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-start.c: vm.start_to_exit_ms.p50/.p99: the hello guest through
 * hvd, from sending vm.start on hvd's socket to receiving the "stopped"
 * event on a subscribed connection, over 50 runs (hvctl's own start-up is
 * not in it: the benchmark speaks the protocol itself). It covers hvd's
 * helper requests (accelerator, spawn), the monitor's start, the guest's
 * run and the monitor's end as hvd sees it. Needs root and /dev/kvm.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tests/bench/report.h"
#include "tests/vm/vm-harness.h"

#define RUNS		50
#define RUN_MAX_MS	30000

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int run(struct vmh *v, double *ms)
{
	struct json_object *r;
	long long t0;
	int i;

	for (i = 0; i < RUNS; i++) {
		t0 = now_ms();
		r = vmh_call(v, "vm.start", "{\"name\":\"hello\"}");
		if (!r || reply_code(r) != 0) {
			fprintf(stderr, "bench-start: run %d: %s\n", i,
				r ? json_object_to_json_string(r) : "no answer");
			json_object_put(r);
			return -1;
		}
		json_object_put(r);
		if (!vmh_wait_state(v, "hello", "stopped", RUN_MAX_MS, NULL,
				    0)) {
			fprintf(stderr, "bench-start: run %d did not stop\n",
				i);
			return -1;
		}
		ms[i] = (double)(now_ms() - t0);
	}
	qsort(ms, RUNS, sizeof(ms[0]), cmp);
	return 0;
}

int main(void)
{
	const char *why = vmh_unusable();
	double ms[RUNS];
	struct vmh v;
	int ret = 1;

	if (why) {
		printf("bench-start: %s: nothing measured\n", why);
		return 0;
	}
	if (!vmh_start(&v) || !vmh_create(&v, "hello", "hello", 16, "")) {
		fprintf(stderr, "bench-start: hvd: %s\n",
			read_text_file(v.p.log));
		goto out;
	}
	if (run(&v, ms) < 0)
		goto out;
	printf("%-40s %10s\n", "hello, 50 runs, vm.start to stopped", "ms");
	printf("%-40s %10.1f\n", "min", ms[0]);
	printf("%-40s %10.1f\n", "p50", ms[RUNS / 2]);
	printf("%-40s %10.1f\n", "p99", ms[RUNS * 99 / 100]);
	printf("%-40s %10.1f\n", "max", ms[RUNS - 1]);
	bench_record("vm.start_to_exit_ms.p50", ms[RUNS / 2], "ms");
	bench_record("vm.start_to_exit_ms.p99", ms[RUNS * 99 / 100], "ms");
	ret = bench_report_write() ? 0 : 1;
out:
	vmh_cleanup(&v);
	return ret;
}
