/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * elf.h: checks an ELF32 or ELF64 x86 executable and copies its PT_LOAD
 * segments to their physical addresses in guest RAM (multiboot and elf
 * loaders).
 */
#ifndef HV_MONITOR_ELF_H
#define HV_MONITOR_ELF_H

#include <stdbool.h>
#include <stdint.h>

#include "monitor/loader.h"

struct elf_image {
	uint64_t entry;
	uint64_t end;		/* highest physical address loaded */
	bool is64;
};

/* True if the image starts with the ELF magic. */
bool elf_is_elf(const uint8_t *image, size_t len);
int elf_load(struct load_ctx *ctx, struct elf_image *out);

#endif
