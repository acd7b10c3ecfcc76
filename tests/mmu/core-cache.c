// SPDX-License-Identifier: GPL-2.0-only
/*
 * core-cache.c: the shadow-page cache (seed 004): roots found again on a
 * CR3 switch back, everything dropped on CR3 load with the cache off,
 * zapping, recycling of the least recently used page under the cap, and
 * roots reloaded after their page was zapped.
 */
#include <criterion/criterion.h>

#include "tests/mmu/core-harness.h"

#define PWU	7ull

static struct core_env env;

/*
 * Address space @n: PML4 at 0x10000 + n * 0x4000, then PDPT, PD, PT in the
 * next pages; gva 0x400000 + i * 4096 -> gpa 0x200000 + n * 0x10000 + i.
 */
static uint64_t space(unsigned int n)
{
	uint64_t base = 0x10000 + n * 0x4000, i;

	core_gw64(&env, base, (base + 0x1000) | PWU);
	core_gw64(&env, base + 0x1000, (base + 0x2000) | PWU);
	core_gw64(&env, base + 0x2000 + 2 * 8, (base + 0x3000) | PWU);
	for (i = 0; i < 4; i++)
		core_gw64(&env, base + 0x3000 + i * 8,
			  (0x200000 + n * 0x10000 + i * 0x1000) | PWU);
	return base;
}

static void setup(bool cache, unsigned int cap)
{
	struct hv_mmu_options o;

	hv_mmu_default_options(&o);
	o.shadow_cache = cache;
	o.max_shadow_pages = cap;
	core_env_init(&env, &o, 4096);
}

static void touch(unsigned int n)
{
	uint64_t hpa, i;

	for (i = 0; i < 4; i++) {
		cr_assert_eq(core_access(&env, 0x400000 + i * 4096, 0, &hpa,
					 NULL), CORE_OK);
		cr_assert_eq(hpa - env.ram, 0x200000 + n * 0x10000 + i * 4096);
	}
}

static struct hv_mmu_stats st(void)
{
	struct hv_mmu_stats s;

	hv_mmu_get_stats(env.vm, &s);
	return s;
}

Test(core_cache, switch_back_hits_and_needs_no_fault)
{
	struct hv_mmu_stats a, b;

	setup(true, 4096);
	core_set_paging(&env, HV_GUEST_64, space(0), true, true, false);
	touch(0);
	cr_assert_eq(hv_mmu_load_cr3(env.vcpu, space(1)), 0);
	touch(1);
	a = st();
	cr_assert_eq(hv_mmu_load_cr3(env.vcpu, space(0)), 0);
	touch(0);
	b = st();
	cr_assert_eq(b.mmu_cache_hit, a.mmu_cache_hit + 1);
	cr_assert_eq(b.mmu_cache_miss, a.mmu_cache_miss);
	cr_assert_eq(b.pf_taken, a.pf_taken);
	cr_assert_eq(b.mmu_shadow_zapped, 0);
	core_env_fini(&env);
}

Test(core_cache, cache_off_drops_everything_on_cr3_load)
{
	struct hv_mmu_stats a, b;

	setup(false, 4096);
	core_set_paging(&env, HV_GUEST_64, space(0), true, true, false);
	touch(0);
	cr_assert_eq(hv_mmu_load_cr3(env.vcpu, space(1)), 0);
	touch(1);
	a = st();
	cr_assert_eq(hv_mmu_load_cr3(env.vcpu, space(0)), 0);
	touch(0);
	b = st();
	cr_assert_eq(b.mmu_cache_hit, a.mmu_cache_hit);
	cr_assert_eq(b.mmu_cache_miss, a.mmu_cache_miss + 4);
	cr_assert_eq(b.mmu_shadow_zapped, a.mmu_shadow_zapped + 4);
	cr_assert_gt(b.pf_taken, a.pf_taken);
	core_env_fini(&env);
}

Test(core_cache, unprotect_zaps_and_rebuilds)
{
	struct hv_mmu_stats a, b;
	uint64_t base;

	setup(true, 4096);
	base = space(0);
	core_set_paging(&env, HV_GUEST_64, base, true, true, false);
	touch(0);
	a = st();
	hv_mmu_unprotect_gfn(env.vm, (base + 0x3000) >> 12);
	cr_assert_eq(st().mmu_shadow_zapped, a.mmu_shadow_zapped + 1);
	touch(0);
	b = st();
	cr_assert_eq(b.mmu_cache_miss, a.mmu_cache_miss + 1);
	core_env_fini(&env);
}

Test(core_cache, zapped_root_is_reloaded)
{
	uint64_t base;

	setup(true, 4096);
	base = space(0);
	core_set_paging(&env, HV_GUEST_64, base, true, true, false);
	touch(0);
	hv_mmu_unprotect_gfn(env.vm, base >> 12);
	touch(0);
	cr_assert_eq(hv_mmu_root(env.vcpu).levels, 4);
	core_env_fini(&env);
}

Test(core_cache, recycles_least_recently_used_under_the_cap)
{
	unsigned int n;

	setup(true, 8);
	core_set_paging(&env, HV_GUEST_64, space(0), true, true, false);
	for (n = 0; n < 12; n++) {
		cr_assert_eq(hv_mmu_load_cr3(env.vcpu, space(n)), 0);
		touch(n);
		/* 8 shadow pages at most, plus the vCPU's PAE root page. */
		cr_assert_leq(hvpu_tables_in_use(env.p), 9);
	}
	cr_assert_gt(st().mmu_recycled, 0);
	touch(11);
	core_env_fini(&env);
}
