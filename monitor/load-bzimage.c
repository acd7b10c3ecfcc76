// SPDX-License-Identifier: GPL-2.0-only
/*
 * load-bzimage.c: Linux bzImage, 64-bit boot protocol (2.12 and later with
 * XLF_KERNEL_64). The protected-mode kernel goes to its preferred address,
 * the zero page (setup header copied from the image, command line, initrd,
 * e820 map) to BOOT_PARAMS_ADDR; the kernel is entered at its 64-bit entry
 * (load address + 0x200) in long mode with the first 4 GiB identity-mapped
 * by 2 MiB pages, CS = 0x10, DS = 0x18 and RSI pointing to the zero page.
 */
#include <string.h>

#include "monitor/e820.h"
#include "monitor/loader.h"

/* Offsets in the image and in the zero page (Documentation/x86/boot). */
#define BP_E820_ENTRIES		0x1e8
#define BP_SETUP_SECTS		0x1f1
#define BP_BOOT_FLAG		0x1fe
#define BP_JUMP			0x200
#define BP_HEADER		0x202
#define BP_VERSION		0x206
#define BP_TYPE_OF_LOADER	0x210
#define BP_LOADFLAGS		0x211
#define BP_RAMDISK_IMAGE	0x218
#define BP_RAMDISK_SIZE		0x21c
#define BP_CMD_LINE_PTR		0x228
#define BP_INITRD_ADDR_MAX	0x22c
#define BP_XLOADFLAGS		0x236
#define BP_CMDLINE_SIZE		0x238
#define BP_PREF_ADDRESS		0x258
#define BP_INIT_SIZE		0x260
#define BP_E820_TABLE		0x2d0
#define BP_SIZE			0x1000

#define HDRS_MAGIC		0x53726448	/* "HdrS" */
#define MIN_VERSION		0x020c
#define LOADED_HIGH		0x01
#define XLF_KERNEL_64		0x01
#define E820_TABLE_MAX		128

/* Long-mode page tables in the boot data area. */
#define PT_PML4			0x9000
#define PT_PDPT			0xa000
#define PT_PD			0xb000	/* four pages: 4 GiB of 2 MiB pages */

static uint32_t get(const uint8_t *p, size_t off, size_t size)
{
	uint32_t v = 0;

	memcpy(&v, p + off, size);
	return v;
}

static void put(uint8_t *p, size_t off, uint64_t v, size_t size)
{
	memcpy(p + off, &v, size);
}

static void long_mode(struct load_ctx *ctx, uint64_t entry)
{
	static const uint64_t gdt[] = {
		0, 0, 0x00af9b000000ffffULL, 0x00cf93000000ffffULL,
	};
	uint64_t *pml4 = guest_mem_ptr(ctx->mem, PT_PML4, 0x1000);
	uint64_t *pdpt = guest_mem_ptr(ctx->mem, PT_PDPT, 0x1000);
	uint64_t *pd = guest_mem_ptr(ctx->mem, PT_PD, 0x4000);
	struct accel_sregs *s = &ctx->sregs;
	unsigned int i;

	memcpy(guest_mem_ptr(ctx->mem, BOOT_GDT_ADDR, sizeof(gdt)), gdt,
	       sizeof(gdt));
	memset(pml4, 0, 0x1000);
	memset(pdpt, 0, 0x1000);
	pml4[0] = PT_PDPT | 0x3;			/* present, writable */
	for (i = 0; i < 4; i++)
		pdpt[i] = (PT_PD + i * 0x1000) | 0x3;
	for (i = 0; i < 2048; i++)
		pd[i] = ((uint64_t)i << 21) | 0x83;	/* 2 MiB page */
	load_protected_mode(ctx, 0);
	s->cs.selector = 0x10;
	s->cs.l = 1;
	s->cs.db = 0;
	s->ds.selector = 0x18;
	s->es = s->fs = s->gs = s->ss = s->ds;
	s->gdt_base = BOOT_GDT_ADDR;
	s->gdt_limit = sizeof(gdt) - 1;
	s->cr0 = 0x80000011;		/* PG | ET | PE */
	s->cr3 = PT_PML4;
	s->cr4 = 0x20;			/* PAE */
	s->efer = 0x500;		/* LMA | LME */
	ctx->regs.rip = entry;
	ctx->regs.rsi = BOOT_PARAMS_ADDR;
}

