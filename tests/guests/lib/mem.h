/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mem.h: physical memory above the guest image, handed out by a bump
 * allocator. The first 1 GiB is identity-mapped, so addresses are also
 * pointers; RAM above it is not used.
 */
#ifndef GUEST_MEM_H
#define GUEST_MEM_H

#include <stdint.h>
#include "multiboot.h"

/* Reads the RAM limit from the memory map (or mem_upper). */
void mem_init(const struct multiboot_info *mbi);
/* Not zeroed; fails the guest (GUEST_NO_MEMORY) when RAM runs out. */
void *mem_alloc(uint64_t bytes, uint64_t align);
/* A zeroed, page-aligned page. */
uint64_t *mem_alloc_page(void);
uint64_t mem_ram_top(void);

#endif
