// SPDX-License-Identifier: GPL-2.0-only
/*
 * core-walk.c: the MMU core on every guest paging mode: translations
 * (4 KiB, 2 MiB, 1 GiB, 4 MiB PSE, 32-bit quadrants, PAE), guest A/D bits,
 * permissions (U/S, R/W with CR0.WP, NX, SMEP), reserved bits, the
 * non-present bypass with and without a hardware filter, and direct mode
 * with large pages and MMIO.
 */
#include <criterion/criterion.h>

#include "tests/mmu/core-harness.h"

#define P	(1ull << 0)
#define W	(1ull << 1)
#define U	(1ull << 2)
#define A	(1ull << 5)
#define D	(1ull << 6)
#define PS	(1ull << 7)
#define NX	(1ull << 63)
#define PWU	(P | W | U)

#define R_U	HV_PFERR_USER
#define R_W	HV_PFERR_WRITE
#define R_F	HV_PFERR_FETCH

static struct core_env env;

/* The backend has no PFEC filter (SVM): no notrap prefill. */
static bool no_filter;

static void opts(struct hv_mmu_options *o, bool bypass)
{
	hv_mmu_default_options(o);
	o->bypass = bypass;
	o->emulator = true;
	o->pfec_filter = bypass && !no_filter;
}

/* 64-bit guest: PML4 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000. */
static void guest64(bool bypass, bool wp, bool nxe, bool smep)
{
	struct hv_mmu_options o;

	opts(&o, bypass);
	core_env_init(&env, &o, 4096);
	core_gw64(&env, 0x1000, 0x2000 | PWU);
	core_gw64(&env, 0x2000, 0x3000 | PWU);
	core_gw64(&env, 0x2008, 0 | PWU | PS);		/* 1 GiB at gva 1G */
	core_gw64(&env, 0x3000 + 2 * 8, 0x4000 | PWU);	/* gva 4M: PT */
	core_gw64(&env, 0x3000 + 3 * 8, 0x200000 | PWU | PS);	/* 6M */
	core_gw64(&env, 0x4000, 0x100000 | PWU);	/* 4M -> 1M */
	core_set_paging(&env, HV_GUEST_64, 0x1000, wp, nxe, smep);
}

static uint64_t access_ok(uint64_t addr, uint32_t acc)
{
	struct hv_pf_result res;
	uint64_t hpa = 0;
	enum core_outcome out = core_access(&env, addr, acc, &hpa, &res);

	cr_assert_eq(out, CORE_OK, "access %#llx acc %#x: outcome %d ec %#x",
		     (unsigned long long)addr, acc, out, res.error_code);
	return hpa - env.ram;
}

static uint32_t access_pf(uint64_t addr, uint32_t acc)
{
	struct hv_pf_result res;
	uint64_t hpa;
	enum core_outcome out = core_access(&env, addr, acc, &hpa, &res);

	cr_assert_eq(out, CORE_GUEST_PF, "access %#llx acc %#x: outcome %d",
		     (unsigned long long)addr, acc, out);
	cr_assert_eq(res.cr2, addr);
	return res.error_code;
}

static struct hv_mmu_stats stats(void)
{
	struct hv_mmu_stats s;

	hv_mmu_get_stats(env.vm, &s);
	return s;
}

Test(core_walk, long_mode_4k_sets_accessed_then_dirty)
{
	guest64(true, true, true, false);
	cr_assert_eq(access_ok(0x400123, R_U), 0x100123);
	cr_assert(core_gr64(&env, 0x1000) & A);
	cr_assert(core_gr64(&env, 0x2000) & A);
	cr_assert(core_gr64(&env, 0x3010) & A);
	cr_assert(core_gr64(&env, 0x4000) & A);
	cr_assert_not(core_gr64(&env, 0x4000) & D);
	/* Clean guest entry: the shadow entry is read-only until a write. */
	cr_assert_not(core_leaf_spte(&env, 0x400000) & W);
	cr_assert_eq(access_ok(0x400456, R_W | R_U), 0x100456);
	cr_assert(core_gr64(&env, 0x4000) & D);
	cr_assert(core_leaf_spte(&env, 0x400000) & W);
	cr_assert_geq(stats().pf_fixed, 2);
	core_env_fini(&env);
}

