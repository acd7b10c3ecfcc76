// SPDX-License-Identifier: GPL-2.0-only
/*
 * core-wp.c: write protection of shadowed guest page tables through the
 * reverse map, emulated guest writes to them (pte-write), flood detection
 * and the frame that becomes a page table after being mapped writable.
 */
#include <criterion/criterion.h>

#include "tests/mmu/core-harness.h"

#define PWU	7ull
#define W	2ull
#define ALIAS	0x40000000ull	/* gva ALIAS + gpa -> gpa (a 1 GiB page) */
#define PT	0x4000ull

static struct core_env env;

static struct hv_mmu_stats st(void)
{
	struct hv_mmu_stats s;

	hv_mmu_get_stats(env.vm, &s);
	return s;
}

/* gva 0x400000 + i * 4096 -> 0x100000 + i * 4096 for i < 8. */
static void setup_with(bool emulator)
{
	struct hv_mmu_options o;
	uint64_t i;

	hv_mmu_default_options(&o);
	o.emulator = emulator;
	core_env_init(&env, &o, 4096);
	core_gw64(&env, 0x1000, 0x2000 | PWU);
	core_gw64(&env, 0x2000, 0x3000 | PWU);
	core_gw64(&env, 0x2008, 0 | PWU | 0x80 | 0x40);
	core_gw64(&env, 0x3000 + 2 * 8, PT | PWU);
	for (i = 0; i < 8; i++)
		core_gw64(&env, PT + i * 8, (0x100000 + i * 4096) | PWU);
	core_set_paging(&env, HV_GUEST_64, 0x1000, true, true, false);
}

static void setup(void)
{
	setup_with(true);
}

static enum core_outcome acc(uint64_t gva, uint32_t a, uint64_t *gpa,
			     struct hv_pf_result *res)
{
	uint64_t hpa = 0;
	enum core_outcome o = core_access(&env, gva, a, &hpa, res);

	*gpa = hpa - env.ram;
	return o;
}

Test(core_wp, shadowed_table_is_read_only_and_writes_emulate)
{
	struct hv_pf_result res;
	uint64_t gpa;

	setup();
	cr_assert_eq(acc(0x400000, 0, &gpa, &res), CORE_OK);
	cr_assert_eq(acc(ALIAS + PT, 0, &gpa, &res), CORE_OK);
	cr_assert_eq(gpa, PT);
	cr_assert_not(core_leaf_spte(&env, ALIAS + PT) & W);
	cr_assert_eq(acc(ALIAS + PT + 8, HV_PFERR_WRITE, &gpa, &res),
		     CORE_EMULATE);
	cr_assert_eq(res.gpa, PT + 8);
	core_env_fini(&env);
}

Test(core_wp, without_emulator_a_table_write_unshadows_and_maps)
{
	struct hv_pf_result res;
	struct hv_mmu_stats a;
	uint64_t gpa;

	setup_with(false);
	cr_assert_eq(acc(0x400000, 0, &gpa, &res), CORE_OK);
	cr_assert_eq(acc(ALIAS + PT, 0, &gpa, &res), CORE_OK);
	cr_assert_not(core_leaf_spte(&env, ALIAS + PT) & W);
	a = st();
	/* One fault: the table is unshadowed and the write goes through. */
	cr_assert_eq(acc(ALIAS + PT + 8, HV_PFERR_WRITE, &gpa, &res), CORE_OK);
	cr_assert_eq(gpa, PT + 8);
	cr_assert_eq(st().pf_taken, a.pf_taken + 1);
	cr_assert_gt(st().mmu_shadow_zapped, a.mmu_shadow_zapped);
	cr_assert(core_leaf_spte(&env, ALIAS + PT) & W);
	/* The guest remaps 0x400000 behind the core: seen on next use. */
	core_gw64(&env, PT, 0x180000 | PWU);
	cr_assert_eq(acc(0x400000, 0, &gpa, &res), CORE_OK);
	cr_assert_eq(gpa, 0x180000);
	cr_assert_not(core_leaf_spte(&env, ALIAS + PT) & W);
	core_env_fini(&env);
}

Test(core_wp, pte_write_updates_the_shadow_entry)
{
	struct hv_pf_result res;
	uint64_t gpa, v = 0x180000 | PWU;
	struct hv_mmu_stats a;

	setup();
	cr_assert_eq(acc(0x400000, 0, &gpa, &res), CORE_OK);
	cr_assert_eq(gpa, 0x100000);
	a = st();
	cr_assert_eq(hv_mmu_write_guest(env.vcpu, PT, &v, 8), 0);
	cr_assert_eq(st().mmu_pte_write, a.mmu_pte_write + 1);
	cr_assert_eq(acc(0x400000, 0, &gpa, &res), CORE_OK);
	cr_assert_eq(gpa, 0x180000);
	/* Unmapped by the guest: the entry becomes notrap (bypassed). */
	v = 0;
	cr_assert_eq(hv_mmu_write_guest(env.vcpu, PT, &v, 8), 0);
	cr_assert_eq(core_leaf_spte(&env, 0x400000), 0);
	cr_assert_eq(acc(0x400000, 0, &gpa, &res), CORE_GUEST_PF);
	cr_assert_eq(st().pf_bypassed, 1);
	core_env_fini(&env);
}

