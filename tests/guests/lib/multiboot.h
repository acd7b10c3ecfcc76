/* SPDX-License-Identifier: GPL-2.0-only */
/* multiboot.h: the parts of the multiboot v1 info structure guests read. */
#ifndef GUEST_MULTIBOOT_H
#define GUEST_MULTIBOOT_H

#include <stdint.h>

#define MULTIBOOT_LOADER_MAGIC	0x2BADB002
#define MBI_FLAG_MEM		(1u << 0)
#define MBI_FLAG_CMDLINE	(1u << 2)
#define MBI_FLAG_MMAP		(1u << 6)
#define MMAP_AVAILABLE		1

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower;	/* KiB below 640 KiB */
	uint32_t mem_upper;	/* KiB from 1 MiB up to the first hole */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;
	uint32_t mmap_addr;
} __attribute__((packed));

/* size does not count itself: the next entry is at entry + size + 4. */
struct multiboot_mmap {
	uint32_t size;
	uint64_t addr;
	uint64_t len;
	uint32_t type;
} __attribute__((packed));

#endif
