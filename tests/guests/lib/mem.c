// SPDX-License-Identifier: GPL-2.0-only
// mem.c: finds the RAM that holds the image (from the multiboot memory map,
// else mem_upper) and allocates from its end upwards.
#include <stddef.h>
#include "guest.h"
#include "mem.h"
#include "x86.h"

#define IMAGE_BASE	0x100000UL
#define IDENTITY_LIMIT	(1UL << 30)

extern char __image_end[];

static uint64_t next = (uint64_t)__image_end;
static uint64_t top;

static uint64_t mmap_top(const struct multiboot_info *mbi)
{
	uint64_t at = mbi->mmap_addr, end = at + mbi->mmap_length;

	while (at < end) {
		const struct multiboot_mmap *e = (const void *)at;

		if (e->type == MMAP_AVAILABLE && e->addr <= IMAGE_BASE &&
		    e->addr + e->len > IMAGE_BASE)
			return e->addr + e->len;
		at += e->size + sizeof(e->size);
	}
	return 0;
}

void mem_init(const struct multiboot_info *mbi)
{
	if (mbi->flags & MBI_FLAG_MMAP)
		top = mmap_top(mbi);
	if (!top && (mbi->flags & MBI_FLAG_MEM))
		top = IMAGE_BASE + (uint64_t)mbi->mem_upper * 1024;
	if (!top)
		guest_fail(GUEST_BAD_BOOT, "boot reason=no-memory-info");
	if (top > IDENTITY_LIMIT)
		top = IDENTITY_LIMIT;
	top &= ~(PAGE_SIZE - 1);
}

void *mem_alloc(uint64_t bytes, uint64_t align)
{
	uint64_t at = (next + align - 1) & ~(align - 1);

	if (at > top || top - at < bytes)
		guest_fail(GUEST_NO_MEMORY,
			   "nomem need_kib=%lu free_kib=%lu ram_top=0x%lx",
			   bytes / 1024, at < top ? (top - at) / 1024 : 0,
			   top);
	next = at + bytes;
	return (void *)at;
}

uint64_t *mem_alloc_page(void)
{
	uint64_t *page = mem_alloc(PAGE_SIZE, PAGE_SIZE);
	size_t i;

	for (i = 0; i < PAGE_SIZE / sizeof(*page); i++)
		page[i] = 0;
	return page;
}

uint64_t mem_ram_top(void)
{
	return top;
}
