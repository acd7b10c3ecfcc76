// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-start.c: vm.start_to_exit_ms.p50/.p99: the hello guest from
 * spawning hv-vm to its exit, over 50 runs. For now this is the monitor's
 * own start (process spawn, definition, memory, image, KVM set-up, guest
 * run, stats file, exit); the daemon path (vm.start to the stopped event)
 * comes with hvd's integration. The same runs without tracepoint counters
 * are shown too: closing each counter makes the kernel unregister its
 * tracepoint and wait for an RCU grace period, one after the other.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/bench/report.h"
#include "tests/monitor/run-vm.h"

#define RUNS	50

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Spawn-to-exit times of RUNS runs of def, sorted; false on failure. */
static bool measure(const char *def, const char *const *args, double *ms)
{
	struct vm_run r;
	int i;

	for (i = 0; i < RUNS; i++) {
		if (vm_run(&r, def, args, 30000) < 0 || r.status != 1) {
			fprintf(stderr, "bench-start: run %d: status %d: %s\n",
				i, r.status, r.err);
			vm_run_free(&r);
			return false;
		}
		ms[i] = r.wall_ms;
		vm_run_free(&r);
	}
	qsort(ms, RUNS, sizeof(ms[0]), cmp);
	return true;
}

int main(void)
{
	const char *no_tp[] = { "--no-tracepoints", NULL };
	double ms[RUNS], bare[RUNS];
	char def[512], why[128];

	if (!kvm_usable(why, sizeof(why))) {
		printf("bench-start: %s: nothing measured\n", why);
		return 0;
	}
	snprintf(def, sizeof(def), "{\"name\":\"hello\",\"memory_mib\":16,"
		 "\"vcpus\":1,\"image\":{\"path\":\"%s/hello.elf\","
		 "\"format\":\"multiboot\"}}", HV_GUESTS);
	if (!measure(def, NULL, ms) || !measure(def, no_tp, bare))
		return 1;
	printf("%-32s %12s %16s\n", "hello, 50 runs, spawn to exit",
	       "ms", "no tracepoints");
	printf("%-32s %12.2f %16.2f\n", "min", ms[0], bare[0]);
	printf("%-32s %12.2f %16.2f\n", "p50", ms[RUNS / 2], bare[RUNS / 2]);
	printf("%-32s %12.2f %16.2f\n", "p99", ms[RUNS * 99 / 100],
	       bare[RUNS * 99 / 100]);
	printf("%-32s %12.2f %16.2f\n", "max", ms[RUNS - 1], bare[RUNS - 1]);
	bench_record("vm.start_to_exit_ms.p50", ms[RUNS / 2], "ms");
	bench_record("vm.start_to_exit_ms.p99", ms[RUNS * 99 / 100], "ms");
	return bench_report_write() ? 0 : 1;
}
