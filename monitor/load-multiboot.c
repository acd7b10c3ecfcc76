// SPDX-License-Identifier: GPL-2.0-only
/*
 * load-multiboot.c: multiboot v1 kernels. The header is searched in the
 * first 8 KiB; with flag 16 its a.out-kludge addresses say what to load,
 * otherwise the image must be an ELF32 or ELF64 file. The kernel is entered
 * in 32-bit protected mode, paging off, flat segments, EAX = 0x2BADB002
 * and EBX pointing to the info structure at BOOT_INFO_ADDR (memory sizes,
 * memory map, command line, the initrd as the one module).
 */
#include <string.h>

#include "monitor/e820.h"
#include "monitor/elf.h"
#include "monitor/loader.h"

#define MB_MAGIC		0x1BADB002
#define MB_BOOT_MAGIC		0x2BADB002
#define MB_SEARCH		8192
#define MB_FLAG_ALIGN		(1u << 0)
#define MB_FLAG_MEMINFO		(1u << 1)
#define MB_FLAG_AOUT		(1u << 16)
#define MB_FLAGS_KNOWN		(MB_FLAG_ALIGN | MB_FLAG_MEMINFO)

#define MBI_MEM			(1u << 0)
#define MBI_CMDLINE		(1u << 2)
#define MBI_MODS		(1u << 3)
#define MBI_MMAP		(1u << 6)

/* Placement inside the boot data area. */
#define MBI_MODS_ADDR		(BOOT_INFO_ADDR + 0x100)
#define MBI_MMAP_ADDR		(BOOT_INFO_ADDR + 0x200)
#define MBI_CMDLINE_ADDR	(BOOT_INFO_ADDR + 0x800)

struct mb_header {
	uint32_t magic, flags, checksum;
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr;
	uint32_t entry_addr;
};

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
	uint32_t rest[19];	/* drives, config, loader name, apm, vbe, fb */
};

struct mb_module {
	uint32_t start, end, string, reserved;
};

