// SPDX-License-Identifier: GPL-2.0-only
/*
 * core-fast-mt.c: the lockless fast page-fault path (seed 002) with two
 * vCPU threads writing while the main thread takes dirty-log snapshots
 * and zaps: no write is ever missing from the bitmaps, and once the
 * threads stop and the log is collected, no entry is left writable.
 * A plain program (exit status 0 = pass), not a criterion suite: it runs
 * under ThreadSanitizer, where criterion aborts at start-up (its
 * inheritable arena cannot be mapped; Snaipe/Criterion issue 274).
 */
#include <pthread.h>
#include <stdio.h>

#include "tests/mmu/core-harness.h"

#define NPAGES	1024u
#define FIRST	256u		/* logged pages: gfn FIRST..FIRST+2*PER */
#define PER	256u
#define WORDS	(NPAGES / 64)

static struct core_env env;
static pthread_barrier_t bar;
static int stop;

struct worker {
	struct core_env e;	/* env with this thread's vCPU */
	unsigned int first;
	int rounds;		/* >0: barrier rounds; 0: until stop */
};

static void write_all(struct worker *w)
{
	uint64_t hpa, gpa;
	unsigned int i;

	for (i = 0; i < PER; i++) {
		gpa = (uint64_t)(w->first + i) << 12;
		core_check(core_access(&w->e, gpa, HV_PFERR_WRITE, &hpa,
				       NULL) == CORE_OK, "write %#llx",
			   (unsigned long long)gpa);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int r;

	if (w->rounds) {
		for (r = 0; r < w->rounds; r++) {
			pthread_barrier_wait(&bar);
			write_all(w);
			pthread_barrier_wait(&bar);
		}
		return NULL;
	}
	while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST))
		write_all(w);
	write_all(w);
	return NULL;
}

static void setup(struct worker *w, int rounds)
{
	struct hv_mmu_options o;
	int i;

	hv_mmu_default_options(&o);
	o.mode = HV_MMU_DIRECT;
	o.bypass = false;
	core_env_init(&env, &o, NPAGES);
	core_check(!hv_mmu_set_slot_flags(env.vm, 0, HV_SLOT_DIRTY_LOG),
		   "dirty log on");
	for (i = 0; i < 2; i++) {
		w[i].e = env;
		w[i].first = FIRST + i * PER;
		w[i].rounds = rounds;
		core_check(!hv_mmu_vcpu_create(env.vm, i + 1, NULL, NULL,
					       &w[i].e.vcpu), "vcpu %d", i);
	}
}

static void teardown(struct worker *w)
{
	int i;

	for (i = 0; i < 2; i++)
		hv_mmu_vcpu_destroy(w[i].e.vcpu);
	core_env_fini(&env);
}

static bool all_logged(const uint64_t *bm)
{
	unsigned int g;

	for (g = FIRST; g < FIRST + 2 * PER; g++)
		if (!(bm[g / 64] & (1ull << (g % 64))))
			return false;
	return true;
}

/* Rounds separated by barriers: each snapshot has every page. */
static void every_round_is_fully_logged(void)
{
	struct worker w[2];
	pthread_t t[2];
	uint64_t bm[WORDS];
	struct hv_mmu_stats s;
	int i, r;

	setup(w, 4);
	pthread_barrier_init(&bar, NULL, 3);
	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker_main, &w[i]);
	for (r = 0; r < 4; r++) {
		pthread_barrier_wait(&bar);
		pthread_barrier_wait(&bar);
		core_check(!hv_mmu_dirty_log_get_clear(env.vm, 0, bm) &&
			   all_logged(bm), "round %d lost a dirty bit", r);
	}
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&bar);
	hv_mmu_get_stats(env.vm, &s);
	core_check(s.pf_fast >= 3 * 2 * PER, "only %llu fast faults",
		   (unsigned long long)s.pf_fast);
	teardown(w);
	printf("ok - every round fully logged (%llu fast faults)\n",
	       (unsigned long long)s.pf_fast);
}

/* Snapshots and zaps racing with the writers. */
static void racing_snapshots_and_zaps_lose_nothing(void)
{
	uint64_t bm[WORDS], all[WORDS] = { 0 };
	struct worker w[2];
	pthread_t t[2];
	unsigned int i, g, n;

	setup(w, 0);
	stop = 0;
	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker_main, &w[i]);
	for (n = 0; n < 200; n++) {
		core_check(!hv_mmu_dirty_log_get_clear(env.vm, 0, bm),
			   "get_clear");
		for (i = 0; i < WORDS; i++)
			all[i] |= bm[i];
		if (n % 16 == 0)
			hv_mmu_zap_gfn_range(env.vm, FIRST + n, FIRST + n + 64);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_SEQ_CST);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	core_check(!hv_mmu_dirty_log_get_clear(env.vm, 0, bm), "get_clear");
	/* The last full pass ran after every earlier snapshot. */
	core_check(all_logged(bm), "last pass not logged");
	for (i = 0; i < WORDS; i++)
		all[i] |= bm[i];
	core_check(all_logged(all), "a written page was never logged");
	/* Collected and stopped: nothing may still be writable. */
	for (g = FIRST; g < FIRST + 2 * PER; g++)
		core_check(!(core_leaf_spte(&w[0].e, (uint64_t)g << 12) & 2),
			   "gfn %u writable outside dirty tracking", g);
	teardown(w);
	printf("ok - %u racing snapshots and zaps lost nothing\n", n);
}

int main(void)
{
	every_round_is_fully_logged();
	racing_snapshots_and_zaps_lose_nothing();
	return 0;
}
