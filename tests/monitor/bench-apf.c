// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-apf.c: vm.apf.work_ratio: the apf guest's second task's work with
 * async page faults on, divided by its work with the guest not enabling
 * them, on uffd memory filled after 1 ms per page while it touches 16 MiB.
 * A short probe first finds out whether the host delivers async page
 * faults at all; where it does not, nothing is recorded and the evidence
 * is printed instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/bench/report.h"
#include "tests/monitor/run-vm.h"

/* Runs apf; returns the guest's work, or -1; *np gets apf_not_present
 * (-1 if tracepoints were not counted). */
static long long run_apf(int mib, int apf, long long *np)
{
	char def[512];
	struct vm_run r;
	long long work = -1;
	const char *p;
	uint64_t v;

	snprintf(def, sizeof(def), "{\"name\":\"apf\",\"memory_mib\":64,"
		 "\"vcpus\":1,\"memory_backend\":\"uffd\",\"uffd_delay_us\":"
		 "1000,\"cmdline\":\"mib=%d apf=%d slice_us=10000\",\"image\":"
		 "{\"path\":\"%s/apf.elf\",\"format\":\"multiboot\"}}", mib,
		 apf, HV_GUESTS);
	if (vm_run(&r, def, NULL, 600000) < 0 || r.status != 1) {
		fprintf(stderr, "bench-apf: status %d: %s\n", r.status, r.err);
		vm_run_free(&r);
		return -1;
	}
	p = strstr(r.console, "hv-test:");
	p = p ? strstr(p, " work=") : NULL;
	if (p)
		work = strtoll(p + 6, NULL, 10);
	*np = stat_get(&r, "total.apf_not_present", &v) ? (long long)v : -1;
	if (*np == 0)
		printf("bench-apf: probe (mib=%d): async PF enabled by the "
		       "guest, %s\n", mib, strstr(r.console, "hv-test:"));
	vm_run_free(&r);
	return work;
}

int main(void)
{
	long long on, off, np;
	char why[128];

	if (!kvm_usable(why, sizeof(why))) {
		printf("bench-apf: %s: nothing measured\n", why);
		return 0;
	}
	if (run_apf(1, 1, &np) < 0)
		return 1;
	if (np < 0) {
		printf("bench-apf: tracepoints not counted (root needed): "
		       "nothing recorded\n");
		return 0;
	}
	if (np == 0) {
		printf("bench-apf: this host's KVM delivered no async page "
		       "fault (apf_not_present = 0 while every page came "
		       "from uffd after 1 ms): vm.apf.work_ratio not "
		       "recorded\n");
		return 0;
	}
	on = run_apf(16, 1, &np);
	off = run_apf(16, 0, &np);
	if (on < 0 || off <= 0)
		return 1;
	printf("%-40s %14s\n", "apf guest, 16 MiB on uffd, 1 ms/page",
	       "task B work");
	printf("%-40s %14lld\n", "async PF off (vCPU blocks)", off);
	printf("%-40s %14lld\n", "async PF on", on);
	printf("%-40s %14.2f\n", "ratio", (double)on / off);
	bench_record_ratio("vm.apf.work_ratio", (double)on / off);
	return bench_report_write() ? 0 : 1;
}