Test(core_walk, long_mode_large_pages)
{
	guest64(true, true, true, false);
	cr_assert_eq(access_ok(0x600000 + 0x12345, 0), 0x212345);
	cr_assert_eq(access_ok(0x40000000 + 0x5678, R_W), 0x5678);
	cr_assert(core_gr64(&env, 0x2008) & D);
	cr_assert(core_gr64(&env, 0x3018) & A);
	cr_assert_not(core_gr64(&env, 0x3018) & D);
	core_env_fini(&env);
}

Test(core_walk, permissions_user_write_wp)
{
	guest64(true, true, true, false);
	core_gw64(&env, 0x4008, 0x101000 | P | W);	/* supervisor */
	core_gw64(&env, 0x4010, 0x102000 | P | U);	/* read-only */
	cr_assert_eq(access_pf(0x401000, R_U), HV_PFERR_PRESENT | R_U);
	cr_assert_eq(access_ok(0x401000, R_W), 0x101000);
	cr_assert_eq(access_pf(0x402000, R_W),
		     HV_PFERR_PRESENT | R_W);
	cr_assert_eq(access_pf(0x402000, R_W | R_U),
		     HV_PFERR_PRESENT | R_W | R_U);
	cr_assert_eq(access_ok(0x402000, R_U), 0x102000);
	cr_assert_not(core_gr64(&env, 0x4010) & D);
	core_env_fini(&env);
}

Test(core_walk, cr0_wp_clear_lets_supervisor_write_readonly)
{
	guest64(true, false, true, false);
	core_gw64(&env, 0x4010, 0x102000 | P | U);
	cr_assert_eq(access_ok(0x402000, R_W), 0x102000);
	cr_assert(core_gr64(&env, 0x4010) & D);
	/* Writable for the supervisor only: U is gone from the entry. */
	cr_assert_not(core_leaf_spte(&env, 0x402000) & U);
	cr_assert_eq(access_ok(0x402000, R_U), 0x102000);
	cr_assert_eq(access_pf(0x402000, R_U | R_W),
		     HV_PFERR_PRESENT | R_U | R_W);
	core_env_fini(&env);
}

Test(core_walk, nx_and_smep)
{
	guest64(true, true, true, true);
	core_gw64(&env, 0x4008, 0x101000 | PWU | NX);
	cr_assert_eq(access_pf(0x401000, R_F | R_U),
		     HV_PFERR_PRESENT | R_F | R_U);
	cr_assert_eq(access_ok(0x401000, R_U), 0x101000);
	/* SMEP: the supervisor may not fetch from a user page. */
	cr_assert_eq(access_pf(0x400000, R_F), HV_PFERR_PRESENT | R_F);
	cr_assert_eq(access_ok(0x400000, R_F | R_U), 0x100000);
	core_env_fini(&env);
}

Test(core_walk, nx_is_reserved_without_nxe)
{
	guest64(true, true, false, false);
	core_gw64(&env, 0x4008, 0x101000 | PWU | NX);
	cr_assert_eq(access_pf(0x401000, R_U),
		     HV_PFERR_PRESENT | HV_PFERR_RSVD | R_U);
	/* Without NXE (and SMEP) a fetch is reported as a read. */
	core_gw64(&env, 0x4010, 0x102000 | P);
	cr_assert_eq(access_pf(0x402000, R_F | R_U), HV_PFERR_PRESENT | R_U);
	core_env_fini(&env);
}

Test(core_walk, reserved_bit_51)
{
	guest64(false, true, true, false);
	core_gw64(&env, 0x4008, 0x101000 | PWU | (1ull << 51));
	cr_assert_eq(access_pf(0x401000, R_W),
		     HV_PFERR_PRESENT | HV_PFERR_RSVD | R_W);
	core_gw64(&env, 0x3020, 0x400000 | PWU | PS | (1ull << 13));
	cr_assert_eq(access_pf(0x800000, 0),
		     HV_PFERR_PRESENT | HV_PFERR_RSVD);
	core_env_fini(&env);
}

