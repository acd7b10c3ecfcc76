// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-dirty.c: vm.dirty.rewrite_ms: how long the dirty guest takes to
 * rewrite its memory with dirty logging on (the log fetched and cleared
 * every 100 ms, so pages are write-protected again and again), against the
 * same rewrite without logging (the baseline). Measured from the console:
 * the time between the guest's "round 0" line (first touch done) and its
 * "round 1" line (the first full rewrite). 2 MiB, not 16: on this host a
 * 4 MiB rewrite already takes about 19 s (every store is emulated: the
 * VM's mmu_pte_write grows by one per 8-byte store).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tests/bench/report.h"
#include "tests/monitor/run-vm.h"

#define MIB	2

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Milliseconds between the "round 0" and "round 1" lines; < 0 on error. */
static double rewrite_ms(bool dirty_log)
{
	char def[512], line[512];
	double t0 = -1, t1 = -1;
	struct vm_run r;
	FILE *out;

	snprintf(def, sizeof(def), "{\"name\":\"dirty\",\"memory_mib\":32,"
		 "\"vcpus\":1,\"dirty_log\":%s,\"cmdline\":\"mib=%d rounds=2 "
		 "pause_ms=0\",\"image\":{\"path\":\"%s/dirty.elf\","
		 "\"format\":\"multiboot\"}}", dirty_log ? "true" : "false",
		 MIB, HV_GUESTS);
	if (vm_run_prepare(&r, def) < 0)
		return -1;
	r.console_pipe = true;
	if (vm_run_spawn(&r, NULL) < 0)
		return -1;
	out = fdopen(r.out_fd, "r");
	while (out && fgets(line, sizeof(line), out)) {
		if (strstr(line, "dirty: round 0 "))
			t0 = now_ms();
		else if (strstr(line, "dirty: round 1 "))
			t1 = now_ms();
	}
	if (out)
		fclose(out);
	r.out_fd = -1;
	vm_run_wait(&r, 300000);
	if (r.status != 1 || t0 < 0 || t1 < 0) {
		fprintf(stderr, "bench-dirty: status %d: %s\n", r.status,
			r.err);
		t1 = t0 - 1;
	}
	vm_run_free(&r);
	return t1 - t0;
}

int main(void)
{
	double with, without;
	char why[128];

	if (!kvm_usable(why, sizeof(why))) {
		printf("bench-dirty: %s: nothing measured\n", why);
		return 0;
	}
	without = rewrite_ms(false);
	with = rewrite_ms(true);
	if (with < 0 || without < 0)
		return 1;
	printf("%-40s %10s\n", "rewrite of 2 MiB (dirty guest)", "ms");
	printf("%-40s %10.1f\n", "dirty logging off (baseline)", without);
	printf("%-40s %10.1f\n", "dirty logging on, 100 ms rounds", with);
	bench_record_vs("vm.dirty.rewrite_ms", with, without, "ms",
			BENCH_LOWER_IS_BETTER);
	return bench_report_write() ? 0 : 1;
}
