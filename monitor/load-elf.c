// SPDX-License-Identifier: GPL-2.0-only
/*
 * load-elf.c: plain ELF32 or ELF64 executables without a multiboot header.
 * The PT_LOAD segments go to their physical addresses; the kernel is
 * entered at e_entry (below 4 GiB) in 32-bit protected mode, paging off,
 * flat segments, all general registers zero: an ELF64 kernel switches to
 * long mode itself. No boot information is passed.
 */
#include "monitor/elf.h"
#include "monitor/loader.h"

static int elf_format_load(struct load_ctx *ctx)
{
	struct elf_image elf;

	if (elf_load(ctx, &elf) < 0)
		return -1;
	if (elf.entry > UINT32_MAX)
		return load_error(ctx, "ELF: entry %#llx above 4 GiB",
				  (unsigned long long)elf.entry);
	load_protected_mode(ctx, elf.entry);
	return 0;
}

const struct loader loader_elf = { "elf", elf_format_load };