static int check_header(struct load_ctx *ctx, size_t *setup_len)
{
	const uint8_t *img = ctx->image;
	unsigned int sects;

	if (ctx->image_len < BP_INIT_SIZE + 4)
		return load_error(ctx, "bzImage: %zu bytes, too short for a "
				  "setup header", ctx->image_len);
	if (get(img, BP_HEADER, 4) != HDRS_MAGIC ||
	    get(img, BP_BOOT_FLAG, 2) != 0xaa55)
		return load_error(ctx, "bzImage: bad magic (no HdrS header "
				  "or boot flag)");
	if (get(img, BP_VERSION, 2) < MIN_VERSION)
		return load_error(ctx, "bzImage: boot protocol %#x, need "
				  "%#x or later", get(img, BP_VERSION, 2),
				  MIN_VERSION);
	if (!(get(img, BP_XLOADFLAGS, 2) & XLF_KERNEL_64))
		return load_error(ctx, "bzImage: no 64-bit entry point "
				  "(XLF_KERNEL_64 clear)");
	if (!(get(img, BP_LOADFLAGS, 1) & LOADED_HIGH))
		return load_error(ctx, "bzImage: not loadable high "
				  "(LOADED_HIGH clear)");
	sects = get(img, BP_SETUP_SECTS, 1);
	*setup_len = ((sects ? sects : 4) + 1) * 512;
	if (*setup_len >= ctx->image_len)
		return load_error(ctx, "bzImage: %zu setup bytes but the "
				  "file has %zu (truncated?)", *setup_len,
				  ctx->image_len);
	if (BP_HEADER + get(img, BP_JUMP + 1, 1) > BP_SIZE)
		return load_error(ctx, "bzImage: setup header end past the "
				  "zero page");
	return 0;
}

static int bzimage_load(struct load_ctx *ctx)
{
	const uint8_t *img = ctx->image;
	struct e820_entry map[E820_MAX];
	size_t setup_len = 0, n, cmdlen, hdr_end;
	uint64_t load, init_size, kernel_len, initrd = 0;
	uint8_t *bp;

	if (check_header(ctx, &setup_len) < 0)
		return -1;
	kernel_len = ctx->image_len - setup_len;
	load = ((uint64_t)get(img, BP_PREF_ADDRESS + 4, 4) << 32) |
	       get(img, BP_PREF_ADDRESS, 4);
	init_size = get(img, BP_INIT_SIZE, 4);
	if (init_size < kernel_len)
		init_size = kernel_len;
	if (load_copy(ctx, load, img + setup_len, kernel_len, init_size,
		      "bzImage kernel") < 0)
		return -1;
	cmdlen = strlen(ctx->cmdline) + 1;
	if (cmdlen > BOOT_CMDLINE_MAX ||
	    cmdlen > get(img, BP_CMDLINE_SIZE, 4) + 1)
		return load_error(ctx, "cmdline: %zu bytes, the kernel takes "
				  "at most %u", cmdlen - 1,
				  get(img, BP_CMDLINE_SIZE, 4));
	if (load_copy(ctx, BOOT_CMDLINE_ADDR, ctx->cmdline, cmdlen, cmdlen,
		      "cmdline") < 0)
		return -1;
	if (ctx->initrd) {
		if (load_initrd(ctx, load + init_size, &initrd) < 0)
			return -1;
		if (initrd + ctx->initrd_len - 1 >
		    get(img, BP_INITRD_ADDR_MAX, 4))
			return load_error(ctx, "initrd: ends above the "
					  "kernel's initrd_addr_max %#x",
					  get(img, BP_INITRD_ADDR_MAX, 4));
	}
	bp = guest_mem_ptr(ctx->mem, BOOT_PARAMS_ADDR, BP_SIZE);
	if (!bp)
		return load_error(ctx, "bzImage: no guest RAM for the zero "
				  "page at %#x", BOOT_PARAMS_ADDR);
	memset(bp, 0, BP_SIZE);
	hdr_end = BP_HEADER + get(img, BP_JUMP + 1, 1);
	memcpy(bp + BP_SETUP_SECTS, img + BP_SETUP_SECTS,
	       hdr_end - BP_SETUP_SECTS);
	put(bp, BP_TYPE_OF_LOADER, 0xff, 1);
	put(bp, BP_CMD_LINE_PTR, BOOT_CMDLINE_ADDR, 4);
	put(bp, BP_RAMDISK_IMAGE, initrd, 4);
	put(bp, BP_RAMDISK_SIZE, ctx->initrd ? ctx->initrd_len : 0, 4);
	n = e820_build(ctx->mem, map);
	put(bp, BP_E820_ENTRIES, n, 1);
	memcpy(bp + BP_E820_TABLE, map, n * sizeof(map[0]));
	long_mode(ctx, load + 0x200);
	return 0;
}

const struct loader loader_bzimage = { "bzimage", bzimage_load };
