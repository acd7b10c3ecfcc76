/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * e820.h: the guest's memory map, as the multiboot info, the bzImage zero
 * page and fw_cfg's etc/e820 present it.
 */
#ifndef HV_MONITOR_E820_H
#define HV_MONITOR_E820_H

#include <stddef.h>
#include <stdint.h>

#include "monitor/guest-mem.h"

#define E820_RAM	1
#define E820_RESERVED	2
#define E820_MAX	8

#define E820_LOW_RAM_END	0xa0000ULL	/* 640 KiB */
#define E820_BIOS_START		0xf0000ULL
#define E820_HIGH_START		0x100000ULL	/* 1 MiB */

struct e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));

/* Fill map (E820_MAX entries); returns how many. */
size_t e820_build(const struct guest_mem *m, struct e820_entry *map);

#endif
