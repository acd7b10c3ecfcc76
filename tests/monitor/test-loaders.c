// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-loaders.c: the image loaders without a VM: what lands in guest RAM
 * (bzImage zero page, command line, initrd, e820, page tables; multiboot
 * info structure and memory map) and the boot processor's start state,
 * and the refusal of malformed headers. bzImage cannot boot on this host's
 * KVM, so its layout is checked here.
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <string.h>

#include "monitor/e820.h"
#include "monitor/loader.h"

static struct guest_mem mem;
static char err[256];

static void ram(uint64_t mib)
{
	cr_assert_eq(guest_mem_create(&mem, mib << 20, MEM_ANON, NULL, err,
				      sizeof(err)), 0, "%s", err);
}

static void fini(void)
{
	guest_mem_destroy(&mem);
}

static struct load_ctx ctx_for(const void *img, size_t len)
{
	return (struct load_ctx){ .mem = &mem, .image = img,
				  .image_len = len, .cmdline = "",
				  .err = err, .errlen = sizeof(err) };
}

static uint32_t rd32(uint64_t gpa)
{
	uint32_t v;

	memcpy(&v, guest_mem_ptr(&mem, gpa, 4), 4);
	return v;
}

static uint64_t rd64(uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, guest_mem_ptr(&mem, gpa, 8), 8);
	return v;
}

/* A synthetic bzImage: 4 KiB of setup, then kernel_len pattern bytes. */
#define BZ_SETUP	4096
#define BZ_KERNEL	8192
#define BZ_PREF		0x1000000
static uint8_t bz[BZ_SETUP + BZ_KERNEL];

static void put(size_t off, uint64_t v, size_t n)
{
	memcpy(bz + off, &v, n);
}

static void make_bzimage(void)
{
	size_t i;

	memset(bz, 0, sizeof(bz));
	put(0x1f1, BZ_SETUP / 512 - 1, 1);	/* setup_sects */
	put(0x1fe, 0xaa55, 2);
	put(0x200, 0xeb, 1);
	put(0x201, 0x66, 1);			/* header ends at 0x268 */
	put(0x202, 0x53726448, 4);		/* HdrS */
	put(0x206, 0x020f, 2);
	put(0x211, 0x01, 1);			/* LOADED_HIGH */
	put(0x22c, 0x7fffffff, 4);		/* initrd_addr_max */
	put(0x236, 0x01, 2);			/* XLF_KERNEL_64 */
	put(0x238, 255, 4);			/* cmdline_size */
	put(0x258, BZ_PREF, 8);
	put(0x260, 0x40000, 4);			/* init_size */
	for (i = 0; i < BZ_KERNEL; i++)
		bz[BZ_SETUP + i] = i * 7;
}

Test(bzimage, zero_page_cmdline_initrd_e820_and_long_mode, .fini = fini)
{
	static const uint8_t initrd[5000] = { 1, 2, 3 };
	struct load_ctx c;
	uint64_t rd;

	ram(64);
	make_bzimage();
	c = ctx_for(bz, sizeof(bz));
	c.cmdline = "console=ttyS0 quiet";
	c.initrd = initrd;
	c.initrd_len = sizeof(initrd);
	cr_assert_eq(loader_bzimage.load(&c), 0, "%s", err);
	/* kernel at its preferred address */
	cr_expect_eq(memcmp(guest_mem_ptr(&mem, BZ_PREF, BZ_KERNEL),
			    bz + BZ_SETUP, BZ_KERNEL), 0);
	/* zero page: header copied, loader fields filled */
	cr_expect_eq(rd32(BOOT_PARAMS_ADDR + 0x202), 0x53726448);
	cr_expect_eq(rd32(BOOT_PARAMS_ADDR + 0x206) & 0xffff, 0x020f);
	cr_expect_eq(*(uint8_t *)guest_mem_ptr(&mem, BOOT_PARAMS_ADDR +
					       0x210, 1), 0xff);
	cr_expect_eq(rd32(BOOT_PARAMS_ADDR + 0x228), BOOT_CMDLINE_ADDR);
	cr_expect_str_eq((char *)guest_mem_ptr(&mem, BOOT_CMDLINE_ADDR, 20),
			 "console=ttyS0 quiet");
	rd = rd32(BOOT_PARAMS_ADDR + 0x218);
	cr_expect_eq(rd % 4096, 0);
	cr_expect_geq(rd, BZ_PREF + 0x40000);
	cr_expect_eq(rd32(BOOT_PARAMS_ADDR + 0x21c), sizeof(initrd));
	cr_expect_eq(memcmp(guest_mem_ptr(&mem, rd, sizeof(initrd)), initrd,
			    sizeof(initrd)), 0);
	/* e820: low RAM, BIOS hole, RAM from 1 MiB */
	cr_expect_eq(*(uint8_t *)guest_mem_ptr(&mem, BOOT_PARAMS_ADDR +
					       0x1e8, 1), 3);
	cr_expect_eq(rd64(BOOT_PARAMS_ADDR + 0x2d0), 0);
	cr_expect_eq(rd64(BOOT_PARAMS_ADDR + 0x2d0 + 8), 0xa0000);
	cr_expect_eq(rd32(BOOT_PARAMS_ADDR + 0x2d0 + 16), E820_RAM);
	cr_expect_eq(rd64(BOOT_PARAMS_ADDR + 0x2d0 + 40), 0x100000);
	cr_expect_eq(rd64(BOOT_PARAMS_ADDR + 0x2d0 + 48), (64 << 20) -
		     0x100000);
	/* 64-bit entry in long mode with identity-mapped low memory */
	cr_expect_eq(c.regs.rip, BZ_PREF + 0x200);
	cr_expect_eq(c.regs.rsi, BOOT_PARAMS_ADDR);
	cr_expect_eq(c.sregs.efer & 0x500, 0x500);
	cr_expect(c.sregs.cr0 & 0x80000000);
	cr_expect(c.sregs.cr4 & 0x20);
	cr_expect_eq(c.sregs.cs.l, 1);
	cr_expect_eq(c.sregs.cs.selector, 0x10);
	cr_expect_eq(c.sregs.ds.selector, 0x18);
	cr_expect_eq(rd64(c.sregs.cr3) & 1, 1);
}

