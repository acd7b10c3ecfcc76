// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-demand-svm.c: the demand guest (tests/guests/demand.c) as hv.ko's
 * SVM backend runs it in shadow mode: no PFEC filter (every #PF exits) and
 * no instruction emulator (a write to a shadowed guest table unshadows
 * it). The guest touches 2048 pages that are not present in its own
 * tables; its handler stores the PTE through its own mapping of the
 * table and returns; then it reads every page back. Printed per page:
 * hypervisor exits and time, with the bypass on (notrap entries
 * reinjected without a guest walk) and off; recorded as
 * mmu.demand_svm.bypass_time_ratio (off / on). Run it under callgrind
 * (--dump-before=run: one profile per setting) for repeatable
 * instruction counts.
 */
#include <stdio.h>
#include <time.h>

#include "tests/bench/report.h"
#include "tests/mmu/guestpt.h"

#define PAGES		2048
#define PAGE		4096ull
#define GVA0		0x40000000ull	/* the demand window */
#define TABLE_GVA	0x80000000ull	/* the guest's view of its tables */
#define TABLES0		0x100000ull
#define TABLES_END	0x180000ull	/* 128 table frames */
#define DATA0		0x1000000ull
#define RAM_PAGES	(4096 + PAGES)
#define PTE		(REF_PTE_P | REF_PTE_RW)
#define KERNEL_PTE	(REF_PTE_P | REF_PTE_RW | REF_PTE_A | REF_PTE_D)

struct result {
	uint64_t exits, ns;
	struct hv_mmu_stats st;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int setup(struct harness *h, struct guestpt *pt)
{
	int r = guestpt_init(pt, h, REF_MODE_4LEVEL, TABLES0, TABLES_END);

	for (int i = 0; i < PAGES && !r; i++)
		r = guestpt_leaf(pt, GVA0 + i * PAGE) ? 0 : -ENOMEM;
	/* Every table frame, mapped where the handler writes it. */
	for (uint64_t f = TABLES0; f < TABLES_END && !r; f += PAGE)
		r = guestpt_map(pt, TABLE_GVA + f, f | KERNEL_PTE);
	if (!r)
		r = harness_set_paging(h, REF_MODE_4LEVEL, pt->root, true,
				       true, false);
	return r;
}

/* One page: the fault, the handler's PTE store, the access again. */
static int demand_page(struct harness *h, struct guestpt *pt, int i)
{
	uint64_t gva = GVA0 + i * PAGE, leaf = guestpt_leaf(pt, gva);
	struct harness_outcome out;
	int r;

	r = harness_access(h, gva, REF_ACC_WRITE, &out);
	if (r || !out.fault)
		return r ? r : -EPROTO;
	r = harness_access(h, TABLE_GVA + leaf, REF_ACC_WRITE, &out);
	if (r || out.fault)
		return r ? r : -EPROTO;
	harness_poke(h, leaf, (DATA0 + i * PAGE) | PTE, 8);
	r = harness_access(h, gva, REF_ACC_WRITE, &out);
	if (!r && (out.fault || out.gpa != DATA0 + i * PAGE))
		r = -EPROTO;
	return r;
}

static int read_back(struct harness *h, int i)
{
	struct harness_outcome out;
	int r = harness_access(h, GVA0 + i * PAGE, 0, &out);

	if (!r && (out.fault || out.gpa != DATA0 + i * PAGE))
		r = -EPROTO;
	return r;
}

static int run(bool bypass, struct result *res)
{
	struct harness_opts o = {
		.mode = HV_MMU_SHADOW, .bypass = bypass, .no_filter = true,
		.no_emulator = true, .shadow_cache = true, .fast_pf = true,
		.ram_pages = RAM_PAGES,
	};
	struct guestpt pt;
	struct harness h;
	uint64_t t0;
	int r;

	r = harness_init(&h, &o);
	if (r)
		return r;
	r = setup(&h, &pt);
	t0 = now_ns();
	for (int i = 0; i < PAGES && !r; i++)
		r = demand_page(&h, &pt, i);
	for (int i = 0; i < PAGES && !r; i++)
		r = read_back(&h, i);
	res->ns = now_ns() - t0;
	res->exits = h.cpu.exits;
	hv_mmu_get_stats(h.vm, &res->st);
	harness_fini(&h);
	return r;
}

static void row(const char *name, const struct result *r)
{
	printf("%-8s %10.2f %12.0f %10llu %10llu %10llu\n", name,
	       (double)r->exits / PAGES, (double)r->ns / PAGES,
	       (unsigned long long)r->st.pf_guest,
	       (unsigned long long)r->st.mmu_cache_miss,
	       (unsigned long long)r->st.mmu_shadow_zapped);
}

int main(void)
{
	struct result on, off;
	int r = run(true, &on);

	if (!r)
		r = run(false, &off);
	if (r) {
		fprintf(stderr, "bench-demand-svm: run failed: %d\n", r);
		return 1;
	}
	printf("demand-svm: %d pages demand-faulted (4-level, SVM: no "
	       "filter, no emulator)\n", PAGES);
	printf("%-8s %10s %12s %10s %10s %10s\n", "bypass", "exits/page",
	       "ns/page", "pf_guest", "sp built", "sp zapped");
	row("on", &on);
	row("off", &off);
	bench_record_ratio("mmu.demand_svm.bypass_time_ratio",
			   (double)off.ns / (on.ns ? on.ns : 1));
	return bench_report_write() ? 0 : 1;
}