Test(core_wp, flooded_table_is_unshadowed)
{
	struct hv_pf_result res;
	uint64_t gpa, v;
	struct hv_mmu_stats a;
	int i;

	setup();
	cr_assert_eq(acc(0x400000, 0, &gpa, &res), CORE_OK);
	a = st();
	for (i = 0; i < 3; i++) {
		v = (0x1c0000 + i * 4096) | PWU;
		cr_assert_eq(hv_mmu_write_guest(env.vcpu, PT + 8 * 8, &v, 8),
			     0);
	}
	cr_assert_eq(st().mmu_flooded, a.mmu_flooded + 1);
	cr_assert_gt(st().mmu_shadow_zapped, a.mmu_shadow_zapped);
	/* No longer a shadowed table: writes go straight through. */
	cr_assert_eq(acc(ALIAS + PT + 64, HV_PFERR_WRITE, &gpa, &res),
		     CORE_OK);
	cr_assert(core_leaf_spte(&env, ALIAS + PT) & W);
	/* Used as a table again: shadowed and protected again. */
	cr_assert_eq(acc(0x401000, 0, &gpa, &res), CORE_OK);
	cr_assert_eq(gpa, 0x101000);
	cr_assert_not(core_leaf_spte(&env, ALIAS + PT) & W);
	core_env_fini(&env);
}

Test(core_wp, use_as_table_resets_the_flood_count)
{
	struct hv_pf_result res;
	uint64_t gpa, v;
	struct hv_mmu_stats a;
	int i;

	setup();
	a = st();
	for (i = 0; i < 6; i++) {
		cr_assert_eq(acc(0x400000 + (i % 2) * 4096, 0, &gpa, &res),
			     CORE_OK);
		v = (0x1c0000 + i * 4096) | PWU;
		cr_assert_eq(hv_mmu_write_guest(env.vcpu, PT + (i % 2) * 8,
						&v, 8), 0);
	}
	cr_assert_eq(st().mmu_flooded, a.mmu_flooded);
	core_env_fini(&env);
}

Test(core_wp, misaligned_write_zaps)
{
	struct hv_pf_result res;
	uint64_t gpa, v = 0;
	struct hv_mmu_stats a;

	setup();
	cr_assert_eq(acc(0x400000, 0, &gpa, &res), CORE_OK);
	a = st();
	cr_assert_eq(hv_mmu_write_guest(env.vcpu, PT + 4, &v, 8), 0);
	cr_assert_eq(st().mmu_flooded, a.mmu_flooded + 1);
	cr_assert_eq(hv_mmu_write_guest(env.vcpu, PT + 4090, &v, 8), -EINVAL);
	cr_assert_eq(hv_mmu_write_guest(env.vcpu, 1ull << 40, &v, 8),
		     -EINVAL);
	core_env_fini(&env);
}

Test(core_wp, writable_frame_loses_write_when_it_becomes_a_table)
{
	struct hv_pf_result res;
	uint64_t gpa;

	setup();
	/* 0x5000 is plain data, written through the alias. */
	cr_assert_eq(acc(ALIAS + 0x5000, HV_PFERR_WRITE, &gpa, &res),
		     CORE_OK);
	cr_assert(core_leaf_spte(&env, ALIAS + 0x5000) & W);
	/* Now the guest uses it as the PT of gva 0x600000. */
	core_gw64(&env, 0x5000, 0x120000 | PWU);
	gpa = 0x5000 | PWU;
	cr_assert_eq(hv_mmu_write_guest(env.vcpu, 0x3000 + 3 * 8, &gpa, 8),
		     0);
	cr_assert_eq(acc(0x600000, 0, &gpa, &res), CORE_OK);
	cr_assert_eq(gpa, 0x120000);
	cr_assert_not(core_leaf_spte(&env, ALIAS + 0x5000) & W);
	core_env_fini(&env);
}

Test(core_wp, accessed_entry_written_is_mapped_at_once)
{
	struct hv_pf_result res;
	uint64_t gpa, v = 0x190000 | PWU | 0x20;	/* accessed */
	struct hv_mmu_stats a;

	setup();
	cr_assert_eq(acc(0x400000, 0, &gpa, &res), CORE_OK);
	a = st();
	cr_assert_eq(hv_mmu_write_guest(env.vcpu, PT + 9 * 8, &v, 8), 0);
	cr_assert_eq(acc(0x409000, HV_PFERR_USER, &gpa, &res), CORE_OK);
	cr_assert_eq(gpa, 0x190000);
	cr_assert_eq(st().pf_taken, a.pf_taken);
	/* Clean: read-only until the guest's first write sets D. */
	cr_assert_not(core_leaf_spte(&env, 0x409000) & W);
	cr_assert_eq(acc(0x409000, HV_PFERR_WRITE, &gpa, &res), CORE_OK);
	cr_assert(core_gr64(&env, PT + 9 * 8) & 0x40);
	core_env_fini(&env);
}
