// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-fast-pf.c: seed 002's lockless fast page-fault path. 1 GiB of
 * guest RAM is mapped writable in direct mode, dirty logging is turned on
 * (everything write-protected), and the guest rewrites every page with 1
 * and then 2 vCPU threads (each half of the pages); the time to get going
 * again, fast path versus locked path. A warm-up pass first settles the
 * mappings at 4 KiB, as the log wants them. The hardware model's own cost
 * (a second pass, without faults, right after) is subtracted: what is
 * left is the time the faults cost the guest.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "tests/bench/report.h"
#include "tests/mmu/harness.h"

#define PAGES		(1u << 18)	/* 1 GiB */
#define PAGE		4096ull
#define THREADS		2

struct pass {
	struct harness *h;
	struct harness_vcpu *v;
	uint64_t first, n;
	int r;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void *rewrite(void *arg)
{
	struct pass *p = arg;
	struct harness_outcome out;

	for (uint64_t i = p->first; i < p->first + p->n && !p->r; i++) {
		p->r = harness_vcpu_access(p->h, p->v, i * PAGE, REF_ACC_WRITE,
					   &out);
		if (!p->r && out.fault)
			p->r = -EFAULT;
	}
	return NULL;
}

/* Rewrites every page with @threads vCPUs; milliseconds, or < 0. */
static double timed_pass(struct harness *h, struct harness_vcpu *v,
			 int threads)
{
	struct pass p[THREADS];
	pthread_t t[THREADS];
	double t0;
	int r = 0;

	t0 = now_ms();
	for (int i = 0; i < threads; i++) {
		p[i] = (struct pass){ h, &v[i], i * (PAGES / threads),
				      PAGES / threads, 0 };
		if (pthread_create(&t[i], NULL, rewrite, &p[i]))
			return -1;
	}
	for (int i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		r |= p[i].r;
	}
	t0 = now_ms() - t0;
	return r ? -1 : t0;
}

/*
 * A pass under dirty logging: its time minus the model's (the same pass
 * again, now without faults), then the harvest that write-protects
 * everything again for the next pass.
 */
static double fault_pass(struct harness *h, struct harness_vcpu *v,
			 int threads)
{
	static uint64_t bm[PAGES / 64];
	double t = timed_pass(h, v, threads);
	double model = timed_pass(h, v, threads);

	if (t < 0 || model < 0 || hv_mmu_dirty_log_get_clear(h->vm, 0, bm))
		return -1;
	return t > model ? t - model : 0;
}

static int run(bool fast, double *ms1, double *ms2, uint64_t *fast_fixes)
{
	struct harness_opts o = {
		.mode = HV_MMU_DIRECT, .fast_pf = fast, .ram_pages = PAGES,
	};
	struct harness_vcpu v[THREADS];
	struct hv_mmu_stats st;
	struct harness h;
	int r, nv = 0;

	r = harness_init(&h, &o);
	if (r)
		return r;
	r = harness_set_paging(&h, REF_MODE_NONE, 0, false, false, false);
	for (; !r && nv < THREADS; nv++)
		r = harness_vcpu_add(&h, nv + 1, &v[nv]);
	if (r)
		goto out;
	r = -1;
	if (timed_pass(&h, v, 1) < 0 ||
	    hv_mmu_set_slot_flags(h.vm, 0, HV_SLOT_DIRTY_LOG) ||
	    fault_pass(&h, v, 1) < 0)
		goto out;
	*ms1 = fault_pass(&h, v, 1);
	*ms2 = fault_pass(&h, v, 2);
	hv_mmu_get_stats(h.vm, &st);
	*fast_fixes = st.pf_fast;
	r = *ms1 < 0 || *ms2 < 0 ? -1 : 0;
out:
	while (nv--)
		harness_vcpu_remove(&v[nv]);
	harness_fini(&h);
	return r;
}

int main(void)
{
	double f1, f2, l1, l2;
	uint64_t ff, lf;

	if (run(true, &f1, &f2, &ff) || run(false, &l1, &l2, &lf)) {
		fprintf(stderr, "bench-fast-pf: run failed\n");
		return 1;
	}
	printf("fast path: rewrite 1 GiB (%u pages) under dirty logging, "
	       "ms lost to faults\n", PAGES);
	printf("%-8s %12s %12s %10s\n", "path", "1 thread ms", "2 threads ms",
	       "pf_fast");
	printf("%-8s %12.1f %12.1f %10llu\n", "fast", f1, f2,
	       (unsigned long long)ff);
	printf("%-8s %12.1f %12.1f %10llu\n", "locked", l1, l2,
	       (unsigned long long)lf);
	bench_record_ratio("mmu.fast_pf.rewrite_1thread_ratio", l1 / f1);
	bench_record_ratio("mmu.fast_pf.rewrite_2threads_ratio", l2 / f2);
	return bench_report_write() ? 0 : 1;
}
