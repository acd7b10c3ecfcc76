// SPDX-License-Identifier: GPL-2.0-only
/*
 * spte.c: the x86/NPT and EPT entry formats as tables of masks (spte.h).
 */
#include "kmod/mmu/spte.h"

const struct hv_spte_format hv_spte_x86 = {
	.name = "x86",
	.present = 1ull << 0,
	.writable = 1ull << 1,
	.user = 1ull << 2,
	.accessed = 1ull << 5,
	.dirty = 1ull << 6,
	.large = 1ull << 7,
	.nx = 1ull << 63,
	.addr = 0x000ffffffffff000ull,
	.host_writable = 1ull << 10,
	.mmu_writable = 1ull << 11,
	.trap_rsvd = 1ull << 51,
	.nonleaf = (1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 5),
};

#define EPT_RWX		((1ull << 0) | (1ull << 1) | (1ull << 2))
#define EPT_WB_IPAT	((6ull << 3) | (1ull << 6))

const struct hv_spte_format hv_spte_ept = {
	.name = "ept",
	.present = 1ull << 0,
	.writable = 1ull << 1,
	.exec = 1ull << 2,
	.memtype = EPT_WB_IPAT,
	.large = 1ull << 7,
	.addr = 0x000ffffffffff000ull,
	.host_writable = 1ull << 52,
	.mmu_writable = 1ull << 53,
	.nonleaf = EPT_RWX,
};

const struct hv_spte_format hv_spte_ept_ad = {
	.name = "ept-ad",
	.present = 1ull << 0,
	.writable = 1ull << 1,
	.exec = 1ull << 2,
	.memtype = EPT_WB_IPAT,
	.accessed = 1ull << 8,
	.dirty = 1ull << 9,
	.large = 1ull << 7,
	.addr = 0x000ffffffffff000ull,
	.host_writable = 1ull << 52,
	.mmu_writable = 1ull << 53,
	.nonleaf = EPT_RWX,
};