/* The synthetic bzImage, as changed by the caller, is refused. */
static void bz_refused(const char *cmdline, const char *needle)
{
	struct load_ctx c = ctx_for(bz, sizeof(bz));

	if (cmdline)
		c.cmdline = cmdline;
	cr_expect_eq(loader_bzimage.load(&c), -1);
	cr_expect(strstr(err, needle) != NULL, "%s", err);
}

Test(bzimage, refuses_old_protocol, .fini = fini)
{
	ram(64);
	make_bzimage();
	put(0x206, 0x0205, 2);
	bz_refused(NULL, "boot protocol");
}

Test(bzimage, refuses_no_64bit_entry, .fini = fini)
{
	ram(64);
	make_bzimage();
	put(0x236, 0, 2);
	bz_refused(NULL, "XLF_KERNEL_64");
}

Test(bzimage, refuses_truncated_setup, .fini = fini)
{
	ram(64);
	make_bzimage();
	put(0x1f1, 60, 1);
	bz_refused(NULL, "truncated");
}

Test(bzimage, refuses_long_cmdline, .fini = fini)
{
	char line[300];

	ram(64);
	make_bzimage();
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = 0;
	bz_refused(line, "cmdline");
}

Test(bzimage, refuses_kernel_beyond_ram, .fini = fini)
{
	ram(8);
	make_bzimage();
	bz_refused(NULL, "not in guest RAM");
}

/* An ELF file with one PT_LOAD at 1 MiB holding a multiboot header. */
static size_t make_elf(uint8_t *buf, bool is64, uint32_t mb_flags)
{
	uint32_t hdr[3] = { 0x1BADB002, mb_flags, -(0x1BADB002 + mb_flags) };
	size_t code = 0x100;

	memset(buf, 0, 0x200);
	if (is64) {
		Elf64_Ehdr e = {
			.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3,
				     ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
			.e_type = ET_EXEC, .e_machine = EM_X86_64,
			.e_entry = 0x100000, .e_phoff = sizeof(e),
			.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 1,
		};
		Elf64_Phdr p = { .p_type = PT_LOAD, .p_offset = code,
				 .p_paddr = 0x100000, .p_filesz = 0x100,
				 .p_memsz = 0x2000 };

		memcpy(buf, &e, sizeof(e));
		memcpy(buf + sizeof(e), &p, sizeof(p));
	} else {
		Elf32_Ehdr e = {
			.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3,
				     ELFCLASS32, ELFDATA2LSB, EV_CURRENT },
			.e_type = ET_EXEC, .e_machine = EM_386,
			.e_entry = 0x100000, .e_phoff = sizeof(e),
			.e_phentsize = sizeof(Elf32_Phdr), .e_phnum = 1,
		};
		Elf32_Phdr p = { .p_type = PT_LOAD, .p_offset = code,
				 .p_paddr = 0x100000, .p_filesz = 0x100,
				 .p_memsz = 0x2000 };

		memcpy(buf, &e, sizeof(e));
		memcpy(buf + sizeof(e), &p, sizeof(p));
	}
	memcpy(buf + code, hdr, sizeof(hdr));
	buf[code + 0x20] = 0xf4;
	return 0x200;
}

