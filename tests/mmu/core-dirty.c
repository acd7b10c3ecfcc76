// SPDX-License-Identifier: GPL-2.0-only
/*
 * core-dirty.c: dirty logging per slot in direct and shadow mode: enabling
 * write-protects (splitting large pages), writes are logged by the fast
 * path or the locked path, get-and-clear returns and re-protects, plus
 * read-only slots and refused calls.
 */
#include <criterion/criterion.h>

#include "tests/mmu/core-harness.h"

#define PWU	7ull
#define W	2ull
#define PS	0x80ull

static struct core_env env;

static struct hv_mmu_stats st(void)
{
	struct hv_mmu_stats s;

	hv_mmu_get_stats(env.vm, &s);
	return s;
}

static void direct(bool fast)
{
	struct hv_mmu_options o;

	hv_mmu_default_options(&o);
	o.mode = HV_MMU_DIRECT;
	o.bypass = false;
	o.fast_pf = fast;
	core_env_init(&env, &o, 1024);
}

/* Guest: gva == gpa for the first 2 MiB... via 4 KiB PTEs at 0x4000. */
static void shadow(void)
{
	struct hv_mmu_options o;
	uint64_t i;

	hv_mmu_default_options(&o);
	core_env_init(&env, &o, 1024);
	core_gw64(&env, 0x1000, 0x2000 | PWU);
	core_gw64(&env, 0x2000, 0x3000 | PWU);
	core_gw64(&env, 0x3008, 0x4000 | PWU);
	for (i = 0; i < 512; i++)
		core_gw64(&env, 0x4000 + i * 8, (0x200000 + i * 4096) | PWU);
	core_set_paging(&env, HV_GUEST_64, 0x1000, true, true, false);
}

static void wr(uint64_t addr)
{
	uint64_t hpa;

	cr_assert_eq(core_access(&env, addr, HV_PFERR_WRITE, &hpa, NULL),
		     CORE_OK, "write %#llx", (unsigned long long)addr);
}

static uint64_t bitmap_word(unsigned int word)
{
	uint64_t bm[16] = { 0 };

	cr_assert_eq(hv_mmu_dirty_log_get_clear(env.vm, 0, bm), 0);
	return bm[word];
}

static void log_cycle(uint64_t base, unsigned int word)
{
	int i;

	for (i = 0; i < 10; i++)
		wr(base + i * 4096);
	cr_assert_eq(hv_mmu_set_slot_flags(env.vm, 0, HV_SLOT_DIRTY_LOG), 0);
	cr_assert_eq(bitmap_word(word), 0);
	wr(base + 3 * 4096);
	wr(base + 7 * 4096);
	wr(base + 7 * 4096 + 8);
	cr_assert_eq(bitmap_word(word), (1ull << 3) | (1ull << 7));
	cr_assert_eq(bitmap_word(word), 0);
	/* Re-protected: the next write is logged again. */
	wr(base + 7 * 4096);
	cr_assert_eq(bitmap_word(word), 1ull << 7);
}

Test(core_dirty, direct_fast_path_logs_writes)
{
	direct(true);
	log_cycle(0x200000, 8);
	/* Enabling dropped the 2 MiB page: only the last write is fast. */
	cr_assert_eq(st().pf_fast, 1);
	core_env_fini(&env);
}

Test(core_dirty, direct_locked_path_logs_writes)
{
	direct(false);
	log_cycle(0x200000, 8);
	cr_assert_eq(st().pf_fast, 0);
	core_env_fini(&env);
}

Test(core_dirty, shadow_mode_logs_writes)
{
	shadow();
	log_cycle(0x200000, 8);
	cr_assert_eq(st().pf_fast, 3);
	core_env_fini(&env);
}

Test(core_dirty, enabling_splits_large_pages)
{
	direct(true);
	wr(0x200000);
	cr_assert(core_leaf_spte(&env, 0x200000) & PS);
	cr_assert_eq(hv_mmu_set_slot_flags(env.vm, 0, HV_SLOT_DIRTY_LOG), 0);
	wr(0x201000);
	cr_assert_not(core_leaf_spte(&env, 0x201000) & PS);
	cr_assert(core_leaf_spte(&env, 0x201000) & W);
	cr_assert_not(core_leaf_spte(&env, 0x202000) & W);
	cr_assert_eq(bitmap_word(8), 1ull << 1);
	core_env_fini(&env);
}

Test(core_dirty, read_does_not_dirty)
{
	uint64_t hpa;

	direct(true);
	cr_assert_eq(hv_mmu_set_slot_flags(env.vm, 0, HV_SLOT_DIRTY_LOG), 0);
	cr_assert_eq(core_access(&env, 0x5000, 0, &hpa, NULL), CORE_OK);
	cr_assert_not(core_leaf_spte(&env, 0x5000) & W);
	cr_assert_eq(bitmap_word(0), 0);
	wr(0x5000);
	cr_assert_eq(bitmap_word(0), 1ull << 5);
	core_env_fini(&env);
}

Test(core_dirty, readonly_slot_and_refusals)
{
	uint64_t hpa, bm[16];
	struct hv_pf_result res;

	direct(true);
	cr_assert_eq(hv_mmu_dirty_log_get_clear(env.vm, 0, bm), -EINVAL);
	cr_assert_eq(hv_mmu_dirty_log_get_clear(env.vm, 99, bm), -EINVAL);
	cr_assert_eq(hv_mmu_set_slot_flags(env.vm, 0, 0x80), -EINVAL);
	cr_assert_eq(hv_mmu_set_slot_flags(env.vm, 3, 0), -EINVAL);
	cr_assert_eq(hv_mmu_set_slot(env.vm, 1, 100, 10, env.ram, 0),
		     -EINVAL);	/* overlaps slot 0 */
	cr_assert_eq(hv_mmu_set_slot(env.vm, 1, 2000, 10, env.ram + 1, 0),
		     -EINVAL);	/* unaligned */
	wr(0x7000);
	cr_assert_eq(hv_mmu_set_slot_flags(env.vm, 0, HV_SLOT_READONLY), 0);
	cr_assert_eq(core_access(&env, 0x7000, HV_PFERR_WRITE, &hpa, &res),
		     CORE_MMIO);
	cr_assert_eq(core_access(&env, 0x7000, 0, &hpa, &res), CORE_OK);
	cr_assert_not(core_leaf_spte(&env, 0x7000) & W);
	core_env_fini(&env);
}

Test(core_dirty, host_invalidation_unmaps)
{
	uint64_t hpa;

	direct(true);
	wr(0x9000);
	hvpu_evict(env.p, env.ram + 0x9000, 1);
	cr_assert_eq(core_leaf_spte(&env, 0x9000), 0);
	hvpu_make_resident(env.p, env.ram + 0x9000, 1);
	cr_assert_eq(core_access(&env, 0x9000, 0, &hpa, NULL), CORE_OK);
	cr_assert_eq(hpa, env.ram + 0x9000);
	core_env_fini(&env);
}
