// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-bypass.c: seed 003's non-present bypass. The guest demand-faults
 * its own not-present pages (4-level, 4096 pages); the model plays the
 * guest's fault handler, which writes the missing PTE (P, R/W, U/S, A, D)
 * and resumes. Counted: hypervisor fault entries (page faults that reach
 * the core, plus the guest's writes to write-protected page tables, which
 * exit too) with the bypass on (VMX filter) and off.
 */
#include <stdio.h>

#include "tests/bench/report.h"
#include "tests/mmu/guestpt.h"

#define PAGES		4096
#define PAGE		4096ull
#define GVA0		0x10000000ull
#define DATA0		0x1000000ull	/* data frames from 16 MiB */
#define TABLES0		0x100000ull
#define RAM_PAGES	(4096 + PAGES)

struct result {
	uint64_t guest_faults, entries, bypassed;
};

static int run(bool bypass, struct result *res)
{
	struct harness_opts o = {
		.mode = HV_MMU_SHADOW, .bypass = bypass, .shadow_cache = true,
		.fast_pf = true, .ram_pages = RAM_PAGES,
	};
	const uint64_t pte = REF_PTE_P | REF_PTE_RW | REF_PTE_US | REF_PTE_A |
			     REF_PTE_D;
	struct harness_outcome out;
	struct hv_mmu_stats st;
	struct guestpt pt;
	struct harness h;
	uint64_t leaf;
	int r;

	r = harness_init(&h, &o);
	if (r)
		return r;
	r = guestpt_init(&pt, &h, REF_MODE_4LEVEL, TABLES0, DATA0);
	for (int i = 0; i < PAGES && !r; i++)
		r = guestpt_leaf(&pt, GVA0 + i * PAGE) ? 0 : -ENOMEM;
	if (!r)
		r = harness_set_paging(&h, REF_MODE_4LEVEL, pt.root, true,
				       true, false);
	res->guest_faults = 0;
	for (int i = 0; i < PAGES && !r; i++) {
		uint64_t gva = GVA0 + i * PAGE;

		r = harness_access(&h, gva, REF_ACC_WRITE, &out);
		if (r || !out.fault)
			continue;
		/* The guest's handler maps the page and returns. */
		res->guest_faults++;
		leaf = guestpt_leaf(&pt, gva);
		r = harness_guest_write(&h, leaf, (DATA0 + i * PAGE) | pte,
					8);
		if (!r)
			r = harness_access(&h, gva, REF_ACC_WRITE, &out);
		if (!r && out.fault)
			r = -EFAULT;
	}
	hv_mmu_get_stats(h.vm, &st);
	res->entries = st.pf_taken + st.mmu_pte_write;
	res->bypassed = st.pf_bypassed;
	harness_fini(&h);
	return r;
}

int main(void)
{
	struct result on, off;
	int r = run(true, &on);

	if (!r)
		r = run(false, &off);
	if (r) {
		fprintf(stderr, "bench-bypass: run failed: %d\n", r);
		return 1;
	}
	printf("bypass: guest demand-faults %d pages (4-level)\n", PAGES);
	printf("%-8s %14s %18s %12s\n", "bypass", "guest faults",
	       "hypervisor entries", "bypassed");
	printf("%-8s %14llu %18llu %12llu\n", "on",
	       (unsigned long long)on.guest_faults,
	       (unsigned long long)on.entries,
	       (unsigned long long)on.bypassed);
	printf("%-8s %14llu %18llu %12llu\n", "off",
	       (unsigned long long)off.guest_faults,
	       (unsigned long long)off.entries,
	       (unsigned long long)off.bypassed);
	bench_record_ratio("mmu.bypass.fault_entries_ratio",
			   (double)off.entries / (on.entries ? on.entries : 1));
	return bench_report_write() ? 0 : 1;
}