Test(core_walk, bypass_with_vmx_filter_skips_the_hypervisor)
{
	struct hv_mmu_stats before;
	uint32_t mask, match;

	guest64(true, true, true, false);
	hv_mmu_pfec_filter(env.vm, &mask, &match);
	cr_assert_eq(mask, 1);
	cr_assert_eq(match, 1);
	access_ok(0x400000, 0);		/* shadows the PT */
	before = stats();
	cr_assert_eq(access_pf(0x405000, R_W | R_U), R_W | R_U);
	cr_assert_eq(stats().pf_bypassed, before.pf_bypassed + 1);
	cr_assert_eq(stats().pf_taken, before.pf_taken);
	cr_assert_eq(core_leaf_spte(&env, 0x405000), 0);
	core_env_fini(&env);
}

Test(core_walk, bypass_without_filter_reinjects_from_notrap)
{
	struct hv_mmu_stats before;

	guest64(true, true, true, false);
	env.vmx_filter = false;		/* SVM: no PFEC filter */
	access_ok(0x400000, 0);
	before = stats();
	cr_assert_eq(access_pf(0x405000, R_U), R_U);
	cr_assert_eq(stats().pf_taken, before.pf_taken + 1);
	cr_assert_eq(stats().pf_guest, before.pf_guest + 1);
	cr_assert_eq(stats().pf_fixed, before.pf_fixed);
	core_env_fini(&env);
}

Test(core_walk, bypass_without_filter_learns_notrap)
{
	struct hv_mmu_stats before;

	no_filter = true;
	guest64(true, true, true, false);
	env.vmx_filter = false;
	access_ok(0x400000, 0);
	/* No prefill: a trap entry, one guest walk, then notrap. */
	cr_assert_neq(core_leaf_spte(&env, 0x405000), 0);
	before = stats();
	cr_assert_eq(access_pf(0x405000, R_U), R_U);
	cr_assert_eq(core_leaf_spte(&env, 0x405000), 0);
	cr_assert_eq(access_pf(0x405000, R_W), R_W);
	cr_assert_eq(stats().pf_taken, before.pf_taken + 2);
	cr_assert_eq(stats().pf_guest, before.pf_guest + 2);
	cr_assert_eq(stats().pf_fixed, before.pf_fixed);
	core_env_fini(&env);
}

Test(core_walk, bypass_off_uses_only_trap_entries)
{
	struct hv_mmu_stats before;
	uint32_t mask, match;

	guest64(false, true, true, false);
	hv_mmu_pfec_filter(env.vm, &mask, &match);
	cr_assert_eq(mask, 0);
	cr_assert_eq(match, 0);
	access_ok(0x400000, 0);
	before = stats();
	cr_assert_eq(access_pf(0x405000, R_U), R_U);
	cr_assert_eq(stats().pf_taken, before.pf_taken + 1);
	cr_assert_eq(stats().pf_bypassed, 0);
	core_env_fini(&env);
}

Test(core_walk, first_guest_fault_shadows_the_table_for_bypass)
{
	struct hv_mmu_stats a;

	guest64(true, true, true, false);
	a = stats();
	cr_assert_eq(access_pf(0x405000, R_U), R_U);	/* PT not shadowed */
	cr_assert_eq(stats().pf_taken, a.pf_taken + 1);
	cr_assert_eq(access_pf(0x406000, R_W), R_W);	/* now notrap */
	cr_assert_eq(stats().pf_taken, a.pf_taken + 1);
	cr_assert_eq(stats().pf_bypassed, a.pf_bypassed + 1);
	core_env_fini(&env);
}

/*
 * That path follows guest entries with A=0: a leaf the guest then writes
 * below them must not let the processor translate without the walk that
 * sets those A bits.
 */
Test(core_walk, pte_write_below_unaccessed_entries_maps_nothing)
{
	uint64_t v = 0x105000 | PWU | A, hpa;
	uint32_t ec;

	guest64(true, true, true, false);
	cr_assert_eq(access_pf(0x405000, 0), 0);
	cr_assert_eq(hv_mmu_write_guest(env.vcpu, 0x4000 + 5 * 8, &v, 8), 0);
	cr_assert_not(core_hw_walk(&env, 0x405000, 0, &hpa, &ec));
	cr_assert_not(core_gr64(&env, 0x3010) & A);
	cr_assert_eq(access_ok(0x405000, 0), 0x105000);
	cr_assert(core_gr64(&env, 0x1000) & A);
	cr_assert(core_gr64(&env, 0x3010) & A);
	core_env_fini(&env);
}

