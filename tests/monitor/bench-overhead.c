// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-overhead.c: vm.monitor_overhead_kib: a running monitor's
 * proportional set size (/proc/PID/smaps_rollup) minus the guest memory it
 * has resident (the Rss of the guest RAM mapping in /proc/PID/smaps), for a
 * 64 MiB guest spinning after its start. Meaningful in a non-sanitizer
 * build only (sanitizers add their own shadow memory).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/bench/report.h"
#include "tests/monitor/run-vm.h"

/* The first "Pss:" of smaps_rollup, in KiB. */
static long pss_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Pss: %ld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

/* Rss of the mapping whose header line contains name, in KiB. */
static long mapping_rss_kib(pid_t pid, const char *name)
{
	char path[64], line[512];
	bool in = false;
	long kib = -1, v;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f)) {
		if (strchr(line, '-') && strstr(line, " rw"))
			in = strstr(line, name) != NULL;
		else if (in && sscanf(line, "Rss: %ld kB", &v) == 1)
			kib = (kib < 0 ? 0 : kib) + v;
	}
	if (f)
		fclose(f);
	return kib;
}

int main(void)
{
	static const unsigned char spin[] = { 0xeb, 0xfe };	/* jmp . */
	char def[512], path[128], why[128];
	long pss, guest;
	struct vm_run r;

#ifdef HV_SANITIZER_BUILD
	printf("bench-overhead: sanitizer build: nothing measured\n");
	return 0;
#endif
	if (!kvm_usable(why, sizeof(why))) {
		printf("bench-overhead: %s: nothing measured\n", why);
		return 0;
	}
	if (vm_run_prepare(&r, "{}") < 0)
		return 1;
	snprintf(path, sizeof(path), "%s/image", r.dir);
	snprintf(def, sizeof(def), "{\"name\":\"spin\",\"memory_mib\":64,"
		 "\"vcpus\":1,\"image\":{\"path\":\"%s\",\"format\":"
		 "\"flat\"}}", path);
	if (write_file(path, spin, sizeof(spin)) < 0)
		return 1;
	snprintf(path, sizeof(path), "%s/def.json", r.dir);
	if (write_file(path, def, strlen(def)) < 0 ||
	    vm_run_spawn(&r, NULL) < 0)
		return 1;
	usleep(500000);
	pss = pss_kib(r.pid);
	guest = mapping_rss_kib(r.pid, "hv-guest-ram");
	kill(r.pid, SIGTERM);
	vm_run_wait(&r, 10000);
	vm_run_free(&r);
	if (pss < 0 || guest < 0) {
		fprintf(stderr, "bench-overhead: cannot read smaps\n");
		return 1;
	}
	printf("%-36s %10s\n", "figure (64 MiB memfd guest)", "KiB");
	printf("%-36s %10ld\n", "monitor PSS", pss);
	printf("%-36s %10ld\n", "guest RAM resident (Rss)", guest);
	printf("%-36s %10ld\n", "monitor overhead", pss - guest);
	bench_record("vm.monitor_overhead_kib", pss - guest, "KiB");
	return bench_report_write() ? 0 : 1;
}
