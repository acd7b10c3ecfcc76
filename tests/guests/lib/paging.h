/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * paging.h: 4 KiB mappings in address spaces of the guest's own making.
 * Every space shares the boot identity map of the first 1 GiB, and of MMIO
 * pages added to it, in PML4 slot 0; the rest of the 48-bit space is each
 * one's own.
 */
#ifndef GUEST_PAGING_H
#define GUEST_PAGING_H

#include <stdbool.h>
#include <stdint.h>

#define PTE_P		(1UL << 0)
#define PTE_W		(1UL << 1)
#define PTE_PCD_PWT	(3UL << 3)
#define PTE_PS		(1UL << 7)
#define PTE_ADDR	0x000ffffffffff000UL
#define LARGE_PAGE_SIZE	(2UL << 20)

/* First address above the shared identity map (PML4 slot 1). */
#define PRIVATE_BASE	0x8000000000UL

/* A new PML4 that shares the identity map. */
uint64_t *paging_new_space(void);
/* The PTE that maps va in space, creating missing tables. */
uint64_t *paging_pte(uint64_t *pml4, uint64_t va);
/* Identity-maps the 2 MiB page holding pa (below 4 GiB) uncached. */
void paging_map_mmio(uint64_t pa);

#endif
