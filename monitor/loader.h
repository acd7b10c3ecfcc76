/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * loader.h: guest image loaders. Each format (multiboot, elf, flat,
 * bzimage) has one file; loader_load() picks it from a table by name. A
 * loader checks the whole image before it accepts it, copies it into guest
 * RAM and fills in the boot processor's registers.
 */
#ifndef HV_MONITOR_LOADER_H
#define HV_MONITOR_LOADER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "monitor/accel.h"
#include "monitor/guest-mem.h"

/* Fixed guest-physical addresses used by the loaders. */
#define BOOT_GDT_ADDR		0x0500	/* bzimage: GDT of its long mode */
#define BOOT_PARAMS_ADDR	0x7000	/* bzimage: the zero page */
#define BOOT_INFO_ADDR		0x9000	/* multiboot info structure ... */
#define BOOT_INFO_END		0x10000	/* ... and its data, or page tables */
#define BOOT_CMDLINE_ADDR	0x20000	/* bzimage command line */
#define BOOT_CMDLINE_MAX	2048	/* bytes, the final NUL included */
#define FLAT_LOAD_ADDR		0x100000

struct load_ctx {
	struct guest_mem *mem;
	const uint8_t *image;
	size_t image_len;
	const char *cmdline;	/* never NULL */
	const uint8_t *initrd;	/* NULL: none */
	size_t initrd_len;
	/* out: the boot processor's start state */
	struct accel_regs regs;
	struct accel_sregs sregs;
	/* out: what is wrong with the image */
	char *err;
	size_t errlen;
};

struct loader {
	const char *format;
	int (*load)(struct load_ctx *ctx);
};

extern const struct loader loader_multiboot;
extern const struct loader loader_elf;
extern const struct loader loader_flat;
extern const struct loader loader_bzimage;

/* The loader for format, or NULL. */
const struct loader *loader_find(const char *format);

/* Helpers shared by the loaders (loader.c). */
int load_error(struct load_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Copy len bytes to gpa (then zero up to memsz); fails if not in RAM. */
int load_copy(struct load_ctx *ctx, uint64_t gpa, const void *src,
	      uint64_t len, uint64_t memsz, const char *what);
/* Flat 4 GiB code and data segments, protected mode, paging off. */
void load_protected_mode(struct load_ctx *ctx, uint32_t entry);
/* Where the initrd goes: page-aligned at the top of low RAM, above end. */
int load_initrd(struct load_ctx *ctx, uint64_t end, uint64_t *gpa);

#endif
