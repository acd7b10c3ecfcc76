// SPDX-License-Identifier: GPL-2.0-only
/*
 * spte.c: the x86/NPT entry format as a table of masks (see spte.h).
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
