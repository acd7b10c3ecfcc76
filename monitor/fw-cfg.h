/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fw-cfg.h: QEMU's fw_cfg I/O interface (selector 0x510, data 0x511, no
 * DMA): signature, interface ID, RAM size (key 0x03), CPU count (key 0x05),
 * the file directory (key 0x19) and the file etc/e820.
 */
#ifndef HV_MONITOR_FW_CFG_H
#define HV_MONITOR_FW_CFG_H

#include <stddef.h>
#include <stdint.h>

#include "monitor/e820.h"
#include "monitor/pio.h"

#define FW_CFG_PORT		0x510
#define FW_CFG_SIGNATURE	0x00
#define FW_CFG_ID		0x01
#define FW_CFG_RAM_SIZE		0x03
#define FW_CFG_NB_CPUS		0x05
#define FW_CFG_FILE_DIR		0x19
#define FW_CFG_FILE_FIRST	0x20
#define FW_CFG_MAX_ITEMS	8
#define FW_CFG_NAME_LEN		56

struct fw_cfg_item {
	uint16_t key;
	const char *file;	/* NULL: not in the file directory */
	uint8_t *data;
	size_t len;
};

struct fw_cfg {
	struct fw_cfg_item items[FW_CFG_MAX_ITEMS];
	unsigned int nitems;
	const struct fw_cfg_item *cur;	/* selected item, or NULL */
	size_t offset;			/* next byte of cur */
};

int fw_cfg_init(struct fw_cfg *f, uint64_t ram_size, unsigned int cpus,
		const struct e820_entry *map, size_t nmap);
void fw_cfg_destroy(struct fw_cfg *f);
struct pio_device fw_cfg_device(struct fw_cfg *f);

#endif
