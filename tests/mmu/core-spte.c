// SPDX-License-Identifier: GPL-2.0-only
/*
 * core-spte.c: the entry encoding (spte.h predicates, trap/notrap values)
 * and the statistics name table the daemon maps.
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
	cr_assert_eq(o.max_shadow_pages, 4096);
	cr_assert_eq(o.format, &hv_spte_x86);
}