static void multiboot_elf(bool is64)
{
	uint8_t img[0x200];
	struct load_ctx c;
	uint32_t mbi = BOOT_INFO_ADDR, mmap;

	ram(32);
	c = ctx_for(img, make_elf(img, is64, 3));
	c.cmdline = "memtouch mib=4";
	cr_assert_eq(loader_multiboot.load(&c), 0, "%s", err);
	cr_expect_eq(c.regs.rax, 0x2BADB002);
	cr_expect_eq(c.regs.rbx, BOOT_INFO_ADDR);
	cr_expect_eq(c.regs.rip, 0x100000);
	cr_expect_eq(c.sregs.cr0 & 0x80000001, 1, "protected, no paging");
	cr_expect_eq(c.sregs.cs.db, 1);
	cr_expect_eq(c.sregs.cs.l, 0);
	cr_expect_eq(rd32(mbi) & 0x45, 0x45, "mem, cmdline, mmap flags");
	cr_expect_eq(rd32(mbi + 4), 640);
	cr_expect_eq(rd32(mbi + 8), 31 * 1024);
	cr_expect_str_eq((char *)guest_mem_ptr(&mem, rd32(mbi + 16), 15),
			 "memtouch mib=4");
	cr_expect_eq(rd32(mbi + 44), 3 * 24, "three mmap entries");
	mmap = rd32(mbi + 48);
	cr_expect_eq(rd32(mmap), 20);
	cr_expect_eq(rd64(mmap + 4), 0);
	cr_expect_eq(rd64(mmap + 12), 0xa0000);
	cr_expect_eq(rd32(mmap + 20), E820_RAM);
	cr_expect_eq(rd64(mmap + 48 + 4), 0x100000);
	cr_expect_eq(*(uint8_t *)guest_mem_ptr(&mem, 0x100020, 1), 0xf4);
	cr_expect_eq(*(uint8_t *)guest_mem_ptr(&mem, 0x101000, 1), 0,
		     "bss zeroed");
}

Test(multiboot, elf32, .fini = fini) { multiboot_elf(false); }
Test(multiboot, elf64, .fini = fini) { multiboot_elf(true); }

Test(multiboot, refuses_unsupported_required_flag, .fini = fini)
{
	uint8_t img[0x200];
	struct load_ctx c;

	ram(32);
	c = ctx_for(img, make_elf(img, false, 3 | 4));	/* video mode */
	cr_expect_eq(loader_multiboot.load(&c), -1);
	cr_expect(strstr(err, "unsupported") != NULL, "%s", err);
}

Test(multiboot, refuses_segment_past_file_end, .fini = fini)
{
	uint8_t img[0x200];
	struct load_ctx c;

	ram(32);
	make_elf(img, false, 3);
	c = ctx_for(img, 0x180);	/* the segment's bytes end at 0x200 */
	cr_expect_eq(loader_multiboot.load(&c), -1);
	cr_expect(strstr(err, "past the end") != NULL, "%s", err);
}

Test(elf, entered_in_protected_mode_without_info, .fini = fini)
{
	uint8_t img[0x200];
	struct load_ctx c;

	ram(32);
	c = ctx_for(img, make_elf(img, true, 3));
	cr_assert_eq(loader_elf.load(&c), 0, "%s", err);
	cr_expect_eq(c.regs.rip, 0x100000);
	cr_expect_eq(c.regs.rax, 0);
	cr_expect_eq(c.regs.rbx, 0);
	cr_expect_eq(c.sregs.cr0, 0x11);
}

Test(flat, loaded_and_entered_at_1mib, .fini = fini)
{
	static const uint8_t img[] = { 0x90, 0xf4 };
	struct load_ctx c;

	ram(4);
	c = ctx_for(img, sizeof(img));
	cr_assert_eq(loader_flat.load(&c), 0, "%s", err);
	cr_expect_eq(c.regs.rip, FLAT_LOAD_ADDR);
	cr_expect_eq(c.regs.rsp, FLAT_LOAD_ADDR);
	cr_expect_eq(memcmp(guest_mem_ptr(&mem, FLAT_LOAD_ADDR, 2), img, 2),
		     0);
}

Test(e820, large_guest_splits_around_the_pci_hole, .fini = fini)
{
	struct e820_entry map[E820_MAX];
	size_t n;

	ram(5120);	/* 5 GiB, not touched: no memory is used */
	n = e820_build(&mem, map);
	cr_assert_eq(n, 4);
	cr_expect_eq(map[2].addr + map[2].size, GUEST_LOW_MEM_END);
	cr_expect_eq(map[3].addr, GUEST_HIGH_MEM_START);
	cr_expect_eq(map[3].size, (5120ULL << 20) - GUEST_LOW_MEM_END);
	cr_expect_not_null(guest_mem_ptr(&mem, GUEST_HIGH_MEM_START, 4096));
	cr_expect_null(guest_mem_ptr(&mem, GUEST_LOW_MEM_END, 1));
}
