// SPDX-License-Identifier: GPL-2.0-only
/*
 * e820.c: builds the guest memory map from the guest RAM regions: RAM
 * below 640 KiB, the legacy BIOS area reserved, RAM from 1 MiB to the
 * end of low RAM, then RAM above 4 GiB.
 */
#include "monitor/e820.h"

static size_t add(struct e820_entry *map, size_t n, uint64_t addr,
		  uint64_t end, uint32_t type)
{
	if (end > addr && n < E820_MAX)
		map[n++] = (struct e820_entry){ addr, end - addr, type };
	return n;
}

size_t e820_build(const struct guest_mem *m, struct e820_entry *map)
{
	uint64_t low = m->regions[0].size;
	size_t n = 0;
	unsigned int i;

	n = add(map, n, 0, low < E820_LOW_RAM_END ? low : E820_LOW_RAM_END,
		E820_RAM);
	if (low > E820_BIOS_START)
		n = add(map, n, E820_BIOS_START, E820_HIGH_START,
			E820_RESERVED);
	n = add(map, n, E820_HIGH_START, low, E820_RAM);
	for (i = 1; i < m->nregions; i++)
		n = add(map, n, m->regions[i].gpa,
			m->regions[i].gpa + m->regions[i].size, E820_RAM);
	return n;
}
