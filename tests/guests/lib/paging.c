// SPDX-License-Identifier: GPL-2.0-only
// paging.c: walks and grows 4-level page tables made of allocator pages.
#include "guest.h"
#include "mem.h"
#include "paging.h"
#include "x86.h"

extern uint64_t boot_pml4[512];
extern uint64_t boot_pd[4 * 512];

uint64_t *paging_new_space(void)
{
	uint64_t *pml4 = mem_alloc_page();

	pml4[0] = boot_pml4[0];
	return pml4;
}

uint64_t *paging_pte(uint64_t *pml4, uint64_t va)
{
	uint64_t *table = pml4;
	int shift;

	for (shift = 39; shift > 12; shift -= 9) {
		uint64_t *e = &table[(va >> shift) & 511];

		if (*e & PTE_PS)
			guest_fail(GUEST_CHECK_FAILED,
				   "paging va=0x%lx reason=large-page", va);
		if (!(*e & PTE_P))
			*e = (uint64_t)mem_alloc_page() | PTE_P | PTE_W;
		table = (uint64_t *)(*e & PTE_ADDR);
	}
	return &table[(va >> 12) & 511];
}

void paging_map_mmio(uint64_t pa)
{
	pa &= ~(LARGE_PAGE_SIZE - 1);
	boot_pd[pa >> 21] = pa | PTE_P | PTE_W | PTE_PS | PTE_PCD_PWT;
	invlpg(pa);
}
