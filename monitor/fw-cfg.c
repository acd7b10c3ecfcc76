// SPDX-License-Identifier: GPL-2.0-only
/*
 * fw-cfg.c: the fw_cfg items and their byte-at-a-time read interface (see
 * fw-cfg.h). Integers are little-endian except in the file directory,
 * which is big-endian as in QEMU.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/fw-cfg.h"

#define FW_CFG_ID_TRADITIONAL	1

struct fw_cfg_file {
	uint32_t size;		/* big-endian */
	uint16_t select;	/* big-endian */
	uint16_t reserved;
	char name[FW_CFG_NAME_LEN];
};

static int add(struct fw_cfg *f, uint16_t key, const char *file,
	       const void *data, size_t len)
{
	struct fw_cfg_item *it = &f->items[f->nitems];

	if (f->nitems == FW_CFG_MAX_ITEMS)
		return -ENOSPC;
	it->data = malloc(len);
	if (!it->data)
		return -ENOMEM;
	memcpy(it->data, data, len);
	it->key = key;
	it->file = file;
	it->len = len;
	f->nitems++;
	return 0;
}

static int add_dir(struct fw_cfg *f)
{
	struct fw_cfg_file files[FW_CFG_MAX_ITEMS];
	uint8_t buf[4 + sizeof(files)];
	uint32_t n = 0, count;
	unsigned int i;

	memset(files, 0, sizeof(files));
	for (i = 0; i < f->nitems; i++) {
		if (!f->items[i].file)
			continue;
		files[n].size = htobe32(f->items[i].len);
		files[n].select = htobe16(f->items[i].key);
		strncpy(files[n].name, f->items[i].file, FW_CFG_NAME_LEN - 1);
		n++;
	}
	count = htobe32(n);
	memcpy(buf, &count, 4);
	memcpy(buf + 4, files, n * sizeof(files[0]));
	return add(f, FW_CFG_FILE_DIR, NULL, buf, 4 + n * sizeof(files[0]));
}

int fw_cfg_init(struct fw_cfg *f, uint64_t ram_size, unsigned int cpus,
		const struct e820_entry *map, size_t nmap)
{
	uint32_t id = htole32(FW_CFG_ID_TRADITIONAL);
	uint64_t ram = htole64(ram_size);
	uint16_t ncpu = htole16(cpus);

	memset(f, 0, sizeof(*f));
	if (add(f, FW_CFG_SIGNATURE, NULL, "QEMU", 4) < 0 ||
	    add(f, FW_CFG_ID, NULL, &id, sizeof(id)) < 0 ||
	    add(f, FW_CFG_RAM_SIZE, NULL, &ram, sizeof(ram)) < 0 ||
	    add(f, FW_CFG_NB_CPUS, NULL, &ncpu, sizeof(ncpu)) < 0 ||
	    add(f, FW_CFG_FILE_FIRST, "etc/e820", map,
		nmap * sizeof(*map)) < 0 ||
	    add_dir(f) < 0) {
		fw_cfg_destroy(f);
		return -ENOMEM;
	}
	return 0;
}

void fw_cfg_destroy(struct fw_cfg *f)
{
	unsigned int i;

	for (i = 0; i < f->nitems; i++)
		free(f->items[i].data);
	f->nitems = 0;
}

static void fw_cfg_out(void *opaque, uint16_t offset, uint8_t size,
		       uint32_t v)
{
	struct fw_cfg *f = opaque;
	unsigned int i;

	if (offset != 0)
		return;		/* the data port is read-only here */
	f->cur = NULL;
	f->offset = 0;
	for (i = 0; i < f->nitems; i++)
		if (f->items[i].key == (uint16_t)v)
			f->cur = &f->items[i];
}

static uint32_t fw_cfg_in(void *opaque, uint16_t offset, uint8_t size)
{
	struct fw_cfg *f = opaque;
	uint32_t v = 0;
	unsigned int i;

	if (offset != 1)
		return 0;
	for (i = 0; i < size; i++) {
		uint8_t b = 0;

		if (f->cur && f->offset < f->cur->len)
			b = f->cur->data[f->offset++];
		v |= (uint32_t)b << (8 * i);
	}
	return v;
}

struct pio_device fw_cfg_device(struct fw_cfg *f)
{
	return (struct pio_device){ "fw_cfg", FW_CFG_PORT, 2, fw_cfg_out,
				    fw_cfg_in, f };
}
