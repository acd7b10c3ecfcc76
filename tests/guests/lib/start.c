// SPDX-License-Identifier: GPL-2.0-only
// start.c: the C entry point. Checks the multiboot hand-over, copies the
// command line, finds RAM, parses parameters, runs the guest, exits.
#include <stddef.h>
#include "cmdline.h"
#include "guest.h"
#include "mem.h"
#include "multiboot.h"
#include "printf.h"
#include "serial.h"
#include "trap.h"

#define CMDLINE_MAX	1024

void guest_start(uint32_t magic, uint32_t info);

/* A copy: the loader's copy lies where the allocator hands out memory. */
static char cmdline[CMDLINE_MAX];

static void copy_cmdline(const struct multiboot_info *mbi)
{
	const char *src = (const char *)(uint64_t)mbi->cmdline;
	size_t n;

	if (!(mbi->flags & MBI_FLAG_CMDLINE))
		return;
	for (n = 0; src[n]; n++) {
		if (n == CMDLINE_MAX - 1)
			guest_fail(GUEST_BAD_PARAM,
				   "badparam reason=cmdline-too-long");
		cmdline[n] = src[n];
	}
}

static void print_params(void)
{
	const struct guest_param *p;

	kprintf("%s: parameters", guest.name);
	for (p = guest.params; p->key; p++)
		kprintf(" %s=%lu", p->key, *p->value);
	kprintf("\n");
}

void guest_start(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mbi = (const void *)(uint64_t)info;

	serial_init();
	trap_init();
	if (magic != MULTIBOOT_LOADER_MAGIC)
		guest_fail(GUEST_BAD_BOOT, "boot magic=0x%x", magic);
	copy_cmdline(mbi);
	mem_init(mbi);
	kprintf("%s: command line \"%s\", RAM up to 0x%lx\n", guest.name,
		cmdline, mem_ram_top());
	cmdline_parse(cmdline, guest.params);
	print_params();
	guest_exit(guest.main());
}