Test(core_walk, no_notrap_without_nxe)
{
	struct hv_mmu_stats before;
	struct hv_mmu_options o;

	/* The processor runs with NXE=1: its fetch bit would be wrong. */
	guest64(true, true, false, false);
	access_ok(0x400000, 0);
	before = stats();
	cr_assert_eq(access_pf(0x405000, R_F | R_U), R_U);
	cr_assert_eq(stats().pf_taken, before.pf_taken + 1);
	cr_assert_eq(stats().pf_bypassed, 0);
	core_env_fini(&env);

	/* PAE without NXE: a non-present PDPTE gets a page of traps. */
	opts(&o, true);
	core_env_init(&env, &o, 4096);
	core_gw64(&env, 0x1000, 0x2000 | P);
	core_set_paging(&env, HV_GUEST_PAE, 0x1000, true, false, false);
	cr_assert_eq(access_pf(0x40000000, R_F), 0);
	cr_assert_eq(stats().pf_bypassed, 0);
	core_env_fini(&env);
}

Test(core_walk, bypass_notrap_becomes_trap_when_guest_maps)
{
	uint64_t v = 0x105000 | PWU;
	struct hv_pf_result res;
	uint64_t hpa;

	guest64(true, true, true, false);
	access_ok(0x400000, 0);
	cr_assert_eq(access_pf(0x405000, 0), 0);
	/* The guest maps the page: its write to the PT is emulated. */
	cr_assert_eq(core_access(&env, 0x40000000 + 0x4000 + 5 * 8, R_W,
				 &hpa, &res), CORE_EMULATE);
	cr_assert_eq(res.gpa, 0x4000 + 5 * 8);
	cr_assert_eq(hv_mmu_write_guest(env.vcpu, res.gpa, &v, 8), 0);
	cr_assert_eq(access_ok(0x405000, 0), 0x105000);
	core_env_fini(&env);
}

Test(core_walk, legacy_32bit_pse_and_quadrants)
{
	struct hv_mmu_options o;

	opts(&o, true);
	core_env_init(&env, &o, 4096);
	core_gw32(&env, 0x1000, 0x2000 | PWU);			/* PDE 0 */
	core_gw32(&env, 0x1004, 0x400000 | PWU | PS);		/* 4 MiB */
	core_gw32(&env, 0x1000 + 0x300 * 4, 0x3000 | PWU);	/* 3G */
	core_gw32(&env, 0x2000 + 5 * 4, 0x105000 | PWU);
	core_gw32(&env, 0x2000 + 600 * 4, 0x106000 | PWU);	/* upper 2M */
	core_gw32(&env, 0x3000 + 7 * 4, 0x107000 | PWU);
	core_set_paging(&env, HV_GUEST_32, 0x1000, true, false, false);
	cr_assert_eq(hv_mmu_root(env.vcpu).levels, 3);
	cr_assert_eq(access_ok(0x5123, R_U), 0x105123);
	cr_assert_eq(access_ok(600 * 4096 + 8, R_W), 0x106008);
	cr_assert_eq(access_ok(0x400000 + 0x3123, R_U), 0x403123);
	cr_assert_eq(access_ok(0xc0007000, 0), 0x107000);
	cr_assert(core_gr32(&env, 0x1004) & A);
	cr_assert(core_gr32(&env, 0x2000 + 600 * 4) & D);
	cr_assert_eq(access_pf(0x6000, R_U), R_U);
	core_env_fini(&env);
}

Test(core_walk, legacy_32bit_without_pse_ignores_ps)
{
	struct hv_mmu_options o;

	opts(&o, false);
	core_env_init(&env, &o, 4096);
	core_gw32(&env, 0x1000, 0x2000 | PWU | PS);
	core_gw32(&env, 0x2000 + 5 * 4, 0x105000 | PWU);
	{
		struct hv_paging_regs r = { 0 };

		r.cr0 = (1ull << 31) | (1ull << 16) | 1;
		r.cr3 = 0x1000;
		cr_assert_eq(hv_mmu_set_paging(env.vcpu, &r), 0);
	}
	cr_assert_eq(access_ok(0x5000, 0), 0x105000);
	core_env_fini(&env);
}

