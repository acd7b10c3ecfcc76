// SPDX-License-Identifier: GPL-2.0-only
/*
 * loader.c: the table of image formats and the helpers every loader uses
 * (errors, bounded copies into guest RAM, protected-mode start state).
 */
#include <stdio.h>
#include <string.h>

#include "monitor/loader.h"

static const struct loader *const loaders[] = {
	&loader_multiboot,
	&loader_elf,
	&loader_flat,
	&loader_bzimage,
};

const struct loader *loader_find(const char *format)
{
	size_t i;

	for (i = 0; i < sizeof(loaders) / sizeof(loaders[0]); i++)
		if (!strcmp(loaders[i]->format, format))
			return loaders[i];
	return NULL;
}

int load_error(struct load_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->err, ctx->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

int load_copy(struct load_ctx *ctx, uint64_t gpa, const void *src,
	      uint64_t len, uint64_t memsz, const char *what)
{
	uint8_t *dst;

	if (memsz < len)
		return load_error(ctx, "%s: %llu bytes in file but only %llu "
				  "in memory", what, (unsigned long long)len,
				  (unsigned long long)memsz);
	dst = guest_mem_ptr(ctx->mem, gpa, memsz);
	if (!dst)
		return load_error(ctx, "%s: [%#llx, %#llx) is not in guest "
				  "RAM (%llu MiB)", what,
				  (unsigned long long)gpa,
				  (unsigned long long)(gpa + memsz),
				  (unsigned long long)
				  ((ctx->mem->regions[0].size +
				    ctx->mem->regions[1].size) >> 20));
	if (gpa < BOOT_INFO_END && gpa + memsz > BOOT_GDT_ADDR)
		return load_error(ctx, "%s: [%#llx, %#llx) overlaps the boot "
				  "data at [%#x, %#x)", what,
				  (unsigned long long)gpa,
				  (unsigned long long)(gpa + memsz),
				  BOOT_GDT_ADDR, BOOT_INFO_END);
	memcpy(dst, src, len);
	memset(dst + len, 0, memsz - len);
	return 0;
}

static void flat_segment(struct accel_segment *s, uint16_t sel, uint8_t type)
{
	*s = (struct accel_segment){
		.base = 0, .limit = 0xffffffff, .selector = sel, .type = type,
		.present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1,
	};
}

void load_protected_mode(struct load_ctx *ctx, uint32_t entry)
{
	struct accel_sregs *s = &ctx->sregs;

	memset(s, 0, sizeof(*s));
	flat_segment(&s->cs, 0x08, 0xb);	/* code, execute/read, accessed */
	flat_segment(&s->ds, 0x10, 0x3);	/* data, read/write, accessed */
	s->es = s->fs = s->gs = s->ss = s->ds;
	s->tr = (struct accel_segment){ .limit = 0xffff, .type = 0xb,
					.present = 1 };
	s->ldt = (struct accel_segment){ .limit = 0xffff, .type = 0x2,
					 .present = 1 };
	s->gdt_limit = 0xffff;
	s->idt_limit = 0xffff;
	s->cr0 = 0x11;		/* PE | ET */
	memset(&ctx->regs, 0, sizeof(ctx->regs));
	ctx->regs.rip = entry;
	ctx->regs.rflags = 0x2;
}

int load_initrd(struct load_ctx *ctx, uint64_t end, uint64_t *gpa)
{
	uint64_t top = ctx->mem->regions[0].size, at;

	if (ctx->initrd_len > top)
		return load_error(ctx, "initrd: %zu bytes do not fit in %llu "
				  "MiB of low RAM", ctx->initrd_len,
				  (unsigned long long)(top >> 20));
	at = (top - ctx->initrd_len) & ~(GUEST_PAGE_SIZE - 1);
	if (at < end)
		return load_error(ctx, "initrd: %zu bytes do not fit between "
				  "the kernel's end %#llx and the end of low "
				  "RAM %#llx", ctx->initrd_len,
				  (unsigned long long)end,
				  (unsigned long long)top);
	*gpa = at;
	return load_copy(ctx, at, ctx->initrd, ctx->initrd_len,
			 ctx->initrd_len, "initrd");
}
