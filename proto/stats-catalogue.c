// SPDX-License-Identifier: GPL-2.0-only
/*
 * stats-catalogue.c: the statistics catalogue (see stats-catalogue.h). The
 * names are the MMU core's; hv-rpc(7) lists this table.
 */
#include <string.h>

#include "proto/stats-catalogue.h"

#define VM(n, u, k, d)	 { n, u, HV_STAT_##k, HV_STAT_VM, d }
#define VCPU(n, u, k, d) { n, u, HV_STAT_##k, HV_STAT_VCPU, d }

const struct hv_stat_desc hv_stat_catalogue[] = {
	VCPU("pf_taken", "faults", CUMULATIVE,
	     "page faults the hypervisor's MMU handled"),
	VCPU("pf_fixed", "faults", CUMULATIVE,
	     "page faults resolved by installing a mapping"),
	VCPU("pf_guest", "faults", CUMULATIVE,
	     "page faults reflected into the guest"),
	VCPU("pf_fast", "faults", CUMULATIVE,
	     "page faults fixed on the lock-free fast path"),
	VCPU("pf_spurious", "faults", CUMULATIVE,
	     "page faults that found the mapping already fixed"),
	VM("mmu_cache_hit", "lookups", CUMULATIVE,
	   "shadow page lookups that found an existing page"),
	VM("mmu_cache_miss", "lookups", CUMULATIVE,
	   "shadow page lookups that had to create a page"),
	VM("mmu_shadow_zapped", "pages", CUMULATIVE,
	   "shadow pages torn down"),
	VM("mmu_pte_write", "writes", CUMULATIVE,
	   "guest writes to write-tracked guest page tables"),
	VM("mmu_flooded", "events", CUMULATIVE,
	   "shadow pages zapped after repeated guest page table writes"),
	VM("mmu_recycled", "pages", CUMULATIVE,
	   "shadow pages reclaimed to stay under the page limit"),
	VCPU("apf_not_present", "events", CUMULATIVE,
	     "async page faults delivered as 'page not present'"),
	VCPU("apf_ready", "events", CUMULATIVE,
	     "'page ready' notifications delivered, wake-alls included"),
	VCPU("apf_repeated", "events", CUMULATIVE,
	     "faults on a page whose async fault was already pending"),
	VCPU("apf_wakeup_all", "events", CUMULATIVE,
	     "broadcast 'page ready' notifications (token ~0)"),
	VCPU("apf_prefault", "faults", CUMULATIVE,
	     "mappings installed when an async fault completed"),
	VCPU("exits", "exits", CUMULATIVE,
	     "guest exits to the hypervisor"),
	VCPU("io_exits", "exits", CUMULATIVE,
	     "guest exits for port I/O"),
	VCPU("halt_exits", "exits", CUMULATIVE,
	     "guest exits for HLT"),
	VM("dirty_pages", "pages", CUMULATIVE,
	   "pages found dirty by every dirty-log round so far"),
	VM("dirty_pages_last", "pages", INSTANT,
	   "pages found dirty by the latest dirty-log round"),
};

const size_t hv_stat_catalogue_len =
	sizeof(hv_stat_catalogue) / sizeof(hv_stat_catalogue[0]);

const struct hv_stat_desc *hv_stat_find(const char *name)
{
	size_t i;

	for (i = 0; i < hv_stat_catalogue_len; i++)
		if (!strcmp(hv_stat_catalogue[i].name, name))
			return &hv_stat_catalogue[i];
	return NULL;
}

static const char *const kind_names[] = {
	[HV_STAT_CUMULATIVE] = "cumulative",
	[HV_STAT_INSTANT] = "instant",
	[HV_STAT_PEAK] = "peak",
};

static const char *const scope_names[] = {
	[HV_STAT_VM] = "vm",
	[HV_STAT_VCPU] = "vcpu",
};

const char *hv_stat_kind_name(enum hv_stat_kind kind)
{
	return kind_names[kind];
}

const char *hv_stat_scope_name(enum hv_stat_scope scope)
{
	return scope_names[scope];
}
