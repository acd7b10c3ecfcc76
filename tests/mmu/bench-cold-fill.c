// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-cold-fill.c: faults handled per second while a guest touches 8192
 * freshly mapped pages once, per paging mode: shadow paging with the guest
 * in each of its modes (paging off, 32-bit, PAE, 4-level) and direct mode
 * (4-level guest, which maps 2 MiB pages: few faults). The time is the
 * time spent in the core's fault handler. Best of three runs.
 */
#include <stdio.h>

#include "tests/bench/report.h"
#include "tests/mmu/guestpt.h"

#define PAGES		8192
#define PAGE		4096ull
#define GVA0		0x40000000ull
#define TABLES0		0x100000ull
#define DATA0		0x1000000ull
#define RAM_PAGES	(4096 + PAGES)
#define RUNS		3

static const struct {
	const char *name;
	enum hv_mmu_mode mode;
	enum ref_mode guest;
} modes[] = {
	{ "none", HV_MMU_SHADOW, REF_MODE_NONE },
	{ "32", HV_MMU_SHADOW, REF_MODE_32 },
	{ "pae", HV_MMU_SHADOW, REF_MODE_PAE },
	{ "4level", HV_MMU_SHADOW, REF_MODE_4LEVEL },
	{ "direct", HV_MMU_DIRECT, REF_MODE_4LEVEL },
};

/* One cold fill; *faults and *secs of the touching loop. */
static int fill(int m, uint64_t *faults, double *secs)
{
	struct harness_opts o = {
		.mode = modes[m].mode, .bypass = modes[m].mode == HV_MMU_SHADOW,
		.shadow_cache = true, .fast_pf = true, .ram_pages = RAM_PAGES,
	};
	const uint64_t pte = REF_PTE_P | REF_PTE_RW | REF_PTE_US | REF_PTE_A;
	bool paging = modes[m].guest != REF_MODE_NONE;
	uint64_t base = paging ? GVA0 : DATA0;
	struct harness_outcome out;
	struct hv_mmu_stats st;
	struct guestpt pt = { .root = 0 };
	struct harness h;
	int r;

	r = harness_init(&h, &o);
	if (r)
		return r;
	if (paging)
		r = guestpt_init(&pt, &h, modes[m].guest, TABLES0, DATA0);
	for (int i = 0; i < PAGES && paging && !r; i++)
		r = guestpt_map(&pt, GVA0 + i * PAGE, (DATA0 + i * PAGE) | pte);
	if (!r)
		r = harness_set_paging(&h, modes[m].guest, pt.root, true,
				       true, false);
	for (int i = 0; i < PAGES && !r; i++) {
		r = harness_access(&h, base + i * PAGE, 0, &out);
		if (!r && out.fault)
			r = -EFAULT;
	}
	*secs = h.cpu.fault_ns / 1e9;
	hv_mmu_get_stats(h.vm, &st);
	*faults = st.pf_taken;
	harness_fini(&h);
	return r;
}

int main(void)
{
	char name[64];

	printf("cold fill: %d pages touched once, best of %d\n", PAGES, RUNS);
	printf("%-8s %10s %12s %14s\n", "mode", "faults", "seconds",
	       "faults per s");
	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		double best = 0, secs = 0;
		uint64_t faults = 0;

		for (int run = 0; run < RUNS; run++) {
			int r = fill(m, &faults, &secs);

			if (r) {
				fprintf(stderr, "bench-cold-fill: %s: %d\n",
					modes[m].name, r);
				return 1;
			}
			if (faults / secs > best)
				best = faults / secs;
		}
		printf("%-8s %10llu %12.4f %14.0f\n", modes[m].name,
		       (unsigned long long)faults, secs, best);
		snprintf(name, sizeof(name), "mmu.cold_fill.faults_per_s.%s",
			 modes[m].name);
		bench_record(name, best, "faults/s");
	}
	return bench_report_write() ? 0 : 1;
}
