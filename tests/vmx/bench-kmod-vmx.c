// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-kmod-vmx.c: hv.ko's VMX figures from one Bochs run of "make
 * check-kmod-vmx" (the emu-bench lines it kept in FILE). Bochs' timings
 * are not a processor's, so these are counts: the page-fault exits of the
 * demand guest with the seed-003 bypass off against on (all of them, and
 * those handed back to the guest), and each guest's exits on hv.ko (EPT,
 * shadow) against kvm-intel (EPT). Prints a table and records
 * kmod.vmx.bypass.fault_exits_ratio and .guest_fault_exits_ratio (off/on)
 * and kmod.vmx.<guest>.<mode>.exits_hv_vs_kvm_ratio (kvm's/hv.ko's).
 */
#include <stdio.h>
#include <string.h>
#include "tests/bench/report.h"

#define MAX_CASES	32

struct exit_count {
	char hyp[16], mode[16], guest[32];
	unsigned long long n;
};

static const struct exit_count *find(const struct exit_count *c, int n,
				     const char *hyp, const char *mode,
				     const char *guest)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(c[i].hyp, hyp) && !strcmp(c[i].mode, mode) &&
		    !strcmp(c[i].guest, guest))
			return &c[i];
	return NULL;
}

int main(int argc, char **argv)
{
	struct exit_count c[MAX_CASES];
	unsigned long long on = 0, off = 0, gon = 0, goff = 0;
	char line[256], name[128];
	char name_out[160];
	int n = 0, i, bypass = 0;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: bench-kmod-vmx FILE\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct exit_count *e = &c[n];

		if (sscanf(line, "bypass fault_exits_on=%llu fault_exits_off=%llu"
			   " pf_guest_on=%llu pf_guest_off=%llu",
			   &on, &off, &gon, &goff) == 4) {
			bypass = 1;
		} else if (n < MAX_CASES &&
			   sscanf(line, "exits %127s %llu", name, &e->n) == 2 &&
			   sscanf(name, "%15[^.].%15[^.].%31s", e->hyp, e->mode,
				  e->guest) == 3) {
			n++;
		}
	}
	fclose(f);
	if (!bypass || !on || !off) {
		fprintf(stderr, "bench-kmod-vmx: %s has no bypass figures\n",
			argv[1]);
		return 1;
	}
	printf("%-28s %12s %12s %8s\n", "figure", "hv.ko", "baseline",
	       "ratio");
	printf("%-28s %12llu %12llu %8.2f\n", "demand fault exits (on/off)",
	       on, off, (double)off / on);
	bench_record_vs("kmod.vmx.bypass.fault_exits_ratio", on, off, "exits",
			BENCH_LOWER_IS_BETTER);
	printf("%-28s %12llu %12llu", "demand faults handed back", gon, goff);
	if (gon) {
		printf(" %8.2f", (double)goff / gon);
		bench_record_vs("kmod.vmx.bypass.guest_fault_exits_ratio", gon,
				goff, "exits", BENCH_LOWER_IS_BETTER);
	}
	printf("\n");
	for (i = 0; i < n; i++) {
		const struct exit_count *k;

		if (strcmp(c[i].hyp, "hv"))
			continue;
		k = find(c, n, "kvm-intel", "ept", c[i].guest);
		if (!k || !c[i].n)
			continue;
		snprintf(name, sizeof(name), "%s %s exits", c[i].guest,
			 c[i].mode);
		printf("%-28s %12llu %12llu %8.2f\n", name, c[i].n, k->n,
		       (double)k->n / c[i].n);
		snprintf(name_out, sizeof(name_out),
			 "kmod.vmx.%s.%s.exits_hv_vs_kvm_ratio", c[i].guest,
			 c[i].mode);
		bench_record_vs(name_out, c[i].n, k->n, "exits",
				BENCH_LOWER_IS_BETTER);
	}
	return bench_report_write() ? 0 : 1;
}
