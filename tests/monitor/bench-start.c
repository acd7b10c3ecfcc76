// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-start.c: vm.start_to_exit_ms.p50/.p99: the hello guest from
 * spawning hv-vm to its exit, over 50 runs. For now this is the monitor's
 * own start (process spawn, definition, memory, image, KVM set-up, guest
 * run, stats file, exit); the daemon path (vm.start to the stopped event)
 * comes with hvd's integration.
 */
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

int main(void)
{
	char def[512], why[128];
	double ms[RUNS];
	struct vm_run r;
	int i;

	if (!kvm_usable(why, sizeof(why))) {
		printf("bench-start: %s: nothing measured\n", why);
		return 0;
	}
	snprintf(def, sizeof(def), "{\"name\":\"hello\",\"memory_mib\":16,"
		 "\"vcpus\":1,\"image\":{\"path\":\"%s/hello.elf\","
		 "\"format\":\"multiboot\"}}", HV_GUESTS);
	for (i = 0; i < RUNS; i++) {
		if (vm_run(&r, def, NULL, 30000) < 0 || r.status != 1) {
			fprintf(stderr, "bench-start: run %d: status %d: %s\n",
				i, r.status, r.err);
			return 1;
		}
		ms[i] = r.wall_ms;
		vm_run_free(&r);
	}
	qsort(ms, RUNS, sizeof(ms[0]), cmp);
	printf("%-32s %10s\n", "figure (hello, 50 runs)", "ms");
	printf("%-32s %10.2f\n", "spawn to exit, min", ms[0]);
	printf("%-32s %10.2f\n", "spawn to exit, p50", ms[RUNS / 2]);
	printf("%-32s %10.2f\n", "spawn to exit, p99", ms[RUNS * 99 / 100]);
	printf("%-32s %10.2f\n", "spawn to exit, max", ms[RUNS - 1]);
	bench_record("vm.start_to_exit_ms.p50", ms[RUNS / 2], "ms");
	bench_record("vm.start_to_exit_ms.p99", ms[RUNS * 99 / 100], "ms");
	return bench_report_write() ? 0 : 1;
}
