// SPDX-License-Identifier: GPL-2.0-only
/*
 * stats.c: the MMU statistics name table (the daemon's names) and the
 * snapshot of a VM's counters.
 */
#include "kmod/mmu/mmu_int.h"

#define STAT(n) { #n, offsetof(struct hv_mmu_stats, n) }

const struct hv_mmu_stat_desc hv_mmu_stat_names[] = {
	STAT(pf_taken), STAT(pf_fixed), STAT(pf_guest), STAT(pf_fast),
	STAT(pf_spurious), STAT(pf_bypassed), STAT(mmu_cache_hit),
	STAT(mmu_cache_miss), STAT(mmu_shadow_zapped), STAT(mmu_pte_write),
	STAT(mmu_flooded), STAT(mmu_recycled), STAT(apf_not_present),
	STAT(apf_ready), STAT(apf_repeated), STAT(apf_wakeup_all),
	STAT(apf_prefault),
	{ NULL, 0 }
};

void hv_mmu_get_stats(struct hv_mmu_vm *vm, struct hv_mmu_stats *out)
{
	const struct hv_mmu_stat_desc *d;

	for (d = hv_mmu_stat_names; d->name; d++)
		*(uint64_t *)((char *)out + d->offset) =
			hvp_load64((uint64_t *)((char *)&vm->stats +
						d->offset));
}

void hv_mmu_count_bypassed(struct hv_mmu_vm *vm)
{
	stat_inc(vm, pf_bypassed);
}
