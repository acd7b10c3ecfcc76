// SPDX-License-Identifier: GPL-2.0-only
// fwcfg.c: selects an fw_cfg item and reads its bytes from the data port.
#include "fwcfg.h"
#include "x86.h"

#define FW_CFG_SELECTOR	0x510
#define FW_CFG_DATA	0x511
#define FW_CFG_SIGNATURE 0x00

uint64_t fwcfg_read(uint16_t key, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	outw(FW_CFG_SELECTOR, key);
	for (i = 0; i < bytes; i++)
		v |= (uint64_t)inb(FW_CFG_DATA) << (8 * i);
	return v;
}

bool fwcfg_present(void)
{
	return fwcfg_read(FW_CFG_SIGNATURE, 4) == 0x554d4551;	/* "QEMU" */
}
