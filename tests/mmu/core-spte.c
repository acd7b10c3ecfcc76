// SPDX-License-Identifier: GPL-2.0-only
/*
 * core-spte.c: the entry encodings (spte.h predicates, trap/notrap values,
 * the EPT formats and their VMX helpers) and the statistics name table
 * the daemon maps.
 */
#include <criterion/criterion.h>

#include "tests/mmu/core-harness.h"

static const struct hv_spte_format *f = &hv_spte_x86;

Test(core_spte, x86_masks_are_the_processor_bits)
{
	cr_assert_eq(f->present, 1);
	cr_assert_eq(f->writable, 2);
	cr_assert_eq(f->user, 4);
	cr_assert_eq(f->large, 0x80);
	cr_assert_eq(f->nx, 1ull << 63);
	cr_assert_eq(f->exec, 0);
	/* Software bits are ignored by the processor: 9..11 or 52..62. */
	cr_assert_eq(f->host_writable & ~(0x7ull << 9), 0);
	cr_assert_eq(f->mmu_writable & ~(0x7ull << 9), 0);
	cr_assert_eq(f->addr & (f->host_writable | f->mmu_writable | 0xfff),
		     0);
	/* The trap bit is an address bit above any real MAXPHYADDR. */
	cr_assert_eq(f->trap_rsvd, 1ull << 51);
}

Test(core_spte, trap_notrap_and_present)
{
	uint64_t trap = f->present | f->trap_rsvd;
	uint64_t leaf = f->present | f->writable | 0x5000;

	cr_assert(hv_spte_is_trap(f, trap));
	cr_assert_not(hv_spte_present(f, trap));
	cr_assert_not(hv_spte_present(f, HV_SPTE_NOTRAP));
	cr_assert_not(hv_spte_is_trap(f, HV_SPTE_NOTRAP));
	cr_assert(hv_spte_present(f, leaf));
	cr_assert(hv_spte_writable(f, leaf));
	cr_assert_eq(hv_spte_addr(f, leaf), 0x5000);
	cr_assert_not(hv_spte_can_fast_unprotect(f, f->present |
						 f->mmu_writable));
	cr_assert(hv_spte_can_fast_unprotect(f, f->present | f->mmu_writable |
					     f->host_writable));
}

Test(core_spte, stat_names_are_the_daemons)
{
	static const char *const names[] = {
		"pf_taken", "pf_fixed", "pf_guest", "pf_fast", "pf_spurious",
		"pf_bypassed", "mmu_cache_hit", "mmu_cache_miss",
		"mmu_shadow_zapped", "mmu_pte_write", "mmu_flooded",
		"mmu_recycled", "apf_not_present", "apf_ready",
		"apf_repeated", "apf_wakeup_all", "apf_prefault",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		cr_assert_str_eq(hv_mmu_stat_names[i].name, names[i]);
		cr_assert_eq(hv_mmu_stat_names[i].offset, i * 8);
	}
	cr_assert_null(hv_mmu_stat_names[i].name);
	cr_assert_eq(sizeof(struct hv_mmu_stats), i * 8);
}

Test(core_spte, default_options)
{
	struct hv_mmu_options o;

	hv_mmu_default_options(&o);
	cr_assert_eq(o.mode, HV_MMU_SHADOW);
	cr_assert(o.shadow_cache && o.bypass && o.fast_pf && o.async_pf);
	cr_assert_not(o.emulator);
	cr_assert_eq(o.max_shadow_pages, 4096);
	cr_assert_eq(o.format, HV_MMU_FMT_X86);
}

Test(core_spte, ept_masks_are_the_processor_bits)
{
	const struct hv_spte_format *e = &hv_spte_ept, *ad = &hv_spte_ept_ad;

	cr_assert_eq(e->present | e->writable | e->exec, 7);
	cr_assert_eq(e->user | e->nx | e->accessed | e->dirty | e->trap_rsvd,
		     0);
	/* WB (6) in bits 5:3 and ignore-PAT, in leaves only. */
	cr_assert_eq(e->memtype, (6ull << 3) | (1ull << 6));
	cr_assert_eq(e->nonleaf, 7);
	cr_assert_eq(e->large, 0x80);
	cr_assert_eq(ad->accessed, 1ull << 8);
	cr_assert_eq(ad->dirty, 1ull << 9);
	/* Software bits in 56:52, ignored whatever the VMX controls. */
	cr_assert_eq((e->host_writable | e->mmu_writable) & ~(0x1full << 52),
		     0);
	cr_assert_eq(e->host_writable & e->mmu_writable, 0);
	cr_assert_eq(ad->host_writable, e->host_writable);
	cr_assert_eq(ad->mmu_writable, e->mmu_writable);
	/* Not present is 0 (a violation, not a misconfiguration). */
	cr_assert_not(hv_spte_present(e, 0));
	cr_assert(hv_spte_can_fast_unprotect(e, 5 | e->host_writable |
					     e->mmu_writable));
	cr_assert_not(hv_spte_can_fast_unprotect(e, 5 | e->mmu_writable));
}

static int create(enum hv_mmu_mode mode, enum hv_mmu_format fmt,
		  struct hv_plat *plat, struct hv_mmu_vm **vm)
{
	struct hv_mmu_options o;

	hv_mmu_default_options(&o);
	o.mode = mode;
	o.bypass = false;
	o.format = fmt;
	return hv_mmu_vm_create(plat, &o, vm);
}

Test(core_spte, ept_format_choice_and_eptp)
{
	struct hv_plat *plat = hvpu_create(64);
	struct hv_mmu_root root = { 0x123000, 4 };
	struct hv_mmu_vm *vm = NULL;

	cr_assert_not_null(plat);
	cr_assert_eq(create(HV_MMU_SHADOW, HV_MMU_FMT_EPT, plat, &vm),
		     -EINVAL);
	cr_assert_eq(create(HV_MMU_DIRECT, (enum hv_mmu_format)3, plat, &vm),
		     -EINVAL);
	cr_assert_null(vm);
	cr_assert_eq(create(HV_MMU_DIRECT, HV_MMU_FMT_EPT, plat, &vm), 0);
	cr_assert_eq(hv_mmu_eptp(vm, root), 0x123000 | 6 | (3 << 3));
	hv_mmu_vm_destroy(vm);
	cr_assert_eq(create(HV_MMU_DIRECT, HV_MMU_FMT_EPT_AD, plat, &vm), 0);
	cr_assert_eq(hv_mmu_eptp(vm, root),
		     0x123000 | 6 | (3 << 3) | (1 << 6));
	hv_mmu_vm_destroy(vm);
	cr_assert_eq(create(HV_MMU_DIRECT, HV_MMU_FMT_X86, plat, &vm), 0);
	cr_assert_eq(hv_mmu_eptp(vm, root), 0);
	hv_mmu_vm_destroy(vm);
	hvpu_destroy(plat);
}

Test(core_spte, ept_violation_error_code)
{
	/* Read of a not-present page; write to a read-only one; fetch. */
	cr_assert_eq(hv_mmu_ept_error_code(0x1), 0);
	cr_assert_eq(hv_mmu_ept_error_code(0x2 | (5 << 3)),
		     HV_PFERR_WRITE | HV_PFERR_PRESENT);
	cr_assert_eq(hv_mmu_ept_error_code(0x4 | (3 << 3)),
		     HV_PFERR_FETCH | HV_PFERR_PRESENT);
	/* Bits above 5 (linear-address valid, NMI unblocking) add nothing. */
	cr_assert_eq(hv_mmu_ept_error_code(0x2 | (1 << 7) | (1 << 8)),
		     HV_PFERR_WRITE);
}
