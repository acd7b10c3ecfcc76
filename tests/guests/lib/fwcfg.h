/* SPDX-License-Identifier: GPL-2.0-only */
/* fwcfg.h: QEMU's fw_cfg I/O interface at 0x510/0x511, if there is one. */
#ifndef GUEST_FWCFG_H
#define GUEST_FWCFG_H

#include <stdbool.h>
#include <stdint.h>

#define FW_CFG_RAM_SIZE	0x03
#define FW_CFG_NB_CPUS	0x05

/* True when the signature reads "QEMU". */
bool fwcfg_present(void);
/* Reads a little-endian item of 1 to 8 bytes. */
uint64_t fwcfg_read(uint16_t key, unsigned int bytes);

#endif