Test(core_walk, pae_pdptes_are_loaded_with_cr3)
{
	struct hv_mmu_options o;
	struct hv_paging_regs r = { 0 };

	opts(&o, true);
	core_env_init(&env, &o, 4096);
	core_gw64(&env, 0x1020, 0x2000 | P);		/* PDPT at 0x1020 */
	core_gw64(&env, 0x2000 + 8, 0x3000 | PWU);
	core_gw64(&env, 0x2000 + 16, 0x400000 | PWU | PS);
	core_gw64(&env, 0x3000, 0x107000 | PWU | NX);
	core_set_paging(&env, HV_GUEST_PAE, 0x1020, true, true, false);
	cr_assert_eq(access_ok(0x200000, R_U), 0x107000);
	cr_assert_eq(access_pf(0x200000, R_F), HV_PFERR_PRESENT | R_F);
	cr_assert_eq(access_ok(0x400000 + 0x10, 0), 0x400010);
	/* Not present PDPTE: a #PF; with a reserved bit: CR3 load fails. */
	cr_assert_eq(access_pf(0x40000000, 0), 0);
	core_gw64(&env, 0x1028, 0x5000 | P | W);
	r.cr0 = (1ull << 31) | 1;
	r.cr4 = 1ull << 5;
	r.cr3 = 0x1020;
	cr_assert_eq(hv_mmu_set_paging(env.vcpu, &r), -EINVAL);
	cr_assert_eq(hv_mmu_load_cr3(env.vcpu, 0x1020), -EINVAL);
	cr_assert_eq(hv_mmu_guest_mode(env.vcpu), HV_GUEST_PAE);
	cr_assert_eq(access_ok(0x200000, R_U), 0x107000);
	core_env_fini(&env);
}

Test(core_walk, paging_off_is_identity)
{
	struct hv_mmu_options o;

	opts(&o, true);
	core_env_init(&env, &o, 4096);
	cr_assert_eq(hv_mmu_guest_mode(env.vcpu), HV_GUEST_NONE);
	cr_assert_eq(access_ok(0x123456, R_W), 0x123456);
	cr_assert_eq(access_ok(0xfff000, R_F | R_U), 0xfff000);
	core_env_fini(&env);
}

Test(core_walk, impossible_mode_is_refused)
{
	struct hv_mmu_options o;
	struct hv_paging_regs r = { 0 };

	opts(&o, true);
	core_env_init(&env, &o, 64);
	r.cr0 = (1ull << 31) | 1;
	r.efer = 1ull << 10;		/* LMA without PAE */
	cr_assert_eq(hv_mmu_set_paging(env.vcpu, &r), -EINVAL);
	cr_assert_eq(hv_mmu_guest_mode(env.vcpu), HV_GUEST_NONE);
	core_env_fini(&env);
}

Test(core_walk, direct_mode_large_pages_and_mmio)
{
	struct hv_mmu_options o;
	struct hv_pf_result res;
	uint64_t hpa;

	opts(&o, false);
	o.mode = HV_MMU_DIRECT;
	core_env_init(&env, &o, 2048);
	cr_assert_eq(access_ok(0x203456, R_W), 0x203456);
	cr_assert(core_leaf_spte(&env, 0x203456) & PS);
	cr_assert_eq(core_access(&env, 0x900000, 0, &hpa, &res), CORE_MMIO);
	cr_assert_eq(res.gpa, 0x900000);
	core_env_fini(&env);
}

Test(core_walk, options_are_validated)
{
	struct hv_mmu_options o;
	struct hv_mmu_vm *vm = NULL;
	struct hv_plat *p = hvpu_create(16);

	hv_mmu_default_options(&o);
	o.mode = HV_MMU_DIRECT;
	cr_assert_eq(hv_mmu_vm_create(p, &o, &vm), -EINVAL);
	o.bypass = false;
	o.max_shadow_pages = 4;
	cr_assert_eq(hv_mmu_vm_create(p, &o, &vm), -EINVAL);
	cr_assert_null(vm);
	hvpu_destroy(p);
}