struct mb_mmap {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

static long find_header(const struct load_ctx *ctx, struct mb_header *h)
{
	size_t end = ctx->image_len < MB_SEARCH ? ctx->image_len : MB_SEARCH;
	size_t off;
	uint32_t magic;

	for (off = 0; off + 12 <= end; off += 4) {
		memcpy(&magic, ctx->image + off, 4);
		if (magic != MB_MAGIC)
			continue;
		memset(h, 0, sizeof(*h));
		memcpy(h, ctx->image + off, ctx->image_len - off < sizeof(*h) ?
		       ctx->image_len - off : sizeof(*h));
		return off;
	}
	return -1;
}

static int load_aout(struct load_ctx *ctx, const struct mb_header *h,
		     long off, uint64_t *end)
{
	uint64_t file_off, load_end, bss_end, filesz;

	if (ctx->image_len - off < sizeof(*h))
		return load_error(ctx, "multiboot: header with address fields "
				  "truncated at %zu bytes", ctx->image_len);
	if (h->header_addr < h->load_addr || h->header_addr - h->load_addr >
	    (uint64_t)off)
		return load_error(ctx, "multiboot: header_addr %#x and "
				  "load_addr %#x do not match the header's "
				  "file offset %#lx", h->header_addr,
				  h->load_addr, off);
	file_off = off - (h->header_addr - h->load_addr);
	load_end = h->load_end_addr ? h->load_end_addr :
		   h->load_addr + (ctx->image_len - file_off);
	if (load_end < h->load_addr)
		return load_error(ctx, "multiboot: load_end_addr %#x below "
				  "load_addr %#x", h->load_end_addr,
				  h->load_addr);
	filesz = load_end - h->load_addr;
	if (filesz > ctx->image_len - file_off)
		return load_error(ctx, "multiboot: load_end_addr %#llx needs "
				  "%llu bytes, the file has %zu (truncated?)",
				  (unsigned long long)load_end,
				  (unsigned long long)filesz,
				  ctx->image_len - (size_t)file_off);
	bss_end = h->bss_end_addr ? h->bss_end_addr : load_end;
	if (bss_end < load_end)
		return load_error(ctx, "multiboot: bss_end_addr %#x below "
				  "load_end_addr %#llx", h->bss_end_addr,
				  (unsigned long long)load_end);
	if (h->entry_addr < h->load_addr || h->entry_addr >= bss_end)
		return load_error(ctx, "multiboot: entry_addr %#x outside the "
				  "image [%#x, %#llx)", h->entry_addr,
				  h->load_addr, (unsigned long long)bss_end);
	if (load_copy(ctx, h->load_addr, ctx->image + file_off, filesz,
		      bss_end - h->load_addr, "multiboot image") < 0)
		return -1;
	*end = bss_end;
	return 0;
}

static int write_info(struct load_ctx *ctx, uint64_t end)
{
	struct e820_entry map[E820_MAX];
	size_t n = e820_build(ctx->mem, map), i, cmdlen;
	struct mb_info *mbi = guest_mem_ptr(ctx->mem, BOOT_INFO_ADDR,
					    BOOT_INFO_END - BOOT_INFO_ADDR);
	struct mb_mmap *mm;
	uint64_t low = ctx->mem->regions[0].size, initrd;

	if (!mbi)
		return load_error(ctx, "multiboot: guest RAM ends below the "
				  "info structure at %#x", BOOT_INFO_END);
	cmdlen = strlen(ctx->cmdline) + 1;
	if (cmdlen > BOOT_CMDLINE_MAX)
		return load_error(ctx, "cmdline: %zu bytes, at most %d",
				  cmdlen - 1, BOOT_CMDLINE_MAX - 1);
	memset(mbi, 0, BOOT_INFO_END - BOOT_INFO_ADDR);
	mbi->flags = MBI_MEM | MBI_CMDLINE | MBI_MMAP;
	mbi->mem_lower = (low < E820_LOW_RAM_END ? low : E820_LOW_RAM_END) >>
			 10;
	mbi->mem_upper = low > E820_HIGH_START ?
			 (low - E820_HIGH_START) >> 10 : 0;
	mbi->cmdline = MBI_CMDLINE_ADDR;
	memcpy((uint8_t *)mbi + (MBI_CMDLINE_ADDR - BOOT_INFO_ADDR),
	       ctx->cmdline, cmdlen);
	mm = (void *)((uint8_t *)mbi + (MBI_MMAP_ADDR - BOOT_INFO_ADDR));
	for (i = 0; i < n; i++)
		mm[i] = (struct mb_mmap){ sizeof(mm[i]) - 4, map[i].addr,
					  map[i].size, map[i].type };
	mbi->mmap_addr = MBI_MMAP_ADDR;
	mbi->mmap_length = n * sizeof(*mm);
	if (ctx->initrd) {
		struct mb_module *mod = (void *)((uint8_t *)mbi +
				(MBI_MODS_ADDR - BOOT_INFO_ADDR));

		if (load_initrd(ctx, end, &initrd) < 0)
			return -1;
		*mod = (struct mb_module){ initrd, initrd + ctx->initrd_len,
					   MBI_CMDLINE_ADDR + cmdlen - 1, 0 };
		mbi->flags |= MBI_MODS;
		mbi->mods_count = 1;
		mbi->mods_addr = MBI_MODS_ADDR;
	}
	return 0;
}

static int multiboot_load(struct load_ctx *ctx)
{
	struct elf_image elf = { 0 };
	struct mb_header h;
	uint64_t end = 0;
	long off = find_header(ctx, &h);

	if (off < 0)
		return load_error(ctx, "multiboot: no header (magic %#x) in "
				  "the first %d bytes", MB_MAGIC, MB_SEARCH);
	if (ctx->image_len - off < 12 ||
	    (uint32_t)(h.magic + h.flags + h.checksum) != 0)
		return load_error(ctx, "multiboot: header checksum %#x does "
				  "not match flags %#x", h.checksum, h.flags);
	if (h.flags & 0xffff & ~MB_FLAGS_KNOWN)
		return load_error(ctx, "multiboot: header requires unsupported "
				  "features (flags %#x)", h.flags & 0xffff);
	if (h.flags & MB_FLAG_AOUT) {
		if (load_aout(ctx, &h, off, &end) < 0)
			return -1;
		load_protected_mode(ctx, h.entry_addr);
	} else {
		if (!elf_is_elf(ctx->image, ctx->image_len))
			return load_error(ctx, "multiboot: no address fields "
					  "(flag 16) and not an ELF file");
		if (elf_load(ctx, &elf) < 0)
			return -1;
		if (elf.entry > UINT32_MAX)
			return load_error(ctx, "multiboot: ELF entry %#llx "
					  "above 4 GiB",
					  (unsigned long long)elf.entry);
		load_protected_mode(ctx, elf.entry);
		end = elf.end;
	}
	if (write_info(ctx, end) < 0)
		return -1;
	ctx->regs.rax = MB_BOOT_MAGIC;
	ctx->regs.rbx = BOOT_INFO_ADDR;
	return 0;
}

const struct loader loader_multiboot = { "multiboot", multiboot_load };
