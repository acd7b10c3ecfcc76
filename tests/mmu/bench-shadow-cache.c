// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-shadow-cache.c: the shadow-page cache of seed 004. 64 guest
 * address spaces (4-level, 16 distinct 4 KiB pages each) are switched
 * round-robin for 100 rounds, touching their 16 pages after each switch,
 * with a cap of 4096 shadow pages; shadow pages built and time per switch
 * with the cache on and off (off: every CR3 load drops all shadow pages).
 */
#include <stdio.h>
#include <time.h>

#include "tests/bench/report.h"
#include "tests/mmu/guestpt.h"

#define SPACES		64
#define PAGES		16
#define ROUNDS		100
#define PAGE		4096ull
/* Per space: 4 table frames, then data frames after all tables. */
#define TABLES_GPA(s)	(0x100000ull + (s) * 4 * PAGE)
#define DATA_GPA(s, i)	(0x200000ull + ((s) * PAGES + (i)) * PAGE)
#define GVA(s, i)	(0x7f0000000000ull + (uint64_t)(s) * 0x40000000ull + \
			 (i) * PAGE)
#define RAM_PAGES	2048

struct result {
	double ns_per_switch;
	uint64_t built;
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int run(bool cache, struct result *res)
{
	struct harness_opts o = {
		.mode = HV_MMU_SHADOW, .bypass = true, .shadow_cache = cache,
		.fast_pf = true, .ram_pages = RAM_PAGES,
		.max_shadow_pages = 4096,
	};
	const uint64_t all = REF_PTE_P | REF_PTE_RW | REF_PTE_US | REF_PTE_A;
	struct guestpt pt[SPACES];
	struct harness_outcome out;
	struct hv_mmu_stats st;
	struct harness h;
	double t0;
	int r;

	r = harness_init(&h, &o);
	if (r)
		return r;
	for (int s = 0; s < SPACES; s++) {
		r = guestpt_init(&pt[s], &h, REF_MODE_4LEVEL, TABLES_GPA(s),
				 TABLES_GPA(s + 1));
		for (int i = 0; i < PAGES && !r; i++)
			r = guestpt_map(&pt[s], GVA(s, i),
					DATA_GPA(s, i) | all);
		if (r)
			goto out;
	}
	r = harness_set_paging(&h, REF_MODE_4LEVEL, pt[0].root, true, true,
			       false);
	t0 = now_ns();
	for (int round = 0; round < ROUNDS && !r; round++)
		for (int s = 0; s < SPACES && !r; s++) {
			r = harness_load_cr3(&h, pt[s].root);
			for (int i = 0; i < PAGES && !r; i++) {
				r = harness_access(&h, GVA(s, i), 0, &out);
				if (!r && out.fault)
					r = -EFAULT;
			}
		}
	res->ns_per_switch = (now_ns() - t0) / (ROUNDS * SPACES);
	hv_mmu_get_stats(h.vm, &st);
	res->built = st.mmu_cache_miss;
out:
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
		fprintf(stderr, "bench-shadow-cache: run failed: %d\n", r);
		return 1;
	}
	printf("shadow cache: %d spaces x %d pages, %d rounds, cap 4096\n",
	       SPACES, PAGES, ROUNDS);
	printf("%-10s %14s %16s\n", "cache", "pages built", "ns per switch");
	printf("%-10s %14llu %16.0f\n", "on", (unsigned long long)on.built,
	       on.ns_per_switch);
	printf("%-10s %14llu %16.0f\n", "off", (unsigned long long)off.built,
	       off.ns_per_switch);
	bench_record_ratio("mmu.shadow_cache.pages_built_ratio",
			   (double)off.built / (on.built ? on.built : 1));
	bench_record_ratio("mmu.shadow_cache.time_ratio",
			   off.ns_per_switch / on.ns_per_switch);
	return bench_report_write() ? 0 : 1;
}
