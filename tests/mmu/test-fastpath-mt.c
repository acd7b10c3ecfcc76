// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-fastpath-mt.c: the lockless fast page-fault path (seed 002) under
 * two vCPU threads writing guest pages while the main thread races them
 * with dirty-log get-and-clear and zaps. No dirty bit may be lost (a page
 * whose write started after one get-and-clear and finished before the
 * next is in the next bitmap) and, once the writers stop and the log is
 * harvested, no page may be writable in the hardware's view. Direct mode
 * with NPT tables and with EPT tables (A/D flags on), paging off in the
 * guest (gva = gpa). A plain program (exit status 0 =
 * pass), not a criterion suite: it runs under ThreadSanitizer, where
 * criterion cannot map its inheritable arena and aborts at start-up.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/mmu/harness.h"

#define PAGES		256
#define THREADS		2
#define ROUNDS		8
#define WRITES		4000	/* per thread and round */
#define PAGE		4096ull

/* Fails the program with a message unless cond holds. */
#define check(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "fastpath-mt: FAIL: " __VA_ARGS__); \
			fputc('\n', stderr);				\
			exit(1);					\
		}							\
	} while (0)

struct shared {
	struct harness h;
	struct harness_vcpu v[THREADS];
	uint64_t started[PAGES], done[PAGES];
	int errors;
};

struct writer {
	struct shared *s;
	int id;
	uint64_t seed;
};

static void *write_pages(void *arg)
{
	struct writer *w = arg;
	struct shared *s = w->s;
	struct harness_outcome out;
	int r;

	for (int i = 0; i < WRITES; i++) {
		/* Each page has one writer: pages = id mod THREADS. */
		uint64_t p;

		w->seed = w->seed * 6364136223846793005ull +
			  1442695040888963407ull;
		p = ((w->seed >> 33) % (PAGES / THREADS)) * THREADS + w->id;
		__atomic_fetch_add(&s->started[p], 1, __ATOMIC_SEQ_CST);
		r = harness_vcpu_access(&s->h, &s->v[w->id], p * PAGE,
					REF_ACC_WRITE, &out);
		if (r || out.fault || out.gpa != p * PAGE) {
			fprintf(stderr, "fastpath-mt: write of page %llu: "
				"%d, fault %d, gpa %#llx\n",
				(unsigned long long)p, r, out.fault,
				(unsigned long long)out.gpa);
			__atomic_fetch_add(&s->errors, 1, __ATOMIC_SEQ_CST);
		}
		__atomic_fetch_add(&s->done[p], 1, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

static void snapshot(uint64_t *to, uint64_t *from)
{
	for (int p = 0; p < PAGES; p++)
		to[p] = __atomic_load_n(&from[p], __ATOMIC_SEQ_CST);
}

/* One get-and-clear; lost pages against the started-after snapshot. */
static int harvest(struct shared *s, uint64_t *started_after)
{
	uint64_t bm[PAGES / 64], done_before[PAGES];
	int lost = 0;

	snapshot(done_before, s->done);
	check(!hv_mmu_dirty_log_get_clear(s->h.vm, 0, bm), "get-and-clear");
	for (int p = 0; p < PAGES; p++)
		if (done_before[p] > started_after[p] &&
		    !(bm[p / 64] & (1ull << (p % 64)))) {
			if (lost++ < 5)
				fprintf(stderr, "fastpath-mt: page %d written"
					" but not in the bitmap\n", p);
		}
	snapshot(started_after, s->started);
	return lost;
}

/* With no writer running and the log just harvested: nothing writable. */
static int writable_pages(struct shared *s)
{
	struct hw_model hw = s->v[0].hw;
	struct hw_result r;
	int n = 0;

	hw.probe = true;
	for (int p = 0; p < PAGES; p++) {
		check(!hw_access(&hw, hv_mmu_root(s->v[0].vcpu), p * PAGE,
				 REF_ACC_WRITE, &r), "probe of page %d", p);
		n += r.outcome == HW_DONE;
	}
	return n;
}

static void run(enum hv_mmu_format format, bool fast)
{
	struct harness_opts o = {
		.mode = HV_MMU_DIRECT, .format = format, .fast_pf = fast,
		.ram_pages = PAGES,
	};
	static struct shared s;
	struct writer w[THREADS];
	pthread_t t[THREADS];
	uint64_t started_after[PAGES];
	struct harness_outcome out;
	struct hv_mmu_stats st;
	int lost = 0, writable = 0;

	memset(&s, 0, sizeof(s));
	check(!harness_init(&s.h, &o), "harness");
	check(!harness_set_paging(&s.h, REF_MODE_NONE, 0, false, false,
				  false), "paging");
	for (int i = 0; i < THREADS; i++)
		check(!harness_vcpu_add(&s.h, i + 1, &s.v[i]), "vcpu %d", i);
	for (int p = 0; p < PAGES; p++)
		check(!harness_access(&s.h, p * PAGE, REF_ACC_WRITE, &out),
		      "first write of page %d", p);
	check(!hv_mmu_set_slot_flags(s.h.vm, 0, HV_SLOT_DIRTY_LOG),
	      "dirty logging on");
	snapshot(started_after, s.started);
	for (int round = 0; round < ROUNDS; round++) {
		for (int i = 0; i < THREADS; i++) {
			w[i] = (struct writer){ &s, i, round * 7919 + i };
			check(!pthread_create(&t[i], NULL, write_pages,
					      &w[i]), "thread");
		}
		for (int k = 0; k < 40; k++) {
			lost += harvest(&s, started_after);
			if (k % 8 == 7)
				hv_mmu_zap_gfn_range(s.h.vm, k % PAGES,
						     k % PAGES + 16);
		}
		for (int i = 0; i < THREADS; i++)
			pthread_join(t[i], NULL);
		lost += harvest(&s, started_after);
		writable += writable_pages(&s);
	}
	hv_mmu_get_stats(s.h.vm, &st);
	printf("fastpath-mt: %s, %s path: %d threads x %d writes x %d "
	       "rounds, pf_fast %llu pf_spurious %llu pf_fixed %llu\n",
	       format == HV_MMU_FMT_X86 ? "npt" : "ept",
	       fast ? "fast" : "locked", THREADS, WRITES, ROUNDS,
	       (unsigned long long)st.pf_fast,
	       (unsigned long long)st.pf_spurious,
	       (unsigned long long)st.pf_fixed);
	fflush(stdout);
	for (int i = 0; i < THREADS; i++)
		harness_vcpu_remove(&s.v[i]);
	harness_fini(&s.h);
	check(!s.errors, "%d writes failed", s.errors);
	check(!lost, "%d dirty pages lost", lost);
	check(!writable, "%d pages writable after harvest", writable);
	check(!fast || st.pf_fast, "the fast path never ran");
}

int main(void)
{
	run(HV_MMU_FMT_X86, true);
	run(HV_MMU_FMT_X86, false);
	run(HV_MMU_FMT_EPT_AD, true);
	run(HV_MMU_FMT_EPT_AD, false);
	printf("fastpath-mt: passed\n");
	return 0;
}
